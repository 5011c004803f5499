"""How `mailcheck audit` grows with the size of an mbox archive: time and memory.

    python bench/bench_archive.py                       # 1000 and 3000 messages, -j 2
    python bench/bench_archive.py --sizes 1000,10000 --jobs 2 --engine local
    python bench/bench_archive.py --sizes 1000 --engine dask
    python bench/bench_archive.py --sizes 1000 --formats mbox,jsonl,parquet

--formats: the same letters (same seed) as mbox, JSONL, gzip-ed JSONL
(jsonl.gz) or Parquet, each size in every format one after the other; a
format after the first prints its time and memory as a ratio to the first
format of the same size, and whether its counts (the audit JSON but the
letters' names) are the first one's. `read ms` is the reading alone, in this
process: every letter of the archive turned into a Draft, no rules run
(median of 3), per letter.

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


def _counts(path: Path) -> dict | None:
    """The audit JSON without the letters' names (they name the file)."""
    import json

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for w in doc.get("worst", []):
        w.pop("path", None)
    return doc


def read_ms(path: Path, rounds: int = 3) -> float:
    """Milliseconds per letter to read the archive into Drafts (no checking)."""
    sys.path.insert(0, str(ROOT))
    from mailcheck.draft import mailboxes

    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        n = 0
        for item in mailboxes.items(mailboxes.expand([str(path)])):
            mailboxes.read_item(item)
            n += 1
        times.append((time.perf_counter() - t) / max(n, 1))
    return sorted(times)[len(times) // 2] * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--engine", choices=["local", "dask"], default="local")
    ap.add_argument("--keep", metavar="DIR", help="where the archives are (made there if missing)")
    ap.add_argument("--formats", default="mbox", help="mbox, jsonl, jsonl.gz, parquet (comma-separated)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(args.keep or tmp)
        where.mkdir(parents=True, exist_ok=True)
        base = None
        print(f"mailcheck audit --engine {args.engine} -j {args.jobs}, {os.cpu_count()} CPUs, "
              f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"{'letters':>8} {'format':>8} {'MB':>6} {'wall s':>8} {'letters/s':>10} {'peak RSS all':>13} "
              f"{'largest proc':>13} {'read ms':>8}   ratios to the first size; to the first format")
        for n in sizes:
            first = None
            for fmt in formats:
                box = where / f"a{n}.{fmt}"
                if not box.exists():
                    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_archive.py"), str(box),
                                    "--messages", str(n)], check=True)
                out = Path(tmp) / f"out-{n}-{fmt}.json"
                cmd = [sys.executable, "-m", "mailcheck", "audit", str(box), "--json", str(out),
                       "--engine", args.engine, "-j", str(args.jobs)]
                r = measure(cmd)
                r["counts"] = _counts(out)
                r["read"] = read_ms(box)
                if base is None:
                    base = r
                line = (f"{n:8d} {fmt:>8} {box.stat().st_size / 1e6:6.1f} {r['wall']:8.1f} {n / r['wall']:10.1f} "
                        f"{r['peak_sum'] / 2**20:10.0f} MB {r['peak_one'] / 2**20:10.0f} MB {r['read']:8.2f}   ")
                if first is None:
                    first = r
                    line += f"x{r['wall'] / base['wall']:.2f} time, x{r['peak_sum'] / base['peak_sum']:.2f} memory"
                else:
                    same = "same counts" if r["counts"] == first["counts"] else "COUNTS DIFFER"
                    line += (f"vs {formats[0]}: x{r['wall'] / first['wall']:.2f} time, "
                             f"x{r['read'] / first['read']:.2f} reading, "
                             f"x{r['peak_sum'] / first['peak_sum']:.2f} memory, {same}")
                print(line + ("" if r["rc"] in (0,) else f"   (exit {r['rc']}: {r['last']})"), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
