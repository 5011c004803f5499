"""Split a body into new text, sign-off, signature block and quoted messages.

Quote starts: `>` lines; attribution lines ending in «пишет:», «написал(а):»,
"wrote:"; Gmail's Russian header «пн, 12 окт. 2026 г. в 10:15, Имя <адрес>:»;
«-----Original Message-----» and «-------- Пересылаемое сообщение --------»;
Outlook blocks «От: … Отправлено: … Кому: … Тема:» and "From: … Sent: …".
The signature starts after a `-- ` line or after the closing formula.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from datetime import datetime

from mailcheck import data
from mailcheck.draft import placeholders
from mailcheck.draft.model import Quote, Span

_MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "май": 5, "мая": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

_ATTRIB_END = re.compile(r"(пишет|писал[аи]?|написал(?:\(а\)|а|и)?|wrote|schrieb)\s*:\s*$", re.I)
_SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(original message|исходное сообщение|пересылаемое сообщение|"
    r"forwarded message|начало пересылаемого сообщения)\s*-{2,}\s*$", re.I)
_GMAIL_RU = re.compile(
    r"^\s*(?:[а-я]{2},\s*)?\d{1,2}\s+[а-я]+\.?\s+\d{4}\s*г\.?\s*(?:в\s*)?\d{1,2}:\d{2}"
    r".*:\s*$", re.I)
_HDR_FROM = re.compile(r"^\s*(от|from)\s*:\s*\S", re.I)
_HDR_NEXT = re.compile(r"^\s*(отправлено|дата|кому|тема|sent|date|to|subject|cc|копия)\s*:", re.I)
_SIG_DELIM = re.compile(r"^-- ?$")
_DATE_NUM = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{2,4})(?:\D+(\d{1,2}):(\d{2}))?")
_DATE_WORD = re.compile(
    r"(\d{1,2})\s+([A-Za-zА-Яа-яё]+)\.?,?\s+(\d{4})(?:\s*г\.?)?(?:\D{0,12}?(\d{1,2}):(\d{2}))?")
_DATE_EN = re.compile(
    r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:\D{0,12}?(\d{1,2}):(\d{2})\s*(AM|PM)?)?", re.I)
_NAME_ADDR = re.compile(r"([^,<>:]{1,200}?)\s*<[^<>@\s]+@[^<>\s]+>")   # bounded: linear on a long line


def lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, line-without-newline) for each line in text[start:end]."""
    end = len(text) if end is None else end
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = text[pos:stop]
        out.append((pos, pos + len(line.rstrip("\r")), line.rstrip("\r")))
        pos = stop + 1 if nl >= 0 else end
    return out


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _MONTHS:
        return _MONTHS[w]
    for k in (w[:3], w[:2]):
        if k in _MONTHS and k != "ма":
            return _MONTHS[k]
    if w.startswith("ма"):
        return 5 if w[:3] in ("мая", "май") else 3
    return None


def parse_header_date(s: str) -> datetime | None:
    """A date in a quote attribution: «12 окт. 2026 г. в 10:15», «12.10.2026 16:40», "Oct 12, 2026"."""
    for rx, kind in ((_DATE_WORD, "word"), (_DATE_NUM, "num"), (_DATE_EN, "en")):
        m = rx.search(s)
        if not m:
            continue
        try:
            if kind == "word":
                mon = _month(m.group(2))
                if not mon:
                    continue
                d, y = int(m.group(1)), int(m.group(3))
            elif kind == "num":
                d, mon, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
                y = y + 2000 if y < 100 else y
            else:
                mon = _month(m.group(1))
                if not mon:
                    continue
                d, y = int(m.group(2)), int(m.group(3))
            hh = int(m.group(4)) if m.group(4) else 0
            mm = int(m.group(5)) if m.group(5) else 0
            if kind == "en" and m.group(6):
                hh = hh % 12 + (12 if m.group(6).upper() == "PM" else 0)
            return datetime(y, mon, d, hh, mm)
        except (ValueError, TypeError):
            continue
    return None


