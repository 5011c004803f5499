"""Russian date and time expressions (mailcheck.dates)."""
import pytest
from hypothesis import given, settings, strategies as st

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


FRAGMENTS = ["14 октября", "5-го ноября 2026 г.", "14.10", "14.10.2026", "2026-10-14", "к 11:00", "в 9.30",
             "до 18 ч.", "до конца дня пятницы", "к концу недели", "в среду", "во вторник", "в ноябре",
             "завтра до обеда", "после обеда", "на следующей неделе", "в следующем месяце",
             "через два дня", "в течение трёх рабочих дней", "Пятница, 16", "п. 3.4", "версия 2.1",
             "Отправили", "проект", "в", "до", "к", "КОНЦА", "Среду", "ЗАВТРА", ",", ".", "12", "ч", ":"]


@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_the_one_pattern_prefilter_never_hides_a_date(text):
    """`_ANY` (all patterns in one) is searched first and skips the fifteen when it finds
    nothing: it must find something wherever one of them does."""
    if any(m.end() > m.start() for _, rx in dates._PATTERNS for m in rx.finditer(text)):
        assert dates._ANY.search(text)
