"""The text layer: paragraphs, sentences and tokens with offsets, for one draft.

Built once per draft with razdel; each token's pymorphy3 parses come from the
process-wide cache in `morph`. Rules read this layer and never re-tokenise.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from razdel import sentenize, tokenize

from mailcheck.language import morph
from mailcheck.language.lexicon import fold
from mailcheck.draft import placeholders as _placeholders
from mailcheck.draft.model import Draft, Span
from mailcheck.errors import check_deadline, current_deadline

_CYR = re.compile(r"[А-Яа-яЁё]")
_LAT = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"^[\w\-'’]+$")
_MARKER_ONLY = re.compile(r"^\s*(?:\d{1,2}|[а-яa-z])[.)]$")
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)]|[а-яa-z][.)])\s")
# Lengths are bounded as in DNS and RFC 5321 (a local part of at most 64, a
# label of at most 63, and here at most 10 labels): unbounded, each word
# boundary of a long hyphenated or dotted run rescanned the rest of it (quadratic).
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+\b|"
                  r"\b(?:[\w-]{1,63}\.){1,10}(?:ru|рф|com|net|org|io|app|su|info|biz|pro|me|dev)\b(?:/\S*)?",
                  re.I)
# One token each: a URL or e-mail address (razdel would split it), and a run of three or
# more of the same symbol. razdel keeps «!!!», «....» and «----» whole but splits «>>>>»
# and «====» into one token a character: a line of a million «>» was a million tokens.
_WHOLE = re.compile(_URL.pattern + r"|(?P<run>[^\w\s])(?P=run){2,}", re.I)


class _DeadlineIteration:
    """Iteration that checks the lint deadline (errors.check_deadline) every 64 items
    when one is in force: every rule's loop over a layer's sentences, tokens or words
    stops a lint past its deadline. Without a deadline it iterates as its base type."""

    __slots__ = ()
    _base_iter = None       # the base type's __iter__

    def __iter__(self):
        items = self._base_iter()
        # fewer than 64 items: no check due (the loop around this one checks)
        return items if len(self) < 64 or current_deadline() is None else _checked(items)


class Checked(_DeadlineIteration, tuple):
    """A tuple that iterates as _DeadlineIteration says (sentences, tokens, words)."""

    __slots__ = ()
    _base_iter = tuple.__iter__


class CheckedList(_DeadlineIteration, list):
    """A list that iterates the same way: a sentence's words (one sentence may be a
    whole megabyte of text with no full stop)."""

    __slots__ = ()
    _base_iter = list.__iter__


class _cached:
    """`functools.cached_property` without the lock Python 3.11 takes on each first
    access (one lock per property, shared by every instance: ~1 µs per token and
    property, and lint threads wait on each other). Two threads may both compute a
    value the first time; these are pure, so either result is the same."""
    def __init__(self, func):
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def _checked(items):
    for i, item in enumerate(items):
        if not i & 63:
            check_deadline()
        yield item


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    placeholder: bool = False   # a template placeholder («{name}», «%s»): one token, never a word

    @property
    def is_placeholder(self) -> bool:
        return self.placeholder

    @property
    def lower(self) -> str:
        return self.text.lower()

    @_cached
    def is_word(self) -> bool:
        return not self.placeholder and bool(_WORD.match(self.text)) and any(c.isalpha() for c in self.text)

    @_cached
    def is_cyrillic(self) -> bool:
        return self.is_word and bool(_CYR.search(self.text)) and not _LAT.search(self.text)

    @_cached
    def is_latin(self) -> bool:
        return self.is_word and bool(_LAT.search(self.text)) and not _CYR.search(self.text)

    @property
    def has_digit(self) -> bool:
        return not self.text.isalpha() and any(c.isdigit() for c in self.text)

    # kept on the token: rules ask them ~10 times per word (morph caches the parse per
    # word, but its lookup costs more than an attribute)
    @_cached
    def parses(self):
        return morph.parse(self.text)

    @_cached
    def parse(self):
        return self.parses[0]

    @property
    def lemma(self) -> str:
        return self.parses[0].normal_form

    @_cached
    def lemmas(self) -> frozenset[str]:
        return morph.lemmas(self.text)

    @_cached
    def folded(self) -> str:
        """`lexicon.fold` of the text: lower case, ё read as е."""
        return fold(self.text)

    @_cached
    def forms(self) -> frozenset[str]:
        """The folded word and all its lemmas: what a lemma phrase list matches."""
        return frozenset({self.folded}) | self.lemmas

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]

    @_cached
    def words(self) -> list[Token]:
        # built once: rules ask it ~20 times per sentence (callers never change the list)
        return CheckedList(t for t in self.tokens if t.is_word)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]

    @property
    def tokens(self) -> list[Token]:
        return [t for s in self.sentences for t in s.tokens]

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def _paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t\r]*\n))+", text[start:end]):
        s, e = start + m.start(), start + m.end()
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if chunk.strip():
            out.append((s + lead, e - trail))
    return out


def _line_breaks(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split a razdel sentence further at line breaks that end a unit:
    list items, lines ending in . ! ? : ; and lines followed by a capital."""
    chunk = text[s:e]
    if "\n" not in chunk:
        return [(s, e)]
    parts = []
    cur = s
    lines = chunk.split("\n")
    pos = s
    for i, line in enumerate(lines[:-1]):
        pos_end = pos + len(line)
        nxt = lines[i + 1]
        prev = line.rstrip()
        if (_LIST_ITEM.match(nxt) or prev.endswith((".", "!", "?", ":", ";", "…", ")"))
                or (nxt.strip()[:1].isupper() and len(prev) < 60)
                or not prev.strip()):
            if text[cur:pos_end].strip():
                parts.append((cur, pos_end))
            cur = pos_end + 1
        pos = pos_end + 1
    if text[cur:e].strip():
        parts.append((cur, e))
    out = []
    for a, b in parts:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        out.append((a + lead, b - trail))
    return out


