"""Speed of mailcheck as ratios against a baseline measured in the same run.

1. Cold start: wall time of `mailcheck check` on a one-page draft in a fresh
   process, next to `python -c "import pymorphy3; pymorphy3.MorphAnalyzer()"`
   (the dictionary load every run pays anyway). Median of --repeat runs each.
2. Warm: per-draft lint time over the corpus in one process (analyzer and word
   lists already loaded), as a fraction of one MorphAnalyzer load.

3. With --against REF (a git ref, e.g. main): warm drafts per second per core
   of this tree and of REF (exported by `git archive` to a temporary folder),
   each in its own process, alternated --rounds times, and their ratio. Per
   core = drafts per CPU second of the process. Per-sentence caches (razdel
   tokens of a repeated sentence) are cleared before every pass, so a pass
   over drafts seen before costs what new drafts with the same words would.

Prints figures; asserts nothing.
Usage: python bench/bench_lint.py [--repeat N] [--against REF [--rounds N]]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_PAGE = """Добрый день, Анна Сергеевна!

По итогам вчерашнего созвона отправляю план работ по новому разделу каталога.
Первый этап — перенос карточек товаров и фильтров — закончим к пятнице, 16 октября.
Второй этап — интеграция с 1С и выгрузка остатков — займёт ещё две недели; точную дату
назовём после того, как ваш отдел пришлёт доступы к тестовой базе.

Чтобы уложиться в срок, нам нужны от вас три вещи:
1. Доступ к тестовой базе 1С (логин и адрес сервера) до среды, 14 октября.
2. Согласованный список полей для карточки товара — черновик во вложении.
3. Фотографии новой коллекции в исходном качестве.

Бюджет остаётся в пределах сметы от 2 октября: от 180 до 220 тыс. ₽ в зависимости от
числа полей, которые нужно синхронизировать. Если список полей вырастет, заранее
предупредим и пришлём уточнённую оценку.

Если удобно, предлагаю обсудить детали в четверг в 11:00 по видеосвязи — пришлю
приглашение. Подтвердите, пожалуйста, что время подходит.

С уважением,
Дмитрий Ершов
руководитель проекта
ООО «Северный код»
+7 (495) 555-27-90, d.ershov@severcode.ru
"""


def _env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILCHECK_")}
    env["NO_COLOR"] = "1"
    return env


def _wall(cmd, cwd) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def cold(repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.txt"
        draft.write_text(ONE_PAGE, encoding="utf-8")
        check = [sys.executable, "-m", "mailcheck", "check", "--format", "json", str(draft)]
        base = [sys.executable, "-c", "import pymorphy3; pymorphy3.MorphAnalyzer()"]
        bare = [sys.executable, "-c", "pass"]
        _wall(base, tmp), _wall(check, tmp)                   # warm the OS file cache once
        t_check, t_base, t_bare = [], [], []
        for _ in range(repeat):                               # interleaved: same conditions for both
            t_base.append(_wall(base, tmp))
            t_check.append(_wall(check, tmp))
            t_bare.append(_wall(bare, tmp))
    return {"check": statistics.median(t_check), "morph": statistics.median(t_base),
            "python": statistics.median(t_bare)}


def warm(repeat: int) -> dict:
    sys.path.insert(0, str(ROOT))
    import pymorphy3

    import mailcheck
    from mailcheck.errors import MailcheckError

    loads = []
    for _ in range(3):
        t = time.perf_counter()
        pymorphy3.MorphAnalyzer()
        loads.append(time.perf_counter() - t)
    files = sorted(p for p in (ROOT / "corpus").glob("*") if p.suffix in (".txt", ".eml"))
    drafts = [p.read_bytes() for p in files]
    for raw in drafts:                                        # first pass: analyzer, word lists, caches
        try:
            mailcheck.lint(raw)
        except MailcheckError:
            pass
    per_pass = []
    for _ in range(repeat):
        t = time.perf_counter()
        for raw in drafts:
            try:
                mailcheck.lint(raw)
            except MailcheckError:
                pass
        per_pass.append(time.perf_counter() - t)
    per_draft = statistics.median(per_pass) / max(1, len(drafts))
    first = []
    # a draft with words never seen before in this process (cold morphology cache, warm dictionaries)
    from mailcheck.language import morph
    morph.parse.cache_clear()
    t = time.perf_counter()
    mailcheck.lint(ONE_PAGE)
    first.append(time.perf_counter() - t)
    return {"drafts": len(drafts), "per_draft": per_draft, "morph_load": statistics.median(loads),
            "first_uncached": first[0]}


def warm_rate(repeat: int) -> dict:
    """Drafts per CPU second over the corpus, warm (this process's mailcheck)."""
    import mailcheck
    from mailcheck.errors import MailcheckError

    files = sorted(p for p in (ROOT / "corpus").glob("*") if p.suffix in (".txt", ".eml"))
    drafts = [p.read_bytes() for p in files]

    def one_pass():
        try:   # per-sentence caches would make a second pass over the same drafts free
            from mailcheck.language import text as _text
            _text._chunk_tokens.cache_clear()
        except AttributeError:
            pass
        for raw in drafts:
            try:
                mailcheck.lint(raw)
            except MailcheckError:
                pass

    one_pass()                                                # analyzer, word lists, per-word caches
    cpu = []
    for _ in range(repeat):
        t = time.process_time()
        one_pass()
        cpu.append(time.process_time() - t)
    return {"drafts": len(drafts), "rate": len(drafts) / statistics.median(cpu)}


def export(ref: str, dest: Path) -> Path:
    """The tree of git ref `ref` written into the folder `dest` (git archive)."""
    dest.mkdir(parents=True, exist_ok=True)
    arch = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=arch, check=True)
    return dest


