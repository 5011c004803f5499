"""Tone: slang, exclamations, shouting, emoji, «ты», rudeness, bare refusals,
hedging, vague promises. All read only the sender's new text (never quotes
or the signature block); data in rules/style/tone.toml."""
from __future__ import annotations

import functools
import re

from mailcheck import data
from mailcheck.language import dates, morph
from mailcheck.rules.rule import Rule
from mailcheck.rules.checks.style_base import in_guillemets, in_signoff, is_question, safe_fix

_GUIDE_001 = "«12 вещей, о которых нужно помнить в работе с клиентами»"
_GUIDE_003 = "«Рекомендации по эффективному взаимодействию с заказчиком»"


@functools.cache
def tone() -> dict:
    return data.load_toml("style/tone.toml")


@functools.cache
def _compiled(section: str, key: str = "patterns"):
    return tuple(re.compile(p) for p in tone()[section][key])


@functools.cache
def _any_of(section: str, key: str = "patterns"):
    """`search` of one pattern made of a list's alternatives: whether any of them
    matches, in one pass (the lists are tried on every sentence). A list whose
    patterns cannot be joined (backreferences, inline flags) is tried one by one."""
    pats = tone()[section][key]
    if not any(re.search(r"\\\d|\(\?P=|^\(\?[a-zA-Z]", p) for p in pats):
        try:
            return re.compile("|".join(f"(?:{p})" for p in pats)).search
        except re.error:
            pass
    compiled = _compiled(section, key)
    return lambda text: next((m for rx in compiled if (m := rx.search(text))), None)


def _norm(s: str) -> str:
    low = s.lower().replace("ё", "е")
    return low if len(low) == len(s) else s.replace("ё", "е")


def _sentences(doc, skip_signoff=False):
    for s in doc.new.sentences:
        if skip_signoff and in_signoff(doc, s.start):
            continue
        yield s


# ---- slang -------------------------------------------------------------------

@functools.cache
def _slang():
    return {_norm(k): v for k, v in tone()["slang"].items()}


class Slang(Rule):
    id = "style.slang"
    severity = "warning"
    summary = "Интернет- и чат-сленг («спс», «плз», «норм», «щас», «ок»)"
    guideline = (f"В подборке {_GUIDE_001} памятка AXIOMA (пункт 4) исключает из писем «преведы» и "
                 f"подобный сленг, а {_GUIDE_003} требуют официального тона переписки.")
    what = "Находит словечки из переписки в мессенджерах и предлагает нейтральное слово."
    why = "Сленг в деловом письме выглядит небрежно и снижает доверие к исполнителю."

    def check(self, doc):
        slang = _slang()
        for sent in doc.new.sentences:
            words = sent.words
            for i, t in enumerate(words):
                if len(t.text) > 1 and t.text.isupper():
                    continue                       # ОК, ГО: abbreviations
                key = _norm(t.text)
                hit = key if key in slang else None
                if hit is None and morph.is_known(key) and t.is_cyrillic:
                    lem = _norm(t.lemma)
                    if lem in slang and lem not in ("норм", "ок", "го"):
                        hit = lem
                if hit is None:
                    continue
                if in_guillemets(sent.text, t.start - sent.start):
                    continue
                if t.is_latin and _in_latin_phrase(doc, words, i):
                    continue                       # «status: ok», «OK button»: code or English, not chat
                if hit == "норм" and not _standalone_norm(doc, sent, words, i):
                    continue
                if hit == "го" and i != 0:
                    continue
                if hit in _parenthetical() and not _set_off(doc, sent, words, i):
                    continue                       # «сделать текст короче»: the ordinary word
                rep = slang[hit]
                if rep:
                    if hit != key:
                        from mailcheck.language.lexicon import best_tag, inflect
                        rep = inflect(rep, best_tag(t.text, hit))
                    rep = morph.match_case(t.text, rep)
                    msg = f"Сленг: «{t.text}». В деловом письме лучше «{rep}»."
                    yield self.diag(doc, t.start, t.end, msg, [rep])
                else:
                    yield self.diag(doc, t.start, t.end, f"Сленг: «{t.text}». Уберите его из делового письма.")


