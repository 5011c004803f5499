"""content.sensitive-data: card numbers, passport data, CVV codes, passwords, one-time codes.

The finding never repeats the secret: both the message and the diagnostic's
`text` show it masked («2200 **** **** 7896»).

`secrets(text)` is the one detector: the rule reports what it finds, and
`mask_secrets(text)` hides the same things (and INN/SNILS numbers, which are
not flagged but are personal data) wherever a report shows text — the
LanguageTool API's context and sentence, `--explain`, the messages and
suggestions of other rules. Masks keep the length, so offsets stay valid.
"""
from __future__ import annotations

import re

from mailcheck.language import morph
from mailcheck.rules.rule import Rule

# 13–19 digits in any grouping by single spaces, dashes or no-break spaces
_CARD = re.compile(r"(?<![\d\w.,/-])\d(?:[ \u00a0\u202f-]?\d){12,18}(?![\d\w]|[.,/-]\d)")
# labels that make a long number something else (company codes, accounts, orders)
_NOT_CARD_BEFORE = re.compile(
    r"(?:инн|кпп|огрн(?:ип)?|бик|окпо|оквэд|октмо|р/с|к/с|л/с|сч\.?|сч[её]т\w*|№|n|#|заказ\w*|договор\w*|"
    r"тел\.?|телефон\w*|трек\w*|накладн\w*|обращени\w*|заявк\w*|артикул\w*|штрихкод\w*|imei|снилс)"
    r"[^\w\n]{0,6}(?:[\w]+[^\w\n]{1,3}){0,2}$", re.I)
# «счёт на карту 4276…», «счёт, карта 4276…»: a card named between the label and the number
_CARD_WORD = re.compile(r"(?<!\w)карт\w*(?!\w)", re.I)
# INN (10 or 12 digits) and SNILS: not flagged (a company's INN is public), but masked in shown text
_PERSONAL_ID = re.compile(r"(?<![\w])(?:инн|снилс)(?![\w])[^\d\n]{0,12}?(?<!\d)(\d(?:[ \u00a0-]?\d){9,13})(?!\d)",
                          re.I)
_PASSPORT = re.compile(
    r"(?:паспорт\w*|серия)[^\d\n]{0,40}?(?<!\d)(\d{2}[ \u00a0]?\d{2})[^\d\n]{0,12}?(?<!\d)(\d{6})(?!\d)", re.I)
_CVV = re.compile(r"(?<![\w])(?:cvv2?|cvc2?|cvp2?|cav2|код\s+безопасности|код\s+на\s+обороте(?:\s+карты)?|"
                  r"трёхзначный\s+код|трехзначный\s+код)(?![\w])[^\d\n]{0,20}?(?<!\d)(\d{3,4})(?!\d)", re.I)
_PASSWORD = re.compile(r"(?<![\w])(?:парол[ьяюеи]\w*|password|passwd|pass)(?![\w])[^\n:—–=]{0,30}?\s*[:—–=-]\s*"
                       r"([^\s,;]+)", re.I)
_OTP = re.compile(
    r"(?<![\w])(?:(?:одноразов\w+|проверочн\w+|смс|sms|sms-|смс-)\s*-?\s*код\w*|"
    r"код\w*\s+(?:из\s+(?:смс|sms|сообщения|письма)|подтверждения|для\s+входа|доступа|верификации|авторизации))"
    r"(?![\w])[^\d\n]{0,15}?(?<!\d)(\d{4,8})(?!\d)", re.I)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_card(s: str) -> str:
    """Keep the first four and the last four digits and every separator."""
    n = sum(c.isdigit() for c in s)
    out, k = [], 0
    for c in s:
        if c.isdigit():
            out.append(c if k < 4 or k >= n - 4 else "*")
            k += 1
        else:
            out.append(" " if c in "\u00a0\u202f" else c)
    return "".join(out)


def _mask_all(s: str, keep: int = 0) -> str:
    digits = [i for i, c in enumerate(s) if c.isdigit()]
    keep_idx = set(digits[-keep:]) if keep else set()
    return "".join("*" if (c.isdigit() and i not in keep_idx) or (not c.isdigit() and not c.isspace() and keep == -1)
                   else c for i, c in enumerate(s))


def _looks_secret(token: str) -> bool:
    t = token.strip("«»\"'.,;:!?()")
    if len(t) < 4:
        return False
    if re.fullmatch(r"[А-Яа-яЁё-]+", t) and morph.is_known(t):
        return False            # «пароль: прежний», «пароль: отправлю SMS»
    if re.fullmatch(r"[A-Za-z]+", t) and t.lower() in ("same", "sms", "later", "none", "nope"):
        return False
    if "/" in t or re.search(r"(?i)link|url|href|ссылк", t):
        return False            # «…установить пароль, перейдите по ссылке:\n{REMINDLINK}»: a link, not a password
    return True


def _card_label_before(chunk: str, start: int) -> bool:
    """A label that makes the number something else (INN, account, order…), unless the
    words after the label name a card («счёт на карту», «счёт, карта»)."""
    m = _NOT_CARD_BEFORE.search(chunk, max(0, start - 40), start)
    if not m:
        return False
    return not _CARD_WORD.search(chunk, m.start(), start)


