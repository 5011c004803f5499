"""Fuzzing with real message bytes (issue 10).

Hypothesis mutates the corpus messages and a few synthetic ones — boundary,
charset, transfer-encoding, RFC 2047/2231 and nesting damage, plus raw byte
edits — and feeds them to `load`, `lint`, `fix` and the server. Whatever the
input, the only exception allowed is mailcheck's own `MailcheckError` (a
one-line error), and the server never answers 500.

Bounded for CI (MAILCHECK_FUZZ_EXAMPLES, 200 by default); a long run:

    MAILCHECK_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q tests/test_fuzz.py

Every crash found becomes a regression test in tests/test_fuzz_regressions.py.
"""
from __future__ import annotations

import base64
import os
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mailcheck
from mailcheck.draft.reader import load
from mailcheck.errors import MailcheckError
from mailcheck.frontends.fix import fix_bytes
from mailcheck.rules.engine import lint

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("MAILCHECK_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 200,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

BODY = ("Добрый день Анна!\n\nМакет готов!!! Посмотрите, пожалуйста, до пятницы; "
        "cрок оплаты — 31 октября.\n\nС уважением.\nИван Петров\nООО «Пример»\n")


def _synthetic() -> list[bytes]:
    b64 = base64.encodebytes(BODY.encode("utf-8"))
    cp = BODY.encode("cp1251")
    inner = (b"From: =?utf-8?b?0JrQu9C40LXQvdGC?= <c@client.ru>\nSubject: =?koi8-r?q?=F7=CF=D0=D2=CF=D3?=\n"
             b"Content-Type: text/plain; charset=utf-8\n\n" + "Вопрос по макету!!!\n".encode())
    return [
        b"From: =?utf-8?q?=D0=98=D0=B2=D0=B0=D0=BD?= <i@example.ru>\nTo: a@client.ru\nSubject: =?utf-8?b?"
        + base64.b64encode("Макет".encode()) + b"?=\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=\"XYZ\"\n\n--XYZ\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + b64 +
        b"--XYZ\nContent-Type: application/pdf; name*0*=utf-8''%D0%BF%D0%BB; name*1*=%D0%B0%D0%BD.pdf\n"
        b"Content-Disposition: attachment; filename*=utf-8''%D0%BF%D0%BB%D0%B0%D0%BD.pdf\n"
        b"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--XYZ--\n",
        b"From: i@example.ru\nTo: a@client.ru\nSubject: x\nContent-Type: text/plain; charset=windows-1251\n"
        b"Content-Transfer-Encoding: 8bit\n\n" + cp,
        b"From: i@example.ru\nTo: a@client.ru\nSubject: x\nContent-Type: multipart/mixed; boundary=A\n\n"
        b"--A\nContent-Type: message/rfc822\n\n" + inner + b"\n--A\nContent-Type: multipart/alternative; "
        b"boundary=B\n\n--B\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: "
        b"quoted-printable\n\n" + __import__("quopri").encodestring(BODY.encode()) +
        b"\n--B\nContent-Type: text/html; charset=utf-8\n\n<p>" + BODY.encode() + b"</p>\n--B--\n--A--\n",
    ]


SEEDS = sorted(p.read_bytes() for p in (ROOT / "corpus").glob("*.eml")) + _synthetic()

CHARSETS = [b"utf-8", b"cp1251", b"windows-1251", b"koi8-r", b"utf-16", b"utf-7", b"base64", b"",
            b"unknown-8bit", b"x-garbage", b"\"utf-8", b"iso-8859-5", b"idna", b"rot13", b"us-ascii"]
CTES = [b"base64", b"quoted-printable", b"7bit", b"8bit", b"binary", b"x-uuencode", b"bogus", b""]
JUNK = [b"=?utf-8?b?0J/Ri", b"=?utf-8?q?=D0=", b"=?koi8-r?b?????=", b"=?unknown?q?x?=", b"*0*=''%ZZ",
        b"\r", b"\n", b"\n\n", b"--", b"\x00", b"\xff\xfe", b"\xd0", b"\xed\xb2\x82", b";", b"\"", b"=",
        b"\t", b" " * 100, b"=\n", b"==", b"Content-Type: message/rfc822\n\n"]


def _damage(data: bytes, draw) -> bytes:
    kind = draw(st.sampled_from(["charset", "cte", "boundary", "junk", "bytes", "truncate", "nest",
                                 "encoded-word", "dup-part", "crlf"]))
    if kind == "charset" and b"charset=" in data:
        cs = draw(st.sampled_from(CHARSETS))
        return re.sub(rb"charset=\"?[\w.:-]*\"?", b"charset=" + cs, data, count=draw(st.integers(0, 3)))
    if kind == "cte" and b"Content-Transfer-Encoding:" in data:
        cte = draw(st.sampled_from(CTES))
        return re.sub(rb"Content-Transfer-Encoding: *[\w-]*", b"Content-Transfer-Encoding: " + cte, data,
                      count=draw(st.integers(0, 3)))
    if kind == "boundary":
        marks = [m.start() for m in re.finditer(rb"\n--", data)]
        if marks:
            at = draw(st.sampled_from(marks))
            op = draw(st.sampled_from(["drop", "dup", "cut"]))
            end = data.find(b"\n", at + 1)
            end = len(data) if end < 0 else end
            if op == "drop":
                return data[:at] + data[end:]
            if op == "dup":
                return data[:end] + data[at:end] + data[end:]
            return data[:at + draw(st.integers(1, max(1, end - at)))]
        return data.replace(b"boundary=", b"boundary=X", 1)
    if kind == "nest":
        depth = draw(st.integers(1, 30))
        head = b"From: a@b.ru\nTo: c@d.ru\nSubject: fwd\nContent-Type: message/rfc822\n\n"
        if draw(st.booleans()):
            return head * depth + data
        out = data
        for i in range(depth):
            out = (b"Content-Type: multipart/mixed; boundary=N%d\n\n--N%d\n" % (i, i)) + out + b"\n--N%d--\n" % i
        return b"From: a@b.ru\nTo: c@d.ru\n" + out
    if kind == "encoded-word":
        at = draw(st.integers(0, min(len(data), 2000)))
        return data[:at] + draw(st.sampled_from(JUNK[:5])) + data[at:]
    if kind == "dup-part":
        return data + data[len(data) // 2:]
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n") if draw(st.booleans()) else data.replace(b"\n", b"\r")
    if kind == "truncate":
        return data[:draw(st.integers(0, len(data)))]
    if kind == "junk":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from(JUNK)) + data[at:]
    # raw byte edits
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        op = draw(st.sampled_from(["flip", "del", "ins"]))
        if op == "flip":
            out[at] = draw(st.integers(0, 255))
        elif op == "del":
            del out[at:at + draw(st.integers(1, 64))]
        else:
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(out)


@st.composite
def damaged_messages(draw) -> bytes:
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        data = _damage(data, draw)
    return data


def _no_crash(fn, *args):
    try:
        return fn(*args)
    except MailcheckError:
        return None


@FUZZ
@given(damaged_messages())
def test_load_lint_fix_never_crash(data):
    draft = _no_crash(load, data)
    if draft is None:
        return
    report = lint(data)
    for d in report.diagnostics:
        if d.field == "body":
            assert 0 <= d.offset <= d.offset + d.length <= len(report.draft.text)
    fixed = _no_crash(fix_bytes, data)
    if fixed is None:
        return
    new, old_text, new_text = fixed
    if new != data:
        again = load(new)                       # the fixed message still reads, as the same kind
        assert again.is_message == draft.is_message


@FUZZ
@given(damaged_messages(), st.sampled_from(["rfc822", "json", "check"]))
def test_server_never_answers_500(data, how):
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    client = _client()
    if how == "rfc822":
        r = client.post("/v1/lint", content=data, headers={"Content-Type": "message/rfc822"})
    elif how == "json":
        text = data.decode("utf-8", errors="surrogateescape")
        import json

        r = client.post("/v1/lint", content=json.dumps({"text": text}).encode(),
                        headers={"Content-Type": "application/json"})
    else:
        text = data.decode("utf-8", errors="replace")
        r = client.post("/v2/check", data={"language": "ru", "text": text})
    assert r.status_code < 500, r.text
    assert "error" in r.json() or r.status_code == 200


_CLIENT = []


def _client():
    if not _CLIENT:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient
        from mailcheck.frontends.server import create_app

        _CLIENT.append(TestClient(create_app(lint_timeout=None), base_url="http://127.0.0.1",
                                  raise_server_exceptions=False))
    return _CLIENT[0]


# --- the str API: any Python str, lone surrogates included ----------------------------

# every code point, with lone surrogates («\\udc82» from JSON, surrogate escapes) made frequent
_CHARS = st.one_of(st.characters(codec=None, categories=None),
                   st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=None))
