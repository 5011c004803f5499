"""`check -j N`, streaming output, the progress bar, mbox and Maildir input (issue 15)."""
import json
import mailbox
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EML = sorted(CORPUS.glob("*.eml"))
TXT = sorted(CORPUS.glob("*.txt"))


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILCHECK_", "NO_COLOR", "PYTHON"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    env["HOME"] = str(tmp_path / "home")
    env["NO_COLOR"] = "1"
    return env


def run(tmp_path, *args):
    r = subprocess.run([sys.executable, "-m", "mailcheck", *args], capture_output=True, cwd=tmp_path,
                       env=_env(tmp_path), timeout=300)
    r.out, r.err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert "Traceback" not in r.err, r.err
    return r


@pytest.fixture
def drafts(tmp_path):
    """A folder of 14 corpus drafts and one file that is not a draft."""
    d = tmp_path / "drafts"
    d.mkdir()
    for p in TXT[:7] + EML[:7]:
        (d / p.name).write_bytes(p.read_bytes())
    (d / "zz-empty.txt").write_bytes(b"   \n")
    return d


# --- -j N ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "jsonl", "json"])
def test_jobs_output_identical_to_one_process(tmp_path, drafts, fmt):
    one = run(tmp_path, "check", "-j", "1", "--format", fmt, "drafts")
    two = run(tmp_path, "check", "-j", "2", "--format", fmt, "drafts")
    assert one.out and one.out == two.out
    assert one.err == two.err and "zz-empty.txt: пустой файл" in one.err
    assert one.returncode == two.returncode == 2          # a bad file: 2, as without -j


@pytest.mark.parametrize("args", [["--format", "sarif"], ["--explain", "--format", "text"]])
def test_jobs_keep_the_files_own_lines(tmp_path, drafts, args):
    """A worker sends back findings without the parsed draft; the file's own lines
    (SARIF regions, --explain) still map, as in one process."""
    card = next(CORPUS.glob("019-*.eml"))
    (drafts / card.name).write_bytes(card.read_bytes())
    (drafts / "zz-empty.txt").unlink()
    one = run(tmp_path, "check", "-j", "1", *args, "drafts")
    two = run(tmp_path, "check", "-j", "2", *args, "drafts")
    assert one.out == two.out
    if "--explain" in args:
        assert ":17:38: error content.sensitive-data" in two.out
    else:
        assert '"startLine": 17' in two.out or '"startLine":17' in two.out


def test_jobs_exit_codes_as_before(tmp_path, drafts):
    (drafts / "zz-empty.txt").unlink()
    one = run(tmp_path, "check", "-j", "1", "--fail-on", "warning", "--format", "json", "drafts")
    two = run(tmp_path, "check", "-j", "2", "--fail-on", "warning", "--format", "json", "drafts")
    assert one.returncode == two.returncode == 1
    nev = run(tmp_path, "check", "-j", "2", "--fail-on", "never", "--format", "json", "drafts")
    assert nev.returncode == 0 and nev.out == one.out


def test_runner_keeps_input_order_and_small_inputs_use_no_pool(monkeypatch):
    from mailcheck.config import Config
    from mailcheck.frontends import runner

    items = [("file", str(p)) for p in (TXT[:6] + EML[:6])]
    seq = [(o.path, [d.rule for d in o.report.diagnostics]) for o in runner.run(items, Config(), jobs=1)]
    par = [(o.path, [d.rule for d in o.report.diagnostics]) for o in runner.run(items, Config(), jobs=2)]
    assert seq == par and [p for p, _ in seq] == [i[1] for i in items]

    def no_pool(*a, **k):
        raise AssertionError("a pool for one file")
    monkeypatch.setattr(runner, "_pooled", no_pool)
    assert [o.path for o in runner.run(items[:1], Config(), jobs=2)] == [items[0][1]]


def test_jobs_option_checked(tmp_path, drafts):
    r = run(tmp_path, "check", "-j", "0", "drafts")
    assert r.returncode == 2 and "-j" in r.err


