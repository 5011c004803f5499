"""greeting.*: open a client letter with a greeting and the client's name.

Source: guidelines 001 («12 вещей, о которых нужно помнить в работе с
клиентами»: будьте вежливы, здоровайтесь, обращайтесь по имени).
"""
from __future__ import annotations

from mailcheck.language import names
from mailcheck.language.formulas import find, first_line_is_foreign
from mailcheck.language.morph import match_case
from mailcheck.rules.diagnostic import safe_fix
from mailcheck.rules.rule import Rule

GUIDE = ("«12 вещей, о которых нужно помнить в работе с клиентами»: письмо клиенту "
         "начинают с вежливого приветствия и обращаются к человеку по имени.")


def _recipient(doc):
    """The one person the letter is addressed to, if To names exactly one."""
    to = doc.draft.to
    if len(to) != 1:
        return None
    return names.person_from_display(to[0].name)


def _greeting_for(doc) -> str:
    person = _recipient(doc)
    if person and person.address:
        return f"Здравствуйте, {person.address}!"
    return "Здравствуйте!"


class GreetingMissing(Rule):
    id = "greeting.missing"
    severity = "error"
    summary = "Письмо начинается без приветствия."
    guideline = GUIDE
    what = "Находит письма, в которых первая строка нового текста — сразу дело, без приветствия."
    why = ("Письмо без приветствия читается как сухое распоряжение. Одна строка "
           "«Здравствуйте, Анна!» задаёт вежливый тон всему письму.")

    def check(self, doc):
        if not doc.new.sentences or find(doc) is not None or first_line_is_foreign(doc):
            return
        start = doc.new.sentences[0].start
        greet = _greeting_for(doc)
        yield self.diag(doc, start, start, f"Добавьте приветствие в начало письма: «{greet}»",
                        [greet])


class GreetingInformal(Rule):
    id = "greeting.informal"
    severity = "warning"
    summary = "Фамильярное приветствие («Привет», «Приветствую», «Доброго времени суток»)."
    guideline = GUIDE
    what = "Находит приветствия, уместные в переписке с друзьями, но не с клиентом."
    why = ("«Привет» и «Хай» — фамильярны, «Приветствую» звучит свысока, «Доброго "
           "времени суток» — канцелярский штамп. Клиенту пишут «Здравствуйте» или «Добрый день».")
    # «Превед» in the greeting is one finding: this one, which offers the greeting to write
    supersedes = ("style.slang",)

    def check(self, doc):
        g = find(doc)
        if g is None or not g.informal:
            return
        shown = doc.text[g.phrase_start:g.phrase_end]
        repl = match_case(shown, "здравствуйте")
        yield self.diag(doc, g.phrase_start, g.phrase_end,
                        f"«{shown}» — слишком фамильярно для клиента. Напишите «Здравствуйте» или «Добрый день».",
                        [repl, match_case(shown, "добрый день")])


class GreetingPunctuation(Rule):
    id = "greeting.punctuation"
    severity = "warning"
    summary = "Обращение в приветствии не выделено запятой («Добрый день Иван!»)."
    guideline = GUIDE + " Обращение выделяется запятыми по правилам пунктуации."
    what = "Находит приветствия, где имя стоит рядом с «Здравствуйте»/«Добрый день» без запятой."
    why = "Обращение всегда выделяется запятыми; пропущенная запятая в первой строке сразу заметна."
    fixable = True

    def check(self, doc):
        g = find(doc)
        if g is None or not g.phrase or not g.name_tokens:
            return
        text = doc.text
        if g.phrase.startswith(("уважаем", "дорог")):
            # «Уважаемый Иван Петрович» is one address: no comma inside it («Уважаемый, Иван»)
            first = g.name_tokens[0]
            gap = text[g.phrase_end:first.start]
            if first.start >= g.phrase_end and gap.strip() == ",":
                fixed = text[g.phrase_start:g.phrase_end] + " " + first.text
                d = self.diag(doc, g.phrase_start, first.end,
                              f"После «{text[g.phrase_start:g.phrase_end]}» запятая не нужна: «{fixed}»", [fixed])
                if not first.is_placeholder:
                    safe_fix(d, fixed)
                yield d
            return
        if g.phrase.startswith("dear"):
            return
        first, last = g.name_tokens[0], g.name_tokens[-1]
        if first.start >= g.phrase_end:          # «Добрый день Иван!»
            start, end, left, right = g.phrase_start, last.end, g.phrase_end, first.start
        elif last.end <= g.phrase_start:         # «Иван добрый день!»
            start, end, left, right = first.start, g.phrase_end, last.end, g.phrase_start
        else:
            return
        gap = text[left:right]
        if "," in gap or gap.strip():
            return
        line = (text[g.start:left] + ", " + text[right:g.end]).strip()
        d = self.diag(doc, start, end, f"Выделите обращение запятой: «{line}»", [line])
        # safe to apply on its own when the address is a first name or patronymic
        if all(names.name_parses(t.text, ("Name", "Patr")) for t in g.name_tokens):
            safe_fix(d, text[start:left] + ", " + text[right:end])
        yield d


