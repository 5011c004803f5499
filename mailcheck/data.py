"""Rule data from the top-level `rules/` folder, shipped as `mailcheck.ruledata`.

Every file is read once per process and shared (lint is called from many
threads; these caches only ever hold immutable-by-convention values).
"""
from __future__ import annotations

import functools
import gzip
import re
import tomllib
from importlib import resources
from pathlib import Path

PACKAGE = "mailcheck.ruledata"
CHECKOUT_RULES = Path(__file__).resolve().parent.parent / "rules"


@functools.cache
def root():
    """Where the rule data lives: the installed `mailcheck.ruledata` (a wheel, or
    an editable install), else `rules/` beside the package. The second case is
    `python -m mailcheck` or `import mailcheck` run inside a checkout after a
    regular install: the checkout's `mailcheck/` shadows the installed one, and
    `mailcheck.ruledata` is mapped in only at install time."""
    try:
        return resources.files(PACKAGE)
    except ModuleNotFoundError:
        if (CHECKOUT_RULES / "signoff.toml").is_file():
            return CHECKOUT_RULES
        raise


def resource(name: str):
    """A Traversable for `rules/<name>` (works from a wheel or a checkout)."""
    node = root()
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def read_text(name: str) -> str:
    node = resource(name)
    if name.endswith(".gz"):
        return gzip.decompress(node.read_bytes()).decode("utf-8")
    return node.read_text(encoding="utf-8")


@functools.cache
def load_toml(name: str) -> dict:
    return tomllib.loads(read_text(name))


@functools.cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a word list; `#` starts a comment."""
    return _lines(read_text(name))


def _lines(text: str) -> tuple[str, ...]:
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


_SPACE_NOT_NEWLINE = re.compile(r"[^\S\n]")


@functools.cache
def load_set(name: str) -> frozenset[str]:
    text = read_text(name)
    # a long list of one word a line (after its # header): split in C, the same set as
    # stripping every line in Python, ~5x faster (the English list loads at every start)
    body_at = 0
    while text.startswith("#", body_at):
        nl = text.find("\n", body_at)
        body_at = len(text) if nl < 0 else nl + 1
    body = text[body_at:]
    if len(body) > 10_000 and "#" not in body and not _SPACE_NOT_NEWLINE.search(body):
        head = (w.lower() for w in _lines(text[:body_at]))
        return frozenset(body.lower().split()).union(head)
    return frozenset(w.lower() for w in load_lines(name))


def exists(name: str) -> bool:
    try:
        return resource(name).is_file()
    except (FileNotFoundError, ModuleNotFoundError):
        return False
