"""Crashes and near-crashes found by fuzzing and adversarial inputs (issue 10), kept as
regression tests. The earlier ones of the issue's list live with their topic:
test_fix_safety.py (base64 of a bad length, cp1251 bytes that cannot decode, lone
surrogates in fix), test_server_hardening.py (lone surrogates in the server)."""
from __future__ import annotations

import pytest

import mailcheck
from mailcheck.errors import InputError
from mailcheck.frontends.fix import fix_bytes
from shapes import deep_multipart, deep_rfc822

TEXT = "Добрый день Иван!!!\n".encode()


def _deep_multipart(depth: int) -> bytes:
    return deep_multipart(depth, TEXT)


def _deep_rfc822(depth: int) -> bytes:
    return deep_rfc822(depth, TEXT)


@pytest.mark.parametrize("make", [_deep_multipart, _deep_rfc822])
def test_nesting_too_deep_is_a_one_line_error_in_russian(make):
    for fn in (mailcheck.lint, fix_bytes):
        with pytest.raises(InputError) as e:
            fn(make(1200))
        assert "слишком глубоко" in str(e.value) and "recursion" not in str(e.value)


@pytest.mark.parametrize("make", [_deep_multipart, _deep_rfc822])
def test_moderate_nesting_is_read(make):
    report = mailcheck.lint(make(60))
    assert report.draft.is_message
    fix_bytes(make(60))


def test_forwarded_message_inside_forwarded_message_is_never_the_text():
    inner = b"From: x@client.ru\nSubject: old\n\n" + "Чужой текст!!!\n".encode()
    raw = (b"From: a@example.ru\nTo: c@client.ru\nContent-Type: multipart/mixed; boundary=A\n\n"
           b"--A\nContent-Type: message/rfc822\n\nFrom: y@client.ru\nContent-Type: multipart/mixed; boundary=B\n\n"
           b"--B\nContent-Type: message/rfc822\n\n" + inner + b"\n--B--\n"
           b"\n--A\nContent-Type: text/plain; charset=utf-8\n\n" + TEXT + b"--A--\n")
    d = mailcheck.lint(raw).draft
    assert d.text.startswith("Добрый день Иван")
    new, _, fixed = fix_bytes(raw)
    assert "Чужой текст!!!".encode() in new and fixed.startswith("Добрый день, Иван!")


def test_fix_of_a_message_str_whose_body_reads_as_another_charset():
    # found by test_str_api_never_crashes: «A\ud800» encodes to bytes that are no UTF-8,
    # the body is then read as cp1251, and its fix could not be a str again
    text = "From: a@example.ru\n\nA\ud800"
    assert isinstance(mailcheck.fix(text), str)
    mailcheck.lint(text)
