"""Input -> Draft: plain text, RFC 5322 messages, MIME, charsets, and the body split.

Every span is checked by slicing the checked text: the offsets must point at
exactly the strings a reader sees as the new text, the sign-off, the signature
and each quoted message.
"""
import base64
import subprocess
import sys
from pathlib import Path

import pytest

from mailcheck.draft.reader import load, looks_like_message
from mailcheck.draft.decode import decode_bytes, detect
from mailcheck.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

BODY = (
    "Добрый день, Анна!\n"
    "\n"
    "Макет главной страницы готов, ссылка в конце письма.\n"
    "Посмотрите, пожалуйста, до пятницы.\n"
    "\n"
    "С уважением,\n"
    "Иван Петров\n"
    "менеджер проекта, ООО \"Пример\"\n"
    "+7 (495) 555-12-34\n"
)


def _sl(text, span):
    assert span is not None
    assert 0 <= span.start <= span.end <= len(text)
    return text[span.start:span.end]


def _msg(headers: str, body: bytes, ctype="text/plain; charset=utf-8", cte="8bit") -> bytes:
    head = headers + f"MIME-Version: 1.0\nContent-Type: {ctype}\nContent-Transfer-Encoding: {cte}\n\n"
    return head.encode("ascii") + body


HEAD = ("From: =?utf-8?b?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@example.ru>\n"
        "To: Anna <anna@client.ru>\n"
        "Subject: =?utf-8?b?0JzQsNC60LXRgiDQs9C70LDQstC90L7QuQ==?=\n"
        "Date: Mon, 12 Oct 2026 10:15:00 +0300\n")


# ---------------------------------------------------------------- plain text

def test_plain_text():
    d = load(BODY.encode("utf-8"), "a.txt")
    assert not d.is_message
    assert d.text == BODY
    assert d.subject is None
    assert d.from_ is None and d.to == []
    assert _sl(d.text, d.new) == ("Добрый день, Анна!\n\nМакет главной страницы готов, ссылка в конце письма.\n"
                                  "Посмотрите, пожалуйста, до пятницы.\n\nС уважением,")
    assert _sl(d.text, d.signoff) == "С уважением,"
    assert _sl(d.text, d.signature) == "Иван Петров\nменеджер проекта, ООО \"Пример\"\n+7 (495) 555-12-34"
    assert d.quotes == []
    assert not d.is_reply


def test_plain_str_equals_bytes():
    a = load(BODY)
    b = load(BODY.encode("utf-8"))
    assert (a.text, a.new, a.signoff, a.signature) == (b.text, b.new, b.signoff, b.signature)


def test_text_with_colon_first_line_is_not_a_message():
    text = "Итог: всё готово.\nВажно: проверьте макет.\n\nИван\n"
    d = load(text.encode())
    assert not d.is_message
    assert d.text == text


