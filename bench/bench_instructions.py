"""What a lint costs in machine instructions, this tree against another commit.

Time on a shared virtual machine drifts by a third or more from minute to
minute, so two commits timed a few minutes apart can swap places. The number
of instructions a lint executes does not drift: valgrind's callgrind counts
them. For each shape of bench/bench_scaling.py asked for, each tree runs, under
callgrind, a process that loads mailcheck, lints a short letter (warm-up),
then lints the shape and writes its JSON report; the same process with an
empty shape is the baseline subtracted, so the figure is the lint and its
report alone. The other commit is exported into a temporary folder
(bench_lint.export) and reads its own rule data (bench_lint.OWN_RULES). Prints millions of instructions and the ratio.

    python bench/bench_instructions.py --against b8fd560 [--only unknown-words,sentences] [--size 1]

Needs valgrind (Debian: valgrind); each run takes ~40 s per 1× size, two
run at once. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import bench_lint  # noqa: E402

CHILD = bench_lint.OWN_RULES + r"""
bench, shape, k = sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, bench)
import bench_scaling
text = bench_scaling.shapes()[shape](k) if k else ""
import mailcheck
from mailcheck.report.jsonfmt import render_json
mailcheck.lint("Здравствуйте, Анна!\n\nПрислали макет, спасибо.\n\nС уважением,\nИван\n")
if text:
    render_json([mailcheck.lint(text)])
"""


def instructions(tree: Path, shape: str, k: int) -> int:
    """Instructions callgrind counts for one child run."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0", "MAILCHECK_NO_CACHE": "1"}
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          sys.executable, "-c", CHILD, str(tree), str(ROOT / "bench"), shape, str(k)],
                         env=env, cwd=tree, capture_output=True, text=True)   # cwd: `-c` puts it first on sys.path
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if out.returncode or not m:
        raise SystemExit(f"{tree}: {shape} {k}×: {out.stderr.strip().splitlines()[-1:]}")
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", required=True, help="the commit to compare with (e.g. b8fd560)")
    ap.add_argument("--only", default="unknown-words,sentences", help="comma-separated shape names")
    ap.add_argument("--size", type=int, default=1, help="the shape's size (1 = bench_scaling's 1×)")
    o = ap.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("bench_instructions: valgrind is not installed (Debian: apt install valgrind)")
    import bench_scaling

    shapes = o.only.split(",")
    unknown = [s for s in shapes if s not in bench_scaling.shapes()]
    if unknown:
        raise SystemExit(f"bench_instructions: no such shape: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory() as tmp:
        other = bench_lint.export(o.against, Path(tmp) / "other")
        keys = [(tree, s, k) for tree in (other, ROOT) for s in shapes for k in (0, o.size)]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            futures = {key: pool.submit(instructions, *key) for key in keys}
            got = {key: f.result() for key, f in futures.items()}
    print(f"instructions of the lint and its JSON report, {o.size}× size, millions "
          f"(the process with an empty draft subtracted)")
    print(f"{'shape':15s} {o.against[:12]:>12s} {'this tree':>12s} {'ratio':>7s}")
    for s in shapes:
        a = (got[(other, s, o.size)] - got[(other, s, 0)]) / 1e6
        b = (got[(ROOT, s, o.size)] - got[(ROOT, s, 0)]) / 1e6
        print(f"{s:15s} {a:12.0f} {b:12.0f} {b / a:7.2f}")


if __name__ == "__main__":
    main()
