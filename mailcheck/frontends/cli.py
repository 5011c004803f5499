"""Command line: a thin layer over the library (see INTERFACE.md)."""
from __future__ import annotations

import dataclasses
import gc
import os
import sys
import threading

import click

from mailcheck.version import __version__
from mailcheck.errors import MailcheckError

SEVERITIES = ["error", "warning", "suggestion"]
RANK = {"suggestion": 1, "warning": 2, "error": 3, "never": 99}


def _fail(msg: str) -> None:
    click.echo(f"mailcheck: {msg}", err=True)


def _load_config(path):
    from mailcheck import config as cfgmod
    from mailcheck.rules.rule import is_known

    return cfgmod.load(path, is_known)


def _check_patterns(patterns, option):
    from mailcheck.rules.rule import is_known

    for p in patterns:
        if not is_known(p):
            raise MailcheckError(option, f"нет правила или группы «{p}» (список: mailcheck rules)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mailcheck")
def cli():
    """mailcheck — проверка деловых писем клиентам перед отправкой."""


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "sarif"]), default="text",
              show_default=True, help="Формат вывода.")
@click.option("--config", "config_path", metavar="FILE", help="Файл настроек (mailcheck.toml).")
@click.option("--select", multiple=True, metavar="RULE", help="Проверять только эти правила (id или группа).")
@click.option("--ignore", multiple=True, metavar="RULE", help="Не проверять эти правила (id или группа).")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="suggestion", show_default=True,
              help="Что показывать.")
@click.option("--fail-on", type=click.Choice(SEVERITIES + ["never"]), default=None,
              help="С какого уровня код выхода 1 (по умолчанию error или fail-on из настроек).")
@click.option("--no-color", is_flag=True, help="Без цвета.")
@click.option("--quiet", "-q", is_flag=True, help="Только замечания, без подсказок и итога.")
@click.option("--explain", is_flag=True, help="Показать, какие предложения приняты за контекст, проблему и просьбу.")
@click.option("--template", is_flag=True,
              help="Проверять шаблоны писем: подстановки ({name}, %s, {{ var }}…) заменяют слова и не считаются ошибкой.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Сколько процессов проверяют письма (по умолчанию — по числу ядер; 1 — в этом процессе).")
def check(paths, fmt, config_path, select, ignore, min_severity, fail_on, no_color, quiet, explain, template, jobs):
    """Проверить письма: файлы .txt/.eml, архивы mbox, папки Maildir, выгрузки JSONL и Parquet, каталоги или stdin (-)."""
    from mailcheck.draft import mailboxes
    from mailcheck.frontends import progress
    from mailcheck.frontends.runner import default_jobs, run
    from mailcheck.report import FORMATS, STREAMING
    from mailcheck.report.text import render_summary

    cfg = _load_config(config_path)
    if template:
        cfg = dataclasses.replace(cfg, template=True)
    _check_patterns(select, "--select")
    _check_patterns(ignore, "--ignore")
    fail_level = RANK[fail_on or cfg.fail_on]
    min_rank = RANK[min_severity]
    color = fmt == "text" and not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    # text and jsonl are printed file by file as each is done (--explain prints its parts first)
    stream = None if explain else STREAMING.get(fmt)
    sources = mailboxes.expand(paths)
    bar = progress.bar(lambda: mailboxes.count(sources), enabled=fmt in ("text", "jsonl"))
    reports, failed, notes, worst = [], False, [], 0
    total = {"error": 0, "warning": 0, "suggestion": 0}
    shown_files = 0
    gc.disable()                # start-up (the dictionary, rule data) allocates much and frees little
    try:
        for out in run(mailboxes.items(sources), cfg, select, ignore, explain, jobs or default_jobs()):
            if not gc.isenabled():          # the first file is done: what start-up loaded stays
                gc.freeze()
                gc.enable()
            bar.update()
            if out.error:
                with bar.printing():
                    _fail(out.error)
                failed = True
                continue
            report = out.report
            for n in report.notes:
                if n not in notes:
                    notes.append(n)
                    if stream:
                        with bar.printing():
                            _fail(n)
            worst = max([worst] + [RANK[d.severity] for d in report.diagnostics])
            report.diagnostics = [d for d in report.diagnostics if RANK[d.severity] >= min_rank]
            if stream:
                shown_files += 1
                for d in report.diagnostics:
                    total[d.severity] += 1
                text = stream(report, color=color, quiet=quiet)
                if text:
                    with bar.printing():
                        click.echo(text, nl=False)
            else:
                reports.append(report)
    finally:
        gc.enable()
        bar.close()
    if stream:
        if fmt == "text" and not quiet and shown_files:
            click.echo(render_summary((total, shown_files)), nl=False)
    else:
        for n in notes:
            _fail(n)
        if reports or fmt != "text":
            out = FORMATS[fmt](reports, color=color, quiet=quiet)
            if explain and fmt == "text":
                from mailcheck.report.explain import render_text

                out = render_text(reports) + out
            click.echo(out, nl=False)
    if failed:
        sys.exit(2)
    sys.exit(1 if worst >= fail_level else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "json_path", metavar="FILE", help="Записать счёт в JSON (- — в stdout).")
