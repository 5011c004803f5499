"""Archives of messages as records — JSONL (also .jsonl.gz) and Parquet, a
support desk's export — through `check`, `audit --engine local` and
`audit --engine dask`, and the partition boundaries of every archive kind
(issue 15, item 5)."""
import gzip
import importlib.util
import json
import mailbox
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailcheck.draft import mailboxes
from mailcheck.draft.records import record_draft
from mailcheck.errors import InputError
import cli_run

ROOT = Path(__file__).resolve().parent.parent
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

LETTER = "Добрый день, Анна!\n\nСчёт за март во вложении. Оплатить нужно до 31 марта.\n\nС уважением,\nИван Петров\n"


_env = cli_run.env
run = cli_run.run


def _make_archive():
    spec = importlib.util.spec_from_file_location("make_archive", ROOT / "scripts" / "make_archive.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _jsonl(path, records, tail=b""):
    with open(path, "wb") as f:
        for r in records:
            f.write(r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode() + b"\n")
        f.write(tail)


# --- one record ----------------------------------------------------------------------

def test_fields_without_subject_are_a_drafts_text_with_sender_and_date():
    name, d = record_draft({"id": "T-1", "from": "Иван Петров <i.petrov@example.ru>",
                            "date": "2026-03-21T14:00:00+03:00", "text": LETTER}, "x.jsonl:#4")
    assert name == "x.jsonl:#4 <T-1>"
    assert not d.is_message and d.text == LETTER and d.subject is None
    assert (d.from_.name, d.from_.addr) == ("Иван Петров", "i.petrov@example.ru")
    assert d.date.isoformat() == "2026-03-21T14:00:00+03:00"


@pytest.mark.parametrize("date", ["Sat, 21 Mar 2026 14:00:00 +0300", "2026-03-21T14:00:00+03:00"])
def test_fields_with_subject_are_a_letter(date):
    rec = {"id": "<m1@example.ru>", "subject": "Счёт за март", "from": "Иван Петров <i.petrov@example.ru>",
           "to": ["anna@client.ru"], "date": date, "text": LETTER}
    name, d = record_draft(rec, "x.jsonl:#1")
    assert name == "x.jsonl:#1 <m1@example.ru>"
    assert d.is_message and d.subject == "Счёт за март" and d.from_.addr == "i.petrov@example.ru"
    assert d.text == LETTER and [a.addr for a in d.to] == ["anna@client.ru"]
    assert d.date.isoformat() == "2026-03-21T14:00:00+03:00"
    assert d.file_origin() is None               # lines count in `text`, not in a message built from it


def test_attachments_field_answers_the_attachment_check():
    from mailcheck.language.text import Doc
    from mailcheck.config import Config
    from mailcheck.rules.engine import check_doc

    def rules(rec):
        return {x.rule for x in check_doc(Doc(record_draft(rec, "x")[1], Config()), (), ()).diagnostics}

    rec = {"subject": "Счёт за март", "from": "i.petrov@example.ru", "text": LETTER}
    assert "content.attachment-missing" in rules(rec)
    assert "content.attachment-missing" not in rules({**rec, "attachments": ["счёт-март.pdf"]})
    # without a subject the record is a text: no headers, no attachments to judge
    assert "content.attachment-missing" not in rules({"text": LETTER})


def test_raw_record_is_read_as_a_message_and_named_by_its_message_id():
    raw = ("From: i.petrov@example.ru\nSubject: Счёт за март\nMessage-ID: <r1@example.ru>\n\n" + LETTER)
    name, d = record_draft({"raw": raw}, "x.jsonl:#2")
    assert name == "x.jsonl:#2 <r1@example.ru>" and d.is_message and d.subject == "Счёт за март"
    assert record_draft({"raw": raw.encode()}, "x.parquet:#2")[1].text == d.text     # a binary column
    assert record_draft({"raw": raw, "id": 7}, "x.jsonl:#2")[0] == "x.jsonl:#2 <7>"


@pytest.mark.parametrize("rec, problem", [
    ({"id": "T-9"}, "нет ни поля «text»"),
    ({"text": "  \n"}, "пустой текст письма"),
    ({"text": 5}, "поле «text» должно быть строкой"),
    ({"text": LETTER, "to": 5}, "поле «to» должно быть строкой или списком строк"),
    ({"text": LETTER, "attachments": "a.pdf"}, "поле «attachments» должно быть списком имён файлов"),
    ({"text": LETTER, "date": 1774090800}, "поле «date» должно быть строкой"),
    ({"text": LETTER, "subject": "Счёт\nBcc: all@example.ru"}, "поле «subject»: недопустимое значение"),
    ({"raw": 5}, "поле «raw» должно быть строкой"),
])
def test_a_bad_record_is_one_russian_line(rec, problem):
    with pytest.raises(InputError) as e:
        record_draft(rec, "x.jsonl:#3")
    assert str(e.value).startswith("x.jsonl:#3") and problem in e.value.problem and "\n" not in str(e.value)


def test_parquet_typed_dates_are_dates():
    from datetime import date, datetime, timezone

    when = datetime(2026, 3, 21, 11, 0, tzinfo=timezone.utc)
    assert record_draft({"text": LETTER, "date": when}, "x")[1].date == when
    assert record_draft({"text": LETTER, "date": date(2026, 3, 21)}, "x")[1].date == datetime(2026, 3, 21)
    assert record_draft({"text": LETTER, "subject": "Счёт", "date": when}, "x")[1].date == when


def test_unreadable_date_is_unknown_as_in_mail():
    assert record_draft({"text": LETTER, "date": "вчера"}, "x")[1].date is None
    assert record_draft({"text": LETTER, "subject": "Счёт", "date": "вчера"}, "x")[1].date is None


# --- check and audit --engine local ------------------------------------------------------

def test_check_reads_a_jsonl_export_and_reports_bad_lines_one_by_one(tmp_path):
    _jsonl(tmp_path / "export.jsonl", [
        {"id": "T-1", "from": "Иван Петров <i.petrov@example.ru>", "date": "2026-03-21",
         "text": "Здравствуйте!\n\nЗадеплоили новую версию, посмотрите.\n\nС уважением,\nИван Петров\n"},
        b"{not json\n",
        b"\n",                                             # a blank line: skipped, but counted
        {"id": "T-4", "subject": "Счёт за март", "text": LETTER},
        b"[1, 2]\n",
        {"id": "T-6", "text": ""},
        b"\xc3\x28{}\n",
        {"raw": "From: a@example.ru\nSubject: Акт\nMessage-ID: <m8@example.ru>\n\n" + LETTER},
    ])
    r = run(tmp_path, "check", "--format", "json", "export.jsonl")
    assert r.returncode == 2
    assert r.err.splitlines() == [
        "mailcheck: export.jsonl:#2: строка не разбирается как JSON (символ 2)",
        "mailcheck: export.jsonl:#5: в строке не объект JSON {…}, а список",
        "mailcheck: export.jsonl:#6 <T-6>: пустой текст письма: нечего проверять",
        "mailcheck: export.jsonl:#7: строка не в кодировке UTF-8",
    ]
    files = json.loads(r.out)["files"]
    assert [f["path"] for f in files] == ["export.jsonl:#1 <T-1>", "export.jsonl:#4 <T-4>",
                                         "export.jsonl:#8 <m8@example.ru>"]
    jargon = [d for d in files[0]["diagnostics"] if d["rule"] == "style.jargon"]
    assert jargon and jargon[0]["line"] == 3                      # the line in `text`
    assert "content.attachment-missing" in {d["rule"] for d in files[1]["diagnostics"]}
    # the same letter as a .txt file gets the same findings
    (tmp_path / "t1.txt").write_text(json.loads((tmp_path / "export.jsonl").read_bytes().splitlines()[0])["text"])
    single = json.loads(run(tmp_path, "check", "--format", "json", "t1.txt").out)["files"][0]
    assert single["diagnostics"] == files[0]["diagnostics"]


def test_a_folder_walk_leaves_jsonl_files_alone(tmp_path):
    """A folder may hold `check --format jsonl` output: JSONL is read only when named."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "out.jsonl").write_text('{"path": "a.txt", "rule": "style.jargon"}\n')
    (tmp_path / "d" / "a.txt").write_text(LETTER)
    assert mailboxes.expand([str(tmp_path / "d")]) == [("file", str(tmp_path / "d" / "a.txt"))]
    assert mailboxes.expand([str(tmp_path / "d" / "out.jsonl")]) == [("jsonl", str(tmp_path / "d" / "out.jsonl"))]


@pytest.mark.parametrize("name, content, problem", [
    ("empty.jsonl", b"\n \n", "в файле JSONL нет ни одной записи"),
    ("plain.jsonl.gz", b"not gzip\n", "файл не сжат gzip или повреждён"),
    ("bad.parquet", b"not parquet\n", "не удалось прочитать файл Parquet: он повреждён или это не Parquet"),
])
def test_an_unreadable_archive_is_one_line(tmp_path, name, content, problem):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
    (tmp_path / name).write_bytes(content)
    r = run(tmp_path, "check", name)
    assert r.returncode == 2 and r.err == f"mailcheck: {name}: {problem}\n"


def test_same_letters_same_findings_as_mbox_jsonl_gz_and_parquet(tmp_path):
    """scripts/make_archive.py writes the same letters in every format; each is read
    to the same findings, letter by letter."""
    from mailcheck.config import Config
    from mailcheck.frontends import runner

    make = _make_archive()
    names = ["a.mbox", "a.jsonl", "a.jsonl.gz"]
    if importlib.util.find_spec("pyarrow"):
        names.append("a.parquet")
    runner._init(Config(), (), (), False, warm_up=False)
    seen = {}
    for name in names:
        make.build(tmp_path / name, 12, seed=5, row_group_size=5)
        outs = [runner.check_item(i) for i in mailboxes.items(mailboxes.expand([str(tmp_path / name)]))]
        assert not [o.error for o in outs if o.error]
        seen[name] = [([(d.rule, d.line, d.column, d.message) for d in o.report.diagnostics], o.sender, o.date,
                       o.path.split(" ", 1)[1]) for o in outs]
    for name in names[1:]:
        assert seen[name] == seen["a.mbox"], name


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """24 letters as JSONL (one bad line added), the same as gzip-ed JSONL, and as
    Parquet in row groups of 5."""
    d = tmp_path_factory.mktemp("records")
    make = _make_archive()
    make.build(d / "desk.jsonl", 24, seed=3)
    with open(d / "desk.jsonl", "ab") as f:
        f.write(b'{"id": "broken", "text": 5}\n')
    make.build(d / "desk.jsonl.gz", 24, seed=4)
    names = ["desk.jsonl", "desk.jsonl.gz"]
    if importlib.util.find_spec("pyarrow"):
        make.build(d / "desk.parquet", 24, seed=5, row_group_size=5)
        names.append("desk.parquet")
    return d, names


@pytest.fixture(scope="module")
def local_audit(exports):
    d, names = exports
    r = run(d, "audit", *names, "--json", "local.json", "-j", "2")
    return r, json.loads((d / "local.json").read_text(encoding="utf-8"))


def test_audit_local_counts_records(exports, local_audit):
    r, doc = local_audit
    _, names = exports
    assert r.returncode == 2 and "mailcheck: desk.jsonl:#25 <broken>: поле «text» должно быть строкой" in r.err
    assert doc["messages"]["total"] == 24 * len(names) + 1 and doc["messages"]["failed"] == 1
    assert sum(s["messages"] for s in doc["senders"].values()) == 24 * len(names)
    assert "unknown" not in doc["months"] and "unknown" not in doc["senders"]
    assert all(w["path"].split(":#")[0] in names for w in doc["worst"])


def test_audit_on_a_dask_local_cluster_counts_records_the_same(exports, local_audit):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    d, names = exports
    r = run(d, "audit", *names, "--json", "dask.json", "--engine", "dask", "-j", "2", "--partition-size", "7")
    assert r.returncode == 2 and "mailcheck: desk.jsonl:#25 <broken>: поле «text» должно быть строкой" in r.err
    assert json.loads((d / "dask.json").read_text(encoding="utf-8")) == local_audit[1]


# --- partitions: every message in exactly one -------------------------------------------

def _numbers(parts):
    """The numbers of the drafts the partitions give, and the drafts themselves."""
    seen = []
    for part in parts:
        for item in mailboxes.items(part):
            assert item[0] != "error", item
            seen.append(item)
    return seen


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_RECORD = st.one_of(
    st.fixed_dictionaries({"text": _TEXT}),
    st.just(b"{broken\n"),
    st.just(b"\n"), st.just(b"  \r\n"),
    st.builds(lambda t: json.dumps({"text": t}).encode() + b"\r\n", _TEXT),
)


@PROPERTY
@given(st.lists(_RECORD, max_size=40), st.integers(1, 12), st.booleans())
def test_jsonl_partitions_hold_every_line_once(tmp_path, records, size, newline_at_end):
    path = tmp_path / "p.jsonl"
    _jsonl(path, records)
    if not newline_at_end and path.stat().st_size:
        path.write_bytes(path.read_bytes().rstrip(b"\r\n") or b"x")
    whole = list(mailboxes.items([("jsonl", str(path))]))
    parts = list(mailboxes.partitions([("jsonl", str(path))], size))
    if whole[0][0] == "error":                               # no records: the file goes as it is, to report
        assert parts == [[("jsonl", str(path))]]
        return
    got = _numbers(parts)
    assert got == whole                                      # same lines, same numbers, same order, once each
    assert all(len(list(mailboxes.items(p))) <= size for p in parts)
    ranges = [p[0][3:] for p in parts]
    assert ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))     # contiguous: nothing between
    lines = path.read_bytes().splitlines(keepends=True)
    starts = {sum(map(len, lines[:i])) for i in range(len(lines) + 1)}
    assert all(b in starts for b, _ in ranges)                        # cut at line starts only


@PROPERTY
@given(st.lists(st.text(alphabet="абв xyz\nFrom>", max_size=40), min_size=1, max_size=25), st.integers(1, 9))
def test_mbox_partitions_hold_every_message_once(tmp_path, bodies, size):
    path = tmp_path / "p.mbox"
    if path.exists():
        path.unlink()
    box = mailbox.mbox(str(path))
    for i, body in enumerate(bodies):
        box.add(f"From: a@b.ru\nMessage-ID: <{i}@b.ru>\n\n{body}\n".encode())
    box.flush()
    box.close()
    whole = list(mailboxes.items([("mbox", str(path))]))
    got = _numbers(mailboxes.partitions([("mbox", str(path))], size))
    assert got == whole and len(got) == len(bodies)
    assert [mailboxes.item_bytes(i)[0] for i in got] == [f"{path}:#{n} <{n - 1}@b.ru>" for n in range(1, len(bodies) + 1)]


@PROPERTY
@given(st.integers(0, 40), st.integers(1, 12), st.integers(1, 12))
def test_parquet_partitions_hold_every_row_once(tmp_path, rows, row_group, size):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"text": [f"письмо {i}" for i in range(rows)], "id": list(range(rows))}),
                   str(path), row_group_size=row_group)
    whole = list(mailboxes.items([("parquet", str(path))]))
    parts = list(mailboxes.partitions([("parquet", str(path))], size))
    if rows == 0:
        assert whole[0][0] == "error" and parts == [[("parquet", str(path))]]
        return
    got = _numbers(parts)
    assert got == whole and [i[2] for i in got] == list(range(1, rows + 1))
    assert [i[3]["id"] for i in got] == list(range(rows))
    assert all(len(list(mailboxes.items(p))) <= size for p in parts)


def test_an_archive_without_messages_reaches_dask_as_an_error(tmp_path):
    """Its partitions were none, so --engine dask lost the error --engine local reports."""
    (tmp_path / "empty.mbox").write_bytes(b"")
    (tmp_path / "empty.jsonl").write_bytes(b"\n")
    for kind, name in (("mbox", "empty.mbox"), ("jsonl", "empty.jsonl")):
        src = (kind, str(tmp_path / name))
        got = [i for part in mailboxes.partitions([src], 5) for i in mailboxes.items(part)]
        assert got == list(mailboxes.items([src])) and got[0][0] == "error"


def test_gzipped_jsonl_is_cut_by_the_client(tmp_path):
    path = tmp_path / "z.jsonl.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"".join(json.dumps({"text": f"t{i}"}).encode() + b"\n" for i in range(11)))
    parts = list(mailboxes.partitions([("jsonl", str(path))], 4))
    assert [len(p) for p in parts] == [4, 4, 3] and all(i[0] == "jsonl-line" for p in parts for i in p)
    assert [i[2] for p in parts for i in p] == list(range(1, 12))
