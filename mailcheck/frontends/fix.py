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
    """The body text with every safe fix applied, repeated to a fixed point.

    Characters that stand for undecodable bytes (lone surrogates from
    `surrogateescape`) are checked as U+FFFD — one character for one, so the
    offsets agree — and come back untouched; no fix rewrites them."""
    from mailcheck.rules.engine import as_config
    from mailcheck.draft.reader import load_text, without_surrogates

    cfg = as_config(config)
    for _ in range(MAX_PASSES):
        if not text.strip():
            return text
        shown = without_surrogates(text)
        draft = load_text(shown, path)
        eds = [e for e in edits(draft, cfg)
               if "\ufffd" not in e[2] and "\ufffd" not in shown[e[0]:e[1]]]
        if encodable is not None:
            eds = [e for e in eds if encodable(e[2])]
        new = apply(text, eds)
        if new == text:
            return text
        text = new
    return text


# ---- messages ---------------------------------------------------------------------

_HDR_END = re.compile(rb"\r?\n\r?\n")


_HEADER_OR_CONT = re.compile(rb"[\x21-\x39\x3b-\x7e]+:|[ \t]")


def _split_head(raw: bytes, start: int, end: int) -> tuple[int, bytes]:
    """Offset where the body of the entity raw[start:end] begins, and its header bytes.
    As the email parser does: the headers end at a blank line, or at the first line
    that is neither a header nor a continuation (a body with no blank line before it)."""
    pos = start
    while pos < end:
        nl = raw.find(b"\n", pos, end)
        line_end = end if nl < 0 else nl + 1
        line = raw[pos:line_end]
        if line in (b"\n", b"\r\n") or (line == b"\r" and line_end == end):
            return line_end, raw[start:pos]
        if not _HEADER_OR_CONT.match(line) and not (pos == start and line.startswith(b"From ")):
            return pos, raw[start:pos]
        pos = line_end
    return end, raw[start:end]


def _boundary(headers: bytes) -> bytes | None:
    unfolded = re.sub(rb"\r?\n[ \t]+", b" ", headers)
    m = re.search(rb"^content-type:[^\n]*multipart/[^\n]*?boundary=(\"([^\"]+)\"|([^;\s]+))", unfolded,
                  re.I | re.M)
    if not m:
        return None
    return m.group(2) or m.group(3)


def _leaves(raw: bytes, start: int, end: int, out: list, top: bool = False) -> None:
    """(body_start, body_end) of every leaf entity, in the order of reader.leaves(): an
    attached message is one leaf, but a message that is itself message/rfc822 is read
    from the message it carries."""
    body_start, headers = _split_head(raw, start, end)
    b = _boundary(headers)
    if top and not b and re.search(rb"^content-type:[ \t]*message/rfc822", headers, re.I | re.M):
        _leaves(raw, body_start, end, out)
        return
    if not b:
        out.append((body_start, end))
        return
    from mailcheck.frontends.recache import unrecorded

    with unrecorded():                      # built from the message: not for the regex cache
        delim = re.compile(rb"^--" + re.escape(b) + rb"(--)?[ \t]*\r?$", re.M)
    marks = list(delim.finditer(raw, body_start, end))
    for i, m in enumerate(marks):
        if m.group(1):
            break
        nxt = marks[i + 1] if i + 1 < len(marks) else None
        part_start = m.end()
        if raw[part_start:part_start + 1] == b"\n":
            part_start += 1
        if nxt is None:                     # no closing delimiter: the part runs to the end
            part_end = end
            while part_end > part_start and raw[part_end - 1:part_end] in (b"\n", b"\r"):
                part_end -= 1
            _leaves(raw, part_start, part_end, out)
            break
        part_end = nxt.start()
        if raw[part_end - 2:part_end] == b"\r\n":
            part_end -= 2
        elif raw[part_end - 1:part_end] == b"\n":
            part_end -= 1
        _leaves(raw, part_start, part_end, out)


