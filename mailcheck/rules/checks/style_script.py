"""Script and keyboard: style.translit, style.wrong-layout, style.mixed-script."""
from __future__ import annotations

import bisect
import re

from mailcheck.language import layout, translit
from mailcheck.language.text import Token
from mailcheck.rules.rule import Rule
from mailcheck.rules.checks.style_base import in_guillemets, safe_fix

_CODEISH = re.compile(r"[_=/\\<>{}\[\]#@$%^&*|~`+]|\w\.\w|\(\)")
_TRAIL = ".,!?:;)»\"'…"
_LEAD = "(«\"'"


def _is_plain_latin_word(t) -> bool:
    txt = t.text
    if not t.is_latin or t.has_digit:
        return False
    core = txt.replace("'", "").replace("’", "").replace("-", "")
    if not core.isalpha():
        return False
    if len(core) >= 2 and core.isupper():            # SMS, CRM, API: abbreviations
        return False
    if any(c.isupper() for c in core[1:]):            # iPhone, WhatsApp, camelCase
        return False
    return True


def _chunk_of(chunks, t, starts=None):
    """The chunk holding token t. Chunks are in order and apart: a binary search over
    their starts (a walk over all of them per token was quadratic in a long sentence)."""
    if starts is None:
        starts = [c[0] for c in chunks]
    k = bisect.bisect_right(starts, t.start) - 1
    if k >= 0 and chunks[k][0] <= t.start < chunks[k][1]:
        return chunks[k]
    return None


def _codeish_chunk(chunk_text: str) -> bool:
    core = chunk_text.strip(_TRAIL).lstrip(_LEAD)
    return bool(_CODEISH.search(core))


_APOSTROPHES = "'’`"


def _join_apostrophes(text, toks):
    """«den'», «pod'ezd», «ob`jom»: the tokenizer splits a Latin word at an apostrophe, but in
    translit the apostrophe is a letter (ь or ъ). Join a Latin word with the apostrophe right
    after it and the Latin word right after that, so the apostrophe is read, not left behind
    («Добрый день', Сергей»)."""
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (t.is_latin and i + 1 < len(toks) and toks[i + 1].text in _APOSTROPHES
                and toks[i + 1].start == t.end):
            end = toks[i + 1].end
            k = i + 2
            if k < len(toks) and toks[k].is_latin and toks[k].start == end:
                end = toks[k].end
                k += 1
            joined = text[t.start:end].replace("`", "'")
            if translit.readings(joined):          # «maket'» after a quote: not a soft sign
                out.append(Token(t.start, end, joined))
                i = k
                continue
        out.append(t)
        i += 1
    return out


class Translit(Rule):
    id = "style.translit"
    severity = "error"
    fixable = True
    summary = "Русский текст латиницей («Spasibo, zavtra prishlyu»): напишите кириллицей"
    guideline = ("В подборке «12 вещей, о которых нужно помнить в работе с клиентами» памятка AXIOMA для "
                 "менеджеров (пункт 4, о грамотном русском языке) прямо исключает транслит из переписки.")
    what = ("Находит слова, набранные латиницей, которые при обратной транслитерации дают русские "
            "слова (ya/ja/ia, zh, sh/sch/shch, ch, kh/h, y/j/i, ' вместо ь), и предлагает кириллицу. "
            "Английские слова, названия продуктов, код, адреса и ссылки не трогает.")
    why = "Транслит читается медленно и выглядит небрежно; клиенту приходится расшифровывать письмо."

    def check(self, doc):
        for sent in doc.new.sentences:
            toks = _join_apostrophes(doc.text, sent.tokens)
            chunks = layout.chunks(doc, toks)
            starts = [c[0] for c in chunks]
            status = {}
            n_ru = n_en = 0
            has_cyr_word = any(t.is_cyrillic for t in toks)
            for t in toks:
                if not t.is_word:
                    continue
                if t.is_cyrillic:
                    continue
                if not _is_plain_latin_word(t):
                    status[t] = "en"
                    continue
                ch = _chunk_of(chunks, t, starts)
                if ch and _codeish_chunk(ch[2]):
                    status[t] = "en"
                    continue
                if has_cyr_word and in_guillemets(sent.text, t.start - sent.start):
                    status[t] = "en"              # a name in «…» inside Russian text
                    continue
                r = translit.readings(t.text)
                if not r:
                    status[t] = "en"
                    n_en += 1
                elif layout.is_english(t.text) or len(t.text) == 1:
                    status[t] = "amb"
                elif translit.is_proper_only(r[0]) or (has_cyr_word and t.text[:1].isupper()):
                    status[t] = "name"            # names and brands inside Russian text
                else:
                    status[t] = "ru"
                    n_ru += 1
            if not n_ru:
                continue
            if n_ru < 2:
                only = next(t for t in toks if status.get(t) == "ru")
                if has_cyr_word or len(only.text) < 4 or n_en >= 1:
                    continue
            yield from self._runs(doc, toks, status)

    def _runs(self, doc, toks, status):
        run: list = []
        for t in toks:
            st = status.get(t)
            if st in ("ru", "amb", "name"):
                run.append(t)
            elif t.is_word or st == "en":
                yield from self._emit(doc, run, status)
                run = []
            # numbers and punctuation neither extend nor break a run
        yield from self._emit(doc, run, status)

    def _emit(self, doc, run, status):
        if not any(status.get(t) == "ru" for t in run):
            return
        start, end = run[0].start, run[-1].end
        pieces = []
        pos = start
        safe = True
        for t in run:
            pieces.append(doc.text[pos:t.start])
            cyr = translit.best(t.text)
            if cyr is None:
                pieces.append(t.text)
                safe = False
            else:
                pieces.append(translit.match_case(t.text, cyr))
                if not translit.is_unambiguous(t.text):
                    safe = False
            pos = t.end
        fixed = "".join(pieces)
        shown = doc.text[start:end]
        short = shown if len(shown) <= 40 else shown[:37] + "…"
        d = self.diag(doc, start, end, f"Русский текст латиницей: «{short}». Напишите кириллицей.", [fixed])
        if safe:
            safe_fix(d, fixed)
        yield d