class GreetingAgreement(Rule):
    id = "greeting.agreement"
    severity = "error"
    summary = "«Уважаемый/Уважаемая» не согласовано с родом имени («Уважаемый Анна Сергеевна»)."
    guideline = GUIDE + " Ошибка в обращении к человеку по имени особенно заметна."
    what = "Сверяет род прилагательного в обращении («Уважаемый», «Дорогая») с родом имени и отчества."
    why = "«Уважаемый Анна Сергеевна» — первая строка письма с ошибкой в имени адресата; это задевает."
    fixable = True

    def check(self, doc):
        g = find(doc)
        if g is None or not g.phrase or not g.phrase.startswith(("уважаем", "дорог")) or not g.name_tokens:
            return
        if g.phrase in ("уважаемые", "дорогие"):
            return
        gender = names.name_gender([t.text for t in g.name_tokens])
        adj_gender = "femn" if g.phrase.endswith("ая") else "masc"
        if gender is None or gender == adj_gender:
            return
        shown = doc.text[g.phrase_start:g.phrase_end]
        stem = shown[:-2]
        right = stem + ("ая" if gender == "femn" else "ый") if shown.lower().startswith("уважаем") else \
            stem + ("ая" if gender == "femn" else "ой")
        full = " ".join(t.text for t in g.name_tokens)
        yield self.diag(doc, g.phrase_start, g.phrase_end,
                        f"«{shown}» не согласовано с именем «{full}». Напишите «{right} {full}».", [right])


class GreetingNameMismatch(Rule):
    id = "greeting.name-mismatch"
    severity = "error"
    summary = "В приветствии другое имя, не то, что у получателя в поле «Кому»."
    guideline = GUIDE + " Чужое имя в обращении — худший вариант обращения по имени."
    what = ("Сравнивает имя в приветствии с именем получателя из поля «Кому» "
            "(в любом падеже, с учётом «Саша» = «Александр»).")
    why = "Имя, оставшееся от письма другому человеку, показывает клиенту, что письмо писали не ему."

    def check(self, doc):
        g = find(doc)
        person = _recipient(doc)
        if g is None or person is None or doc.draft.cc and len(doc.draft.cc) > 3:
            return
        firsts = [t for t in g.name_tokens if names.name_parses(t.text, ("Name",))
                  and not names.name_parses(t.text, ("Patr",))]
        if not firsts:
            return
        greeted = frozenset().union(*(names.first_name_lemmas(t.text) for t in firsts))
        if names.same_person(greeted, person):
            return
        t = firsts[0]
        yield self.diag(doc, t.start, t.end,
                        f"В приветствии «{t.text}», а письмо адресовано: {doc.draft.to[0].name}. "
                        f"Проверьте имя: «{person.address}».", [person.address])


class GreetingNoName(Rule):
    id = "greeting.no-name"
    severity = "suggestion"
    summary = "Письмо одному человеку, а в приветствии нет его имени."
    guideline = GUIDE
    what = "Находит приветствия без имени в письмах одному получателю, чьё имя известно из поля «Кому»."
    why = "Обращение по имени делает письмо личным и показывает, что его писали этому человеку."

    def check(self, doc):
        g = find(doc)
        person = _recipient(doc)
        if g is None or person is None or not person.address or g.name_tokens or g.group:
            return
        if doc.draft.cc:
            return
        phrase = doc.text[g.phrase_start:g.phrase_end] if g.phrase else "Здравствуйте"
        better = f"{phrase}, {person.address}!"
        yield self.diag(doc, g.start, g.end, f"Обратитесь по имени: «{better}»", [better])
