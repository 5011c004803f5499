"""Inputs as a stream of items: files, stdin, mbox archives, Maildir folders, and
archives of messages as records (JSONL, Parquet: mailcheck.draft.records).

`expand(paths)` turns command-line paths into *sources* (a file, stdin, an mbox
file, a Maildir folder, a JSONL or Parquet file); `items(sources)` streams one
small, picklable *item* per draft; `read_item(item)` reads one archive item into
a `Draft`. Items of files, mbox, Maildir and plain JSONL carry no text (only a
path and a byte range or key), so they can be sent to worker processes or Dask
workers, which read the bytes themselves; a line of a gzip-ed JSONL file and a
Parquet row travel with their data (neither can be read from the middle cheaply).

A message of an archive is shown as `ARCHIVE:#N <Message-ID>`: N counts the
messages of that archive from 1 in reading order (file order for mbox; `new/`
then `cur/`, by file name, for Maildir), and the Message-ID follows when the
message has one. A bad message is an `InputError` under that name; the others
are still read.

mbox: the messages are separated exactly as the standard `mailbox.mbox` does
(a line starting with "From "), but the offsets are found while reading, so
the first draft is checked before the end of a large archive is reached, and
only one message is held in memory. Maildir: the standard `mailbox.Maildir`.

JSONL: N is the line number (blank lines are skipped but counted, so N is the
line an editor shows); Parquet: N is the row number from 1. The name follows
with the record's `id` (or the Message-ID of its `raw`): `export.jsonl:#17 <T-1234>`.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from mailcheck.errors import InputError

MBOX_SUFFIXES = (".mbox", ".mbx")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
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
    """Command-line paths as sources: ("stdin",), ("file", path), ("mbox", path),
    ("maildir", path), ("jsonl", path) or ("parquet", path). A folder is walked
    (sorted, hidden entries skipped): its .txt/.eml files, its *.mbox files and the
    Maildir folders inside it. JSONL and Parquet files are read only when named:
    a folder may hold other JSON lines (`check --format jsonl` output, say)."""
    out: list[tuple] = []
    for p in list(paths or []) or ["-"]:
        if p == "-":
            out.append(("stdin",))
        elif os.path.isdir(p) and is_maildir(p):
            out.append(("maildir", p))
        elif os.path.isdir(p):
            out.extend(_walk(p))
        elif os.path.isfile(p) and p.lower().endswith(JSONL_SUFFIXES):
            out.append(("jsonl", p))
        elif os.path.isfile(p) and p.lower().endswith(PARQUET_SUFFIXES):
            out.append(("parquet", p))
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
    ("mbox-msg", path, n, start, stop), ("maildir-msg", folder, n, key),
    ("jsonl-msg", path, n, start, stop) (a line of a JSONL file, n its line
    number), ("jsonl-line", path, n, line bytes) (of a gzip-ed one) or
    ("record", path, n, dict) (a Parquet row, n from 1); an item passes through
    unchanged. An archive that cannot be opened gives ("error", path, problem).
    A partition source ("mbox-range", path, first, begin, end) gives the messages
    that start in that byte range, numbered from `first`; ("jsonl-range", path,
    first, begin, end) the lines in that range, the first one numbered `first`;
    ("parquet-range", path, first, group, offset, length) rows of a row group."""
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
        elif kind in ("jsonl", "jsonl-range"):
            yield from _jsonl_items(src)
        elif kind in ("parquet", "parquet-range"):
            yield from _parquet_items(src)
        else:
            yield src


def _jsonl_items(src: tuple) -> Iterator[tuple]:
    import zlib

    path, whole = src[1], src[0] == "jsonl"
    found = False
    try:
        if _gzipped(path):
            for n, line in gz_lines(path):
                found = True
                yield ("jsonl-line", path, n, line)
        else:
            first, begin, end = (1, 0, None) if whole else src[2:]
            for n, start, stop in jsonl_offsets(path, first, begin, end):
                found = True
                yield ("jsonl-msg", path, n, start, stop)
    except OSError as e:
        import gzip

        bad = isinstance(e, gzip.BadGzipFile)
        yield ("error", path, "файл не сжат gzip или повреждён" if bad else _os_problem(e))
        return
    except EOFError:
        yield ("error", path, "сжатый файл оборван: дальше читать нечего")
        return
    except zlib.error:
        yield ("error", path, "сжатый файл повреждён: дальше читать нельзя")
        return
    if whole and not found:
        yield ("error", path, "в файле JSONL нет ни одной записи")


def _parquet_items(src: tuple) -> Iterator[tuple]:
    path = src[1]
    try:
        pf, columns = parquet_file(path)
        if src[0] == "parquet":
            n = 0
            for batch in pf.iter_batches(batch_size=256, columns=columns):
                for n, row in enumerate(batch.to_pylist(), n + 1):
                    yield ("record", path, n, row)
            if n == 0:
                yield ("error", path, "в файле Parquet нет ни одной строки")
        else:
            first, group, offset, length = src[2:]
            rows = pf.read_row_group(group, columns=columns).slice(offset, length).to_pylist()
            for n, row in enumerate(rows, first):
                yield ("record", path, n, row)
    except InputError as e:
        yield ("error", path, e.problem)
    except OSError as e:
        yield ("error", path, _os_problem(e))
    except Exception:   # noqa: BLE001 - pyarrow's own errors: a damaged file, not Parquet at all
        yield ("error", path, "не удалось прочитать файл Parquet: он повреждён или это не Parquet")