@functools.lru_cache(maxsize=4)
def placeholder_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every template placeholder in a draft's text, found once per text."""
    return tuple((p.start, p.end) for p in _placeholders.find(text))


@functools.lru_cache(maxsize=4)
def _placeholder_ends(text: str) -> tuple[int, ...]:
    return tuple(b for _, b in placeholder_spans(text))


def _tokenize(text: str):
    """razdel's tokens, checking the lint deadline every 256 (a sentence may be a megabyte)."""
    for n, t in enumerate(tokenize(text)):
        if not n & 255:
            check_deadline()
        yield t


# A sentence of plain words: runs of Cyrillic (а-я, ё) or Latin letters, each maybe
# followed by one . , ! ? : or ;, and numbers (with such a mark only at the very end:
# razdel joins «10, 20» into «10,» «20»), separated by whitespace. razdel splits these
# at their punctuation and joins nothing (a property test holds the two equal): the
# tokens are those of _PLAIN_TOKEN, found ~10× faster than by razdel's rules.
_PLAIN = re.compile(r"\s*(?:(?:(?:[а-яёА-ЯЁ]+|[a-zA-Z]+)[.,!?:;]?|[0-9]+(?:[.,!?:;]\s*\Z)?)(?:\s+|\Z))*")
_PLAIN_TOKEN = re.compile(r"[а-яёА-ЯЁ]+|[a-zA-Z]+|[0-9]+|[.,!?:;]")


