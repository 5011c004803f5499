#!/usr/bin/env python3
"""Build the mailcheck browser extension from this folder (Python 3 standard library only).

    python3 webext/build.py                 # dist/mailcheck-chromium.zip and dist/mailcheck-firefox.xpi
    python3 webext/build.py --out DIR       # somewhere else
    python3 webext/build.py --unpacked DIR  # also unpacked folders DIR/chromium and DIR/firefox
    python3 webext/build.py --test --unpacked DIR
        # a TEST build: the content scripts also run on the fixture pages served
        # from 127.0.0.1 (tests/browser/fixtures/*.html). Never ship it.

manifest.json is the Chromium manifest (MV3). The Firefox one is derived from it:
no "key" (Chromium only: it fixes the extension id), a background script
instead of a service worker, and browser_specific_settings with the add-on id.
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ["background.js", "content/core.js", "content/gmail.js", "content/yandex.js", "content/mailru.js",
         "options/options.html", "options/options.css", "options/options.js",
         "icons/icon48.png", "icons/icon128.png"]
GECKO_ID = "mailcheck@mailcheck.local"
# the test build's extra content-script matches: one fixture page per webmail
TEST_MATCHES = {"content/gmail.js": "http://127.0.0.1/gmail.html*",
                "content/yandex.js": "http://127.0.0.1/yandex.html*",
                "content/mailru.js": "http://127.0.0.1/mailru.html*"}


def manifest(browser: str, test: bool) -> dict:
    m = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    if test:
        m["name"] += " (тестовая сборка)"
        for cs in m["content_scripts"]:
            for js, pattern in TEST_MATCHES.items():
                if js in cs["js"]:
                    cs["matches"].append(pattern)
    if browser == "firefox":
        m = copy.deepcopy(m)
        m.pop("key", None)
        m["background"] = {"scripts": ["background.js"]}
        # the draft goes only to mailcheck serve on this computer: nothing is collected
        m["browser_specific_settings"] = {"gecko": {"id": GECKO_ID, "strict_min_version": "140.0",
                                                    "data_collection_permissions": {"required": ["none"]}}}
    return m


def write_tree(dest: Path, browser: str, test: bool) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for f in FILES:
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / f, dest / f)
    (dest / "manifest.json").write_text(json.dumps(manifest(browser, test), ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")


def write_zip(path: Path, browser: str, test: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        # fixed timestamps: the same sources give the same archive
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
        add("manifest.json", (json.dumps(manifest(browser, test), ensure_ascii=False, indent=2) + "\n").encode())
        for f in FILES:
            add(f, (HERE / f).read_bytes())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Собрать расширение mailcheck для Chromium (.zip) и Firefox (.xpi).")
    ap.add_argument("--out", type=Path, default=HERE / "dist", help="куда положить архивы (по умолчанию webext/dist)")
    ap.add_argument("--unpacked", type=Path, help="ещё и распакованные папки DIR/chromium и DIR/firefox")
    ap.add_argument("--test", action="store_true", help="тестовая сборка: страницы-макеты с 127.0.0.1")
    args = ap.parse_args(argv)
    suffix = "-test" if args.test else ""
    outs = [args.out / f"mailcheck-chromium{suffix}.zip", args.out / f"mailcheck-firefox{suffix}.xpi"]
    write_zip(outs[0], "chromium", args.test)
    write_zip(outs[1], "firefox", args.test)
    if args.unpacked:
        write_tree(args.unpacked / "chromium", "chromium", args.test)
        write_tree(args.unpacked / "firefox", "firefox", args.test)
        outs += [args.unpacked / "chromium", args.unpacked / "firefox"]
    for o in outs:
        print(o)
    return 0


if __name__ == "__main__":
    sys.exit(main())
