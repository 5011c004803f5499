"""content.sensitive-data: card numbers, passport data, CVV codes, passwords, one-time codes.

The finding never repeats the secret: both the message and the diagnostic's
`text` show it masked («2200 **** **** 7896»).
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
        seen = set()
        for sp in self._regions(doc):
            chunk = text[sp.start:sp.end]
            for m in _CARD.finditer(chunk):
                raw = m.group()
                digits = re.sub(r"\D", "", raw)
                if not 13 <= len(digits) <= 19 or not luhn_ok(digits) or len(set(digits)) < 3:
                    continue
                if _NOT_CARD_BEFORE.search(chunk, max(0, m.start() - 40), m.start()):
                    continue
                s, e = sp.start + m.start(), sp.start + m.end()
                seen.add((s, e))
                masked = mask_card(raw)
                yield self.diag(doc, s, e,
                                f"Номер банковской карты в письме: «{masked}». Не отправляйте его почтой — "
                                "выставьте счёт или передайте реквизиты по защищённому каналу.", text=masked)
            for m in _PASSPORT.finditer(chunk):
                s, e = sp.start + m.start(1), sp.start + m.end(2)
                raw = text[s:e]
                masked = _mask_all(raw, keep=2)
                yield self.diag(doc, s, e,
                                f"Паспортные данные в письме: «{masked}». Передайте их по защищённому каналу "
                                "или лично, не почтой.", text=masked)
            for m in _CVV.finditer(chunk):
                s, e = sp.start + m.start(1), sp.start + m.end(1)
                yield self.diag(doc, s, e,
                                "Код CVV/CVC в письме. Никому его не сообщайте и уберите из текста.", text="***")
            for m in _PASSWORD.finditer(chunk):
                if not _looks_secret(m.group(1)):
                    continue
                tok = m.group(1).rstrip(".,;:!?)»\"'")
                s = sp.start + m.start(1)
                e = s + len(tok)
                yield self.diag(doc, s, e,
                                "Пароль открытым текстом. Передайте его через менеджер паролей или по телефону, "
                                "а этот смените.", text="*" * 8)
            for m in _OTP.finditer(chunk):
                s, e = sp.start + m.start(1), sp.start + m.end(1)
                if any(a <= s < b for a, b in seen):
                    continue
                yield self.diag(doc, s, e,
                                "Одноразовый код в письме. Коды подтверждения никому не пересылают — уберите его.",
                                text="*" * (e - s))
