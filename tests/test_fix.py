"""`mailcheck fix`: every safe fix on a .txt and an .eml draft, byte-exact
splicing of the text part, idempotence, and the CLI."""
import email
import email.policy
import subprocess
import sys
from email.charset import BASE64, QP, Charset
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mailcheck
from mailcheck.frontends.fix import FIX_RULES, fix_bytes

SIG = "\n\nС уважением,\nИван Петров\nменеджер проектов\nООО «Пример»\n+7 (495) 555-00-00\n"

# (draft fragment, expected fragment after fix, rule whose finding it fixes or None)
CASES = [
    ("Напоминаем, что cрок оплаты — 31 октября.", "Напоминаем, что срок оплаты — 31 октября.", "style.mixed-script"),
    ("Макет в проекте Ашпьф, ccskre jnghfdk. dfv jnltkmysv gbcmvjv/",
     "Макет в проекте Figma, ссылку отправлю вам отдельным письмом.", "style.wrong-layout"),
    ("Spasibo bolshoe za pravki, zavtra prishlyu novyj variant.",
     "Спасибо большое за правки, завтра пришлю новый вариант.", "style.translit"),
    ("Вчера задеплоили скрипт, обсудим на митинге к дедлайну.",
     "Вчера развернули скрипт, обсудим на встрече к сроку.", "style.jargon"),
    ("Всё готово!!! Проверьте до пятницы.", "Всё готово! Проверьте до пятницы.", "style.exclamations"),
]


def _txt(fragment: str, greeting="Здравствуйте, Анна!", signoff="С уважением,") -> str:
    return f"{greeting}\n\n{fragment}\n\n{signoff}\nИван Петров\nменеджер проектов\nООО «Пример»\n+7 (495) 555-00-00\n"


def _eml(body: str, charset="utf-8", cte=None, crlf=False) -> bytes:
    msg = MIMEMultipart()
    msg["From"] = "Ivan <i.petrov@example.ru>"
    msg["To"] = "Anna <anna@client.ru>"
    msg["Subject"] = "Test"
    msg["Date"] = "Mon, 12 Oct 2026 10:00:00 +0300"
    if cte is None:
        part = MIMEText(body, "plain", charset)
    else:
        cs = Charset(charset)
        cs.body_encoding = cte
        part = MIMEText("", "plain", charset)
        del part["Content-Transfer-Encoding"]
        part.set_payload(body, cs)
    msg.attach(part)
    att = MIMEApplication(b"%PDF-1.4\n% test attachment \x00\x01\x02\n", Name="plan.pdf")
    att["Content-Disposition"] = 'attachment; filename="plan.pdf"'
    msg.attach(att)
    raw = msg.as_bytes()
    return raw.replace(b"\n", b"\r\n") if crlf else raw


@pytest.mark.parametrize("src,want,rule", CASES, ids=[c[2] for c in CASES])
def test_fix_txt(src, want, rule):
    draft = _txt(src)
    before = [d for d in mailcheck.lint(draft).diagnostics if d.rule == rule]
    assert before, f"{rule} should fire before the fix"
    fixed = mailcheck.fix(draft)
    assert want in fixed
    after = [d for d in mailcheck.lint(fixed).diagnostics if d.rule == rule and d.severity != "suggestion"]
    assert not after, [d.text for d in after]


def test_fix_signoff_and_greeting_txt():
    draft = "Добрый день Анна!\n\nСпасибо, макет получили.\n\nС уважением.\nИван Петров\nООО «Пример»\n"
    fixed = mailcheck.fix(draft)
    assert fixed.startswith("Добрый день, Анна!\n")
    assert "С уважением,\nИван Петров" in fixed
    assert mailcheck.fix(fixed) == fixed


def test_greeting_comma_needs_a_name():
    draft = "Добрый день всем!\n\nСпасибо, макет получили.\n\nС уважением,\nИван Петров\n"
    assert mailcheck.fix(draft) == draft


@pytest.mark.parametrize("charset,cte,crlf", [
    ("utf-8", None, False), ("utf-8", BASE64, True), ("cp1251", QP, True), ("koi8-r", None, False),
])
@pytest.mark.parametrize("src,want,rule", CASES, ids=[c[2] for c in CASES])
def test_fix_eml(src, want, rule, charset, cte, crlf):
    body = _txt(src)
    if charset == "koi8-r":                      # no «» or — in KOI8-R
        body = body.replace("—", "-").replace("«", '"').replace("»", '"')
        want = want.replace("—", "-")
    raw = _eml(body, charset, cte, crlf)
    new, old_text, new_text = fix_bytes(raw)
    assert new != raw
    assert want in new_text
    msg = email.message_from_bytes(new, policy=email.policy.default)
    body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert want in body
    # the text part keeps its charset and transfer encoding
    part = msg.get_body(("plain",))
    assert part.get_content_charset() == charset
    orig = email.message_from_bytes(raw, policy=email.policy.default)
    assert part.get("Content-Transfer-Encoding") == orig.get_body(("plain",)).get("Content-Transfer-Encoding")
    # everything before the text part's body and every other part is byte-identical
    head_len = raw.index(b"\r\n\r\n" if crlf else b"\n\n", raw.index(b"Content-Type: text/plain"))
    assert new[:head_len] == raw[:head_len]
    boundary = ("--" + orig.get_boundary()).encode()
    tail = raw[raw.index(boundary, head_len):]
    assert new.endswith(tail)
    assert tail.count(boundary) == 2              # the attachment part and the closing delimiter
    # line endings stay as they were
    assert (b"\r\n" in new) == crlf
    if crlf:
        assert b"\n" not in new.replace(b"\r\n", b"")
    after = [d for d in mailcheck.lint(new).diagnostics if d.rule == rule and d.severity != "suggestion"]
    assert not after
    again, _, _ = fix_bytes(new)
    assert again == new


