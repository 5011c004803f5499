"""content.late-reply and content.unanswered-question: rules that read the quoted thread."""
from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from mailcheck import data
from mailcheck.language import dates
from mailcheck.language.lexicon import fold
from mailcheck.language.parts import analyse, phrases
from mailcheck.rules.rule import Rule

_RULES5 = "«Пять золотых правил при общении с клиентами и партнерами»"


def _cfg() -> dict:
    return data.load_toml("content/thread.toml")


@functools.cache
def _holidays() -> tuple[frozenset[tuple[int, int]], frozenset[date]]:
    """(month, day) pairs that are public holidays every year, and single extra dates
    (rules/content/holidays.toml)."""
    cfg = data.load_toml("content/holidays.toml")
    fixed = frozenset(tuple(int(x) for x in md.split("-")) for md in cfg.get("fixed", ()))
    extra = frozenset(date.fromisoformat(d) for d in cfg.get("extra", ()))
    return fixed, extra


def is_working_day(d: date) -> bool:
    fixed, extra = _holidays()
    return d.weekday() < 5 and (d.month, d.day) not in fixed and d not in extra


def working_days_between(earlier: date, later: date) -> int:
    """Working days (Mon–Fri, except public holidays) after `earlier` up to and including `later`."""
    n = 0
    d = earlier + timedelta(days=1)
    if (later - d).days > 370:          # a quote from years ago: late in any case, no need to count
        return (later - d).days * 5 // 7
    while d <= later:
        if is_working_day(d):
            n += 1
        d += timedelta(days=1)
    return n


