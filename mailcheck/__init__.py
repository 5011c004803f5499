"""mailcheck: a linter for Russian business e-mail drafts.

    import mailcheck
    report = mailcheck.lint(text_or_bytes_or_email_message, config=None)
    report.diagnostics, report.score, report.to_dict()
    mailcheck.fix(text, config=None) -> str
"""
from __future__ import annotations

from mailcheck.version import __version__  # noqa: E402

from mailcheck.config import Config  # noqa: E402
from mailcheck.rules.engine import lint  # noqa: E402
from mailcheck.rules.diagnostic import Diagnostic, Report  # noqa: E402


def fix(text, config=None):
    """Apply the safe fixes to a draft and return the fixed draft (str in, str out)."""
    from mailcheck.frontends.fix import fix as _fix

    return _fix(text, config)


__all__ = ["lint", "fix", "Report", "Diagnostic", "Config", "__version__"]
