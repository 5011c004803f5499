"""Offline Russian speller: detection by the pymorphy3 dictionary, ranked
suggestions by a noisy-channel score (word frequency x how typical the slip is).

Plain functions and classes; the `spelling` rule (mailcheck/checks/spelling.py)
and the scripts in scripts/ and bench/ use it.

How a word is judged
--------------------
* **Known** words pass: the pymorphy3 dictionary (ё and е both accepted),
  hyphenated words whose parts are known («бизнес-процесс»), words with a
  long known prefix («видеосвязь» = видео + связь), the shipped vocabulary
  (`rules/spelling/vocabulary.txt`, lemmas, every form) and the user's.
* **Suspect** words are known only as distortions (pymorphy3's Dist/Erro
  marks, e.g. «придти», «прийдется»); they are judged like unknown ones but
  start with a bonus, so only a clearly better candidate flags them.
* For an unknown word the speller scores candidates within one edit (any
  letter inserted, dropped, replaced, two swapped) and two edits of the cheap,
  typical kinds (е/и, о/а, е/я, voiced/voiceless pairs, doubled or single
  consonants, missing ь/ъ, тся/ться, ц/тс, a key next on the keyboard), plus
  splitting («незнаю» → «не знаю») and a hyphen before a particle
  («както» → «как-то»). A candidate's score is its Zipf frequency
  (rules/spelling/freq.dawg.gz) plus the log10 cost of the slips.
* The word is flagged with a suggestion only when the best candidate beats
  the word's own score (its frequency on the web, if any) by a margin and the
  runner-up by another; unsure cases are left alone (precision first).

Costs are log10 probabilities of the slip (0 = free, -1 = one in ten).
"""
from __future__ import annotations

import functools
import gzip
import threading
import tomllib
from dataclasses import dataclass

from .morph import match_case

ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
VOWELS = set("аеиоуыэюя")
CONSONANTS = set(ALPHABET) - VOWELS - {"ь", "ъ", "й"}
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}
SUSPECT = {"Dist", "Erro", "Infr"}
FUNCTION_WORDS = frozenset("в во с со к ко у о об а и на по за не ни до от из без для при про под над что как так то же бы ли".split())

# ---- error model -----------------------------------------------------------

_PAIRS = {
    # unstressed vowels and letters that sound alike
    ("а", "о"): -0.9, ("е", "и"): -0.9, ("е", "я"): -1.2, ("и", "я"): -1.5,
    ("е", "э"): -1.2, ("и", "ы"): -1.3, ("у", "ю"): -1.6, ("а", "я"): -1.6,
    ("о", "е"): -1.4, ("о", "ё"): -1.4, ("и", "й"): -1.2,
    # voiced / voiceless consonants
    ("б", "п"): -1.2, ("в", "ф"): -1.2, ("г", "к"): -1.2, ("д", "т"): -1.2,
    ("ж", "ш"): -1.2, ("з", "с"): -1.2, ("г", "в"): -1.8, ("г", "х"): -1.8,
    ("ш", "щ"): -1.4, ("ч", "щ"): -1.4, ("ц", "с"): -1.8, ("ь", "ъ"): -1.0,
    ("ч", "ш"): -1.8,
}
SUB = {}
for (a, b), c in _PAIRS.items():
    SUB[a, b] = SUB[b, a] = c

_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
KEYS: dict[str, set[str]] = {ch: set() for row in _ROWS for ch in row}
for r, row in enumerate(_ROWS):
    for i, ch in enumerate(row):
        for j in (i - 1, i + 1):
            if 0 <= j < len(row):
                KEYS[ch].add(row[j])
        if r > 0:  # the row above sits half a key to the right
            for j in (i, i + 1):
                if j < len(_ROWS[r - 1]):
                    KEYS[ch].add(_ROWS[r - 1][j])
                    KEYS[_ROWS[r - 1][j]].add(ch)

C_SUB_KEY = -1.9   # a neighbouring key
C_SUB = -2.8       # any other letter
C_DEL = -2.3       # the writer dropped a letter (we insert it)
C_DEL_SOFT = -0.7  # dropped ь/ъ
C_DEL_J = -1.0     # dropped й
C_DEL_DOUBLE = -1.0  # single consonant where a double is needed
C_DEL_SILENT = -1.4  # unpronounced consonant in a cluster (чуствовать)
C_INS = -2.5       # an extra letter (we delete it)
C_INS_DOUBLE = -1.1  # a doubled letter where one is right
C_INS_SOFT = -1.2  # an extra ь/ъ
C_INS_KEY = -2.0   # an extra letter next to its neighbour on the keyboard
C_TRANS = -2.5
C_SPLIT = -2.4     # two words written together
C_SPLIT_FUNC = -1.4  # ... the first a preposition, conjunction or particle
C_SPLIT_NE = -0.6  # «незнаю»
C_HYPHEN = -0.5    # «както» → «как-то»
SPLIT_MIN_ZIPF = 2.5  # both halves of a split must be common words
C_MULTI = {        # multi-letter slips: (written, meant) -> cost
    ("тся", "ться"): -0.8, ("ться", "тся"): -0.8,
    ("ц", "тс"): -1.3, ("тс", "ц"): -1.3, ("ц", "тьс"): -1.3,
    ("щ", "сч"): -1.3, ("сч", "щ"): -1.3, ("щ", "зч"): -1.5,
    ("ш", "сш"): -1.5, ("ж", "зж"): -1.5, ("с", "сс"): -1.0,
    ("чт", "шт"): -1.5, ("шт", "чт"): -1.5, ("ого", "ова"): -1.6,
    ("ова", "ого"): -1.6, ("ево", "его"): -1.2, ("ого", "ово"): -1.2,
    ("ово", "ого"): -1.2,
}
PARTICLES_AFTER = ("то", "либо", "нибудь", "таки", "ка")
PREFIXES_BEFORE = ("кое", "по")

