"""The command line's cache of compiled regular expressions (frontends/recache.py)
and its quick exit: same results as without them, files it may and may not use."""
from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mailcheck.frontends import recache

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

pytestmark = pytest.mark.skipif(sys.implementation.name != "cpython", reason="the cache is CPython's _sre code")

PATTERNS = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)", 0),
    (r"^\s*(?:re|fwd?)\s*:", re.I | re.M),
    (r"[а-яё]+(?:-[а-яё]+)?", re.I),
    (r"(.)\1{2,}", 0),
    (r"(?<![\w.])(?:до|к)\s+(?:конц[ау]|начал[ау])\b", re.I),
    (rb"^--[^\r\n]*\r?$", re.M),
    (r"a.b", re.S | re.X),
    (r"(?i)mixed(?-i:Case)", 0),
]
SAMPLES = ["2026-11 и 1999-01", "Re: fwd: тема", "Кто-то ещё", "aaab !!!", "до конца недели", "a\nb", "MIXEDCase mixedcase"]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MAILCHECK_NO_CACHE", raising=False)
    # the patterns these tests compile count as the program's own (only mailcheck's
    # code and module imports are recorded)
    monkeypatch.setattr(recache, "_PACKAGE", str(ROOT) + os.sep)
    recache.uninstall()
    yield tmp_path / "cache"
    recache.uninstall()


def _fresh(pattern, flags):
    """re's own compile, past both its cache and ours."""
    return recache._state["original"](pattern, flags) if recache._state else re._compiler.compile(pattern, flags)


def _compile_all():
    return [re._compiler.compile(p, f) for p, f in PATTERNS]


def test_patterns_from_the_cache_equal_the_compiled_ones(cache_home):
    assert recache.install()
    first = _compile_all()
    recache.save()
    files = list((cache_home / "mailcheck").iterdir())
    assert len(files) == 1 and files[0].name.startswith("re-")
    recache.uninstall()

    assert recache.install()
    assert len(recache._state["entries"]) >= len(PATTERNS)
    second = _compile_all()
    assert recache._state["used"] >= {(p, int(f)) for p, f in PATTERNS}       # served from the file
    assert not recache._state["fresh"]
    for (p, f), a, b in zip(PATTERNS, first, second):
        assert a == b == _fresh(p, f)               # == compares pattern, flags and code
        assert b.groupindex == a.groupindex and b.groups == a.groups
        for s in SAMPLES:
            if isinstance(p, bytes):
                s = s.encode("utf-8")
            assert [m.span() for m in b.finditer(s)] == [m.span() for m in a.finditer(s)]


def test_every_pattern_of_a_real_run_round_trips(cache_home):
    """All the patterns a real run compiles (the rules', razdel's, click's, the
    standard library's), recorded by a fresh `mailcheck check` of corpus letters,
    come back from the file equal to re's own."""
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:20] + sorted(CORPUS.glob("*.eml"))[:10]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILCHECK_")}
    env["XDG_CACHE_HOME"] = str(cache_home)
    subprocess.run([sys.executable, "-m", "mailcheck", "check", "-j", "1", "--format", "json", *files],
                   env=env, capture_output=True, cwd=ROOT, check=False)
    recache.install()
    entries = recache._state["entries"]
    assert len(entries) > 150
    import _sre
    for (p, f), args in entries.items():
        assert _sre.compile(p, *args) == _fresh(p, f), p


def test_a_damaged_or_foreign_file_is_ignored(cache_home):
    recache.install()
    _compile_all()
    recache.save()
    path = Path(recache._state["path"])
    recache.uninstall()
    for junk in (b"", b"\x00garbage", path.read_bytes()[:100]):
        path.write_bytes(junk)
        assert recache.install()
        assert recache._state["entries"] == {}
        assert [re._compiler.compile(p, f) for p, f in PATTERNS] == [_fresh(p, f) for p, f in PATTERNS]
        recache.uninstall()
    import marshal
    path.write_bytes(marshal.dumps({"format": recache.FORMAT, "version": "2.7.0 (another python)",
                                    "entries": {("x", 0): (0, [1, 2, 3], 0, {}, ())}}))
    recache.install()
    assert recache._state["entries"] == {}


def test_a_bad_entry_falls_back_to_compiling(cache_home):
    import marshal
    path = Path(recache._path())
    path.parent.mkdir(parents=True)
    bad = {(p, int(f)): (0, [999999], 0, {}, ()) for p, f in PATTERNS}
    path.write_bytes(marshal.dumps({"format": recache.FORMAT, "version": sys.version, "entries": bad}))
    recache.install()
    assert [re._compiler.compile(p, f) for p, f in PATTERNS] == [_fresh(p, f) for p, f in PATTERNS]


def test_off_with_mailcheck_no_cache(cache_home, monkeypatch):
    monkeypatch.setenv("MAILCHECK_NO_CACHE", "1")
    assert not recache.install()
    assert not recache.is_installed()


def test_an_unwritable_cache_folder_is_not_an_error(cache_home):
    cache_home.mkdir()
    cache_home.chmod(0o500)
    try:
        recache.install()
        _compile_all()
        recache.save()                     # no exception, nothing written
    finally:
        cache_home.chmod(0o700)
    if os.geteuid() != 0:
        assert not (cache_home / "mailcheck").exists()


def _cli(args, env, **kw):
    return subprocess.run([sys.executable, "-m", "mailcheck", *args], env=env, capture_output=True, cwd=ROOT, **kw)


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILCHECK_")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), NO_COLOR="1", **extra)
    return env


