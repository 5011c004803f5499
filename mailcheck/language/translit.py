"""Russian written in Latin letters back to Cyrillic.

The common romanisation habits are ambiguous (y = ы/й/и, c = ц/к/с, ts = ц/тс,
ya/ja/ia = я, sch/shch = щ, ' = ь, soft signs often dropped), so a word is
expanded into every Cyrillic reading, pruned letter by letter against the
pymorphy3 dictionary (its DAWG answers «is there a word with this prefix?»),
and the readings that are whole dictionary words are ranked by frequency.
"""
from __future__ import annotations

import functools

from mailcheck.language import morph

_MULTI = {
    "shch": ("щ",), "sch": ("щ", "сч"), "zh": ("ж",), "kh": ("х",), "ch": ("ч",), "sh": ("ш",),
    "ts": ("ц", "тс"), "tz": ("ц",), "ya": ("я", "ья"), "ja": ("я",), "ia": ("ия", "я"),
    "yu": ("ю", "ью"), "ju": ("ю",), "iu": ("ию", "ю"), "yo": ("ё", "йо", "ьё"), "jo": ("ё",),
    "ye": ("е", "ье"), "je": ("е",), "ie": ("ие", "ье"), "yi": ("ый", "ьи"), "iy": ("ий",),
    "yy": ("ый",), "ij": ("ий",), "yj": ("ый",), "ey": ("ей",), "ay": ("ай",), "oy": ("ой",),
    "uy": ("уй",), "''": ("ъ",), "ck": ("к",),
}
_SINGLE = {
    "a": ("а",), "b": ("б",), "c": ("ц", "к", "с"), "d": ("д",), "e": ("е", "э", "ё"), "f": ("ф",),
    "g": ("г",), "h": ("х",), "i": ("и", "й", "ы"), "j": ("й", "ж"), "k": ("к",), "l": ("л",),
    "m": ("м",), "n": ("н",), "o": ("о",), "p": ("п",), "q": ("к",), "r": ("р",), "s": ("с",),
    "t": ("т",), "u": ("у",), "v": ("в",), "w": ("в", "ш"), "x": ("кс", "х"), "y": ("ы", "й", "и"),
    "z": ("з",), "'": ("ь", "ъ"), "’": ("ь", "ъ"),
}
_SOFTENABLE = set("лнтдсзрмвпчбф")
_CONS = set("бвгджзйклмнпрстфхцчшщ")
MAX_READINGS = 64


def _words():
    return morph.analyzer().dictionary.words


def _has_prefix(prefix: str) -> bool:
    w = _words()
    return w.has_keys_with_prefix(prefix)


@functools.lru_cache(maxsize=50_000)
def readings(word: str) -> tuple[str, ...]:
    """Dictionary words the Latin `word` may stand for, most frequent first."""
    w = word.lower().replace("’", "'")
    if not w.isascii() or not any(c.isalpha() for c in w) or len(w) > 30:
        return ()
    if any(not (c.isalpha() or c == "'") for c in w):
        return ()
    found: set[str] = set()
    # depth-first over (position, cyrillic prefix) with prefix pruning
    stack = [(0, "")]
    steps = 0
    while stack and steps < 20_000:
        steps += 1
        i, acc = stack.pop()
        if i == len(w):
            _final(acc, found)
            continue
        opts = []
        for n in (4, 3, 2):
            seg = w[i:i + n]
            if len(seg) == n and seg in _MULTI:
                opts.extend((i + n, r) for r in _MULTI[seg])
        for r in _SINGLE.get(w[i], ()):
            opts.append((i + 1, r))
        for j, r in opts:
            nxt = acc + r
            if _has_prefix(nxt):
                stack.append((j, nxt))
                # a dropped soft sign: «bolshoe» = большое
                if nxt[-1] in _SOFTENABLE and j < len(w) and _has_prefix(nxt + "ь"):
                    stack.append((j, nxt + "ь"))
    rare = str.maketrans("", "", "эёъ")
    return tuple(sorted(found, key=lambda c: (-_zipf(c), len(c) - len(c.translate(rare)), c)))[:MAX_READINGS]


def _final(acc: str, found: set) -> None:
    w = _words()
    if acc in w:
        found.add(acc)
    if acc and acc[-1] in _SOFTENABLE and acc + "ь" in w:
        found.add(acc + "ь")


def _zipf(word: str) -> float:
    try:
        from mailcheck.language.speller import frequencies
    except Exception:  # pragma: no cover - the speller is optional here
        return 0.0
    v = frequencies().get(word.replace("ё", "е"))
    return (v or 0) / 200


def best(word: str) -> str | None:
    r = readings(word)
    return r[0] if r else None


def is_unambiguous(word: str) -> bool:
    """One reading clearly ahead of the others (or the only one)."""
    r = readings(word)
    if len(r) == 1:
        return True
    if not r:
        return False
    def fold(c):
        return c.replace("ё", "е").replace("э", "е")
    if fold(r[0]) == fold(r[1]):
        return len(r) == 2 or _zipf(r[0]) - _zipf(r[2]) >= 1.0
    return _zipf(r[0]) - _zipf(r[1]) >= 1.0


def is_proper_only(cyr: str) -> bool:
    """Every parse of the word is a name, surname or place."""
    ps = morph.parse(cyr)
    return bool(ps) and all(any(g in p.tag for g in ("Name", "Surn", "Patr", "Geox", "Orgn")) for p in ps)


def match_case(template: str, word: str) -> str:
    return morph.match_case(template, word)