# Python run in a tree (the folder argv[1], also its cwd and PYTHONPATH) before the
# benchmark's code: that tree's rule data, whichever checkout is installed (before
# 98d16cc, data.root() preferred the editable install's mapping)
OWN_RULES = ("import sys; from pathlib import Path; import mailcheck.data as _d; "
             "_rules = Path(sys.argv[1]) / 'rules'; _d.root = lambda: _rules; ")


def against(ref: str, repeat: int, rounds: int) -> None:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        base = export(ref, Path(tmp) / "base")
        code = (OWN_RULES + "import json; sys.path.insert(0, sys.argv[2]);"
                "import bench_lint; print(json.dumps(bench_lint.warm_rate(int(sys.argv[3]))))")
        rates = {"this tree": [], ref: []}
        for _ in range(rounds):
            for name, tree in (("this tree", ROOT), (ref, base)):
                env = _env()
                env["PYTHONPATH"] = str(tree)
                out = subprocess.run([sys.executable, "-c", code, str(tree), str(ROOT / "bench"), str(repeat)],
                                     env=env, cwd=tree, capture_output=True, text=True, check=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                rates[name].append(r["rate"])
                drafts = r["drafts"]
    print(f"warm, {drafts} corpus drafts, median of {rounds} rounds x {repeat} passes")
    for name, v in rates.items():
        print(f"  {name:12s} {statistics.median(v):8.1f} drafts/s per core")
    print(f"  ratio this tree / {ref}: {statistics.median(rates['this tree']) / statistics.median(rates[ref]):.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--against", metavar="REF", help="compare warm drafts/s/core with this git ref")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if args.against:
        against(args.against, args.repeat, args.rounds)
        return
    c = cold(args.repeat)
    print(f"cold, median of {args.repeat} runs")
    print(f"  python -c pass                         {c['python'] * 1000:8.0f} ms")
    print(f"  python -c 'pymorphy3.MorphAnalyzer()'  {c['morph'] * 1000:8.0f} ms   (baseline)")
    print(f"  mailcheck check one-page draft         {c['check'] * 1000:8.0f} ms")
    print(f"  ratio check / baseline                 {c['check'] / c['morph']:8.2f}")
    w = warm(args.repeat)
    print(f"warm, {w['drafts']} corpus drafts, median of {args.repeat} passes")
    print(f"  MorphAnalyzer() load in-process        {w['morph_load'] * 1000:8.1f} ms   (baseline)")
    print(f"  lint per draft                         {w['per_draft'] * 1000:8.1f} ms")
    print(f"  ratio per draft / baseline             {w['per_draft'] / w['morph_load']:8.3f}")
    print(f"  one-page draft, morph cache cleared    {w['first_uncached'] * 1000:8.1f} ms "
          f"(ratio {w['first_uncached'] / w['morph_load']:.3f})")


if __name__ == "__main__":
    main()
