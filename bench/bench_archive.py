"""How `mailcheck audit` grows with the size of an mbox archive: time and memory.

    python bench/bench_archive.py                       # 1000 and 3000 messages, -j 2
    python bench/bench_archive.py --sizes 1000,10000 --jobs 2 --engine local
    python bench/bench_archive.py --sizes 1000 --engine dask

Archives are made by scripts/make_archive.py (corpus texts, 12 senders, a
year of dates) in a temporary folder unless --keep DIR holds them already.
For each size: wall time, letters per second, and the peak memory (resident
set) of the whole process tree — the command and its workers, sampled every
0.1 s from /proc — and of its largest process. The first size is the
baseline: later sizes print their time and memory as a ratio to it.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss(root: int) -> tuple[int, int]:
    """(sum, max) resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
            pid, ppid = int(entry), int(stat[1])
            rss[pid] = int(stat[21]) * PAGE
            children.setdefault(ppid, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    todo, total, top = [root], 0, 0
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        top = max(top, rss.get(pid, 0))
        todo.extend(children.get(pid, []))
    return total, top


def measure(cmd: list[str]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILCHECK_")}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_sum = peak_one = 0
    while proc.poll() is None:
        s, m = _tree_rss(proc.pid)
        peak_sum, peak_one = max(peak_sum, s), max(peak_one, m)
        time.sleep(0.1)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
    return {"wall": wall, "peak_sum": peak_sum, "peak_one": peak_one, "rc": proc.returncode,
            "last": err[-1] if err else ""}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--engine", choices=["local", "dask"], default="local")
    ap.add_argument("--keep", metavar="DIR", help="where the archives are (made there if missing)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(args.keep or tmp)
        where.mkdir(parents=True, exist_ok=True)
        base = None
        print(f"mailcheck audit --engine {args.engine} -j {args.jobs}, {os.cpu_count()} CPUs, "
              f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"{'letters':>8} {'MB':>6} {'wall s':>8} {'letters/s':>10} {'peak RSS all':>13} "
              f"{'largest proc':>13}   ratios to the first size (time, memory)")
        for n in sizes:
            box = where / f"a{n}.mbox"
            if not box.exists():
                subprocess.run([sys.executable, str(ROOT / "scripts" / "make_archive.py"), str(box),
                                "--messages", str(n)], check=True)
            cmd = [sys.executable, "-m", "mailcheck", "audit", str(box), "--json", str(Path(tmp) / "out.json"),
                   "--engine", args.engine, "-j", str(args.jobs)]
            r = measure(cmd)
            if base is None:
                base = r
            print(f"{n:8d} {box.stat().st_size / 1e6:6.1f} {r['wall']:8.1f} {n / r['wall']:10.1f} "
                  f"{r['peak_sum'] / 2**20:10.0f} MB {r['peak_one'] / 2**20:10.0f} MB   "
                  f"x{r['wall'] / base['wall']:.2f} time, x{r['peak_sum'] / base['peak_sum']:.2f} memory"
                  + ("" if r["rc"] in (0,) else f"   (exit {r['rc']}: {r['last']})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
