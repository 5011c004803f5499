"""structure.*: the three parts of a letter and its layout.

The three-part rules read `mailcheck.parts.analyse(doc)` (see that module
for how sentences are labelled context, problem and ask); the layout rules
count words per paragraph and separate issues in running prose.
"""
from __future__ import annotations

from mailcheck import data
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
            "просьбы не требуют.")
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
        if not (first.has("ask") or first.has("problem")):
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
        asks = [s for s in a.sentences if s.has("ask") and not s.conditional]
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


class UnlistedIssues(Rule):
    id = "structure.unlisted-issues"
    severity = "suggestion"
    summary = "Несколько отдельных проблем или вопросов сплошным текстом, без пунктов"
    guideline = ("«Рекомендации по эффективному взаимодействию с заказчиком» просят структурировать длинные "
                 "письма: отдельные вопросы — отдельными пунктами.")
    what = ("Длинное письмо, в котором три и более отдельных вопроса или проблемы идут сплошным текстом, "
            "а не нумерованным списком или под заголовками.")
    why = "Вопросы в сплошном тексте теряются: клиент отвечает на первый и забывает остальные."

    def check(self, doc):
        cfg = _layout()
        a = analyse(doc)
        prose = [s for s in a.sentences if not s.in_list]
        if sum(len(s.sentence.words) for s in prose) < cfg["long-words"]:
            return
        additive = phrases("structure/layout.toml", "additive")
        issues = []            # (first sentence, nouns of the last sentence of this issue)
        prev_nouns: set | None = None
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
            new = (prev_nouns is None or own_question or bool(opens)
                   or (not s.conditional and not s.is_question and not (nouns & prev_nouns)))
            if new:
                issues.append(s)
            prev_nouns = nouns
        if len(issues) < cfg["issues"]:
            return
        yield self.diag(doc, issues[0].start, issues[-1].end,
                        f"{len(issues)} отдельных вопроса или проблемы идут сплошным текстом. "
                        "Оформите их нумерованным списком, по пункту на вопрос.")
