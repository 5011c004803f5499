#!/usr/bin/env python3
"""Speed of the offline speller, as ratios against baselines measured in the
same run (absolute times are printed too, for the record).

  * suggestion time per flagged word (median, worst) over the misspellings of
    tests/data/spelling_dev.tsv, cold caches, against one pymorphy3 parse;
  * lint time of a clean one-page draft vs the same draft with ten typos.

Usage: python bench/bench_spelling.py
"""
from __future__ import annotations

import difflib
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mailcheck  # noqa: E402
from mailcheck.language import morph, speller  # noqa: E402

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
    t = time.perf_counter()
    fn(*a)
    return time.perf_counter() - t


def main() -> None:
    an = morph.analyzer()
    speller.frequencies()
    speller.vocabulary_lemmas()
    speller.corrections()
    speller._stem_rules()
    # baseline 1: one pymorphy3 parse (analyzer, no cache)
    words = "проверьте новую версию макета ответьте пятницы устраивает такой план обсудить".split()
    parse_t = statistics.median(timed(an.parse, w) for _ in range(50) for w in words)

    # suggestion time per flagged word
    wrong = []
    for line in (ROOT / "tests" / "data" / "spelling_dev.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        src, dst = line.split("\t")
        a, b = src.split(), dst.split()
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
            if op == "replace" and i2 - i1 == 1:
                wrong.append(a[i1].strip(".,!?:;«»").lower())
    sp = speller.default()
    times = []
    for w in wrong:
        speller._candidates_cached.cache_clear()
        times.append(timed(sp.check, w))
    med, worst = statistics.median(times), max(times)

    # lint: clean page vs ten typos
    typo_page = PAGE
    for good, bad in TYPOS:
        assert good in typo_page, good
        typo_page = typo_page.replace(good, bad, 1)
    n_typos = sum(d.rule == "spelling" for d in mailcheck.lint(typo_page).diagnostics)
    clean_t, typo_t = [], []
    for _ in range(7):
        morph.parse.cache_clear()
        morph.is_known.cache_clear()
        speller._candidates_cached.cache_clear()
        clean_t.append(timed(mailcheck.lint, PAGE))
        morph.parse.cache_clear()
        morph.is_known.cache_clear()
        speller._candidates_cached.cache_clear()
        typo_t.append(timed(mailcheck.lint, typo_page))
    c, t = statistics.median(clean_t), statistics.median(typo_t)

    # the same two drafts through the CLI, one process each (what a user waits for)
    import subprocess
    import tempfile

    cli = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in (("clean", PAGE), ("typos", typo_page)):
            f = pathlib.Path(tmp) / f"{name}.txt"
            f.write_text(body, encoding="utf-8")
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "mailcheck", "check", "--fail-on", "never", str(f)],
                               capture_output=True, cwd=ROOT)
                runs.append(time.perf_counter() - t0)
            cli[name] = statistics.median(runs)

    print(f"baseline: one pymorphy3 parse = {parse_t * 1e6:.0f} µs")
    print(f"suggestion per flagged word ({len(wrong)} words, cold cache): "
          f"median {med * 1e3:.2f} ms = {med / parse_t:.0f}x parse, "
          f"worst {worst * 1e3:.2f} ms = {worst / parse_t:.0f}x parse")
    print(f"lint one page: clean {c * 1e3:.0f} ms, ten typos ({n_typos} spelling findings) "
          f"{t * 1e3:.0f} ms = {t / c:.2f}x clean (warm process)")
    print(f"CLI, one process per draft: clean {cli['clean'] * 1e3:.0f} ms, ten typos "
          f"{cli['typos'] * 1e3:.0f} ms = {cli['typos'] / cli['clean']:.2f}x clean")


if __name__ == "__main__":
    main()
