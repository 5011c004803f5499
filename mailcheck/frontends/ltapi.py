"""mailcheck findings in LanguageTool's HTTP API shape (`/v2/check`, `/v2/languages`).

LanguageTool clients (browser extensions, editor plugins, language-tool-python)
send `text` or `data` (an annotation: text and markup pieces) with a
`language`, and read back `matches`. Offsets and lengths in that API count
UTF-16 code units (the server is Java), not Python str indices, and with
`data` they point into the original document, markup included; both are
converted here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from mailcheck.version import __version__

LANGUAGES = [
    {"name": "Russian", "code": "ru", "longCode": "ru-RU"},
    {"name": "Russian (Russia)", "code": "ru", "longCode": "ru-RU"},
]
RUSSIAN = {"name": "Russian", "code": "ru-RU"}

CATEGORY_NAMES = {
    "greeting": "Приветствие", "signoff": "Заключительная фраза", "signature": "Подпись",
    "structure": "Структура письма", "style": "Язык и тон", "spelling": "Орфография",
    "grammar": "Грамматика", "content": "Содержание", "subject": "Тема письма",
}
FIELD_NAMES = {"subject": "Тема", "from": "От", "to": "Кому", "cc": "Копия", "attachments": "Вложения"}
CONTEXT_CHARS = 40


class BadRequest(ValueError):
    """A request the API cannot answer; str() is the message for the client."""


@dataclass
class Document:
    """The text to check and how its positions map back to what the client sent."""
    plain: str                 # what mailcheck checks
    original: str              # what the client's offsets refer to (markup included)
    orig_of: list[int] | None  # plain index -> original index (None: identical)

    def to_original(self, i: int) -> int:
        if self.orig_of is None:
            return i
        return self.orig_of[min(max(i, 0), len(self.orig_of) - 1)]


def clean_json(value):
    """Parsed JSON with lone surrogates («\\udc82») replaced by U+FFFD in every string:
    one character for one, so offsets stay, and the answer can be encoded."""
    from mailcheck.draft.reader import without_surrogates

    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_json(k): clean_json(v) for k, v in value.items()}
    return value


def document_from_params(params: dict[str, str]) -> Document:
    from mailcheck.draft.reader import without_surrogates

    text, data = params.get("text"), params.get("data")
    if text is not None:
        text = without_surrogates(text)      # «\\udc82» from JSON: U+FFFD, one for one
    if text is not None and data is not None:
        raise BadRequest("нужен один параметр: text или data, а не оба")
    if text is not None:
        return Document(text, text, None)
    if data is None:
        raise BadRequest("нет параметра text или data")
    try:
        doc = clean_json(json.loads(data))
    except (ValueError, RecursionError):
        raise BadRequest("параметр data: не JSON") from None
    items = doc.get("annotation") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise BadRequest("параметр data: нужен объект {\"annotation\": [...]}")
    plain, original, orig_of = [], [], []
    pos = 0
    for k, item in enumerate(items):
        if not isinstance(item, dict):
            raise BadRequest(f"параметр data: элемент {k} — не объект")
        t, markup = item.get("text"), item.get("markup")
        if isinstance(t, str) and markup is None:
            plain.append(t)
            orig_of.extend(range(pos, pos + len(t)))
            original.append(t)
            pos += len(t)
        elif isinstance(markup, str) and t is None:
            shown = item.get("interpretAs", "")
            if not isinstance(shown, str):
                raise BadRequest(f"параметр data: элемент {k}: interpretAs — не строка")
            plain.append(shown)
            orig_of.extend([pos] * len(shown))
            original.append(markup)
            pos += len(markup)
        else:
            raise BadRequest(f"параметр data: элемент {k}: нужен text или markup")
    orig_of.append(pos)
    return Document("".join(plain), "".join(original), orig_of)


def utf16_index(text: str):
    """A function: str index -> UTF-16 code-unit index (fast path for BMP-only text)."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    prefix = [0]
    for c in text:
        prefix.append(prefix[-1] + (2 if ord(c) >= 0x10000 else 1))
    return lambda i: prefix[min(max(i, 0), len(text))]


