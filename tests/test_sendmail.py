"""`mailcheck sendmail`: pass, block, skip, fail open — and never lose a message.

In-process tests replace the check with a fake report to test the filter's
logic alone; subprocess tests run the real command with the real rules
(greeting.missing / signature.missing, which the core guarantees).
"""
from __future__ import annotations

import errno
import io
import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailcheck.frontends import sendmail
from mailcheck.rules.diagnostic import Diagnostic, Report

ROOT = Path(__file__).resolve().parents[1]
CAPTURE = str(ROOT / "tests" / "clients" / "capture-sendmail")
CLEAN = (ROOT / "corpus" / "002-context-problem-ask-ssl.eml").read_bytes()

BAD = ("From: Олег <o.v@severcode.ru>\nTo: n.k@teplodom-opt.ru\nSubject: Макет сайта\n"
       "Content-Type: text/plain; charset=utf-8\n\nМакет готов, посмотрите.\n").encode()


# --- helpers ------------------------------------------------------------------

@pytest.fixture
def env(tmp_path, monkeypatch):
    """XDG_STATE_HOME and the capture directory under tmp_path; returns them."""
    state = tmp_path / "state"
    cap = tmp_path / "sent"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("CAPTURE_DIR", str(cap))
    monkeypatch.delenv("MAILCHECK_SKIP", raising=False)
    monkeypatch.delenv("CAPTURE_EXIT", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return {"state": state, "held": state / "mailcheck" / "held", "sent": cap,
            "tmp": tmp_path / "tmp"}


def sent(env) -> list[bytes]:
    d = env["sent"]
    return [p.read_bytes() for p in sorted(d.glob("*.eml"))] if d.exists() else []


def sent_args(env) -> list[list[str]]:
    d = env["sent"]
    return [p.read_text().splitlines() for p in sorted(d.glob("*.args"))] if d.exists() else []


def held(env) -> list[bytes]:
    d = env["held"]
    return [p.read_bytes() for p in sorted(d.iterdir())] if d.exists() else []


def diag(severity: str, rule: str = "test.rule") -> Diagnostic:
    return Diagnostic(rule=rule, severity=severity, message="Сообщение правила.", line=1, column=1,
                      end_line=1, end_column=1, offset=0, length=0, text="")


def fake_lint(monkeypatch, *severities, fail_on="error"):
    from mailcheck.config import Config

    calls = []

    def lint(data, config_path):
        calls.append(data)
        return Report(path="-", diagnostics=[diag(s) for s in severities]), Config(fail_on=fail_on)

    monkeypatch.setattr(sendmail, "_lint", lint)
    return calls


def run_inproc(monkeypatch, data: bytes, command, **kw) -> int:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return sendmail.run(list(command), **kw)


def run_cli(args, data: bytes, env_extra=None, python_code=None, preexec_fn=None, timeout=60):
    """The real command in a subprocess: `python -m mailcheck sendmail ARGS`."""
    e = dict(os.environ)
    e.update(env_extra or {})
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    if python_code:
        cmd = [sys.executable, "-c", python_code, "sendmail", *args]
    else:
        cmd = [sys.executable, "-m", "mailcheck", "sendmail", *args]
    return subprocess.run(cmd, input=data, capture_output=True, env=e, timeout=timeout,
                          preexec_fn=preexec_fn, cwd=env_extra.get("CWD") if env_extra else None)


# --- pass ---------------------------------------------------------------------

MESSAGES = [
    BAD,
    BAD.replace(b"\n", b"\r\n"),                                   # CRLF kept as is
    "Subject: Привет\nContent-Type: text/plain; charset=koi8-r\nTo: a@b.ru\n\n".encode()
    + "Здравствуйте!".encode("koi8-r") + b"\n\xff\xfe trailing bytes\n",   # 8-bit, not UTF-8
    BAD.rstrip(b"\n"),                                              # no final newline
]


@pytest.mark.parametrize("data", MESSAGES)
def test_clean_message_goes_to_cmd_byte_exact(env, monkeypatch, data):
    fake_lint(monkeypatch, "warning", "suggestion")
    code = run_inproc(monkeypatch, data, [CAPTURE, "-oi", "--", "n.k@teplodom-opt.ru"])
    assert code == 0
    assert sent(env) == [data]
    assert sent_args(env) == [["-oi", "--", "n.k@teplodom-opt.ru"]]
    assert held(env) == []


def test_exit_code_is_cmds(env, monkeypatch):
    fake_lint(monkeypatch)
    monkeypatch.setenv("CAPTURE_EXIT", "75")        # EX_TEMPFAIL
    code = run_inproc(monkeypatch, BAD, [CAPTURE])
    assert code == 75
    assert sent(env) == [BAD]


def test_fail_on_from_option_and_config(env, monkeypatch):
    fake_lint(monkeypatch, "warning", fail_on="warning")
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1                     # config says warning
    assert run_inproc(monkeypatch, BAD, [CAPTURE], fail_on="error") == 0    # option wins
    assert sent(env) == [BAD]
    fake_lint(monkeypatch, "error", fail_on="never")
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 0
    assert len(sent(env)) == 2


# --- block --------------------------------------------------------------------

def test_blocked_sends_nothing_holds_copy_and_says_why(env, monkeypatch, capsys):
    fake_lint(monkeypatch, "error", "warning")
    code = run_inproc(monkeypatch, BAD, [CAPTURE])
    assert code == sendmail.EXIT_BLOCKED != 0
    assert sent(env) == []
    assert held(env) == [BAD]
    err = capsys.readouterr().err
    assert "не отправлено" in err and "Сообщение правила." in err and "[test.rule]" in err
    path = next(env["held"].iterdir())
    assert str(path) in err
    assert "X-Mailcheck: skip" in err and "MAILCHECK_SKIP=1" in err
    assert len(err.splitlines()) <= 6                # short: fits a client's error window
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_blocked_output_is_bounded(env, monkeypatch, capsys):
    fake_lint(monkeypatch, *["error"] * 40)
    run_inproc(monkeypatch, BAD, [CAPTURE])
    err = capsys.readouterr().err
    assert "ещё 32" in err
    assert len(err.splitlines()) < 15


def test_held_copies_never_overwrite(env, monkeypatch):
    fake_lint(monkeypatch, "error")
    monkeypatch.setattr(sendmail.time, "strftime", lambda fmt: "20261122-120000")
    env["held"].mkdir(parents=True)
    taken = env["held"] / f"20261122-120000-{os.getpid()}.eml"
    taken.write_bytes(b"an earlier held message")
    others = [BAD + bytes([65 + i]) for i in range(3)]
    for data in others:
        assert run_inproc(monkeypatch, data, [CAPTURE]) == 1
    assert taken.read_bytes() == b"an earlier held message"
    assert sorted(held(env)) == sorted([b"an earlier held message", *others])


# --- override once ------------------------------------------------------------

def test_skip_header_is_removed_and_nothing_else(env, monkeypatch):
    calls = fake_lint(monkeypatch, "error")
    data = BAD.replace(b"Subject:", b"X-Mailcheck: skip\nSubject:")
    assert run_inproc(monkeypatch, data, [CAPTURE]) == 0
    assert sent(env) == [BAD]
    assert calls == []


@pytest.mark.parametrize("header", [b"x-mailcheck:SKIP", b"X-Mailcheck:  skip  ", b"X-MailCheck: skip"])
def test_skip_header_spellings(env, monkeypatch, header):
    fake_lint(monkeypatch, "error")
    data = BAD.replace(b"\n", b"\r\n").replace(b"Subject:", header + b"\r\nSubject:")
    assert run_inproc(monkeypatch, data, [CAPTURE]) == 0
    assert sent(env) == [BAD.replace(b"\n", b"\r\n")]


def test_skip_in_body_or_other_value_does_not_skip(env, monkeypatch):
    fake_lint(monkeypatch, "error")
    in_body = BAD + b"X-Mailcheck: skip\n"
    other = BAD.replace(b"Subject:", b"X-Mailcheck: check\nSubject:")
    assert run_inproc(monkeypatch, in_body, [CAPTURE]) == 1
    assert run_inproc(monkeypatch, other, [CAPTURE]) == 1
    assert sent(env) == []


def test_env_skip(env, monkeypatch):
    calls = fake_lint(monkeypatch, "error")
    monkeypatch.setenv("MAILCHECK_SKIP", "1")
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 0
    assert sent(env) == [BAD] and calls == []


_name = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,12}", fullmatch=True).filter(
    lambda n: n.lower() != "x-mailcheck")
