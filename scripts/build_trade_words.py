#!/usr/bin/env python3
"""Build rules/spelling/hunspell-ru.dawg: words of the hunspell Russian
dictionary that pymorphy3's dictionary lacks — mostly terms of trades and
sciences (medicine, construction, engineering, chemistry: «гистероскопия»,
«шумозащита», «гидромассаж», «однофазный»), which the speller then accepts.

Development-time only. Source: the npm package `dictionary-ru` (3.0.0), the
ru_RU hunspell dictionary by Alexander I. Lebedev (1997-2008), BSD-3-Clause
licence (the licence text travels with the list in rules/spelling/README.md).
Fetch it with the npm client and point this script at its `index.dic`:

    npm pack dictionary-ru && tar xzf dictionary-ru-3.0.0.tgz
    python scripts/build_trade_words.py package/index.dic

Kept: the dictionary's entries (lemmas and the forms it lists) written in
lower-case Cyrillic letters only, that pymorphy3 does not know, ё folded into
е; entries of rules/spelling/corrections.toml (known misspellings, such as the
old «подскользнуться») are dropped. Every form of a kept lemma is accepted
through pymorphy3's prediction (mailcheck/language/speller/family.py).
"""
from __future__ import annotations

import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "spelling" / "hunspell-ru.dawg"
CYR = re.compile(r"^[а-яё]+$")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: build_trade_words.py path/to/index.dic", file=sys.stderr)
        return 2
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    table = tomllib.loads((ROOT / "rules" / "spelling" / "corrections.toml").read_text(encoding="utf-8"))
    bad = set(table.get("corrections", {}))
    words = set()
    lines = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        w = line.split("/", 1)[0].strip()
        if not CYR.match(w) or len(w) < 4 or morph.word_is_known(w):
            continue
        f = w.replace("ё", "е")
        if f not in bad:
            words.add(f)
    import dawg  # DAWG2, installed with pymorphy3[fast]

    dawg.CompletionDAWG(sorted(words)).save(str(OUT))   # uncompressed: the wheel, a zip, compresses it
    print(f"{len(words)} words -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
