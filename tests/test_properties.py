"""Property tests for the parsers and offsets (hypothesis).

Any text or bytes: load() raises nothing but InputError; the new text,
signature and quotes are in bounds, ordered and do not overlap; every
paragraph/sentence/token slices the text it claims; lint() never crashes and
every diagnostic's offset/length/line/column agree with the checked text.
"""
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import mailcheck
from mailcheck.errors import InputError
from mailcheck.draft.reader import load
from mailcheck.language.text import Doc

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# pieces that exercise the splitter: greetings, closings, quote headers, delimiters
PIECES = [
    "Добрый день, Анна!", "Здравствуйте!", "С уважением,", "Спасибо!", "Всего доброго,", "-- ", "--",
    "> цитата", ">", "> > вложенная", "12.10.2026 10:15, Анна <anna@client.ru> пишет:",
    "пн, 12 окт. 2026 г. в 10:15, Иван Петров <i@p.ru>:", "-----Original Message-----",
    "-------- Пересылаемое сообщение --------", "От: Анна <a@b.ru>", "Отправлено: 12 октября 2026 г. 10:15",
    "Кому: Иван", "Тема: Макет", "From: Anna <a@b.ru>", "Sent: Monday, October 12, 2026 10:15 AM",
    "To: Ivan", "Subject: x", "On Mon, Oct 12, 2026 at 10:15 AM Anna <a@b.ru> wrote:",
    "Иван Петров", "+7 (495) 555-12-34", "ivan@example.ru", "ООО «Пример»", "1.", "2) пункт", "— пункт",
    "Макет готов, посмотрите, пожалуйста.", "Задеплоили фичу, ок?", "СРОЧНО!!!", "https://example.ru/a?b=c",
    "", " ", "\t", "Т.е. и т.д.", "ghbdtn", "cрок", "😀", "\u00a0", "\u200b", "\r",
]

lines_st = st.lists(st.one_of(st.sampled_from(PIECES),
                              st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                                      max_size=30)),
                    max_size=25)
texts = st.one_of(
    lines_st.map("\n".join),
    st.text(max_size=300),
    st.text(alphabet="абвгд АБВ.,!?:;>-\n\r\t «»—()0123456789@" + string.ascii_letters, max_size=400),
)

HEADERS = ["From: Иван <ivan@example.ru>", "To: anna@client.ru", "Subject: Макет", "Subject:",
           "Date: Mon, 12 Oct 2026 10:15:00 +0300", "MIME-Version: 1.0",
           "Content-Type: text/plain; charset=utf-8", "Content-Type: text/html; charset=koi8-r",
           'Content-Type: multipart/alternative; boundary="B"', "Content-Transfer-Encoding: base64",
           "Content-Transfer-Encoding: quoted-printable", "X-Junk: =?utf-8?B?0J/RgNC4?="]
messages = st.builds(
    lambda hs, body, enc: ("\n".join(hs) + "\n\n" + body).encode(enc, errors="replace"),
    st.lists(st.sampled_from(HEADERS), min_size=2, max_size=7),
    texts,
    st.sampled_from(["utf-8", "cp1251", "koi8-r"]),
)
raw_bytes = st.one_of(st.binary(max_size=400), messages,
                      texts.map(lambda t: t.encode("cp1251", errors="replace")),
                      texts.map(lambda t: t.encode("koi8-r", errors="replace")))


def _load(source):
    try:
        return load(source)
    except InputError:
        return None


def check_spans(d):
    n = len(d.text)
    spans = d.new_spans or [d.new]
    assert d.new == spans[0]
    parts = [("new", sp) for sp in spans] + ([("signature", d.signature)] if d.signature else []) + \
            [("quote", q.span) for q in d.quotes]
    for name, sp in parts:
        assert 0 <= sp.start <= sp.end <= n, (name, sp, n)
    ordered = sorted(sp for _, sp in parts if sp.end > sp.start)
    for a, b in zip(ordered, ordered[1:]):
        assert a.end <= b.start, ("overlap", a, b)
    if d.signoff is not None:
        last = spans[-1]       # the closing belongs to the sender's last region
        assert last.start <= d.signoff.start <= d.signoff.end <= last.end
    for q in d.quotes:
        if q.header is not None:
            assert q.span.start <= q.header.start <= q.header.end <= q.span.end
    starts = [q.span.start for q in d.quotes]
    assert starts == sorted(starts)


