"""`python -m mailcheck …` in a subprocess with a clean environment, for tests that
drive the real command line. Imported as a sibling module (pytest puts tests/ on sys.path)."""
from __future__ import annotations

import os
import subprocess
import sys


def env(tmp) -> dict:
    """The environment without MAILCHECK_*, NO_COLOR and PYTHON* variables, and with
    config and home folders inside `tmp` (no user's settings leak in)."""
    out = {k: v for k, v in os.environ.items() if not k.startswith(("MAILCHECK_", "NO_COLOR", "PYTHON"))}
    out.update(XDG_CONFIG_HOME=str(tmp / "xdg"), HOME=str(tmp / "home"), NO_COLOR="1")
    return out


def run(tmp, *args):
    """Run `mailcheck ARGS` in `tmp`; `.out`/`.err` are the decoded streams, and a
    traceback on stderr fails the test."""
    r = subprocess.run([sys.executable, "-m", "mailcheck", *args], capture_output=True, cwd=tmp,
                       env=env(tmp), timeout=600)
    r.out, r.err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert "Traceback" not in r.err, r.err
    return r
