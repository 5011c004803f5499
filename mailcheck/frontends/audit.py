"""`mailcheck audit`: check a set of letters or an archive and write the counts
(JSON, docs/audit.md) and a report with charts (HTML, one self-contained file).

--engine local checks with the runner of `check -j N`; --engine dask cuts the
input into partitions and checks them on a Dask cluster (frontends/audit_dask.py).
Both fill the same mergeable `mailcheck.report.audit.Audit`, so the JSON is
the same.
"""
from __future__ import annotations

import os
import sys

from mailcheck.errors import MailcheckError
from mailcheck.report.audit import Audit
from mailcheck.report.jsonfmt import dumps_indented


def _say(msg: str) -> None:
    print(f"mailcheck: {msg}", file=sys.stderr, flush=True)


def audit_local(sources, cfg, select, ignore, jobs: int, show_progress: bool = True) -> Audit:
    from mailcheck.draft import mailboxes
    from mailcheck.frontends import progress
    from mailcheck.frontends.runner import run

    result = Audit()
    bar = progress.bar(lambda: mailboxes.count(sources), enabled=show_progress)
    try:
        for out in run(mailboxes.items(sources), cfg, select, ignore, False, jobs):
            bar.update()
            if out.error:
                with bar.printing():
                    _say(out.error)
                path, _, problem = out.error.partition(": ")
                result.add_error(out.path, problem if path == out.path else out.error)
            else:
                result.add(out.report, out.sender, out.date)
    finally:
        bar.close()
    return result


def write_outputs(doc: dict, json_path: str | None, html_path: str | None) -> list[str]:
    """Write the JSON and the HTML; returns what was written, for the closing line."""
    written = []
    html = None
    if html_path:
        try:
            from mailcheck.report.audit_html import render
        except ImportError as e:
            raise MailcheckError("--html", f"для графиков нужен matplotlib: pip install 'mailcheck[audit]' ({e.name})") from None
        html = render(doc)
    if json_path == "-" or (not json_path and not html_path):
        sys.stdout.write(dumps_indented(doc) + "\n")
    elif json_path:
        _write(json_path, dumps_indented(doc) + "\n")
        written.append(json_path)
    if html_path:
        _write(html_path, html)
        written.append(html_path)
    return written


def _write(path: str, text: str) -> None:
    try:
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as e:
        raise MailcheckError(path, f"не удалось записать файл: {e.strerror or e}") from None


def summary_line(doc: dict, written: list[str]) -> str:
    m = doc["messages"]
    top = ", ".join(f"{rid} ({n})" for rid, n in list(doc["rules"].items())[:3]) or "—"
    mean = doc["scores"]["mean"]
    line = (f"писем: {m['checked']} проверено, {m['failed']} не прочитано; замечаний: {m['findings']}; "
            f"средняя оценка: {str(mean).replace('.', ',') if mean is not None else '—'}; чаще всего: {top}")
    if written:
        line += "; записано: " + ", ".join(written)
    return line
