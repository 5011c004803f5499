"""style.jargon: professional slang and needless anglicisms, with plain Russian
alternatives inflected to the form of the word they replace."""
from __future__ import annotations

import functools

from mailcheck import data
from mailcheck.language import lexicon, morph, translit
from mailcheck.rules.rule import Rule
from mailcheck.rules.checks.style_base import in_title, safe_fix

_AGREEING = {"ADJF", "PRTF", "PRTS", "ADJS"}


@functools.cache
def dictionary():
    """(terms, notes, one-word entries by their first three letters, phrase list),
    loaded once per process. The forms of a one-word entry are generated the
    first time a word with its first three letters turns up (most drafts need
    only a few paradigms)."""
    table = data.load_toml("jargon.toml")
    terms = {k.lower(): list(v) for k, v in table["terms"].items()}
    notes = {k.lower(): v for k, v in table.get("notes", {}).items()}
    by_prefix: dict[str, list[str]] = {}
    for e in terms:
        if " " not in e:
            by_prefix.setdefault(lexicon.norm(e)[:3], []).append(e)
    _, multi = lexicon.phrase_matcher([e for e in terms if " " in e])
    multi.sort(key=lambda e: -len(e[1]))
    return terms, notes, by_prefix, multi


def find(words):
    """(entry, first_token_index, last_token_index) for every jargon term in a
    sequence of word tokens (phrases first, then single words)."""
    terms, notes, by_prefix, multi = dictionary()
    taken: set[int] = set()
    out = []
    forms = [lexicon.norm(t.text) for t in words]
    present = set(forms)
    for entry, sets in multi:
        if sets[0].isdisjoint(present):
            continue                     # its first word is not here (most phrases, most sentences)
        n = len(sets)
        for i in range(len(words) - n + 1):
            if any(j in taken for j in range(i, i + n)):
                continue
            if all(forms[i + k] in sets[k] for k in range(n)):
                out.append((entry, i, i + n - 1))
                taken.update(range(i, i + n))
    for i, f in enumerate(forms):
        if i in taken:
            continue
        entries = [e for e in by_prefix.get(f[:3], ()) if f in lexicon.word_forms(e)]
        if not entries:
            continue
        t = words[i]
        if t.is_latin and not any(e.isascii() for e in entries):
            continue
        entry = sorted(entries, key=len)[0]
        out.append((entry, i, i))
    out.sort(key=lambda e: e[1])
    return out


def _quoted_entries(doc) -> set[str]:
    return {e for e, _, _ in find(doc.quoted.words)}


def _neighbour_agrees(words, i, tag) -> bool:
    """A word near words[i] agrees with it in gender (an adjective, a short
    participle, a past-tense verb): swapping in a noun of another gender
    would break the agreement, so the fix is not safe."""
    gender = tag.gender
    if not gender or "sing" not in tag:
        return False
    for j in range(max(0, i - 2), min(len(words), i + 4)):
        if j == i:
            continue
        for p in words[j].parses[:1]:
            if (p.tag.POS in _AGREEING or (p.tag.POS == "VERB" and "past" in p.tag)) and p.tag.gender == gender:
                return True
    return False