def test_utf8_bom_is_dropped():
    d = load(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    assert d.text == BODY


# ------------------------------------------------- RFC 5322 by content, not by name

def test_message_saved_as_txt_is_a_message(tmp_path):
    raw = _msg(HEAD, BODY.encode("utf-8"))
    p = tmp_path / "draft.txt"
    p.write_bytes(raw)
    from mailcheck.draft.reader import read_path
    d = load(read_path(str(p)), str(p))
    assert d.is_message
    assert d.subject == "Макет главной"
    assert d.from_.name == "Иван Петров" and d.from_.addr == "ivan@example.ru"
    assert d.to[0].addr == "anna@client.ru"
    assert d.date.year == 2026 and d.date.month == 10 and d.date.day == 12
    assert d.text == BODY
    assert _sl(d.text, d.signoff) == "С уважением,"


def test_message_via_stdin_through_cli():
    raw = _msg(HEAD, BODY.encode("utf-8"))
    r = subprocess.run([sys.executable, "-m", "mailcheck", "check", "--format", "json", "-"],
                       input=raw, capture_output=True, cwd=ROOT)
    assert r.returncode in (0, 1), r.stderr.decode()
    import json
    out = json.loads(r.stdout)
    assert out["files"][0]["path"] == "<stdin>"
    # the subject header is not part of the checked text: offsets are into the body
    for d in out["files"][0]["diagnostics"]:
        if d["field"] == "body":
            assert BODY[d["offset"]:d["offset"] + d["length"]] == d["text"]


def test_message_str_input():
    d = load(_msg(HEAD, BODY.encode("utf-8")).decode("utf-8"))
    assert d.is_message and d.text == BODY


def test_mbox_from_line():
    raw = b"From ivan@example.ru Mon Oct 12 10:15:00 2026\n" + _msg(HEAD, BODY.encode())
    assert looks_like_message(raw)


def test_empty_subject_is_empty_string():
    raw = _msg("From: ivan@example.ru\nTo: anna@client.ru\nSubject: \n", BODY.encode())
    d = load(raw)
    assert d.subject == ""


def test_no_subject_header_is_none():
    raw = _msg("From: ivan@example.ru\nTo: anna@client.ru\n", BODY.encode())
    d = load(raw)
    assert d.is_message and d.subject is None


# ------------------------------------------------------------------ MIME

def test_multipart_alternative_prefers_plain():
    html = "<html><body><p>ДРУГОЙ ТЕКСТ</p></body></html>"
    raw = (HEAD + "MIME-Version: 1.0\n"
           'Content-Type: multipart/alternative; boundary="XX"\n\n'
           "--XX\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
           f"{html}\n"
           "--XX\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
           f"{BODY}\n--XX--\n").encode("utf-8")
    d = load(raw)
    assert "ДРУГОЙ" not in d.text
    assert d.text.strip() == BODY.strip()
    assert d.attachments == []
    assert not d.text_is_html


def test_html_only_keeps_paragraphs():
    html = ("<html><head><style>p {color: red}</style><title>T</title></head><body>"
            "<p>Добрый&nbsp;день, Анна!</p>"
            "<p>Макет готов &mdash; посмотрите, пожалуйста.<br>Ссылка ниже.</p>"
            "<ul><li>первое</li><li>второе</li></ul>"
            "<p>С уважением,<br>Иван</p></body></html>")
    raw = _msg(HEAD, html.encode("utf-8"), ctype="text/html; charset=utf-8")
    d = load(raw)
    assert d.text_is_html
    assert "color" not in d.text and "<" not in d.text
    paras = [p for p in d.text.split("\n\n") if p.strip()]
    assert paras[0] == "Добрый день, Анна!"
    assert paras[1] == "Макет готов — посмотрите, пожалуйста.\nСсылка ниже."
    assert "первое" in paras[2] and "второе" in paras[2] and "\n" in paras[2]
    assert _sl(d.text, d.signoff) == "С уважением,"
    assert _sl(d.text, d.signature) == "Иван"


def test_html_gmail_divs_are_lines():
    html = ('<div dir="ltr"><div>Добрый день, Анна!</div><div><br></div><div>Макет готов.</div>'
            '<div>Посмотрите, пожалуйста.</div><div><br></div><div>С уважением,</div><div>Иван Петров</div>'
            '<div>+7 495 555-12-34</div></div>')
    d = load(_msg(HEAD, html.encode(), ctype="text/html; charset=utf-8"))
    assert d.text == ("Добрый день, Анна!\n\nМакет готов.\nПосмотрите, пожалуйста.\n\n"
                      "С уважением,\nИван Петров\n+7 495 555-12-34\n")
    assert _sl(d.text, d.signoff) == "С уважением,"
    assert _sl(d.text, d.signature) == "Иван Петров\n+7 495 555-12-34"


def test_html_br_br_is_a_paragraph_break():
    d = load(_msg(HEAD, "Первая строка<br>вторая<br><br>Новый абзац".encode(), ctype="text/html; charset=utf-8"))
    assert d.text == "Первая строка\nвторая\n\nНовый абзац\n"


def test_html_blockquote_is_a_quote():
    html = ("<p>Да, подходит.</p><p>С уважением,<br>Иван</p>"
            "<div>12.10.2026 10:15, Анна &lt;anna@client.ru&gt; пишет:</div>"
            "<blockquote><p>Подходит ли вам вторник?</p></blockquote>")
    d = load(_msg(HEAD, html.encode(), ctype="text/html; charset=utf-8"))
    assert d.quotes
    assert "Подходит ли вам вторник?" in _sl(d.text, d.quotes[0].span)
    assert "Подходит ли" not in _sl(d.text, d.new)


def test_base64_body():
    raw = _msg(HEAD, base64.encodebytes(BODY.encode("utf-8")), cte="base64")
    assert load(raw).text == BODY


def test_quoted_printable_body():
    import quopri
    raw = _msg(HEAD, quopri.encodestring(BODY.encode("utf-8")), cte="quoted-printable")
    assert load(raw).text == BODY


@pytest.mark.parametrize("charset", ["utf-8", "windows-1251", "koi8-r"])
@pytest.mark.parametrize("cte", ["8bit", "base64", "quoted-printable"])
def test_declared_charsets(charset, cte):
    import quopri
    body = BODY.encode(charset)
    if cte == "base64":
        body = base64.encodebytes(body)
    elif cte == "quoted-printable":
        body = quopri.encodestring(body)
    raw = _msg(HEAD, body, ctype=f'text/plain; charset="{charset}"', cte=cte)
    d = load(raw)
    assert d.text == BODY
    assert _sl(d.text, d.signoff) == "С уважением,"


def test_charset_per_part():
    """Each part declares its own charset; the text part's one is used."""
    raw = (HEAD + "MIME-Version: 1.0\n"
           'Content-Type: multipart/mixed; boundary="B1"\n\n'
           "--B1\nContent-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n\n").encode()
    raw += BODY.encode("koi8-r")
    raw += ("\n--B1\nContent-Type: text/plain; charset=windows-1251\n"
            "Content-Disposition: attachment; filename=notes.txt\n"
            "Content-Transfer-Encoding: 8bit\n\n").encode()
    raw += "Заметки к макету".encode("cp1251") + b"\n--B1--\n"
    d = load(raw)
    assert d.text.strip() == BODY.strip()
    assert [(a.name, a.content_type) for a in d.attachments] == [("notes.txt", "text/plain")]


def test_rfc2047_headers():
    raw = _msg("From: =?koi8-r?B?" + base64.b64encode("Иван Петров".encode("koi8-r")).decode()
               + "?= <ivan@example.ru>\n"
               "To: =?windows-1251?Q?" + "".join(f"={b:02X}" for b in "Анна".encode("cp1251"))
               + "?= <anna@client.ru>\n"
               "Subject: =?utf-8?B?" + base64.b64encode("Счёт №15 за октябрь".encode()).decode() + "?=\n",
               BODY.encode())
    d = load(raw)
    assert d.from_.name == "Иван Петров"
    assert d.to[0].name == "Анна"
    assert d.subject == "Счёт №15 за октябрь"


def test_folded_subject_is_one_line():
    raw = _msg("From: ivan@example.ru\nSubject: Macet\n  of the main page\n", BODY.encode())
    assert load(raw).subject == "Macet of the main page"


def _with_attachment(disposition_params: str) -> bytes:
    pdf = b"%PDF-1.4\n" + b"0" * 991
    return (HEAD + "MIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="B"\n\n'
            "--B\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            + BODY +
            "\n--B\nContent-Type: application/pdf\n"
            f"Content-Disposition: attachment; {disposition_params}\n"
            "Content-Transfer-Encoding: base64\n\n").encode("utf-8") + base64.encodebytes(pdf) + b"--B--\n"


def test_rfc2231_attachment_name():
    name = "Счёт №15.pdf"
    from urllib.parse import quote
    raw = _with_attachment(f"filename*=utf-8''{quote(name.encode('utf-8'))}")
    d = load(raw)
    assert len(d.attachments) == 1
    a = d.attachments[0]
    assert (a.name, a.content_type, a.size, a.inline) == (name, "application/pdf", 1000, False)
    assert d.text.strip() == BODY.strip()


def test_rfc2231_continuations():
    name = "Коммерческое предложение на разработку сайта.pdf"
    from urllib.parse import quote
    words = name.split(" ")
    # cut between whole %XX escapes: one segment per word
    parts = [quote((w + (" " if k < len(words) - 1 else "")).encode("utf-8")) for k, w in enumerate(words)]
    params = "; ".join(f"filename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{p}" for i, p in enumerate(parts))
    d = load(_with_attachment(params))
    assert d.attachments[0].name == name


def test_rfc2047_attachment_name():
    name = "Договор.pdf"
    d = load(_with_attachment(f'filename="=?utf-8?B?{base64.b64encode(name.encode()).decode()}?="'))
    assert d.attachments[0].name == name


def test_corpus_attachments_listed():
    d = load((CORPUS / "002-context-problem-ask-ssl.eml").read_bytes())
    assert d.attachments
    for a in d.attachments:
        assert a.name and a.content_type == "application/pdf" and a.size > 0
        assert any("а" <= c.lower() <= "я" for c in a.name)


# ---------------------------------------------------- undeclared 8-bit charsets

@pytest.mark.parametrize("charset", ["utf-8", "cp1251", "koi8-r"])
def test_undeclared_plain_text_detected(charset):
    d = load(BODY.encode(charset))
    assert d.text == BODY
    assert d.charset.replace("_", "-").lower() in (charset, "windows-1251" if charset == "cp1251" else charset)


@pytest.mark.parametrize("charset", ["cp1251", "koi8-r"])
def test_undeclared_8bit_message_body_detected(charset):
    raw = ("From: ivan@example.ru\nTo: anna@client.ru\nSubject: test\n\n").encode() + BODY.encode(charset)
    assert load(raw).text == BODY


@pytest.mark.parametrize("charset", ["cp1251", "koi8-r"])
def test_wrongly_declared_utf8_falls_back_to_detection(charset):
    raw = _msg(HEAD, BODY.encode(charset), ctype="text/plain; charset=utf-8")
    assert load(raw).text == BODY


@pytest.mark.parametrize("word", ["Да", "Счёт", "Привет, Юля", "ЪЁЩ", "Съешь же ещё этих мягких французских булок"])
@pytest.mark.parametrize("charset", ["cp1251", "koi8-r"])
def test_detect_short_texts(word, charset):
    text, cs = decode_bytes(word.encode(charset))
    # short texts may be ambiguous; detection must at least never raise and give text of the same length
    assert len(text) == len(word)
    if len(word) > 20:
        assert text == word


def test_detect_prefers_utf8():
    assert detect("Привет".encode("utf-8")) == "utf-8"


# ----------------------------------------------------------------- body split

def _split(text):
    d = load(text)
    return d, lambda sp: _sl(d.text, sp)


REPLY_TOP = "Добрый день, Анна!\n\nДа, вторник подходит.\n\nС уважением,\nИван Петров\n"


def _check_quote(text, header, quoted, author=None):
    d, s = _split(text)
    assert len(d.quotes) >= 1
    q = d.quotes[0]
    assert s(q.header) == header
    assert s(q.span).startswith(header)
    assert s(q.span).rstrip("\n").endswith(quoted.rstrip("\n").splitlines()[-1])
    assert quoted.strip().splitlines()[0] in s(q.span)
    assert s(d.new) == "Добрый день, Анна!\n\nДа, вторник подходит.\n\nС уважением,"
    assert s(d.signoff) == "С уважением,"
    assert s(d.signature) == "Иван Петров"
    assert d.is_reply
    if author is not None:
        assert q.author == author
    return d, q


def test_gt_quote():
    text = REPLY_TOP + "\n> Подходит ли вам вторник?\n> Анна\n"
    d, s = _split(text)
    assert s(d.quotes[0].span) == "> Подходит ли вам вторник?\n> Анна"
    assert d.quotes[0].header is None
    assert s(d.signature) == "Иван Петров"


def test_pishet_attribution():
    hdr = "12.10.2026 10:15, Анна Смирнова <anna@client.ru> пишет:"
    d, q = _check_quote(REPLY_TOP + "\n" + hdr + "\n> Подходит ли вам вторник?\n", hdr,
                        "> Подходит ли вам вторник?", author="Анна Смирнова")
    assert (q.date.year, q.date.month, q.date.day, q.date.hour, q.date.minute) == (2026, 10, 12, 10, 15)


@pytest.mark.parametrize("verb", ["написал(а):", "написала:", "написал:"])
def test_napisal_attribution(verb):
    hdr = f"Понедельник, 12 октября 2026, 10:15 +03:00 от Анна Смирнова <anna@client.ru> {verb}"
    _check_quote(REPLY_TOP + "\n" + hdr + "\n> Подходит ли вам вторник?\n", hdr, "> Подходит ли вам вторник?")


def test_gmail_russian_header():
    hdr = "пн, 12 окт. 2026 г. в 10:15, Анна Смирнова <anna@client.ru>:"
    d, q = _check_quote(REPLY_TOP + "\n" + hdr + "\n> Подходит ли вам вторник?\n", hdr,
                        "> Подходит ли вам вторник?", author="Анна Смирнова")
    assert (q.date.month, q.date.day, q.date.hour, q.date.minute) == (10, 12, 10, 15)


def test_original_message_separator():
    block = ("-----Original Message-----\nFrom: Anna <anna@client.ru>\nSent: Monday, October 12, 2026 10:15 AM\n"
             "To: Ivan <ivan@example.ru>\nSubject: Macet\n")
    hdr = block.rstrip("\n")
    d, q = _check_quote(REPLY_TOP + "\n" + block + "\nПодходит ли вам вторник?\n", hdr, "Подходит ли вам вторник?")
    assert q.date is not None and (q.date.month, q.date.day, q.date.hour) == (10, 12, 10)


def test_forwarded_separator():
    block = ("-------- Пересылаемое сообщение --------\n12.10.2026, 10:15, \"Анна\" <anna@client.ru>:\n")
    text = REPLY_TOP + "\n" + block + "\nПодходит ли вам вторник?\n"
    d, s = _split(text)
    q = d.quotes[0]
    assert s(q.span).startswith("-------- Пересылаемое сообщение --------")
    assert s(q.span).endswith("Подходит ли вам вторник?")
    assert s(d.new).endswith("С уважением,")


def test_outlook_russian_block():
    block = ("От: Анна Смирнова <anna@client.ru>\nОтправлено: 12 октября 2026 г. 10:15\n"
             "Кому: Иван Петров <ivan@example.ru>\nТема: Макет\n")
    hdr = block.rstrip("\n")
    d, q = _check_quote(REPLY_TOP + "\n" + block + "\nПодходит ли вам вторник?\n", hdr,
                        "Подходит ли вам вторник?", author="Анна Смирнова")
    assert q.date is not None and (q.date.month, q.date.day) == (10, 12)


def test_outlook_english_block():
    block = ("From: Anna Smirnova <anna@client.ru>\nSent: Monday, October 12, 2026 10:15 AM\n"
             "To: Ivan <ivan@example.ru>\nSubject: Macet\n")
    hdr = block.rstrip("\n")
    d, q = _check_quote(REPLY_TOP + "\n" + block + "\nПодходит ли вам вторник?\n", hdr,
                        "Подходит ли вам вторник?", author="Anna Smirnova")
    assert (q.date.month, q.date.day, q.date.hour, q.date.minute) == (10, 12, 10, 15)


def test_english_on_wrote():
    hdr = "On Mon, Oct 12, 2026 at 10:15 AM Anna Smirnova <anna@client.ru> wrote:"
    d, q = _check_quote(REPLY_TOP + "\n" + hdr + "\n> Does Tuesday suit you?\n", hdr, "> Does Tuesday suit you?",
                        author="Anna Smirnova")
    assert (q.date.month, q.date.day, q.date.hour) == (10, 12, 10)


def test_english_wrote_pm():
    hdr = "On Oct 12, 2026, at 3:05 PM, Anna <anna@client.ru> wrote:"
    d, q = _check_quote(REPLY_TOP + "\n" + hdr + "\n> Does Tuesday suit you?\n", hdr, "> Does Tuesday suit you?")
    assert (q.date.hour, q.date.minute) == (15, 5)


def test_yandex_attribution():
    hdr = '12.10.2026, 10:15, "Анна Смирнова" <anna@client.ru>:'
    d, q = _check_quote(REPLY_TOP + "\n" + hdr + "\n> Подходит ли вам вторник?\n", hdr,
                        "> Подходит ли вам вторник?", author="Анна Смирнова")
    assert (q.date.day, q.date.hour, q.date.minute) == (12, 10, 15)


def test_mailru_attribution():
    hdr = "Понедельник, 12 октября 2026, 10:15 +03:00 от Анна Смирнова <anna@client.ru>:"
    d, q = _check_quote(REPLY_TOP + "\n" + hdr + "\n> Подходит ли вам вторник?\n", hdr,
                        "> Подходит ли вам вторник?", author="Анна Смирнова")
    assert (q.date.month, q.date.day) == (10, 12)


def test_outlook_underscore_line_belongs_to_the_quote():
    block = ("________________________________\nОт: Анна Смирнова <anna@client.ru>\n"
             "Отправлено: 12 октября 2026 г. 10:15\nКому: Иван Петров\nТема: Макет\n")
    _check_quote(REPLY_TOP + "\n" + block + "\nПодходит ли вам вторник?\n", block.rstrip("\n"),
                 "Подходит ли вам вторник?", author="Анна Смирнова")


@pytest.mark.parametrize("hdr,author", [
    ("On Mon, Oct 12, 2026 at 10:15 AM Anna Smirnova <\nanna@client.ru> wrote:", "Anna Smirnova"),
    ("пн, 12 окт. 2026 г. в 10:15, Анна Смирнова <\nanna@client.ru>:", "Анна Смирнова"),
])
def test_attribution_wrapped_over_two_lines(hdr, author):
    d, q = _check_quote(REPLY_TOP + "\n" + hdr + "\n\n> Подходит ли вам вторник?\n", hdr,
                        "> Подходит ли вам вторник?", author=author)
    assert (q.date.month, q.date.day, q.date.hour) == (10, 12, 10)


def test_address_in_text_ending_with_colon_is_not_a_quote():
    text = ("Добрый день!\n\nНапишите на адрес ivan@example.ru, если\nостались вопросы, вот список:\n"
            "— макет;\n— тексты.\n\nС уважением,\nИван\n")
    d, s = _split(text)
    assert d.quotes == []
    assert "— тексты." in s(d.new)


def test_sentence_ending_in_pishet_is_not_a_quote():
    text = "Добрый день, Анна!\n\nКлиент нам пишет:\nсрок сдачи — пятница.\n\nС уважением,\nИван\n"
    d, s = _split(text)
    assert d.quotes == []
    assert "срок сдачи" in s(d.new)


def test_dash_dash_signature_delimiter():
    text = "Добрый день!\n\nМакет готов, посмотрите.\n\n-- \nИван Петров\nООО «Пример»\n"
    d, s = _split(text)
    assert s(d.new) == "Добрый день!\n\nМакет готов, посмотрите."
    assert d.signoff is None
    assert s(d.signature) == "Иван Петров\nООО «Пример»"


def test_signoff_then_dash_dash():
    text = "Добрый день!\n\nМакет готов.\n\nСпасибо!\n-- \nИван Петров\n+7 495 555-12-34\n"
    d, s = _split(text)
    assert s(d.signoff) == "Спасибо!"
    assert s(d.signature) == "Иван Петров\n+7 495 555-12-34"
    assert s(d.new).endswith("Спасибо!")


def test_signature_on_signoff_line_neighbour():
    text = "Добрый день!\n\nМакет готов.\n\nВсего доброго, Иван\n"
    d, s = _split(text)
    assert s(d.signoff) == "Всего доброго, Иван"


def test_thanks_sentence_is_not_a_signoff():
    text = "Добрый день!\n\nСпасибо за подробное письмо, мы всё исправим до пятницы и пришлём отчёт.\n"
    d, s = _split(text)
    assert d.signoff is None
    assert d.signature is None
    assert s(d.new) == text.rstrip("\n")


def test_no_signature():
    text = "Добрый день!\n\nМакет готов, посмотрите, пожалуйста.\n"
    d, s = _split(text)
    assert d.signoff is None and d.signature is None and d.quotes == []
    assert s(d.new) == text.rstrip("\n")


def test_bottom_posting():
    text = ("Анна Смирнова <anna@client.ru> пишет:\n> Подходит ли вам вторник?\n\n"
            "Да, подходит.\n\nС уважением,\nИван\n")
    d, s = _split(text)
    assert s(d.quotes[0].span).endswith("> Подходит ли вам вторник?")
    assert s(d.new) == "Да, подходит.\n\nС уважением,"
    assert s(d.signature) == "Иван"


def test_inline_answers():
    text = ("> Подходит ли вам вторник?\nДа.\n\n> А время?\nВ 11:00.\n\nС уважением,\nИван\n")
    d, s = _split(text)
    quoted = [s(q.span) for q in d.quotes]
    assert "> Подходит ли вам вторник?" in quoted[0]
    assert all(not s(d.new) or ">" not in s(d.new) for _ in [0])


def test_crlf_body_offsets():
    text = REPLY_TOP.replace("\n", "\r\n") + "\r\n> Подходит ли вам вторник?\r\n"
    d = load(text.encode())
    assert d.text == text
    assert _sl(d.text, d.signoff) == "С уважением,"
    assert _sl(d.text, d.signature) == "Иван Петров"
    assert _sl(d.text, d.quotes[0].span) == "> Подходит ли вам вторник?"


def test_crlf_message_is_normalised():
    raw = _msg(HEAD, BODY.encode()).replace(b"\n", b"\r\n")
    d = load(raw)
    assert d.text == BODY


def _ordered(d):
    parts = [d.new] + ([d.signature] if d.signature else []) + [q.span for q in d.quotes]
    parts = sorted(parts)
    for a, b in zip(parts, parts[1:]):
        assert a.end <= b.start, (a, b)
    if d.signoff:
        assert d.new.start <= d.signoff.start <= d.signoff.end <= d.new.end


@pytest.mark.parametrize("path", sorted(p.name for p in CORPUS.glob("*") if p.suffix in (".txt", ".eml")))
def test_corpus_spans(path):
    d = load((CORPUS / path).read_bytes(), path)
    assert d.text.strip()
    _ordered(d)
    assert d.new.end > d.new.start
    # the new text never contains a quoted '>' line
    assert not any(ln.startswith(">") for ln in _sl(d.text, d.new).splitlines())
    for q in d.quotes:
        if q.header:
            assert q.span.start == q.header.start and q.header.end <= q.span.end


def test_corpus_gmail_quote():
    d = load((CORPUS / "004-reply-gmail-quote-jargon.txt").read_bytes())
    q = d.quotes[0]
    assert _sl(d.text, q.header) == "пн, 12 окт. 2026 г. в 10:15, Иван Петров <i.petrov@hvostik-shop.ru>:"
    assert q.author == "Иван Петров"
    assert "задеплоите" in _sl(d.text, q.span) and "задеплоите" not in _sl(d.text, d.new)
    assert _sl(d.text, d.signature).startswith("Дмитрий Ершов")
    assert _sl(d.text, d.signature).endswith("d.ershov@severcode.ru")


def test_corpus_outlook_multipart():
    d = load((CORPUS / "005-reply-outlook-echoes-client-term.eml").read_bytes())
    assert d.is_message and not d.text_is_html
    assert d.quotes and _sl(d.text, d.quotes[0].header).startswith("От:")
    assert d.quotes[0].date is not None


def test_corpus_cp1251_and_koi8():
    d7 = load((CORPUS / "007-estimate-range-cp1251.eml").read_bytes())
    assert "\r" not in d7.text
    assert any("а" <= c <= "я" for c in d7.subject)
    koi = sorted(CORPUS.glob("024-*.eml"))
    assert koi
    for p in koi:
        d24 = load(p.read_bytes())
        assert any("а" <= c <= "я" for c in d24.subject)
        assert sum("а" <= c <= "я" for c in d24.text) > 100


def test_corpus_html_only():
    d = load((CORPUS / "010-logo-concepts-html-only.eml").read_bytes())
    assert d.text_is_html
    assert "&nbsp;" not in d.text and "&mdash;" not in d.text and "&laquo;" not in d.text
    assert "\n\n" in d.text


def test_input_error_type():
    with pytest.raises(InputError):
        load(b"")
