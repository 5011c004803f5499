"""webext/build.py: the Chromium .zip and the Firefox .xpi from one source (issue 13)."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_SITES = {"https://mail.google.com/*", "https://mail.yandex.ru/*", "https://mail.yandex.com/*", "https://e.mail.ru/*"}


def build(tmp_path, *args):
    r = subprocess.run([sys.executable, str(ROOT / "webext" / "build.py"), "--out", str(tmp_path), *args],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def manifest_of(path: Path) -> dict:
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read("manifest.json"))


def test_zip_and_xpi(tmp_path):
    out = build(tmp_path)
    assert [Path(p).name for p in out] == ["mailcheck-chromium.zip", "mailcheck-firefox.xpi"]
    chromium, firefox = (manifest_of(Path(p)) for p in out)
    for m in (chromium, firefox):
        assert m["manifest_version"] == 3
        assert {p for cs in m["content_scripts"] for p in cs["matches"]} == REAL_SITES
        assert set(m["host_permissions"]) == REAL_SITES | {"http://127.0.0.1/*", "http://localhost/*"}
        assert m["permissions"] == ["storage"]
    assert chromium["background"] == {"service_worker": "background.js"} and "key" in chromium
    assert firefox["background"] == {"scripts": ["background.js"]} and "key" not in firefox
    assert firefox["browser_specific_settings"]["gecko"]["id"]
    with zipfile.ZipFile(out[0]) as z:
        names = set(z.namelist())
    for cs in chromium["content_scripts"]:
        assert set(cs["js"]) <= names
    assert {"background.js", "options/options.html", "icons/icon128.png"} <= names


def test_the_build_is_reproducible(tmp_path):
    a = build(tmp_path / "a")
    b = build(tmp_path / "b")
    assert [Path(p).read_bytes() for p in a] == [Path(p).read_bytes() for p in b]


def test_only_the_test_build_runs_on_127_0_0_1_pages(tmp_path):
    out = build(tmp_path, "--test")
    m = manifest_of(Path(out[0]))
    extra = {p for cs in m["content_scripts"] for p in cs["matches"]} - REAL_SITES
    assert extra == {"http://127.0.0.1/gmail.html*", "http://127.0.0.1/yandex.html*", "http://127.0.0.1/mailru.html*"}
    assert "тестовая" in m["name"]
