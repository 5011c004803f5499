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
