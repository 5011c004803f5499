"""The three parts of a business letter: context, problem, ask.

`analyse(doc)` labels each sentence of the new text (greeting and closing
lines left out) by what it does for the reader:

- **ask** — what the reader should do or what happens next: a verb in the
  imperative mood («пришлите», «подтвердите»), a performative verb in the
  first person («прошу», «предлагаем», «хотим предложить»), a polite request
  («не могли бы вы», «будем благодарны»), a question (the sentence ends in
  «?»), a joint action with a time («созвонимся в четверг в 11:00») or the
  sender's own next step with a time («пришлю завтра до 12:00»);
- **problem** — the problem or the reason: problem words («к сожалению»,
  «ошибка», «задержка», «риск», «не удалось»), a negated verb of result
  («не работает», «не успеваем»), a cause or purpose («поэтому», «из-за»,
  «чтобы»), a need stated outside a request («для запуска нужны фото»);
  contrast words («но», «однако») count as weak evidence;
- **context** — what brings the reader up to date: a reference to an earlier
  event, contract, message or meeting («по договору», «по итогам», «как мы
  договаривались», «спасибо за…», «вы писали»), a first-person verb that says
  what the letter is («отправляю», «сообщаем», «напоминаем»), a document or
  event noun with a date or number («договор № 14», «встреча 12 октября»),
  or a report in the past tense («проверили», «подготовили»); inside a
  request only the explicit references count.

The word lists are lemma phrases in `rules/structure/parts.toml`, matched on
every inflected form. The result is cached on the Doc; rules and
`mailcheck check --explain` read it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from mailcheck import data
from mailcheck.errors import check_deadline
from mailcheck.language import dates, morph
from mailcheck.language.lexicon import fold

LEXICON = "structure/parts.toml"
KINDS = ("context", "problem", "ask")
KIND_RU = {"context": "контекст", "problem": "проблема", "ask": "просьба"}

_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)]|[а-яa-z][.)])\s")
_GAP = "…"


# ---------------------------------------------------------------- phrase lists

class Phrases:
    """Lemma phrases matched on word tokens: each word matches any form of its
    lemma (or the exact form); «…» skips up to two words; «слово*» is a prefix."""

    def __init__(self, entries):
        self.items = [tuple(fold(w) for w in e.split()) for e in entries]
        self._by_first: dict[str, list] = {}
        self._prefixed = []
        for pat in self.items:
            if pat[0].endswith("*") or pat[0] == _GAP:
                self._prefixed.append(pat)
            else:
                self._by_first.setdefault(pat[0], []).append(pat)

    @staticmethod
    def word_is(tok, w: str) -> bool:
        if w.endswith("*"):
            return tok.folded.startswith(w[:-1])
        return w in tok.forms

    def _at(self, words, i: int, pat, k: int):
        if k == len(pat):
            return i
        if pat[k] == _GAP:
            for skip in range(3):
                if i + skip > len(words):
                    break
                r = self._at(words, i + skip, pat, k + 1)
                if r is not None:
                    return r
            return None
        if i >= len(words) or not self.word_is(words[i], pat[k]):
            return None
        return self._at(words, i + 1, pat, k + 1)

    def _prefixed_for(self, c: str) -> list:
        """The patterns of `_prefixed` that may match at a word whose folded text opens
        with `c` (in their order): those opening with «…» and those whose «слово*»
        prefix starts with that letter."""
        by_char = self.__dict__.setdefault("_prefixed_by_char", {})
        got = by_char.get(c)
        if got is None:
            got = by_char[c] = [p for p in self._prefixed if p[0] == _GAP or p[0][:1] in ("*", c)]
        return got

    def find(self, words):
        """(first word index, end word index, phrase) for each match."""
        out = []
        by_first = self._by_first
        prefixed = self._prefixed
        for i, w in enumerate(words):
            if not i & 63:
                check_deadline()
            cands = [p for f in w.forms if f in by_first for p in by_first[f]]
            if prefixed:
                cands = self._prefixed_for(w.folded[:1]) + cands
            for pat in cands:
                j = self._at(words, i, pat, 0)
                if j is not None and j > i:
                    out.append((i, j, " ".join(pat)))
        return out

    def first(self, words):
        found = self.find(words)
        return found[0] if found else None


@functools.lru_cache(maxsize=64)
def _entries(entries: frozenset) -> tuple[frozenset, tuple[str, ...]]:
    """A word list split into whole words and «слово*» prefixes."""
    return (frozenset(e for e in entries if not e.endswith("*")),
            tuple(e[:-1] for e in entries if e.endswith("*")))


def _any_word_is(words, entries: frozenset) -> bool:
    """`any(Phrases.word_is(w, e) for w in words for e in entries)`, by set intersection."""
    plain, prefixes = _entries(entries)
    for w in words:
        if plain and not plain.isdisjoint(w.forms):
            return True
        if prefixes and w.folded.startswith(prefixes):
            return True
    return False


@functools.cache
def phrases(name: str, key: str) -> Phrases:
    """A cached Phrases for list `key` of rules/<name>.toml."""
    return Phrases(data.load_toml(name)[key])


class Lexicon:
    def __init__(self):
        raw = data.load_toml(LEXICON)
        a, p, c = raw["ask"], raw["problem"], raw["context"]
        self.performative = frozenset(map(fold, a["performative"]))
        self.not_imperative = frozenset(map(fold, a["not_imperative"]))
        self.ask_phrases = Phrases(a["phrases"])
        self.meeting = frozenset(map(fold, a["meeting_verbs"]))
        self.problem = Phrases(p["phrases"])
        self.weak_problem = frozenset({"но", "однако", "хотя", "тем не менее"})
        self.reason = Phrases(p["reason"])
        self.need = frozenset(map(fold, p["need"]))
        self.need_formula = frozenset(map(fold, p["need_formula"]))
        self.negation_ok = frozenset(map(fold, p["negation_ok"]))
        self.resolved = frozenset(map(fold, p["resolved"]))
        self.context = Phrases(c["phrases"])
        self.informing = frozenset(map(fold, c["informing"]))
        self.notice = frozenset(map(fold, c["notice"]))
        self.references = frozenset(map(fold, c["references"]))
        self.greeting = frozenset(map(fold, raw["greeting"]["words"]))
        self.thanks = frozenset(map(fold, raw["thanks"]["words"]))


_LEX: Lexicon | None = None


def lexicon() -> Lexicon:
    global _LEX
    if _LEX is None:
        _LEX = Lexicon()
    return _LEX


# ---------------------------------------------------------------- the analysis

@dataclass
class Label:
    kind: str        # context | problem | ask
    why: str         # short Russian reason shown by --explain
    strong: bool = True


@dataclass
class SentenceInfo:
    sentence: object                 # text.Sentence
    labels: list[Label] = field(default_factory=list)
    in_list: bool = False            # a list item or under a heading
    conditional: bool = False        # starts with «если»

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    def has(self, kind: str, strong_only: bool = False) -> bool:
        return any(lb.kind == kind and (lb.strong or not strong_only) for lb in self.labels)

    def why(self, kind: str) -> str:
        return "; ".join(lb.why for lb in self.labels if lb.kind == kind)

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().rstrip("»\")").endswith("?")


@dataclass
class Analysis:
    sentences: list[SentenceInfo]        # the body: sentences that count
    greeting: object | None = None       # the greeting sentence, if any
    is_reply: bool = False

    def of(self, kind: str, strong_only: bool = False) -> list[SentenceInfo]:
        return [s for s in self.sentences if s.has(kind, strong_only)]

    @property
    def short(self) -> bool:
        """Two sentences, or a three-sentence reply: complete as it is."""
        n = len(self.sentences)
        return n <= 2 or (self.is_reply and n <= 3)

    @property
    def resolved(self) -> bool:
        """The letter reports its problem as solved («ошибку исправили», «всё восстановлено»)."""
        lex = lexicon()
        for s in self.sentences:
            words = s.sentence.words
            for i, w in enumerate(words):
                if not (w.lemmas & lex.resolved) or (i > 0 and words[i - 1].folded == "не"):
                    continue
                p = w.parse
                if (p.tag.POS == "VERB" and "past" in p.tag) or p.tag.POS == "PRTS":
                    return True
        return False

    @property
    def notice(self) -> bool:
        """The letter opens by declaring itself a notice («Сообщаем…», «Напоминаем…», «Хочу
        предупредить…»): it informs, and the reader is not asked to act."""
        lex = lexicon()
        for s in self.sentences[:2]:
            words = s.sentence.words
            for i, w in enumerate(words[:6]):
                if not (w.lemmas & lex.notice):
                    continue
                p = w.parse
                if p.tag.POS == "VERB" and "1per" in p.tag and "pres" in p.tag:
                    return True
                if p.tag.POS == "INFN" and i > 0 and words[i - 1].lemmas & {"хотеть"}:
                    return True
        return False

    @property
    def thanks_only(self) -> bool:
        """A thank-you or an acknowledgement (possibly with a time)."""
        lex = lexicon()
        if not self.sentences:
            return True
        for s in self.sentences:
            words = s.sentence.words
            if _any_word_is(words, lex.thanks):
                continue
            if s.has("ask") and any(lb.why.startswith("следующий шаг") for lb in s.labels):
                continue
            return False
        return True


def _is_greeting(sent) -> bool:
    lex = lexicon()
    words = sent.words
    if not words or len(words) > 6:
        return False
    if _any_word_is(words, lex.greeting):
        return True
    return sent.text.rstrip().endswith(("!", ",")) and len(words) <= 3


def _is_closing(sent) -> bool:
    """«Спасибо!», «Заранее благодарю.» alone at the end."""
    words = sent.words
    return 0 < len(words) <= 3 and any(w.folded in ("спасибо", "благодарю", "благодарим") for w in words) \
        and not sent.text.rstrip().endswith("?")


def _neg_verb(words, i) -> bool:
    """words[i] is «не» before a verb of result (not a polite or set phrase)."""
    lex = lexicon()
    if words[i].folded not in ("не", "нет"):
        return False
    if i + 1 >= len(words):
        return False
    nxt = words[i + 1]
    p = nxt.parse
    if words[i].folded == "нет":
        # «нет доступа», «нет артикулов»
        return p.tag.POS == "NOUN" and "gent" in p.tag
    if p.tag.POS not in ("VERB", "INFN", "PRTS", "ADJS", "GRND") and not (
            p.tag.POS is None and nxt.is_word):
        return False
    if "impr" in p.tag and not any("past" in q.tag for q in nxt.parses if q.tag.POS == "VERB"):
        return False                      # «не забудьте» is a request («не пришли» is not)
    if any(w.folded == "чтобы" for w in words[max(0, i - 3):i]):
        return False                      # «чтобы это не повторилось»: a purpose, not a problem
    return not (nxt.lemmas & lex.negation_ok)


def _imperative(words, i: int) -> bool:
    """words[i] is a verb in the imperative («пришлите»; «подтвердите» unless «вы подтвердите»)."""
    w = words[i]
    if "VERB" not in w.parse.tag.grammemes:   # its part of speech (.POS costs ~1 µs a read)
        return False
    best = w.parse.normal_form
    impr = next((p for p in w.parses if "VERB" in p.tag.grammemes and "impr" in p.tag and "incl" not in p.tag
                 and p.normal_form == best), None)
    if impr is None or impr.normal_form in lexicon().not_imperative:
        return False
    if not morph.is_known(w.text):
        # a verb the dictionary does not know yet («Заапрувьте», «Зачекайте»): pymorphy3's guess is
        # trusted only with the imperative ending, opening the clause or next to «пожалуйста»
        if not w.folded.endswith(("йте", "ите", "ьте")):
            return False
        near = {t.folded for t in words[max(0, i - 1):i + 2]}
        return i == 0 or "пожалуйста" in near
    if any(t.folded == "вы" for t in words[max(0, i - 3):i]):
        return False                     # «если вы подтвердите» is indicative
    if impr.normal_form in ("беспокоиться", "волноваться"):
        return False
    if any(p.tag.POS == "VERB" and "past" in p.tag for p in w.parses):
        # «пришли» is «come» (past) as often as «send!»: only a request when it opens a
        # clause or goes with «пожалуйста», never after «не»
        if i > 0 and words[i - 1].folded == "не":
            return False
        near = {t.folded for t in words[max(0, i - 1):i + 2]}
        return i == 0 or "пожалуйста" in near
    return True


def _offered_action(words) -> str | None:
    """«Вы можете продлить подписку…», «Вам следует заказать…»: an action the letter offers
    the reader — what to do next, even if not a request."""
    for i in range(len(words) - 1):
        w = words[i]
        lem = w.lemmas
        if i > 0 and words[i - 1].folded == "не":
            continue
        p = w.parse
        modal = ("мочь" in lem and p.tag.POS == "VERB" and "2per" in p.tag) or (
            lem & {"следовать", "стоить"} and i > 0 and words[i - 1].folded in ("вам", "вы"))
        if not modal:
            continue
        k = i + 1
        while k < len(words) and k <= i + 2 and words[k].parse.tag.POS == "ADVB":
            k += 1                       # «вы всегда можете проверить»
        if k < len(words) and words[k].parse.tag.POS == "INFN" and words[k].folded != "не":
            return " ".join(t.text for t in words[i:k + 1])
    return None


_NOT_A_STEP = {"быть", "мочь", "смочь", "стать", "иметь", "являться", "оказаться", "получиться"}


def _own_next_step(words) -> str | None:
    """«…сразу гляну и отвечу», «мы свяжемся с вами»: the sender's own next step in the first
    person future, stated without a date (its vagueness is style.vague-deadline's business)."""
    for i, w in enumerate(words):
        p = w.parse
        if p.tag.POS != "VERB" or "1per" not in p.tag or "futr" not in p.tag:
            continue
        if i > 0 and words[i - 1].folded == "не":
            continue
        if w.lemmas & _NOT_A_STEP or any(t.folded == "если" for t in words[:i]):
            continue
        return w.text
    return None


def _ask(words, text: str, has_date: bool):
    lex = lexicon()
    out = []
    if text.rstrip().rstrip("»\")").endswith("?"):
        out.append(Label("ask", "вопрос к читателю"))
    for i, w in enumerate(words):
        if _imperative(words, i):
            out.append(Label("ask", f"повелительное наклонение: «{w.text}»"))
            break
    for i, w in enumerate(words):
        p = w.parse
        if not (w.lemmas & lex.performative):
            continue
        if p.tag.POS == "VERB" and "1per" in p.tag:
            out.append(Label("ask", f"просьба или предложение: «{w.text}»"))
            break
        if p.tag.POS == "INFN" and i > 0 and (words[i - 1].lemmas & {"хотеть", "мочь", "хотеться"}):
            out.append(Label("ask", f"просьба или предложение: «{words[i - 1].text} {w.text}»"))
            break
    m = lex.ask_phrases.first(words)
    if m:
        i, j, _ = m
        out.append(Label("ask", "вежливая просьба: «" + " ".join(t.text for t in words[i:j]) + "»"))
    offer = _offered_action(words)
    if offer:
        out.append(Label("ask", f"действие для читателя: «{offer}»", strong=False))
    if not has_date:
        step = _own_next_step(words)
        if step:
            out.append(Label("ask", f"следующий шаг: «{step}»", strong=False))
    if has_date:
        for i, w in enumerate(words):
            p = w.parse
            if p.tag.POS != "VERB" or "1per" not in p.tag or (i > 0 and words[i - 1].folded == "не"):
                continue
            if "plur" in p.tag and (w.lemmas & lex.meeting):
                out.append(Label("ask", f"предложение со временем: «{w.text}»"))
                break
            if w.lemmas & {"быть", "мочь", "смочь", "стать"}:
                continue
            if "futr" in p.tag or ("pres" in p.tag and "perf" not in p.tag and w.lemmas & {"отвечать", "присылать"}):
                out.append(Label("ask", f"следующий шаг с датой: «{w.text}»"))
                break
    return out


def _purpose(words) -> str | None:
    """The reason stated as a goal: a sentence that opens with «Для» + a noun («Для регистрации
    домена пришлите…») or the writer's own wish «хочу/хотим/хотелось бы» + an infinitive
    («Я хочу забронировать номер…»)."""
    lex = lexicon()
    if len(words) > 2 and words[0].folded == "для":
        for t in words[1:4]:
            p = t.parse
            if p.tag.POS == "NOUN" and "gent" in p.tag:
                return " ".join(x.text for x in words[:words.index(t) + 1])
            if p.tag.POS not in ("ADJF", "PRTF"):
                break
    for i in range(len(words) - 1):
        w = words[i]
        p = w.parse
        wish = ("хотеть" in w.lemmas and p.tag.POS == "VERB" and "1per" in p.tag) or (
            w.folded == "хотелось" and i + 1 < len(words) and words[i + 1].folded == "бы")
        if not wish:
            continue
        for t in words[i + 1:i + 3]:
            if t.parse.tag.POS == "INFN":
                if t.lemmas & (lex.performative | lex.informing):
                    return None          # «хочу предложить», «хотим сообщить»: ask or context
                return f"{w.text} … {t.text}" if t is not words[i + 1] else f"{w.text} {t.text}"
    return None


def _problem(words, is_ask: bool):
    lex = lexicon()
    out = []
    seen = set()
    for i, j, phrase in lex.problem.find(words):
        if i in seen:
            continue
        seen.add(i)
        shown = " ".join(t.text for t in words[i:j])
        if phrase == "но" and i + 1 < len(words) and words[i + 1].folded == "и":
            continue
        out.append(Label("problem", f"проблема: «{shown}»", strong=phrase not in lex.weak_problem))
    for i in range(len(words)):
        if _neg_verb(words, i):
            out.append(Label("problem", f"отрицание: «{words[i].text} {words[i + 1].text}»"))
            break
    m = lex.reason.first(words)
    if m:
        i, j, _ = m
        out.append(Label("problem", "причина: «" + " ".join(t.text for t in words[i:j]) + "»", strong=False))
    if not is_ask:
        for k, w in enumerate(words):
            if w.lemmas & lex.need or w.folded in lex.need:
                nxt = words[k + 1:k + 3]
                if any(t.parse.tag.POS == "INFN" and t.lemmas & lex.need_formula for t in nxt):
                    continue            # «считаю необходимым сообщить»: a formula, not a need
                out.append(Label("problem", f"необходимость: «{w.text}»"))
                break
    purpose = _purpose(words)
    if purpose:
        out.append(Label("problem", f"цель: «{purpose}»", strong=False))
    # keep the strong labels first
    out.sort(key=lambda lb: not lb.strong)
    return out


def _context(sent, words, is_ask: bool, has_date: bool):
    lex = lexicon()
    out = []
    m = lex.context.first(words)
    if m:
        i, j, _ = m
        out.append(Label("context", "отсылка: «" + " ".join(t.text for t in words[i:j]) + "»"))
    for i, w in enumerate(words):
        p = w.parse
        if (w.lemmas & lex.informing) and p.tag.POS == "VERB" and "1per" in p.tag and "pres" in p.tag:
            out.append(Label("context", f"о чём письмо: «{w.text}»"))
            break
        if (w.lemmas & lex.informing) and p.tag.POS == "INFN" and i > 0 and words[i - 1].lemmas & {"хотеть"}:
            out.append(Label("context", f"о чём письмо: «{words[i - 1].text} {w.text}»"))
            break
    purpose = _purpose(words)
    if purpose:
        out.append(Label("context", f"о чём письмо: «{purpose}»"))
    if is_ask:
        return out
    for k, w in enumerate(words[:3]):
        if "ваш" in w.lemmas and k + 1 < len(words):
            head = next((t for t in words[k + 1:k + 3] if t.parse.tag.POS == "NOUN"), None)
            if head is not None:
                out.append(Label("context", f"отсылка к вашему: «{w.text} {head.text}»"))
                break
    has_number = "№" in sent.text or bool(re.search(r"\bN\s?\d", sent.text))
    for w in words:
        if (w.lemmas & lex.references) and w.parse.tag.POS == "NOUN" and (has_date or has_number):
            out.append(Label("context", f"отсылка к документу или событию: «{w.text}»"))
            break
    for i, w in enumerate(words):
        p = w.parse
        if p.tag.POS == "VERB" and "past" in p.tag and not (i > 0 and words[i - 1].folded == "не"):
            out.append(Label("context", f"сообщение о сделанном: «{w.text}»"))
            break
    return out


def classify(sent) -> list[Label]:
    """Labels of one sentence (a text.Sentence)."""
    words = sent.words
    has_date = dates.has_date(sent.text)
    asks = _ask(words, sent.text, has_date)
    # the sender's own next step is news as well: its references still count as context
    real_ask = any(not lb.why.startswith("следующий шаг") for lb in asks)
    labels = asks + _problem(words, real_ask) + _context(sent, words, real_ask, has_date)
    return labels


def _structured(paragraph) -> bool:
    """A paragraph with list items or a heading line is already laid out."""
    lines = paragraph.text.split("\n")
    if sum(1 for ln in lines if _LIST_ITEM.match(ln)) >= 1 and len(lines) >= 2:
        return True
    return bool(lines[0].rstrip().endswith(":") and len(lines) >= 2 and len(lines[0].split()) <= 8)


def body_sentences(doc):
    """(sentence, paragraph, structured) for the new text without greeting and closing lines."""
    draft = doc.draft
    so = draft.signoff
    out = []
    greeting = None
    first = True
    for para in doc.new.paragraphs:
        structured = _structured(para)
        for s in para.sentences:
            if not s.words:
                continue
            if so is not None and s.start < so.end and s.end > so.start:
                continue
            if first:
                first = False
                if _is_greeting(s):
                    greeting = s
                    continue
            out.append((s, para, structured))
    # «Спасибо!» standing alone at the end is a closing, not content
    while out and _is_closing(out[-1][0]) and len(out[-1][1].sentences) == 1:
        out.pop()
    return out, greeting


def analyse(doc) -> Analysis:
    cached = doc.__dict__.get("_mailcheck_parts")
    if cached is not None:
        return cached
    sents, greeting = body_sentences(doc)
    infos = []
    labels_of: dict[str, list[Label]] = {}     # a sentence's labels depend on its text alone
    for s, para, structured in sents:
        check_deadline()            # ~0.1 ms a sentence: a lint past its deadline stops here
        labels = labels_of.get(s.text)
        if labels is None:
            labels = labels_of[s.text] = classify(s)
        info = SentenceInfo(s, list(labels), in_list=structured or bool(_LIST_ITEM.match(s.text)))
        info.conditional = bool(s.words) and s.words[0].folded == "если"
        infos.append(info)
    result = Analysis(infos, greeting, doc.draft.is_reply)
    doc.__dict__["_mailcheck_parts"] = result
    return result


def spans(doc) -> list[dict]:
    """The parts as JSON-ready dicts: one per (sentence, kind), in text order."""
    out = []
    for s in analyse(doc).sentences:
        for kind in KINDS:
            if s.has(kind):
                line, col = doc.line_col(s.start)
                out.append({"part": kind, "offset": s.start, "length": s.end - s.start,
                            "line": line, "column": col, "text": s.text, "why": s.why(kind)})
    return out