def _author(s: str) -> str | None:
    m = _NAME_ADDR.search(s)
    if m:
        name = m.group(1).strip().strip('"')
        # Gmail: «пн, 12 окт. 2026 г. в 10:15, Иван Петров <…>» — the name is after the last comma
        name = name.rsplit(",", 1)[-1].strip()
        # "On Mon, Oct 12, 2026 at 10:15 AM Anna <…> wrote:" — drop the rest of the time,
        # Mail.ru «…, 10:15 +03:00 от Анна <…>:» — and the «от»
        name = re.sub(r"^\d{1,2}(?:\s*[AaPp]\.?[Mm]\.?)?\s+", "", name)
        name = re.sub(r"^(?:от|from)\s+", "", name, flags=re.I)
        return name or None
    m = re.match(r"^\s*(?:от|from)\s*:\s*([^<\n]+)", s, re.I)
    if m:
        return m.group(1).strip().strip('"') or None
    m = re.search(r",\s*([^,]+?)\s+(?:пишет|написал|wrote)", s, re.I)
    if m:
        return m.group(1).strip()
    return None


_RULE_LINE = re.compile(r"^[_\-=—–]{10,}$")
_ADDR_COLON = re.compile(r"<\s*[^<>@\s]+@[^<>\s]+>\s*:$")
_TIME = re.compile(r"\d{1,2}:\d{2}")


def _next_is_quote(ls, j: int) -> bool:
    """The first non-blank line after line j starts with '>'."""
    j += 1
    while j < len(ls) and not ls[j][2].strip():
        j += 1
    return j < len(ls) and ls[j][2].lstrip().startswith(">")


def _is_attribution(s: str, next_is_quote: bool) -> bool:
    """A one-line attribution: «…пишет:», "… wrote:", Gmail's «пн, 12 окт. 2026 г. в 10:15, Имя <…>:»,
    Yandex/Mail.ru «12.10.2026, 10:15, "Имя" <адрес>:»."""
    if len(s) >= 300:
        return False
    if _ATTRIB_END.search(s) and len(s) < 200 and ("@" in s or re.search(r"\d", s) or next_is_quote):
        return True
    if _GMAIL_RU.match(s):
        return True
    return bool(_ADDR_COLON.search(s) and (next_is_quote or _TIME.search(s)))


def _outlook_block(ls, i: int) -> int | None:
    """Last line of an «От: / Отправлено: / Кому: / Тема:» block starting at line i."""
    n = len(ls)
    if not _HDR_FROM.match(ls[i][2]):
        return None
    follow = [ls[j][2] for j in range(i + 1, min(n, i + 5))]
    if sum(1 for f in follow if _HDR_NEXT.match(f)) < 2:
        return None
    hdr_end = i
    j = i + 1
    while j < n and _HDR_NEXT.match(ls[j][2]):
        hdr_end = j
        j += 1
    return hdr_end


