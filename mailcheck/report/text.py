"""`path:line:col: severity rule message`, the suggestion, and a summary line."""
from __future__ import annotations

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}
_DIM, _BOLD, _RESET = "\033[2m", "\033[1m", "\033[0m"
_NAMES = {"error": "ошибка", "warning": "предупреждение", "suggestion": "совет"}


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def render(reports, color: bool = False, quiet: bool = False, **_) -> str:
    out = [render_file(r, color=color, quiet=quiet) for r in reports]
    if not quiet:
        out.append(render_summary(reports))
    return "".join(out)


def render_file(r, color: bool = False, quiet: bool = False) -> str:
    """The lines of one report (printed as soon as its file is checked)."""
    out = []
    for d in r.diagnostics:
        line, col, _, _ = d.file_position()       # the file's own line where it maps
        where = f"{r.path}:{line}:{col}"
        if d.field != "body":
            where = f"{r.path}:{d.field}"
        sev = d.severity
        if color:
            line = (f"{_BOLD}{where}{_RESET}: {_COLORS[sev]}{sev}{_RESET} "
                    f"{_DIM}{d.rule}{_RESET} {d.message}")
        else:
            line = f"{where}: {sev} {d.rule} {d.message}"
        out.append(line)
        if d.suggestions and not quiet:
            sugg = ", ".join(f"«{s}»" for s in d.suggestions[:3])
            out.append(f"    → замена: {sugg}")
    return "".join(line + "\n" for line in out)


def render_summary(reports) -> str:
    """The closing line over every report shown: «Найдено: …» or «Замечаний нет».
    Takes the reports or, when they were printed one by one, (severity counts, files)."""
    if isinstance(reports, tuple):
        total, files = reports
    else:
        total = {"error": 0, "warning": 0, "suggestion": 0}
        for r in reports:
            for d in r.diagnostics:
                total[d.severity] += 1
        files = len(reports)
    n = sum(total.values())
    if n == 0:
        return f"Замечаний нет ({files} {_plural(files, 'файл', 'файла', 'файлов')}).\n"
    parts = [f"{total[k]} {_plural(total[k], *names)}" for k, names in (
        ("error", ("ошибка", "ошибки", "ошибок")),
        ("warning", ("предупреждение", "предупреждения", "предупреждений")),
        ("suggestion", ("совет", "совета", "советов"))) if total[k]]
    return (f"Найдено: {', '.join(parts)} в {files} "
            f"{_plural(files, 'файле', 'файлах', 'файлах')}.\n")