# decision thresholds (tuned on tests/data/spelling_dev.tsv; see scripts/eval_spelling.py)
MARGIN = 0.6        # best candidate must beat the word itself by this much
MIN_SCORE = 1.2     # and score at least this (Zipf + cost)
GAP = 0.25          # and beat the runner-up by this much
UNKNOWN_ZIPF = 0.6  # an unknown word's own Zipf when the web list lacks it
WEB_DISCOUNT = 0.8  # a word the dictionary lacks is less likely right than its web count says
POS_BONUS = 0.5     # a candidate of the part of speech and case the ending suggests
SUSPECT_BONUS = 1.0  # a suspect word starts with this extra weight
E2_SKIP = 3.6       # no second edit when one edit already reaches this score
E2_FULL = 2.5       # a typical slip + any edit only below this score
E2_FULL_MAX_LEN = 7  # ... and only for short words: on longer ones it costs up to 15 ms and found nothing on the dev sets
SHORT = 3           # unknown words this short are never corrected with confidence
WEB_MAX_COST = -1.5  # a frequent web word is corrected only by one typical slip (cost >= this)
WEB_MIN_GAIN = 1.5   # ... to a word this much more frequent (Zipf)
KNOWN_PREFIX_MIN = 4  # «видео», «супер», «псевдо»… (not «не», «по»)


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


# ---- data ------------------------------------------------------------------

def _resource_bytes(name: str) -> bytes:
    try:
        from mailcheck import data
        return data.resource(name).read_bytes()
    except (ImportError, ModuleNotFoundError, FileNotFoundError):
        import pathlib
        return (pathlib.Path(__file__).resolve().parent.parent / "rules" / name).read_bytes()


def _analyzer():
    try:
        from mailcheck.morph import analyzer
    except ImportError:  # pragma: no cover - standalone use
        import pymorphy3
        return _own_analyzer(pymorphy3)
    return analyzer()


@functools.cache
def _own_analyzer(pymorphy3):  # pragma: no cover
    return pymorphy3.MorphAnalyzer()


_lock = threading.Lock()


@functools.cache
def frequencies():
    """word -> Zipf*200 + known bit (a DAWG; `.get(word)` is ~0.3 µs)."""
    with _lock:
        raw = gzip.decompress(_resource_bytes("spelling/freq.dawg.gz"))
        try:
            import dawg  # DAWG2: C extension installed by pymorphy3[fast]
        except ImportError:  # pragma: no cover - slower pure-Python reader
            import dawg_python as dawg
        d = dawg.IntDAWG()
        if hasattr(d, "frombytes"):
            return d.frombytes(raw)
        import tempfile, os  # pragma: no cover - dawg_python reads files only
        with tempfile.NamedTemporaryFile(delete=False) as fh:
            fh.write(raw)
        try:
            return d.load(fh.name)
        finally:
            os.unlink(fh.name)


@functools.cache
def corrections() -> dict[str, str]:
    data = tomllib.loads(_resource_bytes("spelling/corrections.toml").decode("utf-8"))
    return {fold(k): v for k, v in data.get("corrections", {}).items()}


@functools.cache
def vocabulary_lemmas() -> frozenset[str]:
    text = _resource_bytes("spelling/vocabulary.txt").decode("utf-8")
    out = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(fold(line))
    return frozenset(out)


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

@dataclass(frozen=True)
class Verdict:
    """A misspelled word: ranked suggestions (may be empty) and whether the
    first one is clearly the intended word."""
    word: str
    suggestions: tuple[str, ...]
    confident: bool
    source: str = "edits"  # "edits" | "table"


