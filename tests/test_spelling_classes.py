"""Issue 12 (and the speller's part of issue 11): the classes of misses and
false alarms the speller now handles. Every case here failed before."""
from __future__ import annotations

import pytest

import mailcheck
from mailcheck.language import speller


def _spelling(text, config=None):
    return [d for d in mailcheck.lint(text, config).diagnostics if d.rule == "spelling"]


# class 1: known web misspellings with one dominant correction
@pytest.mark.parametrize("wrong,right", [
    ("врядли", "вряд ли"), ("хотябы", "хотя бы"), ("изза", "из-за"), ("собстно", "собственно"), ("естессно", "естественно"), ("полюбому", "по-любому"),
    ("следущий", "следующий"), ("следущего", "следующего"), ("мущщину", "мужчину"), ("еслиб", "если б"),
    ("остаецца", "остается"), ("отвественность", "ответственность"),
])
def test_known_misspellings_are_fixed(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.confident and v.suggestions[0] == right, v


# class 1: a syllable typed twice
@pytest.mark.parametrize("wrong,right", [("процедудура", "процедура"), ("невозмозможно", "невозможно"),
                                         ("рекокомендую", "рекомендую")])
def test_stutter(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.confident and v.suggestions[0] == right, v


# class 2: merged words
@pytest.mark.parametrize("wrong,right", [("впроекте", "в проекте"), ("договорыи", "договоры и"),
                                         ("новыйдоговор", "новый договор")])
def test_merged_words_split(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.suggestions and v.suggestions[0] == right, v


def test_prefix_like_split_is_no_sure_fix():
    """«прострочки» (stitching) is a trade word, not «про строчки»."""
    assert not any(d.severity == "error" for d in _spelling("Проверьте прострочки на образцах."))


# class 3: real-word errors by context
@pytest.mark.parametrize("text,fix", [
    ("Я пришёл, что бы помочь с отчётом.", "чтобы"),
    ("Я ни знаю, когда будет оплата.", "не"),
    ("Расскажите о поликлиники подробнее.", "поликлинике"),
    ("На объекте нужно одеть каску.", "надеть"),
    ("Рекламная компания стартует в понедельник.", "кампания"),
])
def test_real_word_errors(text, fix):
    found = speller.check_text(text)
    assert any(fix in f.suggestions for f in found), found


@pytest.mark.parametrize("text", [
    "Что бы ни случилось, звоните.", "Ни я, ни он не знаем.", "Что бы вы выбрали?",
    "Наша компания работает с 2010 года.", "Мама одела ребёнка.", "Как бы то ни было, сроки те же.",
])
def test_real_word_errors_left_alone(text):
    assert speller.check_text(text) == [], text


# class 4: -тся/-ться, -шь, н/нн
@pytest.mark.parametrize("wrong,right", [("деваються", "деваются"), ("определяешся", "определяешься"),
                                         ("раздолбаном", "раздолбанном"), ("подписаный", "подписанный"),
                                         ("серебрянном", "серебряном")])
def test_grammar_slips(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.confident and v.suggestions[0] == right, v


# class 5: severity follows confidence; trade words are words
@pytest.mark.parametrize("word", ["паркованный", "биллинговой", "принта", "прострочки", "гистероскопии",
                                  "шумозащиты", "лизинговой"])
def test_trade_words_known(word):
    assert speller.default().status(word) == "known"


@pytest.mark.parametrize("word", ["настроене", "хороше", "постояной", "организованый", "продолжние"])
def test_misspellings_are_no_family(word):
    assert speller.default().status(word) == "unknown"


def test_trade_words_not_errors():
    text = ("Добрый день!\n\nПаркованный автомобиль, биллинговой системы, без принта, прострочки "
            "двойные.\n\nС уважением,\nИгорь")
    assert [d for d in _spelling(text) if d.severity in ("error", "warning")] == []


def test_severity_levels():
    text = ("Добрый день!\n\nСпосибо за ответ, ждём траспортировку и гиперкварцевание.\n\n"
            "С уважением,\nИгорь")
    sev = {text[d.offset:d.offset + d.length] if hasattr(d, "offset") else d.message: d.severity
           for d in _spelling(text)}
    levels = sorted(sev.values())
    assert "error" in levels and "warning" in levels, sev


def test_stretched_word_is_a_suggestion():
    text = "Добрый день!\n\nЭто оооочень важно для нас.\n\nС уважением,\nИгорь"
    found = _spelling(text)
    assert len(found) == 1 and found[0].severity == "suggestion" and found[0].suggestions == ["очень"]


def test_mixed_script_word_left_to_its_rule():
    text = "Добрый день!\n\nМы беpежем ваше время.\n\nС уважением,\nИгорь"  # a Latin «p»
    assert _spelling(text) == []


def test_jargon_allow_reaches_spelling():
    """issue 11: after allowing «прод» in config, spelling does not report it."""
    text = "Добрый день!\n\nВыкатили релиз на прод сегодня.\n\nС уважением,\nИгорь"
    assert not any("прод" in d.message for d in _spelling(text, {"jargon-allow": ["прод"]}))


def _confusion_examples(kind):
    from mailcheck.language.speller.confusion import confusions
    for ent in confusions():
        for text in ent.get(kind, ()):
            yield pytest.param(text, ent["replace"], id=f"{ent['lemma']}-{kind}-{text[:20]}")


@pytest.mark.parametrize("text,replace", list(_confusion_examples("flag")))
def test_confusion_flags(text, replace):
    assert speller.check_text(text), text


@pytest.mark.parametrize("text,replace", list(_confusion_examples("pass")))
def test_confusion_passes(text, replace):
    assert speller.check_text(text) == [], text


@pytest.mark.parametrize("wrong,right", [("наконецто", "наконец-то"), ("какоето", "какое-то"),
                                         ("комуто", "кому-то")])
def test_particle_written_together(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.confident and v.suggestions[0] == right, v


@pytest.mark.parametrize("wrong,right", [("мывключились", "мы включились"), ("онотправил", "он отправил")])
def test_pronoun_glued_to_its_verb(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.confident and v.suggestions[0] == right, v


def test_two_long_words_glued_is_a_warning():
    v = speller.default().check("приведемпримеры")
    assert v is not None and v.level == "warning" and v.suggestions[0] == "приведем примеры", v


def test_two_nouns_glued_may_be_a_compound():
    v = speller.default().check("скейтпарка")
    assert v is None or v.level == "suggestion", v


@pytest.mark.parametrize("text,fix", [("Он по настоящему рад.", "по-настоящему"),
                                      ("Сделаем по другому.", "по-другому")])
def test_po_adverb_hyphen(text, fix):
    assert any(f.suggestions[0] == fix for f in speller.check_text(text))


@pytest.mark.parametrize("text", ["По моему мнению, это верно.", "По новому договору срок другой.",
                                  "Сделаем по другому образцу."])
def test_po_with_a_noun_left_alone(text):
    assert speller.check_text(text) == []


@pytest.mark.parametrize("wrong,right", [("вобщем-то", "в общем-то"), ("фсе-таки", "все-таки"),
                                         ("мастре-классах", "мастер-классах"), ("что-нибуь", "что-нибудь"),
                                         ("бизнес-процес", "бизнес-процесс")])
def test_hyphenated_word_fixed_by_parts(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.confident and v.suggestions[0] == right, v


@pytest.mark.parametrize("text,fix", [("Мне всё здесь очень нравиться.", "нравится"),
                                      ("Увы, приходиться платить за всё.", "приходится"),
                                      ("Мне, как и всем, нравиться отдыхать.", "нравится")])
def test_impersonal_verb_is_finite(text, fix):
    assert any(fix in f.suggestions for f in speller.check_text(text))


@pytest.mark.parametrize("text", ["Мне хочется нравиться людям.", "Хочу нравиться людям.",
                                  "Нам будет приходиться ездить.", "Важно нравиться клиентам."])
def test_impersonal_infinitive_left_alone(text):
    assert speller.check_text(text) == []
