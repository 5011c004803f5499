#!/usr/bin/env python3
"""Speed of the offline speller, as ratios against a baseline measured in the
same run: the same measurements on another build of mailcheck (by default
`main`, exported from git into a temporary folder with `git archive`) and, in
this build, against one pymorphy3 parse. Absolute times are printed too.

  * suggestion time per flagged word (median, p95, worst) over the
    misspellings of tests/data/spelling_dev.tsv, cold word caches (each word
    the best of three runs; the edit tables a process builds once are warm);
  * lint time of a clean one-page draft and of the same draft with ten typos
    (warm process, cold word caches; the best of seven runs);
  * the CLI on each draft, one process per run (cold start included; the
    best of three).

Times are CPU time (the process's own, and the child's for the CLI), the
best of several runs: the machine is shared, and wall time there mostly
measures the neighbours.

Usage: python bench/bench_spelling.py [--baseline REV | --no-baseline]
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent.parent          # this checkout: its data files
ROOT = pathlib.Path(os.environ.get("MAILCHECK_BENCH_ROOT", HERE))  # the build measured
sys.path.insert(0, str(ROOT))

PAGE = """Здравствуйте, Мария!

Спасибо за быстрый ответ и за подробные комментарии к макету главной страницы. Мы внимательно изучили ваши замечания и подготовили новую версию: изменили шрифт заголовков, сделали кнопку заказа заметнее и убрали лишний блок с новостями, как вы просили.

Отдельно по каталогу. Мы предлагаем разбить товары на шесть разделов вместо девяти, чтобы покупателю было проще найти нужное. Фильтры по цене и размеру останутся на месте, а сортировку по популярности мы перенесём наверх страницы. Если вам это подходит, мы начнём вёрстку уже в понедельник.

По срокам. Вёрстка каталога займёт около недели, ещё три дня уйдут на проверку в разных браузерах и на телефонах. Таким образом, мы сможем показать готовую версию двадцатого числа, а запуск сайта возможен в конце месяца, как и договаривались.

Остаётся один открытый вопрос: кто с вашей стороны подготовит тексты для раздела о доставке? Если удобно, наш копирайтер может написать их сам, тогда пришлите, пожалуйста, условия доставки и список городов.

Проверьте, пожалуйста, новую версию макета и ответьте до пятницы, устраивает ли вас такой план. Если нужно что-то обсудить, предлагаем созвониться в четверг в 11:00.

