"""Inputs as a stream of items: files, stdin, mbox archives and Maildir folders.

`expand(paths)` turns command-line paths into *sources* (a file, stdin, an mbox
file, a Maildir folder); `items(sources)` streams one small, picklable *item*
per draft; `open_item(item)` reads one item into a `Draft`. Items carry no
text (only a path and, for an mbox message, its byte range), so they can be
sent to worker processes or Dask workers, which read the bytes themselves.

A message of an archive is shown as `ARCHIVE:#N <Message-ID>`: N counts the
messages of that archive from 1 in reading order (file order for mbox; `new/`
then `cur/`, by file name, for Maildir), and the Message-ID follows when the
message has one. A bad message is an `InputError` under that name; the others
are still read.

mbox: the messages are separated exactly as the standard `mailbox.mbox` does
(a line starting with "From "), but the offsets are found while reading, so
the first draft is checked before the end of a large archive is reached, and
only one message is held in memory. Maildir: the standard `mailbox.Maildir`.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from mailcheck.errors import InputError

MBOX_SUFFIXES = (".mbox", ".mbx")
DRAFT_SUFFIXES = (".txt", ".eml")
_FROM_LINE = re.compile(rb"From \S+ .*\d\d?:\d\d")     # "From sender Tue Nov 30 06:38:46 2026"


# --- what a path is -----------------------------------------------------------

def is_maildir(path: str) -> bool:
    return os.path.isdir(os.path.join(path, "cur")) and os.path.isdir(os.path.join(path, "new"))


def is_mbox(path: str) -> bool:
    """An mbox file: by name (`*.mbox`, `*.mbx`, `mbox`), or a file of at least two
    messages each opening with a From_ line. A single message that opens with a
    From_ line stays one draft, as before."""
    name = os.path.basename(path)
    if name.lower().endswith(MBOX_SUFFIXES) or name == "mbox":
        return os.path.isfile(path)
    try:
        with open(path, "rb") as f:
            first = f.readline(4096)
            if not _FROM_LINE.match(first):
                return False
            blank = False
            for n, line in enumerate(f):
                if blank and _FROM_LINE.match(line):
                    return True
                blank = line in (b"\n", b"\r\n")
                if n > 200_000:
                    return False
    except OSError:
        return False
    return False


def expand(paths: Iterable[str] | None) -> list[tuple]:
    """Command-line paths as sources: ("stdin",), ("file", path), ("mbox", path) or
    ("maildir", path). A folder is walked (sorted, hidden entries skipped): its
    .txt/.eml files, its *.mbox files and the Maildir folders inside it."""
    out: list[tuple] = []
    for p in list(paths or []) or ["-"]:
        if p == "-":
            out.append(("stdin",))
        elif os.path.isdir(p) and is_maildir(p):
            out.append(("maildir", p))
        elif os.path.isdir(p):
            out.extend(_walk(p))
        elif os.path.isfile(p) and is_mbox(p):
            out.append(("mbox", p))
        else:
            out.append(("file", p))
    return out


def _walk(top: str) -> list[tuple]:
    found = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        keep = []
        for d in dirs:
            if is_maildir(os.path.join(root, d)):
                found.append(("maildir", os.path.join(root, d)))
            else:
                keep.append(d)
        dirs[:] = keep
        for f in files:
            if f.startswith("."):
                continue
            full = os.path.join(root, f)
            if f.endswith(DRAFT_SUFFIXES):
                found.append(("file", full))
            elif f.lower().endswith(MBOX_SUFFIXES):
                found.append(("mbox", full))
    return sorted(found, key=lambda s: s[1])


# --- items ----------------------------------------------------------------------

def items(sources: Iterable[tuple]) -> Iterator[tuple]:
    """One item per draft, streamed: ("stdin",), ("file", path),
    ("mbox-msg", path, n, start, stop) or ("maildir-msg", folder, n, key); an item
    passes through unchanged.
    An archive that cannot be opened gives ("error", path, problem).
    A source ("mbox-range", path, first, begin, end) (a partition) gives the
    messages that start in that byte range, numbered from `first`."""
    for src in sources:
        kind = src[0]
        if kind in ("mbox", "mbox-range"):
            first, begin, end = src[2:] if kind == "mbox-range" else (1, 0, None)
            n = first - 1
            try:
                for n, (start, stop) in enumerate(mbox_offsets(src[1], begin, end), first):
                    yield ("mbox-msg", src[1], n, start, stop)
            except OSError as e:
                yield ("error", src[1], _os_problem(e))
                continue
            if n < first:
                yield ("error", src[1], "в архиве mbox нет ни одного письма (нет строк «From …»)")
        elif kind == "maildir":
            try:
                keys = maildir_keys(src[1])
            except OSError as e:
                yield ("error", src[1], _os_problem(e))
                continue
            for n, key in enumerate(keys, 1):
                yield ("maildir-msg", src[1], n, key)
        else:
            yield src


def partitions(sources: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    """The sources cut into partitions of up to `size` drafts, each a list of sources
    for `items`: an mbox as byte ranges at message starts, a Maildir as lists of
    its messages, files as lists of files. stdin is read here and sent as bytes."""
    batch: list[tuple] = []
    for src in sources:
        if src[0] == "mbox":
            try:
                for first, begin, end in mbox_ranges(src[1], size):
                    yield [("mbox-range", src[1], first, begin, end)]
            except OSError as e:
                yield [("error", src[1], _os_problem(e))]
            continue
        if src[0] == "stdin":
            from mailcheck.draft.reader import read_path

            try:
                src = ("bytes", "<stdin>", read_path("-"))
            except InputError as e:
                src = ("error", "<stdin>", e.problem)
        for item in items([src]):
            batch.append(item)
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def count(sources: Iterable[tuple]) -> int:
    """How many drafts the sources hold (for a progress bar): mbox files are scanned
    for From_ lines, Maildir folders listed."""
    total = 0
    for src in sources:
        try:
            if src[0] == "mbox":
                total += sum(1 for _ in mbox_offsets(src[1]))
            elif src[0] == "maildir":
                total += len(maildir_keys(src[1]))
            else:
                total += 1
        except OSError:
            total += 1
    return total


def mbox_offsets(path: str, begin: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, stop) byte offsets of each message, From_ line included, found while
    reading: the same boundaries as `mailbox.mbox`'s table of contents. With
    begin/end (message starts, as from `mbox_ranges`), only the messages that
    start in [begin, end)."""
    linesep = os.linesep.encode("ascii")
    start = None
    last_was_empty = False
    with open(path, "rb") as f:
        f.seek(begin)
        pos = begin
        for line in f:
            if line.startswith(b"From "):
                if start is not None:
                    yield start, (pos - len(linesep) if last_was_empty else pos)
                if end is not None and pos >= end:
                    return
                start = pos
                last_was_empty = False
            elif line == linesep:
                last_was_empty = True
            else:
                last_was_empty = False
            pos += len(line)
        if start is not None:
            yield start, (pos - len(linesep) if last_was_empty else pos)


