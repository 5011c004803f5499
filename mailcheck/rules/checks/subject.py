"""subject.*: a subject that says what the letter is about.

Source: guidelines 003 («Рекомендации по эффективному взаимодействию с
заказчиком», items 1 and 4: тема письма — конкретная, с меткой проекта;
итоги встреч — в теме).
"""
from __future__ import annotations

import re

from mailcheck import data
from mailcheck.draft import placeholders
from mailcheck.language import morph
from mailcheck.rules.rule import Rule

GUIDE = ("«Рекомендации по эффективному взаимодействию с заказчиком», пп. 1 и 4: тема письма "
         "конкретно называет, о чём оно, и несёт принятую в команде метку проекта.")
_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|ответ|пересл|aw|wg)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
MAX_LEN = 80


def bare(subject: str) -> str:
    """The subject without «Re:»/«Fwd:» prefixes."""
    return _PREFIX.sub("", subject).strip()


class SubjectMissing(Rule):
    id = "subject.missing"
    severity = "error"
    summary = "У письма нет темы."
    guideline = GUIDE
    what = "Находит письма (.eml) с пустой темой или без заголовка Subject."
    why = "Письмо без темы теряется во входящих и в поиске; по теме клиент решает, когда его читать."

    def check(self, doc):
        d = doc.draft
        if d.is_message and not (d.subject or "").strip():
            yield self.diag(doc, 0, 0, "Добавьте тему: о чём письмо и что нужно, например "
                            "«Согласование макета главной страницы до 15.03».", field="subject", text="")


class SubjectVague(Rule):
    id = "subject.vague"
    severity = "warning"
    summary = "Тема ничего не говорит о письме («Вопрос», «Срочно», «Информация»)."
    guideline = GUIDE
    what = "Находит темы из одних общих слов («Срочно», «Важная информация», «Без темы») или из одного «Re:»."
    why = "По такой теме нельзя понять, о чём письмо, и найти его потом."

    def check(self, doc):
        subj = doc.draft.subject
        if not doc.draft.is_message or not subj or not subj.strip():
            return
        rest = bare(subj)
        prefix = doc.config.subject_prefix
        if prefix and rest.lower().startswith(prefix.lower()):
            rest = rest[len(prefix):].strip()
        words = re.findall(r"[A-Za-zА-Яа-яЁё0-9]+", rest)
        vague = data.load_set("subject/vague.txt")
        if words and not all(w.isalpha() and (w.lower() in vague or morph.lemmas(w) & vague) for w in words):
            return
        if len(words) > 4:
            return
        yield self.diag(doc, 0, len(subj), f"Тема «{subj}» не говорит, о чём письмо. Напишите конкретно: "
                        "что и к какому сроку, например «Согласование макета главной страницы до 15.03».",
                        field="subject", text=subj)


class SubjectTooLong(Rule):
    id = "subject.too-long"
    severity = "suggestion"
    summary = f"Тема длиннее {MAX_LEN} символов."
    guideline = GUIDE
    what = f"Находит темы длиннее {MAX_LEN} символов: почтовые программы их обрезают."
    why = "Длинная тема не помещается в списке писем; подробности — в тексте, в теме — суть."

    def check(self, doc):
        subj = doc.draft.subject
        if not doc.draft.is_message or not subj:
            return
        # a placeholder stands for the words it replaces (a number, a name): count it as one
        # short word, not as «{{var order.increment_id}}»
        found = placeholders.find(subj)
        length = len(subj) - sum(p.end - p.start for p in found) + _PLACEHOLDER_LEN * len(found)
        if length > MAX_LEN:
            yield self.diag(doc, 0, len(subj), f"Тема длиной {length} символов. Сократите до {MAX_LEN}: "
                            "оставьте суть, подробности перенесите в письмо.", field="subject", text=subj)


_PLACEHOLDER_LEN = 8     # «{{var order.increment_id}}» becomes «100012345», «{name}» a name


class SubjectMissingPrefix(Rule):
    id = "subject.missing-prefix"
    severity = "warning"
    summary = "В теме нет метки проекта, заданной в настройках (subject-prefix)."
    guideline = GUIDE
    what = "Если в настройках задан subject-prefix, находит темы без него (после «Re:»/«Fwd:»)."
    why = "Метка в теме помогает клиенту и команде сразу отделить рабочие письма и найти их фильтром."

    def check(self, doc):
        prefix = doc.config.subject_prefix
        subj = doc.draft.subject
        if not prefix or not doc.draft.is_message or not subj or not subj.strip():
            return
        if prefix.lower() in bare(subj).lower()[: len(prefix) + 2]:
            return
        yield self.diag(doc, 0, len(subj), f"Добавьте в начало темы метку «{prefix}»: «{prefix} {bare(subj)}».",
                        [f"{prefix} {bare(subj)}"], field="subject", text=subj)
