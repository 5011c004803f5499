"""content.placeholder: an unfilled template placeholder in a draft about to be sent.

Source: guidelines 003 («Рекомендации по эффективному взаимодействию с
заказчиком», п. 9: перечитать письмо перед отправкой) and 001 (обращаться к
клиенту по имени — «Здравствуйте, {name}!» не обращение).
In template mode (`--template`, `template = true`) placeholders stand for the
words they replace and are not reported.
"""
from __future__ import annotations

import re

from mailcheck.draft import placeholders
from mailcheck.rules.rule import Rule

_FENCE = re.compile(r"```.*?(?:```|\Z)|`[^`\n]+`", re.S)
_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"))


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Fenced ``` blocks and `inline code`: code samples, not templates."""
    return [(m.start(), m.end()) for m in _FENCE.finditer(text)]


# a placeholder the letter talks about: «в шаблоне есть переменная {name}», «поле %s», «тег #EMAIL#»
_MENTION = re.compile(r"(?:переменн|подстановк|плейсхолдер|макрос|тег|тэг|пол[ея]\b|полях|шаблон|параметр|"
                      r"placeholder|variable)[^\n.!?]{0,30}$", re.I)


def _mentioned(text: str, a: int) -> bool:
    return bool(_MENTION.search(text[max(0, a - 50):a]))


def _quoted_passage(text: str, a: int, b: int) -> bool:
    """Inside a longer passage in quotation marks: someone else's words quoted («…у вас в
    шаблоне написано "задача с номером {0} создана…"»), not this letter's own text. A name in
    quotes («{SITENAME}») stays this letter's."""
    para_start = max(text.rfind("\n\n", 0, a), 0, a - 2000)
    before = text[para_start:a]
    spans = []
    for op, cl in _QUOTE_PAIRS:
        i = before.rfind(op)
        if i >= 0 and before.rfind(cl) < i:
            j = text.find(cl, b, b + 2000)
            spans.append((para_start + i, j if j >= 0 else min(len(text), b + 2000)))
    # straight double quotes: an odd count before the placeholder opens a passage
    lead = text[max(text.rfind("\n\n\n", 0, a), 0, a - 2000):a]
    if lead.count('"') % 2 == 1:
        j = text.find('"', b, b + 2000)
        spans.append((a - len(lead) + lead.rfind('"'), j if j >= 0 else min(len(text), b + 2000)))
    for s, e in spans:
        words = re.findall(r"[^\W\d_]{2,}", placeholders.mask(text[s:e], " "))
        if len(words) >= 5:
            return True
    return False


def _message(text: str, kind: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "…"
    if kind == "standin":
        return f"Текст-заглушка «{shown}»: замените его настоящим текстом перед отправкой."
    return (f"Незаполненная подстановка «{shown}»: впишите вместо неё нужные слова, "
            "иначе клиент получит её как есть.")


class Placeholder(Rule):
    id = "content.placeholder"
    severity = "error"
    summary = "В письме осталась незаполненная подстановка шаблона: {name}, %s, [Имя], XX.XX.2026."
    guideline = ("«Рекомендации по эффективному взаимодействию с заказчиком», п. 9, велят перечитать письмо "
                 "перед отправкой, а «12 вещей, о которых нужно помнить в работе с клиентами» — обращаться "
                 "к клиенту по имени: «Здравствуйте, {name}!» показывает, что письмо — рассылка по шаблону.")
    what = ("Находит в теме и тексте письма подстановки шаблонов, которые забыли заполнить: {name}, "
            "{{ order.id }}, #USER_NAME#, {$var}, %s, %{name}, [Имя], <ФИО>, *** SUBJECT HERE ***, "
            "XX.XX.2026, заглушки заглавными («ЗДЕСЬ БУДЕТ ТЕКСТ»). Не трогает цитаты, код в ``` и "
            "сноски «[1]». Файлы шаблонов проверяйте с --template (или template = true в настройках): "
            "там подстановки заменяют слова и не считаются ошибкой.")
    why = ("Почтовые программы не замечают «{name}» в письме, а клиент видит его сразу: письмо "
           "выглядит небрежной рассылкой, а обращение и данные заказа в нём пропали.")

    def check(self, doc):
        if doc.template:
            return
        found = list(self._found(doc))
        # many of them: most likely a template file checked as a letter — say how to check it
        if len(found) >= 3:
            first = next((d for d in found if d.field == "body"), found[0])
            first.message += " Если это файл шаблона, проверяйте его с --template."
        yield from found

    def _found(self, doc):
        subject = doc.draft.subject or ""
        for p in placeholders.find(subject):
            yield self.diag(doc, p.start, p.end, _message(p.text, p.kind), field="subject", text=p.text)
        text = doc.text
        code = _code_spans(text) if "`" in text else []
        for sp in doc.placeholders:
            if doc.in_quote(sp.start) or any(a <= sp.start < b for a, b in code) or \
                    _mentioned(text, sp.start) or _quoted_passage(text, sp.start, sp.end):
                continue
            shown = text[sp.start:sp.end]
            kind = next((p.kind for p in placeholders.find(shown)), "standin")
            yield self.diag(doc, sp.start, sp.end, _message(shown, kind))
