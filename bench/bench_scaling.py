"""Does lint time grow linearly with the input, and memory stay bounded?

For each adversarial shape (a long letter run, many short lines, deep quotes,
many MIME parts, …) the draft is built at 1×, 2×, 4× (and 8× with --max 8)
its base size and checked in a fresh process: `mailcheck check --format json`
run in-process after a warm-up lint, so the time is the check alone, not the
dictionary load. Times are CPU seconds of that process (steady on a shared,
busy machine, where wall time is not); wall time is printed beside them. Printed per run: size, check time, the growth ratio against
the previous size (≈ 2 per doubling is linear; the stress tool fails a shape
above 2.6) and the peak memory (max RSS) of the process.

The baseline of each ratio is the same shape at half the size, measured in the
same run. Prints figures; asserts nothing (tests/test_scaling.py holds the
assertions, as operation counts and generous ratios).

    python bench/bench_scaling.py [--only NAME[,NAME…]] [--max 8] [--base 1.0] [--limit-s 60] [--repeat 3]

--repeat N runs each size N times and keeps the least CPU time (and the largest
peak memory): on a shared virtual machine, whose speed drifts by a third from
minute to minute, the least of a few runs is the steadiest estimate of the cost.

--base scales every size (e.g. --base 2.5 puts 4× near 1 MB for most shapes).
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CYR = "абвгдежзийклмнопрстуфхцчшщыьэюя"
WORDS = ("проект договор сервер отчёт клиент срок оплата макет задача вопрос "
         "встреча письмо доступ изменение согласование").split()
HEAD = "Здравствуйте, Анна!\n\n"
TAIL = "\n\nС уважением,\nИван Петров\nменеджер проекта, ООО «Ромашка»\n+7 900 000-00-00\n"


def _w(rng, n):
    return "".join(rng.choice(CYR) for _ in range(n))


def _words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _mime(parts: list[tuple[str, str, bytes]], subject="Отчёт", to="anna@example.ru") -> str:
    """A multipart/mixed message: (content type, filename or "", payload) per part."""
    b = "==b0undary=="
    out = [f"From: ivan@example.ru\nTo: {to}\nSubject: {subject}\nMIME-Version: 1.0\n"
           f"Content-Type: multipart/mixed; boundary=\"{b}\"\n\n"]
    for ctype, name, payload in parts:
        disp = f"Content-Disposition: attachment; filename=\"{name}\"\n" if name else ""
        out.append(f"--{b}\nContent-Type: {ctype}\n{disp}Content-Transfer-Encoding: base64\n\n"
                   + base64.encodebytes(payload).decode("ascii") + "\n")
    out.append(f"--{b}--\n")
    return "".join(out)


def _text_part(body: str):
    return ("text/plain; charset=utf-8", "", body.encode("utf-8"))


def shapes() -> dict:
    """name -> function of k (1, 2, 4, 8) building the draft; 1× is ~10–50 KB."""
    rng = random.Random(7)
    letter = HEAD + "Прислали макет, спасибо. Посмотрим до пятницы.\n\n"
    return {
        # --- the shapes of ../shared/tools/stress
        "long-word": lambda k: HEAD + _w(rng, 1000 * k) + TAIL,
        "short-lines": lambda k: HEAD + "\n".join("Срочно!!!" for _ in range(2500 * k)) + TAIL,
        "bangs": lambda k: HEAD + "Срочно!!! " * (2500 * k) + TAIL,
        "long-line": lambda k: HEAD + _words(rng, 7000 * k) + "." + TAIL,
        "greeting-lines": lambda k: HEAD + "\n".join("Уважаемый" for _ in range(2500 * k)) + TAIL,
        "sentences": lambda k: HEAD + " ".join(f"Отправили {rng.choice(WORDS)} {i}." for i in range(2000 * k)) + TAIL,
        "quote-depth": lambda k: HEAD + "Ответ ниже.\n\n" + ">" * (20000 * k) + " текст\n> ещё\n" + TAIL,
        "unknown-words": lambda k: HEAD + " ".join(_w(rng, 9) for _ in range(1000 * k)) + "." + TAIL,
        # --- more of the same kind
        "no-punct-line": lambda k: HEAD + _words(rng, 7000 * k) + TAIL,
        "no-punct-lines": lambda k: HEAD + "\n".join(_words(rng, 6) for _ in range(1200 * k)) + TAIL,
        "paragraphs": lambda k: HEAD + "\n\n".join(f"Отправили {rng.choice(WORDS)} {i}." for i in range(1500 * k)) + TAIL,
        "list-items": lambda k: HEAD + "Нужно:\n" + "\n".join(f"{i % 99 + 1}. {_words(rng, 3)}" for i in range(1500 * k)) + TAIL,
        "questions": lambda k: HEAD + " ".join(f"Когда будет {rng.choice(WORDS)}?" for _ in range(1500 * k)) + TAIL,
        "quoted-block": lambda k: letter + "\n".join("> " + _words(rng, 6) + "." for _ in range(800 * k)) + TAIL,
        "quote-levels": lambda k: letter + "\n".join(">" * (i % 300 + 1) + " " + _words(rng, 3) for i in range(600 * k)) + TAIL,
        "reply-chain": lambda k: letter + "".join(
            f"\n\n{i} октября, Анна пишет:\n> " + _words(rng, 8) + "." for i in range(300 * k)) + TAIL,
        "greetings": lambda k: "".join("Здравствуйте, Анна!\n\nПрислали макет.\n\n" for _ in range(700 * k)) + TAIL,
        "signoffs": lambda k: HEAD + "".join("Прислали макет.\n\nС уважением,\nИван\n\n" for _ in range(600 * k)),
        "long-url": lambda k: HEAD + "Ссылка: https://example.ru/" + "a/b" * (8000 * k) + " — посмотрите.\n" + TAIL,
        "urls": lambda k: HEAD + " ".join(f"https://example.ru/p/{i} и www.site{i}.ru," for i in range(1200 * k)) + TAIL,
        "digits": lambda k: HEAD + "Номер: " + "1234567890" * (2000 * k) + "." + TAIL,
        "card-numbers": lambda k: HEAD + " ".join("Карта 4276 1234 5678 9012." for _ in range(800 * k)) + TAIL,
        "dates": lambda k: HEAD + " ".join(f"Созвон {i % 28 + 1} октября в 11:00." for i in range(1200 * k)) + TAIL,
        "dates-1-sentence": lambda k: HEAD + "Созвоны " + ", ".join(f"{i % 28 + 1}.10" for i in range(3000 * k)) + "." + TAIL,
        "emoji": lambda k: HEAD + "Спасибо " + "😀" * (10000 * k) + "!" + TAIL,
        "latin-word": lambda k: HEAD + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10000 * k)) + TAIL,
        "latin-text": lambda k: HEAD + " ".join(rng.choice(("deploy", "fix", "release", "review", "merge", "ok"))
                                                for _ in range(5000 * k)) + "." + TAIL,
        "mixed-script": lambda k: HEAD + " ".join(rng.choice(("пpивет", "cрок", "дoговор", "mакет"))
                                                  for _ in range(3000 * k)) + "." + TAIL,
        "hyphen-chain": lambda k: HEAD + "-".join(rng.choice(WORDS) for _ in range(2000 * k)) + "." + TAIL,
        "outlook-header": lambda k: HEAD + "Прислали макет.\n\nОт: " + _w(rng, 20000 * k) + "\nОтправлено: 12.10.2026\n"
                                    "Кому: anna@example.ru\nТема: макет\n\nТекст.\n",
        "long-signature": lambda k: HEAD + "Прислали макет.\n\nС уважением,\nИван\n" + "-".join(_w(rng, 6) for _ in range(3000 * k)) + "\n",
        "caps": lambda k: HEAD + " ".join(rng.choice(WORDS).upper() for _ in range(5000 * k)) + "!" + TAIL,
        "open-quotes": lambda k: HEAD + "Текст «" * (3000 * k) + "." + TAIL,
        "brackets": lambda k: HEAD + "(" * (10000 * k) + "текст" + ")" * (10000 * k) + "." + TAIL,
        "spaces": lambda k: HEAD + "Прислали" + " " * (50000 * k) + "макет." + TAIL,
        "blank-lines": lambda k: HEAD + "Прислали макет." + "\n" * (50000 * k) + "Спасибо." + TAIL,
        "dashes": lambda k: HEAD + "\n".join("--" for _ in range(5000 * k)) + TAIL,
        "ty-words": lambda k: HEAD + " ".join("ты пришли макет, тебе же нужно." for _ in range(1000 * k)) + TAIL,
        # --- messages
        "subject": lambda k: f"Subject: {_words(rng, 3000 * k)}\nTo: anna@example.ru\n\n" + letter + TAIL,
        "many-to": lambda k: "Subject: Отчёт\nTo: " + ", ".join(f"user{i}@example.ru" for i in range(2000 * k))
                             + "\n\n" + letter + TAIL,
        "mime-parts": lambda k: _mime([_text_part(letter + TAIL)] + [_text_part(f"Часть {i}.\n") for i in range(300 * k)]),
        "attachments": lambda k: _mime([_text_part(letter + TAIL)] + [
            ("application/pdf", f"file{i}.pdf", bytes(range(256)) * 2) for i in range(150 * k)]),
        "html-deep": lambda k: ("Subject: Отчёт\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
                                + "<div>" * (3000 * k) + "Здравствуйте, Анна! Прислали макет." + "</div>" * (3000 * k)),
        "html-big": lambda k: ("Subject: Отчёт\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<html><body>"
                               + "".join(f"<p>Отправили <b>{rng.choice(WORDS)}</b> {i}.</p>" for i in range(1000 * k))
                               + "</body></html>"),
        "html-table": lambda k: ("Subject: Отчёт\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<table>"
                                 + "".join(f"<tr><td>{i}</td><td>{rng.choice(WORDS)}</td></tr>" for i in range(1000 * k))
                                 + "</table>"),
    }


# The child: load everything with a warm-up lint, then time one `mailcheck check` in-process.
CHILD = r"""
import io, json, os, resource, sys, time
path, out = sys.argv[1], sys.argv[2]
import mailcheck
mailcheck.lint("Здравствуйте, Анна!\n\nПрислали макет, спасибо.\n\nС уважением,\nИван\n")
from mailcheck.frontends.cli import main
devnull = os.open(os.devnull, os.O_WRONLY)
saved = os.dup(1)
os.dup2(devnull, 1)
sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), encoding="utf-8")
t, c = time.perf_counter(), time.process_time()
code = 0
try:
    sys.argv = ["mailcheck", "check", "--format", "json", "--fail-on", "never", path]
    main()
