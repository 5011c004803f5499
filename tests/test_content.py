"""Content rules: secrets never echoed, working days, thread-aware rules."""
from datetime import date

import mailcheck
from mailcheck.rules.checks.content_sensitive import luhn_ok, mask_card
from mailcheck.rules.checks.content_thread import working_days_between

CARD = "4276 3800 1234 5679"


def test_luhn_and_mask():
    assert luhn_ok("4276380012345679")
    assert not luhn_ok("4276380012345678")
    assert mask_card(CARD) == "4276 **** **** 5679"
    assert mask_card("4276-3800-1234-5679") == "4276-****-****-5679"


def test_secrets_never_in_the_report():
    text = (f"Здравствуйте!\n\nКарта {CARD}, CVV 123, пароль: Zima2026!, паспорт 45 10 № 654321, "
            "код из SMS: 482913.\n\nС уважением,\nОлег\n")
    report = mailcheck.lint(text)
    found = [d for d in report.diagnostics if d.rule == "content.sensitive-data"]
    assert len(found) >= 4
    dumped = str(report.to_dict())
    for secret in ("3800 1234", "Zima2026", "654321", "482913", "CVV 123"):
        assert secret not in dumped.replace(text, ""), secret
    for d in found:
        assert d.length > 0 and d.text != text[d.offset:d.offset + d.length]


def test_card_in_any_grouping():
    for shown in ("4276380012345679", "4276 3800 1234 5679", "4276-3800-1234-5679", "42763800 12345679"):
        r = mailcheck.lint(f"Добрый день!\n\nПереведите на {shown}.\n")
        assert any(d.rule == "content.sensitive-data" for d in r.diagnostics), shown


def test_working_days():
    assert working_days_between(date(2026, 10, 8), date(2026, 10, 19)) == 7   # Thu → Mon next week
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1  # Fri → Mon
    assert working_days_between(date(2026, 11, 16), date(2026, 11, 16)) == 0


def test_late_reply_needs_a_date_header():
    text = ("Добрый день!\n\nДоступ открыли.\n\nС уважением,\nОлег\n\n"
            "пн, 12 окт. 2026 г. в 10:15, Мария <m@client.ru>:\n> Откройте доступ, пожалуйста.\n")
    assert not [d for d in mailcheck.lint(text).diagnostics if d.rule == "content.late-reply"]


def test_attachment_missing_only_for_messages():
    body = "Добрый день!\n\nВо вложении счёт за ноябрь.\n\nС уважением,\nОлег\n"
    assert not [d for d in mailcheck.lint(body).diagnostics if d.rule == "content.attachment-missing"]
    msg = ("From: a@b.ru\nTo: c@d.ru\nSubject: Счёт\nContent-Type: text/plain; charset=utf-8\n\n" + body)
    assert [d for d in mailcheck.lint(msg).diagnostics if d.rule == "content.attachment-missing"]
