"""Output formats: separate printers over one list of reports."""
from __future__ import annotations

from mailcheck.report import jsonfmt, text


def _sarif(reports, **kw):
    from mailcheck.report import sarif          # urllib.parse: only when SARIF is asked for

    return sarif.render(reports, **kw)


FORMATS = {
    "text": text.render,
    "json": jsonfmt.render_json,
    "jsonl": jsonfmt.render_jsonl,
    "sarif": _sarif,
}

# formats printed file by file, as each file is checked (`check` streams them)
STREAMING = {
    "text": text.render_file,
    "jsonl": jsonfmt.render_jsonl_file,
}


def summary(reports) -> dict:
    out = {"files": len(reports), "error": 0, "warning": 0, "suggestion": 0}
    for r in reports:
        for k, v in r.counts().items():
            out[k] = out.get(k, 0) + v
    return out