def _walk_leaves(msg) -> list:
    from mailcheck.draft.reader import leaves

    return leaves(msg)


def _decode_cte(body: bytes, cte: str) -> bytes:
    """Decode a transfer encoding as leniently as the email package does: base64 of
    a length that is no multiple of 4 (even one letter) loses its stray tail."""
    if cte == "base64":
        data = re.sub(rb"[^A-Za-z0-9+/]", b"", body)
        data = data[: len(data) - len(data) % 4 if len(data) % 4 == 1 else len(data)]
        data += b"=" * (-len(data) % 4)
        try:
            return base64.b64decode(data)
        except (binascii.Error, ValueError):
            return b""
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
    """(new raw bytes, old body text, new body text).

    Only the draft's own text part changes (never an attached or forwarded
    message). The part is found in the raw bytes and checked against what the
    parser decoded from it; when the two disagree nothing is rewritten."""
    from mailcheck.draft.reader import leading_blank, load

    draft = load(raw, path)
    part = draft.text_part
    if part is None or draft.text_is_html or draft.message is None:
        return raw, draft.text, draft.text
    lead = leading_blank(raw)                    # blank lines before the headers stay as they are
    leaves = _walk_leaves(draft.message)
    try:
        idx = next(i for i, p in enumerate(leaves) if p is part)
    except StopIteration:
        return raw, draft.text, draft.text
    if fix_text(draft.text, config, path) == draft.text:
        return raw, draft.text, draft.text       # nothing to fix: no need to find the part's bytes
    spans: list = []
    _leaves(raw, lead, len(raw), spans, top=True)
    if len(spans) != len(leaves):
        raise MailcheckError(path, "не удалось найти текстовую часть письма в исходных байтах")
    bs, be = spans[idx]
    segment = raw[bs:be]
    cte = str(part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if cte not in ("7bit", "8bit", "binary", "base64", "quoted-printable"):
        return raw, draft.text, draft.text
    if cte == "base64" and any(type(d).__name__ == "InvalidBase64LengthDefect"
                               for d in getattr(part, "defects", ())):
        return raw, draft.text, draft.text       # broken base64: the parser shows it raw; leave it
    charset = draft.charset or "utf-8"
    eol_raw = b"\r\n" if b"\r\n" in raw[:bs] else b"\n"
    stripped = segment.rstrip(b"\r\n")
    trailing = segment[len(stripped):]
    payload = _decode_cte(stripped, cte)
    if not _same_payload(payload, part):
        raise MailcheckError(path, "не удалось найти текстовую часть письма в исходных байтах")
    try:
        original = payload.decode(charset, errors="surrogateescape")
        if original.encode(charset, errors="surrogateescape") != payload:
            return raw, draft.text, draft.text
    except (UnicodeError, LookupError):
        return raw, draft.text, draft.text
    eol = "\r\n" if "\r\n" in original else ("\r\n" if cte not in ("base64", "quoted-printable")
                                             and eol_raw == b"\r\n" else "\n")

    def encodable(s: str) -> bool:
        try:
            s.encode(charset)
            return True
        except (UnicodeEncodeError, LookupError):
            return False

    # the text as it stands in the part (undecodable bytes kept as surrogates)
    text = original.rstrip("\r\n").replace("\r\n", "\n").replace("\r", "\n")
    if _shown(text) != draft.text.rstrip("\n"):
        return raw, draft.text, draft.text
    new_text = fix_text(text, config, path, encodable=encodable)
    if new_text == text:
        return raw, draft.text, draft.text
    # keep the exact trailing line breaks of the original payload
    tail = original[len(original.rstrip("\r\n")):]
    body = new_text.replace("\n", eol)
    try:
        data = (body + tail).encode(charset, errors="surrogateescape")
    except (UnicodeError, LookupError):
        return raw, draft.text, draft.text
    if cte in ("base64", "quoted-printable"):
        enc = _encode_cte(data, cte, eol_raw).rstrip(b"\r\n")
    else:
        enc = body.encode(charset, errors="surrogateescape")
    shown_tail = draft.text[len(draft.text.rstrip("\n")):]
    return raw[:bs] + enc + trailing + raw[be:], draft.text, _shown(new_text) + shown_tail


def _shown(text: str) -> str:
    from mailcheck.draft.reader import without_surrogates

    return without_surrogates(text)


def _same_payload(payload: bytes, part) -> bool:
    """The bytes found by the splitter are the part the parser read (compared without
    whitespace: the parser may normalise line ends)."""
    try:
        parsed = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a part the parser cannot decode is not ours to rewrite
        return False
    if parsed is None:
        return False
    return re.sub(rb"\s+", b"", parsed) == re.sub(rb"\s+", b"", payload)


# ---- entry points -------------------------------------------------------------------

def fix(text, config=None) -> str:
    """Safe fixes for a draft given as str (plain text or a whole message)."""
    from mailcheck.draft.reader import _looks_like_message_text

    if isinstance(text, (bytes, bytearray)):
        raise TypeError("mailcheck.fix takes str")
    if _looks_like_message_text(text):
        # surrogates from surrogateescape stand for raw bytes; any other lone surrogate
        # (from JSON, say) is carried through as it is
        errors = "surrogateescape" if not re.search("[\ud800-\udc7f\udd00-\udfff]", text) else "surrogatepass"
        raw = text.encode("utf-8", errors=errors)
        new, _, _ = fix_message_bytes(raw, config)
        try:
            return new.decode("utf-8", errors=errors)
        except UnicodeDecodeError:      # the body was read in another charset: no fix beats a garbled one
            return text
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
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") and charset.replace("_", "-") in ("utf-8", "utf8") else b""
    try:
        # undecodable bytes stay as they are (surrogate-escaped), the rest is fixed
        raw_text = data[len(bom):].decode(charset, errors="surrogateescape")
        if raw_text.encode(charset, errors="surrogateescape") != data[len(bom):]:
            return data, text, text
    except (UnicodeError, LookupError):
        return data, text, text

    def encodable(s: str) -> bool:
        try:
            s.encode(charset)
            return True
        except (UnicodeEncodeError, LookupError):
            return False

    new = fix_text(raw_text, config, path, encodable=encodable)
    if new == raw_text:
        return data, text, text
    return bom + new.encode(charset, errors="surrogateescape"), text, _shown(new)


def write_atomic(path: str, data: bytes) -> None:
    """Replace a file's content all at once: a temporary file in the same folder, fsync'd,
    given the original's mode and owner, then os.replace. On any failure (a full disk,
    a read-only folder) the temporary file is removed and the original stays as it was."""
    import errno
    import os
    import tempfile

    real = os.path.realpath(path)          # a symlinked draft: rewrite its target, keep the link
    folder = os.path.dirname(real) or "."
    st = os.stat(real)
    if not os.access(real, os.W_OK):     # a read-only draft stays read-only, even in a writable folder
        raise PermissionError(errno.EACCES, "нет прав на запись в файл")
    fd, tmp = tempfile.mkstemp(prefix=".mailcheck-", suffix=".tmp", dir=folder)
    try:
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
            os.fchmod(fd, st.st_mode & 0o7777)
            if hasattr(os, "fchown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.fchown(fd, st.st_uid, st.st_gid)
                except PermissionError:
                    # only root may give a file away: rather than change its owner, leave it
                    raise PermissionError(errno.EPERM, "файл принадлежит другому пользователю, "
                                                       "его владельца не сохранить") from None
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:                                 # the rename itself is durable once the folder is synced
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


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
                write_atomic(path, new)
            except OSError as e:
                click.echo(f"mailcheck: {path}: не удалось записать файл, он не изменён: "
                           f"{e.strerror or e}", err=True)
                return 2
            click.echo(f"{shown}: исправлено", err=True)
        return 0
    diff = difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                f"a/{shown}", f"b/{shown}")
    out = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
    click.echo(out, nl=False)
    return 0
