"""Input to Draft: plain text or an RFC 5322 message, from a file, bytes or stdin."""
from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING

from mailcheck.draft.decode import decode_bytes, looks_binary
from mailcheck.draft.model import Address, Attachment, Draft
from mailcheck.errors import InputError, TooLong
from mailcheck.draft.split import split

if TYPE_CHECKING:
    from email.message import Message

# `email` is imported only when the input is a message: a plain-text draft (the
# common case of `mailcheck check draft.txt`) starts ~20 ms sooner without it


def _is_message_object(source) -> bool:
    module = sys.modules.get("email.message")     # not imported: cannot be a Message
    return module is not None and isinstance(source, module.Message)

MAX_INPUT_BYTES = 25 * 1024 * 1024      # a mail with attachments may be large…
MAX_TEXT_CHARS = 1_000_000              # …but no letter is 500 pages of text

_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]?")
_KNOWN = {b"from", b"to", b"subject", b"date", b"mime-version", b"content-type", b"message-id",
          b"received", b"return-path", b"cc", b"reply-to", b"x-mailer", b"in-reply-to",
          b"references", b"delivered-to", b"content-transfer-encoding", b"user-agent"}


_BLANK_LEAD = re.compile(rb"\A(?:[ \t]*\r?\n)+")
_MIME_TYPE = re.compile(rb"^[A-Za-z-]{1,60}:[ \t]*[A-Za-z][\w.+-]*/[\w.+-]+[ \t]*(?:;|\r?$)")
_ADDRESS = re.compile(rb"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ADDRESS_FIELDS = {b"from", b"to", b"cc", b"sender", b"reply-to", b"delivered-to", b"return-path"}


def leading_blank(data: bytes) -> int:
    """Length of the blank or whitespace-only lines a message starts with (0 for none):
    some tools write one before the headers; they are not part of the message."""
    m = _BLANK_LEAD.match(data)
    return m.end() if m else 0


def _header_block(head: bytes) -> tuple[list[tuple[bytes, bytes]], bool]:
    """The header lines a message starts with: ([(lower name, first line)], ended) where
    `ended` tells whether a blank line closes them (False: the body follows directly
    or the input ends)."""
    fields: list[tuple[bytes, bytes]] = []
    for raw in re.split(rb"\r?\n", head):
        if not raw.strip():
            return fields, True
        if raw[:1] in (b" ", b"\t"):
            if not fields:
                return [], False
            continue
        if not _HEADER_LINE.match(raw):
            return fields, False
        fields.append((raw.split(b":", 1)[0].lower(), raw))
    return fields, False


def looks_like_message(data: bytes) -> bool:
    """Starts with RFC 5322 headers (by content, not by file name).

    Also a message: one that starts with blank or whitespace-only lines, one whose
    body follows the headers without a blank line, and a MIME entity that carries
    only MIME headers (`Content-Type: multipart/mixed; boundary=…`). A plain-text
    draft whose first line merely holds a colon («Note: …», «Re: …», «Срок: …») is not.
    """
    head = data[:16384].lstrip(b"\xef\xbb\xbf")
    head = head[leading_blank(head):]
    if head.startswith(b"From ") and b"\n" in head:      # mbox "From " line
        head = head.split(b"\n", 1)[1]
    fields, ended = _header_block(head)
    names = [n for n, _ in fields]
    known = sum(1 for n in names if n in _KNOWN)
    if known >= 2 or (known >= 1 and len(names) >= 2 and any(
            n in (b"from", b"subject", b"to") for n in names)):
        return True
    if not ended:
        return False
    # a single header closed by a blank line: a MIME type or an address says it is one
    if len(fields) == 1:
        name, line = fields[0]
        if name == b"content-type" and _MIME_TYPE.match(line):
            return True
        if name in _ADDRESS_FIELDS and _ADDRESS.search(line):
            return True
    return False


def read_path(path: str) -> bytes:
    """The bytes of a file (or stdin for '-'), with clear errors."""
    if path == "-":
        import sys
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "<stdin>"
    else:
        name = path
        try:
            size = os.path.getsize(path)
            if size > MAX_INPUT_BYTES:
                raise TooLong(path, f"файл слишком большой ({size / 1048576:.1f} МБ, "
                                       f"предел {MAX_INPUT_BYTES // 1048576} МБ)")
            with open(path, "rb") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
        except FileNotFoundError:
            raise InputError(path, "файл не найден") from None
        except IsADirectoryError:
            raise InputError(path, "это каталог, а не файл") from None
        except PermissionError:
            raise InputError(path, "нет прав на чтение файла") from None
        except OSError as e:
            raise InputError(path, f"не удалось прочитать файл: {e.strerror or e}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise TooLong(name, f"вход слишком большой (больше {MAX_INPUT_BYTES // 1048576} МБ)")
    return data


def load(source, path: str = "-") -> Draft:
    """A Draft from str, bytes or an email.message.Message."""
    if _is_message_object(source):
        return _from_message(source, path, None)
    if isinstance(source, str):
        source = without_surrogates(source)
        if _looks_like_message_text(source):
            return load(source.encode("utf-8"), path)
        return _from_text(source, path)
    if not isinstance(source, (bytes, bytearray, memoryview)):
        raise TypeError("lint() takes str, bytes or an email.message.Message")
    data = bytes(source)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 with a BOM (Windows Notepad's "Unicode"): text, not a binary file
        text = data.decode("utf-16", errors="replace")
        if not text.strip():
            raise InputError(path, "пустой файл: нечего проверять")
        draft = load(text, path)
        if not draft.is_message:
            draft.charset = "utf-16"
        return draft
    if not data.strip():
        raise InputError(path, "пустой файл: нечего проверять")
    if looks_binary(data):
        raise InputError(path, "двоичный файл, а не текст письма")
    if looks_like_message(data):
        import email
        import email.policy

        try:
            msg = email.message_from_bytes(message_bytes(data), policy=email.policy.default)
        except RecursionError:
            raise InputError(path, "не удалось разобрать письмо: части вложены друг в друга слишком глубоко") from None
        except Exception as e:  # the parser is lenient; this is a last resort
            raise InputError(path, f"не удалось разобрать письмо: {e}") from None
        return _from_message(msg, path, data)
    text, charset = decode_bytes(data)
    draft = _from_text(text, path)
    draft.charset = charset
    return draft


def message_bytes(data: bytes) -> bytes:
    """The message proper: without the blank lines some tools put before the headers."""
    return data[leading_blank(data):]


def leaves(msg: Message) -> list[Message]:
    """The non-multipart parts of a message in order. An attached or forwarded message
    (`message/rfc822` and the other `message/*` types) is one leaf: its own parts
    belong to someone else's letter and are never the draft's text."""
    out: list[Message] = []

    def walk(part: Message, depth: int) -> None:
        if part.get_content_maintype() == "message" and part is not msg:
            out.append(part)
            return
        if part.is_multipart() and depth < 64:
            try:
                subparts = part.get_payload()
            except Exception:
                subparts = []
            for sub in subparts if isinstance(subparts, list) else []:
                if _is_message_object(sub):
                    walk(sub, depth + 1)
            return
        if not part.is_multipart():
            out.append(part)

    walk(msg, 0)
    return out


def without_surrogates(text: str) -> str:
    """Lone surrogates (from JSON «\\udc82» or surrogate-escaped bytes) become U+FFFD: one
    character for one, so offsets stay, and the text can be encoded again."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _looks_like_message_text(text: str) -> bool:
    return looks_like_message(text[:16384].encode("utf-8", errors="replace"))


def load_text(text: str, path: str = "-") -> Draft:
    """A Draft from plain text, never read as a message even if it starts like headers."""
    return _from_text(text, path)


def _from_text(text: str, path: str) -> Draft:
    text = without_surrogates(text)
    if len(text) > MAX_TEXT_CHARS:
        raise TooLong(path, f"текст слишком длинный ({len(text)} символов, предел {MAX_TEXT_CHARS})")
    if not text.strip():
        raise InputError(path, "пустой файл: нечего проверять")
    draft = Draft(text=text, path=path)
    _apply_split(draft)
    return draft


def _unescape(value: str) -> str:
    """Raw 8-bit bytes in a header come back surrogate-escaped: decode them."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    raw = value.encode("utf-8", errors="surrogateescape")
    return decode_bytes(raw)[0]


def _apply_split(draft: Draft) -> None:
    parts = split(draft.text)
    draft.new_spans = parts.new_spans
    draft.new = parts.new
    draft.signoff, draft.signature, draft.quotes = parts.signoff, parts.signature, parts.quotes


def _header(msg: Message, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:
        try:
            value = msg.get_all(name, failobj=[None])[0]
        except Exception:
            return None
    if value is None:
        return None
    try:
        text = str(value)
        if "\ufffd" in text:
            # raw 8-bit bytes (cp1251, koi8-r…) where RFC 2047 words belong: the parser
            # turned them into U+FFFD; decode the raw value with charset detection instead
            raw = _raw_header(msg, name)
            if raw is not None and any("\udc80" <= c <= "\udcff" for c in raw) and "=?" not in raw:
                return _unescape(raw).strip()
        return _unescape(text)
    except Exception:
        return None


def _raw_header(msg: Message, name: str) -> str | None:
    """A header's value as the parser stored it (8-bit bytes surrogate-escaped)."""
    try:
        for k, v in msg.raw_items():
            if k.lower() == name.lower() and isinstance(v, str):
                return v
    except Exception:
        return None
    return None


def _addresses(msg: Message, name: str) -> list[Address]:
    import email.utils

    try:
        values = msg.get_all(name) or []
    except Exception:
        return []
    out = []
    for value in values:
        try:
            groups = getattr(value, "addresses", None)
            if groups is not None:
                for a in groups:
                    out.append(Address(a.display_name or "", a.addr_spec or ""))
                continue
        except Exception:
            pass
        for nm, addr in email.utils.getaddresses([str(value)]):
            out.append(Address(nm, addr))
    out = [Address(_unescape(a.name), _unescape(a.addr)) for a in out]
    return [a for a in out if a.name or a.addr]


def _part_bytes(part: Message) -> bytes:
    if part.get_content_maintype() == "message":       # an attached message: its bytes
        try:
            return part.as_bytes()
        except Exception:
            return b""
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is None:
        raw = part.get_payload()
        if isinstance(raw, str):
            return raw.encode("utf-8", errors="surrogateescape")
        return b""
    return payload


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        return None
    if name and "\ufffd" in name:
        # a raw 8-bit file name: read it from the raw header, decoded with charset detection
        for header in ("Content-Disposition", "Content-Type"):
            raw = _raw_header(part, header)
            if raw is None or not any("\udc80" <= c <= "\udcff" for c in raw):
                continue
            from email.message import Message

            plain = Message()
            plain[header] = _unescape(raw)
            better = plain.get_filename()
            if better and "\ufffd" not in better:
                return better
    return name


def _is_attachment(part: Message) -> bool:
    try:
        disp = part.get_content_disposition()
    except Exception:
        disp = None
    if disp == "attachment":
        return True
    if _filename(part):
        return True
    return part.get_content_maintype() not in ("text", "multipart")


def _from_message(msg: Message, path: str, raw: bytes | None) -> Draft:
    import email.utils

    text_part = None
    html_part = None
    attachments: list[Attachment] = []
    try:
        parts = leaves(msg)
    except Exception:
        parts = [msg]
    for part in parts:
        if part.is_multipart() and part.get_content_maintype() != "message":
            continue
        ctype = part.get_content_type()
        if _is_attachment(part) and part is not msg:
            try:
                disp = part.get_content_disposition()
            except Exception:
                disp = None
            attachments.append(Attachment(_filename(part) or "", ctype, len(_part_bytes(part)),
                                          inline=disp == "inline"))
            continue
        if ctype == "text/plain" and text_part is None:
            text_part = part
        elif ctype == "text/html" and html_part is None:
            html_part = part
    chosen = text_part or html_part
    if chosen is None and not msg.is_multipart():
        chosen = msg
    body = ""
    charset = "utf-8"
    if chosen is not None:
        declared = None
        try:
            declared = chosen.get_param("charset")
        except Exception:
            pass
        if isinstance(declared, tuple):        # RFC 2231 form
            declared = declared[2]
        body, charset = decode_bytes(_part_bytes(chosen), declared)
        if chosen is html_part or chosen.get_content_type() == "text/html":
            from mailcheck.draft.html import html_to_text

            body = html_to_text(body)
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if len(body) > MAX_TEXT_CHARS:
        raise TooLong(path, f"текст письма слишком длинный ({len(body)} символов, предел {MAX_TEXT_CHARS})")
    date = None
    try:
        d = msg.get("Date")
        date = getattr(d, "datetime", None) or (email.utils.parsedate_to_datetime(str(d)) if d else None)
    except Exception:
        date = None
    subject = _header(msg, "Subject")
    if subject is not None:
        subject = re.sub(r"\s+", " ", subject).strip()
    froms = _addresses(msg, "From")
    draft = Draft(
        text=body, path=path, is_message=True, subject=subject,
        from_=froms[0] if froms else None,
        to=_addresses(msg, "To"), cc=_addresses(msg, "Cc"), date=date,
        in_reply_to=_header(msg, "In-Reply-To"), attachments=attachments,
        message=msg if _is_email_message(msg) else None, raw=raw,
        text_part=chosen, text_is_html=chosen is not None and chosen is html_part,
        charset=charset,
    )
    _apply_split(draft)
    return draft


def _is_email_message(msg) -> bool:
    from email.message import EmailMessage

    return isinstance(msg, EmailMessage)