_value = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=20)
_header = st.tuples(_name, _value, st.lists(_value, max_size=2))


def _render(headers, nl: bytes) -> bytes:
    out = b""
    for name, value, folds in headers:
        out += f"{name}: {value}".encode() + nl
        for f in folds:
            out += b"\t" + f.encode() + nl
    return out


@settings(max_examples=200, deadline=None)
@given(before=st.lists(_header, max_size=4), after=st.lists(_header, max_size=4),
       body=st.binary(max_size=60), crlf=st.booleans(), fold=st.booleans())
def test_strip_skip_header_removes_exactly_that_header(before, after, body, crlf, fold):
    nl = b"\r\n" if crlf else b"\n"
    skip = b"X-Mailcheck: skip" + nl
    if fold:
        skip = b"X-Mailcheck:" + nl + b" skip" + nl
    rest = _render(after, nl) + nl + body
    data = _render(before, nl) + skip + rest
    expected = _render(before, nl) + rest
    assert sendmail.strip_skip_header(data) == (expected, True)
    assert sendmail.strip_skip_header(expected) == (expected, False)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_strip_skip_header_leaves_other_bytes_alone(data):
    out, found = sendmail.strip_skip_header(data)
    if not found:
        assert out is data
    else:
        assert len(out) < len(data)


