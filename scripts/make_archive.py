"""Write a synthetic mbox of N varied letters built from the corpus/ drafts.

    python scripts/make_archive.py OUT.mbox [--messages 10000] [--seed 15]
    python scripts/make_archive.py OUT.jsonl     # the same letters as JSONL records
    python scripts/make_archive.py OUT.parquet   # … or as Parquet rows (needs pyarrow)

The format follows the file name (.jsonl, .jsonl.gz, .parquet; anything else is
mbox). JSONL and Parquet hold the letters as fields (id, from, to, subject,
date, text: docs/audit.md), so the same seed gives the same letters in every
format and `mailcheck audit` the same counts.

Each message takes the text of a corpus draft (.txt, or the text part of an
.eml) and gets its own sender (one of 12 people), recipient, date (a year,
January to December 2026), Subject and Message-ID. Who writes what drifts
over the year: some senders send ever more clean drafts (those marked
«clean» in their .expect file), some fewer, so `mailcheck audit` has trends
to show. For benchmarks and the audit demo; nothing here is real mail.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import email.utils
import mailbox
import random
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PEOPLE = [
    ("Анна Крылова", "a.krylova@kvarta-studio.ru", 0.35, +0.045),
    ("Дмитрий Ершов", "d.ershov@severcode.ru", 0.55, +0.02),
    ("Мария Соколова", "m.sokolova@kvarta-studio.ru", 0.6, 0.0),
    ("Игорь Белов", "i.belov@severcode.ru", 0.7, -0.04),
    ("Ольга Смирнова", "o.smirnova@okoshko.app", 0.5, +0.03),
    ("Павел Громов", "p.gromov@okoshko.app", 0.45, -0.02),
    ("Елена Кузнецова", "e.kuznetsova@severcode.ru", 0.65, +0.01),
    ("Сергей Орлов", "s.orlov@kvarta-studio.ru", 0.4, +0.035),
    ("Наталья Волкова", "n.volkova@okoshko.app", 0.55, -0.01),
    ("Артём Зайцев", "a.zaitsev@severcode.ru", 0.5, 0.0),
    ("Юлия Морозова", "y.morozova@kvarta-studio.ru", 0.6, +0.02),
    ("Кирилл Лебедев", "k.lebedev@okoshko.app", 0.45, +0.025),
]
CLIENTS = ["anna@client-one.ru", "zakaz@stroymarket.ru", "info@medcenter-plus.ru",
           "office@fabrika-mebeli.ru", "pr@gorod-media.ru"]
SUBJECTS = ["План работ по разделу каталога", "Счёт за октябрь", "Макет главной страницы",
            "Итоги встречи 12 октября", "Доступы к тестовой базе", "Смета на доработки",
            "Перенос сроков этапа 2", "Договор на поддержку", "Вопросы по интеграции с 1С"]


def corpus_texts() -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """(clean, flagged): (text, subject) of each corpus draft with a plain text."""
    clean, flagged = [], []
    for p in sorted((ROOT / "corpus").iterdir()):
        if p.suffix not in (".txt", ".eml"):
            continue
        expect = p.with_suffix(".expect")
        is_clean = expect.exists() and any(line.strip() == "clean" for line in expect.read_text(encoding="utf-8").splitlines())
        subject = None
        if p.suffix == ".eml":
            msg = email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            body = msg.get_body(("plain",))
            if body is None:
                continue
            try:
                text = body.get_content()
            except (LookupError, UnicodeError):
                continue
            subject = msg.get("Subject")
        else:
            try:
                text = p.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
        if not text.strip() or "\x00" in text:
            continue
        (clean if is_clean else flagged).append((text, subject and str(subject)))
    return clean, flagged


def letters(n: int, seed: int):
    """The letters as records: id, from, to, subject, date, text."""
    rnd = random.Random(seed)
    clean, flagged = corpus_texts()
    start = datetime(2026, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    for i in range(n):
        name, addr, p_clean, drift = rnd.choice(PEOPLE)
        day = int(i * 365 / n) + rnd.randint(0, 2)
        date = start + timedelta(days=min(day, 364), minutes=rnd.randint(0, 600))
        month = date.month - 1
        p = min(0.95, max(0.05, p_clean + drift * month))
        text, subject = rnd.choice(clean if rnd.random() < p else flagged)
        yield {"id": f"{i:06d}.{seed}@mailcheck-synthetic.example",
               "from": email.utils.formataddr((name, addr)), "to": rnd.choice(CLIENTS),
               "subject": subject or rnd.choice(SUBJECTS), "date": date.isoformat(), "text": text}


def build(out: Path, n: int, seed: int, row_group_size: int = 1000) -> None:
    name = str(out).lower()
    if name.endswith((".jsonl", ".jsonl.gz")):
        import gzip
        import json

        with (gzip.open if name.endswith(".gz") else open)(out, "wt", encoding="utf-8") as f:
            for rec in letters(n, seed):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    if name.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(list(letters(n, seed))), str(out), row_group_size=row_group_size)
        return
    box = mailbox.mbox(str(out))
    box.lock()
    try:
        for rec in letters(n, seed):
            msg = EmailMessage()
            msg["From"] = rec["from"]
            msg["To"] = rec["to"]
            msg["Subject"] = rec["subject"]
            msg["Date"] = email.utils.format_datetime(datetime.fromisoformat(rec["date"]))
            msg["Message-ID"] = f"<{rec['id']}>"
            msg.set_content(rec["text"])
            box.add(msg)
        box.flush()
    finally:
        box.unlock()
        box.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--messages", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--row-group-size", type=int, default=1000, help="rows in a Parquet row group")
    args = ap.parse_args()
    build(Path(args.out), args.messages, args.seed, args.row_group_size)


if __name__ == "__main__":
    main()
