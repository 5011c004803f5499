#!/usr/bin/env python3
"""Score the speller on a development set of sentence pairs.

Input: a TSV of `source<TAB>corrected` sentences (default
tests/data/spelling_dev.tsv; `#` lines are comments). Source and correction
are aligned word by word (difflib); every differing chunk is one real
misspelling. Reports:

  precision  of the words flagged with a first suggestion (confident
             findings), the share whose first suggestion is exactly the
             human correction (ё = е, case ignored)
  recall     share of the real misspellings flagged at all
  fix rate   share of the real misspellings corrected exactly
  accuracy   first-suggestion accuracy: of the caught misspellings that got a
             suggestion, the share whose first suggestion is exactly right
  false alarms  flags on words the human left alone

Usage: python scripts/eval_spelling.py [file.tsv] [-v]
"""
from __future__ import annotations

import argparse
import difflib
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from razdel import tokenize  # noqa: E402

from mailcheck import speller  # noqa: E402


def words(text):
    return [(t.start, t.stop, t.text) for t in tokenize(text) if any(ch.isalnum() for ch in t.text)]


def norm(s: str) -> str:
    return " ".join(s.lower().replace("ё", "е").split())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv", nargs="?", default=str(ROOT / "tests" / "data" / "spelling_dev.tsv"))
    ap.add_argument("-v", action="store_true", help="list every miss and wrong flag")
    a = ap.parse_args()

    n_err = caught = fixed = flagged_conf = right_conf = sugg_caught = sugg_right = fa = fa_conf = 0
    n_words = 0
    log = []
    for line in pathlib.Path(a.tsv).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, dst = line.split("\t")
        sw, dw = words(src), words(dst)
        n_words += len(sw)
        sm = difflib.SequenceMatcher(a=[norm(w[2]) for w in sw], b=[norm(w[2]) for w in dw], autojunk=False)
        target = {}  # source word index -> (chunk id, target text)
        chunks = []
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                continue
            if i1 == i2:
                continue  # a word the writer left out: not a spelling slip
            cid = len(chunks)
            chunks.append((i1, i2, " ".join(w[2] for w in dw[j1:j2])))
            for i in range(i1, i2):
                target[i] = cid
        findings = speller.check_text(src)
        by_start = {f.start: f for f in findings}
        hit = [None] * len(chunks)
        for i, (s, e, t) in enumerate(sw):
            f = by_start.get(s)
            if f is None:
                continue
            if i in target:
                cid = target[i]
                hit[cid] = f
            else:
                fa += 1
                fa_conf += bool(f.confident and f.suggestions)
                flagged_conf += bool(f.confident and f.suggestions)
                log.append(f"FALSE ALARM {t!r} -> {f.suggestions[:3]}  | {src}")
        for cid, (i1, i2, want) in enumerate(chunks):
            n_err += 1
            f = hit[cid]
            src_chunk = " ".join(w[2] for w in sw[i1:i2])
            if f is None:
                log.append(f"MISS {src_chunk!r} -> {want!r}")
                continue
            caught += 1
            if f.suggestions:
                sugg_caught += 1
                # the suggestion replaces the flagged word inside the chunk
                fixed_chunk = " ".join(f.suggestions[0] if w[0] == f.start else w[2] for w in sw[i1:i2])
                ok = norm(fixed_chunk) == norm(want)
                sugg_right += ok
                if f.confident:
                    flagged_conf += 1
                    right_conf += ok
                    fixed += ok
                if not ok:
                    log.append(f"WRONG {src_chunk!r} -> {f.suggestions[:3]} want {want!r}"
                               f"{'' if f.confident else ' (unsure)'}")
            else:
                log.append(f"NO SUGGESTION {src_chunk!r} want {want!r}")

    if a.v:
        print("\n".join(log))
    pct = lambda x, y: f"{100 * x / y:.1f} %" if y else "n/a"
    print(f"dev set: {n_words} words, {n_err} misspellings")
    print(f"precision {pct(right_conf, flagged_conf)} ({right_conf}/{flagged_conf} flagged with a first suggestion are exactly right)")
    print(f"recall    {pct(caught, n_err)} ({caught}/{n_err} misspellings flagged)")
    print(f"fix rate  {pct(fixed, n_err)} ({fixed}/{n_err} corrected exactly)")
    print(f"first-suggestion accuracy {pct(sugg_right, sugg_caught)} ({sugg_right}/{sugg_caught})")
    print(f"false alarms {fa} on {n_words - n_err} correct words ({fa_conf} with a first suggestion)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
