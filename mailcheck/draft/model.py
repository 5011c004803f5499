"""The Draft: what a person wrote, split into the parts rules care about.

All spans are `str` offsets into `Draft.text`, the checked text (the file
itself for plain text, the decoded text body for a message).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:                    # `email` is imported only for a message (draft/reader.py)
    from email.message import EmailMessage


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def slice(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class Address:
    name: str
    addr: str

    @property
    def domain(self) -> str:
        return self.addr.rpartition("@")[2].lower()


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    size: int
    inline: bool = False


@dataclass(frozen=True)
class Quote:
    """An earlier message quoted in the body."""

    span: Span                 # the whole quoted block, header line(s) included
    header: Span | None        # the attribution («…пишет:», «От: … Тема: …»)
    author: str | None = None  # display name from the attribution
    date: datetime | None = None


@dataclass
class Draft:
    text: str
    path: str = "-"
    is_message: bool = False
    subject: str | None = None
    from_: Address | None = None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    date: datetime | None = None
    in_reply_to: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    new: Span = Span(0, 0)                 # the main region of new text
    new_spans: list[Span] = field(default_factory=list)  # all of it: answers between quotes too
    signature: Span | None = None
    signoff: Span | None = None
    quotes: list[Quote] = field(default_factory=list)
    # for `fix`: the parsed message, the raw bytes and the part the text came from
    message: EmailMessage | None = None
    raw: bytes | None = None
    text_part: object | None = None
    text_is_html: bool = False
    charset: str = "utf-8"

    def file_origin(self) -> tuple[int, int, int] | None:
        """Where the checked text begins in the file itself: (character offset, line,
        column), 1-based, when a message keeps its plain-text body as is (no transfer
        encoding: 7bit, 8bit or binary) and the text is found there verbatim. None for
        plain text (the file is the checked text), HTML, base64 and quoted-printable."""
        if "_file_origin" in self.__dict__:
            return self.__dict__["_file_origin"]
        self.__dict__["_file_origin"] = origin = self._find_origin()
        return origin

    def _find_origin(self):
        part = self.text_part
        if not self.is_message or self.raw is None or part is None or self.text_is_html or not self.text:
            return None
        try:
            cte = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower()
        except Exception:
            return None
        if cte not in ("7bit", "8bit", "binary", ""):
            return None
        try:
            whole = self.raw.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            whole = self.raw.decode("utf-8", errors="replace")
        whole = whole.replace("\r\n", "\n").replace("\r", "\n")
        head_end = whole.find("\n\n")
        at = whole.find(self.text, max(head_end, 0))
        if at < 0:
            return None
        line_start = whole.rfind("\n", 0, at) + 1
        return at, whole.count("\n", 0, at) + 1, at - line_start + 1

    @property
    def is_reply(self) -> bool:
        if self.quotes or self.in_reply_to:
            return True
        subj = (self.subject or "").lstrip().lower()
        return subj.startswith(("re:", "re[", "ответ:", "fwd:", "fw:", "пересл:"))
