"""mailcheck: a linter for Russian business e-mail drafts.

    import mailcheck
    report = mailcheck.lint(text_or_bytes_or_email_message, config=None)
    report.diagnostics, report.score, report.to_dict()
    mailcheck.fix(text, config=None) -> str
"""
from __future__ import annotations

from mailcheck.version import __version__  # noqa: E402

# The public names are loaded on first use (PEP 562): `import mailcheck` stays
# cheap, and the command line can set itself up (frontends/recache.py) before
# the engine and its patterns are imported.
_LAZY = {
    "lint": ("mailcheck.rules.engine", "lint"),
    "Config": ("mailcheck.config", "Config"),
    "Diagnostic": ("mailcheck.rules.diagnostic", "Diagnostic"),
    "Report": ("mailcheck.rules.diagnostic", "Report"),
}


def __getattr__(name: str):
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'mailcheck' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def fix(text, config=None):
    """Apply the safe fixes to a draft and return the fixed draft (str in, str out)."""
    from mailcheck.frontends.fix import fix as _fix

    return _fix(text, config)


__all__ = ["lint", "fix", "Report", "Diagnostic", "Config", "__version__"]