@click.option("--html", "html_path", metavar="FILE", help="Записать отчёт с графиками (один файл HTML).")
@click.option("--config", "config_path", metavar="FILE", help="Файл настроек (mailcheck.toml).")
@click.option("--select", multiple=True, metavar="RULE", help="Считать только эти правила (id или группа).")
@click.option("--ignore", multiple=True, metavar="RULE", help="Не считать эти правила (id или группа).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Сколько процессов проверяют письма (--engine local; по умолчанию — по числу ядер).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Где проверять: на этом компьютере или на кластере Dask.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Адрес планировщика Dask (tcp://host:8786); без него — LocalCluster на этом компьютере.")
@click.option("--partition-size", type=click.IntRange(min=1), default=200, show_default=True, metavar="N",
              help="Писем в одной части (--engine dask).")
def audit(paths, json_path, html_path, config_path, select, ignore, jobs, engine, scheduler, partition_size):
    """Сводка по многим письмам или архиву (mbox, Maildir, JSONL, Parquet): правила, отправители, месяцы, оценки."""
    from mailcheck.draft import mailboxes
    from mailcheck.frontends import audit as auditmod
    from mailcheck.frontends.runner import default_jobs

    cfg = _load_config(config_path)
    _check_patterns(select, "--select")
    _check_patterns(ignore, "--ignore")
    if scheduler and engine != "dask":
        raise MailcheckError("--scheduler", "нужен вместе с --engine dask")
    sources = mailboxes.expand(paths)
    if engine == "dask":
        from mailcheck.frontends.audit_dask import audit_dask

        result = audit_dask(sources, cfg, select, ignore, scheduler=scheduler, workers=jobs,
                            partition_size=partition_size)
    else:
        result = auditmod.audit_local(sources, cfg, select, ignore, jobs or default_jobs())
    doc = result.to_json()
    written = auditmod.write_outputs(doc, json_path, html_path)
    _fail(auditmod.summary_line(doc, written))
    sys.exit(2 if doc["messages"]["failed"] else 0)


@cli.command()
@click.argument("path")
@click.option("--diff", "mode", flag_value="diff", default=True, help="Показать изменения (по умолчанию).")
@click.option("--write", "mode", flag_value="write", help="Записать исправления в файл.")
@click.option("--config", "config_path", metavar="FILE", help="Файл настроек.")
def fix(path, mode, config_path):
    """Исправить безопасное: похожие латинские буквы, раскладку, жаргон, «!!!»…"""
    from mailcheck.frontends.fix import fix_path

    cfg = _load_config(config_path)
    sys.exit(fix_path(path, write=(mode == "write"), config=cfg))


@cli.command()
@click.argument("rule_id", required=False)
def rules(rule_id):
    """Список правил или описание одного правила с примерами."""
    from mailcheck.rules.rule import all_rules, matches
    from mailcheck.report.ruledoc import explain, listing

    if not rule_id:
        click.echo(listing(all_rules()), nl=False)
        return
    chosen = [r for r in all_rules() if matches(r.id, [rule_id])]
    if not chosen:
        _fail(f"нет правила «{rule_id}» (список: mailcheck rules)")
        sys.exit(2)
    exact = [r for r in chosen if r.id == rule_id]
    if exact:
        click.echo(explain(exact[0]), nl=False)
    else:
        click.echo(listing(chosen), nl=False)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="С какого уровня письмо задерживается (по умолчанию error).")
