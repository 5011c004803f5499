"""Lemma lists matched on every inflected form, and replacements inflected
to the form they replace.

A list entry is a lemma («задеплоить») or a phrase («по крону»). Its forms are
generated once per process from pymorphy3's paradigm of the lemma (also for
words the dictionary does not know: pymorphy3 predicts their paradigm), so
«пофиксите», «задеплоили», «кастомного» match without anyone listing forms.
"""
from __future__ import annotations

import functools
import re

from mailcheck.language import morph

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
_GENDERS = ("masc", "femn", "neut")
_VERBISH = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}


def fold(word: str) -> str:
    """Lower case with ё read as е: the one ё/е normaliser for matching words."""
    return word.lower().replace("ё", "е")


def norm(word: str) -> str:
    """`fold` with the typographic apostrophe made plain (list entries and token forms)."""
    return fold(word).replace("’", "'")


def _pos_hint(lemma: str) -> set[str] | None:
    w = lemma.lower()
    if re.search(r"(ть|ться|чь|чься|ти|тись)$", w):
        return {"INFN"}
    if re.search(r"(ый|ий|ой)$", w):
        return {"ADJF"}
    return None


def _lexeme_parses(lemma: str):
    """Parses of `lemma` whose normal form is the lemma itself, best first."""
    lw = lemma.lower()
    cands = [p for p in morph.parse(lw) if p.normal_form.replace("ё", "е") == norm(lw)]
    hint = _pos_hint(lw)
    if hint:
        cands = [p for p in cands if p.tag.POS in hint] or cands
    elif cands:
        nouns = [p for p in cands if p.tag.POS == "NOUN" and "Name" not in p.tag
                 and "Surn" not in p.tag and "Geox" not in p.tag]
        cands = nouns or cands
    return cands


@functools.lru_cache(maxsize=4096)
def word_forms(lemma: str) -> dict[str, tuple]:
    """{form: (tags…)} for every inflected form of a one-word lemma (ё folded).

    Hyphenated nouns inflect their last part («чек-лист» → «чек-листа»)."""
    lw = lemma.lower()
    out: dict[str, list] = {}
    if "-" in lw and not lw.endswith("-"):
        head, _, last = lw.rpartition("-")
        for form, tags in word_forms(last).items():
            out.setdefault(norm(head + "-" + form), []).extend(tags)
        out.setdefault(norm(lw), [])
        return {k: tuple(v) for k, v in out.items()}
    parses = _lexeme_parses(lw)
    if not parses:
        return _by_template(lw)
    seen = set()
    for p in parses[:2]:
        for f in p.lexeme:
            key = (f.word, str(f.tag))
            if key in seen:
                continue
            seen.add(key)
            out.setdefault(norm(f.word), []).append(f.tag)
    out.setdefault(norm(lw), [])
    return {k: tuple(v) for k, v in out.items()}


_ACC_PREPS = {"в", "во", "на", "за", "про", "через", "сквозь", "под", "подо", "о"}


def _tags_for(w: str, lw: str) -> list:
    own = [p.tag for p in morph.parse(w) if p.normal_form.replace("ё", "е") == lw]
    if own:
        return own
    if "-" in lw:
        head, _, last = lw.rpartition("-")
        tail = w.rpartition("-")[2]
        return _tags_for(tail, last)
    tags = list(word_forms(lw).get(w) or ())
    own_tags = [str(p.tag) for p in morph.parse(w)]
    tags.sort(key=lambda t: str(t) not in own_tags)
    return tags


# nouns pymorphy3 cannot lemmatise as themselves («деплой», «гайд») decline
# like a model noun with the same ending
_TEMPLATES = (("й", "музей"), ("", "сайт"))      # (ending, model noun)
_VOWELS = set("аеёиоуыэюя")


