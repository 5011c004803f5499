"""Errors that end a command with exit code 2 and one line on stderr; the lint deadline."""
from __future__ import annotations

import contextlib
import contextvars
import time


class MailcheckError(Exception):
    """Bad input, config or option: the message names the file and the problem."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class InputError(MailcheckError):
    pass


class ConfigError(MailcheckError):
    pass


class TooLong(InputError):
    """Input over a size limit: checking it was refused, not impossible (sendmail holds it)."""


class LintTimeout(MailcheckError):
    """A lint passed its deadline and stopped: the server answers 503, sendmail holds
    the letter. Raised by `check_deadline`."""


# --- a cooperative deadline ------------------------------------------------------------
# A lint run under `deadline_scope(when)` (a time.monotonic() value) stops with
# LintTimeout at the next `check_deadline()` once `when` has passed: the engine checks
# between rules and findings, the text layer per sentence (every loop over a layer's
# sentences, tokens or words), the three-part analysis per sentence, the speller per
# word. A worker thread whose caller has given up (a 503, a held letter) thus ends
# within a fraction of a second instead of running to the end. With no scope (the
# CLI, the library by default) nothing is checked.

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("mailcheck_deadline", default=None)


def current_deadline() -> float | None:
    """The deadline in force in this thread (a time.monotonic() value), or None."""
    return _DEADLINE.get()


@contextlib.contextmanager
def deadline_scope(when: float | None):
    """Run the body under a deadline (time.monotonic()); None keeps the one in force.
    Nested scopes keep the earlier of the two."""
    if when is None:
        yield
        return
    outer = _DEADLINE.get()
    token = _DEADLINE.set(when if outer is None else min(when, outer))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline(source: str = "-") -> None:
    """Raise LintTimeout when the deadline in force has passed; cheap when there is none."""
    when = _DEADLINE.get()
    if when is not None and time.monotonic() > when:
        raise LintTimeout(source, "проверка прервана: истекло отведённое на неё время")
