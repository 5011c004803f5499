"""A real headless Chromium for the web page and the extension (issue 13).

Debian's `chromium` and `chromium-driver` with selenium (`.ci/install-clients.sh`
installs them). Where any is absent every `browser` test is skipped, naming
what is missing. The server is the public CLI: `python -m mailcheck serve`.

Screenshots go to tests/artefacts/browser/ (git-ignored), or to
$MAILCHECK_ARTEFACTS when set.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTEFACTS = Path(os.environ.get("MAILCHECK_ARTEFACTS") or ROOT / "tests" / "artefacts" / "browser")
# the extension's id: fixed by the "key" in webext/manifest.json
EXTENSION_ID = "ckepapgmknkajieopignikehdgacmckh"
EXTENSION_ORIGIN = f"chrome-extension://{EXTENSION_ID}"


def _find(*names: str) -> str | None:
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def _given(var: str) -> str | None:
    """A path from the environment (MAILCHECK_CHROMIUM, MAILCHECK_CHROMEDRIVER), if it is a program."""
    p = os.environ.get(var)
    return p if p and os.path.isfile(p) and os.access(p, os.X_OK) else None


CHROMIUM = _given("MAILCHECK_CHROMIUM") or (None if os.environ.get("MAILCHECK_CHROMIUM")
                                             else _find("chromium", "chromium-browser"))
CHROMEDRIVER = _given("MAILCHECK_CHROMEDRIVER") or (None if os.environ.get("MAILCHECK_CHROMEDRIVER")
                                                     else _find("chromedriver", "chromium.chromedriver"))


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not CHROMIUM:
        return "chromium is not installed (apt-get install chromium; .ci/install-clients.sh does it)"
    if not CHROMEDRIVER:
        return "chromedriver is not installed (apt-get install chromium-driver; .ci/install-clients.sh does it)"
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return "the server extra is not installed (pip install -e '.[server]')"
    return None


MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if MISSING:
                item.add_marker(pytest.mark.skip(reason=MISSING))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited: {proc.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


@pytest.fixture(scope="session")
def server():
    """`mailcheck serve` on a free port; the extension's origin allowed (--allow-origin)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MAILCHECK_LANGUAGETOOL_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "mailcheck", "serve", "--port", str(port),
                             "--allow-origin", EXTENSION_ORIGIN],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_http(f"http://127.0.0.1:{port}/v2/healthcheck", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def fixture_site():
    """The webmail stand-ins (tests/browser/fixtures) served from 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(FIXTURES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def silent_server():
    """A port that accepts connections and never answers: a server slower than 2 s."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        s.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                conn, _ = s.accept()
                held.append(conn)
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{s.getsockname()[1]}"
    stop.set()
    t.join(2)
    for c in held:
        c.close()
    s.close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS


@pytest.fixture(scope="session")
def extension_dir(tmp_path_factory) -> Path:
    """The TEST build of the extension (content scripts also on the 127.0.0.1 fixtures), unpacked."""
    out = tmp_path_factory.mktemp("webext")
    subprocess.run([sys.executable, str(ROOT / "webext" / "build.py"), "--test", "--out", str(out),
                    "--unpacked", str(out)], check=True, capture_output=True)
    return out / "chromium"


def make_driver(tmp_path_factory, extension: Path | None = None, size=(1280, 860)):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
                 "--lang=ru-RU", "--force-device-scale-factor=1"]:
        opts.add_argument(flag)
    if extension is not None:
        opts.add_argument(f"--load-extension={extension}")
        opts.add_argument(f"--disable-extensions-except={extension}")
        # Chromium 137+ needs this for --load-extension in automated sessions
        opts.add_argument("--enable-unsafe-extension-debugging")
    else:
        opts.add_argument("--disable-extensions")
    # chromedriver's own defaults include --disable-extensions: keep it from fighting --load-extension
    opts.add_experimental_option("excludeSwitches", ["disable-extensions", "enable-automation"])
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


@pytest.fixture(scope="session")
def page_driver(tmp_path_factory):
    d = make_driver(tmp_path_factory)
    yield d
    d.quit()


@pytest.fixture(scope="session")
def ext_driver(tmp_path_factory, extension_dir):
    d = make_driver(tmp_path_factory, extension_dir, size=(1280, 900))
    yield d
    d.quit()


def set_extension_settings(driver, **settings) -> None:
    """Write the extension's settings through its own options page (chrome.storage.local)."""
    driver.get(f"{EXTENSION_ORIGIN}/options/options.html")
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "chrome.storage.local.set(JSON.parse(arguments[0])).then(() => done(true));",
        json.dumps(settings))