def check_layers(d):
    doc = Doc(d)
    for layer in (doc.new, doc.quoted, doc.sig):
        prev_end = -1
        for p in layer.paragraphs:
            assert p.text == doc.text[p.start:p.end]
            assert p.start >= prev_end
            prev_end = p.end
            s_end = p.start
            for s in p.sentences:
                assert s.text == doc.text[s.start:s.end]
                assert p.start <= s.start <= s.end <= p.end and s.start >= s_end
                s_end = s.end
                t_end = s.start
                for t in s.tokens:
                    assert t.text == doc.text[t.start:t.end]
                    assert s.start <= t.start < t.end <= s.end and t.start >= t_end
                    t_end = t.end


@SETTINGS
@given(texts)
@example("")
@example("\n\n\n")
@example("> только цитата")
@example("-- \n")
@example("С уважением,")
@example("От: a\nТема: b\nКому: c\n")
def test_load_text_never_raises_but_input_error(text):
    d = _load(text)
    if d is None:
        return
    check_spans(d)
    check_layers(d)


@SETTINGS
@given(raw_bytes)
@example(b"\xff\xfe\x00\x00")
@example(b"From: a@b.ru\nSubject: x\n\n")
@example(b'From: a@b.ru\nContent-Type: multipart/mixed; boundary="B"\n\n--B\n\n--B--')
def test_load_bytes_never_raises_but_input_error(data):
    d = _load(data)
    if d is None:
        return
    assert isinstance(d.text, str)
    check_spans(d)
    check_layers(d)


def line_col(text, offset):
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def check_diagnostics(report):
    text = report.draft.text
    for diag in report.diagnostics:
        assert diag.severity in ("error", "warning", "suggestion")
        assert diag.rule and diag.message
        assert diag.length >= 0
        if diag.field == "body":
            assert 0 <= diag.offset <= diag.offset + diag.length <= len(text), diag
            actual = text[diag.offset:diag.offset + diag.length]
            if diag.rule == "content.sensitive-data":
                assert diag.text != actual and "*" in diag.text, diag    # a secret is masked, never repeated
            else:
                assert actual == diag.text, diag
            assert (diag.line, diag.column) == line_col(text, diag.offset), diag
            assert (diag.end_line, diag.end_column) == line_col(text, diag.offset + diag.length), diag
        else:
            assert diag.field in ("subject", "from", "to", "cc", "attachments"), diag.field
    d = report.to_dict()
    assert 0 <= d["score"] <= 10


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("Привет!!! Задеплоили фичу, ок? Во вложении счёт.\n\nПока")
@example("Добрый день!\n\n> Когда задеплоите?\n\nЗадеплоим завтра.\n")
def test_lint_never_crashes_and_offsets_agree(text):
    try:
        report = mailcheck.lint(text)
    except InputError:
        return
    check_diagnostics(report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages)
def test_lint_messages_never_crash(data):
    try:
        report = mailcheck.lint(data)
    except InputError:
        return
    check_diagnostics(report)


_ATOM = st.tuples(st.sampled_from(["абв", "ЁёЖ", "abc", "XY", "0123456789", "0123456789", "іє", "é"]),
                  st.integers(1, 3), st.sampled_from(["", ".", ",", "!", "?", ":", ";", "-", "..", "%"]),
                  st.sampled_from([" ", " ", "  ", "\n", "\t", ""]))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(_ATOM, st.randoms()), min_size=1, max_size=6), st.sampled_from(["", " "]))
def test_plain_sentences_are_tokenised_as_razdel_does(atoms, lead):
    """The text layer's fast path for a sentence of plain words gives razdel's tokens."""
    from razdel import tokenize

    from mailcheck.language import text as text_mod

    chunk = lead + "".join("".join(rnd.choice(letters) for _ in range(n)) + mark + sep
                           for (letters, n, mark, sep), rnd in atoms)
    if not text_mod._PLAIN.fullmatch(chunk):
        return
    assert text_mod._chunk_tokens.__wrapped__(chunk) == tuple((t.start, t.stop, t.text) for t in tokenize(chunk))


def test_numbers_before_a_mark_and_a_number_are_left_to_razdel():
    """razdel joins «10, 20» into «10,» «20»: such a sentence is not plain."""
    from mailcheck.language import text as text_mod

    assert not text_mod._PLAIN.fullmatch("на 10, 20 или 29 лет")
    assert text_mod._PLAIN.fullmatch("Отправили проект 123.")
    assert [t for *_, t in text_mod._chunk_tokens.__wrapped__("Отправили проект 123.")] == ["Отправили", "проект", "123", "."]
