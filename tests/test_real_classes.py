"""The false-alarm classes of issue 11 seen on real letters, each as a class: drafts
written here (the real letters stay in ../shared and are scored by test_real_mail)."""
import json
import subprocess
import sys

import pytest

import mailcheck

SIG = "\n\nАнна Крылова\nменеджер проектов\nВеб-студия «Кварта»\n+7 (812) 555-34-18"


def rules(text, **cfg):
    return {d.rule for d in mailcheck.lint(text, config=cfg or None).diagnostics}


def found(text, rule, **cfg):
    return [d for d in mailcheck.lint(text, config=cfg or None).diagnostics if d.rule == rule]


# ---- 1. a thanks ending the last paragraph is the sign-off ------------------------------

@pytest.mark.parametrize("text", [
    "Добрый день, Иван!\n\nПлатёж пока не прошёл, поэтому доступ откроем после оплаты, как и "
    "договаривались ранее. Спасибо за понимание." + SIG,
    "Здравствуйте, Ольга!\n\nВаш заказ отправлен сегодня, номер для отслеживания придёт в SMS. "
    "Благодарим Вас за покупки" + SIG,
    "Добрый день! Мы поменяли текст автоответа на ваш вариант. Спасибо за проявленную инициативу!" + SIG,
    "Здравствуйте!\n\nСчёт на оплату во вложении.\n\nИ ещё раз спасибо!\nИнтернет-магазин «Кварта».",
])
def test_thanks_at_the_end_is_the_signoff(text):
    assert "signoff.missing" not in rules(text)


@pytest.mark.parametrize("text", [
    # a thanks that goes on with a promise is content; the letter still lacks a closing
    "Добрый день!\n\nСпасибо за подробное письмо, мы всё исправим до пятницы." + SIG,
    # a thanks before a list of points opens the list, it does not close the letter
    "Добрый день!\n\nВсё готово. Спасибо за замечания!\n- шапка\n- подвал\n- меню" + SIG,
])
def test_thanks_that_is_not_a_closing(text):
    assert "signoff.missing" in rules(text)


# ---- 2. other real closings -------------------------------------------------------------

@pytest.mark.parametrize("closing", [
    "С благодарностью и надеждой на дальнейшее сотрудничество,",
    "С уважением, команда проекта «Умный дом»",
    "C уважением,",            # a Latin C
])
def test_real_closings(closing):
    text = "Добрый день, Иван!\n\nОтчёт за октябрь во вложении, жду ваших замечаний до пятницы.\n\n" + closing + SIG
    assert "signoff.missing" not in rules(text)


def test_team_closing_names_the_sender():
    text = "Добрый день!\n\nСервер будет недоступен в субботу с 10:00 до 12:00.\n\nС уважением, команда проекта «Умный дом»"
    assert not rules(text) & {"signoff.missing", "signature.missing"}


def test_latin_c_closing_is_mixed_script():
    text = "Добрый день, Иван!\n\nОтчёт во вложении.\n\nC уважением," + SIG
    d = found(text, "style.mixed-script")
    assert [x.text for x in d] == ["C"] and d[0].suggestions == ["С"]
    assert mailcheck.fix(text).count("С уважением,") == 1


@pytest.mark.parametrize("text", [
    "Добрый день!\n\nНа языке C используется ручное управление памятью. Витамин C и D полезны." + SIG,
    "Добрый день!\n\nВыбрали тариф C, он дешевле." + SIG,
])
def test_latin_letter_names_are_not_mixed_script(text):
    assert "style.mixed-script" not in rules(text)


# ---- 3. lines above the greeting ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Начальнику отдела снабжения ООО «Вектор»\nИванову П. С.\nот руководителя проекта Крыловой А. В.\n\n"
    "Уважаемый Павел Сергеевич!\n\nПрошу согласовать поставку до 20 ноября.\n\nС уважением," + SIG,
    "Информационное сообщение сайта kvarta-studio.ru\n\nЗдравствуйте, Ольга!\n\n"
    "Ваша заявка принята, менеджер позвонит вам завтра до 12:00.\n\nС уважением," + SIG,
    "Вниманию главного бухгалтера Соколовой Е. П.\nУважаемая Елена Петровна!\n"
    "Направляем акт сверки за октябрь.\nС уважением," + SIG,
    "Валерия, извините за задержку — документы отправим сегодня до 18:00.\n\nС уважением," + SIG,
])
def test_greeting_below_header_lines_or_opening_the_text(text):
    assert "greeting.missing" not in rules(text)


@pytest.mark.parametrize("text", [
    "Отправляю счёт за октябрь. Оплатите его, пожалуйста, до пятницы!\nДорогая модель нам не подходит.\n\nС уважением," + SIG,
    "Анна сказала, что отчёт готов.\n\nС уважением," + SIG,
])
def test_text_first_is_still_no_greeting(text):
    assert "greeting.missing" in rules(text)


