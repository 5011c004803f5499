"""`mailcheck check -j N` against `-j 1`, side by side in one run.

    python bench/bench_jobs.py                   # 600 drafts, -j 2 vs -j 1, median of 3 runs each
    python bench/bench_jobs.py --drafts 600 --jobs 2 --repeat 3

The drafts are the corpus/ .txt and .eml files, copied round-robin into a
temporary folder until there are --drafts of them. Each round runs `-j 1`
then `-j N` on the same folder in fresh processes (cold start included, as a
user sees it) and checks that their JSONL output is byte for byte the same.
Prints the medians, the ratio (-j 1 / -j N), CPU time over wall time of each
(how many cores a run kept busy) and the load average; asserts nothing
(on a shared machine, compare the ratio, not the seconds).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_drafts(folder: Path, n: int) -> None:
    files = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in (".txt", ".eml"))
    for i in range(n):
        src = files[i % len(files)]
        shutil.copyfile(src, folder / f"{i:05d}-{src.name}")


def timed(folder: Path, jobs: int) -> tuple[float, bytes, int, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILCHECK_")}
    cmd = [sys.executable, "-m", "mailcheck", "check", "--format", "jsonl", "-j", str(jobs), str(folder)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=folder)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, r.stdout, r.returncode, cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=600)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "drafts"
        folder.mkdir()
        make_drafts(folder, args.drafts)
        one, many, same, cpu1, cpun = [], [], True, [], []
        for _ in range(args.repeat):                       # interleaved: the same load for both
            t1, out1, rc1, c1 = timed(folder, 1)
            tn, outn, rcn, cn = timed(folder, args.jobs)
            one.append(t1)
            many.append(tn)
            cpu1.append(c1 / t1)
            cpun.append(cn / tn)
            same = same and out1 == outn and rc1 == rcn
    m1, mn = statistics.median(one), statistics.median(many)
    try:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    print(f"{args.drafts} drafts, median of {args.repeat} runs each, {os.cpu_count()} CPUs, load average {load}")
    print(f"  -j 1          {m1:7.2f} s   (baseline)   runs: {', '.join(f'{t:.2f}' for t in one)}")
    print(f"  -j {args.jobs:<2d}        {mn:7.2f} s                runs: {', '.join(f'{t:.2f}' for t in many)}")
    print(f"  speed-up      {m1 / mn:7.2f}x  (-j 1 / -j {args.jobs})")
    print(f"  CPU/wall      -j 1: {statistics.median(cpu1):.2f}   -j {args.jobs}: {statistics.median(cpun):.2f}"
          "   (cores kept busy; the rest of the machine's load takes the others)")
    try:
        autogroup = open("/proc/sys/kernel/sched_autogroup_enabled").read().strip() == "1"
    except OSError:
        autogroup = False
    if autogroup and os.getloadavg()[0] > (os.cpu_count() or 1):
        print("  note          the kernel shares the CPU between sessions (sched_autogroup) and the machine is\n"
              "                busy: all the processes of one run share one session's slice, so -j N cannot\n"
              "                gain here; compare on an idle machine (CPU/wall above shows the slice)")
    print(f"  output        {'identical' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
