"""The server's lint threads: at most N lints at once, each under a deadline.

A request first waits for one of N slots, then its lint runs in one of N threads
under `errors.deadline_scope`: past the deadline the request gets its answer (the
server's 503) and the lint stops at its next check (errors.LintTimeout). A slot is
free again only when its thread is, so a burst of long letters never leaves more
than N lint threads running, and a request after the burst finds a free one.
"""
from __future__ import annotations

import asyncio
import os
import time
import weakref
from concurrent.futures import ThreadPoolExecutor

from mailcheck.errors import LintTimeout, deadline_scope


def default_size() -> int:
    """Lints one server process runs at once: twice the cores. Python runs one at a time
    anyway (the GIL); more only share the CPU and memory, and a burst of long letters
    would pile up threads."""
    return 2 * (os.cpu_count() or 1)


class LintPool:
    def __init__(self, size: int | None = None):
        self.size = size or default_size()
        self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="mailcheck-lint")
        self._slots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # loop -> Semaphore

    async def run(self, func, *args, deadline: float | None = None):
        """func(*args) in a lint thread under the deadline (a time.monotonic() value or
        None). Raises TimeoutError when the deadline passes, waiting or running."""
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self.size)

        def left() -> float | None:
            return None if deadline is None else max(0.0, deadline - time.monotonic())

        async with asyncio.timeout(left()):
            await slots.acquire()

        def work():
            with deadline_scope(deadline):
                return func(*args)

        def done(f):
            slots.release()
            if not f.cancelled():
                f.exception()       # an abandoned lint's LintTimeout is expected, not "never retrieved"

        try:
            fut = loop.run_in_executor(self._threads, work)
        except BaseException:
            slots.release()
            raise
        fut.add_done_callback(done)
        try:
            async with asyncio.timeout(left()):
                # shielded: a request that gives up must not free the slot while the thread runs
                return await asyncio.shield(fut)
        except LintTimeout:
            raise TimeoutError from None
