"""`mailcheck rules`: the list, and one rule explained the way `ruff rule X` does."""
from __future__ import annotations

import textwrap

_SEV = {"error": "ошибка", "warning": "предупреждение", "suggestion": "совет"}


def listing(rules) -> str:
    width = max((len(r.id) for r in rules), default=10)
    lines = [f"{r.id:<{width}}  {r.severity:<10}  {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def _example(text) -> str:
    if isinstance(text, dict):
        text = text.get("text", "")
    return textwrap.indent(text.rstrip("\n"), "    ")


def _findings(rule, ex) -> list[str]:
    """What the rule says about an example: the proof the example is live."""
    from mailcheck.rules.engine import lint

    if isinstance(ex, str):
        ex = {"text": ex}
    try:
        report = lint(ex["text"], config=ex.get("config"), select=[rule.id])
    except Exception:  # an example that cannot be linted is a test failure, not a doc failure
        return []
    out = []
    for d in report.diagnostics:
        where = f"{d.line}:{d.column}" if d.field == "body" else d.field
        line = f"    → {where}: {d.message}"
        if d.suggestions:
            line += f" [замена: «{d.suggestions[0]}»]"
        out.append(line)
    return out


def explain(rule) -> str:
    ex = rule.examples()
    out = [f"{rule.id} ({_SEV.get(rule.severity, rule.severity)} по умолчанию)", "",
           rule.summary, ""]
    out += ["## Что делает", "", rule.what or rule.summary, ""]
    out += ["## Почему это плохо", "", rule.why or rule.guideline, ""]
    if rule.guideline:
        out += ["## Источник", "", rule.guideline, ""]
    if ex["flag"]:
        out += ["## Пример", ""]
        for e in ex["flag"][:3]:
            out += [_example(e)] + _findings(rule, e) + [""]
    if ex["pass"]:
        out += ["## Как лучше", ""]
        for e in ex["pass"][:3]:
            out += [_example(e), ""]
    return "\n".join(out)
