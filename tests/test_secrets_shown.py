"""No report shows a secret (issue 10): card numbers, passwords, passport numbers and
INNs are masked in /v2/check's context and sentence, in `check --explain`, and in the
findings of other rules — by the one detector of content.sensitive-data."""
from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

import mailcheck
from mailcheck.rules.checks.content_sensitive import mask_secrets

CARD = "4276 3800 1234 5679"
PASSWORD = "Vesna2026!"
PASSPORT = "45 10 № 123456"
INN = "771234567890"
DRAFT = ("Здравствуйте, Анна!\n\n"
         f"Оплату переведите на карту {CARD}, получатель Ольга. Срочно!!!\n"
         f"Доступ к админке: логин manager, пароль: {PASSWORD}\n"
         f"Для пропуска: паспорт {PASSPORT}, ИНН {INN}, нужно до пятницы.\n\n"
         "С уважением,\nОльга Смирнова\n")
RAW = [CARD, CARD.replace(" ", ""), "3800 1234", "123456", "Vesna2026", INN]


def _assert_hidden(s: str):
    for raw in RAW:
        assert raw not in s, raw


def test_mask_secrets_keeps_length():
    masked = mask_secrets(DRAFT)
    assert len(masked) == len(DRAFT)
    _assert_hidden(masked)
    assert "4276 **** **** 5679" in masked


def test_lint_findings_never_show_a_secret():
    report = mailcheck.lint(DRAFT)
    assert {d.rule for d in report.diagnostics} >= {"content.sensitive-data"}
    _assert_hidden(json.dumps(report.to_dict(), ensure_ascii=False))


def test_explain_masks_secrets(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(DRAFT, encoding="utf-8")
    for fmt in ("text", "json"):
        r = subprocess.run([sys.executable, "-m", "mailcheck", "check", "--explain", "--format", fmt, str(path)],
                           capture_output=True, text=True)
        assert r.returncode in (0, 1), r.stderr
        assert "4276 **** **** 5679" in r.stdout or fmt == "text"
        _assert_hidden(r.stdout)


def test_v2_check_context_and_sentence_are_masked():
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from mailcheck.frontends.server import create_app

    c = TestClient(create_app(), base_url="http://127.0.0.1")
    r = c.post("/v2/check", data={"language": "ru", "text": DRAFT})
    assert r.status_code == 200
    matches = r.json()["matches"]
    assert matches
    for m in matches:
        _assert_hidden(m["context"]["text"])
        _assert_hidden(m["sentence"])
        _assert_hidden(m["message"])
        for rep in m["replacements"]:
            _assert_hidden(rep["value"])
    # offsets into the context still point at the finding
    card = [m for m in matches if m["rule"]["id"] == "content.sensitive-data" and "карт" in m["message"]]
    assert card
    ctx = card[0]["context"]
    assert ctx["text"][ctx["offset"]:ctx["offset"] + ctx["length"]] == "4276 **** **** 5679"


@pytest.mark.parametrize("text", [
    f"Здравствуйте!\n\nВыставляю счёт на карту {CARD}, получатель Ольга.\n\nС уважением,\nОльга",
    f"Здравствуйте!\n\nСчёт, карта {CARD}.\n\nС уважением,\nОльга",
    f"Здравствуйте!\n\nОплата на счёт карты {CARD}.\n\nС уважением,\nОльга",
])
def test_card_after_schet_na_kartu_is_detected(text):
    found = [d for d in mailcheck.lint(text).diagnostics if d.rule == "content.sensitive-data"]
    assert [d.text for d in found] == ["4276 **** **** 5679"]


@pytest.mark.parametrize("text", [
    f"Здравствуйте!\n\nПереведите на расчётный счёт {CARD.replace(' ', '')}.\n\nС уважением,\nОльга",
    "Здравствуйте!\n\nРеквизиты: ИНН 7701234567, КПП 770101001.\n\nС уважением,\nОльга",
])
def test_accounts_and_company_codes_are_still_not_cards(text):
    assert not [d for d in mailcheck.lint(text).diagnostics if d.rule == "content.sensitive-data"]


def test_fix_never_rewrites_a_password():
    text = "Здравствуйте, Анна!\n\nПароль: Pаssw0rd77 (вторая буква кириллицей).\n\nС уважением,\nОльга\n"
    assert "Pаssw0rd77" in mailcheck.fix(text)
