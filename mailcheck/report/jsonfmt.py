from __future__ import annotations

import json


def render_json(reports, **_) -> str:
    from mailcheck.report import summary

    doc = {"version": 1, "files": [r.to_dict() for r in reports], "summary": summary(reports)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(reports, **_) -> str:
    lines = []
    for r in reports:
        for d in r.diagnostics:
            lines.append(json.dumps({"path": r.path, **d.to_dict()}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)
