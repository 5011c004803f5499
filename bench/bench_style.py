"""Cost of the style.* rules on a one-page draft, measured in the same run.

Baseline: the same draft linted with every other rule (`ignore=("style",)`).
1. Warm: median per-lint time in one process (dictionaries loaded), without
   and with the style rules, and their ratio.
2. Cold: wall time of `mailcheck check` in a fresh process, `--ignore style`
   against all rules (the style word lists load once per process).

Prints figures; asserts nothing. Usage: python bench/bench_style.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lint import ONE_PAGE, ROOT, _env  # noqa: E402


def warm(repeat: int) -> tuple[float, float, float]:
    import mailcheck

    mailcheck.lint(ONE_PAGE)                       # load everything once
    base, full, only = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        mailcheck.lint(ONE_PAGE, select=("style",))
        only.append(time.perf_counter() - t)
        t = time.perf_counter()
        mailcheck.lint(ONE_PAGE, ignore=("style",))
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        mailcheck.lint(ONE_PAGE)
        full.append(time.perf_counter() - t)
    return statistics.median(base), statistics.median(full), statistics.median(only)


def cold(repeat: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "draft.txt"
        p.write_text(ONE_PAGE, encoding="utf-8")
        cmd = [sys.executable, "-m", "mailcheck", "check", str(p)]
        base, full = [], []
        for _ in range(repeat):
            for args, out in (([*cmd, "--ignore", "style"], base), (cmd, full)):
                t = time.perf_counter()
                subprocess.run(args, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                out.append(time.perf_counter() - t)
    return statistics.median(base), statistics.median(full)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
    b, f, o = warm(a.repeat)
    print(f"warm one-page lint: without style.* {b * 1000:.1f} ms, with {f * 1000:.1f} ms (x{f / b:.2f}); "
          f"style.* alone (text layer included) {o * 1000:.1f} ms")
    b, f = cold(max(3, a.repeat // 5))
    print(f"cold `mailcheck check`: without style.* {b:.2f} s, with {f:.2f} s (x{f / b:.2f})")


if __name__ == "__main__":
    main()