def _find_quote(text: str, ls, lo: int) -> tuple[int, Quote] | None:
    """The first quoted block at or after line index lo, as (line index, Quote)."""
    n = len(ls)
    for i in range(lo, n):
        s, e, line = ls[i]
        stripped = line.strip()
        if not stripped:
            continue
        hdr_end = None
        attribution = False
        if _SEPARATOR.match(stripped):
            hdr_end = i
            # the header block that usually follows the separator
            j = i + 1
            while j < n and (_HDR_FROM.match(ls[j][2]) or _HDR_NEXT.match(ls[j][2])):
                hdr_end = j
                j += 1
        elif _RULE_LINE.match(stripped) and i + 1 < n and _outlook_block(ls, i + 1) is not None:
            hdr_end = _outlook_block(ls, i + 1)        # Outlook's «____» line above «От:»
        elif _HDR_FROM.match(line):
            hdr_end = _outlook_block(ls, i)
        elif _is_attribution(stripped, _next_is_quote(ls, i)):
            hdr_end, attribution = i, True
        elif (i + 1 < n and ls[i + 1][2].strip() and not stripped.endswith((".", "!", "?", ":"))
              and not stripped.startswith(">")):
            # an attribution wrapped over two lines: "On … Anna <\nanna@client.ru> wrote:"
            joined = stripped + " " + ls[i + 1][2].strip()
            if "@" in joined and joined.endswith(":") and _is_attribution(joined, _next_is_quote(ls, i + 1)):
                hdr_end, attribution = i + 1, True
        if hdr_end is None and stripped.startswith(">"):
            start = s
            # a run of '>' lines (blank lines inside the run belong to it)
            j = i
            last = i
            while j < n and (ls[j][2].lstrip().startswith(">") or not ls[j][2].strip()):
                if ls[j][2].strip():
                    last = j
                j += 1
            return i, Quote(Span(start, ls[last][1]), None)
        if hdr_end is not None:
            header_text = re.sub(r"<\s+", "<", re.sub(r"\s+", " ", text[s:ls[hdr_end][1]]))
            end = ls[-1][1]
            if attribution and _next_is_quote(ls, hdr_end):
                # an attribution followed by '>' lines: the quote is that run
                # (text after it is the sender's again: bottom-posting, inline answers)
                j = hdr_end + 1
                while not ls[j][2].strip():
                    j += 1
                last = j
                while j < n and (ls[j][2].lstrip().startswith(">") or not ls[j][2].strip()):
                    if ls[j][2].strip():
                        last = j
                    j += 1
                end = ls[last][1]
            return i, Quote(Span(s, end), Span(s, ls[hdr_end][1]),
                            _author(header_text), parse_header_date(header_text))
    return None


# Latin letters that look like Cyrillic ones: «C уважением» typed with a Latin C is still
# a closing (style.mixed-script speaks about the letter)
_LOOKALIKE = str.maketrans("aceopxykACEOPXYKMTHB", "асеорхукАСЕОРХУКМТНВ")
_CYR_LETTER = re.compile(r"[а-яё]", re.I)


def _norm(line: str) -> str:
    norm = re.sub(r"\s+", " ", line.strip().lower().replace("ё", "е"))
    if _CYR_LETTER.search(norm):
        # only words that are all look-alikes or mix scripts: «c», «C уважением», «Cпасибо»
        norm = re.sub(r"[a-zа-яё]+", lambda m: m.group().translate(_LOOKALIKE)
                      if re.fullmatch(r"[aceopxykа-яё]+", m.group()) else m.group(), norm)
    return norm


# a signer after the comma: «С уважением, команда проекта «Мой проект»» — a name in
# quotation marks is one word however many it holds
_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]")


@functools.cache
def _closing_phrases() -> tuple[str, ...]:
    """Every closing formula of rules/signoff.toml, longest first."""
    phrases = data.load_toml("signoff.toml")
    return tuple(sorted(phrases["formal"] + phrases["informal"], key=len, reverse=True))


def closing_formula(line: str) -> str | None:
    """The closing formula a line starts with, if it is a short closing line."""
    norm = _QUOTED.sub("«»", _norm(line))
    if not norm or len(norm.split()) > 8:
        return None
    phrases = data.load_toml("signoff.toml")
    for phrase in _closing_phrases():
        if norm.startswith(phrase):
            rest = norm[len(phrase):]
            if not rest or not rest[0].isalnum():
                # «Спасибо за подробное письмо, …» is a sentence, not a closing; «С благодарностью
                # и надеждой на дальнейшее сотрудничество» goes on with «и …» and is one
                tail = rest.strip(" ,.!;:)(-—")
                goes_on = re.match(r"\s+и\s", rest) and not re.search(r"[.!?]\s*\S", rest)
                if tail and len(tail.split()) > 3 and not goes_on:
                    return None
                if phrase in ("спасибо", "благодарю", "благодарим") and re.match(r"\s*(за|вам за|что)\b", rest):
                    if len(rest.split()) > 2:
                        return None
                if phrase == "ваша команда" and not re.match(r"\s*(?:[«\"{%#\[<]|[A-ZА-ЯЁ])", _tail_of(line, 2)):
                    return None     # «Ваша команда готова приступить» is a sentence
                if phrase in phrases["informal"] and tail:
                    # «Пока не знаем.» is a sentence; «Давай, пока!» and «Пока, Даша» are closings
                    if not all(w in phrases["informal"] or line.strip().split()[-1].strip("!.,")[:1].isupper()
                               for w in re.findall(r"[а-яa-z]+", tail)):
                        return None
                return phrase
    return None


