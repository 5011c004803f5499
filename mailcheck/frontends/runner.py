"""Check many drafts: in this process, or in worker processes (`check -j N`, `audit`).

`run(items, …)` yields one `Outcome` per item, in input order, as soon as that
item (and every one before it) is done, so a caller can print while the rest
is still being checked. With jobs > 1 and enough items, a
`concurrent.futures.ProcessPoolExecutor` takes the items in chunks; its
workers load the analyzer and the rules once (`_init`). Where `fork` is
available the parent loads them before the pool starts and the workers
inherit them, so a worker's start costs no second dictionary load. Both
ways call the same `check_item`, so the output does not depend on -j.
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from mailcheck.errors import MailcheckError

CHUNK = 4              # drafts a worker takes at a time
MIN_POOL = 8           # fewer items than this are checked in-process: no pool to pay for
IN_FLIGHT = 4          # chunks queued per worker


@dataclass
class Outcome:
    """One checked item: a report (without its draft) or the one-line error."""

    path: str
    report: object | None = None              # mailcheck.rules.diagnostic.Report, draft=None
    error: str | None = None                  # "path: problem"
    sender: tuple[str, str] | None = None     # (display name, address) from From
    date: datetime | None = None


_STATE: dict = {}


def _init(cfg, select, ignore, explain, warm_up: bool = True) -> None:
    """Per process: the settings, and the analyzer and the rules loaded once."""
    _STATE.update(cfg=cfg, select=tuple(select), ignore=tuple(ignore), explain=explain)
    if warm_up:
        warm()


def _worker_init(cfg, select, ignore, explain) -> None:
    """A pool worker: Ctrl-C is the parent's to handle (it stops the pool); a worker
    that got it too would print its own traceback."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # forked from a parent that may hold the collector off during its start-up (cli.check):
    # a worker checks many letters, so it collects; what it inherited stays frozen
    gc.enable()
    _init(cfg, select, ignore, explain, warm_up=False)   # the parent warmed up before the fork


def warm() -> None:
    from mailcheck.rules.engine import lint
    from mailcheck.rules.rule import iter_rules

    select = _STATE.get("select", ())
    list(iter_rules(select))                # the selected rules' modules (all without --select)
    try:
        lint("Здравствуйте! Проверка связи.", select=select)
    except Exception:   # noqa: BLE001 - a warm-up only; the real drafts report their own errors
        pass


def check_item(item: tuple) -> Outcome:
    """Read and check one item (see mailcheck.draft.mailboxes.items)."""
    from mailcheck.draft import mailboxes
    from mailcheck.draft.reader import load, read_path
    from mailcheck.language.text import Doc
    from mailcheck.rules.engine import check_doc

    kind = item[0]
    shown = "<stdin>" if kind == "stdin" else item[1]
    try:
        if kind == "error":
            return Outcome(shown, error=f"{item[1]}: {item[2]}")
        if kind == "stdin":
            draft = load(read_path("-"), "<stdin>")
        elif kind == "file":
            draft = load(read_path(item[1]), item[1])
        elif kind == "bytes":
            draft = load(item[2], item[1])
        else:
            shown = f"{item[1]}:#{item[2]}"             # until the Message-ID is read
            try:
                shown, draft = mailboxes.read_item(item)
            except MailcheckError as e:
                shown = e.source                        # with the Message-ID or id, once read
                raise
        cfg = _STATE["cfg"]
        doc = Doc(draft, cfg)
        report = check_doc(doc, _STATE["select"], _STATE["ignore"])
        if _STATE["explain"]:
            from mailcheck.report.explain import parts

            report.parts = parts(doc)
    except MailcheckError as e:
        return Outcome(shown, error=str(e))
    report.draft = None             # the parsed message stays here: only findings travel
    sender = (draft.from_.name, draft.from_.addr) if draft.from_ else None
    return Outcome(report.path, report=report, sender=sender, date=draft.date)


def _check_chunk(chunk: list[tuple]) -> list[Outcome]:
    return [check_item(it) for it in chunk]


def _context():
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run(items: Iterable[tuple], cfg, select=(), ignore=(), explain: bool = False,
        jobs: int = 1) -> Iterator[Outcome]:
    """Check every item; yield the outcomes in input order, each as soon as it can be."""
    it = iter(items)
    head = list(itertools.islice(it, MIN_POOL)) if jobs > 1 else []
    small = jobs <= 1 or len(head) < MIN_POOL
    _init(cfg, select, ignore, explain, warm_up=not small)   # loaded before a fork: inherited
    if small:
        for item in itertools.chain(head, it):
            yield check_item(item)
        return
    yield from _pooled(itertools.chain(head, it), cfg, select, ignore, explain, jobs)


def _pooled(items: Iterator[tuple], cfg, select, ignore, explain, jobs) -> Iterator[Outcome]:
    from concurrent.futures import ProcessPoolExecutor

    import gc

    pending: deque = deque()
    gc.freeze()        # the loaded dictionaries and rules: forked workers share their pages untouched
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_worker_init,
                               initargs=(cfg, tuple(select), tuple(ignore), explain))
    try:
        chunks = _chunks(items)
        for chunk in itertools.islice(chunks, jobs * IN_FLIGHT):
            pending.append(pool.submit(_check_chunk, chunk))
        while pending:
            done = pending.popleft().result()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_check_chunk, nxt))
            yield from done
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _chunks(items: Iterator[tuple]) -> Iterator[list[tuple]]:
    while True:
        chunk = list(itertools.islice(items, CHUNK))
        if not chunk:
            return
        yield [_portable(i) for i in chunk]


def _portable(item: tuple) -> tuple:
    """stdin is read here, in the parent, and sent on as bytes."""
    if item[0] != "stdin":
        return item
    from mailcheck.draft.reader import read_path

    try:
        return ("bytes", "<stdin>", read_path("-"))
    except MailcheckError as e:
        return ("error", "<stdin>", e.problem)
