"""structure.*: the three parts of a letter and its layout.

The three-part rules read `mailcheck.parts.analyse(doc)` (see that module
for how sentences are labelled context, problem and ask); the layout rules
count words per paragraph and separate issues in running prose.
"""
from __future__ import annotations

import re

from mailcheck import data
from mailcheck.language.lexicon import fold
from mailcheck.language.parts import analyse, phrases, body_sentences
from mailcheck.rules.rule import Rule

_ARTICLE = "«Взаимодействие с клиентами»"


def _layout() -> dict:
    return data.load_toml("structure/layout.toml")


class NoAsk(Rule):
    id = "structure.no-ask"
    severity = "warning"
    summary = "Письмо поднимает проблему, но не говорит, что делать получателю"
    guideline = (f"Статья {_ARTICLE} учит заканчивать письмо тем, чего мы хотим от адресата; "
                 "без просьбы или следующего шага клиент не знает, как поступить.")
    what = ("Письмо из трёх и более предложений описывает проблему или потребность, но в нём нет "
            "ни просьбы, ни вопроса, ни предложенного действия со временем. Уведомления, которые так и "
            "начинаются («Сообщаем…», «Напоминаем…»), и отчёты о решённой проблеме («ошибку исправили») "
            "просьбы не требуют; действие, которое письмо предлагает читателю («Вы можете продлить "
            "подписку…»), и следующий шаг отправителя («…посмотрим и ответим») — тоже ответ на вопрос "
            "«что дальше».")
    why = "Клиент дочитывает письмо и не понимает, что от него ждут, — ответ затягивается."

    def check(self, doc):
        a = analyse(doc)
        if a.short or a.thanks_only or a.notice or a.resolved or a.of("ask"):
            return
        if not a.of("problem", strong_only=True):
            return
        last = a.sentences[-1]
        yield self.diag(doc, last.end, last.end,
                        "Непонятно, что должен сделать получатель. Допишите просьбу или следующий шаг: "
                        "«Прошу подтвердить до пятницы…», «Предлагаем созвониться завтра в 11:00».")


class NoContext(Rule):
    id = "structure.no-context"
    severity = "suggestion"
    summary = "Длинное письмо начинается сразу с проблемы или просьбы, без введения в курс дела"
    guideline = (f"По статье {_ARTICLE} письмо сначала вводит читателя в курс дела: о каком проекте, "
                 "договоре, письме или встрече идёт речь.")
    what = ("Письмо (не ответ) из трёх и более предложений, в котором нет ни одной отсылки к проекту, "
            "договору, прошлому письму, встрече или сделанной работе.")
    why = "Клиент ведёт много дел одновременно; без первой фразы о контексте он тратит время, чтобы понять, о чём речь."

    def check(self, doc):
        a = analyse(doc)
        if a.short or a.is_reply or a.thanks_only or a.of("context"):
            return
        first = a.sentences[0]
        # an action offered to the reader or the sender's own next step is not a bare request
        if not (first.has("ask", strong_only=True) or first.has("problem")):
            return
        yield self.diag(doc, first.start, first.start,
                        "Письмо начинается сразу с сути. Добавьте в начало, о чём речь: "
                        "«По договору № …», «По итогам встречи 12 октября…», «Пишу по поводу…».")


class NoProblem(Rule):
    id = "structure.no-problem"
    severity = "suggestion"
    summary = "Письмо из просьб без объяснения, зачем они нужны"
    guideline = (f"Статья {_ARTICLE} требует между контекстом и просьбой пояснить проблему — "
                 "почему понадобилось то, о чём мы просим.")
    what = ("Письмо из трёх и более предложений, где просьб не меньше, чем остальных предложений, "
            "и нет ни проблемы, ни причины («потому что», «чтобы», «из-за», «к сожалению»).")
    why = "Просьба без причины выглядит как приказ, и клиенту трудно расставить приоритеты."

    def check(self, doc):
        a = analyse(doc)
        if a.short or a.thanks_only:
            return
        # requests only: an action offered to the reader («вы можете продлить…») or the
        # sender's own next step needs no reason
        asks = [s for s in a.sentences if s.has("ask", strong_only=True) and not s.conditional]
        if not asks or a.of("problem"):
            return
        if len(asks) * 2 < len(a.sentences):
            return          # mostly information: the ask follows from it
        yield self.diag(doc, asks[0].start, asks[0].start,
                        "Просьбы без объяснения. Добавьте, зачем это нужно или что случилось: "
                        "«Чтобы запустить рассылку в срок, …», «Из-за смены тарифа …».")