def secrets(chunk: str):
    """Every secret in a text: (kind, start, end, masked); kind is card, passport, cvv,
    password or otp; `masked` has the secret's length."""
    seen = []
    for m in _CARD.finditer(chunk):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        if not 13 <= len(digits) <= 19 or not luhn_ok(digits) or len(set(digits)) < 3:
            continue
        if _card_label_before(chunk, m.start()):
            continue
        seen.append((m.start(), m.end()))
        yield "card", m.start(), m.end(), mask_card(raw)
    for m in _PASSPORT.finditer(chunk):
        s, e = m.start(1), m.end(2)
        yield "passport", s, e, _mask_all(chunk[s:e], keep=2)
    for m in _CVV.finditer(chunk):
        yield "cvv", m.start(1), m.end(1), "*" * (m.end(1) - m.start(1))
    for m in _PASSWORD.finditer(chunk):
        if not _looks_secret(m.group(1)):
            continue
        tok = m.group(1).rstrip(".,;:!?)»\"'")
        yield "password", m.start(1), m.start(1) + len(tok), "*" * len(tok)
    for m in _OTP.finditer(chunk):
        s, e = m.start(1), m.end(1)
        if any(a <= s < b for a, b in seen):
            continue
        yield "otp", s, e, "*" * (e - s)


def secret_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, masked) of every secret and personal id number, sorted, not overlapping."""
    found = [(s, e, masked) for _, s, e, masked in secrets(text)]
    for m in _PERSONAL_ID.finditer(text):
        found.append((m.start(1), m.end(1), _mask_all(m.group(1))))
    out: list[tuple[int, int, str]] = []
    for s, e, masked in sorted(found):
        if out and s < out[-1][1]:
            continue
        out.append((s, e, masked))
    return out


def mask_secrets(text: str, spans=None) -> str:
    """The text with every secret masked, length kept (offsets into it stay valid)."""
    spans = secret_spans(text) if spans is None else spans
    if not spans:
        return text
    parts, pos = [], 0
    for s, e, masked in spans:
        parts.append(text[pos:s])
        parts.append(masked if len(masked) == e - s else "*" * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def hide_in(shown: str, text: str, spans) -> str:
    """`shown` (a message, a suggestion, a quoted sentence) with every secret of `text`
    that it repeats replaced by its mask."""
    for s, e, masked in spans:
        raw = text[s:e]
        if raw and raw in shown:
            shown = shown.replace(raw, masked if len(masked) == len(raw) else "*" * len(raw))
    return shown


def hide_secrets(text: str, diags, rule_id: str = "content.sensitive-data") -> list:
    """Findings of other rules never show a secret: in their text, message and suggestions
    it is masked; a finding on the secret itself loses its suggestions and its safe fix
    (`mailcheck fix` must not rewrite a password)."""
    spans = secret_spans(text)
    if not spans:
        return diags
    for d in diags:
        if d.rule == rule_id:
            continue
        if d.field == "body" and any(s < d.offset + d.length and d.offset < e for s, e, _ in spans):
            d.text = mask_secrets(text, spans)[d.offset:d.offset + d.length]
            d.suggestions = []
            if hasattr(d, "fix"):
                del d.fix
        d.text = hide_in(d.text, text, spans)
        d.message = hide_in(d.message, text, spans)
        d.suggestions = [hide_in(x, text, spans) for x in d.suggestions]
    return diags


_MESSAGES = {
    "card": "Номер банковской карты в письме: «{masked}». Не отправляйте его почтой — "
            "выставьте счёт или передайте реквизиты по защищённому каналу.",
    "passport": "Паспортные данные в письме: «{masked}». Передайте их по защищённому каналу "
                "или лично, не почтой.",
    "cvv": "Код CVV/CVC в письме. Никому его не сообщайте и уберите из текста.",
    "password": "Пароль открытым текстом. Передайте его через менеджер паролей или по телефону, "
                "а этот смените.",
    "otp": "Одноразовый код в письме. Коды подтверждения никому не пересылают — уберите его.",
}


class SensitiveData(Rule):
    id = "content.sensitive-data"
    severity = "error"
    summary = "Номер карты, паспорт, CVV, пароль или одноразовый код в письме"
    guideline = ("«Рекомендации по эффективному взаимодействию с заказчиком» и список «14 "
                 "„нельзя“» требуют беречь конфиденциальные данные: почта — не место для реквизитов "
                 "карт, паспортов и паролей.")
    what = ("Номер банковской карты (проходит проверку Луна, в любой разбивке), серия и номер паспорта, "
            "CVV/CVC, пароль или одноразовый код. Номера заказов, обращений, телефоны, ИНН и КПП не трогает.")
    why = "Письмо хранится у многих адресатов и пересылается; утёкшие данные уже не вернуть."

    def _regions(self, doc):
        draft = doc.draft
        spans = list(draft.new_spans) or [draft.new]
        if draft.signoff:
            spans.append(draft.signoff)
        if draft.signature:
            spans.append(draft.signature)
        return spans

    def check(self, doc):
        text = doc.text
        for sp in self._regions(doc):
            chunk = text[sp.start:sp.end]
            for kind, s, e, masked in secrets(chunk):
                shown = {"cvv": "***", "password": "*" * 8}.get(kind, masked)
                yield self.diag(doc, sp.start + s, sp.start + e, _MESSAGES[kind].format(masked=masked),
                                text=shown)