@functools.cache
def _parenthetical() -> frozenset[str]:
    return frozenset(_norm(w) for w in tone().get("slang-parenthetical", {}).get("words", ()))


def _set_off(doc, sent, words, i) -> bool:
    """words[i] is a parenthetical: a comma (or dash) right after it, and before it the start of
    the sentence or a comma («Короче, всё готово», «всё, короче, готово»)."""
    t = words[i]
    after = doc.text[t.end:sent.end].lstrip(" ")
    if not after.startswith((",", "—", "–")):
        return False
    before = doc.text[sent.start:t.start].rstrip(" ")
    return not before or before.endswith((",", "—", "–", "(", "…"))


def _in_latin_phrase(doc, words, i) -> bool:
    """A Latin word next to another Latin word (only spaces or ':', '=' between): part of an
    English phrase or a line of code («status: ok», «return ok»), not a Russian sentence's «ok»."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(words) and words[j].is_latin:
            a, b = sorted((words[i], words[j]), key=lambda w: w.start)
            if not doc.text[a.end:b.start].strip(" :=\t"):
                return True
    return False


def _standalone_norm(doc, sent, words, i) -> bool:
    """«всё норм» (slang), not «санитарных норм» (genitive plural of «норма»)."""
    if i > 0:
        prev = words[i - 1].parses[0].tag
        if prev.POS in ("ADJF", "PRTF", "PREP", "NUMR") or "gent" in prev:
            return False
    t = words[i]
    m = _NONSPACE.search(doc.text, t.end, sent.end)
    return not m or not m.group()[0].isalpha()


# ---- exclamations ------------------------------------------------------------

_BANG_RUN = re.compile(r"[!?][!?1]*")
_COURTESY = re.compile(r"спасиб|благодар|\bрад[аы]?\b|хорош|добр|удач|встреч|поздравл|здравствуй|привет|"
                       r"всего|приятн|отличн|праздник", re.I)


def _courtesy(doc, para, offset) -> bool:
    """A short thanks, greeting or wish («Спасибо!», «Хорошего дня!»): its «!» is fine."""
    sents = para.sentences
    # the first sentence with offset < end + 1 (ends grow with the sentences): a binary search,
    # not a walk over a paragraph that may hold thousands of sentences
    lo, hi = 0, len(sents)
    while lo < hi:
        mid = (lo + hi) // 2
        if sents[mid].end + 1 <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sents) and sents[lo].start <= offset:
        s = sents[lo]
        return len(s.words) <= 4 and bool(_COURTESY.search(s.text))
    return False
_PARENS = re.compile(r"\){2,}|\({2,}")


class Exclamations(Rule):
    id = "style.exclamations"
    severity = "warning"
    fixable = True
    summary = "«!!!», «!!!111», «?!?!», «)))» и несколько «!» в одном абзаце"
    guideline = (f"В подборке {_GUIDE_001} памятка AXIOMA для менеджеров (пункт 4, о грамотном языке "
                 "и правилах делового общения) отдельно называет «!!!111» недопустимыми в письмах клиенту.")
    what = ("Находит повторы восклицательных и вопросительных знаков, скобки-смайлики «)))» и "
            "абзацы, где «!» стоит больше одного раза.")
    why = "Череда знаков читается как крик или несерьёзность; деловой текст держится на словах."

    def check(self, doc):
        for para in doc.new.paragraphs:
            text = para.text
            singles = []
            for m in _BANG_RUN.finditer(text):
                run = m.group()
                s, e = para.start + m.start(), para.start + m.end()
                core = run.rstrip("1")
                if "1" in run and "!" not in core:
                    continue
                bangs = run.count("!")
                if bangs >= 2 or ("1" in run and bangs) or (len(core) >= 3 and "?" in core):
                    if set(core) == {"!"}:
                        d = self.diag(doc, s, e, f"«{run}» — слишком много знаков. Достаточно одного «!», "
                                      "а в деловом письме чаще уместна точка.", ["!"])
                        yield safe_fix(d, "!")
                    else:
                        rep = "?" if "?" in core else "!"
                        yield self.diag(doc, s, e, f"«{run}» — слишком много знаков. Оставьте один «{rep}».", [rep])
                elif run == "!":
                    singles.append((s, e))
            singles = [(s, e) for s, e in singles if not _courtesy(doc, para, s)]
            for s, e in singles[1:]:
                yield self.diag(doc, s, e, "Больше одного «!» в абзаце: замените лишние на точку.", ["."])
            opens, closes = text.count("("), text.count(")")
            for m in _PARENS.finditer(text):
                run = m.group()
                if run[0] == ")" and closes - opens < len(run) - 1:
                    continue
                if run[0] == "(" and opens - closes < len(run) - 1:
                    continue
                s, e = para.start + m.start(), para.start + m.end()
                yield self.diag(doc, s, e, f"«{run}» — скобки-смайлики не для делового письма. Уберите их.")


# ---- shouting ----------------------------------------------------------------

@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.upper() for a in tone()["shouting"]["abbreviations"])


_ROMAN = re.compile(r"^[IVXLCDM]+$")


def _caps_kind(t) -> str | None:
    """'shout' (a word in capitals), 'short' (a short ordinary word in capitals,
    shouting only next to another), or None (an abbreviation, not a word)."""
    w = t.text
    letters = [c for c in w if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters) or t.has_digit:
        return None
    parts = [p for p in w.split("-") if p]
    if w.upper() in _abbreviations() or any(p in _abbreviations() for p in parts):
        return None
    if _ROMAN.match(w):
        return None
    low = w.lower()
    if t.is_latin:
        from mailcheck.language.layout import english_words
        if low not in english_words() or len(letters) <= 3:
            return None
        return "shout" if len(letters) >= 4 else "short"
    ps = morph.parse(low)
    if not morph.is_known(low) or any("Abbr" in p.tag for p in ps[:2]):
        return None if len(letters) <= 5 else "shout"
    if all(any(g in p.tag for g in ("Name", "Surn", "Geox", "Orgn")) for p in ps):
        return None
    return "shout" if len(letters) >= 4 else "short"


_NONSPACE = re.compile(r"\S+")


def _code_prefix(doc, toks, k) -> bool:
    """A word in capitals right before an identifier with digits (one space between): the
    marker of a certificate, standard or form number, not a shout."""
    if k + 1 >= len(toks):
        return False
    nxt = toks[k + 1]
    if doc.text[toks[k].end:nxt.start] != " ":
        return False
    chunk = _NONSPACE.match(doc.text, nxt.start)
    return bool(chunk and re.search(r"\d", chunk.group()) and len(chunk.group()) >= 4)


class Shouting(Rule):
    id = "style.shouting"
    severity = "warning"
    summary = "Слова заглавными буквами («СРОЧНО ОТВЕТЬТЕ»), кроме аббревиатур"
    guideline = (f"{_GUIDE_003} требуют официального, спокойного тона, а статья {_GUIDE_001} — "
                 "вежливости: капслок в переписке читается как крик.")
    what = ("Находит слова и фразы, набранные заглавными, которые не аббревиатуры (ООО, ИНН, НДС, ТЗ, "
            "API, PDF и короткие незнакомые словарю сочетания букв не трогает).")
    why = "Заглавные буквы воспринимаются как повышенный голос; важность лучше объяснить словами."

    def check(self, doc):
        for sent in doc.new.sentences:
            run: list = []
            toks = sent.words
            # in a Russian sentence a word in Latin capitals is a name — a brand, a product, a
            # company («для бренда CONTRAST», «ООО «SMARTDEALS»»), not a raised voice
            russian = any(w.is_cyrillic for w in toks)
            for k, t in enumerate(toks + [None]):
                kind = None if t is None or (russian and t.is_latin) else _caps_kind(t)
                if kind and _code_prefix(doc, toks, k):
                    kind = None             # «РОСС RU.АБ12.Н01234», «ГОСТ Р 52289»: the head of a code
                if t is not None and kind and not in_guillemets(sent.text, t.start - sent.start):
                    if run and doc.text[run[-1][0].end:t.start].strip(" ,—–-"):
                        yield from self._emit(doc, sent, run)
                        run = []
                    run.append((t, kind))
                    continue
                yield from self._emit(doc, sent, run)
                run = []

    def _emit(self, doc, sent, run):
        if not run:
            return
        if len(run) == 1 and run[0][1] != "shout":
            return
        start, end = run[0][0].start, run[-1][0].end
        shown = doc.text[start:end]
        low = shown.lower()
        if start == sent.start:
            low = low[:1].upper() + low[1:]
        yield self.diag(doc, start, end, f"«{shown}» — заглавными буквами, это читается как крик. "
                        "Напишите обычными буквами.", [low])


# ---- emoji ---------------------------------------------------------------------

_EMOJI = re.compile(
    "(?:[\U0001F300-\U0001FAFF\U0001F000-\U0001F2FF\u2600-\u27BF\u2B50\u2B55\u2B06\u2B07\u2B05\u2934\u2935"
    "\u3030\u303D\u3297\u3299][\uFE0F\u200D\U0001F3FB-\U0001F3FF]*)+")
_EMOTICON = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[^\W\d_]))(?:[:;=][-'^]?[)(DPpРрО*|\]\[]+|[xXхХ]D+)(?=\s|$|[.,!?])",
                       re.M)


class Emoji(Rule):
    id = "style.emoji"
    severity = "suggestion"
    summary = "Эмодзи и смайлики в деловом письме"
    guideline = (f"{_GUIDE_003} советуют держать официальный тон, а статья {_GUIDE_001} — говорить с "
                 "клиентом как профессионал; смайлики уместны в мессенджере, не в деловом письме.")
    what = "Находит эмодзи (🙂, 👍) и текстовые смайлики (:), ;-), :D)."
    why = "Смайлики делают письмо фамильярным, а в некоторых почтовых программах показываются квадратиками."

    def check(self, doc):
        for para in doc.new.paragraphs:
            for rx in (_EMOJI, _EMOTICON):
                for m in rx.finditer(para.text):
                    s, e = para.start + m.start(), para.start + m.end()
                    if rx is _EMOJI and all(ch in "\u2122\u00a9\u00ae\u2713\u2714\u2716" for ch in m.group()):
                        continue
                    yield self.diag(doc, s, e, f"Смайлик «{m.group()}» в деловом письме: лучше убрать.")


# ---- informal you --------------------------------------------------------------

_TY = {"nomn": "вы", "gent": "вас", "datv": "вам", "accs": "вас", "ablt": "вами", "loct": "вас"}


def _ty_kind(t):
    """('pron' | 'poss' | 'verb', parse) when the token is a ты-form."""
    ps = t.parses
    if not ps or not t.is_cyrillic:
        return None
    p = ps[0]
    if p.normal_form not in ("ты", "твой") and not (len(t.text) > 2 and morph.is_known(t.text)):
        return None                      # none of the three below can hold (most words: no tag read)
    if any("Abbr" in q.tag for q in ps):
        return None
    if p.normal_form == "ты" and p.tag.POS == "NPRO":
        return "pron", p
    if p.normal_form == "твой":
        return "poss", p
    verbs = [q for q in ps if q.tag.POS == "VERB"]
    if p.tag.POS == "VERB" and verbs and len(t.text) > 2 and morph.is_known(t.text) and all("sing" in q.tag and ("2per" in q.tag or "impr" in q.tag)
                                             for q in verbs):
        if "impr" in p.tag and "excl" not in p.tag:
            return None
        return "verb", p
    return None


def _vy(kind, p, word) -> str | None:
    if kind == "pron":
        case = p.tag.case or "nomn"
        return morph.match_case(word, _TY.get(case, "вы"))
    if kind == "poss":
        base = next((q for q in morph.parse("ваш") if q.normal_form == "ваш"), None)
        want = {g for g in ("nomn", "gent", "datv", "accs", "ablt", "loct", "sing", "plur",
                            "masc", "femn", "neut") if g in p.tag}
        got = base.inflect(want) if base else None
        return morph.match_case(word, got.word) if got else None
    got = p.inflect({"plur"})
    return morph.match_case(word, got.word) if got else None


@functools.cache
def _set_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_norm(p).split()) for p in tone()["informal-you"]["set_phrases"])


def _in_set_phrase(words, i) -> bool:
    """words[i] is part of an idiom with a ты-form that addresses nobody."""
    low = [_norm(w.text) for w in words]
    for ph in _set_phrases():
        for k, part in enumerate(ph):
            if part != low[i]:
                continue
            a = i - k
            if a >= 0 and tuple(low[a:a + len(ph)]) == ph:
                return True
    return False


class InformalYou(Rule):
    id = "style.informal-you"
    severity = "error"
    summary = "Обращение к клиенту на «ты» (ты, тебе, твой, «посмотри», «сделаешь»)"
    guideline = (f"Статья {_GUIDE_001} учит быть вежливым с клиентом, а {_GUIDE_003} — держать "
                 "официальный тон: к клиенту обращаются на «вы».")
    what = ("Находит местоимения «ты», «твой» и глаголы второго лица единственного числа "
            "(«сделаешь», «посмотри»), обращённые к читателю, и предлагает форму на «вы».")
    why = "«Ты» в деловом письме звучит фамильярно, даже если вы давно знакомы."

    def check(self, doc):
        for sent in _sentences(doc, skip_signoff=True):
            words = sent.words
            for i, t in enumerate(words):
                got = _ty_kind(t)
                if not got:
                    continue
                if in_guillemets(sent.text, t.start - sent.start):
                    continue
                if _in_set_phrase(words, i):
                    continue            # «будь то», «дай бог», «хочешь не хочешь»: idioms, not «ты»
                kind, p = got
                rep = _vy(kind, p, t.text)
                msg = f"Обращение на «ты»: «{t.text}». К клиенту — на «вы»"
                msg += f": «{rep}»." if rep else "."
                yield self.diag(doc, t.start, t.end, msg, [rep] if rep else [])


# ---- rude ----------------------------------------------------------------------

_YOU = {"вы", "вас", "вам", "вами", "ваш", "ваша", "ваше", "ваши", "вашего", "вашей", "вашему", "вашим",
        "вашими", "ваших", "вашу", "вашем"}


class Rude(Rule):
    id = "style.rude"
    severity = "error"
    summary = "Грубость и упрёки читателю («вы что, не понимаете», «как можно было…»)"
    guideline = (f"В подборке {_GUIDE_001} первое из «14 „нельзя“» — хамить клиенту и грубить; "
                 "«Рассуждения о сервисе в проектных работах» — не разговаривать с клиентом свысока.")
    what = "Находит грубые обороты и оскорбления, обращённые к читателю."
    why = "Грубость рушит отношения быстрее любой ошибки в работе; о проблеме можно сказать спокойно."

    def check(self, doc):
        insults = {w for w in tone()["rude"]["insults"]}
        rude = _any_of("rude")
        for sent in doc.new.sentences:
            low = _norm(sent.text)
            for rx in (_compiled("rude") if rude(low) else ()):    # one pass first: most sentences have none
                for m in rx.finditer(low):
                    s, e = sent.start + m.start(), sent.start + m.end()
                    yield self.diag(doc, s, e, f"Грубо: «{doc.text[s:e]}». Скажите о проблеме спокойно "
                                    "и предложите, что сделать.")
            words = sent.words
            if any(w.lower in _YOU for w in words):
                for w in words:
                    if w.lemma in insults:
                        yield self.diag(doc, w.start, w.end, f"Оскорбление: «{w.text}». Уберите его.")


# ---- categorical -----------------------------------------------------------------

class Categorical(Rule):
    id = "style.categorical"
    severity = "warning"
    summary = "Голый категоричный отказ без причины и альтернативы («Нет.», «Это невозможно.»)"
    guideline = (f"В подборке {_GUIDE_001} пункт 13 из «14 „нельзя“» не велит отвечать клиенту голым "
                 "«нет» или «невозможно»: объясните причину и предложите, что можно сделать вместо.")
    what = ("Находит предложение-отказ («Нет.», «Это невозможно.», «Это не наша проблема.»), если ни оно, "
            "ни следующее предложение не объясняют причину и не предлагают другой вариант.")
    why = "Голый отказ звучит как нежелание помочь; отказ с причиной и вариантом сохраняет отношения."

    def check(self, doc):
        sents = [s for s in doc.new.sentences if not in_signoff(doc, s.start)]
        refusal = _any_of("categorical")
        reason = _any_of("categorical", "reasons")
        for k, sent in enumerate(sents):
            low = _norm(sent.text.strip())
            if not refusal(low):
                continue
            nxt = _norm(sents[k + 1].text) if k + 1 < len(sents) else ""
            if nxt and reason(nxt):
                continue
            yield self.diag(doc, sent.start, sent.end,
                            f"Категоричный отказ: «{sent.text.strip()}». Объясните причину и предложите, "
                            "что можно сделать.")


# ---- hedging ---------------------------------------------------------------------

class Hedging(Rule):
    id = "style.hedging"
    severity = "suggestion"
    summary = "Неуверенные оговорки и слова-паразиты («как бы», «вроде», «наверное», «типа»)"
    guideline = (f"Статья {_GUIDE_001} советует говорить с клиентом честно и по делу, а "
                 "«Рассуждения о сервисе в проектных работах» — аргументировать: оговорки размывают смысл.")
    what = "Находит оговорки, которые делают утверждение неуверенным или уклончивым (кроме вопросов)."
    why = "Клиенту нужен ясный ответ: что известно точно, что нет и когда станет известно."

    def check(self, doc):
        hedge = _any_of("hedging")
        for sent in doc.new.sentences:
            if is_question(sent.text):
                continue
            low = _norm(sent.text)
            if not hedge(low):
                continue                 # one pass first: most sentences have none
            taken: list = []
            hits = sorted((m for rx in _compiled("hedging") for m in rx.finditer(low)),
                          key=lambda m: (m.start(), -m.end()))
            for m in hits:
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                seg = low[m.start():m.end()]
                lead = len(seg) - len(seg.lstrip(" ,—–"))
                s = sent.start + m.start() + lead
                e = s + len(seg.strip(" ,—–"))
                yield self.diag(doc, s, e, f"Оговорка «{doc.text[s:e]}» делает фразу неуверенной. "
                                "Скажите прямо, что известно точно.")


# ---- vague deadline --------------------------------------------------------------

_PROMISE_WORDS = {"постараемся", "постараюсь", "обещаем", "обещаю"}


def _is_promise(sent) -> bool:
    for t in sent.words:
        # «исправим» is first parsed as a short adjective: look at the verb readings too
        if any(p.tag.POS == "VERB" and ("futr" in p.tag or "1per" in p.tag) for p in t.parses[:2]):
            return True
        if t.lower in _PROMISE_WORDS:
            return True
    return False


_CLAUSE_BREAK = re.compile(r"[,;:—–()]")


def _about_an_event(sent, s, e) -> bool:
    """«Скоро Новый год, поэтому…»: the vague word sits in a verbless clause of its own with a
    noun in the nominative — it dates an event, not the sender's promise."""
    text = sent.text
    rs, re_ = s - sent.start, e - sent.start
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, rs)), default=0)
    nxt = _CLAUSE_BREAK.search(text, re_)
    right = nxt.start() if nxt else len(text)
    words = [w for w in sent.words if left <= w.start - sent.start < right
             and not (rs <= w.start - sent.start < re_)]
    if any(w.parses and w.parses[0].tag.POS in ("VERB", "INFN", "PRTS", "PRED", "ADJS") for w in words):
        return False
    return any(p.tag.POS == "NOUN" and "nomn" in p.tag for w in words for p in w.parses[:3])