except SystemExit as e:
    code = e.code
dt, dc = time.perf_counter() - t, time.process_time() - c
sys.stdout.flush()
os.dup2(saved, 1)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with open(out, "w") as f:
    json.dump({"wall": dt, "time": dc, "rss": rss, "code": code}, f)
"""


def run_one(text: str, limit: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "draft.eml"
        src.write_text(text, encoding="utf-8")
        out = Path(tmp) / "result.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAILCHECK_")}
        try:
            p = subprocess.run([sys.executable, "-c", CHILD, str(src), str(out)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=limit)
        except subprocess.TimeoutExpired:
            return {"time": None, "rss": None, "code": "timeout"}
        if not out.exists():
            err = p.stderr.decode(errors="replace").strip().splitlines()
            return {"time": None, "rss": None, "code": f"crash: {err[-1] if err else p.returncode}"}
        return json.loads(out.read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated shape names")
    ap.add_argument("--max", type=int, default=4, choices=(2, 4, 8, 16))
    ap.add_argument("--base", type=float, default=1.0, help="scale every size by this factor")
    ap.add_argument("--limit-s", type=float, default=60)
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the least CPU time is shown")
    o = ap.parse_args()
    only = set(o.only.split(",")) if o.only else None
    sizes = [k for k in (1, 2, 4, 8, 16) if k <= o.max]
    print(f"{'shape':15s} {'size':>4s} {'chars':>9s} {'cpu s':>8s} {'wall s':>7s} {'×/doubling':>10s} {'s/100KB':>8s} {'peak MB':>8s}")
    worst_ratio, worst_rss, worst_rate = (0.0, ""), (0.0, ""), (0.0, "")
    for name, make in shapes().items():
        if only and name not in only:
            continue
        prev = None
        for k in sizes:
            units = max(1, round(k * o.base)) if o.base != 1.0 else k
            text = make(units)
            runs = [run_one(text, o.limit_s) for _ in range(max(1, o.repeat))]
            r = next((x for x in runs if x["time"] is None), None) or min(runs, key=lambda x: x["time"])
            if r["time"] is not None:
                r = dict(r, rss=max(x["rss"] for x in runs))
            if r["time"] is None:
                print(f"{name:15s} {k:>3d}× {len(text):9d} {r['code']}")
                break
            ratio = f"{r['time'] / prev:10.2f}" if prev and prev > 0.02 else f"{'':>10s}"
            rate = r["time"] / (len(text.encode("utf-8")) / 100_000)
            print(f"{name:15s} {k:>3d}× {len(text):9d} {r['time']:8.3f} {r['wall']:7.2f} {ratio} {rate:8.3f} {r['rss']:8.0f}", flush=True)
            if prev and prev > 0.05:
                worst_ratio = max(worst_ratio, (r["time"] / prev, name))
            worst_rss = max(worst_rss, (r["rss"], name))
            if r["time"] > 0.2:
                worst_rate = max(worst_rate, (rate, name))
            prev = r["time"]
    print(f"worst growth per doubling {worst_ratio[0]:.2f} ({worst_ratio[1]}); "
          f"worst s/100KB {worst_rate[0]:.2f} ({worst_rate[1]}); "
          f"peak memory {worst_rss[0]:.0f} MB ({worst_rss[1]})")


if __name__ == "__main__":
    main()
