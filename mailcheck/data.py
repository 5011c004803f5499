"""Rule data from the top-level `rules/` folder, shipped as `mailcheck.ruledata`.

Every file is read once per process and shared (lint is called from many
threads; these caches only ever hold immutable-by-convention values).
"""
from __future__ import annotations

import functools
import re
import zlib
from pathlib import Path

# json, tomllib, gzip and importlib.resources are imported where they are needed:
# a start-up that finds everything in place imports none of the slower ones

PACKAGE = "mailcheck.ruledata"
INSTALLED_RULES = Path(__file__).resolve().parent / "ruledata"
CHECKOUT_RULES = Path(__file__).resolve().parent.parent / "rules"


@functools.cache
def root():
    """Where the rule data lives: the installed `mailcheck.ruledata` folder (a regular
    install), else `rules/` beside the package (a checkout: an editable install, or
    `python -m mailcheck` / PYTHONPATH inside a checkout, whose `mailcheck/` may
    shadow an installed one), else wherever `mailcheck.ruledata` is mapped. A
    checkout reads its own rules even when another checkout is the editable install."""
    if (INSTALLED_RULES / "__init__.py").is_file():       # a regular install: a plain folder
        return INSTALLED_RULES
    if (CHECKOUT_RULES / "signoff.toml").is_file():
        return CHECKOUT_RULES
    from importlib import resources

    return resources.files(PACKAGE)


def resource(name: str):
    """A Traversable for `rules/<name>` (works from a wheel or a checkout)."""
    node = root()
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def file_path(name: str) -> str | None:
    """The file system path of `rules/<name>` when it is a plain file (a regular
    install or a checkout), else None (data mapped from elsewhere, e.g. a zip):
    for readers that load a file faster than the bytes of it."""
    node = resource(name)
    return str(node) if isinstance(node, Path) and node.is_file() else None


def read_bytes(name: str) -> bytes:
    """The bytes of `rules/<name>`, decompressed when the name ends in .gz."""
    raw = resource(name).read_bytes()
    if name.endswith(".gz"):
        import gzip

        return gzip.decompress(raw)
    return raw


def read_text(name: str) -> str:
    if name.endswith(".gz"):
        return read_bytes(name).decode("utf-8")
    return resource(name).read_text(encoding="utf-8")


def load_dawg(name: str, kind: str = "DAWG"):
    """`rules/<name>` as a DAWG of the `dawg` module's class `kind` (DAWG2, the C
    extension pymorphy3[fast] installs; else the pure-Python DAWG2-Python reader).
    A plain file is loaded from its path by the library itself: ~3 ms for the 6.8 MB
    frequency list, where reading its bytes and building from them took 8–20 ms.
    Not cached here: each caller keeps its own."""
    try:
        import dawg
    except ImportError:  # pragma: no cover - slower pure-Python reader
        import dawg_python as dawg
    d = getattr(dawg, kind)()
    path = file_path(name)
    if path is not None:
        return d.load(path)
    raw = read_bytes(name)
    if hasattr(d, "frombytes"):
        return d.frombytes(raw)
    import os
    import tempfile  # pragma: no cover - DAWG2-Python reads files only
    with tempfile.NamedTemporaryFile(delete=False) as fh:
        fh.write(raw)
    try:
        return d.load(fh.name)
    finally:
        os.unlink(fh.name)


# The rule data's TOML files parsed once at build time (setup.py writes it into
# the wheel): `tomllib` costs ~13 ms at every start, json ~1 ms. Each entry is
# [blake2b of the TOML text, its data]; an entry is used only while the TOML
# still has that digest, so the TOML stays the source of truth and a stale or
# missing cache (an editable install, a checkout) only means parsing it.
TOML_CACHE = "_toml_cache.json"


def _digest(text: str) -> str:
    """Length and CRC-32 of the TOML text: enough to notice an edited file, and
    zlib is already loaded (hashlib's OpenSSL costs ~4 ms at start)."""
    raw = text.encode("utf-8")
    return f"{len(raw):x}-{zlib.crc32(raw):08x}"


@functools.cache
def _toml_cache() -> dict:
    import json

    try:
        return json.loads(resource(TOML_CACHE).read_bytes())
    except (OSError, ValueError, ModuleNotFoundError):
        return {}


def build_toml_cache(rules_dir) -> dict:
    """{name: [digest, data]} for every TOML file under rules_dir whose data
    JSON keeps exactly (no dates or times). Used by setup.py; stdlib only."""
    import json
    import tomllib

    out = {}
    base = Path(rules_dir)
    for path in sorted(base.rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        parsed = tomllib.loads(text)
        try:
            if json.loads(json.dumps(parsed, ensure_ascii=False)) != parsed:
                continue
        except (TypeError, ValueError):
            continue
        out[path.relative_to(base).as_posix()] = [_digest(text), parsed]
    return out


@functools.cache
def load_toml(name: str) -> dict:
    text = read_text(name)
    entry = _toml_cache().get(name)
    if entry is not None and entry[0] == _digest(text):
        return entry[1]
    import tomllib

    return tomllib.loads(text)


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
