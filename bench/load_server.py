"""Bounded load test of `mailcheck serve` on loopback.

    python bench/load_server.py                # starts its own server on a free port
    python bench/load_server.py --requests 400 --clients 8
    python bench/load_server.py --url http://127.0.0.1:8081   # an already running server
    python bench/load_server.py --workers 1,2  # `serve --workers 1`, then `--workers 2`, same load

N requests (default 400) from C concurrent clients (default 8), each client
on its own keep-alive connection, alternating `POST /v1/lint` (JSON) and
`POST /v2/check` (LanguageTool form) over drafts from corpus/. Prints the
error count and the p50/p95/max latency, and the median in-process lint time
of the same drafts as a baseline measured in the same run; exits 1 on any error. Loopback only:
a --url whose host is not 127.0.0.1/localhost/::1 is refused.

With --workers 1,2 each server runs in turn (`mailcheck serve --workers N`)
under the same load, and the p50/p95 and throughput of each later one are
printed as ratios to the first (the baseline, measured in the same run).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(host: str, port: int, proc=None, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"mailcheck serve exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection(host, port, timeout=1)
            c.request("GET", "/v2/healthcheck")
            if c.getresponse().status == 200:
                c.close()
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"mailcheck serve did not answer on {host}:{port} in {timeout:g} s")


def start_server(port: int | None = None, extra_args=()) -> tuple[subprocess.Popen, int]:
    """`python -m mailcheck serve` on 127.0.0.1:port; returns (process, port) once it answers."""
    port = port or free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "mailcheck", "serve", "--port", str(port), *extra_args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        wait_ready("127.0.0.1", port, proc)
    except Exception:
        stop_server(proc)
        raise
    return proc, port


def stop_server(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""


def drafts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    return [t for t in texts if len(t) < 4000][:12] or ["Макет готов, посмотрите."]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def run_load(host: str, port: int, requests: int = 400, clients: int = 8,
             time_limit: float = 120.0, texts: list[str] | None = None) -> dict:
    if host not in LOOPBACK:
        raise ValueError("the load test targets loopback only")
    texts = texts or drafts()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + time_limit

    def client():
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            text = texts[i % len(texts)]
            if i % 2:
                body = json.dumps({"text": text}, ensure_ascii=False).encode()
                path, ctype = "/v1/lint", "application/json"
            else:
                body = urllib.parse.urlencode({"text": text, "language": "ru-RU"}).encode()
                path, ctype = "/v2/check", "application/x-www-form-urlencoded"
            t = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={"Content-Type": ctype})
                resp = conn.getresponse()
                payload = resp.read()
                dt = time.perf_counter() - t
                ok = resp.status == 200 and ("matches" in json.loads(payload) if path == "/v2/check"
                                             else "diagnostics" in json.loads(payload))
                with lock:
                    latencies.append(dt)
                    if not ok:
                        errors.append(f"{path}: HTTP {resp.status} {payload[:200]!r}")
            except Exception as e:  # noqa: BLE001 - every failure counts as an error
                with lock:
                    errors.append(f"{path}: {type(e).__name__}: {e}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    done = len(latencies) + sum(1 for e in errors if "HTTP" not in e)
    return {
        "requests": done, "planned": requests, "clients": clients, "errors": len(errors),
        "error_samples": errors[:5], "wall_s": round(wall, 3),
        "rps": round(done / wall, 1) if wall else 0.0,
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * percentile(latencies, 95), 1) if latencies else None,
        "max_ms": round(1000 * max(latencies), 1) if latencies else None,
    }


def baseline_ms(rounds: int = 3) -> float | None:
    """Median time of one in-process `mailcheck.lint` over the same drafts, measured in
    this run: the HTTP figures read as a ratio to it (8 clients share one process)."""
    try:
        sys.path.insert(0, str(ROOT))
        import mailcheck
    except ImportError:
        return None
    texts = drafts()
    for t in texts:
        mailcheck.lint(t)                      # warm-up: dictionaries, caches
    times = []
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter()
            mailcheck.lint(t)
            times.append(time.perf_counter() - t0)
    return round(1000 * statistics.median(times), 1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--url", help="an already running server on loopback")
    ap.add_argument("--workers", help="compare `serve --workers N` for each N of a list, e.g. 1,2")
    args = ap.parse_args(argv)
    if args.workers:
        return compare_workers([int(n) for n in args.workers.split(",")], args)
    proc = None
    if args.url:
        u = urllib.parse.urlsplit(args.url)
        host, port = u.hostname or "", u.port or 80
        if host not in LOOPBACK:
            ap.error("--url must be on loopback (127.0.0.1, localhost, ::1)")
    else:
        proc, port = start_server()
        host = "127.0.0.1"
    try:
        stats = run_load(host, port, args.requests, args.clients, args.time_limit)
    finally:
        if proc is not None:
            stop_server(proc)
    base = baseline_ms()
    stats["baseline_lint_ms"] = base
    if base and stats["p50_ms"]:
        stats["p50_over_baseline"] = round(stats["p50_ms"] / base, 1)
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    return 1 if stats["errors"] or stats["requests"] < stats["planned"] else 0


def compare_workers(counts: list[int], args) -> int:
    rows = []
    for n in counts:
        proc, port = start_server(extra_args=["--workers", str(n)])
        try:
            run_load("127.0.0.1", port, min(40, args.requests), args.clients, args.time_limit)   # warm every worker
            stats = run_load("127.0.0.1", port, args.requests, args.clients, args.time_limit)
        finally:
            stop_server(proc)
        rows.append((n, stats))
    base = rows[0][1]
    print(f"{args.requests} requests, {args.clients} clients, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'workers':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7} {'errors':>7}   vs the first")
    bad = 0
    for n, st in rows:
        bad += st["errors"] + (st["requests"] < st["planned"])
        ratio = (f"p50 x{st['p50_ms'] / base['p50_ms']:.2f}, p95 x{st['p95_ms'] / base['p95_ms']:.2f}, "
                 f"req/s x{st['rps'] / base['rps']:.2f}") if st["p50_ms"] and base["p50_ms"] else ""
        print(f"{n:8d} {st['p50_ms']:8} {st['p95_ms']:8} {st['max_ms']:8} {st['rps']:7} {st['errors']:7}   {ratio}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