@click.option("--config", "config_path", metavar="FILE", help="Файл настроек.")
@click.argument("command", nargs=-1, type=click.UNPROCESSED, required=True)
def sendmail(fail_on, config_path, command):
    """Фильтр перед отправкой: проверить письмо из stdin и передать его CMD или задержать."""
    from mailcheck.frontends.sendmail import run

    sys.exit(run(list(command), fail_on=fail_on, config_path=config_path))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8081, show_default=True, type=int)
@click.option("--config", "config_path", metavar="FILE", help="Файл настроек.")
@click.option("--max-body", type=click.IntRange(min=1024), default=None, metavar="BYTES",
              help="Предел размера тела запроса (по умолчанию 10 МБ); больше — ответ 413.")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="Разрешить запросы со страниц этого источника (CORS): точный источник, например "
                   "chrome-extension://<id>; для расширений Thunderbird и Firefox — moz-extension://*. "
                   "Можно повторять; «*» не принимается.")
@click.option("--read-timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help="За сколько секунд должны прийти заголовки запроса и отдельно его тело (по умолчанию 10).")
@click.option("--lint-timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help="Сколько секунд может идти одна проверка; дольше — ответ 503 (по умолчанию 15).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Сколько процессов отвечают на запросы (uvicorn workers), например по числу ядер.")
@click.option("--max-lints", type=click.IntRange(min=1), default=None, metavar="N",
              help="Сколько проверок идёт одновременно в одном процессе (по умолчанию вдвое больше "
                   "числа ядер); остальные ждут своей очереди в пределах --lint-timeout.")
def serve(host, port, config_path, max_body, allow_origins, read_timeout, lint_timeout, workers, max_lints):
    """HTTP API: /v1/lint и совместимый с LanguageTool /v2/check."""
    from mailcheck.frontends.server import (DEFAULT_LINT_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_READ_TIMEOUT,
                                            check_origin, run)

    for origin in allow_origins:
        try:
            check_origin(origin)
        except ValueError as e:
            raise MailcheckError("--allow-origin", str(e)) from None
    run(host=host, port=port, config_path=config_path, max_body=max_body or DEFAULT_MAX_BODY,
        allow_origins=allow_origins, read_timeout=read_timeout or DEFAULT_READ_TIMEOUT,
        lint_timeout=lint_timeout or DEFAULT_LINT_TIMEOUT, workers=workers, max_lints=max_lints)


def main():
    """The command line; ends with SystemExit carrying the exit code, like click."""
    from mailcheck.frontends import recache

    recache.install()           # compiled patterns kept between runs (start-up time)
    try:
        _main()
    finally:
        recache.save()


def entry():
    """The `mailcheck` program (the console script and `python -m mailcheck`):
    `main()`, then the quick exit. A program that calls `main()` itself gets its
    SystemExit back and keeps running."""
    try:
        main()
    except SystemExit as e:
        _exit(e.code)
    _exit(0)


def _exit(code) -> None:
    """End the process with `code` once everything written is flushed, without
    tearing down every object it loaded (the dictionary, rule data, caches):
    that teardown is a tenth of a short run and serves no one. Only when a
    thread that must finish is still running does it exit the usual way."""
    if code is None:
        code = 0
    elif not isinstance(code, int):          # sys.exit("message") semantics
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError, ValueError):   # a closed pipe: nothing more to say
            pass
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    os._exit(code)


def _main():
    try:
        cli.main(prog_name="mailcheck", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("прервано")
        sys.exit(2)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except MailcheckError as e:
        _fail(str(e))
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except SystemExit:
        raise
    except Exception as e:  # a bug of ours: one line, not a traceback (MAILCHECK_DEBUG=1 shows it)
        if os.environ.get("MAILCHECK_DEBUG"):
            raise
        _fail(f"внутренняя ошибка: {type(e).__name__}: {e} (подробности: MAILCHECK_DEBUG=1)")
        sys.exit(2)
    sys.exit(0)
