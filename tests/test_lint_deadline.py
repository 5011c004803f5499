"""The cooperative lint deadline (issue 10): a lint past its deadline stops with
errors.LintTimeout within a fraction of a second — between rules, and in the long
loops of the text layer, the three-part analysis and the speller — so that a server
thread or a sendmail check whose caller has given up does not run to the end."""
from __future__ import annotations

import threading
import time

import pytest

import mailcheck
from mailcheck.config import Config
from mailcheck.draft.reader import load
from mailcheck.errors import LintTimeout, MailcheckError, check_deadline, current_deadline, deadline_scope
from mailcheck.language.text import Doc
from mailcheck.rules.engine import check_doc

HEAD = "Здравствуйте, Анна!\n\n"
TAIL = "\n\nС уважением,\nИван Петров\nменеджер проекта\n"
SHORT = HEAD + "Макет готов, посмотрите его, пожалуйста, до пятницы." + TAIL


def long_draft(n: int = 6000, one_sentence: bool = False) -> str:
    """A draft whose lint takes seconds: many sentences, or one sentence of n phrases."""
    if one_sentence:
        return HEAD + " ".join(f"отправили отчёт номер {i}" for i in range(n)) + "." + TAIL
    return HEAD + " ".join(f"Отправили отчёт {i}." for i in range(n)) + TAIL


def test_check_doc_with_a_past_deadline_raises():
    doc = Doc(load(SHORT, "a.txt"), Config())
    with pytest.raises(LintTimeout) as e:
        check_doc(doc, deadline=time.monotonic() - 1)
    assert isinstance(e.value, MailcheckError) and e.value.source == "a.txt"
    assert "время" in e.value.problem


def test_a_deadline_in_the_future_changes_nothing():
    plain = mailcheck.lint(SHORT).to_dict()
    assert mailcheck.lint(SHORT, deadline=time.monotonic() + 60).to_dict() == plain


def test_the_deadline_is_undone_after_the_lint():
    with pytest.raises(LintTimeout):
        mailcheck.lint(SHORT, deadline=time.monotonic() - 1)
    assert current_deadline() is None
    mailcheck.lint(SHORT)          # no deadline left over in this thread


def test_nested_scopes_keep_the_earlier_deadline():
    now = time.monotonic()
    with deadline_scope(now + 100):
        with deadline_scope(now + 200):
            assert current_deadline() == now + 100
        with deadline_scope(None):
            assert current_deadline() == now + 100
        with deadline_scope(now - 1):
            with pytest.raises(LintTimeout):
                check_deadline("x")
    assert current_deadline() is None


@pytest.mark.parametrize("one_sentence", [False, True], ids=["many-sentences", "one-sentence"])
def test_a_long_lint_stops_soon_after_its_deadline(one_sentence):
    text = long_draft(6000, one_sentence)
    mailcheck.lint(SHORT)                       # dictionaries loaded: only the lint is timed
    start = time.monotonic()
    deadline = start + 0.3
    with pytest.raises(LintTimeout):
        mailcheck.lint(text, deadline=deadline)
    # the whole lint takes several seconds; stopped, it ends within a fraction of one
    # (generous for a shared 2-core machine)
    assert time.monotonic() - deadline < 1.5


def test_an_abandoned_lint_thread_ends():
    """As the server and sendmail use it: the caller stops waiting at the deadline, and the
    thread ends on its own soon after instead of running the whole lint."""
    text = long_draft(8000)
    mailcheck.lint(SHORT)
    box = {}

    def work():
        try:
            with deadline_scope(time.monotonic() + 0.3):
                box["report"] = mailcheck.lint(text)
        except LintTimeout as e:
            box["stopped"] = e

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(0.3)                                  # the caller gives up here (the 503)
    t.join(2.0)
    assert not t.is_alive() and "stopped" in box
