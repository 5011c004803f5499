"""Phrase rules: words the dictionary accepts that are wrong in their phrase
(«какие нибудь», «пол часа», «ни как»…)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from mailcheck.language.morph import match_case

from mailcheck import data as ruledata

from .words import _analyzer, fold


@dataclass(frozen=True)
class PhraseFinding:
    start: int
    end: int
    text: str
    suggestion: str
    message: str


@functools.cache
def phrases() -> tuple[dict, ...]:
    data = ruledata.load_toml("spelling/phrases.toml")
    return tuple(data.get("phrase", ()))


HYPHEN_PARTICLES = ("нибудь", "либо", "таки")
_PARTICLE_WORDS = frozenset(HYPHEN_PARTICLES + ("то",))   # a sentence without them has no pair to join
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

    alpha = [any(ch.isalpha() for ch in t[2]) for t in tokens]     # once per token, not per question
    n_tokens = len(tokens)

    def is_word(k):
        return 0 <= k < n_tokens and alpha[k]

    present = set(low)
    for ph in phrases():
        if ph.get("kind") == "words":
            m = ph["match"]
            if m[0] not in present:
                continue                      # its first word is not in the sentence
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
                if ph.get("unless_first_repeated") and any(  # «ни где, ни когда»
                        low[k] == m[0] for k in range(len(low)) if k != i):
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

    for i in range(len(low) - 1 if not present.isdisjoint(_PARTICLE_WORDS) else 0):
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

    # «по настоящему хорошо» -> «по-настоящему»: «по» + a dative adjective
    # that no noun follows is the adverb «по-…ому» («по моему мнению» is right)
    for i in range(len(low) - 1 if "по" in present else 0):
        if i in used or i + 1 in used or low[i] != "по" or not is_word(i + 1):
            continue
        b = low[i + 1]
        if not (b.endswith("ому") or b.endswith("ему") or b.endswith("ски")) or tokens[i + 1][0] - tokens[i][1] > 1:
            continue
        joined = f"по-{b}"
        if not morph.word_is_known(joined):
            continue
        k = i + 2
        nxt = morph.parse(low[k])[0].tag if k < len(low) and is_word(k) else None
        if nxt is not None and nxt.POS in ("NOUN", "ADJF", "NPRO", "PRTF") and nxt.case == "datv":
            continue
        emit(i, i + 1, joined, f"Наречие пишется через дефис: «{joined}».")

    from .confusion import confusion_findings  # real-word errors by context
    confusion_findings(tokens, low, used, emit, is_word)

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
            if (lemma & IMPERSONAL and not prev_lemmas & MODALS and morph.word_is_known(fin)
                    and (prev in DATIVE or _dative_in_clause(low, i, is_word, morph)
                         or _infinitive_next(low, i, is_word, morph))):
                emit(i, i, match_case(tokens[i][2], fin),
                     f"Здесь нужна форма «{fin}» (что делает?), без «ь».")
    return sorted(out, key=lambda f: f.start)


def _dative_in_clause(low, i, is_word, morph) -> bool:
    """«мне всё здесь нравиться»: a dative pronoun earlier in the clause, with
    no verb between it and the word (a verb there may govern the infinitive:
    «мне хочется нравиться»)."""
    for k in range(i - 1, max(-1, i - 5), -1):
        if not is_word(k):
            return False  # a comma or a dash ends the clause
        if low[k] in DATIVE:
            return True
        if any(p.tag.POS in ("VERB", "INFN", "PRED", "ADJS", "PRTS", "CONJ")
               for p in morph.parse(low[k])[:1]):
            return False
    return False


def _infinitive_next(low, i, is_word, morph) -> bool:
    """«приходиться расплачиваться»: an impersonal verb before an infinitive
    is the finite «приходится» (nothing before it governs an infinitive)."""
    k = i + 1
    return is_word(k) and morph.parse(low[k])[0].tag.POS == "INFN"


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
