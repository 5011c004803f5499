"""Morphology: one pymorphy3 analyzer per process, every word parsed once.

`parse(word)` is cached process-wide, so a draft parses each distinct word
once and later drafts reuse the work. Inflecting a replacement to the form
of the word it replaces lives in `lexicon.inflect`.
"""
from __future__ import annotations

import functools
import threading

_lock = threading.Lock()
_analyzer = None

def analyzer():
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer(path=_dictionary_path(), lang="ru")
    return _analyzer


def _dictionary_path() -> str | None:
    """The Russian dictionary of pymorphy3-dicts-ru (a dependency). Named directly,
    pymorphy3 does not search every installed package's entry points for it
    (importlib.metadata: a third of the analyzer's start-up)."""
    try:
        import pymorphy3_dicts_ru
    except ImportError:                  # let pymorphy3 find (or report) the dictionary
        return None
    return pymorphy3_dicts_ru.get_path()


@functools.lru_cache(maxsize=200_000)
def parse(word: str):
    """All pymorphy3 parses of a word (lower-cased), best first."""
    try:
        return tuple(analyzer().parse(word.lower()))
    except ValueError:
        # pymorphy3 looks up unicodedata.name() of every letter; letters without a
        # name (some Tangut/CJK extension code points) raise. Parse them as U+FFFD.
        import unicodedata

        safe = "".join(c if unicodedata.name(c, None) else "\ufffd" for c in word.lower())
        return tuple(analyzer().parse(safe))


@functools.lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    return analyzer().word_is_known(word.lower())


@functools.lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    return frozenset(p.normal_form.replace("ё", "е") for p in parse(word))


def match_case(template: str, word: str) -> str:
    """Give `word` the capitalisation of `template`."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
