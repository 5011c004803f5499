"""Helpers shared by the style.* rules (no rules here): they pick the sender's
own text out of the draft (never quotes, never the signature block).
`safe_fix` (marking a replacement `mailcheck fix` may apply) lives in report.py.
"""
from __future__ import annotations

import bisect
import functools
import re

from mailcheck.rules.diagnostic import safe_fix  # noqa: F401  (re-exported for the style rules)


def in_signoff(doc, offset: int) -> bool:
    so = doc.draft.signoff
    return so is not None and so.start <= offset < so.end


@functools.lru_cache(maxsize=32)     # small: a key may be a long sentence (memory)
def _guillemets(sentence_text: str) -> tuple[list[int], list[int], list[int]]:
    """Where the «…» depth of a sentence changes: positions, the depth after
    each, and the position of the outermost open «…» then (-1 when none).
    Built once per sentence, so each lookup is a binary search, not a walk
    over the sentence (which made a long sentence quadratic)."""
    pos, depths, opened = [], [], []
    depth, open_at = 0, -1
    for i, ch in enumerate(sentence_text):
        if ch == "«" or ch == "„":
            depth += 1
            if depth == 1:
                open_at = i
        elif ch == "»" or (ch == "“" and depth):
            depth = max(0, depth - 1)
        else:
            continue
        pos.append(i)
        depths.append(depth)
        opened.append(open_at)
    return pos, depths, opened


def _depth_before(sentence_text: str, rel: int) -> tuple[int, int]:
    """(depth, outermost open position) over sentence_text[:rel]."""
    pos, depths, opened = _guillemets(sentence_text)   # cached per sentence: no scan per call
    k = bisect.bisect_left(pos, rel)
    return (depths[k - 1], opened[k - 1]) if k else (0, -1)


def in_guillemets(sentence_text: str, rel: int) -> bool:
    """True when position `rel` of a sentence is inside «…» (a name, a UI label, a quotation)."""
    return _depth_before(sentence_text, rel)[0] > 0


def in_title(sentence_text: str, rel: int) -> bool:
    """True when position `rel` is inside «…» that opens with a capital letter: a name of a
    product, a screen, a button or a book («Фичи недели», «Ты можешь больше»), not a word
    the writer merely put in quotes («так называемый „дедлайн“»)."""
    depth, opened = _depth_before(sentence_text, rel)
    if depth == 0:
        return False
    m = _TITLE_START.match(sentence_text, opened + 1)
    return bool(m) and m.group(1).isupper()


_TITLE_START = re.compile(r"[ \"'“„]*(.)", re.S)


def is_question(sentence_text: str) -> bool:
    return sentence_text.rstrip().rstrip("»)\"'").endswith("?")


def gap(doc, a, b) -> str:
    """The text between two tokens."""
    return doc.text[a.end:b.start]

