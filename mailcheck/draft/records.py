"""Archives of messages as records: JSONL (one JSON object a line; also gzip-ed)
and Parquet (one row a message), such as a support desk's export.

A record holds either the whole message or its fields (docs/audit.md):

- `raw`: the message as RFC 822 text (headers, blank line, body), read exactly
  as an .eml file; in Parquet also a binary column of its bytes;
- or `text`, the body, with optional `subject`, `from`, `to`, `date`, `id` and
  `attachments` (a list of file names). A record with a `subject` key is a
  letter with headers (as an .eml: its subject, sender and attachments are
  checked too); without one it is a draft's text (as a .txt), and `from` and
  `date` only tell `audit` who wrote it and when.

`id` (or the Message-ID of `raw`) follows the record's number in its shown
name, `export.jsonl:#17 <T-1234>`; a null value is an absent key. A bad record
is an `InputError` under that name.
"""
from __future__ import annotations

import json
from datetime import date as Day, datetime

from mailcheck.draft.model import Address, Draft
from mailcheck.errors import InputError, TooLong

FIELDS = ("raw", "text", "subject", "from", "to", "date", "id", "attachments")

_KINDS = {list: "список", str: "строка", int: "число", float: "число", bool: "логическое значение"}


def parse_line(line: bytes, where: str) -> dict:
    """One JSONL line as a record (a JSON object)."""
    from mailcheck.draft.reader import MAX_INPUT_BYTES

    if len(line) > MAX_INPUT_BYTES:
        raise TooLong(where, f"строка слишком длинная ({len(line) / 1048576:.1f} МБ, "
                             f"предел {MAX_INPUT_BYTES // 1048576} МБ)")
    try:
        rec = json.loads(line)
    except UnicodeDecodeError:
        raise InputError(where, "строка не в кодировке UTF-8") from None
    except json.JSONDecodeError as e:
        raise InputError(where, f"строка не разбирается как JSON (символ {e.colno})") from None
    except RecursionError:
        raise InputError(where, "строка не разбирается как JSON: слишком глубокая вложенность") from None
    if not isinstance(rec, dict):
        kind = "null" if rec is None else _KINDS.get(type(rec), "не объект")
        raise InputError(where, f"в строке не объект JSON {{…}}, а {kind}")
    return rec


def shown(where: str, mid) -> str:
    """`export.jsonl:#17 <T-1234>`: the record's place and its id, if it has one."""
    if mid is None or isinstance(mid, bool):
        return where
    mid = " ".join(str(mid).split())
    if not mid or len(mid) > 250:
        return where
    return f"{where} {mid if mid.startswith('<') else f'<{mid}>'}"


def message_id(data: bytes) -> str | None:
    """The Message-ID of a message, read from its headers only (None if absent or unreadable)."""
    import email.parser
    import email.policy

    try:
        head = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(data[:65536])
        mid = head.get("Message-ID")
    except Exception:   # noqa: BLE001 - a broken header only loses the Message-ID
        return None
    return str(mid) if mid else None


def record_draft(rec: dict, where: str) -> tuple[str, Draft]:
    """(the shown name, the Draft) of one record; `where` is `ARCHIVE:#N`."""
    from mailcheck.draft import reader

    rec = {k: v for k, v in rec.items() if v is not None}
    name = shown(where, rec.get("id"))
    raw = rec.get("raw")
    if raw is not None:
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="replace")
        if not isinstance(raw, (bytes, bytearray)):
            raise InputError(name, "поле «raw» должно быть строкой: текстом письма с заголовками")
        if "id" not in rec:
            name = shown(where, message_id(raw))
        return name, reader.load(bytes(raw), name)
    text = rec.get("text")
    if text is None:
        raise InputError(name, "нет ни поля «text» (текст письма), ни «raw» (письмо целиком): нечего проверять")
    if not isinstance(text, str):
        raise InputError(name, "поле «text» должно быть строкой")
    if not text.strip():
        raise InputError(name, "пустой текст письма: нечего проверять")
    for key in ("subject", "from"):
        if key in rec and not isinstance(rec[key], str):
            raise InputError(name, f"поле «{key}» должно быть строкой")
    to = rec.get("to", [])
    to = [to] if isinstance(to, str) else to
    if not isinstance(to, list) or not all(isinstance(a, str) for a in to):
        raise InputError(name, "поле «to» должно быть строкой или списком строк")
    files = rec.get("attachments", [])
    if not isinstance(files, list) or not all(isinstance(a, str) for a in files):
        raise InputError(name, "поле «attachments» должно быть списком имён файлов")
    date = rec.get("date")
    if isinstance(date, Day) and not isinstance(date, datetime):      # a Parquet date32 column
        date = datetime(date.year, date.month, date.day)
    if date is not None and not isinstance(date, (str, datetime)):
        raise InputError(name, "поле «date» должно быть строкой с датой (RFC 2822 или ISO 8601)")
    if "subject" in rec:
        # read from the object, with no bytes of a file: lines and columns count in `text`
        return name, reader.load(_message(rec, text, to, files, _date(date), name), name)
    draft = reader.load_text(text, name)
    draft.from_ = _address(rec.get("from"))
    draft.to = [a for a in map(_address, to) if a]
    draft.date = _date(date)
    return name, draft


def _message(rec: dict, text: str, to: list[str], files: list[str], date, name: str):
    """The record as an email.message.EmailMessage, for the reader to read as any
    message (handed over as the object: no round trip through bytes)."""
    import email.policy
    import email.utils
    from email.message import EmailMessage

    msg = EmailMessage(policy=email.policy.default)
    for header, key, value in (("From", "from", rec.get("from")), ("To", "to", ", ".join(to) or None),
                               ("Subject", "subject", rec["subject"]), ("Message-ID", "id", rec.get("id"))):
        if value is None:
            continue
        if key == "id":
            value = " ".join(str(value).split())
            value = value if value.startswith("<") else f"<{value}>"
        try:
            msg[header] = value
        except Exception:   # noqa: BLE001 - a line break in a header, an unparsable address
            raise InputError(name, f"поле «{key}»: недопустимое значение для заголовка письма") from None
    if date is not None:
        msg["Date"] = email.utils.format_datetime(date)
    elif isinstance(rec.get("date"), str):
        msg["Date"] = " ".join(rec["date"].split())        # unreadable: the reader finds no date, as in mail
    try:
        msg.set_content(text)
        for file in files:
            msg.add_attachment(b"", maintype="application", subtype="octet-stream", filename=file)
        return msg
    except Exception as e:  # noqa: BLE001 - the email package refuses what it cannot write
        raise InputError(name, f"не удалось собрать письмо из полей ({type(e).__name__})") from None


def _address(value: str | None) -> Address | None:
    import email.utils

    if not value:
        return None
    nm, addr = email.utils.parseaddr(value)
    return Address(nm, addr) if nm or addr else None


def _date(value) -> datetime | None:
    """A date from RFC 2822 (`Mon, 21 Mar 2026 14:00:00 +0300`) or ISO 8601
    (`2026-03-21T14:00:00+03:00`, `2026-03-21`); None when unreadable."""
    import email.utils

    if value is None or isinstance(value, datetime):
        return value
    value = value.strip()
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
