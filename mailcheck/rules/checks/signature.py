"""signature.*: a full signature block from a corporate mailbox.

Source: guidelines 003 («Рекомендации по эффективному взаимодействию с
заказчиком», item 5: подпись с ФИО, должностью, компанией и контактами;
письма — с корпоративного ящика).
"""
from __future__ import annotations

import re

from mailcheck import data
from mailcheck.draft import placeholders
from mailcheck.draft.split import closing_formula
from mailcheck.language import morph, names
from mailcheck.rules.rule import Rule

GUIDE = ("«Рекомендации по эффективному взаимодействию с заказчиком», п. 5: в подписи — "
         "имя и фамилия, должность, компания и контакты; писать клиенту — с корпоративного ящика.")

_PHONE = re.compile(r"(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{2,3}[\s-]*\d{2}[\s-]*\d{2}|\+\d[\d\s()-]{8,}\d")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")   # bounded local part: linear on long runs
_MESSENGER = re.compile(r"t\.me/|telegram|телеграм|whatsapp|ватсап|viber|skype|скайп|@[A-Za-z_]\w{3,}", re.I)
_QUOTED_NAME = re.compile(r"«[^»]+»|\"[^\"]+\"|“[^”]+”")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё][\w-]*")


def _lemmas(line: str) -> set[str]:
    out = set()
    for w in _WORD.findall(line):
        low = w.lower()
        out.add(low)
        if re.match(r"[а-яё-]+$", low):
            out |= morph.lemmas(low)
        # «веб-дизайнер», «инженер-сметчик», «DevOps-инженер», «email-маркетолог»
        for part in low.split("-") if "-" in low else ():
            if part:
                out.add(part)
                if re.match(r"[а-яё]+$", part):
                    out |= morph.lemmas(part)
    return out


def _position_line(line: str) -> bool:
    """A line that reads as a position by its form: a lower-case noun phrase in the nominative
    («прораб», «байер», «врач-терапевт отделения»), the Russian way of writing a position under a name."""
    words = _WORD.findall(line)
    if not words or len(words) > 8 or re.search(r"\d|@", line) or not line[:1].islower():
        return False
    head = words[0].lower()
    if len(head) < 3 or not re.fullmatch(r"[а-яё]+(?:-[а-яё]+)?", head):
        return False
    return any(p.tag.POS == "NOUN" and "nomn" in p.tag and "anim" in p.tag and
               not any(g in p.tag for g in ("Abbr", "Name", "Surn", "Patr", "Geox", "Orgn"))
               for p in morph.parse(head))


# initials and a surname: «М. А. Чернышев», «Чернышев М.А.», «А. Чернышева»
_INITIALS_NAME = re.compile(r"(?:^|[\s,])(?:(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]{2,}|[А-ЯЁ][а-яё]{2,}\s(?:[А-ЯЁ]\.\s?){1,2})"
                            r"(?:$|[\s,])")
_CAP_CYR = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")


def _unknown_name(words: list[str]) -> bool:
    """A line that is a person's name the dictionary does not know («Луонг», «Нгуен Ван Луонг»,
    «Айгерим Нурланова»): 1–3 capitalised Cyrillic words, each a known name part or a word
    pymorphy3 has never seen, at least one of them unknown."""
    if not 1 <= len(words) <= 3 or not all(_CAP_CYR.match(w) for w in words):
        return False
    unknown = [w for w in words if not morph.is_known(w)]
    # a particle the dictionary happens to know («Нгуен Ван Луонг») may sit among them
    other = [w for w in words if w not in unknown and not names.name_parses(w)]
    return bool(unknown) and len(unknown) > len(other)


