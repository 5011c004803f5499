"""Candidates that split or join a word: two words written together
(«незнаю» → «не знаю», «всуровом» → «в суровом», «сегоднямрачная» →
«сегодня мрачная») and a missing hyphen («както» → «как-то»,
«порусски» → «по-русски»). Scored like the edit candidates: the rarer part's
Zipf plus the log10 cost of the slip."""
from __future__ import annotations

from .model import (
    C_HYPHEN,
    C_SPLIT,
    C_SPLIT_CONTENT,
    C_SPLIT_FUNC,
    C_SPLIT_NE,
    FUNCTION_WORDS,
    PARTICLES_AFTER,
    PREFIXES_BEFORE,
    SPLIT_FUNC_MIN_ZIPF,
    SPLIT_MIN_ZIPF,
)
from .words import _analyzer, _word_zipf, frequencies

PRONOUNS = frozenset("я ты он она оно мы вы они это".split())
ONE_LETTER_WORDS = frozenset("вксуиоая")


def _ending_slip(rest: str) -> bool:
    """«контакти»: the last letter may be a misspelled ending of `rest`
    («контакте», «контакты») rather than a glued «и»."""
    get = frequencies().get
    return any((v := get(rest + e)) is not None and v & 1 for e in "аеиоуыяю")


def add_splits(best: dict[str, float], w: str) -> None:
    """Score the splits and hyphenations of `w` into `best` (candidate ->
    score), next to its edit candidates."""
    # two words written together
    morph = None
    for i in range(1, len(w)):
        a, b = w[:i], w[i:]
        za = _word_zipf(a)
        zb = _word_zipf(b)
        if za is None or zb is None:
            continue
        func = a in FUNCTION_WORDS or a in PRONOUNS
        if min(za, zb) < (SPLIT_FUNC_MIN_ZIPF if func else SPLIT_MIN_ZIPF):
            continue   # «прослеживаем ость»: a rare fragment is no word of the writer's
        if len(a) == 1 and a not in "вкусоия":
            continue
        if len(b) < 3 and b not in ("же", "ли", "бы", "ж", "б") and not (b in "ивксу" and len(a) >= 5):
            continue
        if len(b) == 1 and b not in ONE_LETTER_WORDS and a not in PRONOUNS and a not in ("если", "что", "хоть"):
            continue
        if a == "не":
            cost = C_SPLIT_NE
        elif func:
            cost = C_SPLIT_FUNC
        elif len(a) >= 4 and len(b) >= 4 and a[-1] not in "ое":
            cost = C_SPLIT_CONTENT  # no linking vowel: two words, not a compound
        else:
            cost = C_SPLIT
        s = min(za, zb) - 0.5 + cost
        key = a + " " + b
        if s > best.get(key, -99.0):
            best[key] = s
        # a one-letter word glued to its neighbour («всуровом», «уважениек»)
        # is likelier than a stray letter typed at the word's edge
        one = b if len(b) == 1 else a if len(a) == 1 else None
        rest = a if one is b else b
        if (one and one in ONE_LETTER_WORDS and rest in best and w[0] != w[1] and w[-1] != w[-2]
                and not (one is b and _ending_slip(rest))):
            best[key] = max(best[key], best[rest] + 1.1)
    # a missing hyphen before a particle or after «кое»/«по»
    for part in PARTICLES_AFTER:
        if w.endswith(part) and len(w) > len(part) + 1:
            cand = w[: -len(part)] + "-" + part
            morph = morph or _analyzer()
            if morph.word_is_known(cand):
                z = _word_zipf(w[: -len(part)])
                if z is not None:
                    best[cand] = max(best.get(cand, -99.0), z - 1.0 + C_HYPHEN)
    for part in PREFIXES_BEFORE:
        if w.startswith(part) and len(w) > len(part) + 2:
            cand = part + "-" + w[len(part):]
            morph = morph or _analyzer()
            if morph.word_is_known(cand):
                best[cand] = max(best.get(cand, -99.0), 3.5 + C_HYPHEN)
