"""Russian written in Latin letters back to Cyrillic.

The common romanisation habits are ambiguous (y = ы/й/и, c = ц/к/с, ts = ц/тс,
ya/ja/ia = я, sch/shch = щ, ' = ь, soft signs often dropped), so a word is
expanded into every Cyrillic reading, pruned letter by letter against the
pymorphy3 dictionary (its DAWG answers «is there a word with this prefix?»),
and the readings that are whole dictionary words are ranked by frequency.
"""
from __future__ import annotations

import functools
import re

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


# ---------------------------------------------------------------- English roots in Cyrillic
#
# «Заапрувьте», «Логинимся»: a Russian verb built on an English root the dictionary does not
# know. Both sides are reduced to a sound skeleton — consonants by sound, each run of vowels
# (and й) one «V», doubled letters single — and the stem of the verb (its guessed infinitive
# without «-ся», the verb suffix and a Russian prefix) is looked up among the skeletons of the
# common English words (rules/style/english.txt.gz). «апрув» and «approve» are both «VprVv».

_CYR_SOUND = {
    "б": "b", "в": "v", "г": "g", "д": "d", "ж": "g", "з": "s", "к": "k", "л": "l", "м": "m",
    "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "х": "h", "ц": "ц", "ч": "ч",
    "ш": "ш", "щ": "ш",
}
_CYR_VOWELS = set("аеёиоуыэюяй")
# «-ировать», «-овать» verbs on English roots are long assimilated («сканировать», «конвертировать»):
# they are left alone; jargon puts a bare root under «-ить», «-нуть», «-ать»
_ASSIMILATED = ("ировать", "изировать", "овать", "евать")
_VERB_SUFFIXES = ("ивать", "ывать", "ануть", "нуть", "ить", "ать", "ять", "еть", "ыть", "уть", "ть")
_VERBAL = frozenset(("VERB", "INFN", "GRND", "PRTF", "PRTS"))   # the parts of speech of a verb form
_VERB_PREFIXES = ("", "за", "по", "про", "от", "пере", "вы", "при", "на", "с", "раз", "рас", "у",
                  "до", "об", "под", "из", "ис", "в", "пред", "пре")


def _skeleton(sounds: list[str]) -> str:
    out: list[str] = []
    for s in sounds:
        if not s:
            continue
        if out and out[-1] == s:
            continue                       # doubled letters and runs of vowels
        out.append(s)
    return "".join(out)


def _cyr_skeleton(stem: str) -> str:
    s = stem.replace("дж", "ж").replace("ё", "е")
    return _skeleton(["V" if c in _CYR_VOWELS else _CYR_SOUND.get(c, "") for c in s])


_EN_LETTERS = str.maketrans({"a": "V", "e": "V", "i": "V", "o": "V", "u": "V", "y": "V", "j": "g",
                             "z": "s", "x": "ks", "q": "k", "c": "k"})
_RUNS = re.compile(r"(.)\1+")


_EN_REPLACE = (("tch", "ч"), ("ch", "ч"), ("sh", "ш"), ("ph", "f"), ("ck", "k"), ("th", "t"), ("dg", "g"),
               ("qu", "kv"), ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("aw", "aa"), ("ew", "ea"),
               ("ow", "oa"))


def _en_skeleton(word: str) -> str:
    """The sound skeleton of an English word (one reading: g/j and s/z are one class each).
    Plain str operations: it runs over the whole English list once per process."""
    w = word.lower()
    if len(w) > 3 and w[-1] == "e" and w[-2] not in "aeiouy":
        w = w[:-1]                          # approve, update, merge: the final e is silent
    for a, b in _EN_REPLACE:
        if a in w:
            w = w.replace(a, b)
    return _RUNS.sub(r"\1", w.translate(_EN_LETTERS))


_LAT_CYR = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "h": "х", "i": "и", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "y": "и", "z": "з", "q": "к",
}
_DIGRAPHS = (("tch", "ч"), ("ch", "ч"), ("sh", "ш"), ("ph", "ф"), ("ck", "к"), ("th", "т"),
             ("oo", "у"), ("ee", "и"), ("ea", "и"), ("qu", "кв"), ("dg", "дж"))


