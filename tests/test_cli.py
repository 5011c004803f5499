"""The real command line in a subprocess: formats, colour, exit codes, filters, directories.

Marker rules from tests/data/fixture_rules are added to `mailcheck.rules.checks` in the
child process, so these tests pin the CLI's behaviour whatever the real rules find;
`--select fixa --select fixb` keeps the real rules out where exit codes matter.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_RULES = ROOT / "tests" / "data" / "fixture_rules"
BOOT = ("import sys, mailcheck.rules.checks as c; c.__path__.append(sys.argv.pop(1)); "
        "from mailcheck.frontends.cli import main; main()")
ONLY = ["--select", "fixa", "--select", "fixb"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILCHECK_", "NO_COLOR", "PYTHON"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    env["HOME"] = str(tmp_path / "home")
    return env


def run(tmp_path, *args, stdin=b"", fixtures=True, cwd=None):
    cmd = [sys.executable, "-c", BOOT, str(FIXTURE_RULES)] if fixtures else [sys.executable, "-m", "mailcheck"]
    r = subprocess.run(cmd + list(args), input=stdin, capture_output=True, cwd=cwd or tmp_path,
                       env=_env(tmp_path), timeout=120)
    r.out = r.stdout.decode("utf-8")
    r.err = r.stderr.decode("utf-8")
    assert "Traceback" not in r.err, r.err
    return r


DRAFT = ("Добрый день, Анна!\n\n"
         "ОШИБКА в первой строке. ВНИМАНИЕ во второй.\n"
         "Третья строка: СОВЕТ.\n\n"
         "С уважением,\nИван Петров\n")


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_text(DRAFT, encoding="utf-8")
    return p


def _pos(marker):
    off = DRAFT.index(marker)
    line = DRAFT.count("\n", 0, off) + 1
    col = off - (DRAFT.rfind("\n", 0, off) + 1) + 1
    return off, line, col


# ------------------------------------------------------------- text format

def test_text_format_lines(tmp_path, draft):
    r = run(tmp_path, "check", *ONLY, "draft.txt")
    assert r.returncode == 1
    lines = r.out.splitlines()
    for marker, sev, rid in (("ОШИБКА", "error", "fixa.error"), ("ВНИМАНИЕ", "warning", "fixa.warning"),
                             ("СОВЕТ", "suggestion", "fixb.suggestion")):
        _, line, col = _pos(marker)
        expected = f"draft.txt:{line}:{col}: {sev} {rid} Маркер «{marker}»: уберите его."
        assert expected in lines, (expected, lines)
    assert "    → замена: «замена»" in lines
    assert lines[-1].startswith("Найдено:")
    assert not ANSI.search(r.out)


def test_text_format_ordered_by_position(tmp_path, draft):
    r = run(tmp_path, "check", *ONLY, "--quiet", "draft.txt")
    rules = [ln.split()[2] for ln in r.out.splitlines()]
    assert rules == ["fixa.error", "fixa.warning", "fixb.suggestion"]


def test_quiet(tmp_path, draft):
    r = run(tmp_path, "check", *ONLY, "--quiet", "draft.txt")
    lines = r.out.splitlines()
    assert len(lines) == 3
    assert all(re.match(r"^draft\.txt:\d+:\d+: (error|warning|suggestion) \S+ ", ln) for ln in lines)
    assert "→" not in r.out and "Найдено" not in r.out


def test_clean_summary(tmp_path):
    (tmp_path / "ok.txt").write_text("Добрый день!\n\nВсё хорошо.\n", encoding="utf-8")
    r = run(tmp_path, "check", *ONLY, "ok.txt")
    assert r.returncode == 0
    assert r.out == "Замечаний нет (1 файл).\n"
    r = run(tmp_path, "check", *ONLY, "--quiet", "ok.txt")
    assert r.returncode == 0 and r.out == ""


def test_header_finding_is_shown_by_field(tmp_path):
    msg = ("From: ivan@example.ru\nTo: anna@client.ru\nSubject: Про ТЕМА письма\n\n"
           "Добрый день!\n\nВсё готово.\n").encode()
    (tmp_path / "m.eml").write_bytes(msg)
    r = run(tmp_path, "check", *ONLY, "--quiet", "m.eml")
    assert r.out == "m.eml:subject: warning fixb.subject Маркер в теме.\n"
    assert r.returncode == 0


def test_no_ansi_when_piped(tmp_path, draft):
    for extra in ([], ["--no-color"]):
        r = run(tmp_path, "check", *ONLY, *extra, "draft.txt")
        assert not ANSI.search(r.out) and not ANSI.search(r.err)


def _run_tty(tmp_path, *args, env_extra=None):
    """Run with stdout on a pseudo-terminal; returns the bytes written to it."""
    import pty
    master, slave = pty.openpty()
    env = _env(tmp_path)
    env.update(env_extra or {})
    p = subprocess.Popen([sys.executable, "-c", BOOT, str(FIXTURE_RULES), *args], stdout=slave,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=tmp_path, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=60)
    os.close(master)
    return p.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_colour_only_on_a_tty(tmp_path, draft):
    rc, out = _run_tty(tmp_path, "check", *ONLY, "draft.txt")
    assert rc == 1
    assert ANSI.search(out), out
    rc, out = _run_tty(tmp_path, "check", *ONLY, "--no-color", "draft.txt")
    assert rc == 1 and "fixa.error" in out and not ANSI.search(out)
    rc, out = _run_tty(tmp_path, "check", *ONLY, "draft.txt", env_extra={"NO_COLOR": "1"})
    assert "fixa.error" in out and not ANSI.search(out)
    rc, out = _run_tty(tmp_path, "check", *ONLY, "--format", "json", "draft.txt")
    assert not ANSI.search(out)
    json.loads(out)


# -------------------------------------------------------------- exit codes

@pytest.mark.parametrize("text,fail_on,code", [
    ("Всё хорошо.", None, 0),
    ("ОШИБКА", None, 1),
    ("ВНИМАНИЕ", None, 0),
    ("ВНИМАНИЕ", "warning", 1),
    ("СОВЕТ", "warning", 0),
    ("СОВЕТ", "suggestion", 1),
    ("ОШИБКА", "never", 0),
    ("ОШИБКА", "suggestion", 1),
])
def test_exit_codes(tmp_path, text, fail_on, code):
    (tmp_path / "d.txt").write_text(f"Добрый день!\n\n{text}\n", encoding="utf-8")
    args = ["check", *ONLY, "d.txt"] + (["--fail-on", fail_on] if fail_on else [])
    assert run(tmp_path, *args).returncode == code


def test_fail_on_from_config_and_option_wins(tmp_path):
    (tmp_path / "d.txt").write_text("ВНИМАНИЕ\n", encoding="utf-8")
    (tmp_path / "mailcheck.toml").write_text('[mailcheck]\nfail-on = "warning"\n', encoding="utf-8")
    assert run(tmp_path, "check", *ONLY, "d.txt").returncode == 1
    assert run(tmp_path, "check", *ONLY, "--fail-on", "error", "d.txt").returncode == 0


def test_min_severity_hides_but_exit_code_counts_everything(tmp_path, draft):
    r = run(tmp_path, "check", *ONLY, "--min-severity", "warning", "--format", "json", "draft.txt")
    rules = [d["rule"] for d in json.loads(r.out)["files"][0]["diagnostics"]]
    assert rules == ["fixa.error", "fixa.warning"]
    r = run(tmp_path, "check", *ONLY, "--min-severity", "error", "--quiet", "draft.txt")
    assert r.out.splitlines() == [ln for ln in r.out.splitlines() if " error fixa.error " in ln]
    assert r.returncode == 1
    (tmp_path / "s.txt").write_text("СОВЕТ\n", encoding="utf-8")
    r = run(tmp_path, "check", *ONLY, "--min-severity", "error", "--fail-on", "suggestion", "--quiet", "s.txt")
    assert r.out == "" and r.returncode == 1


def test_severity_configured_per_rule(tmp_path, draft):
    (tmp_path / "mailcheck.toml").write_text(
        '[mailcheck.rules]\n"fixa.error" = "suggestion"\n"fixa.warning" = "off"\n', encoding="utf-8")
    r = run(tmp_path, "check", *ONLY, "--format", "json", "draft.txt")
    diags = json.loads(r.out)["files"][0]["diagnostics"]
    assert [(d["rule"], d["severity"]) for d in diags] == [("fixa.error", "suggestion"),
                                                           ("fixb.suggestion", "suggestion")]
    assert r.returncode == 0


def _rules(r):
    return sorted({d["rule"] for f in json.loads(r.out)["files"] for d in f["diagnostics"]})


@pytest.mark.parametrize("args,expected", [
    (["--select", "fixa"], ["fixa.error", "fixa.warning"]),
    (["--select", "fixa."], ["fixa.error", "fixa.warning"]),
    (["--select", "fixa.error"], ["fixa.error"]),
    (["--select", "fixa.error", "--select", "fixb.suggestion"], ["fixa.error", "fixb.suggestion"]),
    (["--select", "fixa", "--select", "fixb", "--ignore", "fixa.warning"], ["fixa.error", "fixb.suggestion"]),
    (["--select", "fixa", "--select", "fixb", "--ignore", "fixb"], ["fixa.error", "fixa.warning"]),
    (["--select", "fixa", "--ignore", "fixa."], []),
])
def test_select_ignore(tmp_path, draft, args, expected):
    r = run(tmp_path, "check", *args, "--format", "json", "draft.txt")
    assert r.returncode in (0, 1)
    assert _rules(r) == expected


def test_ignore_alone_keeps_other_rules(tmp_path, draft):
    r = run(tmp_path, "check", "--ignore", "fixa", "--format", "json", "draft.txt")
    got = _rules(r)
    assert "fixb.suggestion" in got and not any(x.startswith("fixa.") for x in got)


def test_group_prefix_is_not_a_string_prefix(tmp_path, draft):
    # «fix» names no group: fixa.* and fixb.* do not belong to it
    r = run(tmp_path, "check", "--select", "fix", "draft.txt")
    assert r.returncode == 2
    assert "«fix»" in r.err.strip().splitlines()[-1]


@pytest.mark.parametrize("opt", ["--select", "--ignore"])
def test_unknown_rule_option_is_exit_2(tmp_path, draft, opt):
    r = run(tmp_path, "check", opt, "nosuch.rule", "draft.txt")
    assert r.returncode == 2
    assert r.out == ""
    # a bad option value: click's usage hint, then the error naming the option and value
    last = r.err.strip().splitlines()[-1]
    assert opt in last and "nosuch.rule" in last


@pytest.mark.parametrize("args", [["--format", "xml"], ["--min-severity", "fatal"], ["--fail-on", "always"],
                                  ["--bogus-option"]])
def test_bad_option_is_exit_2(tmp_path, draft, args):
    r = run(tmp_path, "check", *args, "draft.txt")
    assert r.returncode == 2
    assert r.err.strip() and r.out == ""


def test_unknown_command_is_exit_2(tmp_path):
    assert run(tmp_path, "chekc").returncode == 2


def test_version(tmp_path):
    import mailcheck
    r = run(tmp_path, "--version", fixtures=False)
    assert r.returncode == 0
    assert mailcheck.__version__ in r.out and "mailcheck" in r.out


# --------------------------------------------------------- inputs and paths

def test_stdin_dash_and_no_path(tmp_path):
    for args in (["-"], []):
        r = run(tmp_path, "check", *ONLY, "--format", "jsonl", *args, stdin=DRAFT.encode())
        assert r.returncode == 1
        objs = [json.loads(ln) for ln in r.out.splitlines()]
        assert {o["path"] for o in objs} == {"<stdin>"}
        assert {o["rule"] for o in objs} == {"fixa.error", "fixa.warning", "fixb.suggestion"}


def test_directory_walked_for_txt_and_eml(tmp_path):
    d = tmp_path / "drafts"
    (d / "sub").mkdir(parents=True)
    (d / ".hidden").mkdir()
    (d / "a.txt").write_text("ОШИБКА\n", encoding="utf-8")
    (d / "sub" / "b.eml").write_bytes(b"From: a@b.ru\nTo: c@d.ru\nSubject: x\n\n\xd0\x9e\xd0\xa8\xd0\x98\xd0\x91\xd0\x9a\xd0\x90\n")
    (d / "c.md").write_text("ОШИБКА\n", encoding="utf-8")
    (d / "notes.TXT.bak").write_text("ОШИБКА\n", encoding="utf-8")
    (d / ".hidden" / "e.txt").write_text("ОШИБКА\n", encoding="utf-8")
    r = run(tmp_path, "check", *ONLY, "--format", "json", "drafts")
    out = json.loads(r.out)
    paths = [f["path"] for f in out["files"]]
    assert paths == [os.path.join("drafts", "a.txt"), os.path.join("drafts", "sub", "b.eml")]
    assert out["summary"]["files"] == 2 and out["summary"]["error"] == 2
    assert r.returncode == 1


def test_explicit_file_of_any_extension(tmp_path):
    (tmp_path / "letter.md").write_text("ОШИБКА\n", encoding="utf-8")
    r = run(tmp_path, "check", *ONLY, "--format", "json", "letter.md")
    assert [f["path"] for f in json.loads(r.out)["files"]] == ["letter.md"]


def test_bad_file_among_good_ones(tmp_path, draft):
    r = run(tmp_path, "check", *ONLY, "--format", "json", "draft.txt", "missing.txt")
    assert r.returncode == 2
    out = json.loads(r.out)
    assert [f["path"] for f in out["files"]] == ["draft.txt"]
    assert len(r.err.strip().splitlines()) == 1 and "missing.txt" in r.err


def test_rules_command(tmp_path):
    r = run(tmp_path, "rules")
    assert r.returncode == 0 and "fixa.error" in r.out
    r = run(tmp_path, "rules", "fixa.error")
    assert r.returncode == 0 and "fixa.error" in r.out
    r = run(tmp_path, "rules", "nosuch.rule")
    assert r.returncode == 2 and "nosuch.rule" in r.err and len(r.err.strip().splitlines()) == 1