# --- fail open ------------------------------------------------------------------

def test_crash_in_check_fails_open(env, monkeypatch, capsys):
    def boom(data, config_path):
        raise RuntimeError("rule exploded")

    monkeypatch.setattr(sendmail, "_lint", boom)
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 0
    assert sent(env) == [BAD]
    err = capsys.readouterr().err
    assert "внутренняя ошибка" in err and "rule exploded" in err and "без проверки" in err


def test_slow_check_holds_the_message(env, monkeypatch, capsys):
    # issue 10: a check that does not finish in time never sends the message unchecked
    import time

    def slow(data, config_path):
        time.sleep(3)

    monkeypatch.setattr(sendmail, "_lint", slow)
    monkeypatch.setenv("MAILCHECK_TIMEOUT", "0.2")
    t = time.monotonic()
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1
    assert time.monotonic() - t < 2
    assert sent(env) == []
    assert held(env) == [BAD]
    assert "не уложилась в 0.2 с" in capsys.readouterr().err


# --- CMD missing, CMD failing, disk full: the message survives -----------------

def test_cmd_missing_keeps_a_copy(env, monkeypatch, capsys, tmp_path):
    fake_lint(monkeypatch)
    code = run_inproc(monkeypatch, BAD, [str(tmp_path / "no-such-sendmail"), "-oi"])
    assert code == 127
    assert held(env) == [BAD]
    err = capsys.readouterr().err
    assert "не найдена" in err and str(env["held"]) in err


def test_cmd_not_executable_keeps_a_copy(env, monkeypatch, tmp_path):
    fake_lint(monkeypatch)
    prog = tmp_path / "sendmail"
    prog.write_text("#!/bin/sh\ncat >/dev/null\n")
    prog.chmod(0o644)
    code = run_inproc(monkeypatch, BAD, [str(prog)])
    if os.geteuid() == 0 and os.access(prog, os.X_OK):
        pytest.skip("root may execute anything")
    assert code == 126
    assert held(env) == [BAD]


def test_cmd_failing_keeps_a_copy(env, monkeypatch, capsys):
    fake_lint(monkeypatch)
    monkeypatch.setenv("CAPTURE_EXIT", "3")
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 3
    assert held(env) == [BAD]
    assert "кодом 3" in capsys.readouterr().err