_EN_KEYS = set(layout.EN_TO_RU) | {"!"}


def _layout_ru(chunk_text: str):
    """A Latin chunk typed in the wrong layout -> (intended text, word) or None."""
    if not layout.has_lat(chunk_text) or layout.has_cyr(chunk_text):
        return None
    if any(c not in _EN_KEYS for c in chunk_text):
        return None
    letters = re.sub(r"[^A-Za-z]", "", chunk_text)
    if len(letters) >= 2 and letters.isupper() and len(letters) <= 4:
        return None
    bare = chunk_text.strip(".,!?;:'\"")
    if bare and bare.isalpha() and (layout.is_english(bare) or translit.readings(bare)):
        return None
    for cand in (chunk_text, chunk_text.rstrip(".,!?;:")):
        tail = chunk_text[len(cand):]
        mapped = layout.en_to_ru(cand.rstrip("!")) + cand[len(cand.rstrip("!")):]
        word = mapped.strip(".,!?:;\"")
        if word and re.fullmatch(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?", word) and layout.is_russian(word):
            return mapped + tail, word
    return None


def _layout_en(word: str):
    """A Cyrillic word typed in the wrong layout -> intended Latin word or None."""
    if len(word) < 3 or layout.is_russian(word):
        return None
    mapped = layout.ru_to_en(word)
    if not mapped.isalpha() or not re.search(r"[aeiouyAEIOUY]", mapped):
        return None
    canon = layout.brands().get(mapped.lower())
    if canon:
        return canon
    if word.isupper() and len(word) <= 5:
        return None     # «ЛФК», «СВХ»: a Russian abbreviation, not «KAR» typed in the wrong layout
    if mapped.lower() in layout.english_words():
        return mapped
    return None


class WrongLayout(Rule):
    id = "style.wrong-layout"
    severity = "error"
    fixable = True
    summary = "Текст набран не в той раскладке («ghbdtn» = привет, «руддщ» = hello)"
    guideline = ("«12 вещей, о которых нужно помнить в работе с клиентами» требует грамотного, "
                 "аккуратного письма; набор в чужой раскладке — такая же опечатка, только на целое слово.")
    what = ("Находит слова, которые в другой раскладке (ЙЦУКЕН ↔ QWERTY) дают русское или английское "
            "слово, и предлагает то, что хотели набрать: «Ghbdtn?» → «Привет,», «Ашпьф» → «Figma».")
    why = "Такое слово клиент не прочтёт вовсе; исправление однозначно."

    def check(self, doc):
        for sent in doc.new.sentences:
            found = []
            chunks = layout.chunks(doc, sent.tokens)
            for start, end, text, toks in chunks:
                if layout.has_lat(text):
                    got = _layout_ru(text)
                    if got:
                        found.append((start, end, got[0], len(got[1])))
                elif layout.has_cyr(text):
                    for m in re.finditer(r"[А-Яа-яЁё]+", text):
                        got = _layout_en(m.group())
                        if got:
                            found.append((start + m.start(), start + m.end(), got, len(got)))
            # one- and two-letter words only next to other wrong-layout words
            groups: list[list] = []
            for f in found:
                if groups and doc.text[groups[-1][-1][1]:f[0]].strip() == "":
                    groups[-1].append(f)
                else:
                    groups.append([f])
            for g in groups:
                if len(g) == 1 and g[0][3] < 3:
                    continue
                start, end = g[0][0], g[-1][1]
                pieces, pos = [], start
                for s, e, rep, _ in g:
                    pieces.append(doc.text[pos:s])
                    pieces.append(rep)
                    pos = e
                fixed = "".join(pieces)
                d = self.diag(doc, start, end,
                              f"Похоже, набрано не в той раскладке: «{doc.text[start:end]}» — это «{fixed}».",
                              [fixed])
                yield safe_fix(d, fixed)


class MixedScript(Rule):
    id = "style.mixed-script"
    severity = "error"
    fixable = True
    summary = "Слово из смеси кириллицы и похожих латинских букв («cрок» с латинской c)"
    guideline = ("«12 вещей, о которых нужно помнить в работе с клиентами» требует грамотного письма; "
                 "слово со спрятанной латинской буквой не находится поиском и ломает проверку орфографии.")
    what = ("Находит слова, где кириллица смешана с похожими латинскими буквами (a, c, e, o, p, x, y…) "
            "или наоборот, и предлагает слово в одном алфавите. «IT-отдел», «e-mail-рассылка», "
            "«Wi-Fi-роутер» не трогает: там алфавиты разделены дефисом.")
    why = "Такое слово выглядит нормально, но поиск по письму и почтовые фильтры его не узнают."

    def _lone_letters(self, doc, sent):
        for t, nxt, fixed in _lone_letter_words(doc, sent):
            d = self.diag(doc, t.start, t.end,
                          f"В «{t.text} {nxt.text}» первая буква латинская. Напишите «{fixed} {nxt.text}».",
                          [fixed])
            yield safe_fix(d, fixed)

    def check(self, doc):
        # the closing and signature too: «C уважением» typed with a Latin C sits there
        for sent in doc.new.sentences + doc.sig.sentences:
            yield from self._lone_letters(doc, sent)
            for start, end, text, toks in layout.chunks(doc, sent.tokens):
                if not (layout.has_cyr(text) and layout.has_lat(text)):
                    continue
                for m in re.finditer(r"[A-Za-zА-Яа-яЁё]+", text):
                    part = m.group()
                    if not (layout.has_cyr(part) and layout.has_lat(part)):
                        continue
                    fixed = _unify(part)
                    if fixed is None:
                        continue
                    s = start + m.start()
                    d = self.diag(doc, s, s + len(part),
                                  f"В слове «{part}» смешаны русские и латинские буквы. Напишите «{fixed}».",
                                  [fixed])
                    yield safe_fix(d, fixed)


# a Russian one-letter preposition typed as its Latin look-alike: «C уважением», «B понедельник»
_LONE = {"C": "С", "c": "с", "B": "В", "K": "К", "k": "к", "O": "О", "o": "о", "Y": "У", "y": "у"}
_GOVERNED = ("NOUN", "ADJF", "NPRO", "NUMR", "PRTF")


def _lone_letter_words(doc, sent):
    toks = sent.tokens
    for k, t in enumerate(toks[:-1]):
        nxt = toks[k + 1]
        if t.text not in _LONE or doc.text[t.end:nxt.start] != " " or not nxt.is_cyrillic:
            continue
        prev = toks[k - 1] if k else None
        if prev is not None and not (prev.is_cyrillic or prev.text in ",;:—–-(«"):
            continue
        if not any(p.tag.POS in _GOVERNED for p in nxt.parses[:3]):
            continue
        yield t, nxt, _LONE[t.text]


def _unify(part: str) -> str | None:
    cyr = sum(1 for c in part if layout.has_cyr(c))
    lat = len(part) - cyr
    to_cyr = to_lat = None
    if all(c in layout.LAT_TO_CYR for c in part if layout.has_lat(c)):
        to_cyr = "".join(layout.LAT_TO_CYR.get(c, c) for c in part)
    if all(c in layout.CYR_TO_LAT for c in part if layout.has_cyr(c)):
        to_lat = "".join(layout.CYR_TO_LAT.get(c, c) for c in part)
    if to_cyr and (layout.is_russian(to_cyr) or (cyr >= lat and lat <= 2)):
        if not (to_lat and layout.is_english(to_lat) and lat > cyr):
            return to_cyr
    if to_lat and layout.is_english(to_lat):
        return to_lat
    return None
