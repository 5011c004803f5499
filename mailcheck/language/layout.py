"""Keyboard layouts (ЙЦУКЕН ↔ QWERTY), script look-alikes, word lists for
telling English from Russian, and gluing razdel tokens back into the
whitespace-separated chunks a person typed («jnghfdk.», «cрок»)."""
from __future__ import annotations

import functools
import re

from mailcheck import data
from mailcheck.language import morph

_EN = "qwertyuiop[]asdfghjkl;'zxcvbnm,./`" + 'QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>?~'
_RU = "йцукенгшщзхъфывапролджэячсмитьбю.ё" + "ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,Ё"
EN_TO_RU = dict(zip(_EN, _RU))
RU_TO_EN = {r: e for e, r in EN_TO_RU.items() if r.isalpha()}

# Latin letters that look like Cyrillic ones and back
LAT_TO_CYR = dict(zip("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ"))
CYR_TO_LAT = {c: l for l, c in LAT_TO_CYR.items()}

_CYR = re.compile(r"[А-Яа-яЁё]")
_LAT = re.compile(r"[A-Za-z]")


_EN_TO_RU_TABLE = str.maketrans(EN_TO_RU)
# the keys of «.» and «,» on the Russian layout are «/» and «?» on the Latin one
_RU_TO_EN_TABLE = str.maketrans({".": "/", ",": "?", **RU_TO_EN})


def en_to_ru(s: str) -> str:
    return s.translate(_EN_TO_RU_TABLE)


def ru_to_en(s: str) -> str:
    return s.translate(_RU_TO_EN_TABLE)


class _WordDawg:
    """A read-only set of words kept in a DAWG: `in`, iteration and len."""

    def __init__(self, d):
        self._d = d

    def __contains__(self, word) -> bool:
        return isinstance(word, str) and word in self._d

    def __iter__(self):
        return iter(self._d.keys())

    def __len__(self) -> int:
        return len(self._d.keys())


@functools.cache
def english_words():
    """Common English words, lower case (rules/style/english.txt.gz, from wordfreq; see
    its header). Read from the same words as an uncompressed DAWG (english.dawg, built
    by scripts/build_english_dawg.py): ~0.1 ms, where a set took ~15 ms of every start
    and the gzipped DAWG ~6 ms; the set when the DAWG or its C module is missing."""
    try:
        return _WordDawg(data.load_dawg("style/english.dawg", "CompletionDAWG"))
    except (ImportError, OSError, ValueError, AttributeError):
        return data.load_set("style/english.txt.gz")


@functools.cache
def brands() -> dict[str, str]:
    """Product and brand names written in Latin letters: folded -> canonical spelling."""
    return {w.lower(): w for w in data.load_lines("style/brands.txt")}


def is_english(word: str) -> bool:
    w = word.lower().replace("’", "'")
    return w in english_words() or w in brands()


def is_russian(word: str) -> bool:
    w = word.lower()
    if morph.is_known(w):
        return True
    if "-" in w:
        return all(morph.is_known(p) for p in w.split("-") if p)
    return False


def has_cyr(s: str) -> bool:
    return bool(_CYR.search(s))


def has_lat(s: str) -> bool:
    return bool(_LAT.search(s))


def chunks(doc, tokens):
    """Runs of tokens with no whitespace between them: [(start, end, text, [tokens])]."""
    out = []
    cur: list = []
    for t in tokens:
        if cur and t.start == cur[-1].end:
            cur.append(t)
        else:
            if cur:
                out.append((cur[0].start, cur[-1].end, doc.text[cur[0].start:cur[-1].end], cur))
            cur = [t]
    if cur:
        out.append((cur[0].start, cur[-1].end, doc.text[cur[0].start:cur[-1].end], cur))
    return out
