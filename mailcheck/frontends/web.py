"""The web page of `mailcheck serve` (issue 13): `/` and its static files, `/rules/` and `/rules/{id}`.

The page is plain HTML, CSS and one ES module in `static/` (shipped in the
wheel; no CDN, no build step). It calls `POST /v1/lint` with two optional
extras, answered only when asked, so the report of every other client stays
as INTERFACE.md shows it:

- `explain`: the file object gains `parts` (context, problem, ask: the
  `check --explain` spans) and each diagnostic that has a safe fix gains
  `fix`, the replacement `mailcheck fix` would make for text[offset:offset+length];
- `draft`: the file object gains `draft` = {subject, from, to, text}, the
  headers and the decoded body of a message (the page fills its fields from it
  when a raw message is pasted or an .eml dropped).
"""
from __future__ import annotations

import html
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"

# the page loads nothing from elsewhere and may talk only to this server
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
_SEV = {"error": "ошибка", "warning": "предупреждение", "suggestion": "совет"}


def extended_report(report, config, explain: bool = False, draft: bool = False) -> dict:
    out = report.to_dict()
    d = report.draft
    if explain:
        from mailcheck.language.text import Doc
        from mailcheck.report.explain import parts
        from mailcheck.rules.engine import as_config

        out["parts"] = parts(Doc(d, as_config(config))) if d is not None else []
        for diag, item in zip(report.diagnostics, out["diagnostics"]):
            fix = getattr(diag, "fix", None)
            if fix is not None and diag.field == "body":
                item["fix"] = fix
    if draft and d is not None:
        def addr(a):
            return f"{a.name} <{a.addr}>" if a.name and a.addr else (a.addr or a.name or "")

        out["draft"] = {"subject": d.subject or "", "from": addr(d.from_) if d.from_ else "",
                        "to": [addr(a) for a in d.to], "text": d.text}
    return out


def index_or(json_index):
    """GET /: the page; a client that asks for JSON only still gets the API index."""
    async def index(request: Request) -> Response:
        accept = request.headers.get("accept", "")
        if "application/json" in accept and "text/html" not in accept:
            return await json_index(request)
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=HEADERS)
    return index


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = f"""<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} — mailcheck</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="data:,">
</head>
<body>
<header class="top"><h1><span class="logo" aria-hidden="true">✉</span> <a class="home" href="/">mailcheck</a>
<span class="tagline">правила проверки</span></h1></header>
<main class="rule-page">{body}</main>
</body>
</html>
"""
    return HTMLResponse(doc, status_code=status, headers=HEADERS)


def _rule_html(text: str) -> str:
    """`mailcheck rules ID` (plain text with ## headings and indented examples) as HTML."""
    lines = text.splitlines()
    out = [f"<h2>{html.escape(lines[0])}</h2>"] if lines else []
    block: list[str] = []

    def flush():
        if block:
            out.append("<pre>" + html.escape("\n".join(block)) + "</pre>")
            block.clear()

    for line in lines[1:]:
        if line.startswith("    → "):
            flush()
            out.append(f'<p class="finding-line">→ {html.escape(line[6:])}</p>')
        elif line.startswith("    "):
            block.append(line[4:])
        elif line.startswith("## "):
            flush()
            out.append(f"<h3>{html.escape(line[3:])}</h3>")
        elif line.strip():
            flush()
            out.append(f"<p>{html.escape(line)}</p>")
        else:
            if block:
                block.append("")
    flush()
    return "\n".join(out).replace("\n</pre>", "</pre>")


async def rule_list(request: Request) -> Response:
    from mailcheck.rules.rule import all_rules

    rows = "\n".join(
        f'<tr><td><a href="/rules/{html.escape(r.id)}">{html.escape(r.id)}</a></td>'
        f"<td>{_SEV.get(r.severity, r.severity)}</td><td>{html.escape(r.summary)}</td></tr>"
        for r in all_rules())
    body = (f'<article><h2>Правила mailcheck</h2><p><a href="/">← К проверке письма</a></p>'
            f'<table><thead><tr><th>Правило</th><th>По умолчанию</th><th>Что проверяет</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></article>")
    return _page("Правила", body)


async def rule_page(request: Request) -> Response:
    from mailcheck.report.ruledoc import explain
    from mailcheck.rules.rule import all_rules

    rule_id = request.path_params["rule_id"]
    rule = next((r for r in all_rules() if r.id == rule_id), None)
    if rule is None:
        body = (f"<article><h2>Нет такого правила</h2><p>Правила «{html.escape(rule_id)}» нет. "
                f'<a href="/rules/">Список правил</a></p></article>')
        return _page("Нет правила", body, 404)
    from starlette.concurrency import run_in_threadpool

    text = await run_in_threadpool(explain, rule)
    body = (f'<article><p><a href="/">← К проверке письма</a> · <a href="/rules/">все правила</a></p>'
            f"{_rule_html(text)}</article>")
    return _page(rule.id, body)


def routes() -> list:
    return [
        Mount("/static", app=StaticFiles(directory=STATIC, check_dir=False), name="static"),
        Route("/rules/", rule_list, methods=["GET"]),
        Route("/rules/{rule_id:path}", rule_page, methods=["GET"]),
    ]
