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

from mailcheck.language import speller  # noqa: E402


def words(text):
    return [(t.start, t.stop, t.text) for t in tokenize(text) if any(ch.isalnum() for ch in t.text)]


def norm(s: str) -> str:
    return " ".join(s.lower().replace("ё", "е").split())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv", nargs="?", default=str(ROOT / "tests" / "data" / "spelling_dev.tsv"))
    ap.add_argument("-v", action="store_true", help="list every miss and wrong flag")
    ap.add_argument("--section", choices=("all", "tuning", "held-out", "each"), default="each",
                    help="which part of a file with a '# ==== HELD-OUT' marker line to score "
                         "(default: each part separately, then all)")
    a = ap.parse_args()

    lines = pathlib.Path(a.tsv).read_text(encoding="utf-8").splitlines()
    cut = next((i for i, ln in enumerate(lines) if ln.startswith("# ==== HELD-OUT")), None)
    parts = {"all": lines}
    if cut is not None:
        parts = {"tuning": lines[:cut], "held-out": lines[cut:], "all": lines}
    names = list(parts) if a.section == "each" else [a.section]
    for name in names:
        if name not in parts:
            continue
        print(f"== {name} ==")
        score(parts[name], a.v)
    return 0


def score(lines, verbose=False) -> dict:
    n_err = caught = fixed = flagged_conf = right_conf = sugg_caught = sugg_right = fa = fa_conf = 0
    n_words = 0
    log = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        src, dst = line.split("\t")
        sw, dw = words(src), words(dst)
        n_words += len(sw)
        sm = difflib.SequenceMatcher(a=[norm(w[2]) for w in sw], b=[norm(w[2]) for w in dw], autojunk=False)
        target = {}  # source word index -> chunk id
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
        hit = [None] * len(chunks)
        for f in findings:
            cover = [i for i, w in enumerate(sw) if w[0] >= f.start and w[1] <= f.end]
            cids = sorted({target[i] for i in cover if i in target})
            if not cids:
                fa += 1
                conf = bool(f.confident and f.suggestions)
                fa_conf += conf
                flagged_conf += conf
                log.append(f"FALSE ALARM {f.word!r} -> {f.suggestions[:3]}  | {src}")
                continue
            for cid in cids:
                hit[cid] = hit[cid] or (f, cover, cids)
        for cid, (i1, i2, want) in enumerate(chunks):
            n_err += 1
            src_chunk = " ".join(w[2] for w in sw[i1:i2])
            if hit[cid] is None:
                log.append(f"MISS {src_chunk!r} -> {want!r}")
                continue
            f, cover, cids = hit[cid]
            caught += 1
            if cids[0] != cid:
                continue  # one finding spanning several chunks is scored once
            if not f.suggestions:
                log.append(f"NO SUGGESTION {src_chunk!r} want {want!r}")
                continue
            region = set(cover)
            for c in cids:
                region |= set(range(chunks[c][0], chunks[c][1]))
            lo, hi = min(region), max(region)
            exp, got, done_c, done_f = [], [], set(), False
            for i in range(lo, hi + 1):
                c = target.get(i)
                if c is not None and c in cids:
                    if c not in done_c:
                        exp.append(chunks[c][2]); done_c.add(c)
                else:
                    exp.append(sw[i][2])
                if i in cover:
                    if not done_f:
                        got.append(f.suggestions[0]); done_f = True
                else:
                    got.append(sw[i][2])
            ok = norm(" ".join(got)) == norm(" ".join(exp))
            sugg_caught += 1
            sugg_right += ok
            if f.confident:
                flagged_conf += 1
                right_conf += ok
                fixed += ok
            if not ok:
                log.append(f"WRONG {src_chunk!r} -> {f.suggestions[:3]} want {want!r}"
                           f"{'' if f.confident else ' (unsure)'}")

    if verbose:
        print("\n".join(log))
    pct = lambda x, y: f"{100 * x / y:.1f} %" if y else "n/a"
    print(f"dev set: {n_words} words, {n_err} misspellings")
    print(f"precision {pct(right_conf, flagged_conf)} ({right_conf}/{flagged_conf} flagged with a first suggestion are exactly right)")
    print(f"recall    {pct(caught, n_err)} ({caught}/{n_err} misspellings flagged)")
    print(f"fix rate  {pct(fixed, n_err)} ({fixed}/{n_err} corrected exactly)")
    print(f"first-suggestion accuracy {pct(sugg_right, sugg_caught)} ({sugg_right}/{sugg_caught})")
    print(f"false alarms {fa} on {n_words - n_err} correct words ({fa_conf} with a first suggestion)")
    return {"precision": right_conf / flagged_conf if flagged_conf else 1.0,
            "recall": caught / n_err if n_err else 1.0,
            "accuracy": sugg_right / sugg_caught if sugg_caught else 1.0,
            "false_alarms": fa, "false_alarms_confident": fa_conf}


if __name__ == "__main__":
    sys.exit(main())
