"""The speller's word data: frequencies (rules/spelling/freq.dawg), the table of known
misspellings, the shipped vocabulary and the pymorphy3 analyzer it consults."""
from __future__ import annotations

import functools
import threading

from mailcheck import data
from mailcheck.language.lexicon import fold  # noqa: F401 - the speller's modules take it from here
from mailcheck.language.morph import analyzer as _analyzer  # the process-wide pymorphy3 analyzer


# ---- data ------------------------------------------------------------------

_lock = threading.Lock()


@functools.cache
def frequencies():
    """word -> Zipf*200 + known bit (a completion DAWG: `.get(word)` is ~0.3 µs, and
    `.has_keys_with_prefix(p)` tells whether any word starts with `p`). Stored
    uncompressed (gunzip took ~50 ms; the wheel, a zip, compresses it anyway) and
    loaded from its path by `data.load_dawg` in ~3 ms."""
    with _lock:
        return data.load_dawg("spelling/freq.dawg", "IntCompletionDAWG")


@functools.cache
def corrections() -> dict[str, str]:
    table = data.load_toml("spelling/corrections.toml")  # the parsed copy, shared, never modified
    return {fold(k): v for k, v in table.get("corrections", {}).items()}


@functools.cache
def vocabulary_lemmas() -> frozenset[str]:
    return frozenset(fold(line) for line in data.load_lines("spelling/vocabulary.txt"))


def expand_forms(lemmas) -> frozenset[str]:
    """Every form of each lemma, by pymorphy3 (its predictor for unknown words)."""
    morph = _analyzer()
    forms = set()
    for lemma in lemmas:
        lemma = fold(lemma)
        forms.add(lemma)
        parses = morph.parse(lemma)
        best = [p for p in parses if fold(p.normal_form) == lemma and p.tag.POS in ("NOUN", "ADJF", "VERB", "INFN")]
        for p in best[:1]:
            try:
                forms.update(fold(f.word) for f in p.lexeme)
            except Exception:  # pragma: no cover - odd predicted paradigms
                pass
        if "-" in lemma:  # inflect the last part of a hyphenated term
            head, _, tail = lemma.rpartition("-")
            for f in expand_forms((tail,)):
                forms.add(f"{head}-{f}")
    return frozenset(forms)


@functools.lru_cache(maxsize=4096)
def _forms_of(lemma: str) -> frozenset[str]:
    return expand_forms((lemma,))


def shipped_vocabulary() -> frozenset[str]:
    """Every form of every shipped vocabulary lemma (for tools and tests)."""
    return frozenset().union(*(_forms_of(lemma) for lemma in vocabulary_lemmas()))


# ---- the speller -------------------------------------------------------------


def _word_zipf(w: str) -> float | None:
    v = frequencies().get(w)
    if v is None or not v & 1:
        return None
    return (v >> 1) / 100
