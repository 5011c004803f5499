"""Russian date and time expressions in running text.

Recognises the forms people use in business mail: «14.10», «14.10.2026»,
«14 октября», «в среду», «до конца дня пятницы», «к 11:00», «завтра до
обеда», «на следующей неделе», «в ноябре», «через два дня». Vague phrases
(«в ближайшее время», «скоро», «позже») are deliberately not dates.

`find(text)` returns the matches with str offsets; `has_date(text)` says
whether there is at least one. This is a recogniser, not a calendar: it does
not resolve «в среду» to a day.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_MONTH = (r"(?:январ[ьяюе]|феврал[ьяюе]|март[аеу]?|апрел[ьяюе]|ма[йяюе]|июн[ьяюе]|июл[ьяюе]|"
          r"август[аеу]?|сентябр[ьяюе]|октябр[ьяюе]|ноябр[ьяюе]|декабр[ьяюе]|"
          r"(?:янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|нояб|дек)\.)")
_WEEKDAY = (r"(?:понедельник[аеу]?|вторник[аеу]?|сред[ауеы]|четверг[аеу]?|пятниц[ауеы]|"
            r"суббот[ауеы]|воскресень[еяю]|пн|вт|ср|чт|пт|сб|вс)")
_NUMWORD = (r"(?:\d{1,2}|один|одну|одного|два|две|двух|три|трёх|трех|четыре|четырёх|четырех|"
            r"пять|пяти|шесть|шести|семь|семи|десять|десяти|несколько|нескольких|пару)")
_UNIT = r"(?:час(?:а|ов)?|д(?:ень|ня|ней)|рабоч(?:ий|их)\s+д(?:ень|ня|ней)|недел(?:ю|и|ь)|месяц(?:а|ев)?)"
_PREP = r"(?:в|во|до|к|ко|с|со|по|на|после|не\s+позднее|не\s+позже|не\s+ранее)"

_B = r"(?<![\w.])"          # left word boundary that also refuses «1.14.10»
_E = r"(?![\w])"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    # 14 октября 2026 г. (в 11:00), 5-го ноября
    ("date", re.compile(_B + r"\d{1,2}(?:-?(?:го|е|ое))?\s+" + _MONTH + r"(?:\s+\d{4}(?:\s*(?:г\.|года|году))?)?"
                        + r"(?:,?\s+(?:в|к|до|с)\s+\d{1,2}[:.]\d{2})?", re.I)),
    # 14.10, 14.10.2026, 14/10
    ("date", re.compile(_B + r"(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])(?:[./](?:\d{4}|\d{2}))?"
                        + r"(?![\d,]|\.\d|\s*(?:тыс|млн|млрд|%|руб|₽|р\.|км|кг|м\b|см\b|мм\b|мб|гб))"
                        + r"(?:\s+(?:в\s+)?\d{1,2}:\d{2})?", re.I)),
    # 2026-10-14
    ("date", re.compile(_B + r"\d{4}-\d{2}-\d{2}" + _E)),
    # к 11:00, в 9.30, с 9:00 до 20:00
    ("time", re.compile(_B + r"(?:" + _PREP + r"\s+)?(?:[01]?\d|2[0-3]):[0-5]\d" + _E, re.I)),
    ("time", re.compile(_B + r"(?:в|к|до|с|после|около)\s+(?:[01]?\d|2[0-3])\.(?:00|15|30|45)" + _E, re.I)),
    ("time", re.compile(_B + r"(?:в|к|до|с|после|около)\s+(?:[01]?\d|2[0-3])\s*(?:час(?:а|ов)?|ч\.)"
                        + r"(?:\s+(?:утра|дня|вечера))?" + _E, re.I)),
    # до конца дня (пятницы), к концу недели, до конца октября
    ("deadline", re.compile(_B + r"(?:до|к)\s+(?:конц[ау]|начал[ау]|середин[еыу])\s+"
                            + r"(?:(?:рабочего\s+)?дня|недели|месяца|года|квартала|" + _MONTH + r")"
                            + r"(?:\s+" + _WEEKDAY + r"|\s+(?:этой|следующей)\s+недели|\s+\d{1,2}\s+" + _MONTH + r")?"
                            + _E, re.I)),
    # в среду, до пятницы, в эту пятницу, в следующий вторник, во вторник утром
    ("weekday", re.compile(_B + r"(?:" + _PREP + r")\s+(?:(?:эт(?:от|у|ом)|следующ(?:ий|ую|ей|ем)|"
                           + r"ближайш(?:ий|ую|ей|ем))\s+)?" + _WEEKDAY + _E, re.I)),
    ("weekday", re.compile(_B + r"(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)"
                           + r"(?=\s*,\s*\d)", re.I)),
    # в ноябре, до конца октября, в начале декабря
    ("month", re.compile(_B + r"(?:в|во|до|к|с|на|по)\s+(?:(?:начале|конце|середине|первой\s+половине|"
                         + r"второй\s+половине)\s+)?" + _MONTH + _E, re.I)),
    # сегодня, завтра (утром, до обеда), послезавтра
    ("relative", re.compile(_B + r"(?:сегодня|завтра|послезавтра)(?:\s+(?:утром|днём|днем|вечером|"
                            + r"до\s+обеда|после\s+обеда|в\s+первой\s+половине\s+дня|"
                            + r"во\s+второй\s+половине\s+дня))?" + _E, re.I)),
    ("relative", re.compile(_B + r"(?:до|после)\s+обеда" + _E, re.I)),
    # на этой / следующей неделе, в следующем месяце
    ("relative", re.compile(_B + r"(?:на|в)\s+(?:этой|следующей|будущей)\s+неделе" + _E, re.I)),
    ("relative", re.compile(_B + r"в\s+(?:этом|следующем|будущем)\s+месяце" + _E, re.I)),
    # через два дня, в течение трёх рабочих дней, за 2 часа
    ("relative", re.compile(_B + r"(?:через|в\s+течение)\s+(?:" + _NUMWORD + r"\s+)?" + _UNIT + _E, re.I)),
]

# all the patterns in one, ignoring case: it matches wherever any of them does (a
# superset: re.I only widens the patterns that are case-sensitive). The word-start
# check they open with is tested once per position, not once per pattern: 2.5×
# faster on a sentence with no date.
_BOUNDED = [rx.pattern[len(_B):] for _, rx in _PATTERNS if rx.pattern.startswith(_B)]
_ANY = re.compile("|".join([_B + "(?:" + "|".join(f"(?:{p})" for p in _BOUNDED) + ")"]
                           + [f"(?:{rx.pattern})" for _, rx in _PATTERNS if not rx.pattern.startswith(_B)]), re.I)

# «версия 2.1», «п. 3.4», «раздел 1.2» are numbers, not dates
_NOT_DATE_BEFORE = re.compile(r"(?:верси[яиюей]|v|ver|релиз[а-я]*|п|пп|пункт[а-я]*|раздел[а-я]*|глав[а-я]*|"
                              r"таблиц[а-я]*|рис|рисун[а-я]*|№|n|#)\.?\s*$", re.I)

_VAGUE = re.compile(r"в\s+ближайшее\s+время|скоро|позже|попозже|как\s+только|когда-нибудь|на\s+днях", re.I)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    kind: str   # date | time | deadline | weekday | month | relative


def _number_before(text: str, end: int) -> bool:
    """«п. 3.4», «версия 2.1» right before `end`. The pattern is anchored at
    `end`, so only the last word and the spaces before `end` can match: search
    from shortly before them, not from the start of the text (quadratic in a
    long sentence of dates)."""
    j = end
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return bool(_NOT_DATE_BEFORE.search(text, max(0, j - 100), end))


def find(text: str) -> list[DateMatch]:
    """Non-overlapping date/time expressions in text, in order (longest wins)."""
    return list(_find(text))


@functools.lru_cache(maxsize=4096)
def _find(text: str) -> tuple[DateMatch, ...]:
    # several rules ask about the same sentence (and a letter may repeat one):
    # each distinct text is searched once
    if not _ANY.search(text):
        return ()                   # one search instead of fifteen for a sentence with no date
    found = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append(DateMatch(m.start(), m.end(), m.group(), kind))
    found = [d for d in found if not (d.kind == "date" and _number_before(text, d.start))]
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMatch] = []
    for d in found:
        if out and d.start < out[-1].end:
            if d.end > out[-1].end and d.end - d.start > out[-1].end - out[-1].start:
                out[-1] = d
            continue
        out.append(d)
    return tuple(out)


def has_date(text: str) -> bool:
    return bool(_find(text))


def is_vague(text: str) -> bool:
    """A vague time («в ближайшее время», «скоро») and no real date."""
    return bool(_VAGUE.search(text)) and not has_date(text)