С уважением,
Игорь Кузнецов
менеджер проектов
Веб-студия «Кварта»
+7 (812) 555-34-30
"""
TYPOS = [("Спасибо за быстрый", "Спосибо за быстрый"), ("внимательно", "внемательно"),
         ("подготовили", "подготавили"), ("заметнее", "заметние"), ("предлагаем разбить", "предлогаем разбить"),
         ("покупателю", "покупатилю"), ("популярности", "популярнасти"), ("займёт", "займот"),
         ("договаривались", "договоривались"), ("обсудить", "обсудитъ")]


def timed(fn, *a):
    """CPU time of one call: on a shared machine, wall time mostly measures the
    neighbours."""
    t = time.process_time()
    fn(*a)
    return time.process_time() - t


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _clear_word_caches():
    from mailcheck.language import morph, speller
    morph.parse.cache_clear()
    morph.is_known.cache_clear()
    speller._candidates_cached.cache_clear()
    for mod in ("detect", "family"):  # caches later builds add; absent in older ones
        m = sys.modules.get(f"mailcheck.language.speller.{mod}")
        for name in ("_status", "_status_cached", "in_known_family"):
            fn = getattr(m, name, None)
            if hasattr(fn, "cache_clear"):
                fn.cache_clear()


def measure() -> dict:
    import mailcheck
    from mailcheck.language import morph, speller

    an = morph.analyzer()
    speller.frequencies()
    speller.vocabulary_lemmas()
    speller.corrections()
    speller._stem_rules()
    words = "проверьте новую версию макета ответьте пятницы устраивает такой план обсудить".split()
    parse_t = statistics.median(timed(an.parse, w) for _ in range(50) for w in words)

    wrong = []
    for line in (HERE / "tests" / "data" / "spelling_dev.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        src, dst = line.split("\t")
        a, b = src.split(), dst.split()
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
            if op == "replace" and i2 - i1 == 1:
                wrong.append(a[i1].strip(".,!?:;«»").lower())
    sp = speller.default()
    sp.check("проверка")  # load everything a first check loads
    times = []
    for w in wrong:  # each word: the best of three cold runs (the machine is shared and noisy)
        runs = []
        for _ in range(3):
            _clear_word_caches()
            runs.append(timed(sp.check, w))
        times.append(min(runs))
    times.sort()

    typo_page = PAGE
    for good, bad in TYPOS:
        typo_page = typo_page.replace(good, bad, 1)
    n_typos = sum(d.rule == "spelling" for d in mailcheck.lint(typo_page).diagnostics)
    clean_t, typo_t = [], []
    for _ in range(7):
        _clear_word_caches()
        clean_t.append(timed(mailcheck.lint, PAGE))
        _clear_word_caches()
        typo_t.append(timed(mailcheck.lint, typo_page))

    cli = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in (("clean", PAGE), ("typos", typo_page)):
            f = pathlib.Path(tmp) / f"{name}.txt"
            f.write_text(body, encoding="utf-8")
            runs = []
            for _ in range(3):
                t0 = _child_cpu()
                subprocess.run([sys.executable, "-m", "mailcheck", "check", "--fail-on", "never", str(f)],
                               capture_output=True, cwd=tmp, env=env)
                runs.append(_child_cpu() - t0)
            cli[name] = min(runs)
    return {"parse": parse_t, "words": len(wrong), "median": statistics.median(times),
            "p95": times[int(0.95 * (len(times) - 1))], "worst": times[-1],
            "clean": min(clean_t), "typos": min(typo_t), "n_typos": n_typos,
            "cli_clean": cli["clean"], "cli_typos": cli["typos"]}


def _run(root: str) -> dict:
    """measure() in a fresh process on the build at `root`."""
    env = {**os.environ, "MAILCHECK_BENCH_ROOT": root, "PYTHONPATH": root}
    out = subprocess.run([sys.executable, str(pathlib.Path(__file__).resolve()), "--json"],
                         cwd=root, env=env, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"bench on {root} failed: {out.stderr[-400:]}")
    return json.loads(out.stdout)


def compare(rev: str, rounds: int = 2) -> tuple[dict, dict]:
    """This build and `rev` (exported with `git archive`, its rule data mapped
    in as mailcheck.ruledata so nothing of this build leaks in), each in fresh
    processes, taking turns; the best figure of each."""
    with tempfile.TemporaryDirectory() as tmp:
        arch = subprocess.run(["git", "archive", rev], cwd=HERE, capture_output=True, check=True).stdout
        subprocess.run(["tar", "x", "-C", tmp], input=arch, check=True)
        os.symlink(pathlib.Path(tmp) / "rules", pathlib.Path(tmp) / "mailcheck" / "ruledata")
        for root in (tmp, str(ROOT)):  # both builds start from compiled bytecode
            subprocess.run([sys.executable, "-m", "compileall", "-q", f"{root}/mailcheck"], check=True)
        base, cur = [], []
        for _ in range(rounds):
            base.append(_run(tmp))
            cur.append(_run(str(ROOT)))
    best = lambda rs: {k: min(r[k] for r in rs) if isinstance(rs[0][k], float) else rs[0][k] for k in rs[0]}
    return best(cur), best(base)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="main", help="git revision to compare with (default: main)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.json:
        print(json.dumps(measure()))
        return
    if a.no_baseline:
        r, base = measure(), None
    else:
        r, base = compare(a.baseline)
    ms = 1e3

    def vs(key):
        return f" = {r[key] / base[key]:.2f}x {a.baseline}" if base else ""

    print(f"baseline: one pymorphy3 parse = {r['parse'] * 1e6:.0f} µs")
    print(f"suggestion per flagged word ({r['words']} words, cold cache): median {r['median'] * ms:.2f} ms"
          f"{vs('median')}, p95 {r['p95'] * ms:.2f} ms{vs('p95')}, worst {r['worst'] * ms:.2f} ms{vs('worst')}")
    print(f"lint one page (warm process): clean {r['clean'] * ms:.0f} ms{vs('clean')}, ten typos "
          f"({r['n_typos']} spelling findings) {r['typos'] * ms:.0f} ms{vs('typos')}")
    print(f"CLI, one process per draft: clean {r['cli_clean'] * ms:.0f} ms{vs('cli_clean')}, ten typos "
          f"{r['cli_typos'] * ms:.0f} ms{vs('cli_typos')}")
    if base:
        print(f"{a.baseline}: suggestion p95 {base['p95'] * ms:.2f} ms, lint clean {base['clean'] * ms:.0f} ms, "
              f"typos {base['typos'] * ms:.0f} ms, CLI clean {base['cli_clean'] * ms:.0f} ms")


if __name__ == "__main__":
    main()