# ---- 4. names the dictionary does not know; a signer on the text's last line ------------------

@pytest.mark.parametrize("name", ["Луонг", "Луонг Нгуен", "Нгуен Ван Луонг"])
def test_unknown_names_are_names(name):
    text = ("Добрый день!\n\nОтчёт во вложении.\n\nС уважением,\n" + name +
            "\nменеджер проектов\nВеб-студия «Кварта»")
    r = mailcheck.lint(text).diagnostics
    assert "signature.missing" not in {d.rule for d in r}
    if " " in name:
        assert all("имя" not in d.message for d in r if d.rule == "signature.incomplete")


def test_signer_on_the_last_line():
    text = ("Добрый день!\n\nДоговор подписан, оригинал отправим почтой до пятницы. "
            "М. А. Чернышев, генеральный директор")
    assert "signature.missing" not in rules(text)


# ---- 6. brand names in Latin capitals -------------------------------------------------------

def test_brand_in_latin_capitals_is_not_shouting():
    text = ("Добрый день!\n\nДля бренда CONTRAST сделали упаковку, для STARPLATINUM — этикетку, "
            "макеты пришлём в ООО «SMARTDEALS» до среды." + SIG)
    assert "style.shouting" not in rules(text)


def test_shouting_still_found():
    text = "Добрый день!\n\nСРОЧНО ОТВЕТЬТЕ на письмо. PLEASE READ THIS." + SIG
    assert {d.text for d in found(text, "style.shouting")} == {"СРОЧНО ОТВЕТЬТЕ", "PLEASE READ THIS"}


# ---- 9. one spot, one finding ----------------------------------------------------------------

def test_preved_is_one_finding():
    text = "Превед, Иван!\n\nСчёт во вложении." + SIG
    at = [d.rule for d in mailcheck.lint(text).diagnostics if d.line == 1 and d.column == 1]
    assert at == ["greeting.informal"]


def test_signature_block_without_name_is_one_finding():
    text = "Здравствуйте!\n\nСчёт готов, оплатите его до пятницы.\n\nБлагодарим,\nСистема поддержки"
    r = rules(text)
    assert "signature.incomplete" in r and "signature.missing" not in r


def test_superseded_rule_alone_still_reports():
    text = "Здравствуйте!\n\nСчёт готов, оплатите его до пятницы.\n\nБлагодарим,\nСистема поддержки"
    d = mailcheck.lint(text, select=["signature.missing"]).diagnostics
    assert [x.rule for x in d] == ["signature.missing"]


# ---- greeting.punctuation: «Уважаемый, Иван» --------------------------------------------------

def test_no_comma_after_uvazhaemyj():
    text = "Уважаемый, Иван Петрович!\n\nСчёт во вложении.\n\nС уважением," + SIG
    d = found(text, "greeting.punctuation")
    assert d and d[0].suggestions == ["Уважаемый Иван"]
    assert mailcheck.fix(text).startswith("Уважаемый Иван Петрович!")


# ---- 10. placeholders and template mode --------------------------------------------------------

TEMPLATE = """Здравствуйте, {USERNAME}!

Ваша учётная запись на сайте «{SITENAME}» активирована. Войти можно по ссылке {U_LOGIN}.

Благодарим за регистрацию и надеемся на ваше участие в обсуждениях.

{EMAIL_SIG}"""


def test_placeholders_reported_in_a_draft():
    d = found(TEMPLATE, "content.placeholder")
    assert [x.text for x in d] == ["{USERNAME}", "{SITENAME}", "{U_LOGIN}", "{EMAIL_SIG}"]
    assert all(x.severity == "error" for x in d)


def test_placeholders_stand_for_words_in_template_mode():
    r = mailcheck.lint(TEMPLATE, config={"template": True}).diagnostics
    assert [(d.rule, d.text) for d in r if d.severity != "suggestion"] == []


@pytest.mark.parametrize("template", [True, False])
def test_placeholder_does_not_break_greeting_and_signature(template):
    r = rules(TEMPLATE, template=template)
    assert not r & {"greeting.missing", "greeting.no-name", "signoff.missing", "signature.missing",
                    "signature.incomplete", "style.shouting", "spelling"}


def test_placeholder_is_the_name_in_the_greeting():
    text = "Здравствуйте %s,\n\nВаша учётная запись активирована.\n\nС уважением,\n%s"
    d = found(text, "greeting.punctuation", template=True)
    assert d and "Здравствуйте, %s" in d[0].message


@pytest.mark.parametrize("syntax", ["{name}", "{{ user.name }}", "#USER_NAME#", "{$From.Sign}", "%s",
                                    "%{name}", "[Имя]", "<ФИО>", "<?= $name ?>"])
def test_every_syntax_is_a_placeholder(syntax):
    text = f"Добрый день, {syntax}!\n\nЗаказ передан в доставку." + SIG
    assert [d.text for d in found(text, "content.placeholder")] == [syntax]
    assert "content.placeholder" not in rules(text, template=True)


