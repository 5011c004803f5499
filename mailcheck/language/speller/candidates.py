"""Candidate generation: every word within one edit, and two edits of the cheap, typical
kinds, found in the frequency DAWG; a syllable typed twice; splits and hyphens
(`splits`)."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .model import (
    ALPHABET,
    C_DEL,
    C_DEL_DOUBLE,
    C_DEL_J,
    C_DEL_SILENT,
    C_DEL_SOFT,
    C_INS,
    C_INS_DOUBLE,
    C_INS_KEY,
    C_INS_SOFT,
    C_MULTI,
    C_STUTTER,
    C_SUB,
    C_SUB_KEY,
    C_TRANS,
    CONSONANTS,
    E2_FULL,
    E2_FULL_MAX_LEN,
    E2_SKIP,
    KEYS,
    MAX_WORD,
    SUB,
)
from .splits import add_splits
from .words import frequencies

if TYPE_CHECKING:
    from .detect import Speller

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


def _cheap_edits(w: str, sub_at=None, live: int | None = None):
    """Only the typical slips (cost >= -1.6): for the second edit. With
    `sub_at` (a set of positions), letters are substituted only there. With
    `live` (the length of `w`'s longest prefix that begins a word of the
    frequency list), no edit after that prefix: it would keep a prefix no word
    has, so it finds nothing (the same candidates, fewer strings)."""
    p = " " + w + " "
    full = _CHEAP
    n = len(w) if live is None else min(len(w), live + 1)   # edit positions 0 … n-1
    if sub_at is None:
        out = [(h + r + t, c) for i in range(n) for h, t in ((w[:i], w[i + 1:]),)
               for r, c in full[p[i:i + 3]]]
    else:
        nosub = _CHEAP_NOSUB
        out = [(h + r + t, c) for i in range(n) for h, t in ((w[:i], w[i + 1:]),)
               for r, c in (full if i in sub_at else nosub)[p[i:i + 3]]]
    cons = _CONS
    out += [(w[:i] + "ь" + w[i:], C_DEL_SOFT) for i in range(1, n + 1) if w[i - 1] in cons]
    letters = set(w[:n])
    for (x, y), c in _MULTI:
        if x[0] not in letters:
            continue
        start = w.find(x)
        while start != -1 and start < n:
            out.append((w[:start] + y + w[start + len(x):], c))
            start = w.find(x, start + 1)
    return out


def _live(w: str, has_prefix) -> int:
    """The length of the longest prefix of `w` that some word of the frequency
    list begins with (`has_prefix`: the DAWG's has_keys_with_prefix)."""
    for i in range(1, len(w) + 1):
        if not has_prefix(w[:i]):
            return i - 1
    return len(w)


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
    if len(w) < 2 or len(w) > MAX_WORD:
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
        has_prefix = frequencies().has_keys_with_prefix

        def second(c1, k):
            at = subbed.get(c1)
            live = _live(c1, has_prefix)
            return _cheap_edits(c1, None if at is None else reach.get(at, ()), live)
        _expand(best, get, [(c1, k) for c1, k in cheap if k >= -1.4], second)
        top = max(best.values(), default=-99.0)
        if top < E2_FULL and len(w) <= E2_FULL_MAX_LEN:
            once: dict[str, float] = {}
            for c1, k in cheap:
                if k >= -1.2 and k > once.get(c1, -99.0):
                    once[c1] = k
            for c1, k in once.items():
                _score_edits1(best, get, c1, -3.8 - k, k)
    # a syllable typed twice: «процедудура» -> «процедура»
    n = len(w)
    for k in (2, 3, 4):
        for i in range(1, n - 2 * k + 1):
            if w[i:i + k] == w[i + k:i + 2 * k]:
                c = w[:i + k] + w[i + 2 * k:]
                _score_into(best, get, ((c, C_STUTTER),))
    best.pop(w, None)
    add_splits(best, w)
    return tuple(best.items())