# --- streaming ------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_findings_are_printed_before_the_run_ends(tmp_path, jobs, fmt):
    """The first file's findings arrive while a later input (a FIFO nobody has
    written yet) still holds the run: they were printed as soon as they were ready."""
    names = []
    for i, p in enumerate(EML[:9]):
        f = tmp_path / f"{i:02d}.eml"
        f.write_bytes(p.read_bytes())
        names.append(f.name)
    fifo = tmp_path / "99-late.txt"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "mailcheck", "check", "-j", jobs, "--format", fmt,
                             *names, fifo.name], cwd=tmp_path, env=_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stdout.readline().decode("utf-8")
        assert re.match(r'(\{"path": ")?0\d\.eml[:"]', first), first
        assert proc.poll() is None, "the run ended before its first line was read"
        with open(fifo, "w", encoding="utf-8") as w:      # now let the last input through
            w.write("Добрый день!\n\nВсё готово, посмотрите.\n\nС уважением,\nИван Петров\n")
        rest = proc.stdout.read()      # the same buffered reader: what readline read ahead is kept
        err = proc.stderr.read()
        proc.wait(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert b"Traceback" not in err
    assert proc.returncode in (0, 1)
    if fmt == "jsonl":
        lines = (first + rest.decode("utf-8")).split("\n")[:-1]      # JSON may hold U+2028 etc.
        assert all(line.startswith("{") for line in lines), lines
        paths = [json.loads(line)["path"] for line in lines]
        assert paths == sorted(paths)                         # input order


# --- the progress bar -------------------------------------------------------------------

def _with_stderr_pty(tmp_path, args):
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "mailcheck", *args], cwd=tmp_path, env=_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    out = proc.communicate(timeout=60)[0]
    os.close(master)
    return out.decode("utf-8"), seen.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path, drafts):
    (drafts / "zz-empty.txt").unlink()
    out, err = _with_stderr_pty(tmp_path, ["check", "-j", "1", "--format", "jsonl", "drafts"])
    assert "Проверено:" in err and "из 14" in err and "писем/с" in err and "осталось" in err
    assert "Проверено" not in out and out.count("\n") > 5                 # stdout untouched
    piped = run(tmp_path, "check", "-j", "1", "--format", "jsonl", "drafts")
    assert "Проверено" not in piped.err and piped.out == out
    _, err_json = _with_stderr_pty(tmp_path, ["check", "-j", "1", "--format", "json", "drafts"])
    assert "Проверено" not in err_json


def test_no_bar_for_a_few_files(tmp_path):
    for p in TXT[:2]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    _, err = _with_stderr_pty(tmp_path, ["check", *(p.name for p in TXT[:2])])
    assert "Проверено" not in err


# --- mbox and Maildir ----------------------------------------------------------------------

BINARY = b"From: x@y.ru\nSubject: bad\nMessage-ID: <bad-1@y.ru>\n\n\x00\x01\x02\x00\x00binary\x00"


def _mbox(path: Path, raws) -> None:
    box = mailbox.mbox(str(path))
    for raw in raws:
        box.add(raw)
    box.flush()
    box.close()


def test_mbox_messages_are_drafts_named_by_number_and_message_id(tmp_path):
    _mbox(tmp_path / "archive.mbox", [EML[0].read_bytes(), BINARY, EML[1].read_bytes()])
    r = run(tmp_path, "check", "--format", "json", "archive.mbox")
    assert r.returncode == 2                                   # a bad message, as a bad file
    assert r.err.count("\n") == 1 and r.err.startswith("mailcheck: archive.mbox:#2 <bad-1@y.ru>: ")
    files = json.loads(r.out)["files"]
    assert [f["path"].split(" ")[0] for f in files] == ["archive.mbox:#1", "archive.mbox:#3"]
    mids = [mailbox.mboxMessage(p.read_bytes())["Message-ID"] for p in EML[:2]]
    assert files[0]["path"] == f"archive.mbox:#1 {mids[0].strip()}"
    single = run(tmp_path, "check", "--format", "json", str(EML[1]))
    assert json.loads(single.out)["files"][0]["diagnostics"] == files[1]["diagnostics"]


