"""`mailcheck fix`: apply the safe fixes to a draft.

Safe fixes are findings whose rule marked a replacement as safe
(`diag.fix`, see report.safe_fix): look-alike letters, wrong keyboard layout,
unambiguous translit, jargon (the inflected first suggestion), «!!!» → «!»,
«С уважением.» → «С уважением,» and the comma before a name in a greeting
(«Добрый день Иван!» → «Добрый день, Иван!»).

Edits apply right to left and the process repeats until nothing changes,
so fix(fix(x)) == fix(x). For a message only the body of the text part
changes: its bytes are spliced into the raw message, re-encoded in the
part's own charset, transfer encoding and line endings; headers, other
parts and attachments stay byte-identical.
"""
from __future__ import annotations

import base64
import binascii
import difflib
import re
import sys

from mailcheck.errors import MailcheckError

FIX_RULES = ("style.mixed-script", "style.wrong-layout", "style.translit", "style.jargon",
             "style.exclamations", "greeting.punctuation", "signoff.punctuation")
MAX_PASSES = 4

def edits(draft, config) -> list[tuple[int, int, str]]:
    from mailcheck.rules.engine import check_doc
    from mailcheck.language.text import Doc

    doc = Doc(draft, config)
    report = check_doc(doc, select=FIX_RULES)
    out = []
    for d in report.diagnostics:
        rep = getattr(d, "fix", None)
        if rep is None or d.field != "body":
            continue
        if doc.text[d.offset:d.offset + d.length] == rep:
            continue
        out.append((d.offset, d.offset + d.length, rep))
    return out


def apply(text: str, edits_) -> str:
    """Apply non-overlapping edits right to left (the earlier of overlapping ones wins)."""
    chosen: list = []
    for s, e, rep in sorted(set(edits_), key=lambda x: (x[0], -x[1])):
        if chosen and s < chosen[-1][1]:
            continue
        chosen.append((s, e, rep))
    for s, e, rep in reversed(chosen):
        text = text[:s] + rep + text[e:]
    return text


def fix_text(text: str, config=None, path: str = "-", encodable=None) -> str:
    """The body text with every safe fix applied, repeated to a fixed point."""
    from mailcheck.rules.engine import as_config
    from mailcheck.draft.reader import load_text

    cfg = as_config(config)
    for _ in range(MAX_PASSES):
        if not text.strip():
            return text
        draft = load_text(text, path)
        eds = edits(draft, cfg)
        if encodable is not None:
            eds = [e for e in eds if encodable(e[2])]
        new = apply(text, eds)
        if new == text:
            return text
        text = new
    return text


# ---- messages ---------------------------------------------------------------------

_HDR_END = re.compile(rb"\r?\n\r?\n")


def _split_head(raw: bytes, start: int, end: int) -> tuple[int, bytes]:
    """Offset where the body of the entity raw[start:end] begins, and its header bytes."""
    m = _HDR_END.search(raw, start, end)
    if not m:
        return end, raw[start:end]
    if raw[start:start + 2] in (b"\r\n",) or raw[start:start + 1] == b"\n":
        # no headers at all (an empty header block)
        nl = 2 if raw[start:start + 2] == b"\r\n" else 1
        return start + nl, b""
    return m.end(), raw[start:m.start()]


def _boundary(headers: bytes) -> bytes | None:
    unfolded = re.sub(rb"\r?\n[ \t]+", b" ", headers)
    m = re.search(rb"^content-type:[^\n]*multipart/[^\n]*?boundary=(\"([^\"]+)\"|([^;\s]+))", unfolded,
                  re.I | re.M)
    if not m:
        return None
    return m.group(2) or m.group(3)


def _leaves(raw: bytes, start: int, end: int, out: list) -> None:
    """(body_start, body_end) of every non-multipart entity, in walk() order."""
    body_start, headers = _split_head(raw, start, end)
    b = _boundary(headers)
    if not b:
        out.append((body_start, end))
        return
    delim = re.compile(rb"^--" + re.escape(b) + rb"(--)?[ \t]*\r?$", re.M)
    marks = list(delim.finditer(raw, body_start, end))
    for i, m in enumerate(marks):
        if m.group(1):
            break
        nxt = marks[i + 1] if i + 1 < len(marks) else None
        if nxt is None:
            break
        part_start = m.end()
        if raw[part_start:part_start + 1] == b"\n":
            part_start += 1
        part_end = nxt.start()
        if raw[part_end - 2:part_end] == b"\r\n":
            part_end -= 2
        elif raw[part_end - 1:part_end] == b"\n":
            part_end -= 1
        _leaves(raw, part_start, part_end, out)


def _walk_leaves(msg) -> list:
    out = []
    for part in msg.walk():
        if not part.is_multipart():
            out.append(part)
    return out


