"""The Draft: what a person wrote, split into the parts rules care about.

All spans are `str` offsets into `Draft.text`, the checked text (the file
itself for plain text, the decoded text body for a message).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
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

    @property
    def is_reply(self) -> bool:
        if self.quotes or self.in_reply_to:
            return True
        subj = (self.subject or "").lstrip().lower()
        return subj.startswith(("re:", "re[", "ответ:", "fwd:", "fw:", "пересл:"))
