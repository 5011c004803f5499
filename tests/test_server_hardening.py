"""`mailcheck serve` is closed to the outside (issue 10): lone surrogates, SSRF through
a request's config, DNS rebinding (Host), CORS, slow clients, the lint budget, and the
small gaps (unknown rule in select, a bad Content-Length)."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the [server] extra (starlette) is not installed")
pytest.importorskip("uvicorn", reason="the [server] extra (uvicorn) is not installed")
pytest.importorskip("httpx", reason="httpx (test extra) is not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

import mailcheck  # noqa: E402
from mailcheck.frontends import server as srv  # noqa: E402
from mailcheck.frontends.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import load_server  # noqa: E402

BAD_TEXT = "Макет готов, посмотрите."
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), base_url=LOCAL, raise_server_exceptions=False) as c:
        yield c


# --- lone surrogates ----------------------------------------------------------------

def test_lone_surrogate_in_json_text_is_a_normal_lint(client):
    body = '{"text": "Макет готов\\udc82, посмотрите.", "path": "a\\udc82.txt"}'
    r = client.post("/v1/lint", content=body.encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["path"] == "a\ufffd.txt"


def test_lone_surrogate_in_an_unknown_key_is_a_400(client):
    body = '{"text": "Макет", "\\ud800": 1}'
    r = client.post("/v1/lint", content=body.encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "error" in r.json()


def test_lone_surrogate_in_v2_check_text_and_data(client):
    r = client.post("/v2/check", content=b"language=ru&text=%D0%9C%D0%B0%ED%B2%82+ok",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200
    data = json.dumps({"annotation": [{"text": "Макет готов"}, {"markup": "<b>"},
                                      {"text": "\udc82, посмотрите."}]})
    assert "\\udc82" in data
    r = client.post("/v2/check", data={"language": "ru", "data": data})
    assert r.status_code == 200, r.text
    for m in r.json()["matches"]:
        json.dumps(m, ensure_ascii=False).encode("utf-8")


def test_library_lint_with_lone_surrogates():
    report = mailcheck.lint("Здравствуйте, Анна!\n\nМакет готов\udc82, посмотрите.\n\nИван\n")
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")
    assert "\ufffd" in report.draft.text


# --- SSRF: where LanguageTool lives is server-side only ------------------------------------

@pytest.mark.parametrize("config", [
    {"languagetool": {"url": "http://169.254.169.254/latest"}},
    {"languagetool": {"timeout": 3600}},
    {"mailcheck": {"languagetool": {"url": "http://10.0.0.1:8010"}}},
    {"serve": {"allow-origins": ["https://evil.example"]}},
])
def test_request_config_may_not_make_the_server_connect(client, config, monkeypatch):
    import urllib.request

    def no_calls(*a, **k):
        raise AssertionError("the server tried to connect somewhere")

    monkeypatch.setattr(urllib.request, "urlopen", no_calls)
    r = client.post("/v1/lint", json={"text": BAD_TEXT, "config": config})
    assert r.status_code == 400
    key = "languagetool" if "languagetool" in json.dumps(config) else "serve"
    assert f"«{key}»" in r.json()["error"]


def test_request_config_keeps_the_servers_languagetool():
    from mailcheck.config import Config

    cfg = Config(languagetool_url="http://127.0.0.1:8010", languagetool_timeout=2.0)
    app = create_app(cfg)
    got = app.state.service._request_config({"rules": {"style": "warning"}, "vocabulary": ["Битрикс"]})
    assert (got.languagetool_url, got.languagetool_timeout) == ("http://127.0.0.1:8010", 2.0)
    assert got.rules == {"style": "warning"}


# --- DNS rebinding: Host ---------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8081", "localhost", "localhost:8081", "LOCALHOST.",
                                  "[::1]", "[::1]:8081"])
def test_local_host_names_are_accepted(client, host):
    r = client.get("/v2/healthcheck", headers={"Host": host})
    assert r.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8081", "127.0.0.1.evil.example",
                                  "localhost.evil.example", "10.0.0.5:8081", "testserver"])
def test_other_host_names_are_refused(client, host):
    r = client.post("/v2/check", data={"language": "ru", "text": BAD_TEXT}, headers={"Host": host})
    assert r.status_code == 421
    assert "error" in r.json()


def test_configured_host_is_accepted():
    c = TestClient(create_app(host="192.168.1.5"), base_url="http://192.168.1.5:8081")
    assert c.get("/v2/healthcheck").status_code == 200
    assert c.get("/v2/healthcheck", headers={"Host": "evil.example"}).status_code == 421
    wide = TestClient(create_app(host="0.0.0.0"), base_url="http://0.0.0.0:8081")
    assert wide.get("/v2/healthcheck").status_code == 421    # a wildcard is no name


# --- CORS ------------------------------------------------------------------------------

def test_star_is_refused_everywhere(tmp_path):
    with pytest.raises(ValueError):
        create_app(allow_origins=["*"])
    for bad in ("*", "http://*", "https://*.example.ru", "null", "https://mail.example.ru/"):
        r = subprocess.run([sys.executable, "-m", "mailcheck", "serve", "--port", "1", "--allow-origin", bad],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, (bad, r.stderr)
        assert "--allow-origin" in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    cfg = tmp_path / "m.toml"
    cfg.write_text('[mailcheck.serve]\nallow-origins = ["*"]\n')
    r = subprocess.run([sys.executable, "-m", "mailcheck", "serve", "--port", "1", "--config", str(cfg)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "allow-origins" in r.stderr


def _preflight(c, origin, method="POST"):
    return c.options("/v2/check", headers={"Origin": origin, "Access-Control-Request-Method": method,
                                           "Access-Control-Request-Headers": "content-type"})


def test_cors_explicit_origin_and_preflight():
    c = TestClient(create_app(allow_origins=["chrome-extension://abcdefghijklmnopabcdefghijklmnop"]),
                   base_url=LOCAL)
    ok = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    r = _preflight(c, ok)
    assert r.status_code == 200
    assert r.headers.get_list("access-control-allow-origin") == [ok]
    assert "POST" in r.headers["access-control-allow-methods"]
    r = c.post("/v2/check", data={"language": "ru", "text": BAD_TEXT}, headers={"Origin": ok})
    assert r.headers.get_list("access-control-allow-origin") == [ok]      # exactly one
    # another extension, or a web page, gets no permission
    for other in ("chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "https://evil.example"):
        refused = _preflight(c, other)
        assert refused.status_code == 400 and "error" in refused.json()
        assert "access-control-allow-origin" not in refused.headers
        r = c.post("/v2/check", data={"language": "ru", "text": BAD_TEXT}, headers={"Origin": other})
        assert "access-control-allow-origin" not in r.headers


def test_cors_extension_pattern_only_when_configured():
    plain = TestClient(create_app(), base_url=LOCAL)
    assert "access-control-allow-origin" not in _preflight(plain, "moz-extension://1234-abcd").headers
    c = TestClient(create_app(allow_origins=["moz-extension://*"]), base_url=LOCAL)
    r = _preflight(c, "moz-extension://0f6e9d1c-0000-4a5b-9c3d-123456789abc")
    assert r.headers.get_list("access-control-allow-origin") == ["moz-extension://0f6e9d1c-0000-4a5b-9c3d-123456789abc"]
    assert "access-control-allow-origin" not in _preflight(c, "https://moz-extension.evil.example").headers


def test_cors_from_config(tmp_path):
    from mailcheck.config import load_file

    f = tmp_path / "m.toml"
    f.write_text('[mailcheck.serve]\nallow-origins = ["http://localhost:3000"]\n')
    c = TestClient(create_app(load_file(f)), base_url=LOCAL)
    r = _preflight(c, "http://localhost:3000")
    assert r.headers.get_list("access-control-allow-origin") == ["http://localhost:3000"]


def test_builtin_extension_origins_are_allowed(monkeypatch):
    monkeypatch.setattr(srv, "EXTENSION_ORIGINS", ("chrome-extension://mailcheckmailcheckmailcheckmailch",))
    c = TestClient(create_app(), base_url=LOCAL)
    r = _preflight(c, "chrome-extension://mailcheckmailcheckmailcheckmailch")
    assert r.headers.get_list("access-control-allow-origin") == ["chrome-extension://mailcheckmailcheckmailcheckmailch"]


# --- small gaps ----------------------------------------------------------------------

@pytest.mark.parametrize("key", ["select", "ignore"])
def test_unknown_rule_in_select_is_a_400(client, key):
    r = client.post("/v1/lint", json={"text": BAD_TEXT, key: ["no.such-rule"]})
    assert r.status_code == 400 and "no.such-rule" in r.json()["error"]
    assert client.post("/v1/lint", json={"text": BAD_TEXT, key: ["greeting"]}).status_code == 200


def test_negative_content_length_is_a_json_400(client):
    r = client.post("/v1/lint", content=b'{"text": "x"}',
                    headers={"Content-Type": "application/json", "Content-Length": "-5"})
    assert r.status_code == 400 and "error" in r.json()


# --- the lint budget -------------------------------------------------------------------

def test_a_lint_over_budget_gets_503(monkeypatch):
    def slow(*a, **k):
        time.sleep(1.0)
        raise AssertionError("should have been abandoned")

    app = create_app(lint_timeout=0.2)
    monkeypatch.setattr(app.state.service, "_lint", slow)
    monkeypatch.setattr(app.state.service, "_check_text", slow)
    c = TestClient(app, base_url=LOCAL, raise_server_exceptions=False)
    r = c.post("/v1/lint", json={"text": BAD_TEXT})
    assert r.status_code == 503 and "error" in r.json()
    r = c.post("/v2/check", data={"language": "ru", "text": BAD_TEXT})
    assert r.status_code == 503 and "error" in r.json()


# --- on the wire: slow clients and uvicorn's own 400 ----------------------------------------

@pytest.fixture(scope="module")
def wire():
    proc, port = load_server.start_server(extra_args=["--read-timeout", "1"])
    yield port
    load_server.stop_server(proc)


def _recv_all(s: socket.socket, limit: float = 10.0) -> bytes:
    s.settimeout(limit)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except socket.timeout:
        pass
    return out


def test_slow_headers_are_cut_off(wire):
    s = socket.create_connection(("127.0.0.1", wire))
    start = time.monotonic()
    s.sendall(b"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    try:
        for _ in range(20):
            time.sleep(0.3)
            s.sendall(b"X-Slow: 1\r\n")
    except OSError:
        pass
    _recv_all(s, 5)
    assert time.monotonic() - start < 5
    s.close()


def test_slow_body_gets_408(wire):
    s = socket.create_connection(("127.0.0.1", wire))
    start = time.monotonic()
    s.sendall(b"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: 2400\r\n\r\nlanguage=ru&text=")
    out = b""
    try:
        for _ in range(20):
            time.sleep(0.3)
            s.sendall(b"a")
    except OSError:
        pass
    out = _recv_all(s, 5)
    s.close()
    assert time.monotonic() - start < 8
    assert out.startswith(b"HTTP/1.1 408"), out[:200]
    assert b'"error"' in out


def test_bad_content_length_on_the_wire_is_json(wire):
    s = socket.create_connection(("127.0.0.1", wire))
    s.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Content-Length: abc\r\n\r\n{}")
    out = _recv_all(s, 5)
    s.close()
    assert out.startswith(b"HTTP/1.1 400"), out[:200]
    head, _, body = out.partition(b"\r\n\r\n")
    assert b"application/json" in head
    assert "error" in json.loads(body)


def test_wrong_host_on_the_wire(wire):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", wire, timeout=10)
    conn.request("GET", "/v2/healthcheck", headers={"Host": "evil.example"})
    assert conn.getresponse().status == 421
    conn.close()


def test_the_projects_chromium_extension_is_allowed_without_configuration():
    ext = "chrome-extension://ckepapgmknkajieopignikehdgacmckh"     # fixed by webext/manifest.json's key
    c = TestClient(create_app(), base_url=LOCAL)
    assert _preflight(c, ext).headers.get_list("access-control-allow-origin") == [ext]
