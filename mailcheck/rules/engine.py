"""Run the rules over a draft: select/ignore, configured severities, ordering."""
from __future__ import annotations

from mailcheck.rules import rule as registry
from mailcheck.config import Config, from_dict
from mailcheck.errors import check_deadline, deadline_scope
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


# At most this many findings of one rule per draft: a draft with thousands of
# «!!!» or unknown words gains nothing from the rest, and the report (and its
# JSON) would grow without bound. A note on stderr says when some were left out.
MAX_PER_RULE = 200
# More distinct words than this that the dictionary lacks: not a letter in
# Russian (random letters, another language, binary pasted as text). Each such
# word costs pymorphy3 a prediction of ~10 analyses (time and ~4 KB kept), so
# the draft is refused with a one-line message instead of linted.
MAX_UNKNOWN_WORDS = 10_000


def _check_vocabulary(doc: Doc) -> None:
    from mailcheck.errors import InputError
    from mailcheck.language import morph

    unknown: set[str] = set()
    for t in doc.new.words:
        w = t.text.lower()
        if w in unknown or not t.is_cyrillic or morph.is_known(w):
            continue
        unknown.add(w)
        if len(unknown) > MAX_UNKNOWN_WORDS:
            raise InputError(doc.draft.path, f"больше {MAX_UNKNOWN_WORDS} разных слов, которых нет в словаре: "
                                             "это не похоже на письмо на русском языке, проверка пропущена")


def check_doc(doc: Doc, select=(), ignore=(), deadline: float | None = None) -> Report:
    """Run the rules over a Doc. deadline: a time.monotonic() value; past it the lint
    stops with errors.LintTimeout within a fraction of a second (checked between rules
    and findings, and in the text layer's long loops). None: the deadline in force
    (errors.deadline_scope), if any."""
    with deadline_scope(deadline):
        return _check_doc(doc, select, ignore)


def _check_doc(doc: Doc, select, ignore) -> Report:
    cfg = doc.config
    diags = []
    notes: list[str] = []
    path = doc.draft.path
    check_deadline(path)
    _check_vocabulary(doc)
    for r in registry.iter_rules(select, ignore):
        sev = cfg.severity_for(r.id, r.severity)
        if sev == "off":
            continue
        check_deadline(path)
        found = r.check(doc) or ()
        cap = r.max_findings or MAX_PER_RULE
        for n, d in enumerate(found):
            check_deadline(path)
            if n == cap:
                notes.append(f"{doc.draft.path}: {r.id}: показаны первые {cap} замечаний, "
                             "остальные пропущены")
                close = getattr(found, "close", None)
                if close:
                    close()
                break
            if d.severity == r.severity or d.severity not in ("error", "warning", "suggestion"):
                d.severity = sev
            elif sev != r.severity:
                # a rule lowered its own severity for this finding (e.g. jargon the
                # client used); a configured severity still caps it
                d.severity = min(d.severity, sev, key=lambda s: ("suggestion", "warning", "error").index(s))
            diags.append(d)
    for hook in POST_HOOKS:
        check_deadline(path)
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


def lint(source, config=None, path: str = "-", select=(), ignore=(), deadline: float | None = None) -> Report:
    """Lint one draft: str, bytes or an email.message.Message. deadline: a
    time.monotonic() value after which the lint stops with errors.LintTimeout."""
    cfg = as_config(config)
    with deadline_scope(deadline):
        draft = load(source, path)
        return check_doc(Doc(draft, cfg), select, ignore)
