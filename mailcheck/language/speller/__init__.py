"""Offline Russian speller: detection by the pymorphy3 dictionary, ranked
suggestions by a noisy-channel score (word frequency x how typical the slip is).

Plain functions and classes; the `spelling` rule (mailcheck/rules/checks/spelling.py)
and the scripts in scripts/ and bench/ use it. The parts: `model` (the error
model and thresholds), `words` (frequencies, known misspellings, vocabulary),
`detect` (known/suspect/unknown and the verdict), `candidates` (generation),
`splits` (words written together, missing hyphens), `rank` (ranking, sure
grammar slips), `phrases` (words wrong in their phrase), `confusion`
(real-word errors by context), `family` (words of a known family: hunspell
terms, forms of web loan nouns, derivations).

How a word is judged
--------------------
* **Known** words pass: the pymorphy3 dictionary (ё and е both accepted),
  hyphenated words whose parts are known («бизнес-процесс»), words with a
  long known prefix («видеосвязь» = видео + связь), the shipped vocabulary
  (`rules/spelling/vocabulary.txt`, lemmas, every form) and the user's.
* **Suspect** words are known only as distortions (pymorphy3's Dist/Erro
  marks, e.g. «придти», «прийдется»); they are judged like unknown ones but
  start with a bonus, so only a clearly better candidate flags them.
* For an unknown word the speller scores candidates within one edit (any
  letter inserted, dropped, replaced, two swapped) and two edits of the cheap,
  typical kinds (е/и, о/а, е/я, voiced/voiceless pairs, doubled or single
  consonants, missing ь/ъ, тся/ться, ц/тс, a key next on the keyboard), plus
  splitting («незнаю» → «не знаю») and a hyphen before a particle
  («както» → «как-то»). A candidate's score is its Zipf frequency
  (rules/spelling/freq.dawg) plus the log10 cost of the slips.
* The word is flagged with a suggestion only when the best candidate beats
  the word's own score (its frequency on the web, if any) by a margin and the
  runner-up by another; unsure cases are left alone (precision first).
* The verdict's `level` follows confidence: "error" (almost surely wrong,
  with a fix), "warning" (`probable`: a long unknown word one slip from a
  single common word, two long words glued) or "suggestion" (unknown word).

Costs are log10 probabilities of the slip (0 = free, -1 = one in ten).
"""

from __future__ import annotations

from .candidates import _candidates_cached
from .detect import Finding, Speller, Verdict, check_text, default, destretch, judge
from .phrases import PhraseFinding, context_findings, phrases
from .rank import _stem_rules
from .words import (
    corrections,
    expand_forms,
    fold,
    frequencies,
    shipped_vocabulary,
    vocabulary_lemmas,
)

__all__ = [
    "Speller", "Verdict", "Finding", "destretch", "PhraseFinding", "default", "judge", "check_text",
    "context_findings", "phrases", "fold", "frequencies", "corrections", "vocabulary_lemmas",
    "expand_forms", "shipped_vocabulary", "_candidates_cached", "_stem_rules",
]
