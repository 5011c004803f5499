#!/usr/bin/env python3
"""Probe the speller's precision on real web words the dictionary lacks.

Development-time only (needs ``wordfreq``; mailcheck never imports it at run
time). Takes the most frequent Russian words in wordfreq's ``large`` list that
the speller does not accept as known (pymorphy3 + shipped vocabulary) and
reports how many it flags *with a confident first suggestion*. These words are
overwhelmingly right as written (инстаграм, лайфхак, ютуб, 10-ти, ооочень),
with some genuine frequent misspellings («щас», «чо», «сёдня»), so every
confident flag on a right word is a false correction on real blog text.

  python scripts/probe_unknown_words.py [--top 3000] [--out probe.tsv]
      list word, Zipf, verdict, first suggestion for the top unknown words
  python scripts/probe_unknown_words.py --labelled tests/data/spelling_web_unknown.tsv
      score a hand-labelled sample (word<TAB>ok|typo<TAB>correction):
      false-correction rate on right words, precision of confident flags

Without --labelled it prints the summary and writes the listing.
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailcheck.language import speller  # noqa: E402

CYR = re.compile(r"^[а-яё]+(-[а-яё]+)*$")


def verdict(word: str):
    """('ok'|'flag'|'confident', first suggestion) for a lower-case word
    inside a sentence."""
    v = speller.judge(word, False)
    if v is None:
        return "ok", ""
    if v.confident and v.suggestions:
        return "confident", v.suggestions[0]
    return "flag", v.suggestions[0] if v.suggestions else ""


def load_labelled(path):
    rows = []
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        word, label = parts[0], parts[1]
        fix = parts[2] if len(parts) > 2 else ""
        rows.append((word, label, fix))
    return rows


def score_labelled(rows) -> dict:
    """Figures for a labelled sample; used by tests/test_spelling.py too."""
    ok_n = ok_conf = ok_flag = typo_n = typo_caught = 0
    conf = conf_right = 0
    wrong = []
    for word, label, fix in rows:
        kind, sugg = verdict(word)
        if label == "ok":
            ok_n += 1
            ok_flag += kind != "ok"
            if kind == "confident":
                ok_conf += 1
                conf += 1
                wrong.append((word, sugg, "right word"))
        else:
            typo_n += 1
            typo_caught += kind != "ok"
            if kind == "confident":
                conf += 1
                good = speller.fold(sugg) == speller.fold(fix)
                conf_right += good
                if not good:
                    wrong.append((word, sugg, f"want {fix}"))
    return {"ok": ok_n, "ok_confident": ok_conf, "ok_flagged": ok_flag, "typo": typo_n,
            "typo_caught": typo_caught, "confident": conf, "confident_right": conf_right,
            "precision": conf_right / conf if conf else 1.0, "wrong": wrong}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=3000, help="how many unknown words to probe")
    ap.add_argument("--out", default=None, help="write the listing here (TSV)")
    ap.add_argument("--labelled", default=None, help="score a labelled sample instead")
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()

    if a.labelled:
        r = score_labelled(load_labelled(a.labelled))
        if a.v:
            for w, s, why in r["wrong"]:
                print(f"WRONG {w} -> {s} ({why})")
        print(f"labelled sample: {r['ok']} right words, {r['typo']} misspellings")
        print(f"right words flagged with a confident suggestion: {r['ok_confident']}/{r['ok']} "
              f"({100 * r['ok_confident'] / max(r['ok'], 1):.1f} %), flagged at all {r['ok_flagged']}")
        print(f"misspellings flagged: {r['typo_caught']}/{r['typo']}")
        print(f"precision of confident flags: {r['confident_right']}/{r['confident']} "
              f"({100 * r['precision']:.1f} %)")
        return 0

    import wordfreq

    sp = speller.default()
    rows = []
    for w in wordfreq.top_n_list("ru", 200000, wordlist="large"):
        if not CYR.match(w) or len(w) < 2:
            continue
        if sp.status(w) == "known":
            continue
        z = wordfreq.zipf_frequency(w, "ru", wordlist="large")
        kind, sugg = verdict(w)
        rows.append((w, z, kind, sugg))
        if len(rows) >= a.top:
            break
    n = len(rows)
    conf = sum(r[2] == "confident" for r in rows)
    flag = sum(r[2] != "ok" for r in rows)
    print(f"{n} most frequent unknown words (Zipf {rows[0][1]:.2f} .. {rows[-1][1]:.2f}): "
          f"flagged {flag} ({100 * flag / n:.1f} %), with a confident suggestion {conf} ({100 * conf / n:.1f} %)")
    if a.out:
        with open(a.out, "w", encoding="utf-8") as fh:
            for w, z, kind, sugg in rows:
                fh.write(f"{w}\t{z:.2f}\t{kind}\t{sugg}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
