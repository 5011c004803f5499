"""SARIF 2.1.0: one result per diagnostic, the rules under tool.driver.rules."""
from __future__ import annotations

import os
from urllib.parse import quote

from mailcheck.report.jsonfmt import dumps_indented
from mailcheck.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}


def _uri(path: str) -> str:
    """A relative URI reference for a path: spaces and non-ASCII letters percent-encoded."""
    if path in ("-", "<stdin>"):
        return "stdin"
    # bytes, so a file name that is not valid UTF-8 (surrogate-escaped by os) keeps its bytes
    return quote(path.replace(os.sep, "/").encode("utf-8", "surrogateescape"), safe="/")


def render(reports, **_) -> str:
    from mailcheck.rules.rule import all_rules, get

    used = sorted({d.rule for r in reports for d in r.diagnostics})
    rules = []
    index = {}
    for rid in used:
        rule = get(rid)
        entry = {"id": rid}
        if rule is not None:
            entry["shortDescription"] = {"text": rule.summary or rid}
            if rule.what:
                entry["fullDescription"] = {"text": rule.what}
            entry["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
            if rule.guideline:
                entry["help"] = {"text": rule.guideline}
        index[rid] = len(rules)
        rules.append(entry)
    results = []
    for r in reports:
        for d in r.diagnostics:
            # regions point into the file (the artifact): for a message whose body is stored
            # as is, file_line/file_column and the body's offset in the file
            line, col, end_line, end_col = d.file_position()
            origin = r.file_origin if d.file_line is not None else None
            region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
                      "charOffset": d.offset + (origin[0] if origin else 0), "charLength": d.length}
            if d.field != "body":
                region = {"startLine": 1, "startColumn": 1}
            res = {
                "ruleId": d.rule,
                "ruleIndex": index[d.rule],
                "level": _LEVEL.get(d.severity, "note"),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(r.path)},
                    "region": region}}],
                "properties": {"field": d.field, "severity": d.severity},
            }
            if d.suggestions:
                res["properties"]["suggestions"] = list(d.suggestions)
            results.append(res)
    _ = all_rules  # the registry is loaded by get()
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "mailcheck", "version": __version__,
                                "informationUri": "https://pypi.org/project/mailcheck/",
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return dumps_indented(doc) + "\n"
