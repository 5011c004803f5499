from __future__ import annotations

import json


def render_json(reports, **_) -> str:
    from mailcheck.report import summary

    doc = {"version": 1, "files": [r.to_dict() for r in reports], "summary": summary(reports)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(reports, **_) -> str:
    return "".join(render_jsonl_file(r) for r in reports)


def render_jsonl_file(r, **_) -> str:
    """The JSONL lines of one report (printed as soon as its file is checked)."""
    return "".join(json.dumps({"path": r.path, **d.to_dict()}, ensure_ascii=False) + "\n"
                   for d in r.diagnostics)
