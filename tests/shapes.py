"""Messages nested deeper than mailcheck reads (issue 10), shared by the tests of `fix`
and `sendmail`. Imported as a sibling module (pytest puts tests/ on sys.path)."""
from __future__ import annotations

HEAD = b"From: a@example.ru\nTo: c@client.ru\n"


def deep_multipart(depth: int, text: bytes, head: bytes = HEAD) -> bytes:
    """`text` inside `depth` multipart/mixed parts, each with its own boundary."""
    d = b"Content-Type: text/plain; charset=utf-8\n\n" + text
    for i in range(depth):
        d = (b"Content-Type: multipart/mixed; boundary=N%d\n\n--N%d\n" % (i, i)) + d + b"\n--N%d--\n" % i
    return head + d


def deep_rfc822(depth: int, text: bytes) -> bytes:
    """`text` inside `depth` message/rfc822 wrappers."""
    return (HEAD + b"Content-Type: message/rfc822\n\n") * depth + HEAD + b"\n" + text
