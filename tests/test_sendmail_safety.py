"""`mailcheck sendmail` in the send path (issue 10): a long letter is held, never sent
unchecked; the held folder is this user's own; a signal after delivery does not turn
CMD's success into a failure."""
from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mailcheck.frontends import sendmail

ROOT = Path(__file__).resolve().parents[1]
CAPTURE = str(ROOT / "tests" / "clients" / "capture-sendmail")
BAD = ("From: Олег <o.v@severcode.ru>\nTo: n.k@teplodom-opt.ru\nSubject: Макет сайта\n"
       "Content-Type: text/plain; charset=utf-8\n\nМакет готов, посмотрите.\n").encode()


@pytest.fixture
def env(tmp_path, monkeypatch):
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("CAPTURE_DIR", str(tmp_path / "sent"))
    monkeypatch.delenv("MAILCHECK_SKIP", raising=False)
    monkeypatch.delenv("CAPTURE_EXIT", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return {"state": state, "held": state / "mailcheck" / "held", "sent": tmp_path / "sent",
            "tmp": tmp_path / "tmp", "fallback": tmp_path / "tmp" / f"mailcheck-held-{os.getuid()}"}


def run_inproc(monkeypatch, data: bytes, command) -> int:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return sendmail.run(list(command))


def sent(env) -> list[bytes]:
    d = env["sent"]
    return [p.read_bytes() for p in sorted(d.glob("*.eml"))] if d.exists() else []


def block_state_dir(env):
    env["state"].parent.mkdir(exist_ok=True)
    env["state"].write_text("not a directory")        # the state dir cannot be created


def fake_block(monkeypatch):
    from mailcheck.config import Config
    from mailcheck.rules.diagnostic import Diagnostic, Report

    d = Diagnostic(rule="test.rule", severity="error", message="Сообщение правила.", line=1, column=1,
                   end_line=1, end_column=1, offset=0, length=0, text="")
    monkeypatch.setattr(sendmail, "_lint", lambda data, cfg: (Report(path="-", diagnostics=[d]), Config()))


# --- a long letter is never sent unchecked ---------------------------------------------

def test_letter_too_long_to_check_is_held(env, monkeypatch, capsys):
    big = BAD + ("Номер карты 4276 3800 1234 5679. " + "Текст письма. " * 80000).encode()
    assert run_inproc(monkeypatch, big, [CAPTURE]) == 1
    assert sent(env) == []
    assert [p.read_bytes() for p in env["held"].iterdir()] == [big]
    err = capsys.readouterr().err
    assert "не отправлено" in err and "без проверки" in err     # says how to send it anyway


def test_crash_still_fails_open(env, monkeypatch):
    def boom(data, cfg):
        raise RuntimeError("rule exploded")

    monkeypatch.setattr(sendmail, "_lint", boom)
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 0
    assert sent(env) == [BAD]


# --- the held folder ----------------------------------------------------------------

def test_held_folder_is_created_0700(env, monkeypatch):
    fake_block(monkeypatch)
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1
    assert stat.S_IMODE(env["held"].stat().st_mode) == 0o700
    import shutil

    shutil.rmtree(env["state"])
    block_state_dir(env)
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1
    assert stat.S_IMODE(env["fallback"].stat().st_mode) == 0o700
    for f in env["fallback"].iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600


def test_fallback_folder_of_ours_open_to_all_is_closed(env, monkeypatch):
    fake_block(monkeypatch)
    block_state_dir(env)
    env["fallback"].mkdir()
    os.chmod(env["fallback"], 0o777)
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1
    assert stat.S_IMODE(env["fallback"].stat().st_mode) == 0o700
    assert [p.read_bytes() for p in env["fallback"].iterdir()] == [BAD]


def test_fallback_folder_that_is_a_link_is_refused(env, monkeypatch, tmp_path, capsys):
    fake_block(monkeypatch)
    block_state_dir(env)
    elsewhere = tmp_path / "attacker"
    elsewhere.mkdir()
    os.chmod(elsewhere, 0o777)
    env["fallback"].symlink_to(elsewhere)
    code = run_inproc(monkeypatch, BAD, [CAPTURE])
    assert code != 0 and sent(env) == []             # not sent, and the client keeps the draft
    assert list(elsewhere.iterdir()) == []
    err = capsys.readouterr().err
    assert "ссылка" in err and "черновик остаётся" in err


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make a folder another user's")
def test_fallback_folder_of_another_user_is_refused(env, monkeypatch, capsys):
    fake_block(monkeypatch)
    block_state_dir(env)
    env["fallback"].mkdir()
    os.chmod(env["fallback"], 0o777)
    os.chown(env["fallback"], 65534, 65534)
    code = run_inproc(monkeypatch, BAD, [CAPTURE])
    assert code != 0 and sent(env) == []
    assert list(env["fallback"].iterdir()) == []
    err = capsys.readouterr().err
    assert "другому пользователю" in err and "черновик остаётся" in err


def test_held_copy_never_follows_a_planted_link(env, monkeypatch, tmp_path):
    fake_block(monkeypatch)
    monkeypatch.setattr(sendmail.time, "strftime", lambda fmt: "20260101-000000")
    env["held"].mkdir(parents=True, mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (env["held"] / f"20260101-000000-{os.getpid()}.eml").symlink_to(victim)
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1
    assert victim.read_text() == "keep me"
    assert (env["held"] / f"20260101-000000-{os.getpid()}-1.eml").read_bytes() == BAD


# --- a signal after CMD has the message ---------------------------------------------

@pytest.mark.parametrize("sig", ["TERM", "INT", "HUP"])
def test_signal_after_delivery_reports_cmds_status(tmp_path, sig):
    cmd = tmp_path / "sendmail"
    cmd.write_text(f"#!/bin/sh\ncat > {tmp_path}/sent.eml\nkill -{sig} $PPID\nsleep 0.5\nexit 0\n")
    cmd.chmod(0o755)
    env = dict(os.environ, MAILCHECK_SKIP="1", XDG_STATE_HOME=str(tmp_path / "state"))
    p = subprocess.run([sys.executable, "-m", "mailcheck", "sendmail", "--", str(cmd)], input=BAD,
                       capture_output=True, env=env, timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    assert (tmp_path / "sent.eml").read_bytes() == BAD
    assert "код выхода" in p.stderr.decode()


def test_signal_after_delivery_keeps_cmds_failure(tmp_path):
    cmd = tmp_path / "sendmail"
    cmd.write_text("#!/bin/sh\ncat >/dev/null\nkill -TERM $PPID\nsleep 0.5\nexit 75\n")
    cmd.chmod(0o755)
    env = dict(os.environ, MAILCHECK_SKIP="1", XDG_STATE_HOME=str(tmp_path / "state"))
    p = subprocess.run([sys.executable, "-m", "mailcheck", "sendmail", "--", str(cmd)], input=BAD,
                       capture_output=True, env=env, timeout=60)
    assert p.returncode == 75


def test_real_slow_check_holds_a_card_number(tmp_path):
    """The issue's case: corpus/019 (a card number) plus filler on one line, a check slower
    than the time-out — held, not sent."""
    src = next((ROOT / "corpus").glob("019-*"))
    raw = src.read_bytes()
    if not raw.lstrip().lower().startswith((b"from:", b"to:", b"subject:", b"date:", b"mime", b"content")):
        raw = b"From: i@example.ru\nTo: a@client.ru\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n" + raw
    raw += ("Дополнительная информация по проекту. " * 3000).encode()
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), CAPTURE_DIR=str(tmp_path / "sent"),
               MAILCHECK_TIMEOUT="0.05")
    env.pop("MAILCHECK_SKIP", None)
    p = subprocess.run([sys.executable, "-m", "mailcheck", "sendmail", "--", CAPTURE], input=raw,
                       capture_output=True, env=env, timeout=120)
    assert p.returncode == 1, p.stderr.decode()
    assert not (tmp_path / "sent").exists()
    assert [f.read_bytes() for f in (tmp_path / "state" / "mailcheck" / "held").iterdir()] == [raw]


@pytest.mark.parametrize("exc", [MemoryError, RecursionError])
def test_running_out_of_memory_holds(env, monkeypatch, exc):
    def boom(data, cfg):
        raise exc()

    monkeypatch.setattr(sendmail, "_lint", boom)
    assert run_inproc(monkeypatch, BAD, [CAPTURE]) == 1
    assert sent(env) == []
    assert [p.read_bytes() for p in env["held"].iterdir()] == [BAD]