class Jargon(Rule):
    id = "style.jargon"
    severity = "warning"
    fixable = True
    summary = "Профессиональный жаргон и лишние англицизмы: клиенту понятнее простые русские слова"
    guideline = ("Клиент не обязан знать наш профессиональный язык: «12 вещей, о которых нужно помнить "
                 "в работе с клиентами» (пункт 7 и памятка AXIOMA, пункт 5) просят не смущать его жаргоном, "
                 "а «Рекомендации по эффективному взаимодействию с заказчиком» (пункт 10) — говорить "
                 "на его языке.")
    what = ("Находит слова из словаря жаргона (rules/jargon.toml) в любой форме: «задеплоили», "
            "«на митинге», «кастомного скрипта» — и предлагает замену в той же форме. Глаголы на "
            "английском корне, которых нет ни в словаре жаргона, ни в словаре русского языка («Заапрувьте», "
            "«Логинимся»), узнаёт по строению: русская приставка и окончание вокруг корня, похожего по "
            "звучанию на частое английское слово. Замену, которая ломает управление («развернули на "
            "тестовый сервер»), не предлагает как безопасную.")
    why = ("Клиент, который не понял слово, либо переспросит (и потеряет время), либо не спросит "
           "и поймёт неверно. Если клиент сам употребил это слово в своём письме, это лишь подсказка.")

    def check(self, doc):
        terms, notes, _, _ = dictionary()
        allow = {lexicon.norm(w) for w in doc.config.jargon_allow}
        # an allowed word is allowed in every form, also inside a listed phrase
        # («прод» allowed: «на проде» too)
        allowed_forms = set(allow).union(*(lexicon.word_forms(a) for a in allow if " " not in a))
        quoted = None
        for sent in doc.new.sentences:
            words = sent.words
            found = find(words)
            for entry, i, j in found:
                if lexicon.norm(entry) in allow or any(lexicon.norm(w.text) in allowed_forms for w in words[i:j + 1]):
                    continue
                first, last = words[i], words[j]
                if _glued(doc.text, first.start, last.end):
                    continue        # «КреативIT», «ФиксPro»: part of a name written with other letters
                if in_title(sent.text, first.start - sent.start):
                    continue        # «Дедлайн», «Фичи недели»: the name of a button or a section
                if quoted is None:
                    quoted = _quoted_entries(doc)
                shown = doc.text[first.start:last.end]
                alts = terms[entry]
                uncertain = False
                if i == j:
                    prev = _prev_word(words, i)
                    tag = lexicon.best_tag(first.text, entry, prev)
                    if tag is not None and tag.POS == "NOUN" and ("nomn" in tag or "accs" in tag):
                        tag, uncertain = _subject_or_object(words, i, entry, prev, tag, alts[0])
                    sugg = [morph.match_case(first.text, lexicon.inflect(a, tag)) for a in alts]
                else:
                    tag = None
                    sugg = [morph.match_case(first.text, a) for a in alts]
                sugg = list(dict.fromkeys(sugg))
                clash = _government_clash(doc.text, words, j)
                if clash:
                    # «задеплоили на тестовый сервер»: «развернули» needs «на тестовом сервере»;
                    # put first an alternative that takes «в/на» with the same case, if any
                    fits = [sg for sg, a in zip(sugg, alts) if lexicon.norm(a) not in _place_verbs()]
                    if fits:
                        sugg = fits + [sg for sg in sugg if sg not in fits]
                        clash = False
                echo = entry in quoted
                msg = f"Жаргон: «{shown}». Клиенту понятнее «{sugg[0]}»."
                if echo:
                    msg = f"«{shown}» — слово из письма клиента, но проще сказать «{sugg[0]}»."
                note = notes.get(entry)
                if note:
                    msg += " " + note
                if clash:
                    msg += f" После «{sugg[0]}» место называют в предложном падеже: «где?», а не «куда?»."
                d = self.diag(doc, first.start, last.end, msg, sugg,
                              severity="suggestion" if echo else None)
                unsafe = clash or (tag is not None and _neighbour_agrees(words, i, tag)
                                   and _gender_changes(sugg[0], tag))
                if not echo and not unsafe and not uncertain:
                    safe_fix(d, sugg[0])
                yield d
            yield from self._english_verbs(doc, sent, words, found, allow, terms)

    def _english_verbs(self, doc, sent, words, found, allow, terms):
        """«Заапрувьте», «Логинимся»: a verb on an English root that neither the jargon list nor
        the dictionary knows. Recognised by its shape (language/translit.english_root); a
        jargon entry on the same root gives the replacement."""
        covered = {k for _, i, j in found for k in range(i, j + 1)}
        quoted = None
        for k, t in enumerate(words):
            if k in covered or not t.is_cyrillic or len(t.text) < 5 or lexicon.norm(t.text) in allow:
                continue
            if k > 0 and t.text[:1].isupper():
                continue            # a name in mid-sentence, not a verb
            root = translit.english_root(t.text)
            if root is None or root in allow:
                continue
            if _glued(doc.text, t.start, t.end) or in_title(sent.text, t.start - sent.start):
                continue
            if quoted is None:
                quoted = {lexicon.norm(w.text) for w in doc.quoted.words}
            echo = lexicon.norm(t.text) in quoted
            entry = _entry_for(t.text, root)
            sev = "suggestion" if echo else None
            if entry is None:
                yield self.diag(doc, t.start, t.end,
                                f"Жаргон: «{t.text}» — глагол с английским корнем. Скажите обычным "
                                "русским словом.", severity=sev)
                continue
            tag = next((p.tag for p in t.parses if p.tag.POS in ("VERB", "INFN", "GRND", "PRTF", "PRTS")), None)
            sugg = list(dict.fromkeys(morph.match_case(t.text, lexicon.inflect(a, tag)) for a in terms[entry]))
            yield self.diag(doc, t.start, t.end, f"Жаргон: «{t.text}». Клиенту понятнее «{sugg[0]}».",
                            sugg, severity=sev)