class WallOfText(Rule):
    id = "structure.wall-of-text"
    severity = "warning"
    summary = "Слишком длинный абзац или длинное письмо без пустых строк"
    guideline = ("«Рекомендации по эффективному взаимодействию с заказчиком» советуют структурировать "
                 "длинные письма; сплошной текст читатель пролистывает.")
    what = "Абзац длиннее ~120 слов или текст письма длиннее ~150 слов без единой пустой строки."
    why = "Сплошной текст трудно читать и легко пропустить в нём главное."

    def check(self, doc):
        cfg = _layout()
        sents, greeting = body_sentences(doc)
        # keyed by identity: a Paragraph's own hash walks all its text and tokens
        by_para: dict[int, tuple[list, list]] = {}
        for s, para, structured in sents:
            group = by_para.setdefault(id(para), ([], []))
            group[0].append(s)
            group[1].append(structured)
        total = sum(len(s.words) for s, _, _ in sents)
        for ss, flags in by_para.values():
            n = sum(len(s.words) for s in ss)
            structured = any(flags)
            single = len(by_para) == 1 and total > cfg["body-words"]
            if (n > cfg["paragraph-words"] or single) and not structured:
                yield self.diag(doc, ss[0].start, ss[-1].end,
                                f"Абзац из {n} слов трудно читать. Разбейте его на абзацы по 3–5 предложений "
                                "и отделите их пустой строкой.")


def _refers_back(words, generic, other, seen) -> bool:
    """The sentence names an issue only by a generic noun («проблема», «вопрос») already met in an
    earlier issue, with no word that makes it another one."""
    if not seen:
        return False
    for k, w in enumerate(words):
        if w.parse.tag.POS != "NOUN" or not w.lemmas & seen:
            continue
        near = words[max(0, k - 2):k]
        if any(fold(t.text) in other or t.lemmas & other for t in near):
            return False            # «ещё одна проблема», «другой вопрос»
        return True
    return False


_HEADING = re.compile(r"^\s*(?:#{1,6}\s+\S.*|\*\*[^*\n]{2,80}\*\*:?|__[^_\n]{2,80}__:?|[^\n.!?]{2,60}:)\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|^[^\t\n]+(?:\t[^\t\n]+){2,}$")
_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s+\S")


def _laid_out(doc, cfg) -> bool:
    """The new text already has its own layout: at least `laid-out` of headings (a Markdown
    «#» line, a bold line, a short line ending in «:»), lists (two or more items) and tables."""
    lines = doc.new.content.split("\n")
    headings = sum(1 for ln in lines if _HEADING.match(ln))
    tables = sum(1 for ln in lines if _TABLE_ROW.match(ln)) >= 2
    lists = 0
    run = 0
    for ln in lines + [""]:
        if _ITEM.match(ln):
            run += 1
            continue
        lists += run >= 2
        run = 0
    kinds = (headings >= 1) + (lists >= 1) + tables
    return kinds >= 2 or headings >= cfg["laid-out"]


class UnlistedIssues(Rule):
    id = "structure.unlisted-issues"
    severity = "suggestion"
    summary = "Несколько отдельных проблем или вопросов сплошным текстом, без пунктов"
    guideline = ("«Рекомендации по эффективному взаимодействию с заказчиком» просят структурировать длинные "
                 "письма: отдельные вопросы — отдельными пунктами.")
    what = ("Длинное письмо, в котором три и более отдельных вопроса или проблемы идут сплошным текстом, "
            "а не нумерованным списком или под заголовками. Письмо, уже размеченное заголовками, списками "
            "или таблицами, не трогает; «проблема», «вопрос», названные снова без «другой», «ещё один», — "
            "та же проблема.")
    why = "Вопросы в сплошном тексте теряются: клиент отвечает на первый и забывает остальные."

    def check(self, doc):
        cfg = _layout()
        a = analyse(doc)
        prose = [s for s in a.sentences if not s.in_list]
        if sum(len(s.sentence.words) for s in prose) < cfg["long-words"]:
            return
        if _laid_out(doc, cfg):
            return          # headings, lists, tables: the author has already structured the letter
        additive = phrases("structure/layout.toml", "additive")
        generic = {fold(w) for w in cfg["generic"]}
        other = {fold(w) for w in cfg["other"]}
        issues = []            # (first sentence, nouns of the last sentence of this issue)
        prev_nouns: set | None = None
        seen_generic: set = set()
        for s in prose:
            words = s.sentence.words
            opens = additive.find(words[:3])
            is_issue = s.is_question or (not s.has("ask") and (
                s.has("problem", strong_only=True) or (opens and s.has("problem"))))
            if not is_issue:
                continue
            nouns = set()
            for w in words:
                if w.parse.tag.POS == "NOUN":
                    nouns |= w.lemmas
                    if "-" in w.text:
                        for part in w.text.split("-"):
                            nouns.add(part.lower().replace("ё", "е"))
            # «Согласуете?», «Подходит?»: a question with no noun of its own asks about the sentence before
            own_question = s.is_question and (bool(nouns) or prev_nouns is None)
            # «…существует проблема. … Тогда же проблема получила пометку.»: «проблема», «вопрос»
            # met again without «другой», «ещё один», «второй» is the issue already named
            back = _refers_back(words, generic, other, seen_generic)
            seen_generic |= {g for g in generic if any(g in w.lemmas for w in words)}
            new = not back and (prev_nouns is None or own_question or bool(opens)
                                or (not s.conditional and not s.is_question and not (nouns & prev_nouns)))
            if new:
                issues.append(s)
            prev_nouns = nouns
        if len(issues) < cfg["issues"]:
            return
        yield self.diag(doc, issues[0].start, issues[-1].end,
                        f"{len(issues)} отдельных вопроса или проблемы идут сплошным текстом. "
                        "Оформите их нумерованным списком, по пункту на вопрос.")
