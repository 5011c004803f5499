"""Find the greeting at the start of the new text (shared by greeting.* rules)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from mailcheck import data
from mailcheck.language import names
from mailcheck.language.text import Token

_NORM = str.maketrans({"ё": "е", "Ё": "Е"})


@dataclass
class Greeting:
    start: int                  # the greeting line
    end: int
    line: str
    phrase: str | None = None   # matched phrase, lower-case
    phrase_start: int = 0
    phrase_end: int = 0
    informal: bool = False
    name_tokens: list[Token] = field(default_factory=list)   # the personal name greeted
    group: bool = False         # «Коллеги», «Друзья»…
    address_only: bool = False  # «Иван Петрович,» with no greeting word


@functools.cache
def _phrases() -> tuple[tuple[tuple[tuple[str, ...], str, bool], ...], frozenset[str]]:
    """((words, phrase, informal) longest first, group addresses), built once per process."""
    g = data.load_toml("greeting/greetings.toml")
    entries = [(p, False) for p in g["formal"]] + [(p, True) for p in g["informal"]]
    entries.sort(key=lambda p: -len(p[0]))          # stable: same order as sorting per call
    return (tuple((tuple(p.split()), p, informal) for p, informal in entries),
            frozenset(g["group_addresses"]))


def _find_phrase(tokens: list[Token]) -> tuple[str, bool, int, int] | None:
    """A greeting phrase as a run of word tokens (not inside another word)."""
    words = [t for t in tokens if t.is_word]
    phrases, _ = _phrases()
    for i in range(min(len(words), 4)):
        for parts, phrase, informal in phrases:
            run = words[i:i + len(parts)]
            if len(run) == len(parts) and all(t.lower.translate(_NORM) == p for t, p in zip(run, parts)):
                return phrase, informal, i, i + len(parts)
    return None


# lines a letter may carry above its greeting: a paper-style header («Начальнику … От …»),
# a site banner, an @mention, a placeholder banner. They are labels, not sentences.
_MAX_LINES_ABOVE = 5
_MAX_WORDS_ABOVE = 30
_INITIALS_END = re.compile(r"(?:^|\s)[А-ЯЁA-Z]\.\s?(?:[А-ЯЁA-Z]\.)?$")


def _units(doc) -> list[tuple[int, int, list[Token]]]:
    """The first lines of the new text cut at sentence ends: (start, end, tokens)."""
    out: list[tuple[int, int, list[Token]]] = []
    for sent in doc.new.sentences:
        pos = sent.start
        for piece in sent.text.split("\n"):
            a = pos + (len(piece) - len(piece.lstrip()))
            b = pos + len(piece.rstrip())
            pos += len(piece) + 1
            if b <= a:
                continue
            out.append((a, b, [t for t in sent.tokens if a <= t.start and t.end <= b]))
            if len(out) > _MAX_LINES_ABOVE:
                return out
    return out


def _stands_for_name(t: Token) -> bool:
    """A name in an address: a personal name, or a template placeholder standing for one."""
    return t.is_placeholder or bool(names.name_parses(t.text))


def _greeting_in(doc, a: int, b: int, tokens: list[Token], first: bool) -> Greeting | None:
    line = doc.text[a:b]
    g = Greeting(a, b, line)
    words = [t for t in tokens if t.is_word]
    found = _find_phrase(tokens)
    _, groups = _phrases()
    if found:
        phrase, informal, i, j = found
        if not first:
            # below a header line only a greeting that stands apart: «Уважаемая Елена Петровна!»,
            # «Добрый день, …», not «Дорогая модель нам не подходит»
            after = doc.text[words[j - 1].end:b].lstrip()
            if len(words) > 6 and not after.startswith((",", "!", ".")):
                return None
        g.phrase, g.informal = phrase, informal
        g.phrase_start, g.phrase_end = words[i].start, words[j - 1].end
        rest = [t for t in tokens if t.is_word or t.is_placeholder]
        rest = [t for t in rest if not (g.phrase_start <= t.start < g.phrase_end)]
    else:
        rest = [t for t in tokens if t.is_word or t.is_placeholder]
    g.name_tokens = [t for t in rest if _stands_for_name(t)]
    g.group = any(t.lower.translate(_NORM) in groups for t in rest if t.is_word)
    if found:
        return g
    # «Иван Петрович,» / «Коллеги!» / «{REALNAME},» — an address standing for a greeting,
    # alone on its line or opening it: «Валерия, извините за задержку…»
    lead = []
    for t in tokens:
        if t.is_word or t.is_placeholder:
            lead.append(t)
            continue
        if t.text in (",", "!") and lead:
            break
        return None
    else:
        return None         # no «,» or «!» after the address
    if len(lead) > 3:
        return None
    if all(_stands_for_name(t) for t in lead) or (
            len(lead) == len(rest) and any(t.lower.translate(_NORM) in groups for t in lead if t.is_word)):
        g.name_tokens = [t for t in lead if _stands_for_name(t)]
        g.address_only = True
        return g
    return None


def find(doc) -> Greeting | None:
    """The greeting: on the first line of the new text, or below a few header lines
    (a paper-style «Начальнику …», a banner, an @mention) that are labels, not sentences."""
    cached = doc.__dict__.get("_greeting", False)
    if cached is not False:
        return cached
    result = None
    words_above = 0
    for k, (a, b, tokens) in enumerate(_units(doc)):
        result = _greeting_in(doc, a, b, tokens, k == 0)
        if result is not None:
            break
        line = doc.text[a:b].rstrip()
        words_above += sum(1 for t in tokens if t.is_word)
        # a sentence is the letter itself, not a header above it: a header line ends
        # without a full stop, or with initials («Иванову П. С.»)
        sentence = line.endswith(("?", "!", "…")) or (line.endswith(".") and not _INITIALS_END.search(line))
        if sentence or words_above > _MAX_WORDS_ABOVE:
            break
    doc.__dict__["_greeting"] = result
    return result


def first_line_is_foreign(doc) -> bool:
    """The first line is written in Latin letters (translit or a wrong layout):
    other rules speak about it, greeting.* stay silent."""
    sents = doc.new.sentences
    if not sents:
        return False
    first = sents[0]
    line = first.text.split("\n", 1)[0]
    words = [t for t in first.tokens if t.is_word and t.start < first.start + len(line)]
    return bool(words) and all(t.is_latin for t in words) and len(words) <= 4 and not re.search(
        r"\b(hi|hello|hey|dear)\b", line, re.I)
