"""`mailcheck serve`: /v1/lint, the LanguageTool API, hardening, a real LanguageTool
client against a running server, and a bounded load test on loopback."""
from __future__ import annotations

import importlib.util
import json
import os
import socket
import sys
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the [server] extra (starlette) is not installed")
pytest.importorskip("uvicorn", reason="the [server] extra (uvicorn) is not installed")
pytest.importorskip("httpx", reason="httpx (test extra) is not installed")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
with warnings.catch_warnings():   # starlette 1.x nudges towards httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from mailcheck.frontends import ltapi  # noqa: E402
from mailcheck.frontends.server import _points_at_us, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import load_server  # noqa: E402

BAD_TEXT = "Макет готов, посмотрите."
CLEAN_EML = (ROOT / "corpus" / "002-context-problem-ask-ssl.eml").read_bytes()
FILE_KEYS = {"path", "score", "diagnostics"}
DIAG_KEYS = {"rule", "severity", "message", "line", "column", "end_line", "end_column",
             "offset", "length", "text", "suggestions", "field"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(max_body=64 * 1024), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        yield c


def rules_of(doc) -> set[str]:
    return {d["rule"] for d in doc["diagnostics"]}


# --- /v1/lint -------------------------------------------------------------------

def test_lint_json_answers_the_file_object(client):
    r = client.post("/v1/lint", json={"text": BAD_TEXT})
    assert r.status_code == 200
    doc = r.json()
    assert set(doc) >= FILE_KEYS
    assert doc["diagnostics"] and all(set(d) == DIAG_KEYS for d in doc["diagnostics"])
    assert "greeting.missing" in rules_of(doc)
    assert doc["score"] < 10


def test_lint_json_same_as_library(client):
    import mailcheck

    r = client.post("/v1/lint", json={"text": BAD_TEXT, "path": "draft.txt"})
    assert r.json() == json.loads(json.dumps(mailcheck.lint(BAD_TEXT, path="draft.txt").to_dict()))


def test_lint_rfc822_body(client):
    r = client.post("/v1/lint", content=CLEAN_EML, headers={"Content-Type": "message/rfc822"})
    assert r.status_code == 200
    assert not [d for d in r.json()["diagnostics"] if d["severity"] == "error"]


def test_lint_request_config_select_ignore(client):
    r = client.post("/v1/lint", json={"text": BAD_TEXT, "config": {"rules": {"greeting.missing": "off"}}})
    assert "greeting.missing" not in rules_of(r.json())
    r = client.post("/v1/lint", json={"text": BAD_TEXT, "select": ["greeting"]})
    assert rules_of(r.json()) == {"greeting.missing"}
    r = client.post("/v1/lint", json={"text": BAD_TEXT, "ignore": ["greeting."]})
    assert "greeting.missing" not in rules_of(r.json())


@pytest.mark.parametrize("kwargs, fragment", [
    ({"content": b"{\"text\": ", "headers": {"Content-Type": "application/json"}}, "не JSON"),
    ({"content": b"\xff\xfe{}", "headers": {"Content-Type": "application/json"}}, "кодировке"),
    ({"json": ["text"]}, "JSON-объект"),
    ({"json": {"txt": BAD_TEXT}}, "неизвестное поле"),
    ({"json": {}}, "text"),
    ({"json": {"text": 5}}, "text"),
    ({"json": {"text": BAD_TEXT, "config": {"fail-on": "sometimes"}}}, "fail-on"),
    ({"json": {"text": BAD_TEXT, "config": {"no-such": 1}}}, "no-such"),
    ({"json": {"text": BAD_TEXT, "config": "x"}}, "config"),
    ({"json": {"text": BAD_TEXT, "select": [1]}}, "select"),
    ({"json": {"text": BAD_TEXT, "path": 1}}, "path"),
    ({"json": {"text": "   "}}, "пуст"),
    ({"content": b"x", "headers": {"Content-Type": "image/png"}}, "image/png"),
    ({"content": b"{}"}, "не указан"),
    ({"content": b"\x00\x01\x02" * 50, "headers": {"Content-Type": "message/rfc822"}}, "двоичный"),
])
def test_lint_bad_requests_get_400_json(client, kwargs, fragment):
    r = client.post("/v1/lint", **kwargs)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert fragment in r.json()["error"]


def test_body_limit_declared_and_streamed(client):
    big = json.dumps({"text": "а" * 70_000}).encode()
    r = client.post("/v1/lint", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "error" in r.json()

    def chunks():                     # no Content-Length: chunked transfer
        for _ in range(100):
            yield b"x" * 1024

    r = client.post("/v1/lint", content=chunks(), headers={"Content-Type": "message/rfc822"})
    assert r.status_code == 413
    r = client.post("/v2/check", content=chunks(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_unknown_path_and_method_are_json(client):
    assert client.get("/nope").json()["error"]
    r = client.get("/v1/lint")
    assert r.status_code == 405 and r.json()["error"]


CONTENT_TYPES = ["application/json", "message/rfc822", "text/plain", "application/x-www-form-urlencoded",
                 "multipart/form-data; boundary=xx", "text/plain; charset=koi8-r",
                 "application/json; charset=nope", "", "*/*"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=300),
                      st.text(max_size=200).map(lambda t: t.encode()),
                      st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                                   lambda c: st.lists(c, max_size=3) | st.dictionaries(
                                       st.sampled_from(["text", "config", "data", "language", "x"]),
                                       c, max_size=3), max_leaves=8).map(
                          lambda v: json.dumps(v).encode())),
       ctype=st.sampled_from(CONTENT_TYPES),
       path=st.sampled_from(["/v1/lint", "/v2/check", "/v2/check?language=ru-RU"]))
def test_no_request_gets_a_500(client, body, ctype, path):
    headers = {"Content-Type": ctype} if ctype else {}
    r = client.post(path, content=body, headers=headers)
    assert r.status_code in (200, 400, 413), r.text
    assert isinstance(r.json(), dict)


# --- /v2: the LanguageTool API ------------------------------------------------------

def check(client, **params):
    r = client.post("/v2/check", data=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_languages(client):
    langs = client.get("/v2/languages").json()
    assert {"name", "code", "longCode"} <= set(langs[0])
    assert any(lang["longCode"] == "ru-RU" for lang in langs)


def test_check_match_shape(client):
    doc = check(client, text=BAD_TEXT, language="ru-RU")
    assert doc["language"]["code"] == "ru-RU"
    m = next(m for m in doc["matches"] if m["rule"]["id"] == "greeting.missing")
    assert {"message", "shortMessage", "replacements", "offset", "length", "context", "sentence",
            "rule"} <= set(m)
    assert {"id", "description", "issueType", "category"} <= set(m["rule"])
    assert {"id", "name"} <= set(m["rule"]["category"])
    # an absent greeting is underlined on the first word; the fix inserts it before
    assert (m["offset"], m["length"]) == (0, len("Макет"))
    assert m["replacements"][0]["value"].startswith("Здравствуйте") and m["replacements"][0]["value"].endswith("Макет")
    ctx = m["context"]
    assert ctx["text"][ctx["offset"]:ctx["offset"] + ctx["length"]] == "Макет"


def test_check_get_and_multipart(client):
    a = client.get("/v2/check", params={"text": BAD_TEXT, "language": "ru"}).json()["matches"]
    b = client.post("/v2/check", files={"text": (None, BAD_TEXT), "language": (None, "ru-RU")}).json()["matches"]
    c = check(client, text=BAD_TEXT, language="auto")["matches"]
    assert a == b == c and a


def test_check_offsets_are_utf16_code_units(client):
    text = "😀😀 Коллеги, макет гтов. Посмотрите, пожалуйста."
    matches = check(client, text=text, language="ru-RU")["matches"]
    lint = client.post("/v1/lint", json={"text": text}).json()["diagnostics"]
    assert matches and len(matches) == len(lint)
    def u16(s: str) -> int:
        return len(s.encode("utf-16-le")) // 2

    after = 0
    for m, d in zip(matches, lint):
        if d["length"]:
            assert m["offset"] == u16(text[:d["offset"]])
            assert m["length"] == u16(d["text"])
            units = text.encode("utf-16-le")
            assert units[2 * m["offset"]:2 * (m["offset"] + m["length"])].decode("utf-16-le") == d["text"]
            after += d["offset"] >= 2
    assert after, "a finding after the two emoji, where the offsets differ"


def test_check_annotated_data_maps_to_original_offsets(client):
    data = {"annotation": [
        {"markup": "<p>"}, {"text": "Макет готов,"}, {"markup": "<br/>", "interpretAs": "\n"},
        {"text": "посмотрите."}, {"markup": "</p>"}]}
    original = "<p>Макет готов,<br/>посмотрите.</p>"
    doc = check(client, data=json.dumps(data, ensure_ascii=False), language="ru-RU")
    m = next(m for m in doc["matches"] if m["rule"]["id"] == "greeting.missing")
    assert original[m["offset"]:m["offset"] + m["length"]] == "Макет"
    plain = check(client, text="Макет готов,\nпосмотрите.", language="ru-RU")["matches"]
    assert [x["rule"]["id"] for x in doc["matches"]] == [x["rule"]["id"] for x in plain]


def test_check_rule_and_category_filters(client):
    base = {m["rule"]["id"] for m in check(client, text=BAD_TEXT, language="ru-RU")["matches"]}
    assert "greeting.missing" in base
    without = {m["rule"]["id"] for m in check(client, text=BAD_TEXT, language="ru-RU",
                                               disabledRules="greeting.missing")["matches"]}
    assert without == base - {"greeting.missing"}
    no_cat = {m["rule"]["id"] for m in check(client, text=BAD_TEXT, language="ru-RU",
                                              disabledCategories="GREETING")["matches"]}
    assert not any(r.startswith("greeting.") for r in no_cat)
    only = {m["rule"]["id"] for m in check(client, text=BAD_TEXT, language="ru-RU",
                                            enabledRules="greeting.missing", enabledOnly="true")["matches"]}
    assert only == {"greeting.missing"}


def test_check_other_language_and_paragraph_mode_get_no_matches(client):
    assert check(client, text=BAD_TEXT, language="en-US")["matches"] == []
    english = "Hi Anna, the mockup is ready, please take a look. Спасибо"
    assert check(client, text=english, language="auto")["matches"] == []
    assert check(client, text=BAD_TEXT, language="ru-RU", mode="allButTextLevelOnly")["matches"] == []
    assert check(client, text="  \n", language="ru-RU")["matches"] == []
    assert check(client, text=BAD_TEXT, language="ru-RU", mode="textLevelOnly")["matches"]


@pytest.mark.parametrize("params, fragment", [
    ({"text": BAD_TEXT}, "language"),
    ({"language": "ru-RU"}, "text"),
    ({"language": "ru-RU", "text": "a", "data": "{}"}, "оба"),
    ({"language": "ru-RU", "data": "{oops"}, "data"),
    ({"language": "ru-RU", "data": "[]"}, "annotation"),
    ({"language": "ru-RU", "data": "{\"annotation\": [{\"foo\": 1}]}"}, "элемент 0"),
    ({"language": "ru-RU", "data": "{\"annotation\": [{\"markup\": \"<b>\", \"interpretAs\": 5}]}"}, "interpretAs"),
])
def test_check_bad_requests_get_400_json(client, params, fragment):
    r = client.post("/v2/check", data=params)
    assert r.status_code == 400
    assert fragment in r.json()["error"]


def test_check_wrong_content_type(client):
    r = client.post("/v2/check", json={"text": BAD_TEXT, "language": "ru-RU"})
    assert r.status_code == 400 and "форма" in r.json()["error"]


def test_widen_zero_length():
    assert ltapi._widen("Макет готов", 0, 0) == (0, 5, "before")
    assert ltapi._widen("Макет готов.\n", 13, 13) == (6, 12, "after")
    assert ltapi._widen("Макет готов", 2, 4) == (2, 4, "")


def test_server_will_not_call_itself():
    assert _points_at_us("http://localhost:8081", "127.0.0.1", 8081)
    assert _points_at_us("http://127.0.0.1:8081/v2", "localhost", 8081)
    assert not _points_at_us("http://localhost:8010", "127.0.0.1", 8081)
    assert not _points_at_us("http://lt.example.ru:8081", "127.0.0.1", 8081)
    assert not _points_at_us(None, "127.0.0.1", 8081)


# --- a running `mailcheck serve` ------------------------------------------------------

@pytest.fixture(scope="module")
def served():
    proc, port = load_server.start_server()
    try:
        yield port
    finally:
        err = load_server.stop_server(proc)
        assert "Traceback" not in err, err


def _listening_addresses(port: int) -> set[str]:
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if int(p, 16) == port and state == "0A":         # LISTEN
                out.add(addr)
    return out


def test_serve_binds_loopback_by_default(served):
    addrs = _listening_addresses(served)
    if not addrs:
        pytest.skip("/proc/net/tcp is not available to show the bound address")
    assert addrs == {"0100007F"}                              # 127.0.0.1 only


def test_language_tool_python_client_gets_mailcheck_findings(served):
    if importlib.util.find_spec("language_tool_python") is None:
        pytest.skip("language_tool_python is not installed")
    import language_tool_python

    import mailcheck

    text = "Макет готов 😀, посмотрите."
    tool = language_tool_python.LanguageTool("ru-RU", remote_server=f"http://127.0.0.1:{served}")
    try:
        matches = tool.check(text)
        ids = {m.rule_id for m in matches}
        assert "greeting.missing" in ids
        # the same findings as the library, at the same places: the client turns the
        # server's UTF-16 offsets back into Python ones (the emoji counts 2 there, 1 here);
        # it leaves lengths in UTF-16 units, as LanguageTool's own server sends them
        expected = set()
        for d in mailcheck.lint(text).diagnostics:
            start, end, _ = ltapi._widen(text, d.offset, d.offset + d.length)
            expected.add((d.rule, start, len(text[start:end].encode("utf-16-le")) // 2, d.message))
        assert {(m.rule_id, m.offset, m.error_length, m.message) for m in matches} == expected
        g = next(m for m in matches if m.rule_id == "greeting.missing")
        assert text[g.offset:g.offset + g.error_length] == "Макет"
        assert g.category == "GREETING" and g.message.startswith("Добавьте приветствие")
        assert g.replacements and g.replacements[0].startswith("Здравствуйте")
        corrected = language_tool_python.utils.correct(text, [g])
        assert corrected.startswith("Здравствуйте") and corrected.endswith("Макет готов 😀, посмотрите.")
        tool.disabled_rules = {"greeting.missing"}
        assert "greeting.missing" not in {m.rule_id for m in tool.check(text)}
        tool.disabled_rules = set()
        clean = (ROOT / "corpus" / "001-ack-short-concrete-time.txt").read_text(encoding="utf-8")
        assert not [m for m in tool.check(clean) if m.rule_id in ("greeting.missing", "signature.missing")]
    finally:
        tool.close()


def test_serve_refuses_oversized_body_on_the_wire(served):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    conn.request("POST", "/v1/lint", body=b"x" * (11 * 1024 * 1024),
                 headers={"Content-Type": "message/rfc822"})
    r = conn.getresponse()
    assert r.status == 413 and "error" in json.loads(r.read())
    conn.close()


def test_load_on_loopback(served, capsys):
    # short letters keep this a few seconds; bench/load_server.py runs the corpus drafts
    short = [BAD_TEXT, (ROOT / "corpus" / "001-ack-short-concrete-time.txt").read_text(encoding="utf-8")]
    stats = load_server.run_load("127.0.0.1", served, requests=240, clients=8, time_limit=60, texts=short)
    with capsys.disabled():
        print(f"\nload: {stats['requests']} requests, {stats['clients']} clients, "
              f"errors {stats['errors']}, p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms, "
              f"{stats['rps']} req/s")
    assert stats["errors"] == 0, stats["error_samples"]
    assert stats["requests"] == 240


def test_load_test_refuses_other_hosts():
    with pytest.raises(ValueError):
        load_server.run_load("192.0.2.1", 80, requests=1)


def test_free_port_is_loopback():
    port = load_server.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
    assert os.environ.get("no_such_var") is None


def test_cors_only_when_allowed():
    # issue 10: «*» is refused; only explicit origins (test_server_hardening.py)
    plain = TestClient(create_app(), base_url="http://127.0.0.1")
    r = plain.post("/v2/check", data={"text": BAD_TEXT, "language": "ru"},
                   headers={"Origin": "https://mail.example.ru"})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    cors = TestClient(create_app(allow_origins=["https://mail.example.ru"]), base_url="http://127.0.0.1")
    r = cors.options("/v2/check", headers={"Origin": "https://mail.example.ru",
                                           "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://mail.example.ru"


def test_serve_options_max_body_and_bad_config(tmp_path):
    proc, port = load_server.start_server(extra_args=["--max-body", "4096"])
    try:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/v2/check", body=b"language=ru&text=" + b"a" * 5000,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert conn.getresponse().status == 413
        conn.close()
    finally:
        load_server.stop_server(proc)
    bad = tmp_path / "bad.toml"
    bad.write_text("[mailcheck]\nfail-on = 3\n")
    import subprocess

    p = subprocess.run([sys.executable, "-m", "mailcheck", "serve", "--config", str(bad),
                        "--port", str(load_server.free_port())], capture_output=True, timeout=60)
    err = p.stderr.decode()
    assert p.returncode == 2 and str(bad) in err and "fail-on" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_request_config_cannot_point_languagetool_at_the_server():
    # issue 10 (SSRF): a request may not name any LanguageTool address, this server's or another
    from mailcheck.frontends.server import ApiError

    app = create_app()
    app.state.service.address = ("127.0.0.1", 8081)
    for url in ("http://localhost:8081", "http://localhost:8010"):
        with pytest.raises(ApiError) as e:
            app.state.service._request_config({"languagetool": {"url": url}})
        assert e.value.status == 400 and "languagetool" in e.value.message
