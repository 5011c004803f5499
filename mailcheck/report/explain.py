"""`mailcheck check --explain`: which sentences were taken as context, problem and ask.

`parts(doc)` gives the JSON `parts` list of a file object (one entry per
sentence and part, in text order: part, offset, length, line, column, text,
why); `render_text(reports)` prints them before the findings.
"""
from __future__ import annotations

from mailcheck.language.parts import KIND_RU, KINDS, spans


def parts(doc) -> list[dict]:
    """The parts, their text with secrets masked (card numbers, passwords… as in findings)."""
    from mailcheck.rules.checks.content_sensitive import hide_in, mask_secrets, secret_spans

    out = spans(doc)
    hidden = secret_spans(doc.text)
    if hidden:
        masked = mask_secrets(doc.text, hidden)
        for p in out:
            a, b = p["offset"], p["offset"] + p["length"]
            p["text"] = masked[a:b] if p["text"] == doc.text[a:b] else hide_in(p["text"], doc.text, hidden)
    return out


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_text(reports) -> str:
    out = []
    for r in reports:
        if r.parts is None:
            continue
        out.append(f"{r.path}: части письма")
        if not r.parts:
            out.append("  (в новом тексте нет предложений для разбора)")
        for kind in KINDS:
            found = [p for p in r.parts if p["part"] == kind]
            if not found:
                out.append(f"  {KIND_RU[kind]}: не найдено")
                continue
            origin = r.file_origin
            for p in found:
                line, col = p["line"], p["column"]
                if origin is not None:          # the file's own line, as the findings show it
                    line, col = origin[1] + line - 1, col + (origin[2] - 1 if line == 1 else 0)
                out.append(f"  {KIND_RU[kind]} {line}:{col}: «{_short(p['text'])}»")
                out.append(f"      — {p['why']}")
        out.append("")
    return "".join(line + "\n" for line in out)
