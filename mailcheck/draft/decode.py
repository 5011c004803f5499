"""Bytes to text: charsets declared or detected, binary input refused."""
from __future__ import annotations

import codecs

CANDIDATES = ("utf-8", "cp1251", "koi8-r")

# frequent Russian letters; a wrong single-byte decoding turns them into rare
# or upper-case letters, which is what detection looks at
_COMMON = set("оеаинтсрвлкмдпуяыьгзбчйжшхюцщэфъё")


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return control > max(8, len(head) // 100)


def _russian_score(text: str) -> float:
    cyr = [c for c in text if "а" <= c.lower() <= "я" or c in "ёЁ"]
    if not cyr:
        return 0.0
    common = sum(1 for c in cyr if c in _COMMON)
    return common / len(cyr)


def detect(data: bytes) -> str:
    """The charset of undeclared 8-bit text: UTF-8, else cp1251 or koi8-r."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best, best_score = "cp1251", -1.0
    for cs in CANDIDATES[1:]:
        score = _russian_score(data.decode(cs, errors="replace"))
        if score > best_score:
            best, best_score = cs, score
    return best


_NOT_MAIL = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "mbcs", "oem"}


def known_charset(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip('"').lower())
    except (LookupError, ValueError, TypeError):
        return None
    # bytes-to-bytes codecs (base64, zlib, rot13…) and Python-only ones are no mail charsets
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_MAIL:
        return None
    return info.name


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes with the declared charset if it works, else detect."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8"
    cs = known_charset(declared)
    if cs and cs not in ("ascii", "us-ascii"):
        try:
            return data.decode(cs), cs
        except (UnicodeError, LookupError):
            pass
    elif cs:
        try:
            return data.decode("ascii"), "us-ascii"
        except UnicodeError:
            pass
    cs = detect(data)
    return data.decode(cs, errors="replace"), cs