@pytest.mark.parametrize("text", [
    "Добрый день!\n\n*** SUBJECT HERE ***\n\nЗаказ передан в доставку." + SIG,
    "Добрый день!\n\nДоговор подпишем XX.XX.2026." + SIG,
    "ЗДЕСЬ БУДЕТ КОРОТКАЯ ЦИТАТА ДИРЕКТОРА\n\nДобрый день!\n\nЗаказ передан в доставку." + SIG,
])
def test_stand_in_text_is_a_placeholder(text):
    assert found(text, "content.placeholder")
    assert not rules(text, template=True) & {"content.placeholder", "style.shouting", "greeting.missing"}


def test_subject_placeholder_counts_as_a_short_word():
    head = "From: shop@kvarta-studio.ru\nTo: client@example.com\nSubject: "
    subj = "Заказ №{{var order.increment_id}} передан в службу доставки; отправление №{{var shipment.increment_id}}"
    r = mailcheck.lint(head + subj + "\n\nЗдравствуйте!\n\nЗаказ в пути." + SIG, config={"template": True})
    assert "subject.too-long" not in {d.rule for d in r.diagnostics}


def test_link_placeholder_is_not_a_password():
    text = "Здравствуйте!\n\nЧтобы установить новый пароль, перейдите по ссылке:\n{REMINDLINK}" + SIG
    assert "content.sensitive-data" not in rules(text, template=True)


def _cli(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "mailcheck", *args], input=stdin, capture_output=True,
                          cwd=cwd, timeout=120)


def test_cli_template_flag(tmp_path):
    f = tmp_path / "welcome.txt"
    f.write_text(TEMPLATE, encoding="utf-8")
    plain = json.loads(_cli("check", "--format", "json", str(f)).stdout)
    tmpl = json.loads(_cli("check", "--template", "--format", "json", str(f)).stdout)
    assert any(d["rule"] == "content.placeholder" for d in plain["files"][0]["diagnostics"])
    assert not any(d["rule"] == "content.placeholder" for d in tmpl["files"][0]["diagnostics"])


def test_config_template_key(tmp_path):
    f = tmp_path / "welcome.txt"
    f.write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "mailcheck.toml").write_text("[mailcheck]\ntemplate = true\n", encoding="utf-8")
    r = _cli("check", "--format", "json", "welcome.txt", cwd=tmp_path)
    assert not any(d["rule"] == "content.placeholder" for d in json.loads(r.stdout)["files"][0]["diagnostics"])
    (tmp_path / "mailcheck.toml").write_text("[mailcheck]\ntemplate = \"yes\"\n", encoding="utf-8")
    r = _cli("check", "welcome.txt", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2 and "template" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_greeting_below_a_sentence_is_not_the_opening():
    text = "Напоминаю о встрече в пятницу.\nУважаемые коллеги, прошу быть вовремя.\n\nС уважением," + SIG
    assert "greeting.missing" in rules(text)


def test_adjective_surname_is_a_surname():
    text = ("Добрый день!\n\nРезюме во вложении.\n\nС уважением, Евдокия Озерная\nменеджер по продажам\n"
            "ООО «Вектор»\n+7 900 555-00-00")
    assert "signature.incomplete" not in rules(text)


def test_service_note_after_the_signature():
    text = ("Здравствуйте, {name}!\n\nЗаявка № {number} создана, мы ответим до 18:00 сегодня.\n\n"
            "Ваша команда «Кварта»,\n{signature}\n\nЕсли хотите добавить подробности к заявке, "
            "просто ответьте на это письмо.")
    r = rules(text, template=True)
    assert not r & {"signoff.missing", "signature.missing", "signature.incomplete"}


def test_ordinary_last_paragraph_is_not_a_footer():
    text = "Здравствуйте!\n\nСчёт во вложении.\n\nЕсли будут вопросы, просто ответьте на это письмо."
    d = mailcheck.lint(text).draft
    assert "ответьте на это письмо" in d.text[d.new.start:d.new.end]
    assert "signoff.missing" in rules(text)


def test_vasha_komanda_needs_the_team_name():
    text = "Здравствуйте!\n\nПроект запускаем в понедельник.\n\nВаша команда готова.\nАнна"
    assert "signoff.missing" in rules(text)


def test_name_after_a_closing_without_comma_is_still_the_signer():
    text = "Добрый день!\n\nОтчёт готов.\n\nС уважением Иван Петров"
    assert rules(text) == {"signoff.punctuation"}


def test_many_placeholders_point_to_template_mode():
    d = found(TEMPLATE, "content.placeholder")
    assert "--template" in d[0].message and all("--template" not in x.message for x in d[1:])
    one = "Здравствуйте, {name}!\n\nСчёт во вложении." + SIG
    assert "--template" not in found(one, "content.placeholder")[0].message
