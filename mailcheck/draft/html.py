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
        self.out: list[str] = []
        self.skip = 0
        self.quote = 0
        self.pre = 0

    def _newlines(self, n: int):
        text = "".join(self.out)
        have = len(text) - len(text.rstrip("\n")) if text.strip() else n
        if have < n:
            self.out.append("\n" * (n - have))

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
            self.out.append("\n")        # a hard line break, even on an empty line
        elif tag in _LINE:
            self._newlines(1)
            if tag == "li":
                self.out.append("— ")

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
            text = "".join(self.out)
            if not text or text.endswith("\n"):
                data = data.lstrip()
        if self.quote and data:
            text = "".join(self.out)
            if not text or text.endswith("\n"):
                data = "> " * self.quote + data
        self.out.append(data)


def html_to_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    p.close()
    text = "".join(p.out)
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