_HEADERS = st.sampled_from(["From: a@example.ru\n", "To: c@client.ru\n", "Subject: Тема\n",
                            "Content-Type: text/plain; charset=utf-8\n", "Content-Transfer-Encoding: base64\n",
                            "Subject: =?utf-8?b?0J/RgA==?=\n", "\n", " \n"])
_PIECES = st.sampled_from(["\n", "\r\n", " \n", "Добрый день Иван!!! ", "С уважением.\n",
                           "Пароль: Qwerty123\n", "карта 4276 3800 1234 5679 ", "> цитата\n", "-- \n"])
_DRAFTS = st.tuples(st.lists(_HEADERS, max_size=5).map("".join),
                    st.lists(st.one_of(_PIECES, st.text(_CHARS, max_size=20)), max_size=10).map("".join)
                    ).map(lambda p: p[0] + ("\n" if p[0] else "") + p[1])


@FUZZ
@given(_DRAFTS)
def test_str_api_never_crashes(text):
    for fn in (mailcheck.lint, mailcheck.fix):
        try:
            out = fn(text)
        except MailcheckError:
            continue
        if fn is mailcheck.lint:
            import json

            json.dumps(out.to_dict(), ensure_ascii=False).encode("utf-8")
        else:
            assert isinstance(out, str)
