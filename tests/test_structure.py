"""Three-part detection, --explain and the structure rules' scaling by length."""
import json

from click.testing import CliRunner

import mailcheck
from mailcheck.frontends.cli import cli
from mailcheck.language.parts import analyse
from mailcheck.draft.reader import load
from mailcheck.language.text import Doc

LETTER = """Добрый день, Андрей!

По договору № 12 мы ведём рекламу вашего салона.
К сожалению, с понедельника объявления не показываются: модерация заблокировала кабинет.
Пришлите, пожалуйста, до среды копию лицензии, чтобы мы сняли блокировку.

С уважением,
Ирина
"""


def _kinds(text):
    a = analyse(Doc(load(text)))
    return [sorted({lb.kind for lb in s.labels}) for s in a.sentences]


def test_three_parts_found_and_greeting_skipped():
    kinds = _kinds(LETTER)
    assert len(kinds) == 3                  # greeting and closing are not counted
    assert "context" in kinds[0]
    assert "problem" in kinds[1]
    assert "ask" in kinds[2]


def test_ask_forms():
    for sentence in ("Прошу согласовать макет до пятницы.",
                     "Не могли бы вы прислать логотип?",
                     "Будем благодарны, если ответите до вечера.",
                     "Предлагаем созвониться завтра в 11:00.",
                     "Созвонимся в четверг в 15:00.",
                     "Подтвердите, пожалуйста, адрес доставки."):
        kinds = _kinds(f"Здравствуйте!\n\n{sentence}\n")
        assert "ask" in kinds[0], sentence


def test_indicative_is_not_a_request():
    for sentence in ("Если вы подтвердите адрес, курьер приедет сам.",
                     "Фотографии пока не пришли, раздел пустой."):
        a = analyse(Doc(load(f"Здравствуйте!\n\n{sentence}\n")))
        assert not a.sentences[0].has("ask"), sentence


def test_short_reply_and_thanks_get_no_structure_finding():
    for text in ("Спасибо, получил. Отвечу до 15:00 завтра.\n",
                 "Добрый день!\n\nСпасибо, договор получили.\nПодпишем сегодня.\nОригиналы отправим курьером.\n\nС уважением,\nОлег\n"):
        found = [d for d in mailcheck.lint(text).diagnostics if d.rule.startswith("structure.")]
        assert not found, found


def test_problem_without_ask_is_flagged_only_when_long_enough():
    long = ("Добрый день!\n\nС утра не работает оплата на сайте.\nБанк вернул ошибку авторизации.\n"
            "Заказы за два часа потеряны.\n\nС уважением,\nОлег\n")
    short = "Добрый день!\n\nС утра не работает оплата на сайте.\n\nС уважением,\nОлег\n"
    rules = lambda t: {d.rule for d in mailcheck.lint(t).diagnostics}
    assert "structure.no-ask" in rules(long)
    assert "structure.no-ask" not in rules(short)


def test_explain_json_and_text(tmp_path):
    p = tmp_path / "letter.txt"
    p.write_text(LETTER, encoding="utf-8")
    r = CliRunner().invoke(cli, ["check", "--explain", "--format", "json", str(p)])
    data = json.loads(r.output)
    parts = data["files"][0]["parts"]
    assert {x["part"] for x in parts} == {"context", "problem", "ask"}
    for x in parts:
        assert LETTER[x["offset"]:x["offset"] + x["length"]] == x["text"]
        assert x["why"]
    r = CliRunner().invoke(cli, ["check", "--explain", "--no-color", str(p)])
    assert "части письма" in r.output and "просьба" in r.output and "контекст" in r.output


def test_parts_absent_without_explain():
    assert "parts" not in mailcheck.lint(LETTER).to_dict()
