"""`mailcheck sendmail` on input that is not a readable message (issue 10's last items):
fail open only for mailcheck's own crashes.

- Text without headers is the user's text all the same: it is linted as a plain-text
  draft, held when it breaks a rule (a password in it, no greeting), sent when clean.
- A message mailcheck cannot read (MIME parts nested too deep, binary data) is HELD:
  what could not be read could hold anything, and a mail client never writes such a
  message; `X-Mailcheck: skip` still sends it.
- A check past MAILCHECK_TIMEOUT holds the message and its thread stops too.
Real `mailcheck sendmail -- CMD` runs, except the thread count, which is in-process."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import shapes
from mailcheck.frontends import sendmail

ROOT = Path(__file__).resolve().parents[1]
CAPTURE = str(ROOT / "tests" / "clients" / "capture-sendmail")
SECRET = (ROOT / "corpus" / "151-password-in-letter.txt").read_bytes()     # a password in a plain draft
CLEAN = (ROOT / "corpus" / "141-clean-short-thanks.txt").read_bytes()
TEXT = "Здравствуйте, Анна!\n\nМакет готов, посмотрите.\n\nС уважением,\nИван Петров\n".encode()


def deep_multipart(depth: int) -> bytes:
    return shapes.deep_multipart(depth, TEXT, shapes.HEAD + b"Subject: x\n")


def deep_rfc822(depth: int) -> bytes:
    return shapes.deep_rfc822(depth, TEXT)


def run(tmp_path: Path, data: bytes, **extra) -> tuple[subprocess.CompletedProcess, list[bytes], list[bytes]]:
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), CAPTURE_DIR=str(tmp_path / "sent"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), TMPDIR=str(tmp_path), **extra)
    env.pop("MAILCHECK_SKIP", None)
    env.pop("CAPTURE_EXIT", None)
    p = subprocess.run([sys.executable, "-m", "mailcheck", "sendmail", "--", CAPTURE, "-oi", "-t"],
                       input=data, capture_output=True, env=env, timeout=120, cwd=tmp_path)

    def files(d: Path) -> list[bytes]:
        return [f.read_bytes() for f in sorted(d.rglob("*.eml"))] if d.exists() else []

    return p, files(tmp_path / "sent"), files(tmp_path / "state" / "mailcheck" / "held")


# --- text without headers is linted as a plain-text draft ------------------------------

def test_plain_text_with_a_password_is_held(tmp_path):
    p, sent, held = run(tmp_path, SECRET)
    err = p.stderr.decode()
    assert p.returncode == 1, err
    assert sent == [] and held == [SECRET]
    assert "content.sensitive-data" in err and "без проверки;" not in err


def test_clean_plain_text_is_sent_as_is(tmp_path):
    p, sent, held = run(tmp_path, CLEAN)
    assert p.returncode == 0, p.stderr.decode()
    assert sent == [CLEAN] and held == []
    assert p.stderr == b""                       # checked and clean: nothing to say


def test_plain_text_in_cp1251_is_read_and_checked(tmp_path):
    data = SECRET.decode("utf-8").encode("cp1251")
    p, sent, held = run(tmp_path, data)
    assert p.returncode == 1, p.stderr.decode()
    assert sent == [] and held == [data]


def test_empty_input_has_nothing_to_check(tmp_path):
    p, sent, held = run(tmp_path, b"\n")
    assert p.returncode == 0 and sent == [b"\n"] and held == []
    assert b"\xd0\xb1\xd0\xb5\xd0\xb7 \xd0\xbf\xd1\x80\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x80\xd0\xba\xd0\xb8" \
        not in p.stderr                          # not «без проверки»


# --- a message that cannot be read is held ---------------------------------------------

@pytest.mark.parametrize("make", [deep_multipart, deep_rfc822])
def test_message_nested_too_deep_is_held(tmp_path, make):
    data = make(1200)
    p, sent, held = run(tmp_path, data)
    err = p.stderr.decode()
    assert p.returncode == 1, err
    assert sent == [] and held == [data]
    assert "слишком глубоко" in err and "не отправлено" in err
    assert "X-Mailcheck: skip" in err            # says how to send it anyway
    assert "Traceback" not in err


def test_binary_input_is_held(tmp_path):
    data = bytes(range(256)) * 8
    p, sent, held = run(tmp_path, data)
    assert p.returncode == 1, p.stderr.decode()
    assert sent == [] and held == [data]


def test_unreadable_message_with_skip_header_is_sent(tmp_path):
    data = deep_rfc822(1200).replace(b"Content-Type", b"X-Mailcheck: skip\nContent-Type", 1)
    p, sent, held = run(tmp_path, data)
    assert p.returncode == 0, p.stderr.decode()
    assert sent == [data.replace(b"X-Mailcheck: skip\n", b"", 1)] and held == []


def test_moderate_nesting_is_still_checked_and_sent(tmp_path):
    data = deep_multipart(40)
    p, sent, held = run(tmp_path, data)
    assert p.returncode == 0, p.stderr.decode()
    assert sent == [data] and held == []


def test_moderate_nesting_of_forwarded_messages_is_checked(tmp_path):
    # the draft's own text is empty (only a forwarded message): checked, and held for that
    p, sent, held = run(tmp_path, deep_rfc822(40))
    err = p.stderr.decode()
    assert p.returncode == 1 and "замечани" in err and "невозможна" not in err


# --- the timeout: the message is held and the check stops ------------------------------

def test_check_past_the_timeout_stops_its_thread(tmp_path, monkeypatch):
    long = ("From: a@example.ru\nTo: c@client.ru\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n"
            "Здравствуйте, Анна!\n\n" + " ".join(f"Отправили отчёт {i}." for i in range(12000))
            + "\n\nС уважением,\nИван Петров\n").encode()
    import mailcheck

    mailcheck.lint("Здравствуйте! Проверка.")    # dictionaries loaded before the clock starts
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("CAPTURE_DIR", str(tmp_path / "sent"))
    monkeypatch.setenv("MAILCHECK_TIMEOUT", "0.5")
    monkeypatch.delenv("MAILCHECK_SKIP", raising=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(long)))
    assert sendmail.run([CAPTURE]) == 1                        # held, not sent
    assert not (tmp_path / "sent").exists()
    end = time.monotonic() + 2.0
    while time.monotonic() < end and any(t.name == "mailcheck-lint" for t in threading.enumerate()):
        time.sleep(0.05)
    assert not any(t.name == "mailcheck-lint" for t in threading.enumerate())