def _by_template(lw: str) -> dict[str, tuple]:
    if not lw or lw[-1] in _VOWELS or lw[-1] == "ь" or not re.fullmatch(r"[а-яё]+", lw):
        return {lw: ()}                       # indeclinable: ревью, юзабилити
    out: dict[str, list] = {lw: []}
    for end, model in _TEMPLATES:
        if not lw.endswith(end):
            continue
        base = next((p for p in morph.parse(model) if p.normal_form == model and p.tag.POS == "NOUN"), None)
        if base is None:
            continue
        stem, cut = lw[: len(lw) - len(end)], len(model) - len(end)
        for f in base.lexeme:
            out.setdefault(norm(stem + f.word[cut:]), []).append(f.tag)
        break
    return {k: tuple(v) for k, v in out.items()}


def best_tag(token_word: str, lemma: str, prev=None):
    """The grammatical form of `token_word` read as a form of `lemma`.

    `prev` (the previous word, optional) settles nominative against
    accusative: after a preposition that takes the accusative or after a
    verb the noun is its object; otherwise the subject."""
    tags = _tags_for(norm(token_word), norm(lemma))
    if not tags:
        return None
    first = tags[0]
    if first.POS == "NOUN" and ("nomn" in first or "accs" in first):
        want = "nomn"
        if prev is not None:
            pw = norm(prev)
            pps = morph.parse(pw)
            verbish = ("VERB", "INFN", "GRND", "PRTF")

            def governs(p):   # only a transitive verb takes an object: «появился баг» is the subject
                return p.tag.POS in verbish and "intr" not in p.tag

            if pw in _ACC_PREPS or governs(pps[0]) or (
                    not morph.is_known(pw) and any(governs(p) for p in pps)):
                want = "accs"
        for t in tags:
            if want in t and t.number == first.number:
                return t
    return first


def _wanted(tag, target_pos: str) -> set[str]:
    want: set[str] = set()
    src_pos = tag.POS
    if target_pos == "NOUN":
        want |= {g for g in _CASES if g in tag}
        want |= {g for g in ("sing", "plur") if g in tag}
    elif target_pos in ("ADJF", "PRTF"):
        want |= {g for g in _CASES if g in tag}
        want |= {g for g in ("sing", "plur") if g in tag}
        if "sing" in tag:
            want |= {g for g in _GENDERS if g in tag}
        if "accs" in tag and ("anim" in tag or "inan" in tag) and src_pos in ("ADJF", "PRTF"):
            want |= {g for g in ("anim", "inan") if g in tag}
        if src_pos == "PRTF" and target_pos == "PRTF":
            want |= {g for g in ("pres", "past", "actv", "pssv") if g in tag}
    elif target_pos in ("VERB", "INFN"):
        if src_pos == "INFN":
            return {"INFN"}
        if src_pos in ("PRTF", "PRTS", "GRND"):
            want.add(src_pos)
            want |= {g for g in _CASES + ("sing", "plur") + _GENDERS + ("pres", "past", "actv", "pssv")
                     if g in tag}
            return want
        want |= {g for g in ("sing", "plur", "1per", "2per", "3per", "pres", "past", "futr",
                             "impr", "incl", "excl", "indc") if g in tag}
        if "past" in tag and "sing" in tag:
            want |= {g for g in _GENDERS if g in tag}
    elif target_pos in ("ADJS", "PRTS"):
        want |= {g for g in ("sing", "plur") if g in tag}
        if "sing" in tag:
            want |= {g for g in _GENDERS if g in tag}
    return want


def _pick_base(word: str, src_tag):
    cands = _lexeme_parses(word)
    if not cands:
        # a plural-only replacement («настройки», «сроки»): its plural parse
        cands = [p for p in morph.parse(word) if p.tag.POS == "NOUN" and "plur" in p.tag and "nomn" in p.tag]
    if not cands:
        return None
    if src_tag is not None and src_tag.POS:
        pos = src_tag.POS
        if pos in _VERBISH:
            same = [p for p in cands if p.tag.POS in ("INFN", "VERB")]
        else:
            same = [p for p in cands if p.tag.POS == pos]
        cands = same or cands
    return cands[0]