def _decode_cte(body: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.b64decode(re.sub(rb"\s+", b"", body) + b"==="[: (-len(re.sub(rb"\s+", b"", body))) % 4])
    if cte == "quoted-printable":
        return binascii.a2b_qp(body)
    return body


def _encode_cte(data: bytes, cte: str, eol: bytes) -> bytes:
    if cte == "base64":
        enc = base64.encodebytes(data)             # 76-char lines ending in \n
        return enc.replace(b"\n", eol)
    if cte == "quoted-printable":
        lf = data.replace(b"\r\n", b"\n")
        enc = binascii.b2a_qp(lf, istext=True)
        return enc.replace(b"\n", eol)
    return data


def fix_message_bytes(raw: bytes, config=None, path: str = "-") -> tuple[bytes, str, str]:
    """(new raw bytes, old body text, new body text)."""
    from mailcheck.draft.reader import load

    draft = load(raw, path)
    part = draft.text_part
    if part is None or draft.text_is_html:
        return raw, draft.text, draft.text
    leaves = _walk_leaves(draft.message) if draft.message is not None else [part]
    try:
        idx = next(i for i, p in enumerate(leaves) if p is part)
    except StopIteration:
        return raw, draft.text, draft.text
    spans: list = []
    _leaves(raw, 0, len(raw), spans)
    if len(spans) != len(leaves):
        raise MailcheckError(path, "не удалось найти текстовую часть письма в исходных байтах")
    bs, be = spans[idx]
    segment = raw[bs:be]
    cte = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    charset = draft.charset or "utf-8"
    eol_raw = b"\r\n" if b"\r\n" in raw[:bs] else b"\n"
    stripped = segment.rstrip(b"\r\n")
    trailing = segment[len(stripped):]
    payload = _decode_cte(stripped, cte)
    try:
        original = payload.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return raw, draft.text, draft.text
    eol = "\r\n" if "\r\n" in original else ("\r\n" if cte not in ("base64", "quoted-printable")
                                             and eol_raw == b"\r\n" else "\n")

    def encodable(s: str) -> bool:
        try:
            s.encode(charset)
            return True
        except (UnicodeEncodeError, LookupError):
            return False

    new_text = fix_text(draft.text, config, path, encodable=encodable)
    if new_text == draft.text:
        return raw, draft.text, new_text
    # keep the exact trailing line breaks of the original payload
    tail = original[len(original.rstrip("\r\n")):]
    body = new_text.rstrip("\n").replace("\n", eol)
    if cte in ("base64", "quoted-printable"):
        enc = _encode_cte((body + tail).encode(charset), cte, eol_raw).rstrip(b"\r\n")
    else:
        enc = body.encode(charset)
    return raw[:bs] + enc + trailing + raw[be:], draft.text, new_text


# ---- entry points -------------------------------------------------------------------

def fix(text, config=None) -> str:
    """Safe fixes for a draft given as str (plain text or a whole message)."""
    from mailcheck.draft.reader import _looks_like_message_text

    if isinstance(text, (bytes, bytearray)):
        raise TypeError("mailcheck.fix takes str")
    if _looks_like_message_text(text):
        raw = text.encode("utf-8", errors="surrogateescape")
        new, _, _ = fix_message_bytes(raw, config)
        return new.decode("utf-8", errors="surrogateescape")
    return fix_text(text, config)


def fix_bytes(data: bytes, config=None, path: str = "-") -> tuple[bytes, str, str]:
    """(new bytes, old text, new text) for a file's bytes (message or plain text)."""
    from mailcheck.draft.decode import decode_bytes, looks_binary
    from mailcheck.draft.reader import looks_like_message
    from mailcheck.errors import InputError

    if not data.strip():
        raise InputError(path, "пустой файл: нечего исправлять")
    if looks_binary(data):
        raise InputError(path, "двоичный файл, а не текст письма")
    if looks_like_message(data):
        return fix_message_bytes(data, config, path)
    text, charset = decode_bytes(data)
    new = fix_text(text, config, path)
    if new == text:
        return data, text, text
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") and charset.replace("_", "-") in ("utf-8", "utf8") else b""
    try:
        out = bom + new.encode(charset)
    except UnicodeEncodeError:
        raise InputError(path, f"исправления не кодируются в {charset}") from None
    return out, text, new


def fix_path(path: str, write: bool = False, config=None) -> int:
    """The `mailcheck fix` command: print a unified diff or rewrite the file. Exit code."""
    import click

    from mailcheck.draft.reader import read_path

    shown = "<stdin>" if path == "-" else path
    try:
        data = read_path(path)
        new, old_text, new_text = fix_bytes(data, config, shown)
    except MailcheckError as e:
        click.echo(f"mailcheck: {e}", err=True)
        return 2
    if write:
        if path == "-":
            sys.stdout.buffer.write(new)
            sys.stdout.buffer.flush()
            return 0
        if new != data:
            try:
                with open(path, "wb") as f:
                    f.write(new)
            except OSError as e:
                click.echo(f"mailcheck: {path}: не удалось записать файл: {e.strerror or e}", err=True)
                return 2
            click.echo(f"{shown}: исправлено", err=True)
        return 0
    diff = difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                f"a/{shown}", f"b/{shown}")
    out = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
    click.echo(out, nl=False)
    return 0
