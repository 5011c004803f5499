"""Rules used only by the CLI tests: they fire on marker words, so exit codes,
--select/--ignore, --fail-on and the reporters can be tested without depending
on what the real rules find. The tests add this folder to `mailcheck.rules.checks`'
package path in a subprocess; the real suite never loads it."""
import re

from mailcheck.rules.rule import Rule


class _Marker(Rule):
    marker = ""

    def check(self, doc):
        for m in re.finditer(self.marker, doc.text):
            if doc.in_quote(m.start()):
                continue
            yield self.diag(doc, m.start(), m.end(), f"Маркер «{m.group()}»: уберите его.",
                            suggestions=["замена"])


class FixtureError(_Marker):
    id = "fixa.error"
    severity = "error"
    summary = "Тестовое правило уровня error."
    guideline = "Тестовое правило из статьи «Тест»."
    what = "Находит слово ОШИБКА."
    marker = "ОШИБКА"


class FixtureWarning(_Marker):
    id = "fixa.warning"
    severity = "warning"
    summary = "Тестовое правило уровня warning."
    guideline = "Тестовое правило из статьи «Тест»."
    marker = "ВНИМАНИЕ"


class FixtureSuggestion(_Marker):
    id = "fixb.suggestion"
    severity = "suggestion"
    summary = "Тестовое правило уровня suggestion."
    guideline = "Тестовое правило из статьи «Тест»."
    marker = "СОВЕТ"


class FixtureSubject(Rule):
    id = "fixb.subject"
    severity = "warning"
    summary = "Тестовое правило о теме письма."
    guideline = "Тестовое правило из статьи «Тест»."

    def check(self, doc):
        subj = doc.draft.subject
        if subj and "ТЕМА" in subj:
            i = subj.index("ТЕМА")
            yield self.diag(doc, i, i + 4, "Маркер в теме.", field="subject", text="ТЕМА")
