"""Diagnostics and the per-draft report (the JSON file object of INTERFACE.md)."""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITY_RANK = {"suggestion": 1, "warning": 2, "error": 3}
_WEIGHT = {"error": 2.5, "warning": 1.0, "suggestion": 0.25}


@dataclass
class Diagnostic:
    rule: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    length: int
    text: str
    suggestions: list[str] = field(default_factory=list)
    field: str = "body"
    # the position in the file itself, where it differs from line/column and maps
    # (a message whose text body is stored as is); None otherwise, and then left out of to_dict
    file_line: int | None = None
    file_column: int | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.offset, self.offset + self.length

    def to_dict(self) -> dict:
        # the fields in order, flat (asdict's deep copy of every value cost a third
        # of writing a report of thousands of findings)
        out = {"rule": self.rule, "severity": self.severity, "message": self.message,
               "line": self.line, "column": self.column, "end_line": self.end_line,
               "end_column": self.end_column, "offset": self.offset, "length": self.length,
               "text": self.text, "suggestions": list(self.suggestions), "field": self.field}
        if self.file_line is not None:
            out["file_line"], out["file_column"] = self.file_line, self.file_column
        return out

    def file_position(self) -> tuple[int, int, int, int]:
        """(line, column, end line, end column) in the file itself: the file_* fields where
        they map, else line/column of the checked text."""
        if self.file_line is None or self.file_column is None:
            return self.line, self.column, self.end_line, self.end_column
        end_line = self.file_line + self.end_line - self.line
        end_col = self.file_column + self.end_column - self.column if self.end_line == self.line \
            else self.end_column
        return self.file_line, self.file_column, end_line, end_col


def set_file_position(diags, origin) -> None:
    """Add file_line/file_column to body findings of a draft whose text starts at `origin`
    ((offset, line, column) in the file, from Draft.file_origin())."""
    if origin is None:
        return
    _, line0, col0 = origin
    for d in diags:
        if d.field != "body":
            continue
        d.file_line = line0 + d.line - 1
        d.file_column = d.column + (col0 - 1 if d.line == 1 else 0)


def safe_fix(diag: Diagnostic, replacement: str) -> Diagnostic:
    """Mark a finding as safely fixable: `mailcheck fix` replaces text[offset:offset+length]
    with `replacement`. Kept off the dataclass fields, so reports do not change."""
    diag.fix = replacement
    return diag


def score(diagnostics) -> float:
    """0–10: 10 for no findings; an error costs 2.5, a warning 1, a suggestion 0.25."""
    lost = sum(_WEIGHT.get(d.severity, 0) for d in diagnostics)
    return round(max(0.0, 10.0 - lost), 1)


@dataclass
class Report:
    path: str
    diagnostics: list[Diagnostic]
    draft: object = None
    parts: list[dict] | None = None      # optional: context/problem/ask spans (--explain)
    notes: list[str] = field(default_factory=list)   # warnings for stderr (e.g. LanguageTool down)
    # where the checked text starts in the file, (offset, line, column), for a message whose
    # body is stored as is; kept when the draft itself is dropped (`check -j`)
    file_origin: tuple[int, int, int] | None = None

    @property
    def score(self) -> float:
        return score(self.diagnostics)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "suggestion": 0}
        for d in self.diagnostics:
            out[d.severity] = out.get(d.severity, 0) + 1
        return out

    def worst(self) -> int:
        return max((SEVERITY_RANK.get(d.severity, 0) for d in self.diagnostics), default=0)

    def to_dict(self) -> dict:
        out = {"path": self.path, "score": self.score,
               "diagnostics": [d.to_dict() for d in self.diagnostics]}
        if self.parts is not None:
            out["parts"] = self.parts
        return out