def _tail_of(line: str, n_words: int) -> str:
    """line after its first n words."""
    m = re.match(r"\s*(?:\S+\s+){%d}" % n_words, line + " ")
    return line[m.end():] if m else ""


def _is_sig_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 100


_THANKS = re.compile(
    r"^(?:и\s+)?(?:(?:ещ[её]\s+раз|заранее|большое|огромное)\s+)?"
    r"(?:спасибо|благодарю|благодарим|благодарен|благодарна|благодарны|признател[а-я]+)\b", re.I)
_SENT_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[А-ЯЁA-Z])")


def closing_sentence(sentence: str) -> bool:
    """A thanks that closes the letter as the last sentence of its last paragraph:
    «Спасибо за понимание.», «Благодарим Вас за покупки!», «Заранее благодарен!»,
    «И ещё раз спасибо!», «Спасибо, что пользуетесь нашим сервисом!»."""
    s = _norm(sentence)
    if not _THANKS.match(s) or s.rstrip().endswith("?") or len(s.split()) > 25:
        return False
    # «Спасибо за письмо, но принять правки мы не можем»: a sentence with a turn is content,
    # and so is one going on with a clause of its own («…, мы всё исправим до пятницы»)
    return not re.search(r"(?:,|\s)\s*(?:но|однако|а вот|только)\s", s) and \
        not re.search(r"(?:,|\sи)\s+(?:мы|я|вы|он|она|они|это|все|всё)\s", s)


def closing_tail(line: str) -> int | None:
    """Where a closing thanks starts in a line that ends with one (possibly the whole line)."""
    starts = [0] + [m.end() for m in _SENT_END.finditer(line)]
    lead = len(line) - len(line.lstrip())
    for a in reversed(starts):
        if line[a:].strip():
            a = max(a, lead)
            return a if closing_sentence(line[a:]) else None
    return None


def find_signoff(ls) -> int | None:
    """Index of the closing-formula line near the end of ls, if any."""
    found = _find_signoff(ls)
    return None if found is None else found[0]


def _find_signoff(ls) -> tuple[int, int] | None:
    """(line index, offset in the line) of the closing near the end of ls: a closing-formula
    line, or a thanks ending the last paragraph of the text («…ранее. Спасибо за понимание.»)."""
    nonempty = [i for i, (_, _, ln) in enumerate(ls) if ln.strip()]
    if not nonempty:
        return None
    for k in range(len(nonempty) - 1, max(-1, len(nonempty) - 12), -1):
        i = nonempty[k]
        after = nonempty[k + 1:]
        if len(after) > 9 or not all(_is_sig_line(ls[j][2]) for j in after):
            return None
        line = ls[i][2]
        if closing_formula(line):
            return i, 0
        # a thanks at the end of a paragraph: only where what follows can be a signature
        # block (a few short lines), so a thanks before a list of points is not a closing
        if len(after) <= 5 and not any(ls[j][2].rstrip().endswith(("?", ":")) or
                                       re.match(r"\s*(?:[-–—•*]|\d+[.)])\s", ls[j][2]) or
                                       len(ls[j][2].strip()) > 80 for j in after):
            tail = closing_tail(line)
            if tail is not None:
                return i, tail
    return None