def test_the_command_line_writes_the_cache_privately_and_prints_the_same(tmp_path):
    files = [str(p) for p in sorted(CORPUS.glob("*.eml"))[:5] + sorted(CORPUS.glob("*.txt"))[:5]]
    plain = _cli(["check", "--format", "json", "-j", "1", *files], _env(tmp_path, MAILCHECK_NO_CACHE="1"))
    assert not (tmp_path / "cache").exists()
    first = _cli(["check", "--format", "json", "-j", "1", *files], _env(tmp_path))
    folder = tmp_path / "cache" / "mailcheck"
    [cache] = list(folder.iterdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    before = cache.stat().st_mtime_ns
    second = _cli(["check", "--format", "json", "-j", "1", *files], _env(tmp_path))
    assert plain.returncode == first.returncode == second.returncode == 1
    assert plain.stdout == first.stdout == second.stdout
    assert cache.stat().st_mtime_ns == before          # nothing new to write the second time
    # no text of the letters is kept: the file holds the program's patterns only
    raw = cache.read_bytes()
    for f in files:
        body = Path(f).read_text(encoding="utf-8", errors="replace")
        for line in body.splitlines():
            if len(line) > 30:
                assert line.encode("utf-8") not in raw


def test_quick_exit_flushes_a_large_output_and_keeps_exit_codes(tmp_path):
    """The CLI ends with os._exit after flushing: a large JSON through a pipe and
    into a file is complete, and the exit codes are the documented ones."""
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))] * 3
    p = _cli(["check", "--format", "json", "-j", "1", *files], _env(tmp_path))
    assert p.returncode == 1
    assert len(p.stdout) > 200_000
    doc = json.loads(p.stdout)
    assert len(doc["files"]) == len(files)
    out = tmp_path / "out.json"
    with open(out, "wb") as f:
        q = subprocess.run([sys.executable, "-m", "mailcheck", "check", "--format", "json", "-j", "1", *files],
                           env=_env(tmp_path), stdout=f, stderr=subprocess.PIPE, cwd=ROOT)
    assert q.returncode == 1 and out.read_bytes() == p.stdout
    clean = tmp_path / "clean.txt"
    clean.write_text("Добрый день, Анна!\n\nОтправляю счёт за ноябрь.\n\nС уважением,\nИван\n", encoding="utf-8")
    assert _cli(["check", "-q", str(clean)], _env(tmp_path)).returncode in (0, 1)
    missing = _cli(["check", str(tmp_path / "nope.txt")], _env(tmp_path))
    assert missing.returncode == 2 and b"nope.txt" in missing.stderr and b"Traceback" not in missing.stderr


def test_one_new_dear_pattern_is_written_a_few_cheap_ones_are_not(cache_home):
    """Fewer than MIN_NEW new patterns rewrite the file only when compiling them took
    long: one long alternation (a new rule's word list) is kept, a cheap
    hash-seed-dependent one is not."""
    recache.install()
    _compile_all()
    recache.save()
    path = Path(recache._state["path"])
    recache.uninstall()

    recache.install()
    re._compiler.compile(r"[^\[\]()<>@,;:]+", 0)               # cheap and new
    before = path.stat().st_mtime_ns
    recache.save()
    assert path.stat().st_mtime_ns == before
    recache.uninstall()

    recache.install()
    dear = r"\b(?:" + "|".join(f"слово{i}[аеиоу]?" for i in range(3000)) + r")\b"
    re._compiler.compile(dear, re.I)
    assert recache._state["cost"][0] >= recache.MIN_NEW_SECONDS
    recache.save()
    recache.uninstall()
    recache.install()
    assert (dear, int(re.I)) in recache._state["entries"]


def test_main_called_by_a_program_returns_its_exit_code(tmp_path):
    """Only the `mailcheck` program ends with the quick exit: a program (a benchmark,
    an integration) that calls cli.main() gets SystemExit and keeps running."""
    draft = tmp_path / "d.txt"
    draft.write_text("Привет!\n\nМакет готов.\n", encoding="utf-8")
    code = ("import sys\nfrom mailcheck.frontends.cli import main\n"
            f"sys.argv = ['mailcheck', 'check', '-q', {str(draft)!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    print('after main, exit', e.code)\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT)
    assert p.stdout.strip().endswith("after main, exit 1"), (p.stdout, p.stderr)


MULTIPART = (b"From: a@b.ru\nTo: c@d.ru\nSubject: Macket\nMIME-Version: 1.0\n"
             b"Content-Type: multipart/mixed; boundary=\"ZQ-secret-boundary-7731\"\n\n"
             b"--ZQ-secret-boundary-7731\nContent-Type: text/plain; charset=utf-8\n\n"
             + "Добрый день, Анна!\n\nМакет готов, посмотрите до пятницы.\n\nС уважением,\nИван\n".encode()
             + b"\n--ZQ-secret-boundary-7731--\n")


def test_patterns_built_from_the_input_are_not_kept(tmp_path):
    """The email parser compiles each message's MIME boundary into a pattern, and
    `fix` does too: neither may reach the file (a letter's data, and one entry per
    message of an archive)."""
    draft = tmp_path / "m.eml"
    draft.write_bytes(MULTIPART)
    for args in (["check", str(draft)], ["fix", "--write", str(draft)]):
        _cli(args, _env(tmp_path))
    raw = next((tmp_path / "cache" / "mailcheck").iterdir()).read_bytes()
    assert b"ZQ-secret-boundary" not in raw and "ZQ-secret-boundary".encode("utf-16-le") not in raw
    recache.uninstall()
    os.environ["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    try:
        recache.install()
        assert not any(b"secret-boundary" in (k[0] if isinstance(k[0], bytes) else k[0].encode("utf-8", "surrogatepass"))
                       for k in recache._state["entries"])
        assert len(recache._state["entries"]) > 150      # the program's own patterns are there
    finally:
        recache.uninstall()
        del os.environ["XDG_CACHE_HOME"]
