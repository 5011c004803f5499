"""Morphology: one pymorphy3 analyzer per process, every word parsed once.

`parse(word)` is cached process-wide, so a draft parses each distinct word
once and later drafts reuse the work. Helpers here inflect a replacement
(a lemma or a phrase) to the grammatical form of the word it replaces.
"""
from __future__ import annotations

import functools
import threading

_lock = threading.Lock()
_analyzer = None

# grammemes worth carrying from the original word to its replacement
_CARRY = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2",
          "sing", "plur", "masc", "femn", "neut",
          "pres", "past", "futr", "1per", "2per", "3per", "impr", "excl", "incl",
          "INFN", "PRTF", "PRTS", "GRND", "COMP", "ADJS", "actv", "pssv")


def analyzer():
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer()
    return _analyzer


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


def lemmas(word: str) -> frozenset[str]:
    return frozenset(p.normal_form.replace("ё", "е") for p in parse(word))


def has_tag(word: str, *grammemes: str) -> bool:
    return any(all(g in p.tag for g in grammemes) for p in parse(word))


def match_case(template: str, word: str) -> str:
    """Give `word` the capitalisation of `template`."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def inflect_word(lemma: str, like, pos: str | None = None) -> str:
    """Inflect a lemma to the grammatical form of parse `like` (best effort)."""
    cands = [p for p in parse(lemma) if p.normal_form == lemma.lower() or p.word == lemma.lower()]
    if pos:
        cands = [p for p in cands if p.tag.POS == pos] or cands
    if like.tag.POS:
        same = [p for p in cands if p.tag.POS == like.tag.POS
                or {p.tag.POS, like.tag.POS} <= {"VERB", "INFN"}]
        cands = same or cands
    if not cands:
        return lemma
    want = {g for g in _CARRY if g in like.tag}
    base = cands[0]
    for size in range(len(want), 0, -1):
        # try the full set first, then drop grammemes the target cannot take
        got = base.inflect(want)
        if got:
            return got.word
        # drop gender when the target noun has its own
        if "masc" in want or "femn" in want or "neut" in want:
            want -= {"masc", "femn", "neut"}
            continue
        want = set(list(want)[:-1])
    return base.word


def inflect_phrase(phrase: str, like) -> str:
    """Inflect the head word of a replacement phrase like `like`.

    The head is the first word that can take the form (a noun for nouns, a
    verb for verbs, an adjective for adjectives); other words agree only when
    they are adjectives before a noun head.
    """
    words = phrase.split()
    pos = like.tag.POS
    if len(words) == 1:
        return inflect_word(words[0], like)
    out = list(words)
    head = None
    for i, w in enumerate(words):
        tags = {p.tag.POS for p in parse(w)}
        if pos in tags or (pos in ("VERB", "INFN") and tags & {"VERB", "INFN"}):
            head = i
            break
    if head is None:
        return phrase
    out[head] = inflect_word(words[head], like, None)
    if pos == "NOUN":
        # adjectives before the head agree with it
        head_parse = parse(out[head])[0]
        for i in range(head):
            if any(p.tag.POS == "ADJF" for p in parse(words[i])):
                adj = next(p for p in parse(words[i]) if p.tag.POS == "ADJF")
                want = {g for g in ("nomn", "gent", "datv", "accs", "ablt", "loct", "sing", "plur")
                        if g in like.tag}
                if "sing" in want:
                    g = head_parse.tag.gender
                    if g:
                        want.add(g)
                if "accs" in want and "anim" in head_parse.tag:
                    want.add("anim")
                got = adj.inflect(want)
                if got:
                    out[i] = got.word
    return " ".join(out)
