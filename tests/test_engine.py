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


def test_a_rules_group_is_the_first_part_of_its_modules_name():
    """`--select` imports only the modules of the selected groups (rule.py): that
    needs every rule's group to be its module's first name part."""
    from mailcheck.rules import rule

    for r in rule.all_rules():
        if not type(r).__module__.startswith("mailcheck.rules.checks."):
            continue
        module = type(r).__module__.rsplit(".", 1)[1]
        assert r.id.split(".", 1)[0] == rule.module_group(module), (r.id, module)


def test_select_imports_only_the_selected_groups_modules():
    import subprocess
    import sys

    code = ("import sys, mailcheck\n"
            "r = mailcheck.lint('Добрый день!\\n\\nМакет готов, посмотрите до пятницы.\\n', select=['spelling'])\n"
            "from mailcheck.rules import rule\n"
            "assert rule.is_known('spelling')\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('mailcheck.rules.checks.')))\n"
            "assert not rule.is_known('spelling.nope') and rule.is_known('style.jargon')\n"
            "print(len(rule.all_rules()))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "['content_sensitive', 'spelling']"        # the engine's secret masking, and the rule
    assert int(out[1]) >= 45                                      # all_rules() still loads everything