def _inflect_one(word: str, src_tag) -> str | None:
    """`word` (a lemma) in the form of src_tag, or None when it cannot take it."""
    base = _pick_base(word, src_tag)
    if base is None or src_tag is None:
        return None
    target = base.tag.POS
    src_pos = src_tag.POS
    if src_pos in _VERBISH:
        target = "VERB" if src_pos != "INFN" else "INFN"
    want = _wanted(src_tag, target if target != "INFN" or src_pos == "INFN" else "VERB")
    if target == "NOUN" and "plur" in base.tag and base.normal_form != word.lower():
        want = (want - {"sing"}) | {"plur"}       # keep a plural-only replacement plural
    if not want:
        return base.word
    if want == {"INFN"}:
        got = base.inflect({"INFN"})
        return got.word if got else None
    attempts = [set(want)]
    attempts.append(want - set(_GENDERS))
    attempts.append(want - {"anim", "inan"})
    attempts.append(want - set(_GENDERS) - {"anim", "inan", "indc", "excl", "incl"})
    if target == "NOUN":
        attempts.append({g for g in want if g in _CASES})      # Pltm / Sgtm nouns
    for w in attempts:
        if not w:
            continue
        got = base.inflect(w)
        if got:
            return got.word
    return None


def inflect(phrase: str, src_tag) -> str:
    """Inflect a replacement (lemma or phrase) to the form `src_tag` of the
    word it replaces. The head is the first word of the replacement that can
    take the form; adjectives before a noun head agree with it; the rest stays."""
    if src_tag is None:
        return phrase
    words = phrase.split()
    if len(words) == 1:
        return _inflect_one(words[0], src_tag) or phrase
    src_pos = src_tag.POS
    head = None
    for i, w in enumerate(words):
        poss = {p.tag.POS for p in _lexeme_parses(w)}
        if src_pos in _VERBISH and poss & {"INFN", "VERB"}:
            head = i
            break
        if src_pos == "NOUN" and "NOUN" in poss and not ({"ADJF", "PRTF"} & poss and i + 1 < len(words)
                                                          and "NOUN" in {p.tag.POS for p in _lexeme_parses(words[i + 1])}):
            head = i
            break
        if src_pos in ("ADJF", "PRTF") and poss & {"ADJF", "PRTF"}:
            head = i
            break
    if head is None:
        return phrase
    out = list(words)
    got = _inflect_one(words[head], src_tag)
    if got is None:
        return phrase
    out[head] = got
    if src_pos == "NOUN":
        hp = [p for p in morph.parse(got) if p.tag.POS == "NOUN"]
        gender = hp[0].tag.gender if hp else None
        anim = hp[0].tag.animacy if hp else None
        for i in range(head):
            adj = [p for p in _lexeme_parses(words[i]) if p.tag.POS in ("ADJF", "PRTF")]
            if not adj:
                continue
            want = {g for g in _CASES if g in src_tag} | {g for g in ("sing", "plur") if g in src_tag}
            if "sing" in src_tag and gender:
                want.add(gender)
            if "accs" in src_tag and anim:
                want.add(anim)
            g2 = adj[0].inflect(want) or adj[0].inflect(want - {"anim", "inan"})
            if g2:
                out[i] = g2.word
    return " ".join(out)


def match_case(template: str, word: str) -> str:
    return morph.match_case(template, word)


def phrase_matcher(entries):
    """Index entries (lemmas or phrases) for matching over word tokens.

    Returns (single, multi): single maps a folded form to the entry lemmas it
    may be a form of; multi is a list of (entry, [form sets per word])."""
    single: dict[str, set[str]] = {}
    multi = []
    for entry in entries:
        words = entry.split()
        if len(words) == 1:
            for form in word_forms(entry):
                single.setdefault(form, set()).add(entry)
        else:
            sets = []
            for w in words:
                forms = set(word_forms(w)) if len(w) > 2 else {norm(w)}
                sets.append(frozenset(forms))
            multi.append((entry, sets))
    return single, multi
