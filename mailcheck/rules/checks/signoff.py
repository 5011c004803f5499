"""signoff.*: close a client letter with a polite formula.

Source: guidelines 001 («12 вещей, о которых нужно помнить в работе с
клиентами»: поблагодарите и попрощайтесь — «Спасибо!», «Всего доброго»,
«С уважением, …»).
"""
from __future__ import annotations

import re

from mailcheck import data
from mailcheck.draft import placeholders
from mailcheck.language.morph import match_case
from mailcheck.rules.diagnostic import safe_fix
from mailcheck.rules.rule import Rule
from mailcheck.draft.split import closing_formula

GUIDE = ("«12 вещей, о которых нужно помнить в работе с клиентами»: письмо заканчивают "
         "вежливой заключительной фразой — благодарностью или «С уважением» перед подписью.")


def closing(doc):
    """(start of the closing line's text, the line stripped, the formula) or None."""
    span = doc.draft.signoff
    if span is None:
        return None
    line = span.slice(doc.text)
    phrase = closing_formula(line)
    if phrase is None:
        return None
    lead = len(line) - len(line.lstrip())
    return span.start + lead, line.strip(), phrase


def _closing_under_delimiter(doc) -> bool:
    """«-- \nС уважением,\nАнна…»: a mail client's saved signature often starts with the closing
    formula below the «-- » line; the letter is closed, the formula just sits in the block."""
    sig = doc.draft.signature
    if sig is None:
        return False
    for line in sig.slice(doc.text).splitlines():
        line = line.strip()
        if not line or line.startswith("--"):
            continue
        return closing_formula(line) is not None
    return False


class SignoffMissing(Rule):
    id = "signoff.missing"
    severity = "warning"
    summary = "Нет заключительной фразы перед подписью («С уважением,», «Спасибо!»)."
    guideline = GUIDE
    what = "Находит письма, которые обрываются на деле: ни благодарности, ни прощания перед подписью или в конце."
    why = "Без заключительной фразы письмо звучит резко и будто не дописано."

    def check(self, doc):
        if doc.draft.signoff is not None or not doc.new.sentences:
            return
        if _closing_under_delimiter(doc):
            return
        sig = doc.draft.signature
        if sig is not None and placeholders.only_placeholders(sig.slice(doc.text)):
            return      # «{EMAIL_SIG}», «{REGARDS}»: the closing comes with the signature the template fills in
        last = doc.new.sentences[-1]
        yield self.diag(doc, last.end, last.end,
                        "Добавьте заключительную фразу перед подписью: «С уважением,» или «Спасибо!»",
                        ["С уважением,"])


class SignoffPunctuation(Rule):
    id = "signoff.punctuation"
    severity = "warning"
    summary = "После «С уважением» нужна запятая, а не точка или «!»."
    guideline = GUIDE + " Принятая форма: «С уважением,» и имя на следующей строке."
    what = "Находит «С уважением.», «С уважением!» и «С уважением Иван» — формулы, после которых ставится запятая."
    why = "«С уважением» — начало фразы «с уважением, Иван»; точка или «!» после него — заметная ошибка."
    fixable = True

    def check(self, doc):
        found = closing(doc)
        if found is None or found[2] not in data.load_toml("signoff.toml")["needs_comma"]:
            return
        start, line, phrase = found
        end = start + len(phrase)
        rest = line[len(phrase):]
        line_end = start + len(line)
        if rest.startswith(","):
            return
        if re.match(r"\s+[а-яё]", rest) and line.rstrip().endswith(","):
            return      # «С уважением и наилучшими пожеланиями,»: the formula goes on, the comma is at its end
        written = doc.text[start:end]
        m = re.match(r"\s*([.!;:…]*)\s*(.*)$", rest)
        name = m.group(2).strip() if m else ""
        fixed = written + "," + (" " + name if name else "")
        d = self.diag(doc, start, line_end,
                      f"Поставьте запятую: «{fixed}»" + ("" if name else ", имя — на следующей строке."),
                      [fixed])
        # safe when the name is there to follow the comma: on this line or as the signature
        if name or doc.draft.signature is not None:
            safe_fix(d, fixed)
        yield d


class SignoffInformal(Rule):
    id = "signoff.informal"
    severity = "warning"
    summary = "Фамильярное прощание («Пока», «Целую», «Давай»)."
    guideline = GUIDE
    what = "Находит прощания из дружеской переписки в письме клиенту."
    why = "«Пока» и «Целую» уместны с друзьями; клиенту пишут «С уважением,» или «Всего доброго!»."

    def check(self, doc):
        found = closing(doc)
        if found is None or found[2] not in data.load_toml("signoff.toml")["informal"]:
            return
        start, shown, _ = found
        yield self.diag(doc, start, start + len(shown),
                        f"«{shown}» — слишком фамильярно. Напишите «С уважением,» или «Всего доброго!».",
                        [match_case(shown, "С уважением,"), "Всего доброго!"])
