"""Template placeholders in a text: `{name}`, `{{ order.id }}`, `{% if %}`, `#USER_NAME#`,
`{$var}`, Smarty `{if …}`, `%s`, `%{name}`, `[Имя]`, `<ФИО>`, `<?= $name ?>`,
`*** SUBJECT HERE ***`, `XX.XX.2026`, and a stand-in written in capitals
(«ЗДЕСЬ БУДЕТ ЦИТАТА»).

A placeholder stands for the words a mail program (or a person) puts in its
place. The splitter reads them (a signature placeholder at the end is a
signature block), the text layer keeps each one a single token, the greeting
and signature analysis take one for the word it stands for, and
`content.placeholder` reports the ones left unfilled in a draft about to be
sent. Pure text: no morphology here, so the draft stage can use it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from mailcheck import data

# one pattern per syntax, each a whole placeholder; order only matters for overlaps
_SYNTAXES = [
    ("php", r"<\?(?:php\b|=)[^\n]{0,300}?\?>"),                                   # <?= $name; ?>, <?php echo $x; ?>
    ("jinja", r"\{\{[^{}\n]{1,120}\}\}|\{%[^{}\n]{1,120}%\}"),              # {{ var }}, {{var order.id}}, {% if %}
    ("smarty", r"\{\$[^{}\n]{1,120}\}|\{/?(?:if|else|elseif|foreach|section|literal|capture)\b[^{}\n]{0,120}\}"),
    ("ruby", r"%\{[A-Za-z_][\w.]{0,60}\}"),                                 # %{name} (Rails i18n, osTicket)
    ("brace", r"\{[A-Za-z_][\w.]{0,60}(?:\(\))?\}|\{\d{1,2}\}"),            # {name}, {USERNAME}, {user.last_name}, {0}
    ("hash", r"#[A-Z][A-Z0-9_]{2,40}#"),                                    # #USER_NAME# (Bitrix)
    ("printf", r"(?<![\w%])%(?:\d\$)?[sd](?![A-Za-z])"),                    # %s, %1$s, %d
    ("bracket", r"\[(?:[А-ЯЁа-яё][А-ЯЁа-яё-]*(?:[ ][А-ЯЁа-яё-]+){0,4}|[A-Z][A-Z_]{2,30})\](?![(\[:])"),  # [Имя], [ФИО], [NAME]
    ("angle", r"<[А-ЯЁа-яё][А-ЯЁа-яё-]*(?:[ ][А-ЯЁа-яё-]+){0,4}>"),          # <ФИО>, <Название компании>
    ("stars", r"(?<!\*)\*{3,}+[^*\n]{1,60}?\*{3,}"),                                 # *** SUBJECT HERE ***
    ("date", r"(?<!\w)[XxХх]{2}\.[XxХх]{2}\.(?:\d{4}|\d{2}|[XxХх]{2,4})(?!\w)"),   # XX.XX.2026
]
_ANY = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _SYNTAXES))

# a stand-in written in capitals: a paragraph of capitals that says it is one
# («ТУТ ДОЛЖНА БЫТЬ ЦИТАТА», «ЗДЕСЬ ВАШ ТЕКСТ», "INSERT NAME HERE")
_STANDIN_MARK = re.compile(r"(?<![А-ЯЁA-Z])(?:ТУТ|ЗДЕСЬ|ВСТАВ[А-ЯЁ]*|ВАШ(?:Е|А|И)? ТЕКСТ|ТЕКСТ ПИСЬМА|"
                           r"HERE|INSERT|PLACEHOLDER|YOUR TEXT|LOREM IPSUM)(?![А-ЯЁA-Z])")
_CAPS_PARA = re.compile(r"(?:^|\n)((?:[^\S\n]*[^a-zа-яё\n]*[A-ZА-ЯЁ][^a-zа-яё\n]*(?:\n|$))+)")


@dataclass(frozen=True)
class Placeholder:
    start: int
    end: int
    text: str
    kind: str


@functools.cache
def _words() -> frozenset[str]:
    return data.load_set("content/placeholder_words.txt")


def _bracket_is_placeholder(inner: str) -> bool:
    """«[Имя]», «[Название компании]», «[Ваше имя]», «[NAME]» — not a tag («[Карапуз]»),
    a footnote («[1]») or a word in brackets («[sic]»)."""
    if re.fullmatch(r"[A-Z][A-Z_]{2,30}", inner):
        return "_" in inner or inner.lower() in _words()
    words = inner.lower().replace("ё", "е").split()
    if words and words[0] in ("ваш", "ваше", "ваша", "ваши", "свой", "своё", "свое", "своя") and len(words) > 1:
        words = words[1:]
    return bool(words) and (words[0] in _words() or words[0].replace("е", "ё") in _words())


def find(text: str) -> list[Placeholder]:
    """Every placeholder in text, in order, not overlapping."""
    out = [Placeholder(m.start(), m.end(), m.group(), m.lastgroup) for m in _ANY.finditer(text)
           if m.lastgroup not in ("bracket", "angle") or _bracket_is_placeholder(m.group()[1:-1])]
    for m in _CAPS_PARA.finditer(text):
        para = m.group(1)
        words = re.findall(r"[A-ZА-ЯЁ]{2,}", para)
        if len(words) >= 3 and _STANDIN_MARK.search(para):
            s = m.start(1) + (len(para) - len(para.lstrip()))
            e = m.start(1) + len(para.rstrip())
            out = [p for p in out if p.end <= s or p.start >= e]
            out.append(Placeholder(s, e, text[s:e], "standin"))
    return sorted(out, key=lambda p: p.start)


def only_placeholders(line: str) -> bool:
    """A line (or paragraph) made of placeholders alone, with at most punctuation between them."""
    if not line.strip():
        return False
    found = find(line)
    if not found:
        return False
    rest = line
    for p in reversed(found):
        rest = rest[:p.start] + rest[p.end:]
    return not re.search(r"\w", rest)


def mask(text: str, fill: str = "X") -> str:
    """text with every placeholder replaced by a run of `fill` of the same length."""
    chars = list(text)
    for p in find(text):
        chars[p.start:p.end] = fill * (p.end - p.start)
    return "".join(chars)
