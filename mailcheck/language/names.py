"""Personal names: recognised by pymorphy3's Name/Surn/Patr tags.

Used by the greeting rules (who is greeted, gender, case) and by the
signature rules (is there a full name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from mailcheck import data
from mailcheck.language import morph

_PERSON = ("Name", "Surn", "Patr")


def name_parses(word: str, kinds=_PERSON):
    """Parses of a capitalised word that tag it as a personal name."""
    if not word[:1].isupper() or not re.fullmatch(r"[А-ЯЁа-яё-]+", word):
        return []
    return [p for p in morph.parse(word) if any(k in p.tag for k in kinds)]


def is_first_name(word: str) -> bool:
    return bool(name_parses(word, ("Name",)))


_SURNAME_END = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|ской|ых|их|енко|ко|ук|юк|чук|ян|дзе|швили|ич|ец)$")


def looks_like_surname(word: str) -> bool:
    """A capitalised Cyrillic word that can be a surname next to a first name: tagged Surn,
    unknown to the dictionary, or ending like a Russian surname («Орехова» is also a town's
    genitive to pymorphy3, «Белова» an adjective)."""
    if not re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", word):
        return False
    if name_parses(word, ("Surn",)) or not morph.is_known(word):
        return True
    if _SURNAME_END.search(word.lower()):
        return True
    # an adjective-type surname: «Озерная», «Толстой», «Белый» — next to a first name
    return any(p.tag.POS == "ADJF" and "nomn" in p.tag for p in morph.parse(word)[:2])


def latin_first_name(word: str) -> bool:
    """A Russian first name written in Latin letters in a signature («Kirill», «Anna»)."""
    if not re.fullmatch(r"[A-Z][a-z]+", word):
        return False
    from mailcheck.language import translit
    return any(is_first_name(r.capitalize()) for r in translit.readings(word)[:3])


def first_name_lemmas(word: str) -> frozenset[str]:
    return frozenset(p.normal_form.replace("ё", "е") for p in name_parses(word, ("Name",)))


@dataclass(frozen=True)
class Person:
    first: str | None        # nominative lemma, e.g. «иван»
    first_word: str | None   # as written in To
    patronymic: str | None   # as written
    surname: str | None
    gender: str | None       # 'masc' / 'femn'

    @property
    def address(self) -> str:
        """How to greet: «Иван Петрович» when the patronymic is known, else «Иван»."""
        if self.first_word and self.patronymic:
            return f"{self.first_word} {self.patronymic}"
        return self.first_word or ""


def person_from_display(display: str) -> Person | None:
    """A person from a To display name («Иван Петров», «Белова Анна Сергеевна»)."""
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?", display or "")
    first = first_word = patr = surname = gender = None
    for w in words:
        if not w[:1].isupper():
            continue
        nomn = [p for p in name_parses(w) if "nomn" in p.tag]
        kinds = {k for p in nomn for k in _PERSON if k in p.tag}
        if "Patr" in kinds and patr is None:
            patr = w
            g = next((p.tag.gender for p in nomn if "Patr" in p.tag), None)
            gender = gender or g
        elif "Name" in kinds and first is None:
            p = next(p for p in nomn if "Name" in p.tag)
            first, first_word = p.normal_form.replace("ё", "е"), w
            genders = {q.tag.gender for q in nomn if "Name" in q.tag}
            if len(genders) == 1:
                gender = gender or genders.pop()
        elif "Surn" in kinds and surname is None:
            surname = w
    if first is None:
        return None
    return Person(first, first_word, patr, surname, gender)


def name_gender(words: list[str]) -> str | None:
    """Gender of a name in the nominative: the patronymic decides, else the first name."""
    for kind in ("Patr", "Name"):
        for w in words:
            gs = {p.tag.gender for p in name_parses(w, (kind,)) if "nomn" in p.tag}
            if len(gs) == 1:
                return gs.pop()
    return None


def same_person(greeted_lemmas: frozenset[str], person: Person) -> bool:
    """Does a greeted first name (any case form) match the recipient's?"""
    if not person.first:
        return True
    if person.first in greeted_lemmas:
        return True
    short = data.load_toml("greeting/diminutives.toml")
    variants = set(short.get(person.first, ()))
    for full, forms in short.items():
        if person.first in forms:
            variants.add(full)
    return bool(variants & greeted_lemmas)
