"""`mailcheck serve`'s web page over HTTP, without a browser (issue 13).

The page itself is driven in a real Chromium by tests/browser/test_page.py;
here: what the server answers for it, and that other clients see no change.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the [server] extra (starlette) is not installed")
pytest.importorskip("httpx", reason="httpx (test extra) is not installed")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from mailcheck.frontends.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
DRAFT = "Привет, мы задеплоили отчёт!!!\n"
EML = ("From: =?utf-8?b?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@example.ru>\r\n"
       "To: anna@client.ru\r\nSubject: =?utf-8?b?0J7RgtGH0ZHRgg==?=\r\nMIME-Version: 1.0\r\n"
       "Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").encode() \
    + "Добрый день, Анна!\r\nМы задеплоили отчёт.\r\n".encode("koi8-r")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def test_root_is_the_page_with_the_stable_hooks(client):
    r = client.get("/", headers={"accept": "text/html,*/*"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<textarea id="draft"' in r.text and '<button id="check"' in r.text
    assert 'lang="ru"' in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    # nothing from elsewhere: every src/href is local
    import re
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert refs and all(not x.startswith(("http:", "https:", "//")) for x in refs), refs


def test_root_still_answers_json_to_an_api_client(client):
    r = client.get("/", headers={"accept": "application/json"})
    assert r.json()["name"] == "mailcheck" and "POST /v1/lint" in r.json()["endpoints"]


@pytest.mark.parametrize("name,ctype", [("app.js", "javascript"), ("app.css", "text/css")])
def test_static_files(client, name, ctype):
    r = client.get(f"/static/{name}")
    assert r.status_code == 200 and ctype in r.headers["content-type"]
    assert client.get("/static/../server.py").status_code == 404


def test_lint_answer_is_unchanged_without_the_extras(client):
    import jsonschema

    r = client.post("/v1/lint", json={"text": DRAFT})
    body = r.json()
    assert "parts" not in body and "draft" not in body
    assert all("fix" not in d for d in body["diagnostics"])
    jsonschema.validate({"version": 1, "files": [body], "summary": {"files": 1, "error": 0, "warning": 0,
                                                                    "suggestion": 0}}, SCHEMA)


def test_explain_adds_parts_and_safe_fixes(client):
    body = client.post("/v1/lint", json={"text": DRAFT, "explain": True}).json()
    assert isinstance(body["parts"], list)
    fixes = {d["rule"]: d.get("fix") for d in body["diagnostics"]}
    assert fixes["style.jargon"] == "развернули"
    assert fixes["style.exclamations"] == "!"
    for d in body["diagnostics"]:
        if "fix" in d:
            assert d["field"] == "body"
            assert DRAFT[d["offset"]:d["offset"] + d["length"]] == d["text"]


def test_draft_of_a_raw_message(client):
    r = client.post("/v1/lint?draft=true", content=EML, headers={"content-type": "message/rfc822"})
    d = r.json()["draft"]
    assert d == {"subject": "Отчёт", "from": "Иван Петров <ivan@example.ru>", "to": ["anna@client.ru"],
                 "text": "Добрый день, Анна!\nМы задеплоили отчёт.\n"}
    for diag in r.json()["diagnostics"]:
        if diag["field"] == "body":
            assert d["text"][diag["offset"]:diag["offset"] + diag["length"]] == diag["text"]


def test_a_message_typed_into_the_page_keeps_body_offsets(client):
    """The page sends From/To/Subject as headers before the body it shows: offsets count in that body."""
    body = "Добрый день Анна!\n\nМы задеплоили отчёт.\n"
    src = ("From: Иван Петров <ivan@example.ru>\nTo: Анна <anna@client.ru>\nSubject: Отчёт\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body)
    out = client.post("/v1/lint", json={"text": src, "explain": True, "draft": True}).json()
    assert out["draft"]["text"] == body
    found = [d for d in out["diagnostics"] if d["field"] == "body" and d["length"]]
    assert found and all(body[d["offset"]:d["offset"] + d["length"]] == d["text"] for d in found)


def test_extras_must_be_true_or_absent(client):
    assert client.post("/v1/lint", json={"text": DRAFT, "explain": "yes"}).json().get("parts") is None
    assert client.post("/v1/lint", json={"text": DRAFT, "nonsense": True}).status_code == 400


def test_rule_pages(client):
    r = client.get("/rules/style.jargon")
    assert r.status_code == 200 and "<h2>style.jargon" in r.text and "<h3>Что делает</h3>" in r.text
    assert "<pre>" in r.text
    r = client.get("/rules/")
    assert r.status_code == 200 and 'href="/rules/style.jargon"' in r.text
    r = client.get("/rules/<script>")
    assert r.status_code == 404 and "<script>" not in r.text and "Нет такого правила" in r.text