def test_cmd_killed_by_signal(env, monkeypatch, tmp_path):
    fake_lint(monkeypatch)
    prog = tmp_path / "sendmail"
    prog.write_text("#!/bin/sh\ncat >/dev/null\nkill -TERM $$\n")
    prog.chmod(0o755)
    assert run_inproc(monkeypatch, BAD, [str(prog)]) == 128 + signal.SIGTERM
    assert held(env) == [BAD]


def test_cmd_that_stops_reading_early(env, monkeypatch, tmp_path):
    fake_lint(monkeypatch)
    prog = tmp_path / "sendmail"
    prog.write_text("#!/bin/sh\nhead -c 10 >/dev/null\nexit 0\n")
    prog.chmod(0o755)
    big = BAD + b"x" * 1_000_000
    assert run_inproc(monkeypatch, big, [str(prog)]) == 0


def test_disk_full_on_block_still_refuses(env, monkeypatch, capsys):
    fake_lint(monkeypatch, "error")

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sendmail.os, "write", full)
    code = run_inproc(monkeypatch, BAD, [CAPTURE])
    assert code != 0                      # the client keeps the draft
    assert sent(env) == []
    err = capsys.readouterr().err
    assert "не удалось" in err and "черновик остаётся" in err
    # no half-written files left behind
    assert held(env) == [] and list(env["tmp"].rglob("*.eml")) == []


def test_disk_full_in_state_dir_falls_back_to_tmp(env, monkeypatch, capsys):
    fake_lint(monkeypatch, "error")
    env["state"].parent.mkdir(exist_ok=True)
    env["state"].write_text("not a directory")        # the state dir cannot be created
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1
    copies = list(env["tmp"].rglob("*.eml"))
    assert [p.read_bytes() for p in copies] == [BAD]
    assert str(copies[0]) in capsys.readouterr().err


def _no_file_writes():
    # a real kernel refusal: every write to a regular file fails with EFBIG
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_disk_full_real_process(tmp_path):
    e = {"XDG_STATE_HOME": str(tmp_path / "state"), "TMPDIR": str(tmp_path / "tmp"),
         "CAPTURE_DIR": str(tmp_path / "sent")}
    (tmp_path / "tmp").mkdir()
    p = run_cli(["--fail-on", "suggestion", "--", CAPTURE], BAD, e, preexec_fn=_no_file_writes)
    err = p.stderr.decode()
    assert p.returncode == 1, err
    assert "черновик остаётся" in err
    assert not (tmp_path / "sent").exists()
    assert [f for f in tmp_path.rglob("*") if f.is_file()] == []


# --- the real command, real rules -----------------------------------------------

def cli_env(tmp_path, **extra):
    e = {"XDG_STATE_HOME": str(tmp_path / "state"), "CAPTURE_DIR": str(tmp_path / "sent"),
         "XDG_CONFIG_HOME": str(tmp_path / "config"), "CWD": str(tmp_path)}
    e.update(extra)
    return e


def files(d: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(d.rglob("*.eml"))] if d.exists() else []


def test_cli_blocks_draft_without_greeting(tmp_path):
    p = run_cli(["--", CAPTURE, "-oi", "-t"], BAD, cli_env(tmp_path))
    err = p.stderr.decode()
    assert p.returncode == 1, err
    assert "greeting.missing" in err
    assert files(tmp_path / "sent") == []
    assert files(tmp_path / "state" / "mailcheck" / "held") == [BAD]


def test_cli_passes_clean_draft(tmp_path):
    p = run_cli(["--", CAPTURE, "-oi", "-t"], CLEAN, cli_env(tmp_path))
    assert p.returncode == 0, p.stderr.decode()
    assert files(tmp_path / "sent") == [CLEAN]
    assert p.stderr == b""
    assert not (tmp_path / "state").exists()


def test_cli_without_double_dash_keeps_cmd_options(tmp_path):
    # mutt appends `-oem -oi -- rcpt` to the configured command
    p = run_cli([CAPTURE, "--fail-on", "x", "-oi", "--", "a@b.ru"], CLEAN, cli_env(tmp_path))
    assert p.returncode == 0, p.stderr.decode()
    assert [a.read_text().splitlines() for a in (tmp_path / "sent").glob("*.args")] == [
        ["--fail-on", "x", "-oi", "--", "a@b.ru"]]