@functools.cache
def _entry_roots() -> dict[str, tuple[str, ...]]:
    """English root → the jargon list's one-word verb entries built on it («approve» →
    «апрувнуть», «заапрувить», …)."""
    out: dict[str, list[str]] = {}
    for e in dictionary()[0]:
        if " " in e or not any(p.tag.POS == "INFN" for p in morph.parse(e)[:1]):
            continue
        root = translit.english_root(e, known_ok=True)
        if root:
            out.setdefault(root, []).append(e)
    return {k: tuple(v) for k, v in out.items()}


def _entry_for(word: str, root: str) -> str | None:
    """The entry on the same root closest to the word in spelling (the longest common start)."""
    entries = _entry_roots().get(root)
    if not entries:
        return None
    w = lexicon.norm(word)

    def common(e):
        n = 0
        for a, b in zip(w, e):
            if a != b:
                break
            n += 1
        return n
    return max(entries, key=lambda e: (common(e), -len(e)))


def _glued(text: str, start: int, end: int) -> bool:
    """The word runs straight into letters of the other script: a brand name, not jargon."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return any(c.isalpha() and c.isascii() for c in (before, after))


@functools.cache
def _place_verbs() -> frozenset[str]:
    """Replacements whose «в/на» names the place (prepositional case: «развернули на сервере»),
    while the jargon's names the direction (accusative: «задеплоили на сервер»)."""
    return frozenset(lexicon.norm(w) for w in data.load_toml("jargon.toml").get("government", {}).get("place", ()))


def _government_clash(text, words, j) -> bool:
    """The jargon word words[j] governs «в/на» + a noun phrase in the accusative (a direction:
    «задеплоили новую версию на сервер»): a replacement that takes the prepositional there
    would break the sentence. The «в/на» is looked for in the same clause, a few words on."""
    k = None
    for m in range(j + 1, min(len(words), j + 6)):
        if any(c in ",;:—–()" for c in text[words[m - 1].end:words[m].start]):
            return False
        if lexicon.norm(words[m].text) in ("в", "во", "на"):
            k = m
            break
        if words[m].parse.tag.POS in ("VERB", "INFN", "GRND", "CONJ"):
            return False
    if k is None:
        return False
    for w in words[k + 1:k + 5]:
        tags = [p.tag for p in w.parses[:4]]
        if tags and all(t.POS in ("ADJF", "PRTF") or "Apro" in t for t in tags[:1]):
            continue                    # «на тестовый сервер»: look past the adjectives
        return any("accs" in t for t in tags) and not any("loct" in t or "loc2" in t for t in tags)
    return False


def _subject_or_object(words, i, entry, prev, tag, alt):
    """Nominative or accusative for a noun whose case the previous word does
    not settle: (tag, uncertain). A transitive verb in the 1st/2nd person or
    the imperative makes it the object; a 3rd-person or past verb that agrees
    in number makes it the subject; otherwise the guess is uncertain."""
    other = "accs" if "nomn" in tag else "nomn"
    nomn_form = lexicon.inflect(alt, _with_case(tag, entry, words[i].text, "nomn"))
    accs_form = lexicon.inflect(alt, _with_case(tag, entry, words[i].text, "accs"))
    if nomn_form == accs_form:
        return tag, False
    if prev is not None and (lexicon.norm(prev) in lexicon._ACC_PREPS or any(
            p.tag.POS in ("VERB", "INFN", "GRND", "PRTF") for p in morph.parse(prev)[:1])):
        return tag, False
    for w in words:
        if w is words[i]:
            continue
        p = w.parses[0]
        if p.tag.POS != "VERB":
            continue
        if ("1per" in p.tag or "2per" in p.tag or "impr" in p.tag) and "tran" in p.tag:
            return _with_case(tag, entry, words[i].text, "accs") or tag, False
        if ("3per" in p.tag or "past" in p.tag) and p.tag.number == tag.number:
            return _with_case(tag, entry, words[i].text, "nomn") or tag, False
    del other
    return tag, True


def _with_case(tag, entry, word, case):
    for t in lexicon._tags_for(lexicon.norm(word), lexicon.norm(entry)):
        if case in t and t.number == tag.number:
            return t
    return tag


def _prev_word(words, i):
    """The previous word, skipping adjectives that agree with the noun."""
    for k in range(i - 1, -1, -1):
        p = words[k].parses[0]
        if p.tag.POS in ("ADJF", "PRTF", "NPRO") and "Apro" not in p.tag and p.tag.POS != "NPRO":
            continue
        if "Apro" in p.tag:
            continue
        return words[k].text
    return None


def _gender_changes(replacement: str, tag) -> bool:
    head = replacement.split()
    for w in head:
        ps = [p for p in morph.parse(w) if p.tag.POS == tag.POS]
        if ps:
            return ps[0].tag.gender != tag.gender
    return True