def test_mbox_boundaries_are_those_of_the_mailbox_module(tmp_path):
    from mailcheck.draft.mailboxes import item_bytes, items, mbox_offsets

    raws = [p.read_bytes() for p in EML[:6]] + [b"From: a@b.ru\n\nFrom the start\n\n\nbody\n"]
    path = tmp_path / "x.mbox"
    _mbox(path, raws)
    box = mailbox.mbox(str(path))
    assert len(list(mbox_offsets(str(path)))) == len(box) == len(raws)
    mine = [item_bytes(i)[1] for i in items([("mbox", str(path))])]
    assert mine == [box.get_bytes(k) for k in box.keys()]


def test_a_single_message_with_a_from_line_stays_a_draft(tmp_path):
    raw = b"From someone@example.ru Mon Nov 30 06:00:00 2026\n" + EML[0].read_bytes()
    (tmp_path / "one.eml").write_bytes(raw)
    r = run(tmp_path, "check", "--format", "json", "one.eml")
    assert [f["path"] for f in json.loads(r.out)["files"]] == ["one.eml"]


def test_maildir_cur_and_new(tmp_path):
    md = mailbox.Maildir(str(tmp_path / "Mail"), create=True)
    md.add(EML[2].read_bytes())
    msg = mailbox.MaildirMessage(EML[3].read_bytes())
    msg.set_subdir("cur")
    md.add(msg)
    md.add(BINARY)
    md.close()
    r = run(tmp_path, "check", "--format", "json", "Mail")
    assert r.returncode == 2 and r.err.count("\n") == 1 and "<bad-1@y.ru>" in r.err
    paths = [f["path"] for f in json.loads(r.out)["files"]]
    assert len(paths) == 2 and all(p.startswith("Mail:#") for p in paths)
    # a folder holding a Maildir and an mbox reads both
    _mbox(tmp_path / "Mail-archive.mbox", [EML[4].read_bytes()])
    (tmp_path / "top").mkdir()
    os.rename(tmp_path / "Mail", tmp_path / "top" / "Mail")
    os.rename(tmp_path / "Mail-archive.mbox", tmp_path / "top" / "old.mbox")
    r = run(tmp_path, "check", "--format", "json", "top")
    paths = [f["path"] for f in json.loads(r.out)["files"]]
    assert len(paths) == 3 and paths[-1].startswith(os.path.join("top", "old.mbox") + ":#1")


# --- serve --workers ----------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    if int(f.read().rsplit(b")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts worker processes in /proc (Linux)")
def test_serve_workers_answer_from_several_processes():
    pytest.importorskip("uvicorn", reason="the [server] extra is not installed")
    import importlib.util

    spec = importlib.util.spec_from_file_location("load_server", ROOT / "bench" / "load_server.py")
    load_server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load_server)
    proc, port = load_server.start_server(extra_args=["--workers", "2"])
    try:
        stats = load_server.run_load("127.0.0.1", port, requests=16, clients=4)
        workers = [p for p in _children(proc.pid)
                   if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        assert len(workers) == 2
    finally:
        err = load_server.stop_server(proc)
    assert stats["errors"] == 0 and stats["requests"] == 16, stats
    assert "Traceback" not in err and "процессов: 2" in err


def test_an_mbox_without_messages_is_a_bad_input(tmp_path):
    (tmp_path / "empty.mbox").write_bytes(b"")
    (tmp_path / "plain.mbox").write_text("Добрый день!\n\nТекст без разделителей.\n", encoding="utf-8")
    r = run(tmp_path, "check", "empty.mbox", "plain.mbox")
    assert r.returncode == 2 and r.out == ""
    assert r.err.splitlines() == [f"mailcheck: {n}: в архиве mbox нет ни одного письма (нет строк «From …»)"
                                  for n in ("empty.mbox", "plain.mbox")]
