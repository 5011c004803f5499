"""Real-word errors told apart by context (issue 12, class 3): a dictionary
word written for another one. The rules are of the kinds LanguageTool's
Russian module uses — collocation, government, agreement:

* confusion pairs by their neighbours (`rules/spelling/confusion.toml`):
  «одеть куртку» → «надеть», «рекламная компания» → «кампания»;
* «что бы» before an infinitive is the conjunction
  «чтобы» («…, что бы успеть» → «чтобы успеть»), unless «ни» follows
  («что бы ни случилось») or the sentence asks («Что бы вы выбрали?»);
* «ни» before a verb is «не» when nothing in the sentence makes it the
  particle of «ни… ни…», a negative pronoun or a concession («кто бы ни»);
* a noun after «о», «об», «при» (which govern the prepositional case) in a
  form that cannot be prepositional, when swapping its final «и» for «е»
  gives that case of the same word: «о поликлиники» → «о поликлинике».
"""
from __future__ import annotations

import functools

from mailcheck.language.morph import match_case

from mailcheck import data as ruledata

from .words import _analyzer, fold

NEG_WORDS = frozenset("никто никого никому никем ничто ничего ничему ничем никакой никакая никакое "
                      "никакие никакого никаких никогда нигде никуда ниоткуда нисколько ничей "
                      "ничья ничьи отнюдь".split())
CONCESSIVE = frozenset("кто что как где куда когда сколько какой какая какое какие чей откуда "
                       "зачем бы то".split())  # «кто бы ни», «бы то ни было»
LOCT_ONLY = frozenset(("о", "об", "обо", "при"))


@functools.cache
def confusions() -> tuple[dict, ...]:
    data = ruledata.load_toml("spelling/confusion.toml")
    return tuple(data.get("confusion", ()))


def confusion_findings(tokens, low, used, emit, is_word) -> None:
    """Adds findings through `emit(i, j, suggestion, message)` for one
    sentence; `tokens`, `low`, `used`, `is_word` as in phrases.context_findings."""
    morph = _analyzer()
    words = [i for i in range(len(low)) if is_word(i)]
    question = any(t[2] == "?" for t in tokens)

    def lemmas(i):
        return {fold(p.normal_form) for p in morph.parse(low[i])[:3]}

    pos_in = {k: n for n, k in enumerate(words)}
    stems = _stems()
    for ent in (confusions() if any(low[i].startswith(stems) for i in words) else ()):
        stem = _stem(ent["lemma"])
        for i in words:
            if i in used or not low[i].startswith(stem):
                continue
            parse = next((p for p in morph.parse(low[i])[:3] if fold(p.normal_form) == ent["lemma"]), None)
            if parse is None:
                continue
            n = pos_in[i]
            prev = lemmas(words[n - 1]) if n > 0 else set()
            after = set().union(*(lemmas(k) for k in words[n + 1:n + 4])) if n + 1 < len(words) else set()
            if "next_lemmas" in ent and not after & set(ent["next_lemmas"]):
                continue
            if "prev_lemmas" in ent and not prev & set(ent["prev_lemmas"]):
                continue
            if prev & set(ent.get("unless_prev_lemmas", ())):
                continue
            form = _inflect_as(ent["replace"], parse)
            if form and form != low[i]:
                emit(i, i, match_case(tokens[i][2], form), ent["message"])

    for n, i in enumerate(words):
        if i in used:
            continue
        w = low[i]
        nxt = words[n + 1] if n + 1 < len(words) else None
        if w == "что" and nxt is not None and low[nxt] == "бы" and nxt == i + 1 and not question:
            rest = [low[k] for k in words[n + 2:n + 5]]
            if "ни" in rest or n + 2 >= len(words):
                continue
            k = words[n + 2]
            tags = [p.tag for p in morph.parse(low[k])[:2]]
            if tags and tags[0].POS == "INFN":  # «что бы было» may be a conditional: past tense left alone
                emit(i, nxt, match_case(tokens[i][2], "чтобы"),
                     "Союз цели пишется слитно: «чтобы» (для того чтобы).")
        elif w == "ни" and nxt is not None and nxt == i + 1:
            others = [low[k] for k in words if k != i]
            if "ни" in others or any(x in NEG_WORDS for x in others):
                continue
            if any(low[k] in CONCESSIVE for k in words[max(0, n - 3):n]):
                continue
            if n and not morph.word_is_known(low[words[n - 1]]):
                continue  # «време ни»: a word broken in two, not a particle
            tag = morph.parse(low[nxt])[0].tag
            if tag.POS in ("VERB", "PRTS") and "Infr" not in tag:
                emit(i, i, match_case(tokens[i][2], "не"),
                     "Отрицание при глаголе — «не»; «ни» усиливает («ни разу») или повторяется («ни… ни…»).")
        elif w in LOCT_ONLY and nxt is not None and nxt == i + 1 and low[nxt].endswith("и"):
            noun = low[nxt]
            parses = morph.parse(noun)
            if any(p.tag.case in ("loct", "loc2") for p in parses) or not any(p.tag.POS == "NOUN" for p in parses[:1]):
                continue
            alt = noun[:-1] + "е"
            lem = {p.normal_form for p in parses if p.tag.POS == "NOUN"}
            if any(p.tag.case == "loct" and p.normal_form in lem for p in morph.parse(alt)):
                emit(nxt, nxt, match_case(tokens[nxt][2], alt),
                     f"После «{w}» нужен предложный падеж: «{w} {alt}».")


@functools.cache
def _stems() -> tuple[str, ...]:
    """Every entry's `_stem`: a sentence with no word starting so has no confusion to check."""
    return tuple(_stem(ent["lemma"]) for ent in confusions())


@functools.cache
def _stem(lemma: str) -> str:
    """The start every form of `lemma` shares («посве» for «посветить»): only
    words that start so are parsed."""
    import os
    forms = [fold(f.word) for p in _analyzer().parse(lemma)[:1] for f in p.lexeme] or [lemma]
    return os.path.commonprefix(forms) or lemma[:3]


def _inflect_as(lemma: str, like) -> str | None:
    morph = _analyzer()
    for p in morph.parse(lemma):
        if fold(p.normal_form) != lemma:
            continue
        if like.tag.POS == "INFN":
            return lemma
        want = {g for g in like.tag.grammemes if g in {
            "sing", "plur", "1per", "2per", "3per", "pres", "past", "futr", "impr", "masc", "femn",
            "neut", "nomn", "gent", "datv", "accs", "ablt", "loct", "excl", "incl", "PRTF", "PRTS",
            "GRND", "actv", "pssv"}}
        got = p.inflect(want)
        return got.word if got else None
    return None
