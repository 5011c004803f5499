"""Cold start: `mailcheck check` on a one-page draft against the pymorphy3 floor.

Every run of mailcheck loads pymorphy3's dictionary; that load is the floor
(`python -c "import pymorphy3; pymorphy3.MorphAnalyzer()"`). Both commands run
in fresh processes, interleaved, --repeat times; the medians and their ratio
are printed (issue 15 item 7: the target is at most 1.5x). Also shown: the
same check with `--select spelling` and `--select structure`, and bare
`python -c pass`.

Run it with the interpreter of the install you want to measure, from outside
a checkout (the script changes to a temporary folder), e.g. a regular install:

    python3 -m venv /tmp/v && /tmp/v/bin/pip install . && /tmp/v/bin/python bench/bench_coldstart.py

Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lint import ONE_PAGE  # noqa: E402


def _env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILCHECK_")}
    env["NO_COLOR"] = "1"
    if "--keep-pythonpath" not in sys.argv:
        env.pop("PYTHONPATH", None)
    # an installed package runs from compiled .pyc files (pip writes them); with
    # PYTHONDONTWRITEBYTECODE set, a source tree would be compiled on every run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(cmd, cwd) -> tuple[float, float]:
    """(wall, CPU of the child) seconds."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ((0, 1) if "mailcheck" in cmd else (0,)):    # mailcheck exits 1 on findings
        raise SystemExit(f"{' '.join(cmd)}: exit {code}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--python", default=sys.executable, help="the interpreter whose mailcheck is measured")
    ap.add_argument("--keep-pythonpath", action="store_true", help="keep PYTHONPATH (to measure a source tree)")
    ap.add_argument("--baseline-python", metavar="PY",
                    help="also time `mailcheck check` of another install (e.g. main's), in the same run")
    o = ap.parse_args()
    py = o.python
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.txt"
        draft.write_text(ONE_PAGE, encoding="utf-8")
        check = [py, "-m", "mailcheck", "check", "--format", "json", str(draft)]
        cmds = {
            "python -c pass": [py, "-c", "pass"],
            "pymorphy3.MorphAnalyzer() (floor)": [py, "-c", "import pymorphy3; pymorphy3.MorphAnalyzer()"],
            "mailcheck check one-page draft": check,
            "  … --select spelling": check + ["--select", "spelling"],
            "  … --select structure": check + ["--select", "structure"],
        }
        if o.baseline_python:
            cmds["baseline install: mailcheck check"] = [o.baseline_python] + check[1:]
        for cmd in cmds.values():                  # warm the OS file cache once
            _run(cmd, tmp)
        wall = {k: [] for k in cmds}
        cpu = {k: [] for k in cmds}
        for _ in range(o.repeat):                  # interleaved: the same conditions for each
            for name, cmd in cmds.items():
                w, c = _run(cmd, tmp)
                wall[name].append(w)
                cpu[name].append(c)
    import_line = subprocess.run([py, "-c", "import mailcheck, os; print(os.path.dirname(mailcheck.__file__))"],
                                 capture_output=True, text=True, env=_env(), cwd=tempfile.gettempdir()).stdout.strip()
    print(f"cold start, median of {o.repeat} interleaved runs; mailcheck from {import_line}")
    print(f"  {'':36s} {'wall ms':>8s} {'cpu ms':>8s} {'ratio':>6s} {'cpu ratio':>9s}")
    floor = "pymorphy3.MorphAnalyzer() (floor)"
    fw, fc = statistics.median(wall[floor]), statistics.median(cpu[floor])
    for name in cmds:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"  {name:36s} {w * 1000:8.0f} {c * 1000:8.0f} {w / fw:6.2f} {c / fc:9.2f}")
    w = statistics.median(wall["mailcheck check one-page draft"])
    c = statistics.median(cpu["mailcheck check one-page draft"])
    print(f"ratio check / floor: {w / fw:.2f} wall, {c / fc:.2f} cpu (target <= 1.5)")
    if o.baseline_python:
        bw = statistics.median(wall["baseline install: mailcheck check"])
        bc = statistics.median(cpu["baseline install: mailcheck check"])
        print(f"baseline install / floor: {bw / fw:.2f} wall, {bc / fc:.2f} cpu")


if __name__ == "__main__":
    main()
