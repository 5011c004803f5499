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


def find(doc) -> Greeting | None:
    cached = doc.__dict__.get("_greeting", False)
    if cached is not False:
        return cached
    result = None
    sents = doc.new.sentences
    if sents:
        first = sents[0]
        # the greeting is the first line of the first sentence
        nl = first.text.find("\n")
        end = first.start + (nl if nl >= 0 else len(first.text))
        tokens = [t for t in first.tokens if t.end <= end]
        line = doc.text[first.start:end]
        g = Greeting(first.start, end, line)
        words = [t for t in tokens if t.is_word]
        found = _find_phrase(tokens)
        _, groups = _phrases()
        if found:
            phrase, informal, a, b = found
            g.phrase, g.informal = phrase, informal
            g.phrase_start, g.phrase_end = words[a].start, words[b - 1].end
            rest = words[:a] + words[b:]
        else:
            rest = words
        g.name_tokens = [t for t in rest if names.name_parses(t.text)]
        g.group = any(t.lower.translate(_NORM) in groups for t in rest)
        if not found:
            # «Иван Петрович,» / «Коллеги!» — an address standing for a greeting
            short = len(words) <= 3 and line.rstrip().endswith((",", "!"))
            if short and words and (g.name_tokens and len(g.name_tokens) == len(words) or g.group):
                g.address_only = True
                result = g
        else:
            result = g
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
