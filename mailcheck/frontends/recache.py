"""Compiled regular expressions kept between runs of the command line.

A `mailcheck check` of one page compiles about 300 regular expressions (the
rules', razdel's, click's), which is a third of its start-up: CPython parses
and compiles every pattern again in each new process, and keeps no
`__pycache__` for them. This module is that cache. The first run records the
compiled form of each pattern (the `_sre` code the standard compiler makes);
later runs build the same pattern objects straight from it.

- Only the command line uses it (`cli.main` calls `install()` first and
  `save()` at the end); importing `mailcheck` as a library changes nothing.
- The file is `$XDG_CACHE_HOME/mailcheck/re-<python>-<sre magic>.marshal`
  (`~/.cache/…`), mode 0600 in a 0700 folder, replaced atomically. One per
  interpreter version and regex engine, so another Python never reads it.
- An entry is stored only after the pattern built from it compared equal
  (`==` compares pattern, flags and code) to the one `re` compiled itself.
- Any failure (no `_sre`, a read-only home, a damaged file) only means
  compiling as usual. `MAILCHECK_NO_CACHE=1` turns the cache off.
- The patterns are the program's own (rule data, libraries); a draft's text
  is never compiled into a pattern, so no letter text reaches the file.
"""
from __future__ import annotations

import marshal
import os
import re
import sys
import time

FORMAT = 1
MAX_ENTRIES = 3000
# a run that compiled fewer new patterns than this, taking less time than
# MIN_NEW_SECONDS in all, does not rewrite the file: some libraries build a small
# pattern from a set (the email header parser), so its text changes with every
# process's hash seed and would otherwise be written each time; one new dear
# pattern (a long alternation) is worth writing
MIN_NEW = 10
MIN_NEW_SECONDS = 0.002

_state: dict = {}


def _path() -> str | None:
    try:
        import _sre
    except ImportError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    tag = sys.implementation.cache_tag or "python"
    return os.path.join(base, "mailcheck", f"re-{tag}-{sys.version_info[2]}-{_sre.MAGIC}.marshal")


def install() -> bool:
    """Serve `re`'s compiler from the cache for the rest of this process."""
    if _state or os.environ.get("MAILCHECK_NO_CACHE"):
        return False
    try:
        import _sre
        from re import _compiler, _parser
        path = _path()
    except ImportError:
        return False
    if path is None or not hasattr(_compiler, "compile") or not hasattr(_compiler, "_code"):
        return False
    entries: dict = {}
    try:
        with open(path, "rb") as f:
            loaded = marshal.loads(f.read())     # marshal.load(f) reads object by object: 10x slower
        if isinstance(loaded, dict) and loaded.get("format") == FORMAT and loaded.get("version") == sys.version:
            entries = loaded["entries"]
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        entries = {}
    original = _compiler.compile
    used: set = set()
    fresh: dict = {}
    cost = [0.0]                     # seconds spent compiling what the file did not hold

    def compile(p, flags=0):
        if not isinstance(p, (str, bytes)):
            return original(p, flags)
        key = (p, int(flags))
        args = entries.get(key)
        if args is not None:
            try:
                pattern = _sre.compile(p, *args)
                used.add(key)
                return pattern
            except Exception:       # a damaged entry: compile as usual
                pass
        started = time.perf_counter()
        pattern = original(p, flags)
        cost[0] += time.perf_counter() - started
        try:
            args = _record(_parser, _compiler, p, int(flags))
            if _sre.compile(p, *args) == pattern:
                fresh[key] = args
        except Exception:
            pass
        return pattern

    _state.update(path=path, entries=entries, used=used, fresh=fresh, cost=cost, original=original,
                  compiler=_compiler)
    _compiler.compile = compile
    return True


def _record(_parser, _compiler, pattern, flags):
    """The arguments `_sre.compile` gets from `re._compiler.compile` (CPython 3.11-3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1),
            groupindex, tuple(indexgroup))


def save() -> None:
    """Write the cache if this run compiled patterns it did not hold (enough of them,
    or dear enough, to matter; or there was no file yet)."""
    if not _state or not _state["fresh"]:
        return
    if _state["entries"] and len(_state["fresh"]) < MIN_NEW and _state["cost"][0] < MIN_NEW_SECONDS:
        return
    entries = dict(_state["entries"])
    entries.update(_state["fresh"])
    if len(entries) > MAX_ENTRIES:        # keep what this run used
        keep = _state["used"] | set(_state["fresh"])
        entries = {k: v for k, v in entries.items() if k in keep}
    import tempfile

    path = _state["path"]
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".re-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump({"format": FORMAT, "version": sys.version, "entries": entries}, f)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        _state["entries"], _state["fresh"], _state["cost"][0] = entries, {}, 0.0
    except (OSError, ValueError):
        pass


def uninstall() -> None:
    """Give `re` its own compiler back (tests)."""
    if _state:
        _state["compiler"].compile = _state["original"]
        _state.clear()


def is_installed() -> bool:
    return bool(_state) and getattr(re, "_compiler", None) is _state.get("compiler")