# «в эти дни», «к этому сроку»: the time is the one named in the sentence before
_ANAPHORIC_TIME = re.compile(r"\b(в|во|к|на|до|за)\s+(эти|этот|это|эту|этому|этой|эти\s+же)\s+"
                             r"(дни|день|время|период|срок\w*|дат\w*|недел\w*|числ\w*)\b")


_IF = re.compile(r"\b(если|в\s+случае)\b")


class VagueDeadline(Rule):
    id = "style.vague-deadline"
    severity = "warning"
    summary = "Обещание без срока («пришлём в ближайшее время», «скоро», «на днях»)"
    guideline = (f"Статья {_GUIDE_001} требует соблюдать сроки и называть их честно: обещание без даты "
                 "нельзя ни проверить, ни выполнить вовремя.")
    what = ("Находит обещания с расплывчатым сроком («в ближайшее время», «скоро», «позже», «на днях», "
            "«в кратчайшие сроки»), если в том же предложении нет даты, дня недели или времени, и обещание "
            "связаться («Мы свяжемся с вами»), если срока нет ни в нём, ни в следующем предложении. «В эти "
            "дни» после названных дат — срок.")
    why = "«Скоро» у исполнителя и у клиента означает разное; конкретная дата снимает вопросы."

    def check(self, doc):
        concrete = _any_of("vague-deadline", "concrete")
        vague = _any_of("vague-deadline")
        sents = list(doc.new.sentences)
        for k, sent in enumerate(sents):
            if is_question(sent.text):
                continue
            low = _norm(sent.text)
            if concrete(low):
                continue
            if _ANAPHORIC_TIME.search(low) and any(dates.has_date(p.text) for p in sents[max(0, k - 3):k]):
                continue            # «С 30 апреля по 12 мая… В эти дни мы завершим…»: the dates are named
            yield from self._promise(doc, sents, k, low, concrete)
            if not vague(low):
                continue                 # one pass first: most sentences have none
            hits = [m for rx in _compiled("vague-deadline") for m in rx.finditer(low)]
            if not hits or not _is_promise(sent):
                continue
            taken = []
            for m in sorted(hits, key=lambda m: (m.start(), -m.end())):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                s, e = sent.start + m.start(), sent.start + m.end()
                if _about_an_event(sent, s, e):
                    continue
                yield self.diag(doc, s, e, f"Срок «{doc.text[s:e]}» ничего не обещает. Назовите дату или время: "
                                "«до 15:00 четверга».")

    def _promise(self, doc, sents, k, low, concrete):
        """«Мы свяжемся с вами.» with no time here or in the next sentence."""
        sent = sents[k]
        if not _any_of("vague-deadline", "promises")(low):
            return                      # one pass first
        m = next((m for rx in _compiled("vague-deadline", "promises") if (m := rx.search(low))), None)
        if m is None:
            return                      # no promise: nothing more to look at (most sentences)
        if _IF.search(low):
            return                      # «Если понадобится, мы свяжемся с вами»: an offer, not a promise
        if _any_of("vague-deadline")(low):
            return                      # the vague word itself is reported
        nxt = _norm(sents[k + 1].text) if k + 1 < len(sents) else ""
        if nxt and (concrete(nxt) or dates.has_date(nxt)) or dates.has_date(sent.text):
            return
        s, e = sent.start + m.start(), sent.start + m.end()
        yield self.diag(doc, s, e, f"Обещание «{doc.text[s:e]}» без срока. Назовите, когда: "
                        "«свяжемся до 15:00 четверга».")
