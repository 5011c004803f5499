"""HTML mail bodies to plain text, keeping paragraphs and line breaks."""
from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {"p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "section", "article", "header", "footer"}
# Gmail and many editors write one <div> per line and <div><br></div> for a
# blank line: a div is a line, not a paragraph
_LINE = {"li", "tr", "hr", "div"}
_SKIP = {"script", "style", "head", "title"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []          # never an empty piece
        self.has_text = False             # some piece is not all whitespace
        self.skip = 0
        self.quote = 0
        self.pre = 0

    # The state of the text so far is read from its last pieces: joining all of
    # it at every tag was quadratic in a long or deeply nested HTML body.
    def _add(self, piece: str):
        if piece:
            self.out.append(piece)
            if not self.has_text and piece.strip():
                self.has_text = True

    def _ends_with_newline_or_empty(self) -> bool:
        return not self.out or self.out[-1].endswith("\n")

    def _newlines(self, n: int):
        if self.has_text:
            have = 0                      # trailing "\n" of the text, counted up to n
            for piece in reversed(self.out):
                stripped = piece.rstrip("\n")
                have += len(piece) - len(stripped)
                if stripped or have >= n:
                    break
        else:
            have = n
        if have < n:
            self._add("\n" * (n - have))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self._newlines(2)
            if tag == "blockquote":
                self.quote += 1
            if tag == "pre":
                self.pre += 1
        elif tag == "br":
            self._add("\n")        # a hard line break, even on an empty line
        elif tag in _LINE:
            self._newlines(1)
            if tag == "li":
                self._add("— ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self._newlines(2)
        elif tag == "div":
            self._newlines(1)

    def handle_data(self, data):
        if self.skip:
            return
        data = data.replace("\xa0", " ")
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if self._ends_with_newline_or_empty():
                data = data.lstrip()
        if self.quote and data:
            if self._ends_with_newline_or_empty():
                data = "> " * self.quote + data
        self._add(data)


def html_to_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    p.close()
    text = "".join(p.out)
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