def mbox_ranges(path: str, size: int) -> Iterator[tuple[int, int, int]]:
    """Partitions of an mbox of up to `size` messages each, as byte ranges that start
    and end at message starts: (number of the first message, begin, end)."""
    first, begin, n = 1, None, 0
    for number, (start, _stop) in enumerate(mbox_offsets(path), 1):
        if begin is None:
            first, begin = number, start
        elif n == size:
            yield first, begin, start
            first, begin, n = number, start, 0
        n += 1
    if begin is not None:
        yield first, begin, os.path.getsize(path)


_MAILDIRS: dict = {}


def _maildir(folder: str):
    import mailbox      # only when a Maildir is read: a plain check does not pay for the import

    box = _MAILDIRS.get(folder)
    if box is None:
        box = _MAILDIRS[folder] = mailbox.Maildir(folder, factory=None, create=False)
    return box


def maildir_keys(folder: str) -> list[str]:
    """The message keys of a Maildir, `new/` first, then `cur/`, each by file name."""
    box = _maildir(folder)
    keys = list(box.keys())
    toc = getattr(box, "_toc", None) or {}
    return sorted(keys, key=lambda k: (not str(toc.get(k, "")).startswith("new"), toc.get(k, k)))


# --- reading one item -------------------------------------------------------------

def item_bytes(item: tuple) -> tuple[str, bytes]:
    """(the path to show, the bytes of the draft) for an mbox or Maildir item."""
    kind, where, n = item[0], item[1], item[2]
    try:
        if kind == "mbox-msg":
            start, stop = item[3], item[4]
            with open(where, "rb") as f:
                f.seek(start)
                f.readline()                       # the From_ line, as mailbox.mbox.get_bytes
                data = f.read(stop - f.tell())
        else:
            data = _maildir(where).get_bytes(item[3])
    except KeyError:
        raise InputError(f"{where}:#{n}", "письмо пропало из папки Maildir во время проверки") from None
    except OSError as e:
        raise InputError(f"{where}:#{n}", _os_problem(e)) from None
    return shown_name(where, n, data), data


def shown_name(where: str, n: int, data: bytes) -> str:
    """`archive.mbox:#17 <id@host>`: the archive, the message number, its Message-ID."""
    import email.parser
    import email.policy

    name = f"{where}:#{n}"
    try:
        head = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(data[:65536])
        mid = head.get("Message-ID")
    except Exception:   # noqa: BLE001 - a broken header only loses the Message-ID
        mid = None
    if mid:
        mid = " ".join(str(mid).split())
        if mid and len(mid) <= 250:
            if not mid.startswith("<"):
                mid = f"<{mid}>"
            name += f" {mid}"
    return name


def _os_problem(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "файл не найден"
    if isinstance(e, PermissionError):
        return "нет прав на чтение"
    return f"не удалось прочитать: {e.strerror or e}"