def _days(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "рабочий день"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "рабочих дня"
    return "рабочих дней"


def _anchor(doc) -> int:
    a = analyse(doc)
    if a.sentences:
        return a.sentences[0].start
    return doc.draft.new.start


class LateReply(Rule):
    id = "content.late-reply"
    severity = "suggestion"
    summary = "Ответ позже двух рабочих дней без извинения или объяснения"
    guideline = (f"{_RULES5} советуют отвечать в течение дня-двух, а если не получилось — "
                 "извиниться за задержку или объяснить её.")
    what = ("Ответ, отправленный (заголовок Date) больше чем через два рабочих дня после цитируемого "
            "письма, в котором нет ни извинения, ни объяснения задержки. Выходные и праздничные нерабочие дни "
            "(1–8 января, 23 февраля, 8 марта, 1 и 9 мая, 12 июня, 4 ноября) не считаются. "
            "Черновики без Date не проверяются.")
    why = "Клиент ждал ответа несколько дней; одна фраза об этом сохраняет доверие."

    def check(self, doc):
        draft = doc.draft
        if draft.date is None or not draft.quotes:
            return
        quoted = next((q.date for q in draft.quotes if q.date is not None), None)
        if quoted is None:
            return
        sent = draft.date.date()
        got = quoted.date()
        cfg = _cfg()
        days = working_days_between(got, sent)
        if days <= cfg["late-days"]:
            return
        if phrases("content/thread.toml", "apology").first(doc.new.words):
            return
        pos = _anchor(doc)
        yield self.diag(doc, pos, pos,
                        f"Ответ через {days} {_days(days)} после письма от {got.day:02d}.{got.month:02d}. "
                        "Извинитесь за задержку или объясните её: «Извините за долгий ответ — уточняли сроки».")


def _content_lemmas(words, stop) -> set[str]:
    out = set()
    for w in words:
        if not w.is_word:
            continue
        pos = w.parse.tag.POS
        if pos in ("PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED"):
            continue
        lem = {l for l in w.lemmas if l not in stop}
        if fold(w.text) in stop or not lem:
            continue
        out |= lem
        if "-" in w.text:
            out |= {p for p in fold(w.text).split("-") if len(p) > 2}
        if w.has_digit:
            out.add(fold(w.text))
    return out


def _questions(doc):
    """(question, sentence before it) for the message being answered: '?' sentences
    of the first quote, without its header and without deeper '>>' quotes."""
    q = doc.draft.quotes[0]
    out = []
    prev = None
    for s in doc.quoted.sentences:
        if not (q.span.start <= s.start < q.span.end):
            continue
        if q.header is not None and s.start < q.header.end:
            continue
        line_start = doc.text.rfind("\n", 0, s.start) + 1
        if doc.text[line_start:s.start + 2].lstrip().startswith(">>") or \
                re.match(r"\s*>\s*>", doc.text[line_start:s.end]):
            continue
        if s.text.rstrip().endswith("?") and s.words:
            out.append((s, prev))
        prev = s
    return out


_NUMBER = re.compile(r"\d|\b(?:один|одна|одно|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|"
                     r"сто|тысяч\w*|бесплатно|ничего\s+не\s+стоит)\b", re.I)


def _answered(q_words, own, reply, cfg) -> bool:
    """Evidence that the reply answers the question, not just shares a word with it: a statement
    of the reply on its topic that gives a date for «когда», a number for «сколько»/«стоимость»,
    and otherwise shares two of its words (one if it has only one) or opens with «да», «нет»,
    «можно», «нельзя»."""
    kinds = {k for k, words in cfg["asks_for"].items()
             if any(fold(w.text) in words or w.lemmas & set(words) for w in q_words)}
    need = min(2, len(own))
    if any(w.parse.tag.POS == "VERB" and "impr" in w.parse.tag for w in q_words):
        need = 1            # «Посмотри до завтра, ок?» is a request: a reply on its topic is the answer
    openers = set(cfg["answer_openers"])
    for k, (r, lem) in enumerate(reply):
        shared = own & lem
        if not shared:
            continue
        nearby = r.text + " " + (reply[k + 1][0].text if k + 1 < len(reply) else "")
        if "time" in kinds and not dates.has_date(nearby):
            continue
        if "number" in kinds and not _NUMBER.search(nearby):
            continue
        if kinds or len(shared) >= need:
            return True
        if r.words and fold(r.words[0].text) in openers:
            return True
    return False


class UnansweredQuestion(Rule):
    id = "content.unanswered-question"
    severity = "suggestion"
    summary = "В цитируемом письме есть вопрос, которого ответ не касается"
    guideline = (f"{_RULES5} требуют отвечать на каждый вопрос клиента, даже коротко; "
                 "пропущенный вопрос клиент задаст снова.")
    what = ("Вопрос из цитируемого письма (предложение с «?»), на который в ответе нет ответа: ни одно "
            "утверждение ответа не касается его темы так, чтобы это было ответом — для «когда?» нужна дата, "
            "для «сколько?» — число, для остальных — два общих значимых слова (слова темы письма не в счёт) "
            "или «да», «нет», «можно» в начале фразы. Отсылка вроде «по второму вопросу» тоже считается ответом.")
    why = "Клиенту приходится переспрашивать, и переписка затягивается."

    def check(self, doc):
        draft = doc.draft
        if not draft.quotes or not doc.new.words:
            return
        qs = _questions(doc)
        if not qs:
            return
        cfg = _cfg()
        stop = frozenset(fold(w) for w in cfg["stop"])
        new_words = doc.new.words
        if phrases("content/thread.toml", "all_answered").first(new_words):
            return
        subject_words = set()
        if draft.subject:
            from mailcheck.language.text import Token
            subj = [Token(m.start(), m.end(), m.group()) for m in re.finditer(r"\w[\w-]*", draft.subject)]
            subject_words = _content_lemmas(subj, stop)
        new = _content_lemmas(new_words, stop)
        # the reply's statements (not its own questions), each with its content words
        reply = [(r, _content_lemmas(r.words, stop)) for r in doc.new.sentences
                 if r.words and not r.text.rstrip().rstrip("»\")").endswith("?")]
        ordinals = [fold(o) for o in cfg["ordinals"]]
        touched_numbers = set()
        for i, w in enumerate(new_words[:-1]):
            for k, o in enumerate(ordinals):
                if o in w.lemmas and ("вопрос" in new_words[i + 1].lemmas or "пункт" in new_words[i + 1].lemmas):
                    touched_numbers.add(k)
        a = analyse(doc)
        first = a.sentences[0].sentence.words if a.sentences else []
        yes_no = bool(first) and fold(first[0].text) in ("да", "нет", "конечно", "разумеется", "увы")
        for n, (s, before) in enumerate(qs):
            if n in touched_numbers:
                continue
            if not any(w.is_cyrillic for w in s.words):
                continue        # a question in English: shared words cannot tell whether it was answered
            lem = _content_lemmas(s.words, stop)
            if len(lem) < 2 and before is not None:
                # «Успеваете?» takes its topic from the sentence before it
                lem |= _content_lemmas(before.words, stop)
            own = lem - subject_words or lem
            if own & new and _answered(s.words, own, reply, cfg):
                continue
            if yes_no and len(qs) == 1:
                continue
            text = s.text.lstrip("> ").strip()
            yield self.diag(doc, s.start, s.end,
                            f"Вопрос клиента остался без ответа: «{text}». Ответьте на него, хотя бы коротко.")
