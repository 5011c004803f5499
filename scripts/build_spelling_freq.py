#!/usr/bin/env python3
"""Build rules/spelling/freq.dawg, the word-frequency list the speller ranks by.

Development-time only: needs the ``wordfreq`` package (data CC BY-SA 4.0,
https://github.com/rspeer/wordfreq); mailcheck never imports it at run time.

What goes in:
  * Russian words from wordfreq's ``large`` list (Zipf >= --min-zipf),
  * written in Cyrillic letters only,
  * that pymorphy3's dictionary knows (so the web's own misspellings such as
    «вообщем» or «пожалуста», which wordfreq also counts, never become
    suggestions),
  * not words whose every reading is a proper name (Name/Surn/Patr/Geox/Orgn/
    Trad) - a lowercase slip is not corrected into a surname;
  * ё is folded into е and the two frequencies added up.

Format: an uncompressed completion DAWG (`dawg.IntCompletionDAWG` of DAWG2,
which pymorphy3[fast] installs; loads in a few milliseconds, and answers "does
any word start with this prefix", which prunes the candidate search) mapping each
word to ``Zipf x 100 x 2 + known``, where known=1 marks dictionary words (the
only ones ever suggested) and known=0 marks frequent web-only words (slang,
new words and common misspellings), kept only so an unknown word's own
frequency can weigh against its candidates. Provenance goes to
rules/spelling/README.md (rewritten here, keep it next to the data).

Usage: python scripts/build_spelling_freq.py [--min-zipf 1.5]
"""
from __future__ import annotations

import argparse
import collections
from importlib import metadata
import math
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "spelling" / "freq.dawg"
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}
CYR = re.compile(r"^[а-яё]+$")


def main() -> None:
    import pymorphy3
    import wordfreq

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-zipf", type=float, default=1.0)
    ap.add_argument("--min-zipf-unknown", type=float, default=2.0)
    a = ap.parse_args()

    morph = pymorphy3.MorphAnalyzer()
    freq: dict[str, float] = collections.defaultdict(float)
    total = kept = 0
    for w in wordfreq.top_n_list("ru", 10**7, wordlist="large"):
        if not CYR.match(w):
            continue
        z = wordfreq.zipf_frequency(w, "ru", wordlist="large")
        if z < a.min_zipf:
            break  # the list is sorted by frequency
        total += 1
        if not morph.word_is_known(w):
            continue
        parses = morph.parse(w)
        if parses and all(PROPER & set(p.tag.grammemes) for p in parses if p.is_known):
            continue
        kept += 1
        freq[w.replace("ё", "е")] += 10 ** z  # Zipf = log10(per billion words)

    # web-only words: frequent Cyrillic tokens the dictionary lacks. Never
    # suggested; they only tell the speller how common an unknown word is
    # (slang and new words are frequent, most misspellings are not).
    unknown: dict[str, float] = collections.defaultdict(float)
    for w in wordfreq.top_n_list("ru", 10**7, wordlist="large"):
        if not CYR.match(w):
            continue
        z = wordfreq.zipf_frequency(w, "ru", wordlist="large")
        if z < a.min_zipf_unknown:
            break
        f = w.replace("ё", "е")
        if f not in freq and not morph.word_is_known(w):
            unknown[f] += 10 ** z

    import dawg  # DAWG2, installed with pymorphy3[fast]

    # value = Zipf x 100 x 2 + 1 for dictionary words (suggestable), + 0 for web-only
    items = [(w, round(math.log10(f) * 100) * 2 + 1) for w, f in freq.items()]
    items += [(w, round(math.log10(f) * 100) * 2) for w, f in unknown.items()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    dawg.IntCompletionDAWG(items).save(str(OUT))
    print(f"{kept} of {total} Cyrillic words kept, {len(freq)} after ё-folding, "
          f"{len(unknown)} web-only -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")

    (OUT.parent / "README.md").write_text(README.format(
        wordfreq_version=metadata.version("wordfreq"),
        dicts_version=metadata.version("pymorphy3-dicts-ru"),
        min_zipf=a.min_zipf, min_zipf_unknown=a.min_zipf_unknown, words=len(freq),
        unknown=len(unknown)), encoding="utf-8")


README = """\
# Spelling data

- `freq.dawg` — word frequencies the speller ranks its suggestions by.
  **Source:** the `wordfreq` package ({wordfreq_version}) by Robyn Speer et al.,
  Russian `large` list (Wikipedia, subtitles, news, books, web text, Twitter,
  Reddit). **Licence of the data:** Creative Commons Attribution-ShareAlike
  4.0 (CC BY-SA 4.0), https://github.com/rspeer/wordfreq — this derived file
  is shared under the same licence.
  **How it is built:** `python scripts/build_spelling_freq.py
  --min-zipf {min_zipf}` (development time only; mailcheck never imports
  wordfreq at run time). Only words the pymorphy3 dictionary
  (pymorphy3-dicts-ru {dicts_version}) knows are kept
  (so the web's own misspellings never become suggestions), proper names are
  dropped, ё is folded into е: {words} words. Also {unknown} frequent
  web-only words the dictionary lacks (Zipf >= {min_zipf_unknown}; never
  suggested, only used to weigh an unknown word's own frequency). Format:
  an uncompressed completion DAWG (`dawg.IntCompletionDAWG`; pymorphy3's
  dictionaries are DAWGs too) from word to `Zipf x 200 + 1` for dictionary words, `Zipf x 200` for
  web-only words.
- `hunspell-ru.dawg` — 11361 words of the hunspell Russian dictionary that
  the pymorphy3 dictionary lacks, mostly terms of trades and sciences
  (medicine, construction, engineering: «гистероскопия», «шумозащита»,
  «однофазный»); the speller accepts them and every form pymorphy3 predicts for
  them (`mailcheck/language/speller/family.py`). **Source:** the npm package
  `dictionary-ru` 3.0.0 (the ru_RU hunspell dictionary, Copyright (c)
  1997-2008 Alexander I. Lebedev). **Licence:** BSD-3-Clause, text in
  `hunspell-ru.LICENSE`; this list is a modified version (a subset, ё folded
  into е), stored as an uncompressed completion DAWG (`dawg.CompletionDAWG`),
  which loads in ~0.1 ms. Chosen because it is open (permissive licence), curated (no web
  misspellings) and covers the trade terms pymorphy3's OpenCorpora dictionary
  misses. **How it is built:** `npm pack dictionary-ru`, unpack, then
  `python scripts/build_trade_words.py package/index.dic` (development time only).
- `vocabulary.txt` — business and IT words the pymorphy3 dictionary lacks
  (маркетплейс, видеосвязь, чек-лист…), one lemma a line; every inflected
  form is accepted (forms come from pymorphy3). Hand-kept, project licence.
- `corrections.toml` — frequent misspellings and slang spellings whose
  correction is not one small edit away (or ambiguous by edits alone), e.g.
  «вообщем» → «в общем», «ваще» → «вообще». Hand-kept, project licence.
"""

if __name__ == "__main__":
    main()
