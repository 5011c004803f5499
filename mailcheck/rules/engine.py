"""Run the rules over a draft: select/ignore, configured severities, ordering."""
from __future__ import annotations

from mailcheck.rules import rule as registry
from mailcheck.config import Config, from_dict
from mailcheck.draft.reader import load
from mailcheck.rules.diagnostic import Report, set_file_position
from mailcheck.language.text import Doc
from mailcheck.rules.checks.content_sensitive import hide_secrets

# hooks run after the rules (e.g. the LanguageTool adapter); each takes
# (doc, diagnostics) and returns the extra diagnostics plus notes for stderr
POST_HOOKS: list = []


def as_config(config) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, dict):
        table = config.get("mailcheck", config)
        return from_dict(table, "<config>", registry.is_known)
    raise TypeError("config must be a mailcheck.config.Config, a dict or None")


# a word that a specific rule explains (jargon, slang, translit, layout, look-alike
# letters) is not also reported as a spelling mistake: one finding, the precise one
_SPECIFIC = ("style.jargon", "style.slang", "style.translit", "style.wrong-layout", "style.mixed-script")


def _drop_shadowed(diags):
    covered = [(d.offset, d.offset + d.length) for d in diags
               if d.rule in _SPECIFIC and d.field == "body" and d.length]
    if not covered:
        return diags
    out = []
    for d in diags:
        if d.rule == "spelling" and d.field == "body" and any(
                a <= d.offset and d.offset + d.length <= b for a, b in covered):
            continue
        out.append(d)
    return out


def _same_spot(a, b) -> bool:
    """Two body findings on one spot: their spans overlap, or an empty one sits inside
    or at the edge of the other (a «missing» finding at the end of the block it is about)."""
    a0, a1, b0, b1 = a.offset, a.offset + a.length, b.offset, b.offset + b.length
    if a.length and b.length:
        return a0 < b1 and b0 < a1
    return a0 <= b1 and b0 <= a1


def _drop_superseded(diags):
    """Drop a finding when a rule that declares it `supersedes` that rule found the same spot."""
    winners = [(d, registry.get(d.rule)) for d in diags]
    winners = [(d, r.supersedes) for d, r in winners if r is not None and r.supersedes]
    if not winners:
        return diags
    return [d for d in diags if not any(
        d.rule in sup and d is not w and d.field == w.field == "body" and _same_spot(d, w)
        for w, sup in winners)]


def check_doc(doc: Doc, select=(), ignore=()) -> Report:
    cfg = doc.config
    diags = []
    for r in registry.iter_rules(select, ignore):
        sev = cfg.severity_for(r.id, r.severity)
        if sev == "off":
            continue
        for d in r.check(doc) or ():
            if d.severity == r.severity or d.severity not in ("error", "warning", "suggestion"):
                d.severity = sev
            elif sev != r.severity:
                # a rule lowered its own severity for this finding (e.g. jargon the
                # client used); a configured severity still caps it
                d.severity = min(d.severity, sev, key=lambda s: ("suggestion", "warning", "error").index(s))
            diags.append(d)
    notes: list[str] = []
    for hook in POST_HOOKS:
        extra, more_notes = hook(doc, diags)
        notes.extend(more_notes)
        for d in extra:
            if select and not registry.matches(d.rule, select):
                continue
            if ignore and registry.matches(d.rule, ignore):
                continue
            sev = cfg.severity_for(d.rule, d.severity)
            if sev == "off":
                continue
            d.severity = sev
            diags.append(d)
    diags = _drop_superseded(_drop_shadowed(diags))
    diags = hide_secrets(doc.text, diags)
    diags.sort(key=lambda d: (d.field != "body", d.offset if d.field == "body" else 0, d.rule))
    origin = doc.draft.file_origin()
    set_file_position(diags, origin)
    return Report(path=doc.draft.path, diagnostics=diags, draft=doc.draft, notes=notes, file_origin=origin)


def lint(source, config=None, path: str = "-", select=(), ignore=()) -> Report:
    """Lint one draft: str, bytes or an email.message.Message."""
    cfg = as_config(config)
    draft = load(source, path)
    return check_doc(Doc(draft, cfg), select, ignore)
