"""The wheel's parsed copy of the rule data (`_toml_cache.json`, written by
setup.py) is the TOML in rules/, and is used only while it is."""
from __future__ import annotations

import tomllib
from pathlib import Path

from mailcheck import data

RULES = Path(__file__).resolve().parent.parent / "rules"


def test_cache_holds_exactly_the_toml():
    cache = data.build_toml_cache(RULES)
    tomls = sorted(p.relative_to(RULES).as_posix() for p in RULES.rglob("*.toml"))
    assert sorted(cache) == tomls                     # every file: rule data holds no dates
    for name, (digest, parsed) in cache.items():
        text = (RULES / name).read_text(encoding="utf-8")
        assert digest == data._digest(text)
        assert parsed == tomllib.loads(text), name


def test_a_stale_entry_is_not_used(monkeypatch):
    name = "signoff.toml"
    text = data.read_text(name)
    fresh = tomllib.loads(text)
    for entry, expect_cached in (([data._digest(text), {"cached": True}], True),
                                 (["0" * 32, {"cached": True}], False)):
        monkeypatch.setattr(data, "_toml_cache", lambda: {name: entry})
        data.load_toml.cache_clear()
        try:
            got = data.load_toml(name)
        finally:
            data.load_toml.cache_clear()
        assert got == ({"cached": True} if expect_cached else fresh)


def test_the_english_dawg_holds_exactly_the_word_list():
    """rules/style/english.dawg is english.txt.gz as a DAWG (scripts/build_english_dawg.py):
    the same words, so the list stays the source of truth."""
    from mailcheck.language import layout

    layout.english_words.cache_clear()
    words = layout.english_words()
    assert type(words).__name__ == "_WordDawg"          # the fast path is the one in use
    assert set(words) == data.load_set("style/english.txt.gz")
    assert len(words) == len(data.load_set("style/english.txt.gz"))


def test_the_shipped_english_sound_index_is_the_one_translit_builds():
    """rules/style/english-sounds.dawg (scripts/build_english_dawg.py) is exactly
    translit.build_english_index() over the current word list and skeleton rules,
    each skeleton's words in the same order."""
    from mailcheck.language import translit

    translit._english_index.cache_clear()
    shipped = translit._english_index()
    assert type(shipped).__name__ == "_SoundIndex"      # the fast path is the one in use
    built = translit.build_english_index()
    assert dict(shipped.items()) == built
    assert len(built) > 10_000
    sk, words = next(iter(built.items()))
    assert shipped.get(sk) == words and shipped.get("no such skeleton") is None


def test_a_checkout_reads_its_own_rules(tmp_path):
    """`mailcheck/` run from a checkout (PYTHONPATH, `python -m` inside it) reads that
    checkout's `rules/`, not those of whichever checkout is the editable install:
    a benchmark of an older commit measured it with the newer commit's data."""
    import shutil
    import subprocess
    import sys

    src = Path(data.__file__).resolve().parent
    shutil.copytree(src, tmp_path / "mailcheck", ignore=shutil.ignore_patterns("__pycache__", "static"))
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "signoff.toml").write_text("", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", "from mailcheck import data; print(data.root())"],
                         cwd=tmp_path, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, check=True).stdout.strip()
    assert Path(out) == tmp_path / "rules"


def test_the_frequency_dawg_loads_the_same_from_its_path_and_from_bytes(monkeypatch):
    """The speller loads freq.dawg from its file where there is one (~3 ms) and
    from its bytes where the data is not a plain file: the same DAWG."""
    import random

    from mailcheck.language.speller import words

    assert data.file_path("spelling/freq.dawg") is not None       # a checkout: a plain file
    assert data.file_path("spelling/no-such-file") is None
    from_path = words.frequencies.__wrapped__()
    monkeypatch.setattr(data, "file_path", lambda name: None)
    from_bytes = words.frequencies.__wrapped__()
    keys = from_path.keys()
    assert len(keys) == len(from_bytes.keys()) > 400_000
    for k in random.Random(1).sample(keys, 2000) + ["нет-такого-слова"]:
        assert from_path.get(k) == from_bytes.get(k)


def test_the_hunspell_dawg_holds_the_trade_words():
    """rules/spelling/hunspell-ru.dawg, as scripts/build_trade_words.py writes it:
    lower-case Cyrillic words, ё folded, none of them known to pymorphy3."""
    import re

    from mailcheck.language import morph
    from mailcheck.language.speller import family

    words = family.hunspell_words().keys()
    assert len(words) == 11361 and words == sorted(words)
    assert all(re.fullmatch("[а-я]{4,}", w) for w in words)
    assert not any(morph.is_known(w) for w in words[::50])
    assert "гистероскопия" in family.hunspell_words() and "гистероскопи" not in family.hunspell_words()
