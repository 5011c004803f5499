"""Morphology behind the style rules: jargon forms and inflected suggestions,
translit readings, keyboard layouts, look-alike letters."""
import pytest

import mailcheck
from mailcheck.language import layout, lexicon, translit
from mailcheck.rules.checks.style_jargon import dictionary


def _jargon(text):
    return [(d.text, d.suggestions[0] if d.suggestions else None)
            for d in mailcheck.lint(text).diagnostics if d.rule == "style.jargon"]


def test_dictionary_size_and_shape():
    terms, notes, single, multi = dictionary()
    assert len(terms) >= 150
    assert all(alts and all(isinstance(a, str) and a for a in alts) for alts in terms.values())
    assert set(notes) <= set(terms)


@pytest.mark.parametrize("sentence,word,want", [
    ("Вчера задеплоили сайт.", "задеплоили", "развернули"),
    ("Успеем к дедлайну.", "дедлайну", "сроку"),
    ("Обсудим на митинге.", "митинге", "встрече"),
    ("Запустили кастомного скрипта копию.", "кастомного", "индивидуального"),
    ("Пофиксите, пожалуйста, меню.", "Пофиксите", "Исправьте"),
    ("Нашли пару багов.", "багов", "ошибок"),
    ("Она заапрувила макет.", "заапрувила", "согласовала"),
    ("Мы пофиксим это завтра.", "пофиксим", "исправим"),
    ("Вот список фич.", "фич", "функций"),
    ("Спросим у юзеров.", "юзеров", "пользователей"),
    ("Ждём вашего фидбэка.", "фидбэка", "отзыва"),
    ("Залили на девсервер.", "девсервер", "тестовый сервер"),
    ("Работает на девсервере.", "девсервере", "тестовом сервере"),
    ("Отправили эстимейт.", "эстимейт", "оценку"),
    ("Не хватает конфига.", "конфига", "настроек"),
    ("Нет нового деплоя.", "деплоя", "развёртывания"),
    ("Проверили по чек-листу.", "чек-листу", "контрольному списку"),
    ("Дедлайны сдвинулись.", "Дедлайны", "Сроки"),
])
def test_inflected_suggestion(sentence, word, want):
    assert (word, want) in _jargon("Добрый день!\n\n" + sentence)


@pytest.mark.parametrize("text", [
    "Добрый день!\n\nКрона дерева закрывает окно.",
    "Добрый день!\n\nВ логе нет ошибок, в Лиде тоже.",
    "Добрый день!\n\nРазвернули сайт, согласовали макет, исправили ошибку.",
])
def test_no_false_jargon(text):
    assert not [t for t, _ in _jargon(text) if t.lower() in ("крона", "лиде")]


def test_phrase_and_client_echo():
    assert ("по крону", "автоматически") in _jargon("Добрый день!\n\nСкрипт запускается по крону.")
    report = mailcheck.lint("Добрый день!\n\nДедлайн реален.\n\nС уважением,\nИван\n\n"
                            "> Напоминаю про дедлайн.\n")
    found = [d for d in report.diagnostics if d.rule == "style.jargon"]
    assert found and all(d.severity == "suggestion" for d in found)


def test_signature_is_not_checked():
    text = ("Добрый день!\n\nСпасибо, всё получили.\n\nС уважением,\nАлексей Новиков\nSMM-менеджер\n"
            "Отдел кастомных решений\n")
    assert not _jargon(text)


@pytest.mark.parametrize("latin,cyr", [
    ("privet", "привет"), ("spasibo", "спасибо"), ("zavtra", "завтра"), ("prishlyu", "пришлю"),
    ("pozhaluysta", "пожалуйста"), ("pozhalujsta", "пожалуйста"), ("shchas", "щас"), ("bolshoe", "большое"),
    ("den", "день"), ("uvazheniem", "уважением"), ("izvinite", "извините"), ("vsyo", "всё"),
    ("khorosho", "хорошо"), ("horosho", "хорошо"), ("obyazatel'no", "обязательно"), ("ja", "я"),
])
def test_translit_readings(latin, cyr):
    assert translit.best(latin) == cyr


@pytest.mark.parametrize("word", ["figma", "meeting", "deadline", "hello", "design", "the"])
def test_english_has_no_reading_or_is_english(word):
    assert not translit.readings(word) or layout.is_english(word)


def test_layouts():
    assert layout.en_to_ru("Ghbdtn") == "Привет"
    assert layout.en_to_ru("cgfcb,j") == "спасибо"
    assert layout.ru_to_en("руддщ") == "hello"
    assert layout.ru_to_en("Ашпьф") == "Figma"


@pytest.mark.parametrize("text,marked,want", [
    ("Добрый день!\n\nЗавтра cgfcb,j скажу.", "cgfcb,j", "спасибо"),
    ("Добрый день!\n\nНапишите в руддщ-чат.", "руддщ", "hello"),
])
def test_wrong_layout_rule(text, marked, want):
    found = [(d.text, d.suggestions[0]) for d in mailcheck.lint(text).diagnostics if d.rule == "style.wrong-layout"]
    assert (marked, want) in found


def test_mixed_script_reverse_direction():
    text = "Добрый день!\n\nОтправили отчёт в Еxcel и PDF."
    found = [(d.text, d.suggestions[0]) for d in mailcheck.lint(text).diagnostics if d.rule == "style.mixed-script"]
    assert ("Еxcel", "Excel") in found


def test_inflect_to_the_form_of_the_replaced_word():
    from mailcheck.language import morph

    like = morph.parse("митинге")[0]
    assert lexicon.inflect("встреча", like.tag) == "встрече"


def test_subject_after_an_intransitive_verb_stays_nominative():
    text = "Добрый день!\n\nВчера появился баг с оплатой, а сделали фичу с фильтрами."
    found = {d.text: d.suggestions[0] for d in mailcheck.lint(text).diagnostics if d.rule == "style.jargon"}
    assert found["баг"] == "ошибка"       # «появился баг»: subject
    assert found["фичу"] == "функцию"     # «сделали фичу»: object


def test_verb_endings_are_tried_longest_first_in_their_order():
    """translit._verb_stems takes the longest verb ending a word has: the first in
    _VERB_ENDINGS only while, of two endings one of which ends the other, the longer
    is listed first."""
    from mailcheck.language import translit

    endings = translit._VERB_ENDINGS
    assert not [(a, b) for i, a in enumerate(endings) for b in endings[i + 1:] if b != a and b.endswith(a)]
    assert ("деплой", True) in set(translit._verb_stems("задеплоим"))
