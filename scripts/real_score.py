#!/usr/bin/env python3
"""Score mailcheck on the real letters of ../shared/data/real-mail/ against the
expectations in corpus/real.toml (see its header for the notation).

    .venv/bin/python scripts/real_score.py [-v] [--data DIR] [--toml FILE]

Prints a per-rule table (with -v: every broken expectation too) and a last line
    recall R (hits/plus) · broken-silent S % (broken/minus) · clean c/n

Per rule: recall = must-flag expectations met; broken = must-stay-silent
expectations broken; precision = hits / (hits + broken), over the annotated
expectations only. Templates (`template = true`) are linted in template mode.
The letters are third-party texts: this script only reads them.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "real-mail"
TOML = ROOT / "corpus" / "real.toml"
SEV = {"error": 3, "warning": 2, "suggestion": 1}


@dataclass
class Score:
    plus: int = 0
    hits: int = 0
    minus: int = 0
    broken: int = 0
    clean_n: int = 0
    clean_ok: int = 0
    per_rule: dict = field(default_factory=lambda: collections.defaultdict(lambda: [0, 0, 0, 0]))
    failures: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hits / self.plus if self.plus else 1.0

    @property
    def broken_share(self) -> float:
        return self.broken / self.minus if self.minus else 0.0

    def summary(self) -> str:
        return (f"recall {self.recall:.2f} ({self.hits}/{self.plus}) · "
                f"broken-silent {100 * self.broken_share:.1f} % ({self.broken}/{self.minus}) · "
                f"clean {self.clean_ok}/{self.clean_n}")

    def table(self) -> str:
        rows = [f"{'rule':32} {'recall':>11} {'broken':>10} {'precision':>9}"]
        for rule in sorted(self.per_rule):
            hit, plus, broken, minus = self.per_rule[rule]
            rec = f"{hit}/{plus}" if plus else "-"
            brk = f"{broken}/{minus}" if minus else "-"
            prec = f"{hit / (hit + broken):.2f}" if hit + broken else "-"
            rows.append(f"{rule:32} {rec:>11} {brk:>10} {prec:>9}")
        return "\n".join(rows)


def load_expectations(path: Path = TOML) -> list[dict]:
    with open(path, "rb") as f:
        return tomllib.load(f)["letter"]


def _config(template: bool):
    from mailcheck.config import Config

    if not template:
        return Config()
    try:
        return Config(template=True)
    except TypeError:          # a mailcheck without template mode (scoring an old checkout)
        return Config()


def lint_file(path: Path, template: bool):
    import mailcheck
    from mailcheck.draft.reader import read_path

    return mailcheck.lint(read_path(str(path)), config=_config(template), path=str(path)).diagnostics


def score(data: Path = DATA, toml: Path = TOML) -> Score:
    s = Score()
    for entry in load_expectations(toml):
        name = entry["file"]
        diags = lint_file(data / name, bool(entry.get("template")))
        fired = {d.rule for d in diags}
        for e in entry["expect"]:
            if e == "clean":
                s.clean_n += 1
                bad = [d for d in diags if SEV.get(d.severity, 0) >= 2]
                if bad:
                    s.failures.append(f"{name}: not clean: " + ", ".join(
                        f"{d.rule}«{d.text[:25]}»" for d in bad[:4]))
                else:
                    s.clean_ok += 1
            elif e[0] == "+":
                rule = e[1:]
                s.plus += 1
                s.per_rule[rule][1] += 1
                if rule in fired:
                    s.hits += 1
                    s.per_rule[rule][0] += 1
                else:
                    s.failures.append(f"{name}: missed +{rule}")
            elif e[0] == "-":
                rule = e[1:]
                s.minus += 1
                s.per_rule[rule][3] += 1
                if rule in fired:
                    s.broken += 1
                    s.per_rule[rule][2] += 1
                    d = next(d for d in diags if d.rule == rule)
                    s.failures.append(f"{name}: broke -{rule} at {d.line}:{d.column} «{d.text[:30]}»")
            else:
                raise ValueError(f"{toml}: {name}: bad expectation «{e}»")
    return s


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", action="store_true", help="list every broken expectation")
    ap.add_argument("--data", default=str(DATA), help="the real-mail folder")
    ap.add_argument("--toml", default=str(TOML), help="the expectations file")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.data):
        print(f"real_score: {a.data}: no such folder", file=sys.stderr)
        return 2
    s = score(Path(a.data), Path(a.toml))
    print(s.table())
    if a.v:
        print()
        print("\n".join(s.failures))
    print(s.summary())
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
