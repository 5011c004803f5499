"""Issue 11: a fix a person accepts must give correct Russian, or it is not offered as safe;
a message never repeats itself."""
import mailcheck
from mailcheck import data


def _draft(body: str) -> str:
    return (f"Здравствуйте, Анна!\n\n{body}\n\nС уважением,\nИван Петров\nменеджер проектов\n"
            "ООО «Пример»\n+7 (495) 555-00-00\n")


def _of(text, rule):
    return [d for d in mailcheck.lint(text).diagnostics if d.rule == rule]


# ---- translit: the apostrophe is a letter (ь/ъ), never left behind

def test_translit_apostrophe_is_a_soft_sign():
    text = "Dobryj den', Sergej!\n\nPrishlite, pozhalujsta, maket do pyatnicy.\n"
    d = _of(text, "style.translit")[0]
    assert d.suggestions[0] == "Добрый день, Сергей"
    assert "Добрый день, Сергей!" in mailcheck.fix(text)


def test_translit_apostrophe_inside_a_word_and_typographic():
    text = "Dobryj den’, Sergej! Nomer pod'ezda ja prishlju zavtra.\n"
    sugg = [d.suggestions[0] for d in _of(text, "style.translit")]
    assert "Добрый день, Сергей" in sugg
    assert any("подъезда" in s for s in sugg) and not any("'" in s or "’" in s for s in sugg)


# ---- jargon: the replacement must keep the government of the sentence

def test_jargon_fix_keeps_accusative_direction():
    text = _draft("Вчера задеплоили новую версию на тестовый сервер, проверьте её до пятницы.")
    d = _of(text, "style.jargon")[0]
    assert d.suggestions[0] == "выложили"          # «развернули на тестовый сервер» is wrong
    fixed = mailcheck.fix(text)
    assert "выложили новую версию на тестовый сервер" in fixed
    assert "развернули" not in fixed


def test_jargon_fix_with_place_keeps_the_first_alternative():
    text = _draft("Вчера задеплоили новую версию на тестовом сервере, проверьте её до пятницы.")
    assert _of(text, "style.jargon")[0].suggestions[0] == "развернули"


def test_jargon_fix_not_safe_when_no_alternative_fits():
    text = _draft("Правки закоммитили в репозиторий, проверьте их до пятницы.")
    d = _of(text, "style.jargon")[0]
    assert d.suggestions[0] == "сохранили" and not hasattr(d, "fix")
    assert "закоммитили в репозиторий" in mailcheck.fix(text)
    assert "предложном" in d.message


# ---- messages do not repeat themselves

def test_jargon_notes_do_not_repeat_the_message():
    table = data.load_toml("jargon.toml")
    for entry, note in table["notes"].items():
        first = table["terms"][entry][0]
        assert "Клиенту понятнее" not in note, entry
        assert f"«{first}»" not in note, entry


def test_jargon_message_says_each_thing_once():
    text = _draft("Всё проверили на девсервере, пришлите замечания до пятницы.")
    msg = _of(text, "style.jargon")[0].message
    sentences = [s.strip() for s in msg.split(".") if s.strip()]
    assert len(sentences) == len(set(sentences)) and msg.count("тестов") <= 2, msg
