"""Helpers shared by the style.* rules (no rules here): they pick the sender's
own text out of the draft (never quotes, never the signature block).
`safe_fix` (marking a replacement `mailcheck fix` may apply) lives in report.py.
"""
from __future__ import annotations

from mailcheck.rules.diagnostic import safe_fix  # noqa: F401  (re-exported for the style rules)


def in_signoff(doc, offset: int) -> bool:
    so = doc.draft.signoff
    return so is not None and so.start <= offset < so.end


def in_guillemets(sentence_text: str, rel: int) -> bool:
    """True when position `rel` of a sentence is inside «…» (a name, a UI label, a quotation)."""
    depth = 0
    for ch in sentence_text[:rel]:
        if ch == "«" or ch == "„":
            depth += 1
        elif ch == "»" or (ch == "“" and depth):
            depth = max(0, depth - 1)
    return depth > 0


def in_title(sentence_text: str, rel: int) -> bool:
    """True when position `rel` is inside «…» that opens with a capital letter: a name of a
    product, a screen, a button or a book («Фичи недели», «Ты можешь больше»), not a word
    the writer merely put in quotes («так называемый „дедлайн“»)."""
    depth, opened = 0, -1
    for i, ch in enumerate(sentence_text[:rel]):
        if ch == "«" or ch == "„":
            depth += 1
            if depth == 1:
                opened = i
        elif ch == "»" or (ch == "“" and depth):
            depth = max(0, depth - 1)
    if depth == 0:
        return False
    inner = sentence_text[opened + 1:].lstrip(" \"'“„")
    return inner[:1].isupper()


def is_question(sentence_text: str) -> bool:
    return sentence_text.rstrip().rstrip("»)\"'").endswith("?")


def gap(doc, a, b) -> str:
    """The text between two tokens."""
    return doc.text[a.end:b.start]

