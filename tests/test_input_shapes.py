"""Messages of unusual shape are read as messages (issue 10): a blank or
whitespace-only first line, no blank line after the headers, only MIME headers.
Plain-text drafts that merely hold a colon stay plain text.

The inputs are minimal messages written for these tests, each reproducing one
shape seen in public test collections (CPython's email tests, mailgun/flanker).
"""
from __future__ import annotations

import base64

import pytest

import mailcheck
from mailcheck.draft.reader import load, looks_like_message
from mailcheck.frontends.fix import fix_bytes

BODY = "Добрый день, Анна!\n\nМакет готов, посмотрите его до пятницы.\n\nС уважением,\nИван Петров\n"
B64 = base64.encodebytes(BODY.encode()).decode()

HEAD = "From: Иван <ivan@example.ru>\nTo: anna@client.ru\nSubject: Макет\n"

MESSAGES = {
    "blank first line": "\n" + HEAD + "\n" + BODY,
    "crlf blank first line": ("\n" + HEAD + "\n" + BODY).replace("\n", "\r\n"),
    "whitespace-only first line": " " * 120 + "\n" + HEAD + "\n" + BODY,
    "tabs and spaces, two lines": " \t \n\t\n" + HEAD + "\n" + BODY,
    "no blank line after headers": HEAD + BODY,
    "only MIME headers, base64":
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + B64,
    "only Content-Type, multipart":
        "Content-Type: multipart/mixed; boundary=ABCDE\n\n--ABCDE\nContent-Type: text/plain; "
        "charset=utf-8\n\n" + BODY + "\n--ABCDE--\n",
    "only Content-Type, text": "Content-Type: text/plain; charset=utf-8\n\n" + BODY,
    "one address header": "From: <ivan@example.ru>\n\n" + BODY,
    "whitespace first line, no blank after headers": "   \n" + HEAD + BODY,
}


@pytest.mark.parametrize("name", list(MESSAGES))
def test_read_as_a_message(name):
    raw = MESSAGES[name].encode()
    assert looks_like_message(raw)
    d = load(raw)
    assert d.is_message
    assert "Content-Type" not in d.text and "From:" not in d.text and "--ABCDE" not in d.text
    assert d.text.startswith("Добрый день, Анна!")
    assert "Макет готов" in d.text
    # the same as a str (the library API)
    assert load(MESSAGES[name]).text == d.text


@pytest.mark.parametrize("name", ["blank first line", "whitespace-only first line",
                                  "no blank line after headers"])
def test_headers_are_read(name):
    d = load(MESSAGES[name].encode())
    assert d.subject == "Макет"
    assert d.from_.addr == "ivan@example.ru"


def test_fix_keeps_the_leading_blank_line():
    raw = ("\n" + HEAD + "\nДобрый день Анна!\n\nВсё готово!!!\n\nС уважением,\nИван Петров\n").encode()
    new, _, fixed = fix_bytes(raw)
    assert new.startswith(b"\nFrom: ")
    assert new.endswith("Добрый день, Анна!\n\nВсё готово!\n\nС уважением,\nИван Петров\n".encode())


def test_base64_body_is_not_linted_as_text():
    report = mailcheck.lint(MESSAGES["only MIME headers, base64"].encode())
    assert not any(d.rule.startswith("style.translit") or d.rule == "spelling" for d in report.diagnostics)


PLAIN = [
    "Note: см. ниже\n\nДобрый день, Анна!\n",
    "Re: договор\n\nДобрый день, Анна!\n",
    "Итог: всё готово.\nВажно: проверьте макет.\n\nИван\n",
    "Subject: встреча во вторник\nДобрый день, Анна! Встреча переносится.\n",
    "Date: 5 мая\nTime: 10:00\n\nДобрый день, Анна!\n",
    "\nДобрый день, Анна!\n\nСрок: пятница.\nИтог: 10 000 руб.\n",
    "   \nВажно: проверьте макет до пятницы.\n",
    "Content-Type: не знаю, что это значит\n\nДобрый день!\n",
    "To: Анне\n\nДобрый день, Анна!\n",
    "From: Иван\n\nДобрый день, Анна!\n",
    "Warning: до пятницы\nTODO: макет\nДобрый день!\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_with_a_colon_stays_plain_text(text):
    assert not looks_like_message(text.encode())
    d = load(text.encode())
    assert not d.is_message
    assert d.text == text


FIXABLE = "Добрый день Анна!\n\nВсё готово!!!\n\nС уважением,\nИван Петров\n"
FIXED = "Добрый день, Анна!\n\nВсё готово!\n\nС уважением,\nИван Петров\n"

FIX_SHAPES = {
    # a part whose body follows its headers with no blank line
    "part without a blank line": "From: i@example.ru\nTo: a@client.ru\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=foo\n\n--foo\nContent-Type: text/plain; charset=utf-8\n"
        + FIXABLE + "\n--foo\nContent-Type: text/html\n<p>x</p>\n\n--foo--\n",
    # no closing boundary at all
    "missing final boundary": "From: i@example.ru\nTo: a@client.ru\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=foo\n\n--foo\nContent-Type: text/plain; charset=utf-8\n\n"
        + FIXABLE,
    # the whole message is message/rfc822: the text is that of the message it carries
    "top-level message/rfc822": "From: i@example.ru\nTo: a@client.ru\nSubject: wrap\n"
        "Content-Type: message/rfc822\n\nFrom: i@example.ru\nSubject: inner\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + FIXABLE,
}


@pytest.mark.parametrize("name", list(FIX_SHAPES))
def test_fix_finds_the_text_part_in_unusual_shapes(name):
    raw = FIX_SHAPES[name].encode()
    new, old, fixed = fix_bytes(raw)
    assert fixed.rstrip("\n") == FIXED.rstrip("\n")
    assert load(new).text.rstrip("\n") == FIXED.rstrip("\n")
    before, after = raw.split(FIXABLE.split("\n")[0].encode())[0], new.split("Добрый день,".encode())[0]
    assert before == after                              # the bytes before the text are untouched


def test_fix_with_nothing_to_fix_never_fails_to_locate():
    # parts the splitter cannot line up with the parser's (a boundary inside a header value)
    raw = ("From: i@example.ru\nTo: a@client.ru\nContent-Type: multipart/mixed; boundary=foo\n\n"
           "--foo\nContent-Type: text/plain; charset=utf-8\nX-Note: --foo\n\n" + FIXED + "\n--foo--\n").encode()
    new, _, _ = fix_bytes(raw)
    assert new == raw


@pytest.mark.parametrize("charset", ["cp1251", "koi8-r", "utf-8"])
def test_raw_8bit_subject_and_file_name(charset):
    subj, name = "Договор на поставку оборудования", "договор.pdf"
    raw = (b"From: i@example.ru\nTo: a@client.ru\nSubject: " + subj.encode(charset) +
           b"\nContent-Type: multipart/mixed; boundary=A\n\n--A\nContent-Type: text/plain; charset=utf-8\n\n"
           + BODY.encode() + b"\n--A\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\""
           + name.encode(charset) + b"\"\n\nJVBERi0=\n--A--\n")
    d = load(raw)
    assert d.subject == subj
    assert [a.name for a in d.attachments] == [name]