def test_cli_config_fail_on_never(tmp_path):
    (tmp_path / "mailcheck.toml").write_text('[mailcheck]\nfail-on = "never"\n')
    p = run_cli(["--", CAPTURE], BAD, cli_env(tmp_path))
    assert p.returncode == 0, p.stderr.decode()
    assert files(tmp_path / "sent") == [BAD]


def test_cli_skip_env(tmp_path):
    p = run_cli(["--", CAPTURE], BAD, cli_env(tmp_path, MAILCHECK_SKIP="1"))
    assert p.returncode == 0
    assert files(tmp_path / "sent") == [BAD]


@pytest.mark.parametrize("config", [
    '[mailcheck]\nfail-on = "sometimes"\n',          # bad value
    '[mailcheck\n',                                   # not TOML
    '[mailcheck]\nno-such-key = 1\n',                 # unknown key
])
def test_cli_bad_config_fails_open(tmp_path, config):
    (tmp_path / "mailcheck.toml").write_text(config)
    p = run_cli(["--", CAPTURE], BAD, cli_env(tmp_path))
    err = p.stderr.decode()
    assert p.returncode == 0, err
    assert "настроек" in err and "без проверки" in err
    assert files(tmp_path / "sent") == [BAD]


def test_cli_unreadable_config_fails_open(tmp_path):
    p = run_cli(["--config", str(tmp_path / "missing.toml"), "--", CAPTURE], BAD, cli_env(tmp_path))
    assert p.returncode == 0
    assert "без проверки" in p.stderr.decode()
    assert files(tmp_path / "sent") == [BAD]


# Input that is not a message was sent unchecked here (fail open) until issue 10's last
# items: only mailcheck's own crashes fail open. Text without headers is still the
# user's text and is linted as a plain-text draft; input that cannot be read is held;
# empty input has nothing to check. (tests/test_sendmail_input.py has more.)
@pytest.mark.parametrize("data, sent_it", [
    (b"", True),
    (b"just a line of text, no headers\n", False),                 # no greeting, no signature
    (bytes(range(256)) * 4, False),                                # binary: cannot be read
    ("Макет готов, посмотрите.\n".encode("cp1251"), False),        # no greeting, no signature
])
def test_cli_input_that_is_not_a_message_is_checked(tmp_path, data, sent_it):
    p = run_cli(["--", CAPTURE], data, cli_env(tmp_path))
    err = p.stderr.decode()
    assert "отправлено без проверки" not in err
    if sent_it:
        assert p.returncode == 0, err
        assert files(tmp_path / "sent") == [data]
    else:
        assert p.returncode == 1, err
        assert files(tmp_path / "sent") == []
        assert files(tmp_path / "state" / "mailcheck" / "held") == [data]


CRASHING_RULE = textwrap.dedent("""
    import sys
    from mailcheck.rules.rule import Rule

    class Boom(Rule):
        id = "zz-test.boom"
        severity = "error"

        def check(self, doc):
            raise ZeroDivisionError("a rule's bug")

    from mailcheck.frontends.cli import main
    sys.argv[0] = "mailcheck"
    main()
""")


def test_cli_crash_inside_a_rule_fails_open(tmp_path):
    p = run_cli(["--", CAPTURE], BAD, cli_env(tmp_path), python_code=CRASHING_RULE)
    err = p.stderr.decode()
    assert p.returncode == 0, err
    assert "ZeroDivisionError" in err and "без проверки" in err
    assert "Traceback" not in err
    assert files(tmp_path / "sent") == [BAD]


def test_cli_crash_and_cmd_missing_still_keeps_the_message(tmp_path):
    p = run_cli(["--", str(tmp_path / "nope")], BAD, cli_env(tmp_path), python_code=CRASHING_RULE)
    assert p.returncode == 127
    assert files(tmp_path / "state" / "mailcheck" / "held") == [BAD]