def _name_lines(lines: list[str], signer_first: bool = False) -> tuple[bool, bool]:
    """(some name, a full name: first and last). With signer_first, the first line is where the
    signer stands (the line after the closing, or the closing line's tail)."""
    some = full = False
    for k, line in enumerate(lines):
        if _INITIALS_NAME.search(line):
            some = full = True
            continue
        words = [w for w in _WORD.findall(line) if w[:1].isupper()]
        if k == 0 and signer_first and len(_WORD.findall(line)) == len(words) and _unknown_name(words):
            some = True
            full = full or len(words) >= 2
            continue
        tagged = [w for w in words if names.name_parses(w)]
        first = [w for w in words if names.is_first_name(w)]
        latin = not first and len(words) <= 4 and [w for w in words if names.latin_first_name(w)]
        if first:
            some = True
            others = [w for w in words if w not in first[:1]]
            # «Анна Крылова», «Крылова Анна», «Иван Петрович Карпов», «Светлана Орехова»
            if any(w in tagged or names.looks_like_surname(w) for w in others[:2]):
                if len(words) <= 4:
                    full = True
        elif latin:
            # «Kirill Smirnov», «Smirnova Anna»: a Russian name in Latin letters
            some = True
            others = [w for w in words if w not in latin[:1]]
            if any(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", w) for w in others[:2]):
                full = True
        elif len(tagged) >= 2 and len(words) <= 4:
            some = full = True
    return some, full


def _is_name_line(line: str) -> bool:
    return any(_name_lines([line]))


def signature_parts(doc) -> dict[str, bool]:
    """Which parts a signature block has (also looks at the sign-off line: «С уважением, Иван»).
    Worked out once per draft: signature.missing and signature.incomplete both read it."""
    cached = doc.__dict__.get("_signature_parts")
    if cached is None:
        cached = doc.__dict__["_signature_parts"] = _signature_parts(doc)
    return cached


def _tail(line: str) -> str | None:
    """The signer after a closing on its line: «С уважением, Иван» → «Иван», «С уважением,
    команда проекта «…»», «С ув. Август.» → «Август.»; not a sentence that follows a thanks
    («Заранее спасибо! SDK супер», «Спасибо. Жду ответа»)."""
    m = re.match(r"([^,.!?]*)([,.])\s*(\S.*)$", line.strip())
    if not m:
        # «С уважением Иван Петров» (signoff.punctuation asks for the comma): the name after the formula
        phrase = closing_formula(line)
        rest = line.strip()[len(phrase):].strip(" !") if phrase else ""
        words = _WORD.findall(rest)
        ok = phrase and words and len(words) <= 3 and all(w[:1].isupper() for w in words) and \
            _norm_start(line, phrase)
        return rest if ok else None
    tail = m.group(3).strip()
    words = _WORD.findall(tail)
    takes_name = closing_formula(m.group(1) + ",") in data.load_toml("signoff.toml")["needs_comma"]
    if m.group(2) == "," and takes_name and (
            any(w[:1].isupper() for w in words) or placeholders.find(tail) or _QUOTED_NAME.search(tail)
            or re.match(r"(?i)(?:ваша\s+|наша\s+)?(?:команда|коллектив|отдел|служба|администрация|редакция)\b", tail)):
        return tail     # a person, a team or a company: «Иван», «команда проекта «…»», «{site}»
    if words and len(words) <= 3 and all(w[:1].isupper() for w in words):
        return tail
    return None


def _norm_start(line: str, phrase: str) -> bool:
    """The line starts with the phrase as written (no look-alike letters, no extra spaces),
    so the name after it can be cut by the phrase's length."""
    return line.strip().lower().replace("ё", "е").startswith(phrase)


def _signer_tail(doc, lines: list[str]) -> tuple[str | None, list[str]]:
    """The signer written on the closing's line, and the block's lines without a closing
    that sits in the block itself («-- \nС уважением, {site}»)."""
    so = doc.draft.signoff
    if so is not None:
        return _tail(so.slice(doc.text)), lines
    if lines and closing_formula(lines[0]):
        return _tail(lines[0]), lines[1:]
    return None, lines


def _signature_parts(doc) -> dict[str, bool]:
    text = doc.sig.content
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    tail, lines = _signer_tail(doc, lines)
    lines_with_signoff = ([tail] if tail else []) + lines
    if any(placeholders.only_placeholders(ln) for ln in lines):
        # «{EMAIL_SIG}», «%{signature}» on a line of its own: what the template puts there may be
        # any part of the block, so none is reported missing
        return {"name": True, "full_name": True, "position": True, "company": True, "contact": True,
                "block": True, "placeholder": True}
    some, full = _name_lines(lines_with_signoff, signer_first=True)
    # the signer named by a placeholder («С уважением, {site}», a line «{{ site_domain }}»), or a
    # team or company signing after the closing («С уважением, КреативIT», «…, команда проекта «…»»):
    # the reader knows who writes; signature.incomplete says what the block still lacks
    if any(placeholders.only_placeholders(ln) for ln in lines_with_signoff):
        some = True
    elif tail:
        some = True
    positions = data.load_set("signature/positions.txt")
    companies = data.load_set("signature/companies.txt")
    company_cfg = (doc.config.company or "").lower()
    has_position = has_company = has_contact = False
    after_name = False
    for line in lines:
        lem = _lemmas(line)
        low = line.lower()
        is_company = bool(lem & companies or _QUOTED_NAME.search(line) or (company_cfg and company_cfg in low))
        is_contact = bool(_PHONE.search(line) or _EMAIL.search(line) or _MESSENGER.search(line))
        if lem & positions or any(p in low for p in positions if "-" in p):
            has_position = True
        elif after_name and not is_company and not is_contact and _position_line(line):
            has_position = True
        has_company = has_company or is_company
        has_contact = has_contact or is_contact
        after_name = _is_name_line(line)
    return {"name": some, "full_name": full, "position": has_position,
            "company": has_company, "contact": has_contact, "block": bool(lines), "placeholder": False}


class SignatureMissing(Rule):
    id = "signature.missing"
    severity = "error"
    summary = "Нет подписи: в первом письме — блока подписи, в любом письме — хотя бы имени."
    guideline = GUIDE
    what = "Находит первые письма без блока подписи и любые письма, где отправитель не назвал себя."
    why = "Клиент должен видеть, кто пишет и как с ним связаться, не разыскивая это в адресе отправителя."

    def check(self, doc):
        if not doc.new.sentences:
            return
        parts = signature_parts(doc)
        if parts["name"] or (parts["block"] and doc.draft.is_reply):
            return
        if parts["block"] and not doc.draft.is_reply and parts["contact"]:
            return      # a block with contacts but an unrecognised name: incomplete, not missing
        end = doc.draft.signature.end if doc.draft.signature else doc.new.sentences[-1].end
        msg = ("Подпишите письмо: имя и фамилия, должность, компания, телефон или e-mail."
               if not doc.draft.is_reply else "Подпишите письмо хотя бы именем.")
        yield self.diag(doc, end, end, msg)


def _listed(items: list[str]) -> str:
    """«а», «а и б», «а, б и в»."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " и " + items[-1]


class SignatureIncomplete(Rule):
    id = "signature.incomplete"
    severity = "warning"
    summary = "В подписи не хватает имени и фамилии, должности, компании или контакта."
    guideline = GUIDE
    what = ("Проверяет, что в блоке подписи есть имя и фамилия, должность, компания и контакт "
            "(телефон, e-mail, мессенджер). В ответе внутри переписки — только совет.")
    why = "Неполная подпись заставляет клиента искать, кто вы и как с вами связаться."
    # a block that lacks the name is one finding: this one, which says what else it lacks
    supersedes = ("signature.missing",)

    def check(self, doc):
        sig = doc.draft.signature
        if sig is None:
            return
        parts = signature_parts(doc)
        if not parts["block"]:
            return
        # what is missing, in the genitive of «в подписи нет …»
        missing = [label for key, label in (("full_name", "имени и фамилии"), ("position", "должности"),
                                            ("company", "компании"), ("contact", "телефона или e-mail"))
                   if not parts[key]]
        if not missing:
            return
        # deep in a thread the client knows the sender: a short block is only worth a look
        severity = "suggestion" if doc.draft.is_reply else None
        yield self.diag(doc, sig.start, sig.end,
                        f"В подписи нет {_listed(missing)}: клиенту важно знать, кто пишет и как связаться.",
                        severity=severity)


class SignaturePersonalMailbox(Rule):
    id = "signature.personal-mailbox"
    severity = "warning"
    summary = "Письмо отправлено с личного бесплатного ящика (gmail.com, mail.ru…), а не с корпоративного."
    guideline = GUIDE
    what = ("Находит адрес отправителя на бесплатной почте; если в настройках заданы corporate-domains — "
            "любой адрес вне этих доменов.")
    why = "Письмо с личного ящика выглядит неофициально, и переписка по проекту теряется вне компании."

    def _bad(self, doc, domain: str) -> bool:
        corp = doc.config.corporate_domains
        if corp:
            return not any(domain == d or domain.endswith("." + d) for d in corp)
        return domain in data.load_set("signature/free_mailboxes.txt")

    def check(self, doc):
        frm = doc.draft.from_
        if doc.draft.is_message:
            if frm is None or "@" not in frm.addr:
                return
            if self._bad(doc, frm.domain):
                yield self.diag(doc, 0, len(frm.addr), f"Адрес {frm.addr} — личный ящик. "
                                "Пишите клиенту с корпоративной почты.", field="from", text=frm.addr)
            return
        # a plain-text draft: the address in its own signature block
        sig = doc.draft.signature
        if sig is None:
            return
        for m in _EMAIL.finditer(sig.slice(doc.text)):
            domain = m.group().rpartition("@")[2].lower()
            if self._bad(doc, domain):
                s = sig.start + m.start()
                yield self.diag(doc, s, s + len(m.group()), f"Адрес {m.group()} в подписи — личный ящик. "
                                "Укажите корпоративную почту.")
                return