def is_russian(language: str, text: str = "") -> bool:
    """Russian asked for, or `auto` and the text is mostly Cyrillic."""
    lang = (language or "").strip().lower().replace("_", "-")
    if lang == "ru" or lang.startswith("ru-"):
        return True
    if lang != "auto":
        return False
    letters = [c for c in text[:20000] if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    return not letters or cyrillic >= 0.5 * len(letters)


def _widen(text: str, start: int, end: int) -> tuple[int, int, str]:
    """A zero-length finding (something missing) becomes the word where it belongs, so
    clients can underline it. Returns (start, end, 'before'|'after'|'') — where the
    original insertion point lies relative to the widened span."""
    if end > start or not text:
        return start, end, ""
    i = start
    while i < len(text) and text[i].isspace():
        i += 1
    if i < len(text):
        j = i
        while j < len(text) and not text[j].isspace():
            j += 1
        return i, j, "before"
    j = start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    i = j
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i, j, "after" if i < j else ""


def _issue_type(rule_id: str) -> str:
    group = rule_id.split(".")[0]
    if group == "spelling":
        return "misspelling"
    if group == "grammar":
        return "grammar"
    if group == "style":
        return "style"
    if rule_id.endswith(".missing") or ".no-" in rule_id:
        return "omission"
    return "non-conformance"


def to_matches(report, doc: Document) -> list[dict]:
    from mailcheck.rules.checks.content_sensitive import mask_secrets
    from mailcheck.rules.rule import get

    plain = doc.plain
    shown = mask_secrets(plain)         # context and sentence never repeat a secret (same length)
    u16 = utf16_index(doc.original)
    out = []
    for d in report.diagnostics:
        if d.field == "body":
            start, end = d.offset, d.offset + d.length
            message = d.message
        else:                       # about a header: show it at the start of the text
            start, end = 0, 0
            message = f"{FIELD_NAMES.get(d.field, d.field)}: {d.message}"
        w_start, w_end, where = _widen(plain, start, end)
        covered = plain[w_start:w_end]
        if where == "before":       # the fix inserts text before the underlined word
            replacements = [s + ("" if s[-1:].isspace() else " ") + covered for s in d.suggestions if s]
        elif where == "after":      # …or after it
            replacements = [covered + ("" if s[:1].isspace() else " ") + s for s in d.suggestions if s]
        else:
            replacements = list(d.suggestions)
        if d.field != "body":
            replacements = []
        o_start, o_end = doc.to_original(w_start), doc.to_original(w_end)
        if o_end < o_start:
            o_end = o_start
        c_start = max(0, w_start - CONTEXT_CHARS)
        c_end = min(len(plain), w_end + CONTEXT_CHARS)
        raw_ctx = shown[c_start:c_end]
        lead = "..." if c_start > 0 else ""
        tail = "..." if c_end < len(plain) else ""
        ctx = lead + raw_ctx.replace("\r", " ").replace("\n", " ").replace("\t", " ") + tail
        cu16 = utf16_index(ctx)
        ctx_off = cu16(len(lead) + (w_start - c_start))
        ctx_len = cu16(len(lead) + (w_end - c_start)) - ctx_off
        rule = get(d.rule)
        summary = (rule.summary if rule is not None else "") or d.rule
        group = d.rule.split(".")[0]
        out.append({
            "message": message,
            "shortMessage": summary,
            "replacements": [{"value": r} for r in replacements[:5]],
            "offset": u16(o_start),
            "length": u16(o_end) - u16(o_start),
            "context": {"text": ctx, "offset": ctx_off, "length": ctx_len},
            "sentence": _sentence(shown, w_start, w_end),
            "type": {"typeName": "Other"},
            "rule": {
                "id": d.rule,
                "description": summary,
                "issueType": _issue_type(d.rule),
                "category": {"id": group.upper(), "name": CATEGORY_NAMES.get(group, group)},
            },
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 0,
            "mailcheck": {"severity": d.severity, "field": d.field},
        })
    return out


def _sentence(text: str, start: int, end: int) -> str:
    """The line holding the finding: cheap and good enough for a client's tooltip."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a:b if b >= 0 else len(text)].strip()


def check_response(matches: list[dict], language: dict | None = None) -> dict:
    lang = language or RUSSIAN
    return {
        "software": {"name": "mailcheck", "version": __version__, "buildDate": None,
                     "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": lang["name"], "code": lang["code"],
                     "detectedLanguage": {"name": lang["name"], "code": lang["code"],
                                          "confidence": 1.0}},
        "matches": matches,
    }


def split_ids(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(",") if p.strip()]