@dataclass
class Parts:
    new_spans: list[Span]          # the sender's text, in order (inline answers between quotes too)
    signoff: Span | None
    signature: Span | None
    quotes: list[Quote]

    @property
    def new(self) -> Span:
        """The main region of new text (the first one)."""
        return self.new_spans[0] if self.new_spans else Span(0, 0)


def _trim(region):
    a, b = 0, len(region)
    while b > a and not region[b - 1][2].strip():
        b -= 1
    while a < b and not region[a][2].strip():
        a += 1
    return region[a:b] if (a, b) != (0, len(region)) else region


def split(text: str) -> Parts:
    """Split a body: every quoted block, the sender's text between and around
    them, and the sign-off and signature at the end of the sender's last part."""
    ls = lines(text)
    starts = [l[0] for l in ls]             # increasing: the first line at or after an offset
    quotes: list[Quote] = []
    k = 0
    while k < len(ls):
        found = _find_quote(text, ls, k)
        if not found:
            break
        quotes.append(found[1])
        k = bisect.bisect_left(starts, found[1].span.end)
    regions = []
    cur = 0
    for q in quotes:
        first = bisect.bisect_left(starts, q.span.start)
        regions.append(ls[cur:first])
        cur = bisect.bisect_left(starts, q.span.end)
    regions.append(ls[cur:])
    regions = [r for r in (_trim(r) for r in regions) if r]
    if not regions:
        pos = len(text) if quotes and quotes[0].span.start == 0 else 0
        return Parts([Span(pos, pos)], None, None, quotes)
    spans = [Span(r[0][0], r[-1][1]) for r in regions[:-1]]
    last, footer = _strip_footer(regions[-1])
    if not last:
        last, footer = regions[-1], []
    new, signoff, signature = _closing_parts(text, last)
    if signoff is None and signature is None:
        # a service note after the signature of an automated letter («Если хотите добавить
        # комментарий, ответьте на это письмо…»): the closing and signature are above it
        core, notes = _strip_footer(last, _SERVICE_NOTE)
        if core and notes:
            parts = _closing_parts(text, core)
            if parts[1] is not None or parts[2] is not None:
                new, signoff, signature = parts
                footer = notes + footer
    if footer and signature is not None:
        signature = Span(signature.start, footer[-1][1])   # the disclaimer belongs to the block
    if new.end > new.start or not spans:
        spans.append(new)
    return Parts(spans, signoff, signature, quotes)


_FOOTER = re.compile(
    r"конфиденциальн|предназначен[оаы]? (?:только|исключительно) для|получили (?:это|данное) (?:сообщение|письмо|его) по ошибке|"
    r"по ошибке,? (?:сообщите|уведомите)|не является (?:публичной )?офертой|"
    r"confidential|intended (?:only|solely) for|received this (?:e-?mail|message) in error|disclaimer|"
    r"before printing|перед (?:тем как )?(?:распечатать|печатью)|think before you print", re.I)


_SERVICE_NOTE = re.compile(
    r"ответьте на (?:это|данное) (?:письмо|сообщение)|не отвечайте на (?:это|данное|него)|"
    r"(?:письмо|сообщение) (?:отправлено|сгенерировано|создано|сформировано) автоматически|"
    r"отписаться от (?:рассылки|уведомлений)", re.I)


def _strip_footer(region, pattern=None):
    """The region without trailing disclaimer paragraphs (confidentiality
    notices, «не является офертой», "think before you print"), and those lines."""
    pattern = pattern or _FOOTER
    end = len(region)
    while end > 0:
        k = end - 1
        while k >= 0 and not region[k][2].strip():
            k -= 1
        if k < 0:
            break
        top = k
        while top > 0 and region[top - 1][2].strip():
            top -= 1
        para = " ".join(l[2] for l in region[top:k + 1])
        if not pattern.search(para) or len(para) < 40:
            break
        end = top
    core = _trim(region[:end])
    return core, [l for l in region[len(core):] if l[2].strip()]


