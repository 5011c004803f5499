"""Optional LanguageTool backend: grammar.* findings from a LanguageTool server.

Active only when the config names a server (`[mailcheck.languagetool] url`)
or MAILCHECK_LANGUAGETOOL_URL is set. Sends the sender's new text (without
quoted messages and the signature) through language-tool-python's
`remote_server` client, imported lazily. Each match becomes
`grammar.<LanguageTool rule id>` with LanguageTool's message and
replacements; LanguageTool's spelling matches become `spelling` unless the
offline speller already flagged that word. The whole call is time-limited
(`[mailcheck.languagetool] timeout`, seconds); when the server is down or
slow the lint goes on with the offline findings and one note is printed on
stderr. The exit code is not affected by the server's failure.
"""
from __future__ import annotations

import threading

from mailcheck.rules.diagnostic import Diagnostic

_SEVERITY = {"misspelling": "error", "grammar": "warning", "typographical": "suggestion",
             "style": "suggestion", "whitespace": "suggestion", "duplication": "warning",
             "inconsistency": "suggestion"}
_clients: dict[str, object] = {}
_clients_lock = threading.Lock()
_down: dict[str, str] = {}  # url -> the note, once a server failed in this process


def _client(url: str, timeout: float):
    with _clients_lock:
        tool = _clients.get(url)
        if tool is None:
            import language_tool_python  # lazy: only when a server is configured

            # the client asks /v2/languages first; keep that inside our time limit
            # too (a subclass, so other users of the library keep their timeout)
            client = type("_MailcheckLanguageTool", (language_tool_python.LanguageTool,),
                          {"_TIMEOUT": timeout})
            tool = client("ru-RU", remote_server=url)
            _clients[url] = tool
        tool._TIMEOUT = timeout
        return tool


def _is_spelling(m) -> bool:
    return (getattr(m, "rule_issue_type", "") == "misspelling"
            or str(getattr(m, "rule_id", "")).startswith(("MORFOLOGIK_RULE", "HUNSPELL")))


def checked_regions(doc) -> list[tuple[int, int]]:
    """The sender's new text (answers between quotes too), cut before the signature block."""
    out = []
    sig = doc.draft.signature
    for sp in doc.draft.new_spans or [doc.draft.new]:
        start, end = sp.start, sp.end
        if sig is not None and start <= sig.start < end:
            end = sig.start
        if end > start:
            out.append((start, end))
    return out


def _joined(doc) -> tuple[str, list[tuple[int, int]]]:
    """The regions joined by blank lines, with (offset in joined text, offset in doc) per region."""
    parts, table, pos = [], [], 0
    for start, end in checked_regions(doc):
        if parts:
            parts.append("\n\n")
            pos += 2
        table.append((pos, start))
        parts.append(doc.text[start:end])
        pos += end - start
    return "".join(parts), table


def _to_doc(table, offset: int) -> int:
    base, start = table[0]
    for b, st in table:
        if b <= offset:
            base, start = b, st
    return start + offset - base


def check(doc, diags):
    """POST hook: (extra diagnostics, notes for stderr)."""
    cfg = doc.config
    url = cfg.effective_languagetool_url
    if not url:
        return [], []
    text, table = _joined(doc)
    if not text.strip():
        return [], []
    timeout = float(getattr(cfg, "languagetool_timeout", 5.0) or 5.0)
    if url in _down:  # do not wait for a dead server once per file
        return [], [_down[url]]
    box: dict = {}

    def work():
        try:
            tool = _client(url, timeout)
            box["matches"] = tool.check(text)
        except BaseException as e:  # noqa: BLE001 - any failure means «server unavailable»
            box["error"] = e

    t = threading.Thread(target=work, daemon=True, name="mailcheck-languagetool")
    t.start()
    t.join(timeout)
    if t.is_alive():
        _down[url] = (f"mailcheck: LanguageTool ({url}) не ответил за {timeout:g} с — "
                      "показаны только офлайн-проверки.")
        return [], [_down[url]]
    if "error" in box:
        e = box["error"]
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        _down[url] = (f"mailcheck: LanguageTool ({url}) недоступен ({reason}) — "
                      "показаны только офлайн-проверки.")
        with _clients_lock:
            _clients.pop(url, None)
        return [], [_down[url]]

    spelled = [(d.offset, d.offset + d.length) for d in diags if d.rule == "spelling"]
    out = []
    for m in box.get("matches", ()):
        off = _to_doc(table, int(m.offset))
        length = int(m.error_length)
        if _is_spelling(m):
            if any(a < off + length and off < b for a, b in spelled) or doc.in_quote(off):
                continue
            rule_id, sev = "spelling", "error"
        else:
            rule_id = f"grammar.{m.rule_id}"
            sev = _SEVERITY.get(getattr(m, "rule_issue_type", ""), "warning")
        line, col = doc.line_col(off)
        end_line, end_col = doc.line_col(off + length)
        out.append(Diagnostic(rule=rule_id, severity=sev, message=str(m.message),
                              line=line, column=col, end_line=end_line, end_column=end_col,
                              offset=off, length=length, text=doc.text[off:off + length],
                              suggestions=list(m.replacements[:5]), field="body"))
        if rule_id == "spelling":
            spelled.append((off, off + length))
    return out, []


def register() -> None:
    from mailcheck.rules import engine

    if check not in engine.POST_HOOKS:
        engine.POST_HOOKS.append(check)
