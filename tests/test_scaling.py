"""Lint work grows linearly with the input (issue 10, "Time and memory").

No absolute timings: each test counts the work done (calls of the expensive
step) or compares two sizes measured in the same test with a generous ratio.
`bench/bench_scaling.py` prints the figures.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

import mailcheck
from mailcheck.language.speller import candidates as cand_mod
from mailcheck.language.speller.words import frequencies

CYR = "абвгдежзийклмнопрстуфхцчшщыьэюя"
HEAD = "Здравствуйте, Анна!\n\n"
TAIL = "\n\nС уважением,\nИван Петров\n"


def _letters(n: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(CYR) for _ in range(n))


def test_long_letter_run_gets_no_candidate_search(monkeypatch):
    """A 2,000-letter «word» took 78 s (candidate search ~cubic in its length):
    a letter run longer than any word is not searched for corrections."""
    def no_search(*a, **k):
        raise AssertionError("candidate search on a 2,000-letter run")

    monkeypatch.setattr(cand_mod, "_score_edits1", no_search)
    monkeypatch.setattr(cand_mod, "_cheap_edits", no_search)
    cand_mod._candidates_cached.cache_clear()
    r = mailcheck.lint(HEAD + _letters(2000) + "." + TAIL, select=("spelling",))
    assert [d.suggestions for d in r.diagnostics if d.rule == "spelling"] == [[]]


_REAL = ("проект", "договор", "согласование", "оплата", "пожалуйста", "ответственный",
         "изменение", "сотрудник", "возможность", "подтверждение")


@st.composite
def _damaged_words(draw):
    """A real word with a few random slips (its prefix stays a word's prefix for a
    while), or random letters (no word begins with most of their prefixes)."""
    if draw(st.booleans()):
        return draw(st.text(alphabet=CYR, min_size=2, max_size=12))
    w = list(draw(st.sampled_from(_REAL)))
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(w) - 1))
        op = draw(st.sampled_from(("sub", "del", "ins")))
        if op == "del" and len(w) > 2:
            del w[i]
        elif op == "ins":
            w.insert(i, draw(st.sampled_from(CYR)))
        else:
            w[i] = draw(st.sampled_from(CYR))
    return "".join(w)


@settings(max_examples=200, deadline=None)
@given(_damaged_words(), st.none() | st.sets(st.integers(0, 12), max_size=4))
def test_second_edits_pruned_by_prefix_find_the_same_words(w, sub_at):
    """The candidate search skips second edits after the longest prefix of a first
    edit that begins some word: the words they reach, and their order, are the same."""
    freq = frequencies()

    def words(edits):
        return [(c, k) for c, k in edits if (v := freq.get(c)) is not None and v & 1]

    live = cand_mod._live(w, freq.has_keys_with_prefix)
    assert freq.has_keys_with_prefix(w[:live]) and (live == len(w) or not freq.has_keys_with_prefix(w[:live + 1]))
    pruned = cand_mod._cheap_edits(w, sub_at, live)
    full = cand_mod._cheap_edits(w, sub_at)
    assert words(pruned) == words(full)
    assert len(pruned) <= len(full)


def test_overlong_run_message_is_short():
    r = mailcheck.lint(HEAD + _letters(2000) + "." + TAIL, select=("spelling",))
    (d,) = r.diagnostics
    assert len(d.message) < 200 and "пробел" in d.message and d.length == 2000


@pytest.fixture
def searched(monkeypatch) -> list[str]:
    """The words the spelling candidate search runs on, in order (not cached)."""
    calls: list[str] = []
    orig = cand_mod._candidates_cached.__wrapped__

    def counting(w):
        calls.append(w)
        return orig(w)

    monkeypatch.setattr(cand_mod, "_candidates_cached", counting)
    return calls


def test_unknown_word_search_budget(searched):
    """Thousands of distinct unknown words: only the first SEARCH_BUDGET get a candidate search."""
    from mailcheck.rules.checks import spelling as rule_mod

    words = " ".join(_letters(9, seed=i) for i in range(400))
    mailcheck.lint(HEAD + words + "." + TAIL, select=("spelling",))
    assert 0 < len(set(searched)) <= rule_mod.SEARCH_BUDGET


def test_search_budget_grows_with_a_long_document(searched):
    """A long document of real text gets one search per SEARCH_CHARS_PER_WORD characters, not
    only the first SEARCH_BUDGET (spell-score lints 2,000 sentences as one draft)."""
    from mailcheck.rules.checks import spelling as rule_mod

    filler = " Мы отправили макет клиенту вчера вечером, и он его уже посмотрел."
    words = "".join(f" {w}.{filler}" for w in _typos(400))
    mailcheck.lint(HEAD + words + TAIL, select=("spelling",))
    assert len(set(searched)) > rule_mod.SEARCH_BUDGET


def _typos(n: int) -> list[str]:
    """n distinct real typos: frequent words of 7-10 letters with two letters swapped."""
    freq = frequencies()
    words = sorted(k for pre in ("про", "при", "пере", "под", "раз", "вы", "за", "от")
                   for k in freq.keys(pre) if 7 <= len(k) <= 10 and freq.get(k) & 1 and freq.get(k) >> 1 >= 300)
    return [w[:3] + w[4] + w[3] + w[5:] for w in words[:n]]


def test_a_long_document_of_random_letters_stops_searching(searched):
    """Past SEARCH_ALWAYS, searches continue only while at least half find a candidate:
    a long draft of random letters (another language, binary pasted as text) leads
    nowhere, so it stops there, not at one search per 100 characters."""
    from mailcheck.rules.checks import spelling as rule_mod

    filler = " Мы отправили макет клиенту вчера вечером, и он его уже посмотрел."
    words = "".join(f" {_letters(9, seed=i)}.{filler}" for i in range(400))
    r = mailcheck.lint(HEAD + words + TAIL, select=("spelling",))
    assert rule_mod.SEARCH_ALWAYS <= len(set(searched)) < rule_mod.SEARCH_ALWAYS * 1.3
    assert len(r.diagnostics) >= 400        # each is still reported, without suggestions


def test_paragraphs_are_grouped_without_hashing_them(monkeypatch):
    """structure.wall-of-text hashed the whole paragraph (its text and every token)
    once per sentence: quadratic in a paragraph of thousands of sentences."""
    from mailcheck.language import text as text_mod

    def no_hash(self):
        raise AssertionError("a Paragraph was hashed")

    monkeypatch.setattr(text_mod.Paragraph, "__hash__", no_hash)
    body = " ".join(f"Отправили макет {i}." for i in range(200))
    r = mailcheck.lint(HEAD + body + TAIL, select=("structure",))
    assert any(d.rule == "structure.wall-of-text" for d in r.diagnostics)


def test_line_col_matches_counting():
    from mailcheck.draft.reader import load
    from mailcheck.language.text import Doc

    text = "Здравствуйте!\n\nСтрока\r\nещё\n\n\nконец\n"
    doc = Doc(load(text, "x"))
    for off in range(len(doc.text) + 2):
        line = doc.text.count("\n", 0, off) + 1
        col = off - (doc.text.rfind("\n", 0, off) + 1) + 1
        assert doc.line_col(off) == (line, col)


def test_in_quote_matches_spans():
    from mailcheck.draft.reader import load
    from mailcheck.language.text import Doc

    text = HEAD + "".join(f"Ответ {i}.\n\n> вопрос {i}\n> ещё\n\n" for i in range(30)) + TAIL
    doc = Doc(load(text, "x"))
    assert len(doc.draft.quotes) >= 2
    for off in range(len(doc.text)):
        assert doc.in_quote(off) == any(off in q.span for q in doc.draft.quotes)


def test_guillemets_index_matches_the_walk():
    from mailcheck.rules.checks.style_base import in_guillemets, in_title

    def walk(s, rel):
        depth, opened = 0, -1
        for i, ch in enumerate(s[:rel]):
            if ch in "«„":
                depth += 1
                opened = i if depth == 1 else opened
            elif ch == "»" or (ch == "“" and depth):
                depth = max(0, depth - 1)
        title = depth > 0 and s[opened + 1:].lstrip(" \"'“„")[:1].isupper()
        return depth > 0, title

    rng = random.Random(3)
    for _ in range(3000):
        s = "".join(rng.choice("«»„“ \"'аБ") for _ in range(rng.randint(0, 10)))
        for rel in range(len(s) + 2):
            assert (in_guillemets(s, rel), in_title(s, rel)) == walk(s, rel), (s, rel)


def test_findings_per_rule_are_capped():
    from mailcheck.rules.engine import MAX_PER_RULE

    r = mailcheck.lint(HEAD + "\n".join("Срочно!!!" for _ in range(MAX_PER_RULE + 50)) + TAIL,
                       select=("style.exclamations",))
    assert len(r.diagnostics) == MAX_PER_RULE
    assert any("первые" in n for n in r.notes)


def test_a_draft_of_random_letters_is_refused():
    from mailcheck.errors import InputError
    from mailcheck.rules.engine import MAX_UNKNOWN_WORDS

    words = " ".join(_letters(8, seed=i) for i in range(MAX_UNKNOWN_WORDS + 100))
    with pytest.raises(InputError, match="не похоже на письмо"):
        mailcheck.lint(HEAD + words + "." + TAIL)


def _cpu(text: str) -> float:
    import time

    t = time.process_time()
    mailcheck.lint(text)
    return time.process_time() - t


SHAPES = {
    "short-lines": lambda n: "\n".join("Срочно!!!" for _ in range(n)),
    "bangs": lambda n: "Срочно!!! " * n,
    "greeting-lines": lambda n: "\n".join("Уважаемый" for _ in range(n)),
    "sentences": lambda n: " ".join(f"Отправили макет {i}." for i in range(n)),
    "caps": lambda n: " ".join("СРОЧНО ОТВЕТЬТЕ" for _ in range(n)) + ".",
    "guillemets": lambda n: "Текст «" * n + ".",
    "quotes": lambda n: "".join(f"Ответ {i}.\n\n> вопрос {i}\n\n" for i in range(n // 4)),
    "blank-tail": lambda n: "Прислали макет." + "\n" * (20 * n),
    "hyphen-chain": lambda n: "-".join("проект" for _ in range(4 * n)) + ".",
    "latin-words": lambda n: " ".join("deploy fix release" for _ in range(n)) + ".",
    "outlook-header": lambda n: "Прислали макет.\n\nОт: " + "а" * (20 * n) + "\nОтправлено: 12.10.2026\nКому: a@b.ru\nТема: т\n\nТекст.",
    "dates-in-one-sentence": lambda n: "Созвоны " + ", ".join(f"{i % 28 + 1}.10" for i in range(n)) + ".",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_grows_linearly(shape):
    """4x the input takes well under 16x the time (quadratic); CPU time of the
    two sizes in the same test, with a generous bound."""
    make = SHAPES[shape]
    mailcheck.lint(HEAD + make(50) + TAIL)            # warm the caches
    small = min(_cpu(HEAD + make(600) + TAIL) for _ in range(3))
    big = min(_cpu(HEAD + make(2400) + TAIL) for _ in range(2))
    assert big < 8 * max(small, 0.05), (shape, small, big)


def test_html_to_text_is_linear():
    """html_to_text joined all the text so far at every tag and text node (quadratic)."""
    import time

    from mailcheck.draft.html import html_to_text

    def cpu(n):
        body = "".join(f"<p>Отправили <b>макет</b> {i}.</p>" for i in range(n))
        t = time.process_time()
        assert html_to_text(body).count("Отправили") == n
        return time.process_time() - t

    cpu(100)
    small = min(cpu(1500) for _ in range(2))
    big = min(cpu(6000) for _ in range(2))      # as the small size: one slow moment of the VM is not growth
    assert big < 8 * max(small, 0.02), (small, big)


def test_a_run_of_one_symbol_is_one_token():
    """razdel splits «>>>>» and «====» into a token per character: a 1 MB line of «>»
    (a quote nested a million times) was a million tokens, 18 s and 440 MB."""
    from mailcheck.draft.reader import load
    from mailcheck.language.text import Doc

    doc = Doc(load(HEAD + "Ответ ниже.\n\n" + ">" * 100_000 + " текст\n> ещё\n" + TAIL, "x.txt"))
    tokens = [t for layer in (doc.new, doc.quoted) for s in layer.sentences for t in s.tokens]
    assert len(tokens) < 100
    small = Doc(load("Срочно!!! Итог ==== a", "y.txt"))
    assert [t.text for s in small.new.sentences for t in s.tokens] == ["Срочно", "!!!", "Итог", "====", "a"]
