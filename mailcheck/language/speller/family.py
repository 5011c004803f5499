"""Words of a known family: an unknown word is accepted when it is an
inflected or derived form of a word we know, so terms of a trade pass
(issue 12, business text; issue 11, class 5).

* **The hunspell Russian dictionary** (`rules/spelling/hunspell-ru.dawg`,
  built by scripts/build_trade_words.py from the BSD-licensed ru_RU
  dictionary): the word, or the lemma pymorphy3 predicts for it
  («гистероскопии» → «гистероскопия»).
* **A web lemma**: pymorphy3 predicts a noun lemma that the web list holds
  as a frequent word (Zipf >= WEB_LEMMA_ZIPF): «принта» → «принт».
* **A derivation of a known word**: a relative adjective from a noun
  («биллинговой» ← «биллинг»), a participle in «-ованный» from a verb in
  «-овать» («паркованный» ← «парковать»), a noun in «-ка» from a verb in
  «-ить»/«-ать» («прострочки» ← «прострочить»).

Misspellings rarely fall into such a family: the stems must be known words.
Loaded lazily, only when a word is unknown to pymorphy3's dictionary.
"""
from __future__ import annotations

import functools
import re

from mailcheck import data
from mailcheck.language.morph import parse as _parse  # cached per word, process-wide

from .words import _analyzer, corrections, frequencies

WEB_LEMMA_ZIPF = 2.5   # a web-only lemma this frequent is a word of its own
WEB_STEM_ZIPF = 2.0    # ... and this frequent, a stem for derivations
MIN_LEN = 5

_ADJ_END = "(?:ый|ой|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ых|их|ыми|ими)"
_REL_ADJ = re.compile(rf"^(.{{4,}}?)(?:ов|ев){_ADJ_END}$")
_PARTICIPLE = re.compile(rf"^(.{{3,}}?)(ова|ирова|ева)нн{_ADJ_END}$")
_K_NOUN = re.compile(r"^(.{4,}?)к(?:а|и|у|ой|е|ам|ами|ах|ою)?$")


@functools.cache
def hunspell_words():
    """The hunspell words, as a completion DAWG (`word in` it; `.keys()` lists
    them): loaded in ~0.1 ms, where a gzipped list took ~7 ms to read into a set."""
    return data.load_dawg("spelling/hunspell-ru.dawg", "CompletionDAWG")


def _known_word(w: str) -> bool:
    """A word of the pymorphy3 dictionary, the hunspell list or, if frequent,
    the web list (not a known misspelling)."""
    if _analyzer().word_is_known(w) or w in hunspell_words():
        return True
    v = frequencies().get(w)
    return v is not None and (v >> 1) / 100 >= WEB_STEM_ZIPF and w not in corrections()


@functools.lru_cache(maxsize=8192)
def in_known_family(w: str) -> bool:
    """True if `w` (lower case, ё as е, unknown to pymorphy3) is a form of a
    hunspell word, of a frequent web lemma, or a regular derivation of a
    known word."""
    if len(w) < MIN_LEN or w in corrections():
        return False
    hun = hunspell_words()
    if w in hun:
        return True
    for p in _parse(w)[:3]:
        lemma = p.normal_form.replace("ё", "е")
        if lemma in hun:
            return True
        if "NOUN" in p.tag.grammemes and lemma != w and _web_noun(lemma, WEB_LEMMA_ZIPF):
            return True
    m = _PARTICIPLE.match(w)
    if m and _known_word(m.group(1) + m.group(2) + "ть"):
        return True
    m = _REL_ADJ.match(w)
    if m and _is_noun(m.group(1)):
        return True
    m = _K_NOUN.match(w)
    if m and any(_known_verb(m.group(1) + suf) for suf in ("ить", "ать", "ять")):
        return True
    return False


def _web_noun(w: str, min_zipf: float) -> bool:
    """A frequent web-only word that looks like a loan noun («принт»,
    «биллинг»): at least four letters, ending in a consonant, not in
    pymorphy3's dictionary (whose words' forms it knows itself) and not a
    known misspelling."""
    if len(w) < 4 or w[-1] in "аеиоуыэюяйь" or w in corrections():
        return False
    v = frequencies().get(w)
    return v is not None and not v & 1 and (v >> 1) / 100 >= min_zipf


def _is_noun(w: str) -> bool:
    morph = _analyzer()
    if morph.word_is_known(w):
        return any(p.tag.POS == "NOUN" and p.is_known and p.normal_form == w for p in morph.parse(w)[:3])
    return w in hunspell_words() or _web_noun(w, WEB_STEM_ZIPF)


def _known_verb(w: str) -> bool:
    morph = _analyzer()
    return morph.word_is_known(w) and any(p.tag.POS == "INFN" for p in morph.parse(w)[:2])
