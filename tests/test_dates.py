"""Russian date and time expressions (mailcheck.dates)."""
import pytest
from hypothesis import given, strategies as st

from mailcheck.language import dates


@pytest.mark.parametrize("text,expected", [
    ("Пришлю 14.10 к 11:00", ["14.10", "к 11:00"]),
    ("Созвонимся 14 октября", ["14 октября"]),
    ("Ответим в среду", ["в среду"]),
    ("до конца дня пятницы", ["до конца дня пятницы"]),
    ("Сделаем завтра до обеда", ["завтра до обеда"]),
    ("до 20.11.2026 включительно", ["20.11.2026"]),
    ("на следующей неделе", ["на следующей неделе"]),
    ("в начале декабря", ["в начале декабря"]),
    ("через два рабочих дня", ["через два рабочих дня"]),
    ("с 9:00 до 18:00", ["с 9:00", "до 18:00"]),
])
def test_recognised(text, expected):
    assert [d.text for d in dates.find(text)] == expected


@pytest.mark.parametrize("text", [
    "Пришлём в ближайшее время",
    "Ответим позже",
    "Версия 2.1 уже на сервере",
    "См. п. 3.4 договора",
    "Стоимость 1.5 млн руб.",
    "Выручка выросла на 12.5%",
])
def test_not_dates(text):
    assert dates.find(text) == []


def test_vague():
    assert dates.is_vague("Новый график пришлём в ближайшее время")
    assert not dates.is_vague("Новый график пришлём в среду")


@given(st.text(alphabet="0123456789 .:-,абвгдеёжзиклмнопрстуфхцчшщыэюяоктябрсредапятница", max_size=80))
def test_offsets_are_consistent(text):
    found = dates.find(text)
    last = -1
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start:d.end] == d.text
        assert d.start >= last          # sorted, non-overlapping
        last = d.end