def _naive_cyrillic(word: str) -> str:
    """A plain letter-by-letter Cyrillic spelling of an English word, to measure how close a
    Russian stem is to it («login» → «логин», «google» → «гугл», «merge» → «мердж»)."""
    w = word.lower()
    soft_g = w.endswith("ge")
    magic_a = len(w) > 3 and re.search(r"a[^aeiouyr]e$", w) is not None    # update, save: «ей»
    if len(w) > 3 and w.endswith("e") and w[-2] not in "aeiouy":
        w = w[:-1]
    if w.startswith("up"):
        w = "ap" + w[2:]                    # update, upgrade: «ап-»
    out = []
    i = 0
    while i < len(w):
        for lat, cyr in _DIGRAPHS:
            if w.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            c, nxt = w[i], w[i + 1:i + 2]
            if c == "c":
                out.append("с" if nxt in ("e", "i", "y") else "к")
            elif c == "g":
                out.append("дж" if soft_g and i == len(w) - 1 else "г")
            elif c == "j":
                out.append("дж")
            elif c == "x":
                out.append("кс")
            elif c == "w":
                out.append("у" if i > 0 and w[i - 1] in "aeiou" else "в")
            elif c == "y" and i > 0 and w[i - 1] in "aeo":
                out.append("й")
            elif c == "a" and magic_a and i == len(w) - 2:
                out.append("ей")
            else:
                out.append(_LAT_CYR.get(c, ""))
            i += 1
    s = "".join(out)
    return "".join(ch for k, ch in enumerate(s) if k == 0 or ch != s[k - 1])


_SOFT = set("аеёиоуыэюяйь")


def _sound_distance(a: str, b: str) -> float:
    """Edit distance where vowels (and й, ь) are cheap: a vowel for a vowel 0.25, a vowel in
    or out 0.5, a consonant 1."""
    prev = [0.0]
    for ch in b:
        prev.append(prev[-1] + (0.5 if ch in _SOFT else 1.0))
    for ca in a:
        cur = [prev[0] + (0.5 if ca in _SOFT else 1.0)]
        for j, cb in enumerate(b, 1):
            if ca == cb:
                sub = 0.0
            elif ca in _SOFT and cb in _SOFT:
                sub = 0.25
            elif {ca, cb} in ({"с", "з"}, {"г", "ж"}):
                sub = 0.5
            else:
                sub = 1.0
            cur.append(min(prev[j - 1] + sub, prev[j] + (0.5 if ca in _SOFT else 1.0),
                           cur[j - 1] + (0.5 if cb in _SOFT else 1.0)))
        prev = cur
    return prev[-1]


SOUND_INDEX = "style/english-sounds.dawg"
_SEP = "\x01"     # skeleton SEP word: one DAWG key per (skeleton, word)


class _SoundIndex:
    """Sound skeleton → its English words, over a DAWG of «skeleton\x01word» keys (in
    alphabetical order, as `build_english_index` lists them)."""

    def __init__(self, d):
        self._d = d

    def get(self, sk: str, default=None):
        keys = self._d.keys(sk + _SEP)
        return tuple(k[len(sk) + 1:] for k in keys) if keys else default

    def items(self):
        out: dict[str, list[str]] = {}
        for k in self._d.keys():
            sk, _, w = k.partition(_SEP)
            out.setdefault(sk, []).append(w)
        return ((sk, tuple(ws)) for sk, ws in out.items())


@functools.cache
def _english_index():
    """Sound skeleton → the common English words (three letters or more) that have it.
    Read from rules/style/english-sounds.dawg (scripts/build_english_dawg.py writes it
    from `build_english_index`; a test checks they agree): under a millisecond, where
    its JSON took ~30 ms and building it 0.1–0.25 s of the run that first needed it."""
    from mailcheck import data

    try:
        return _SoundIndex(data.load_dawg(SOUND_INDEX, "CompletionDAWG"))
    except (ImportError, OSError, ValueError, AttributeError):
        return build_english_index()


def build_english_index() -> dict[str, tuple[str, ...]]:
    from mailcheck.language import layout
    index: dict[str, list[str]] = {}
    for w in sorted(layout.english_words()):
        if len(w) < 3 or not w.isalpha() or not w.isascii():
            continue
        sk = _en_skeleton(w)
        if sum(1 for ch in sk if ch != "V") >= 2:
            index.setdefault(sk, []).append(w)
    return {k: tuple(v) for k, v in index.items()}