def test_eml_signoff_and_greeting():
    body = "Здравствуйте Анна!\n\nВсё готово.\n\nС уважением.\nИван Петров\nООО «Пример»\n"
    raw = _eml(body, "utf-8", QP, True)
    new, _, text = fix_bytes(raw)
    assert text.startswith("Здравствуйте, Анна!")
    assert "С уважением,\nИван" in text


def test_html_only_message_is_left_alone():
    msg = MIMEText("<p>Вчера задеплоили!!!</p>", "html", "utf-8")
    msg["From"] = "a@example.ru"
    msg["Subject"] = "Тест"
    raw = msg.as_bytes()
    new, _, _ = fix_bytes(raw)
    assert new == raw


def test_quoted_text_is_not_fixed():
    draft = ("Здравствуйте, Иван!\n\nСпасибо, посмотрим.\n\nС уважением,\nДмитрий Ершов\n\n"
             "пн, 12 окт. 2026 г. в 10:15, Иван Петров <i@example.ru>:\n> Когда задеплоите фичу?!!!\n> cрок горит\n")
    assert mailcheck.fix(draft) == draft


def test_jargon_the_client_used_is_not_replaced():
    draft = ("Добрый день, Ольга!\n\nДедлайн 20 октября для нас реален.\n\nС уважением,\nКирилл Жуков\n\n"
             "От: Ольга <o@example.ru>\nОтправлено: понедельник, 12 октября 2026 г. 16:40\nКому: Кирилл\n"
             "Тема: Баннеры\n\nНапоминаю, что дедлайн — 20 октября.\n")
    assert mailcheck.fix(draft) == draft


def test_jargon_allow_is_respected():
    draft = _txt("Обсудим на митинге в четверг.")
    assert "митинге" in mailcheck.fix(draft, {"jargon-allow": ["митинг"]})
    assert "встрече" in mailcheck.fix(draft)


def test_an_allowed_word_is_allowed_in_every_form_and_inside_a_listed_phrase():
    """jargon-allow = ["прод"] silences «на проде» (a phrase of the list) and «прода», not only «прод»."""
    draft = _txt("Вчера выкатили версию на проде, а бэкап прода сделали заранее.")
    rules = [d.text for d in mailcheck.lint(draft, {"jargon-allow": ["прод"]}).diagnostics if d.rule == "style.jargon"]
    assert not any("прод" in t for t in rules), rules
    flagged = [d.text for d in mailcheck.lint(draft).diagnostics if d.rule == "style.jargon"]
    assert "на проде" in flagged


FRAGMENTS = [c[0] for c in CASES] + [
    "Спасибо за письмо.", "Новый баг появился вчера.", "Dobryj den!", "Ghbdtn? Cthutq!", "Всё ок!!!111",
    "Figma и Jira на месте.", "Pоссия, Москва.", "Эстимейт готов.", "Прислали новый эстимейт.",
    "Вы что, не понимаете?", "ТРЕТИЙ РАЗ прошу.", "Как бы вроде всё.", ")))", "e-mail-рассылка и IT-отдел.",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5),
       st.sampled_from(["Здравствуйте, Анна!", "Добрый день Анна!", "Привет!"]),
       st.sampled_from(["С уважением,", "С уважением.", "Спасибо!"]))
def test_fix_is_idempotent(parts, greeting, signoff):
    draft = _txt(" ".join(parts), greeting, signoff)
    once = mailcheck.fix(draft)
    assert mailcheck.fix(once) == once
    left = [d for d in mailcheck.lint(once).diagnostics if d.rule in FIX_RULES and getattr(d, "fix", None)]
    assert not left, [(d.rule, d.text) for d in left]


def _cli(*args, input=None):
    return subprocess.run([sys.executable, "-m", "mailcheck", *args], capture_output=True, input=input)


def test_cli_diff_and_write(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_text(_txt("Вчера задеплоили скрипт!!!"), encoding="utf-8")
    r = _cli("fix", str(p))
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "-Вчера задеплоили скрипт!!!" in out and "+Вчера развернули скрипт!" in out
    assert "задеплоили" in p.read_text(encoding="utf-8")
    r = _cli("fix", "--write", str(p))
    assert r.returncode == 0
    assert "Вчера развернули скрипт!" in p.read_text(encoding="utf-8")
    assert _cli("fix", str(p)).stdout == b""


def test_cli_write_eml(tmp_path):
    p = tmp_path / "draft.eml"
    raw = _eml(_txt("Напоминаем, что cрок оплаты — 31 октября."), "cp1251", QP, True)
    p.write_bytes(raw)
    assert _cli("fix", "--write", str(p)).returncode == 0
    new = p.read_bytes()
    assert new != raw
    msg = email.message_from_bytes(new, policy=email.policy.default)
    assert "срок оплаты" in msg.get_body(("plain",)).get_content()


def test_cli_missing_file(tmp_path):
    r = _cli("fix", str(tmp_path / "nope.txt"))
    assert r.returncode == 2
    assert b"nope.txt" in r.stderr and b"Traceback" not in r.stderr