@functools.lru_cache(maxsize=4096)
def _chunk_tokens(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of each token of a sentence, relative to it. Cached by
    text: a greeting, a sign-off or a repeated line is tokenised once."""
    if _PLAIN.fullmatch(chunk):
        return tuple((m.start(), m.end(), m.group()) for m in _PLAIN_TOKEN.finditer(chunk))
    # URLs and e-mail addresses are one token each (razdel would split them)
    out = []
    pos = 0
    for m in _WHOLE.finditer(chunk):
        out.extend((pos + t.start, pos + t.stop, t.text) for t in _tokenize(chunk[pos:m.start()]))
        out.append((m.start(), m.end(), m.group()))
        pos = m.end()
    out.extend((pos + t.start, pos + t.stop, t.text) for t in _tokenize(chunk[pos:]))
    return tuple(out)


def _tokens(text: str, s: int, e: int) -> tuple[Token, ...]:
    chunk = text[s:e]
    # URLs and e-mail addresses are one token each (razdel would split them), and so is
    # a template placeholder (the part of it inside this sentence)
    spans = placeholder_spans(text)
    k = bisect.bisect_left(_placeholder_ends(text), s + 1)      # the first placeholder ending after s
    whole = []
    while k < len(spans) and spans[k][0] < e:
        whole.append((spans[k][0] - s, spans[k][1] - s, True))
        k += 1
    if not whole:
        # no placeholder here: short sentences are tokenised once per text (a greeting,
        # a sign-off or a repeated line), and the cache's memory stays small
        rel = _chunk_tokens(chunk) if len(chunk) <= 300 else _chunk_tokens.__wrapped__(chunk)
        return tuple(Token(s + a, s + b, t) for a, b, t in rel)
    whole = [(max(a, 0), min(b, len(chunk)), True) for a, b, _ in whole]
    for m in _WHOLE.finditer(chunk):
        if not any(a < m.end() and m.start() < b for a, b, _ in whole):
            whole.append((m.start(), m.end(), False))
    whole.sort()
    out = []
    pos = 0
    for a, b, ph in whole:
        if a < pos:
            continue
        out.extend(Token(s + pos + t.start, s + pos + t.stop, t.text) for t in _tokenize(chunk[pos:a]))
        out.append(Token(s + a, s + b, chunk[a:b], ph))
        pos = b
    out.extend(Token(s + pos + t.start, s + pos + t.stop, t.text) for t in _tokenize(chunk[pos:]))
    return tuple(out)


class Layer:
    """Paragraphs, sentences and tokens of one region of the draft."""

    def __init__(self, text: str, spans: list[Span]):
        self.text = text
        self.spans = [sp for sp in spans if sp.end > sp.start]

    @_cached
    def paragraphs(self) -> list[Paragraph]:
        out = []
        text = self.text
        for sp in self.spans:
            for ps, pe in _paragraph_spans(text, sp.start, sp.end):
                bounds: list[tuple[int, int]] = []
                carry = None
                for n, sub in enumerate(sentenize(text[ps:pe])):
                    if not n & 63:
                        check_deadline()
                    a0 = ps + sub.start if carry is None else carry
                    if _MARKER_ONLY.match(sub.text):
                        carry = a0       # «1.» alone: glue it to the item it numbers
                        continue
                    carry = None
                    pieces = _line_breaks(text, ps + sub.start, ps + sub.stop)
                    pieces[0] = (a0, pieces[0][1])
                    bounds.extend(pieces)
                if carry is not None:
                    bounds.append((carry, pe))
                merged: list[tuple[int, int]] = []
                for a, b in bounds:
                    if merged and _MARKER_ONLY.match(text[merged[-1][0]:merged[-1][1]]):
                        a = merged.pop()[0]
                    merged.append((a, b))
                sents = []
                for n, (a, b) in enumerate(merged):
                    if not n & 63:
                        check_deadline()
                    sents.append(Sentence(a, b, text[a:b], _tokens(text, a, b)))
                out.append(Paragraph(ps, pe, text[ps:pe], Checked(sents)))
        return out

    # built once per layer and shared by every rule: tuples, so no rule can change them for the others
    @_cached
    def sentences(self) -> tuple[Sentence, ...]:
        return Checked(s for p in self.paragraphs for s in p.sentences)

    @_cached
    def tokens(self) -> tuple[Token, ...]:
        return Checked(t for p in self.paragraphs for t in p.tokens)

    @_cached
    def words(self) -> tuple[Token, ...]:
        return Checked(t for t in self.tokens if t.is_word)

    @property
    def content(self) -> str:
        return "\n\n".join(sp.slice(self.text) for sp in self.spans)

    def __bool__(self) -> bool:
        return bool(self.spans)


class Doc:
    """A draft with its text layer and the config it is checked under."""

    def __init__(self, draft: Draft, config=None):
        from mailcheck.config import Config

        self.draft = draft
        self.text = draft.text
        self.config = config if config is not None else Config()

    @_cached
    def new(self) -> Layer:
        return Layer(self.text, list(self.draft.new_spans) or [self.draft.new])

    @_cached
    def quoted(self) -> Layer:
        return Layer(self.text, [q.span for q in self.draft.quotes])

    @_cached
    def sig(self) -> Layer:
        return Layer(self.text, [self.draft.signature] if self.draft.signature else [])

    @property
    def template(self) -> bool:
        """Template mode (`--template`, `template = true`): placeholders stand for words."""
        return bool(getattr(self.config, "template", False))

    @_cached
    def placeholders(self) -> tuple[Span, ...]:
        """Every template placeholder in the checked text."""
        return tuple(Span(a, b) for a, b in placeholder_spans(self.text))

    @_cached
    def _quote_index(self) -> tuple[list[int], list[int]]:
        """The quoted spans merged into disjoint (starts, ends), in order."""
        starts: list[int] = []
        ends: list[int] = []
        for sp in sorted(q.span for q in self.draft.quotes if q.span.end > q.span.start):
            if ends and sp.start <= ends[-1]:
                ends[-1] = max(ends[-1], sp.end)
            else:
                starts.append(sp.start)
                ends.append(sp.end)
        return starts, ends

    def in_quote(self, offset: int) -> bool:
        # a binary search: rules ask it per token, and a draft may quote many times
        starts, ends = self._quote_index
        k = bisect.bisect_right(starts, offset) - 1
        return k >= 0 and offset < ends[k]

    @_cached
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        # a binary search in the line starts: counting newlines per finding is
        # quadratic in a draft with thousands of findings
        starts = self._line_starts
        line = max(1, bisect.bisect_right(starts, offset))
        return line, offset - starts[line - 1] + 1
