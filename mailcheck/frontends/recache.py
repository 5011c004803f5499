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
- Only the program's own patterns are kept: those compiled while a module is
  imported and those mailcheck's code compiles from its rule data. A pattern a
  library builds from its input at run time (the email parser's MIME boundary
  of each message) is not, nor the boundary `fix` looks for (`unrecorded()`),
  so nothing of a letter reaches the file.
"""
from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
import threading
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
            if _recordable():
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


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_RE_PACKAGE = os.path.dirname(os.path.abspath(re.__file__)) + os.sep
_local = threading.local()


@contextlib.contextmanager
def unrecorded():
    """Patterns compiled inside are not written to the file (a pattern built from
    the input, such as a MIME boundary in `fix`)."""
    before = getattr(_local, "off", False)
    _local.off = True
    try:
        yield
    finally:
        _local.off = before


def _recordable() -> bool:
    """Only the program's own patterns are kept: those compiled while a module is
    imported (constants of mailcheck and its libraries), and those mailcheck's code
    compiles (rule data). A library compiling at run time from its input (the email
    parser's pattern of each message's MIME boundary) is left out, as is anything
    compiled inside `unrecorded()`."""
    if getattr(_local, "off", False):
        return False
    frame = sys._getframe(2)
    caller = None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib"):
            return True                     # a module being imported
        if caller is None and not name.startswith(_RE_PACKAGE) and name != __file__:
            caller = name
        frame = frame.f_back
    return caller is not None and caller.startswith(_PACKAGE)


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
