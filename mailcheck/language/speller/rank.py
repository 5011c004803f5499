"""Ranking: the table of known misspellings, the cost of a candidate's slip, and the
part-of-speech bonus that reorders close candidates."""
from __future__ import annotations

import functools
import re

from .model import POS_BONUS
from .words import _analyzer, _word_zipf, corrections


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


def _table_lookup(w: str) -> str | None:
    """The corrections table: an exact entry, or an entry's misspelled stem
    carried over to another form («учавствовал» by «учавствовать»)."""
    exact = corrections().get(w)
    if exact:
        return exact
    morph = _analyzer()
    for bad, good in _stem_rules_by_start().get(w[:3], ()):
        if w.startswith(bad):
            cand = good + w[len(bad):]
            if cand != w and morph.word_is_known(cand):
                return cand
    return None


@functools.cache
def _stem_rules_by_start() -> dict[str, tuple[tuple[str, str], ...]]:
    """`_stem_rules()` by their first three letters (every stem has three or more),
    in the same order: a word is tried against the few that can start it."""
    out: dict[str, list] = {}
    for bad, good in _stem_rules():
        out.setdefault(bad[:3], []).append((bad, good))
    return {k: tuple(v) for k, v in out.items()}


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


_ADJ_END = r"(?:ый|ой|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ых|их|ыми|ими)"
_ONE_N = re.compile(rf"^(.{{3,}}[аяе])н({_ADJ_END})$")
_TWO_N = re.compile(rf"^(.{{3,}}[яе])нн({_ADJ_END})$")


def _grammar_slip(w: str) -> str | None:
    """The dictionary word `w` becomes when one of the slips a school rule
    governs is undone (issue 12, class 4): «-ться»/«-тся» («деваються» →
    «деваются»), «ь» after «ш» in the 2nd person («определяешся» →
    «определяешься», «береш» → «берешь»), «нн» in a participle
    («раздолбаном» → «раздолбанном») and «н» in an adjective in «-ян-/-ен-»
    («серебрянном» → «серебряном»). None if no such slip gives a word."""
    morph = _analyzer()
    cands = []
    if w.endswith("ться"):
        cands.append(w[:-4] + "тся")
    elif w.endswith("тся"):
        cands.append(w[:-3] + "ться")
    if w.endswith("шся"):
        cands.append(w[:-3] + "шься")
    if w.endswith("ш") and len(w) >= 5:
        cands.append(w + "ь")
    m = _ONE_N.match(w)
    if m:
        cands.append(m.group(1) + "нн" + m.group(2))
    m = _TWO_N.match(w)
    if m:
        cands.append(m.group(1) + "н" + m.group(2))
    found = [c for c in cands if morph.word_is_known(c)]
    return found[0] if len(found) == 1 else None


_PERSONAL = {"я": ("1per", "sing", None), "ты": ("2per", "sing", None), "он": ("3per", "sing", "masc"),
             "она": ("3per", "sing", "femn"), "оно": ("3per", "sing", "neut"), "мы": ("1per", "plur", None),
             "вы": ("2per", "plur", None), "они": ("3per", "plur", None)}


def _hyphen_particle(w: str) -> str | None:
    """«наконецто» → «наконец-то», «какоето» → «какое-то»: a particle written
    together with its word, when the hyphenated word is in the dictionary."""
    morph = _analyzer()
    for part in ("нибудь", "либо", "таки", "то"):
        if w.endswith(part) and len(w) > len(part) + 2:
            cand = w[: -len(part)] + "-" + part
            if morph.word_is_known(cand) and morph.word_is_known(w[: -len(part)]):
                return cand
    return None


def _agrees(split: str) -> bool:
    """«мы включились», «он выгребает»: a personal pronoun and a verb that
    agrees with it in person, number (and, in the past tense, gender)."""
    head, _, tail = split.partition(" ")
    want = _PERSONAL.get(head)
    if want is None or " " in tail:
        return False
    per, num, gen = want
    for p in _analyzer().parse(tail)[:3]:
        tag = p.tag
        if tag.POS != "VERB":
            continue
        if "past" in tag:
            if num == "plur" and "plur" in tag:
                return True
            if num == "sing" and "sing" in tag and (gen is None or gen in tag):
                return True
        elif per in tag and num in tag:
            return True
    return False