class Speller:
    def __init__(self, vocabulary=()):
        self.user_vocabulary = frozenset(fold(w) for w in vocabulary)

    # ---- detection ----
    @functools.cached_property
    def _by_prefix(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for lemma in vocabulary_lemmas() | self.user_vocabulary:
            out.setdefault(lemma[:3], []).append(lemma)
        return {k: tuple(v) for k, v in out.items()}

    def _in_vocab(self, w: str) -> bool:
        """In the shipped or the user's vocabulary, in any form (a lemma's
        forms are generated by pymorphy3 only when a word shares its start)."""
        if w in self.user_vocabulary or w in vocabulary_lemmas():
            return True
        return any(w in _forms_of(lemma) for lemma in self._by_prefix.get(w[:3], ()))

    def status(self, word: str) -> str:
        """'known', 'suspect' or 'unknown' for a lower-case Cyrillic word."""
        return _status(fold(word), self)

    def zipf(self, w: str) -> float:
        v = frequencies().get(w)
        return v / 200 if v is not None else 0.0

    def known_zipf(self, w: str) -> float | None:
        """Zipf of a suggestable (dictionary) word, else None."""
        v = frequencies().get(w)
        if v is None or not v & 1:
            return None
        return (v >> 1) / 100

    # ---- suggestions ----
    def candidates(self, word: str) -> dict[str, float]:
        """Candidate -> score (Zipf + log10 cost of the slips)."""
        w = fold(word)
        return _candidates(w, self)

    def suggest(self, word: str, n: int = 5) -> list[str]:
        cands = self.candidates(word)
        return [c for c, _ in sorted(cands.items(), key=lambda kv: -kv[1])[:n]]

    def check(self, word: str) -> Verdict | None:
        """None if the word is fine, else a Verdict (lower-case suggestions)."""
        w = fold(word)
        st = _status(w, self)
        if st == "known":
            return None
        table = _table_lookup(w)
        if table:
            return Verdict(word, (table,), True, "table")
        own = frequencies().get(w)
        if _is_emphasis(w):
            return None  # «ооочень», «дааа»: letters stretched for emphasis
        raw = _candidates(w, self)
        cands = _rerank(w, raw)
        own_z = (own >> 1) / 100 - WEB_DISCOUNT if own is not None else UNKNOWN_ZIPF
        if st == "suspect":
            own_z += SUSPECT_BONUS
        ranked = sorted(cands.items(), key=lambda kv: -kv[1])
        if not ranked:
            return None if own is not None or st == "suspect" else Verdict(word, (), False)
        best, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else -99.0
        if score < own_z + MARGIN or score < MIN_SCORE:
            if st == "suspect" or own is not None:
                return None  # a frequent unknown word (slang, new term) with no clear fix
            return Verdict(word, tuple(c for c, _ in ranked[:5]), False)
        confident = score - second >= GAP
        if own is not None and st != "suspect":
            # the web writes this word often: a real word (brand, slang, a name
            # in lower case, «тц», «жк») unless the fix is one typical slip to a
            # much more frequent word («ето» → «это»)
            bz, cost = _slip_of(best, raw.get(best, score))
            gain = bz - (own >> 1) / 100 if bz is not None else -99.0
            typical = cost >= WEB_MAX_COST and gain >= WEB_MIN_GAIN
            if len(w) <= SHORT and not (cost >= -1.3 and gain >= 2.5):
                return None  # a frequent short token is an abbreviation
            confident = confident and typical
        if len(w) <= SHORT:
            confident = False  # two or three letters: too many words are one slip away
        return Verdict(word, tuple(c for c, _ in ranked[:5]), confident)


def _slip_of(cand: str, score: float) -> tuple[float | None, float]:
    """(Zipf of the candidate, cost of the slip) from a raw candidate score."""
    if " " in cand:  # a split: scored by its rarer part, less 0.5
        zs = [_word_zipf(p) for p in cand.split(" ")]
        if None in zs:
            return None, -99.0
        return min(zs), score - min(zs) + 0.5
    bz = _word_zipf(cand)
    if bz is None and "-" in cand:
        bz = _word_zipf(cand.replace("-", ""))
    if bz is None:
        return None, -99.0
    return bz, score - bz


def _is_emphasis(w: str) -> bool:
    """A letter written three or more times, or a doubled vowel, whose
    collapsed form is a dictionary word: «ооочень», «дааа», «оочень»."""
    import re
    if not re.search(r"(.)\1", w):
        return False
    morph = _analyzer()
    one = re.sub(r"(.)\1+", r"\1", w)
    two = re.sub(r"(.)\1{2,}", r"\1\1", w)
    if re.search(r"(.)\1\1", w):
        return morph.word_is_known(one) or morph.word_is_known(two)
    # a doubled vowel at either end: «оочень», «даа», «неет» is not a slip of the middle
    m = re.match(r"^([^аеиоуыэюя]?)([аеиоуыэюя])\2", w) or re.search(r"([аеиоуыэюя])\1$", w)
    return bool(m) and morph.word_is_known(re.sub(r"([аеиоуыэюя])\1+", r"\1", w))


def _table_lookup(w: str) -> str | None:
    """The corrections table: an exact entry, or an entry's misspelled stem
    carried over to another form («учавствовал» by «учавствовать»)."""
    exact = corrections().get(w)
    if exact:
        return exact
    morph = _analyzer()
    for bad, good in _stem_rules():
        if w.startswith(bad):
            cand = good + w[len(bad):]
            if cand != w and morph.word_is_known(cand):
                return cand
    return None


@functools.cache
def _stem_rules() -> tuple[tuple[str, str], ...]:
    """(misspelled stem, right stem) from each single-word table entry: the
    two words up to the end of the part where they differ."""
    out = set()
    for bad, good in corrections().items():
        if " " in good or "-" in good or " " in bad:
            continue
        s = 0
        while s < min(len(bad), len(good)) and bad[-1 - s] == good[-1 - s]:
            s += 1
        hb, hg = bad[: len(bad) - s], good[: len(good) - s]
        if len(hb) >= 3 and hb != hg:
            out.add((hb, hg))
    return tuple(sorted(out, key=lambda r: -len(r[0])))


def _rerank(w: str, cands: dict[str, float]) -> dict[str, float]:
    """Give the top candidates a bonus when they share the part of speech and
    case that pymorphy3 predicts from the unknown word's ending."""
    if len(cands) < 2:
        return cands
    morph = _analyzer()
    guess = morph.parse(w)[0].tag
    pos, case = guess.POS, guess.case
    if pos is None:
        return cands
    top = sorted(cands.items(), key=lambda kv: -kv[1])[:5]
    out = dict(cands)
    for c, s in top:
        if " " in c:
            continue
        for p in morph.parse(c)[:3]:
            if p.tag.POS == pos and (case is None or p.tag.case == case):
                out[c] = s + POS_BONUS
                break
    return out


def _status(w: str, sp: Speller) -> str:
    morph = _analyzer()
    if morph.word_is_known(w):
        tags = [p.tag for p in morph.parse(w) if p.is_known]
        if tags and all(SUSPECT & set(t.grammemes) for t in tags):
            return "suspect"
        return "known"
    if sp._in_vocab(w):
        return "known"
    if "-" in w:
        parts = w.split("-")
        if all(p and (sp._in_vocab(p) or morph.word_is_known(p)) for p in parts):
            return "known"
        if all(p and (sp._in_vocab(p) or morph.word_is_known(p) or p in PARTICLES_AFTER) for p in parts):
            return "known"
        return "unknown"
    for p in morph.parse(w)[:3]:
        stack = p.methods_stack
        if (len(stack) == 2 and type(stack[-1][0]).__name__ == "KnownPrefixAnalyzer"
                and len(stack[-1][1]) >= KNOWN_PREFIX_MIN):
            return "known"
    return "unknown"


class _Table(dict):
    """key -> value, each value built on first use by `build(key)`."""
    __slots__ = ("build",)

    def __init__(self, build):
        super().__init__()
        self.build = build

    def __missing__(self, key):
        v = self[key] = self.build(key)
        return v


def _edits1(w: str, min_cost: float = -99.0):
    """(candidate, cost) for every single edit, with the error model's cost;
    edits cheaper than `min_cost` (more negative) are not generated.
    Per position, in this order: delete the letter, substitute it, swap it
    with the next one; then insert a letter at each position."""
    p = " " + w + " "
    at = _edit_table(min_cost)
    ins = _insert_table(min_cost)
    out = [(h + r + w[i + k:], c) for i in range(len(w)) for h in (w[:i],) for r, k, c in at[p[i:i + 3]]]
    out += [(h + b + t, c) for i in range(len(w) + 1) for h, t in ((w[:i], w[i:]),) for b, c in ins[p[i:i + 2]]]
    return out


@functools.cache
def _edit_table(min_cost: float):
    """(letter before, letter, letter after) -> the edits of the middle letter,
    each (replacement, letters replaced, cost); a space pads the word's ends."""
    if min_cost > -99.0:  # the full table's entries that cost at least min_cost
        full = _edit_table(-99.0)
        return _Table(lambda key: tuple(e for e in full[key] if e[2] >= min_cost))

    def build(key: str) -> tuple:
        prev, a, nxt = key[0], key[1], key[2]
        # an extra letter typed: delete it
        if prev == a:
            c = C_INS_DOUBLE
        elif a in "ьъ":
            c = C_INS_SOFT
        elif prev in KEYS.get(a, ()) or nxt in KEYS.get(a, ()):
            c = C_INS_KEY
        else:
            c = C_INS
        # a wrong letter: substitute; two letters swapped
        swap = ((nxt + a, 2, C_TRANS),) if nxt != " " and nxt != a else ()
        return (("", 1, c),) + _SUB_ENTRIES.get(a, _SUB_ENTRIES_DEFAULT) + swap

    return _Table(build)


@functools.cache
def _insert_table(min_cost: float):
    """(letter before, letter after) -> (letter, cost) of every letter the
    writer may have dropped there, in alphabet order; a space pads the ends."""
    if min_cost > -99.0:  # the full table's entries that cost at least min_cost
        full = _insert_table(-99.0)
        return _Table(lambda key: tuple(e for e in full[key] if e[1] >= min_cost))

    def build(key: str) -> tuple:
        prev, nxt = key[0], key[1]
        silent = prev in CONSONANTS and nxt in CONSONANTS
        out = []
        for b in ALPHABET:
            if b in "ьъ":
                c = C_DEL_SOFT
            elif b == "й":
                c = C_DEL_J
            elif b == prev or b == nxt:
                c = C_DEL_DOUBLE if b in CONSONANTS else C_DEL
            elif silent and b in CONSONANTS:
                c = C_DEL_SILENT
            else:
                c = C_DEL
            out.append((b, c))
        return tuple(out)

    return _Table(build)


def _sub_cost(a: str, b: str) -> float:
    c = SUB.get((a, b))
    if c is None:
        c = C_SUB_KEY if b in KEYS.get(a, ()) else C_SUB
    return c


_SUBS_ALL = {a: tuple((b, _sub_cost(a, b)) for b in ALPHABET if b != a) for a in ALPHABET}
_SUBS_DEFAULT = tuple((b, C_SUB) for b in ALPHABET)
_SUBS_TYPICAL = {a: tuple((b, c) for b, c in subs if c >= -1.6) for a, subs in _SUBS_ALL.items()}
_SUBS_CHEAP = {a: tuple((b, c) for b, c in subs if c > C_SUB) for a, subs in _SUBS_ALL.items()}
_SUB_ENTRIES = {a: tuple((b, 1, c) for b, c in subs) for a, subs in _SUBS_ALL.items()}
_SUB_ENTRIES_DEFAULT = tuple((b, 1, c) for b, c in _SUBS_DEFAULT)
_CONS = frozenset(CONSONANTS)
_MULTI = tuple(C_MULTI.items())


def _cheap_edits(w: str, sub_at=None):
    """Only the typical slips (cost >= -1.6): for the second edit. With
    `sub_at` (a set of positions), letters are substituted only there."""
    p = " " + w + " "
    full = _CHEAP
    if sub_at is None:
        out = [(h + r + t, c) for i in range(len(w)) for h, t in ((w[:i], w[i + 1:]),)
               for r, c in full[p[i:i + 3]]]
    else:
        nosub = _CHEAP_NOSUB
        out = [(h + r + t, c) for i in range(len(w)) for h, t in ((w[:i], w[i + 1:]),)
               for r, c in (full if i in sub_at else nosub)[p[i:i + 3]]]
    cons = _CONS
    out += [(w[:i] + "ь" + w[i:], C_DEL_SOFT) for i in range(1, len(w) + 1) if w[i - 1] in cons]
    for (x, y), c in _MULTI:
        start = w.find(x)
        while start != -1:
            out.append((w[:start] + y + w[start + len(x):], c))
            start = w.find(x, start + 1)
    return out


def _cheap_at(key: str) -> tuple[tuple[str, float], ...]:
    """(letter before, letter, letter after) -> the typical slips of the middle
    letter as (replacement, cost): substitutions, a doubled letter typed once
    more, an extra ь/ъ, a double consonant typed single."""
    prev, a, nxt = key[0], key[1], key[2]
    out = list(_SUBS_TYPICAL.get(a, ()))
    if prev == a:
        out.append(("", C_INS_DOUBLE))
    if a == "ь" or a == "ъ":
        out.append(("", C_INS_SOFT))
    if a in _CONS and prev != a and nxt != a:
        out.append((a + a, C_DEL_DOUBLE))
    return tuple(out)


def _cheap_at_nosub(key: str) -> tuple[tuple[str, float], ...]:
    """`_cheap_at` without the substitutions."""
    return _CHEAP[key][len(_SUBS_TYPICAL.get(key[1], ())):]


_CHEAP = _Table(_cheap_at)
_CHEAP_NOSUB = _Table(_cheap_at_nosub)


_ORDER = {b: k for k, b in enumerate(ALPHABET)}


@functools.cache
def _any_letter():
    """For `similar_keys`: "#" stands for any letter."""
    return frequencies().compile_replaces({"#": list(ALPHABET)})


def _score_edits1(best: dict[str, float], get, w: str, min_cost: float = -99.0, base: float = 0.0) -> None:
    """`_score_into(best, get, _edits1(w, min_cost))` with `base` added to each
    cost: the same scores in the same order, but a substituted or inserted
    letter is found by the DAWG itself (`similar_keys` with "#" for any
    letter), not by one string per letter."""
    if "#" in w:
        _score_into(best, get, [(c, base + cost) for c, cost in _edits1(w, min_cost)])
        return
    anyl = _any_letter()
    sim = frequencies().similar_keys
    order = _ORDER
    best_get = best.get
    p = " " + w + " "
    at = _edit_table(min_cost)
    ins = _insert_table(min_cost)
    n = len(w)

    def score(c, cost):
        v = get(c)
        if v is not None and v & 1:
            s = (v >> 1) / 100 + (base + cost)
            if s > best_get(c, -99.0):
                best[c] = s

    for i in range(n):
        head, tail = w[:i], w[i + 1:]
        entries = at[p[i:i + 3]]  # the deletion, the substitutions, a swap (those that cost enough)
        swap = None
        costs = {}
        for r, k, c in entries:
            if k == 2:
                swap = r, c
            elif not r:
                score(head + tail, c)
            else:
                costs[r] = c
        if costs:
            keys = sim(head + "#" + tail, anyl)
            if keys:
                for key in sorted(keys, key=lambda key: order[key[i]]):
                    cb = costs.get(key[i])
                    if cb is not None:
                        score(key, cb)
        if swap:
            score(head + swap[0] + w[i + 2:], swap[1])
    for i in range(n + 1):
        costs = dict(ins[p[i:i + 2]])
        if costs:
            keys = sim(w[:i] + "#" + w[i:], anyl)
            if keys:
                for key in sorted(keys, key=lambda key: order[key[i]]):
                    cb = costs.get(key[i])
                    if cb is not None:
                        score(key, cb)


@functools.cache
def _typical_replaces():
    """For `similar_keys`: each letter -> the letters one or two typical
    substitutions make of it."""
    typ = {a: {b for b, _ in subs} for a, subs in _SUBS_TYPICAL.items()}
    closure = {a: sorted((typ[a] | set().union(*(typ[b] for b in typ[a]))) - {a}) for a in typ}
    return frequencies().compile_replaces({a: v for a, v in closure.items() if v})


def _two_sub_positions(w: str, d) -> dict[tuple[int, str], set[int]]:
    """Where a second typical substitution can reach a word of the frequency
    list after the first one made letter `b` at position `p` of `w`:
    (p, b) -> positions (a superset). The DAWG walks every combination of
    typical substitutions itself, pruning at once the prefixes no word has."""
    keys = d.similar_keys(w, _typical_replaces())
    out: dict[tuple[int, str], set[int]] = {}
    any_at: set[int] = set()
    n = len(w)
    for k in keys:
        diff = [i for i in range(n) if k[i] != w[i]]
        if not diff:
            any_at.update(range(n))  # the word itself: every first slip can be undone
        elif len(diff) == 1:
            any_at.add(diff[0])
        elif len(diff) == 2:
            i, j = diff
            out.setdefault((i, k[i]), set()).add(j)
            out.setdefault((j, k[j]), set()).add(i)
    if any_at:
        for i in range(n):
            for b, _ in _SUBS_TYPICAL.get(w[i], ()):
                if i in any_at:
                    out.setdefault((i, b), set()).add(i)
    return out


def _candidates(w: str, sp: Speller) -> dict[str, float]:
    return dict(_candidates_cached(w))


def _score_into(best: dict[str, float], get, cands) -> None:
    """Score each (candidate, cost) that is a dictionary word into `best`
    (candidate -> its best Zipf + cost)."""
    best_get = best.get
    for c, cost in cands:
        v = get(c)
        if v is not None and v & 1:
            s = (v >> 1) / 100 + cost
            if s > best_get(c, -99.0):
                best[c] = s


def _expand(best: dict[str, float], get, firsts, edits) -> None:
    """Score second edits of first-edit candidates into `best` (as
    `_score_into` does, at the cost of both edits). A first-edit candidate
    reached twice is expanded once, at its best cost: the same scores."""
    once: dict[str, float] = {}
    for c1, cost1 in firsts:
        if cost1 > once.get(c1, -99.0):
            once[c1] = cost1
    best_get = best.get
    for c1, cost1 in once.items():
        for c2, cost2 in edits(c1, cost1):
            v = get(c2)
            if v is not None and v & 1:
                s = (v >> 1) / 100 + (cost1 + cost2)
                if s > best_get(c2, -99.0):
                    best[c2] = s


@functools.lru_cache(maxsize=4096)
def _candidates_cached(w: str) -> tuple[tuple[str, float], ...]:
    get = frequencies().get
    best: dict[str, float] = {}
    if len(w) < 2:
        return ()
    _score_edits1(best, get, w)
    cheap = _cheap_edits(w)
    _score_into(best, get, cheap)
    # two edits, tiered for speed: two typical slips when one edit found
    # nothing strong; a typical slip plus any edit only when still nothing
    top = max(best.values(), default=-99.0)
    if len(w) >= 4 and top < E2_SKIP:
        # a first slip that substitutes a letter: its second substitutions
        # only where the DAWG has a word for them (the same candidates)
        subbed = {w[:i] + b + w[i + 1:]: (i, b) for i in range(len(w))
                  for b, _ in _SUBS_TYPICAL.get(w[i], ())}
        reach = _two_sub_positions(w, frequencies())

        def second(c1, k):
            at = subbed.get(c1)
            return _cheap_edits(c1) if at is None else _cheap_edits(c1, reach.get(at, ()))
        _expand(best, get, [(c1, k) for c1, k in cheap if k >= -1.4], second)
        top = max(best.values(), default=-99.0)
        if top < E2_FULL and len(w) <= E2_FULL_MAX_LEN:
            once: dict[str, float] = {}
            for c1, k in cheap:
                if k >= -1.2 and k > once.get(c1, -99.0):
                    once[c1] = k
            for c1, k in once.items():
                _score_edits1(best, get, c1, -3.8 - k, k)
    best.pop(w, None)
    # two words written together
    morph = None
    for i in range(1, len(w)):
        a, b = w[:i], w[i:]
        za = _word_zipf(a)
        zb = _word_zipf(b)
        if za is None or zb is None:
            continue
        if min(za, zb) < SPLIT_MIN_ZIPF:   # «прослеживаем ость»: a rare fragment is no word of the writer's
            continue
        if len(a) == 1 and a not in "вкусоия":
            continue
        if len(b) < 3 and b not in ("же", "ли", "бы"):
            continue
        cost = C_SPLIT_NE if a == "не" else C_SPLIT_FUNC if a in FUNCTION_WORDS else C_SPLIT
        s = min(za, zb) - 0.5 + cost
        key = a + " " + b
        if s > best.get(key, -99.0):
            best[key] = s
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
    return tuple(best.items())


def _word_zipf(w: str) -> float | None:
    v = frequencies().get(w)
    if v is None or not v & 1:
        return None
    return (v >> 1) / 100


@functools.cache
def default() -> Speller:
    """The process-wide speller with the shipped vocabulary only."""
    return Speller()


# ---- token-level judgement (shared by the rule and the scripts) ---------------

def _is_cyrillic_word(s: str) -> bool:
    return bool(s) and all(("а" <= ch.lower() <= "я") or ch in "ёЁ-" for ch in s) and s.strip("-") == s


def judge(text: str, sentence_initial: bool, speller: Speller | None = None) -> Verdict | None:
    """Verdict for one token as written, or None when it is fine or out of scope:
    non-Cyrillic, digits, all-caps abbreviations, capitalised words inside a
    sentence (names), and proper names anywhere."""
    sp = speller or default()
    if not _is_cyrillic_word(text) or len(text) < 2:
        return None
    if text.isupper():
        return None  # abbreviation (ООО, ТЗ) or shouting: not spelling
    if text[:1].isupper() and not sentence_initial:
        return None  # a name or a title inside a sentence
    if any(ch.isupper() for ch in text[1:]):
        return None  # camel case: a product name
    low = fold(text)
    st = _status(low, sp)
    if st == "known":
        return None
    if text[:1].isupper():
        morph = _analyzer()
        if any(PROPER & set(p.tag.grammemes) for p in morph.parse(low)[:2] if p.is_known):
            return None
    v = sp.check(low)
    if v is None:
        return None
    return Verdict(text, tuple(match_case(text, s) for s in v.suggestions), v.confident, v.source)


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    word: str
    suggestions: tuple[str, ...]
    confident: bool


def check_text(text: str, speller: Speller | None = None) -> list[Finding]:
    """Spell-check plain text (razdel sentences and tokens); for scripts and
    library use. The lint rule works on the text layer's tokens instead."""
    from razdel import sentenize, tokenize

    out = []
    for sent in sentenize(text):
        toks = [(sent.start + t.start, sent.start + t.stop, t.text) for t in tokenize(sent.text)]
        ctx = context_findings(toks)
        covered = {(f.start, f.end) for f in ctx}
        spans = [(f.start, f.end) for f in ctx]
        out.extend(Finding(f.start, f.end, f.text, (f.suggestion,), True) for f in ctx)
        first = True
        for s, e, t in toks:
            if not any(ch.isalnum() for ch in t):
                continue
            initial, first = first, False
            if any(a <= s < b for a, b in spans):
                continue
            v = judge(t, initial, speller)
            if v is not None:
                out.append(Finding(s, e, t, v.suggestions, v.confident))
    return sorted(out, key=lambda f: f.start)


# ---- context: words the dictionary accepts that are wrong in their phrase ----------

@dataclass(frozen=True)
class PhraseFinding:
    start: int
    end: int
    text: str
    suggestion: str
    message: str


@functools.cache
def phrases() -> tuple[dict, ...]:
    data = tomllib.loads(_resource_bytes("spelling/phrases.toml").decode("utf-8"))
    return tuple(data.get("phrase", ()))


HYPHEN_PARTICLES = ("нибудь", "либо", "таки")
TO_HOSTS = frozenset("кто где когда почему зачем куда откуда наконец чей какой какая какое какие "
                     "каким какого какую кого кому чем чего что как".split())
AMBIGUOUS_TO = frozenset(("что", "как"))   # «что то, что…», «как то, так и…»
MODALS = frozenset("мочь хотеть нужно надо можно нельзя удобно пора начать начинать решить "
                   "стараться постараться пытаться попытаться придтись прийтись должный "
                   "собираться планировать успеть забыть уметь любить нужный стоить "
                   "следовать необходимо лучше".split())
IMPERSONAL = frozenset("нравиться понравиться казаться хотеться получаться получиться удаваться "
                       "удаться требоваться оставаться находиться являться приходиться "
                       "полагаться случаться случиться".split())
FUTURE_BE = frozenset("буду будешь будет будем будете будут".split())
DATIVE = frozenset("мне тебе ему ей нам вам им".split())
SKIP_ADV = frozenset("не очень так тоже уже всегда никогда еще ещё совсем вообще бы же".split())


def context_findings(tokens) -> list[PhraseFinding]:
    """Findings for one sentence; `tokens` are (start, end, text) for every
    token in order (punctuation included). Words that are right on their own
    but wrong in their phrase: «в течении недели», «из за», «кто нибудь»,
    «ложить», «нужно встретится», «мне нравиться»."""
    morph = _analyzer()
    low = [fold(t[2]) for t in tokens]
    out: list[PhraseFinding] = []
    used: set[int] = set()

    def emit(i, j, sugg, msg):
        s, e = tokens[i][0], tokens[j][1]
        text = " ".join(t[2] for t in tokens[i:j + 1])
        out.append(PhraseFinding(s, e, text, match_case(tokens[i][2], sugg), msg))
        used.update(range(i, j + 1))

    def is_word(k):
        return 0 <= k < len(tokens) and any(ch.isalpha() for ch in tokens[k][2])

    for ph in phrases():
        if ph.get("kind") == "words":
            m = ph["match"]
            for i in range(len(low) - len(m) + 1):
                if low[i:i + len(m)] != m or used & set(range(i, i + len(m))):
                    continue
                nxt = i + len(m)
                nl = low[nxt] if nxt < len(low) else ""
                if nl in ph.get("unless_next", ()):
                    continue
                if ph.get("unless_repeated") and any(  # «ни как руководитель, ни как коллега»
                        low[k:k + len(m)] == m for k in range(len(low)) if k != i):
                    continue
                if "unless_prev_lemmas" in ph:
                    k = i - 1
                    while k >= 0 and not is_word(k):
                        k -= 1
                    if k >= 0 and {fold(p.normal_form) for p in morph.parse(low[k])} & set(ph["unless_prev_lemmas"]):
                        continue
                if "next_lemmas" in ph:
                    if not is_word(nxt):
                        continue
                    if ph.get("join_next") and tokens[nxt][0] - tokens[nxt - 1][1] > 1:
                        continue
                    case = ph.get("next_case")
                    lem = {fold(p.normal_form) for p in morph.parse(nl) if case is None or p.tag.case == case}
                    if not lem & set(ph["next_lemmas"]):
                        continue
                if ph.get("join_next"):  # «пол часа» -> «полчаса», «пол литра» -> «пол-литра»
                    word = tokens[nxt][2]
                    sep = "-" if nl[:1] in "аеёиоуыэюял" else ""
                    emit(i, nxt, ph["replace"] + sep + word, ph["message"])
                    continue
                emit(i, nxt - 1, ph["replace"], ph["message"])
        elif ph.get("kind") == "lemma":
            for i, w in enumerate(low):
                if i in used or not is_word(i) or not w.startswith(ph["lemma"][:3]):
                    continue
                for p in morph.parse(w)[:3]:
                    colloquial = (p.normal_form == ph["replace"] and "Infr" in p.tag
                                  and w.startswith(ph["lemma"][:3]))  # «ложит» listed under «класть»
                    if ((p.normal_form == ph["lemma"] or colloquial)
                            and p.tag.POS in ("VERB", "INFN", "GRND", "PRTF", "PRTS")):
                        form = _inflect_like(ph["replace"], p)
                        if form:
                            emit(i, i, form, ph["message"])
                        break

    for i in range(len(low) - 1):
        if i in used or i + 1 in used or not is_word(i):
            continue
        a, b = low[i], low[i + 1]
        # «кто нибудь», «все таки», «наконец то» -> hyphen
        if b in HYPHEN_PARTICLES or (b == "то" and a in TO_HOSTS):
            if b == "то" and a in AMBIGUOUS_TO:
                nxt = low[i + 2] if i + 2 < len(low) else ""
                if not nxt or not nxt[0].isalpha() or nxt in ("что", "же", "и", "есть"):
                    continue
            if tokens[i + 1][0] - tokens[i][1] > 1:
                continue
            joined = f"{a}-{b}"
            if morph.word_is_known(joined):
                emit(i, i + 1, joined, f"Частица «{b}» пишется через дефис: «{joined}».")

    # -тся / -ться
    for i, w in enumerate(low):
        if i in used or not is_word(i) or not (w.endswith("тся") or w.endswith("ться")):
            continue
        j = i - 1
        while j >= 0 and low[j] in SKIP_ADV:
            j -= 1
        prev = low[j] if j >= 0 and is_word(j) else ""
        prev_lemmas = {fold(p.normal_form) for p in morph.parse(prev)} if prev else set()
        if prev in FUTURE_BE:
            prev_lemmas.add("мочь")  # «будет» + infinitive
        parses = morph.parse(w)
        if w.endswith("тся") and not w.endswith("ться"):
            inf = w[:-3] + "ться"
            if prev_lemmas & MODALS and morph.word_is_known(inf) and any(
                    p.tag.POS == "VERB" and "3per" in p.tag for p in parses) and any(
                    p.tag.POS == "INFN" for p in morph.parse(inf)):
                emit(i, i, match_case(tokens[i][2], inf),
                     f"После «{prev}» нужен инфинитив: «{inf}» (что сделать?).")
        else:
            fin = w[:-4] + "тся"
            lemma = {fold(p.normal_form) for p in parses if p.tag.POS == "INFN"}
            if (prev in DATIVE and lemma & IMPERSONAL and not prev_lemmas & MODALS
                    and morph.word_is_known(fin)):
                emit(i, i, match_case(tokens[i][2], fin),
                     f"Здесь нужна форма «{fin}» (что делает?), без «ь».")
    return sorted(out, key=lambda f: f.start)


def _inflect_like(lemma: str, like) -> str | None:
    morph = _analyzer()
    for p in morph.parse(lemma):
        if p.normal_form != lemma:
            continue
        want = {g for g in ("sing", "plur", "1per", "2per", "3per", "pres", "past", "futr",
                            "impr", "masc", "femn", "neut", "INFN", "excl", "incl") if g in like.tag}
        if "INFN" in want:
            return lemma
        got = p.inflect(want - {"INFN"})
        if got:
            return got.word
        return None
    return None
