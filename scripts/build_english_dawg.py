#!/usr/bin/env python3
"""Build rules/style/english.dawg from rules/style/english.txt.gz, and the
index of those words by sound skeleton (rules/style/english-sounds.dawg) that
style.jargon looks borrowed verbs up in (translit.english_root).

The word list (its header says where it comes from) stays the source; this is
the same words as a DAWG, the format the speller's frequencies and pymorphy3's
dictionaries use. A run loads it in well under a millisecond, where building a
Python set of the 29,000 words took ~15 ms of every start (issue 15, cold
start). tests/test_ruledata_cache.py checks that the two hold the same words;
run this after editing the list.

Usage: python scripts/build_english_dawg.py
"""
from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = "style/english.txt.gz"
OUT = ROOT / "rules" / "style" / "english.dawg"
SOUNDS = ROOT / "rules" / "style" / "english-sounds.dawg"


def build() -> bytes:
    import dawg

    sys.path.insert(0, str(ROOT))
    from mailcheck import data

    words = data.load_set.__wrapped__(SOURCE)
    return dawg.CompletionDAWG(words).tobytes()   # uncompressed: the wheel, a zip, compresses it


def build_sounds() -> bytes:
    """The skeleton → words index of mailcheck.language.translit as a DAWG of
    «skeleton\x01word» keys, uncompressed (run after english.dawg is written: the
    index reads the word list)."""
    import dawg

    sys.path.insert(0, str(ROOT))
    from mailcheck.language import translit

    index = translit.build_english_index()
    return dawg.CompletionDAWG(f"{sk}{translit._SEP}{w}" for sk, words in index.items() for w in words).tobytes()


def main() -> None:
    OUT.write_bytes(build())
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")
    SOUNDS.write_bytes(build_sounds())
    print(f"{SOUNDS.relative_to(ROOT)}: {SOUNDS.stat().st_size} bytes")


if __name__ == "__main__":
    main()