def partitions(sources: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    """The sources cut into partitions of up to `size` drafts, each a list of sources
    for `items`: an mbox as byte ranges at message starts, a JSONL file as byte
    ranges at line starts, a Parquet file as slices of its row groups, a Maildir as
    lists of its messages, files as lists of files. stdin and a gzip-ed JSONL file
    (gzip cannot be read from the middle) are read here and sent as bytes. A source
    with no drafts goes as it is, for `items` to report."""
    batch: list[tuple] = []
    for src in sources:
        ranges = None
        if src[0] == "mbox":
            ranges = (("mbox-range", src[1], *r) for r in mbox_ranges(src[1], size))
        elif src[0] == "jsonl" and not _gzipped(src[1]):
            ranges = (("jsonl-range", src[1], *r) for r in jsonl_ranges(src[1], size))
        elif src[0] == "parquet":
            ranges = (("parquet-range", src[1], *r) for r in parquet_ranges(src[1], size))
        if ranges is not None:
            found = False
            try:
                for part in ranges:
                    found = True
                    yield [part]
            except OSError as e:
                found = True
                yield [("error", src[1], _os_problem(e))]
            except Exception:   # noqa: BLE001 - a Parquet file pyarrow cannot read: items says why
                found = False
            if not found:
                yield [src]
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
    for From_ lines, JSONL files for lines, Maildir folders listed, Parquet files'
    footers read."""
    total = 0
    for src in sources:
        try:
            if src[0] == "mbox":
                total += sum(1 for _ in mbox_offsets(src[1]))
            elif src[0] == "maildir":
                total += len(maildir_keys(src[1]))
            elif src[0] == "jsonl":
                lines = gz_lines(src[1]) if _gzipped(src[1]) else jsonl_offsets(src[1])
                total += sum(1 for _ in lines)
            elif src[0] == "parquet":
                total += parquet_file(src[1])[0].metadata.num_rows
            else:
                total += 1
        except Exception:   # noqa: BLE001 - only a count for the bar: reading reports the problem
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


def jsonl_offsets(path: str, first: int = 1, begin: int = 0,
                  end: int | None = None) -> Iterator[tuple[int, int, int]]:
    """(line number, start, stop) of each non-blank line of a JSONL file, streamed;
    with begin/end (line starts, as from `jsonl_ranges`) only the lines that start
    in [begin, end), the one at `begin` being line number `first`."""
    with open(path, "rb") as f:
        f.seek(begin)
        pos, n = begin, first
        for line in f:
            if end is not None and pos >= end:
                return
            if line.strip():
                yield n, pos, pos + len(line)
            pos += len(line)
            n += 1


def jsonl_ranges(path: str, size: int) -> Iterator[tuple[int, int, int]]:
    """Partitions of a JSONL file of up to `size` records each, as byte ranges that
    start and end at line starts: (number of the first line, begin, end)."""
    first, begin, taken = 1, 0, 0
    pos = 0
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                if taken == size:
                    yield first, begin, pos
                    first, begin, taken = n, pos, 0
                taken += 1
            pos += len(line)
    if taken:
        yield first, begin, pos


def gz_lines(path: str) -> Iterator[tuple[int, bytes]]:
    """(line number, line) of each non-blank line of a gzip-ed JSONL file, streamed."""
    import gzip

    with gzip.open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                yield n, line


def _gzipped(path: str) -> bool:
    return path.lower().endswith(".gz")


def parquet_file(path: str):
    """(pyarrow.parquet.ParquetFile, the columns of record fields it has)."""
    from mailcheck.draft.records import FIELDS

    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(path, "для файлов Parquet нужен pyarrow: pip install 'mailcheck[parquet]'") from None
    pf = pq.ParquetFile(path)
    columns = [c for c in pf.schema_arrow.names if c in FIELDS]
    if "raw" not in columns and "text" not in columns:
        raise InputError(path, "в файле Parquet нет столбца «text» (текст письма) или «raw» (письмо целиком)")
    return pf, columns


def parquet_ranges(path: str, size: int) -> Iterator[tuple[int, int, int, int]]:
    """Partitions of a Parquet file of up to `size` rows each, within its row groups:
    (number of the first row, row group, offset in it, rows)."""
    meta = parquet_file(path)[0].metadata
    first = 1
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        for offset in range(0, rows, size):
            length = min(size, rows - offset)
            yield first, group, offset, length
            first += length


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

def read_item(item: tuple):
    """(the path to show, the Draft) of an archive item: an mbox or Maildir message,
    a JSONL line, a Parquet row."""
    from mailcheck.draft import records
    from mailcheck.draft.reader import load

    kind, where, n = item[0], item[1], item[2]
    if kind in ("mbox-msg", "maildir-msg"):
        shown, data = item_bytes(item)
        return shown, load(data, shown)
    name = f"{where}:#{n}"
    if kind == "record":
        return records.record_draft(item[3], name)
    if kind == "jsonl-line":
        line = item[3]
    else:
        try:
            with open(where, "rb") as f:
                f.seek(item[3])
                line = f.read(item[4] - item[3])
        except OSError as e:
            raise InputError(name, _os_problem(e)) from None
    return records.record_draft(records.parse_line(line, name), name)


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
    from mailcheck.draft.records import message_id, shown

    return shown(f"{where}:#{n}", message_id(data))


def _os_problem(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "файл не найден"
    if isinstance(e, PermissionError):
        return "нет прав на чтение"
    return f"не удалось прочитать: {e.strerror or e}"
