"""spelling: misspelled Russian words, with ranked suggestions (offline).

Source: guidelines 003 item 9 and 001 AXIOMA item 4. The engine is
mailcheck/language/speller/ (pymorphy3 dictionary + frequency-ranked candidates);
its data is in rules/spelling/. Only the sender's new text is checked: not
quoted messages, not text in quotation marks, not the signature block.
"""
from __future__ import annotations

import dataclasses
import functools
import re

from mailcheck.errors import check_deadline
from mailcheck.language import speller
from mailcheck.rules.rule import Rule

# text in quotation marks is someone else's words (or a title): not checked
# (at most 1,000 characters inside: unbounded, a line of «««… without » was rescanned from each «)
_QUOTED = re.compile(r"«[^»\n]{0,1000}»|„[^“\n]{0,1000}“|\"[^\"\n]{0,1000}\"|“[^”\n]{0,1000}”")
# file names and paths next to a word: «отчет.docx», «папка/файл»
_FILEISH = re.compile(r"[./\\_@]\w")
# a letter written twice or more in a row (only such words can be stretched)
_REPEAT = re.compile(r"(\w)\1")
# The candidate search costs up to a millisecond per unknown word, so it has a budget
# (later words are still reported, without suggestions; a real letter has a few):
# the first SEARCH_ALWAYS distinct words the dictionary lacks are searched; after
# them, a word is searched while at least FRUITFUL_SHARE of the searches so far found
# a candidate, up to SEARCH_BUDGET words or one per SEARCH_CHARS_PER_WORD characters
# of the draft, whichever is more. So a long document full of real typos keeps its
# fixes (spell-score lints 2,000 sentences as one draft; one in six of its unknown
# words finds nothing), and a draft of random letters, another language or binary
# pasted as text (five in six find nothing) stops paying for searches early.
SEARCH_ALWAYS = 50
SEARCH_BUDGET = 150
SEARCH_CHARS_PER_WORD = 100
FRUITFUL_SHARE = 0.5
# a longer letter run is no word (speller.MAX_WORD): shown cut in the message
_SHOWN_MAX = 40


