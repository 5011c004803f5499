"""`mailcheck serve` under a burst of long letters (issue 10): at most --max-lints lints
run at once, a lint past its budget answers 503 AND stops (its thread does not go on
burning the CPU), and a normal request after the burst is served at once. Run against a
real server on 127.0.0.1."""
from __future__ import annotations

import http.client
import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the [server] extra (starlette) is not installed")
pytest.importorskip("uvicorn", reason="the [server] extra (uvicorn) is not installed")
if not Path("/proc/self/task").is_dir():
    pytest.skip("counts a process's threads in /proc (Linux)", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import load_server  # noqa: E402

MAX_LINTS = 2
BURST = 6
BUDGET = 1.0
# a letter whose whole lint takes many seconds (thousands of sentences in one paragraph)
LONG = ("Здравствуйте, Анна!\n\n" + " ".join(f"Отправили отчёт {i}." for i in range(12000))
        + "\n\nС уважением,\nИван Петров\n")
SHORT = "Здравствуйте, Анна!\n\nМакет готов, посмотрите его, пожалуйста, до пятницы.\n\nС уважением,\nИван\n"


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")     # utime + stime


def post(port: int, text: str, timeout: float = 60) -> tuple[int, dict, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    t = time.monotonic()
    conn.request("POST", "/v1/lint", body=json.dumps({"text": text}).encode(),
                 headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    body = json.loads(r.read())
    conn.close()
    return r.status, body, time.monotonic() - t


@pytest.fixture(scope="module")
def server():
    proc, port = load_server.start_server(extra_args=["--max-lints", str(MAX_LINTS),
                                                      "--lint-timeout", str(BUDGET)])
    yield proc, port
    load_server.stop_server(proc)


def test_a_burst_of_long_letters(server):
    proc, port = server
    assert post(port, SHORT)[0] == 200           # warm: the first lint thread exists
    base = threads(proc.pid)
    results, seen = [], [base]
    done = threading.Event()

    def client():
        results.append(post(port, LONG))

    def sample():
        while not done.is_set():
            seen.append(threads(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    clients = [threading.Thread(target=client) for _ in range(BURST)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(60)
    done.set()
    sampler.join()

    assert [s for s, _, _ in results] == [503] * BURST, results
    assert all("error" in body for _, body, _ in results)
    # no more than MAX_LINTS lint threads at any time (the server's own thread is in `base`)
    assert max(seen) <= base - 1 + MAX_LINTS, (base, max(seen))

    # the abandoned lints stop: the server is idle soon after its 503s
    time.sleep(0.5)
    before = cpu_seconds(proc.pid)
    time.sleep(1.0)
    assert cpu_seconds(proc.pid) - before < 0.3

    # and a normal letter is served at once, by a free lint thread
    status, body, took = post(port, SHORT)
    assert status == 200 and "diagnostics" in body
    assert took < 2.0
    assert threads(proc.pid) <= base - 1 + MAX_LINTS


def test_max_lints_must_be_positive():
    import subprocess

    p = subprocess.run([sys.executable, "-m", "mailcheck", "serve", "--max-lints", "0"],
                       capture_output=True, timeout=60)
    assert p.returncode == 2 and b"Traceback" not in p.stderr
