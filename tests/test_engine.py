"""Engine behaviour that no single rule owns."""
import mailcheck


def test_specific_finding_shadows_spelling():
    # «щас» is slang with a known replacement: one precise finding, not a spelling error too
    report = mailcheck.lint("Здравствуйте!\n\nЩас пришлю макет, напишите плз, если что.\n\nС уважением,\nАнна")
    rules = {(d.rule, d.text.lower()) for d in report.diagnostics}
    assert ("style.slang", "щас") in rules
    assert ("spelling", "щас") not in rules


def test_severity_override_and_group_off():
    text = "Привет!\n\nМакет готов.\n\nС уважением,\nАнна"
    base = {d.rule: d.severity for d in mailcheck.lint(text).diagnostics}
    assert base["greeting.informal"] == "warning"
    cfg = {"rules": {"greeting.informal": "error", "signature.": "off"}}
    got = {d.rule: d.severity for d in mailcheck.lint(text, config=cfg).diagnostics}
    assert got["greeting.informal"] == "error"
    assert not any(r.startswith("signature.") for r in got)


def test_select_and_ignore_prefixes():
    text = "Привет!\n\nМакет готов."
    only = mailcheck.lint(text, select=["greeting"]).diagnostics
    assert only and all(d.rule.startswith("greeting.") for d in only)
    rest = mailcheck.lint(text, ignore=["greeting."]).diagnostics
    assert rest and not any(d.rule.startswith("greeting.") for d in rest)


INLINE = """Здравствуйте, Иван!

> Когда задеплоите фичу с фильтрами?
Задеплоим в пятницу, 16 октября, до 18:00.

> И сколько это будет стоить?
Стоимость — от 50 до 60 тыс. ₽, точнее скажу после оценки.

С уважением,
Олег Виноградов
менеджер проектов
ООО «Северный код»
+7 (495) 555-27-91
"""


def test_inline_answers_between_quotes_are_the_senders_text():
    report = mailcheck.lint(INLINE)
    d = report.draft
    assert [sp.slice(d.text) for sp in d.new_spans] == [
        "Здравствуйте, Иван!",
        "Задеплоим в пятницу, 16 октября, до 18:00.",
        "Стоимость — от 50 до 60 тыс. ₽, точнее скажу после оценки.\n\nС уважением,",
    ]
    assert d.signoff.slice(d.text) == "С уважением,"
    assert d.signature.slice(d.text).startswith("Олег Виноградов")
    jargon = [x.text for x in report.diagnostics if x.rule == "style.jargon"]
    # the sender's «Задеплоим» is found; the client's quoted «задеплоите», «фичу» are not
    assert jargon == ["Задеплоим"], jargon
    rules = {x.rule for x in report.diagnostics}
    assert not rules & {"greeting.missing", "signoff.missing", "signature.missing"}