# personal endings of a verb form pymorphy3 may not guess as a verb («пофиксим», «смерджим»)
_VERB_ENDINGS = ("ьтесь", "йтесь", "итесь", "имся", "емся", "ишься", "ешься", "ится", "ется", "ятся",
                 "атся", "ются", "утся", "ился", "илась", "ились", "ьте", "йте", "ите", "ишь", "ешь",
                 "им", "ем", "ит", "ет", "ят", "ут", "ют", "ил", "ила", "или", "ило", "ь")


# _VERB_ENDINGS tried longest first: the same first match, since of two endings one
# of which ends the other, the longer comes first in the list (a test checks it)
_ENDING_SET = frozenset(_VERB_ENDINGS)
_ENDING_LENGTHS = tuple(sorted({len(e) for e in _VERB_ENDINGS}, reverse=True))
# _VERB_PREFIXES by first letter, in their order ("" first, for every word)
_NO_PREFIX = ("",)
_PREFIXES_BY_LETTER = {c: tuple(p for p in _VERB_PREFIXES if p[:1] in ("", c)) for c in {p[:1] for p in _VERB_PREFIXES if p}}


def _verb_stems(word: str):
    """Stems of a verb form the dictionary does not know: its guessed infinitive (or the form
    itself) without «-ся», the verb suffix or personal ending and, as a second choice, a
    Russian prefix."""
    bases = []
    for p in morph.parse(word)[:3]:
        if p.tag.grammemes.isdisjoint(_VERBAL):    # its part of speech: ~0.2 µs, where .POS takes ~2
            continue
        nf = p.normal_form.replace("ё", "е")
        if nf.endswith(("ся", "сь")):
            nf = nf[:-2]
        if nf.endswith(_ASSIMILATED):
            return
        for suf in _VERB_SUFFIXES:
            if nf.endswith(suf) and len(nf) - len(suf) >= 3:
                bases.append(nf[:-len(suf)])
                break
    for n in _ENDING_LENGTHS:                  # the first of _VERB_ENDINGS the word ends with
        if len(word) - n >= 3 and word[-n:] in _ENDING_SET:
            bases.append(word[:-n])
            break
    bases += [b + "й" for b in bases if b[-1:] in "аео"]       # «задеплоим» = деплой + им
    seen = set()
    for base in bases:
        for pre in _PREFIXES_BY_LETTER.get(base[:1], _NO_PREFIX):
            if base.startswith(pre) and len(base) - len(pre) >= 3:
                stem = base[len(pre):]
                if stem not in seen:
                    seen.add(stem)
                    yield stem, bool(pre)


def _russian_verb(stem: str, word: str) -> bool:
    """A verb on this stem is in the dictionary («груз» → «грузить»): the root may be Russian."""
    return any(morph.is_known(stem + suf) for suf in ("ить", "ать", "ять", "еть", "иться", "аться"))


_LOWER_CYRILLIC = re.compile("[а-я]+").fullmatch   # а…я only (ё is folded before)


@functools.lru_cache(maxsize=20_000)
def english_root(word: str, known_ok: bool = False) -> str | None:
    """The English word a Russian verb form not in the dictionary is built on («Заапрувьте» →
    «approve», «Логинимся» → «login», «пофиксим» → «fix»), or None. With `known_ok`, words
    the dictionary knows are read too (the jargon list's own entries)."""
    w = word.lower().replace("ё", "е")
    if len(w) < 5 or not _LOWER_CYRILLIC(w) or (not known_ok and morph.is_known(w)):
        return None
    best_cost, best = None, None
    for stem, prefixed in _verb_stems(w):
        sk = _cyr_skeleton(stem)
        if sum(1 for ch in sk if ch != "V") < 2 or (len(stem) <= 3 and not prefixed):
            continue                # a three-letter root only behind a Russian prefix («пофиксим»)
        if stem[-1] in "аеёиоуыэюяь":
            continue                # a borrowed root ends in a consonant: апрув-, логин-, деплой-
        candidates = _english_index().get(sk)      # built on the first verb-shaped stem only
        if not candidates:
            continue
        russian = _russian_verb(stem, w)
        for en in candidates:
            cost = _sound_distance(_RUNS.sub(r"\1", stem), _naive_cyrillic(en))
            # a short stem, or a root Russian verbs have too («подгрузился»: грузить), must match
            # exactly; a longer one may differ a little in its vowels
            limit = 0.0 if len(stem) <= 3 or len(en) <= 3 or russian else min(0.75, 0.15 * len(stem))
            if cost <= limit and (best is None or (cost, len(en)) < (best_cost, len(best))):
                best_cost, best = cost, en
    return best
