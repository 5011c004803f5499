"""The text layer's pymorphy3 analyzer gives exactly what a stock one gives."""
from __future__ import annotations

import pymorphy3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailcheck.language import morph

LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@pytest.fixture(scope="module")
def stock():
    return pymorphy3.MorphAnalyzer(path=morph._dictionary_path(), lang="ru")


def _plain(x):
    """Tuples kept, strings and numbers kept, an analyser's unit by its class name:
    the two analysers' units are different objects."""
    if isinstance(x, tuple):
        return tuple(_plain(v) for v in x)
    return x if isinstance(x, (str, int, float, type(None))) else type(x).__name__


def _view(parses):
    return [(p.word, str(p.tag), p.normal_form, p.score, _plain(p.methods_stack)) for p in parses]


WORDS = ("стол столы бегу печь стали мыла хорошо ёлка Ёжик сочуствующие заапрувьте "
         "пофиксим кто-то по-русски 123 ООО мск зтсдлюупф ывапролд а я").split()


@pytest.mark.parametrize("word", WORDS)
def test_the_same_parses_as_a_stock_analyser(stock, word):
    assert _view(morph.analyzer().parse(word)) == _view(stock.parse(word))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LETTERS + "-", min_size=1, max_size=14))
def test_the_same_parses_for_any_letters(stock, word):
    # most such strings are words the dictionary lacks, whose parses are guessed
    assert _view(morph.analyzer().parse(word)) == _view(stock.parse(word))


def test_a_known_word_is_still_ranked_by_its_probabilities(stock):
    # «стали»: a noun's form and a verb's; the table orders them
    ours = morph.analyzer().parse("стали")
    assert len({p.score for p in ours}) > 1
    assert _view(ours) == _view(stock.parse("стали"))