def _closing_parts(text: str, region) -> tuple[Span, Span | None, Span | None]:
    """The sender's last region cut into (new text, sign-off line, signature)."""
    start, end = region[0][0], region[-1][1]
    signoff = signature = None
    delim = next((k for k, l in enumerate(region) if _SIG_DELIM.match(l[2])), None)
    found = _find_signoff(region[:delim] if delim is not None else region)
    so = None if found is None else found[0]
    if so is not None:
        signoff = Span(region[so][0] + found[1], region[so][1])
        rest = [l for l in region[so + 1:] if l[2].strip() and not _SIG_DELIM.match(l[2])]
        if rest:
            signature = Span(rest[0][0], end)
        return Span(start, region[so][1]), signoff, signature
    if delim is not None:
        rest = [l for l in region[delim + 1:] if l[2].strip()]
        if rest:
            signature = Span(rest[0][0], end)
        before = [l for l in region[:delim] if l[2].strip()]
        return Span(start, before[-1][1] if before else start), None, signature
    sig = _trailing_signature(region)
    if sig is not None:
        signature = Span(region[sig][0], end)
        before = [l for l in region[:sig] if l[2].strip()]
        return Span(start, before[-1][1] if before else start), None, signature
    last = region[-1]
    m = _INLINE_SIGNER.search(last[2])
    if m and len(region) + (1 if m.start(1) else 0) > 1:
        # «…ждём ответа. М. А. Чернышев, генеральный директор»: the signer on the last line
        a = last[0] + m.start(1)
        return Span(start, last[0] + len(last[2][:m.start(1)].rstrip())), None, Span(a, last[1])
    return Span(start, end), None, None


# a signer written after the last sentence on its line, or alone on the last line:
# initials and a surname («М. А. Чернышев», «Чернышев М. А.»), then maybe «, должность»
_INITIALS = r"(?:[А-ЯЁ]\.\s?){1,2}"
_INLINE_SIGNER = re.compile(
    r"(?:^|(?<=[.!?…])\s+)(" + _INITIALS + r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|"
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s" + _INITIALS.replace("\\s?", "\\s?") + r")"
    r"(?:,\s*[а-яё][а-яё -]{2,60})?\s*$")


# a phone number or an e-mail address anywhere in a line (loose: a signature line, an absence notice)
# (a local part of at most 64: `[\w.+-]+@` unbounded rescanned a long letter run from each letter)
PHONE_OR_EMAIL = r"(\+?\d[\d\s()\-]{6,}\d)|([\w.+-]{1,64}@[\w-]+\.[\w.-]+)"
_CONTACT = re.compile(PHONE_OR_EMAIL + r"|(t\.me/|telegram|whatsapp|skype)", re.I)


def _trailing_signature(region) -> int | None:
    """A last paragraph that looks like a signature block (no closing formula)."""
    idx = [k for k, l in enumerate(region) if l[2].strip()]
    if not idx:
        return None
    # the last paragraph: lines after the last blank line
    k = len(region) - 1
    while k >= 0 and region[k][2].strip():
        k -= 1
    block = region[k + 1:]
    if not block or len(block) > 7 or k < 0:
        return None
    texts = [l[2].strip() for l in block]
    if all(placeholders.only_placeholders(t) for t in texts):
        return k + 1        # «{EMAIL_SIG}», «%{signature}»: the signature the template puts here
    if placeholders.only_placeholders(texts[-1]) and closing_formula(texts[0]) and \
            not any(t.endswith((".", "!", "?", ":")) for t in texts[1:-1]):
        return k + 1        # «Ваша команда %{company},\n%{signature}»
    if any(len(t) > 90 for t in texts):
        return None
    if not any(_CONTACT.search(t) for t in texts):
        return None
    # sentences end in . ! ? — signature lines do not (except abbreviations)
    if sum(1 for t in texts if t.endswith(("!", "?"))) > 0:
        return None
    return k + 1
