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

                _analyzer = pymorphy3.MorphAnalyzer(path=_dictionary_path(), lang="ru",
                                                    probability_estimator_cls=_estimator())
    return _analyzer


def _estimator():
    """pymorphy3's P(t|w) estimator, asking its table once whether it knows the
    word at all. pymorphy3 looks up every guessed parse (~10–20 for a word its
    dictionary lacks), finds none of them and falls back to normalising the
    guesses' own scores; here a word the table has no key for goes straight to
    that fallback. The same parses, in the same order, with the same scores
    (tests/test_morph.py); ~13 µs less per unknown word (~90 µs)."""
    from pymorphy3.analyzer import ProbabilityEstimator

    class Estimator(ProbabilityEstimator):
        def apply_to_parses(self, word, word_lower, parses):
            if parses and not self.p_t_given_w.has_keys_with_prefix(word_lower + ":"):
                k = 1.0 / sum(p[3] for p in parses)
                # plain tuples: the analyser makes each its Parse, as it does pymorphy3's own
                return [(w, tag, nf, score * k, stack) for w, tag, nf, score, stack in parses]
            return super().apply_to_parses(word, word_lower, parses)

    return Estimator


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
