#!/usr/bin/env python3
"""Build rules/style/english.dawg.gz from rules/style/english.txt.gz.

The word list (its header says where it comes from) stays the source; this is
the same words as a DAWG, the format the speller's frequencies and pymorphy3's
dictionaries use. A run loads it in well under a millisecond, where building a
Python set of the 29,000 words took ~15 ms of every start (issue 15, cold
start). tests/test_ruledata_cache.py checks that the two hold the same words;
run this after editing the list.

Usage: python scripts/build_english_dawg.py
"""
from __future__ import annotations

import gzip
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = "style/english.txt.gz"
OUT = ROOT / "rules" / "style" / "english.dawg.gz"


def build() -> bytes:
    import dawg

    sys.path.insert(0, str(ROOT))
    from mailcheck import data

    words = data.load_set.__wrapped__(SOURCE)
    return gzip.compress(dawg.CompletionDAWG(words).tobytes(), compresslevel=9, mtime=0)


def main() -> None:
    OUT.write_bytes(build())
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
