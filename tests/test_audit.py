"""`mailcheck audit`: the JSON counts, the HTML report (and its look in a real
browser), and the same counts from a Dask LocalCluster (issue 15)."""
import importlib.util
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import cli_run

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "test-artifacts"


def _make_archive():
    spec = importlib.util.spec_from_file_location("make_archive", ROOT / "scripts" / "make_archive.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """48 synthetic letters over a year from 12 senders, plus one broken message."""
    d = tmp_path_factory.mktemp("audit")
    box = d / "team.mbox"
    _make_archive().build(box, 48, seed=3)
    with open(box, "ab") as f:
        f.write(b"\nFrom x@y.ru Mon Nov 30 06:00:00 2026\nFrom: x@y.ru\nMessage-ID: <broken@y.ru>\n"
                b"Subject: bin\n\n\x00\x01\x02\x00\x00\x00binary\x00\n")
    return box


_env = cli_run.env
run = cli_run.run


@pytest.fixture(scope="module")
def local(archive):
    tmp = archive.parent
    r = run(tmp, "audit", archive.name, "--json", "audit.json", "--html", "audit.html", "-j", "2")
    return r, json.loads((tmp / "audit.json").read_text(encoding="utf-8")), tmp / "audit.html"


def test_audit_json_counts_match_check(archive, local):
    r, doc, _ = local
    assert r.returncode == 2                                 # a bad message, as in check
    assert "team.mbox:#49 <broken@y.ru>" in r.err and "записано: audit.json, audit.html" in r.err
    for key in ("messages", "rules", "senders", "months", "scores", "groups", "worst", "trends"):
        assert key in doc
    assert doc["messages"] == {"total": 49, "checked": 48, "failed": 1,
                               "with_findings": doc["messages"]["with_findings"],
                               "findings": sum(doc["rules"].values())}
    check = json.loads(run(archive.parent, "check", "--format", "json", "--fail-on", "never", archive.name).out)
    rules = Counter(d["rule"] for f in check["files"] for d in f["diagnostics"])
    assert doc["rules"] == dict(sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])))
    assert sum(s["messages"] for s in doc["senders"].values()) == 48
    assert sum(m["messages"] for m in doc["months"].values()) == 48
    assert list(doc["months"]) == sorted(doc["months"]) and len(doc["months"]) == 12
    assert sum(doc["scores"]["histogram"].values()) == 48
    scores = sorted(f["score"] for f in check["files"])
    assert doc["scores"]["min"] == scores[0] and doc["scores"]["max"] == scores[-1]
    assert [w["score"] for w in doc["worst"]] == scores[:len(doc["worst"])]
    assert doc["groups"]["style"] == sum(n for rid, n in doc["rules"].items() if rid.startswith("style."))


def test_audit_json_matches_its_schema(local):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tests" / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(local[1], schema)
    empty = json.loads(json.dumps(__import__("mailcheck.report.audit", fromlist=["Audit"]).Audit().to_json()))
    jsonschema.validate(empty, schema)


def test_audit_merge_is_the_whole():
    """Counts of two halves merged are those of the whole, in either order."""
    from datetime import datetime, timezone

    from mailcheck import lint
    from mailcheck.report.audit import Audit

    texts = [p.read_bytes() for p in sorted((ROOT / "corpus").glob("*.eml"))[:10]]
    reports = [lint(t, path=f"m{i}") for i, t in enumerate(texts)]
    meta = [(("Имя", f"s{i % 3}@x.ru"), datetime(2026, 1 + i % 4, 2, tzinfo=timezone.utc)) for i in range(10)]
    whole, a, b = Audit(), Audit(), Audit()
    for i, (r, (who, date)) in enumerate(zip(reports, meta)):
        whole.add(r, who, date)
        (a if i % 2 else b).add(r, who, date)
    whole.add_error("bad", "пустой файл")
    b.add_error("bad", "пустой файл")
    assert Audit().merge(a).merge(b).to_json() == whole.to_json() == Audit().merge(b).merge(a).to_json()


def test_audit_html_is_self_contained_and_russian(local):
    _, doc, html_path = local
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 3
    for label in ("Аудит писем клиентам", "Правила, которые срабатывают чаще всего", "По месяцам",
                  "Распределение оценок", "Отправители", "Письма с самой низкой оценкой"):
        assert label in page
    # nothing fetched from outside: no scripts, links, remote images or fonts
    for bad in ("<script", "<link", "src=\"http", "src='http", "url(http", "@import"):
        assert bad not in page
    assert "font-face" not in page and "<text" not in page          # SVG text drawn as paths


def test_audit_html_without_matplotlib_is_a_one_line_error(archive, tmp_path):
    code = ("import sys; sys.modules['matplotlib'] = None; from mailcheck.frontends.cli import main; "
            "sys.argv = ['mailcheck', 'audit', sys.argv[1], '--html', sys.argv[2]]; main()")
    r = subprocess.run([sys.executable, "-c", code, str(archive), str(tmp_path / "a.html")],
                       capture_output=True, env=_env(tmp_path), timeout=600)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2 and "mailcheck[audit]" in err and "Traceback" not in err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(not CHROMIUM, reason="no chromium on this machine (apt-get install chromium)")
def test_audit_report_renders_in_a_headless_browser(local, tmp_path):
    """Chromium opens the report offline and draws it; the screenshot is kept in
    build/test-artifacts/audit-report.png for a person to look at."""
    _, _, html_path = local
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "audit-report.png"
    if shot.exists():
        shot.unlink()
    r = subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
                        "--window-size=1280,2000", html_path.as_uri()],
                       capture_output=True, timeout=180)
    assert shot.exists(), r.stderr.decode("utf-8", "replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000      # a drawn page, not a blank one
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)


def test_audit_on_a_dask_local_cluster_counts_the_same(archive, local):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    tmp = archive.parent
    r = run(tmp, "audit", archive.name, "--json", "dask.json", "--engine", "dask", "-j", "2",
            "--partition-size", "10")
    assert r.returncode == 2 and "team.mbox:#49 <broken@y.ru>" in r.err
    assert json.loads((tmp / "dask.json").read_text(encoding="utf-8")) == local[1]


def test_audit_option_errors_are_one_line(archive, tmp_path):
    r = run(archive.parent, "audit", archive.name, "--scheduler", "tcp://127.0.0.1:1")
    assert r.returncode == 2 and r.err == "mailcheck: --scheduler: нужен вместе с --engine dask\n"
    r = run(archive.parent, "audit", archive.name, "--json", str(tmp_path / "no" / "such" / "dir.json"))
    assert r.returncode == 2 and r.err.count("\n") >= 1 and "не удалось записать файл" in r.err


def test_dask_partitions_carry_absolute_paths_but_name_letters_as_given(archive, local, monkeypatch):
    """A remote worker's folder is not the client's: partitions hold absolute paths,
    and each letter is still named by the path the user typed (as --engine local does)."""
    from mailcheck.config import Config
    from mailcheck.draft.mailboxes import partitions
    from mailcheck.frontends.audit_dask import lint_partition
    from mailcheck.report.audit import Audit

    monkeypatch.chdir(archive.parent)
    full = str(archive.parent / archive.name)
    labels = {full: archive.name}
    result = Audit()
    for part in partitions([("mbox", full)], 7):
        assert all(src[1] == full for src in part)
        result.merge(lint_partition(part, Config(), (), (), labels))
    assert result.to_json() == local[1]
