"""The progress bar of a long check on a terminal (tqdm, on stderr).

Shown only when stderr is a terminal and more than a few drafts are to be
checked; never on a pipe. Text printed to stdout meanwhile goes through
`printing()`, which lifts the bar for the moment of the write.
"""
from __future__ import annotations

import contextlib
import os
import sys

FEW = 5      # up to this many drafts, no bar


class _Null:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def printing(self):
        return contextlib.nullcontext()


def bar(total_of, enabled: bool = True):
    """A bar over the drafts, or a stand-in that does nothing. total_of() counts the
    drafts; it is called only when a bar could be shown (stderr a terminal)."""
    if not enabled or not _is_tty(sys.stderr):
        return _Null()
    try:
        from tqdm import tqdm
    except ImportError:        # the bar is a comfort, not a requirement
        return _Null()
    total = total_of()
    if total <= FEW:
        return _Null()

    class Bar(tqdm):
        @property
        def format_dict(self):
            d = super().format_dict
            rate = d.get("rate") or (d["n"] / d["elapsed"] if d.get("elapsed") else 0)
            d["rate_ru"] = f"{rate:.1f} писем/с".replace(".", ",") if rate else "— писем/с"
            return d

        def printing(self):
            return tqdm.external_write_mode(file=sys.stdout)

    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError):
        size = os.terminal_size((0, 0))
    # a terminal that reports no size (a bare pty) would hide the bar: assume 100×24
    sized = {"dynamic_ncols": True} if size.columns > 0 and size.lines > 0 else {"ncols": 100, "nrows": 24}
    return Bar(total=total, file=sys.stderr, leave=False, mininterval=0.2, **sized,
               desc="Проверено", bar_format="{desc}: {n_fmt} из {total_fmt} {bar} "
               "{percentage:3.0f}% · {rate_ru} · осталось {remaining}")


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
