"""One generic test runs every rule's examples (as LanguageTool does).

Examples live in rules/examples/<group>.toml, keyed by rule id:

    ["greeting.missing"]
    flag = ["draft that must trigger the rule",
            {text = "…", config = {...}, marked = "the flagged text", suggestion = "first suggestion"}]
    pass = ["draft the rule must leave alone", {text = "…", config = {...}}]

A draft that starts with RFC 5322 headers is linted as a message.
"""
import pytest

import mailcheck
from mailcheck.rules.rule import all_rules

RULES = all_rules()


def _cases(kind):
    for r in RULES:
        for i, ex in enumerate(r.examples()[kind]):
            yield pytest.param(r, ex, id=f"{r.id}-{kind}-{i}")


def _lint(rule, ex):
    if isinstance(ex, str):
        ex = {"text": ex}
    report = mailcheck.lint(ex["text"], config=ex.get("config"))
    return ex, [d for d in report.diagnostics if d.rule == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented(rule):
    ex = rule.examples()
    assert len(ex["flag"]) >= 2, f"{rule.id}: needs at least two examples to flag"
    assert len(ex["pass"]) >= 2, f"{rule.id}: needs at least two examples to leave alone"
    assert rule.severity in ("error", "warning", "suggestion")
    assert rule.summary and rule.guideline, f"{rule.id}: summary and guideline are required"


@pytest.mark.parametrize("rule,ex", list(_cases("flag")))
def test_flags(rule, ex):
    ex, found = _lint(rule, ex)
    assert found, f"{rule.id} did not fire on:\n{ex['text']}"
    if "marked" in ex:
        assert ex["marked"] in [d.text for d in found], [d.text for d in found]
    if "suggestion" in ex:
        firsts = [d.suggestions[0] for d in found if d.suggestions]
        assert ex["suggestion"] in firsts, firsts


@pytest.mark.parametrize("rule,ex", list(_cases("pass")))
def test_leaves_alone(rule, ex):
    ex, found = _lint(rule, ex)
    assert not found, f"{rule.id} fired on:\n{ex['text']}\n" + "\n".join(
        f"  {d.text!r}: {d.message}" for d in found)
