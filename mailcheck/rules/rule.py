"""The rule base class and registry.

A rule is a subclass of `Rule` with its id, default severity, a one-line
summary, the guideline it enforces, ruff-style docs (what / why) and a
`check(doc)` that yields diagnostics. Subclassing registers it; every module
in `mailcheck.rules.checks` is imported by `all_rules()` (or only those of the
selected groups, by `iter_rules(select=…)` and `is_known`). Its examples (drafts it
must flag and must leave alone) live in `rules/examples/<group>.toml`.
"""
from __future__ import annotations

import importlib
import pkgutil
import threading
from typing import Iterable, Iterator

from mailcheck.rules.diagnostic import Diagnostic

_REGISTRY: dict[str, "Rule"] = {}
_loaded = False
_lock = threading.Lock()


class Rule:
    id: str = ""
    severity: str = "warning"
    summary: str = ""
    guideline: str = ""
    what: str = ""
    why: str = ""
    fixable: bool = False
    # at most this many findings per draft (None: the engine's MAX_PER_RULE); a rule whose
    # findings are distinct words with a bounded cost of their own may allow more
    max_findings: int | None = None
    # rules whose finding at the same spot this rule's finding replaces: one spot, one
    # finding — the more precise one («Превед»: greeting.informal, not also style.slang)
    supersedes: tuple[str, ...] = ()

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if cls.id:
            if cls.id in _REGISTRY and type(_REGISTRY[cls.id]) is not cls:
                raise RuntimeError(f"duplicate rule id {cls.id}")
            _REGISTRY[cls.id] = cls()

    @property
    def group(self) -> str:
        return self.id.split(".")[0]

    def check(self, doc) -> Iterable[Diagnostic]:  # pragma: no cover - abstract
        return ()

    def diag(self, doc, start: int, end: int, message: str, suggestions=(),
             field: str = "body", severity: str | None = None, text: str | None = None) -> Diagnostic:
        """A finding at text[start:end] (offsets into the checked text, or into
        the header value when field is not 'body')."""
        if field == "body":
            line, col = doc.line_col(start)
            end_line, end_col = doc.line_col(end)
            shown = doc.text[start:end] if text is None else text
        else:
            line, col, end_line, end_col = 1, start + 1, 1, end + 1
            shown = text or ""
        return Diagnostic(rule=self.id, severity=severity or self.severity, message=message,
                          line=line, column=col, end_line=end_line, end_column=end_col,
                          offset=start, length=end - start, text=shown,
                          suggestions=list(suggestions), field=field)

    def examples(self) -> dict:
        """{'flag': [...], 'pass': [...]} from rules/examples/<group>.toml."""
        from mailcheck import data

        name = f"examples/{self.group}.toml"
        if not data.exists(name):
            return {"flag": [], "pass": []}
        entry = data.load_toml(name).get(self.id, {})
        return {"flag": list(entry.get("flag", [])), "pass": list(entry.get("pass", []))}


# A rule's group (the id's first part) is the first part of its module's name:
# `style.jargon` lives in checks/style_jargon.py, `spelling` in checks/spelling.py
# (tests/test_engine.py checks it for the shipped rules). `--select` then imports
# only the modules of the selected groups, and all of them when that finds no rule
# for a pattern (a module named otherwise); the LanguageTool hook (grammar.*) is
# registered by spelling.
_GROUP_MODULE_ALIASES = {"grammar": "spelling"}
_loaded_modules: set[str] = set()


def _module_names() -> list[str]:
    from mailcheck.rules import checks

    return sorted(m.name for m in pkgutil.iter_modules(checks.__path__) if not m.name.startswith("_"))


def module_group(module_name: str) -> str:
    return module_name.split("_", 1)[0]


def _load(groups: set[str] | None = None) -> None:
    """Import the check modules of these groups (None: every module)."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        if groups is not None:
            groups = {_GROUP_MODULE_ALIASES.get(g, g) for g in groups}
        for name in _module_names():
            if name in _loaded_modules or (groups is not None and module_group(name) not in groups):
                continue
            importlib.import_module(f"mailcheck.rules.checks.{name}")
            _loaded_modules.add(name)
        if groups is None:
            _loaded = True


def _groups_of(patterns) -> set[str] | None:
    """The groups a list of rule patterns names, or None for «all» (an empty list)."""
    groups = {p.strip().split(".", 1)[0] for p in patterns if p.strip()}
    return groups or None


def all_rules() -> list[Rule]:
    _load(None)
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get(rule_id: str) -> Rule | None:
    rule = _REGISTRY.get(rule_id)
    if rule is None and not _loaded:
        _load(None)
        rule = _REGISTRY.get(rule_id)
    return rule


def matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """True when rule_id is named by one of the patterns: an exact id or a
    group prefix («style», «style.», «content.sensitive»)."""
    for p in patterns:
        p = p.strip()
        if not p:
            continue
        if rule_id == p or rule_id.startswith(p if p.endswith(".") else p + "."):
            return True
    return False


def is_known(pattern: str) -> bool:
    """A config/CLI rule name is valid if it names at least one rule (grammar.* is dynamic)."""
    if pattern.startswith("grammar"):
        return True
    _load_for([pattern])
    return any(matches(r.id, [pattern]) for r in list(_REGISTRY.values()))


def _load_for(patterns) -> None:
    """Load the modules of the groups the patterns name; if a pattern still names
    no rule (a module outside the naming convention), load them all."""
    _load(_groups_of(patterns))
    if not _loaded:
        ids = list(_REGISTRY)
        if any(p.strip() and not any(matches(i, [p]) for i in ids) for p in patterns):
            _load(None)


def iter_rules(select=(), ignore=()) -> Iterator[Rule]:
    _load_for(select)
    for r in [_REGISTRY[k] for k in sorted(_REGISTRY)]:
        if select and not matches(r.id, select):
            continue
        if ignore and matches(r.id, ignore):
            continue
        yield r