class Spelling(Rule):
    id = "spelling"
    severity = "error"
    # each finding is a distinct word and the candidate search has its own budget, so a long
    # document full of real typos (spell-score lints 2,000 sentences as one draft) keeps them
    max_findings = 5000
    summary = "Орфографическая ошибка или опечатка; предлагает исправление."
    guideline = ("«Рекомендации по эффективному взаимодействию с заказчиком» (п. 9) требуют "
                 "проверять орфографию перед отправкой, а правила AXIOMA в статье «12 вещей, о "
                 "которых нужно помнить в работе с клиентами» — писать клиенту грамотно.")
    what = ("Находит слова, которых нет в словаре (pymorphy3 и словарь деловой лексики "
            "mailcheck), и слова, неверные в своём сочетании («в течении недели», «из за»), "
            "и предлагает исправления по частоте слов: «извените» → «извините», "
            "«вообщем» → «в общем». Уровень следует уверенности: ошибка — почти наверняка "
            "опечатка с исправлением, предупреждение — вероятная опечатка, совет — незнакомое "
            "слово или растянутое слово («ооочень»). Имена, аббревиатуры, латиница, адреса, "
            "цитаты и подпись не проверяются.")
    why = "Опечатки в письме клиенту выглядят небрежно и отвлекают от сути."
    fixable = True

    def check(self, doc):
        cfg = doc.config
        # words the user allowed as jargon are the user's words too (issue 11)
        vocab = tuple(getattr(cfg, "vocabulary", ()) or ()) + tuple(getattr(cfg, "jargon_allow", ()) or ())
        sp = _speller_for(vocab)
        text = doc.text
        sig = doc.draft.signature
        searched: set[str] = set()
        fruitless = 0
        budget = max(SEARCH_BUDGET, len(text) // SEARCH_CHARS_PER_WORD)
        for sent in doc.new.sentences:
            quoted = [(sent.start + m.start(), sent.start + m.end()) for m in _QUOTED.finditer(sent.text)]
            ctx = _context_findings(sent)
            taken = []
            for f in ctx:
                if _skip_span(f.start, quoted, sig, doc):
                    continue
                taken.append((f.start, f.end))
                yield self.diag(doc, f.start, f.end, f"{f.message}", [f.suggestion])
            first = True
            for t in sent.tokens:
                if not t.is_word and not any(ch.isalnum() for ch in t.text):
                    continue
                initial, first = first, False
                if (taken and any(a <= t.start < b for a, b in taken)) or _skip_span(t.start, quoted, sig, doc):
                    continue
                if t.has_digit or not t.is_cyrillic:
                    continue
                if _FILEISH.match(text, t.end) or (t.start and text[t.start - 1] in "./\\_@"):
                    continue
                if (t.start and text[t.start - 1].isalpha()) or (t.end < len(text) and text[t.end].isalpha()):
                    continue  # a piece of a word mixing scripts («беpежем» with a Latin p): style.mixed-script
                check_deadline()    # a candidate search costs up to milliseconds a word
                low = t.text.lower()
                n = len(searched)
                search = low in searched or n < SEARCH_ALWAYS or (
                    n < budget and fruitless <= n * (1 - FRUITFUL_SHARE))
                new_search = search and low not in searched and sp.status(low) != "known"
                if new_search:
                    searched.add(low)
                v = speller.judge(t.text, initial, sp, search=search)
                if new_search and v is not None and not v.suggestions:
                    fruitless += 1
                if v is None:
                    plain = _stretched(t.text, sp)
                    if plain:
                        yield self.diag(doc, t.start, t.end,
                                        f"Растянутое слово «{t.text}»: в письме лучше «{plain}».",
                                        [plain], severity="suggestion")
                    continue
                if v.confident and v.suggestions:
                    first_s = v.suggestions[0]
                    yield self.diag(doc, t.start, t.end,
                                    f"Опечатка: «{t.text}». Исправьте на «{first_s}».",
                                    list(v.suggestions[:5]))
                elif v.suggestions and v.probable:
                    yield self.diag(doc, t.start, t.end,
                                    f"Похоже на опечатку: «{t.text}». Возможно, «{v.suggestions[0]}».",
                                    list(v.suggestions[:3]), severity="warning")
                elif v.suggestions:
                    alts = " или ".join(f"«{s}»" for s in v.suggestions[:2])
                    yield self.diag(doc, t.start, t.end,
                                    f"Проверьте написание «{t.text}»: возможно, {alts}.",
                                    severity="suggestion")
                elif len(t.text) > _SHOWN_MAX:
                    yield self.diag(doc, t.start, t.end,
                                    f"Слишком длинное слово «{t.text[:30]}…»: проверьте, не пропущены ли пробелы.",
                                    severity="suggestion")
                elif len(t.text) >= 4:
                    yield self.diag(doc, t.start, t.end,
                                    f"Незнакомое слово «{t.text}»: проверьте написание "
                                    "или добавьте его в vocabulary конфигурации.",
                                    severity="suggestion")


@functools.lru_cache(maxsize=4096)
def _relative_findings(tokens: tuple) -> tuple:
    return tuple(speller.context_findings(list(tokens)))


def _context_findings(sent) -> list:
    """The speller's phrase findings of one sentence. They depend on its tokens
    alone, so each distinct sentence is examined once (offsets kept relative to
    the sentence, then moved to where this one stands)."""
    base = sent.start
    rel = tuple((t.start - base, t.end - base, t.text) for t in sent.tokens)
    return [dataclasses.replace(f, start=f.start + base, end=f.end + base) for f in _relative_findings(rel)]


def _stretched(text: str, sp) -> str | None:
    """«ооочень» → «очень»: letters stretched for emphasis are not a misspelling,
    but a business letter writes the word plainly."""
    if len(text) < 3 or not _REPEAT.search(text) or not speller.detect._is_cyrillic_word(text):
        return None
    if text[:1].isupper() and text[1:].isupper():
        return None
    if sp.status(text) == "known":
        return None
    return speller.destretch(text)


def _skip_span(offset, quoted, sig, doc) -> bool:
    if quoted and any(a <= offset < b for a, b in quoted):
        return True
    if sig is not None and sig.start <= offset < sig.end:
        return True
    return doc.in_quote(offset)


_cache: dict[tuple, speller.Speller] = {}


def _speller_for(vocab: tuple) -> speller.Speller:
    key = tuple(sorted(vocab))
    if not key:
        return speller.default()
    sp = _cache.get(key)
    if sp is None:
        if len(_cache) > 16:
            _cache.clear()
        sp = _cache[key] = speller.Speller(key)
    return sp


# grammar.* come from the optional LanguageTool backend, run after the rules
from mailcheck.rules import languagetool as _languagetool  # noqa: E402

_languagetool.register()
