"""The offline speller, the `spelling` rule's context phrases, and the
optional LanguageTool backend (against a loopback server started here)."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings, strategies as st

import mailcheck
from mailcheck.rules import languagetool
from mailcheck.language import speller


@pytest.mark.parametrize("word", ["видеосвязи", "маркетплейсе", "онлайн-встрече", "чек-листы",
                                  "как-то", "кое-что", "бизнес-процессы", "еще", "ещё", "суперзадача"])
def test_known_words(word):
    assert speller.default().status(word) == "known"


@pytest.mark.parametrize("wrong,right", [
    ("извените", "извините"), ("пожалуста", "пожалуйста"), ("вообщем", "в общем"),
    ("сдесь", "здесь"), ("востановили", "восстановили"), ("незнаю", "не знаю"),
    ("както", "как-то"), ("обезательно", "обязательно"), ("коментарий", "комментарий"),
    ("будующем", "будущем"), ("учавствовал", "участвовал"), ("отправте", "отправьте"),
])
def test_first_suggestion(wrong, right):
    v = speller.default().check(wrong)
    assert v is not None and v.confident and v.suggestions[0] == right, v


@pytest.mark.parametrize("word,initial", [
    ("Кузнецов", False), ("Сдесьев", False), ("ООО", True), ("ТЗ", False), ("Jira", False),
    ("пофиг", False), ("нахрен", False),
])
def test_left_alone(word, initial):
    assert speller.judge(word, initial) is None


def test_user_vocabulary():
    sp = speller.Speller(["Ламбдокс"])
    assert sp.status("ламбдокса") == "known"


def _phrase_examples(kind):
    for i, ph in enumerate(speller.phrases()):
        for text in ph.get(kind, ()):
            yield pytest.param(text, ph["replace"], id=f"{ph.get('lemma') or ' '.join(ph['match'])}-{kind}-{text[:20]}")


@pytest.mark.parametrize("text,replace", list(_phrase_examples("flag")))
def test_phrase_flags(text, replace):
    found = speller.check_text(text)
    assert found, text


@pytest.mark.parametrize("text,replace", list(_phrase_examples("pass")))
def test_phrase_passes(text, replace):
    assert speller.check_text(text) == [], text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕКМСТ -,.«»!?", max_size=80))
def test_findings_point_at_their_words(text):
    for f in speller.check_text(text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.word


DRAFT = ("Здравствуйте!\n\nИзвените за задержку. Мы поговорили с клиентом и ждем "
         "ответа в течении двух дней.\n\nС уважением,\nИван Петров\nменеджер\n"
         "Веб-студия «Кварта»\n+7 (812) 555-34-30")


class _LT(BaseHTTPRequestHandler):
    delay = 0.0
    last_text = ""

    def log_message(self, *a):
        pass

    def _send(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/v2/languages"):
            self._send([{"name": "Russian", "code": "ru", "longCode": "ru-RU"}])
        else:
            self.send_error(404)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(n).decode())
        text = form["text"][0]
        type(self).last_text = text
        time.sleep(self.delay)
        if not self.path.startswith("/v2/check"):
            self.send_error(404)
            return
        matches = []

        def match(word, rule_id, issue, msg, repl, cat="GRAMMAR"):
            off = text.index(word)
            matches.append({"message": msg, "shortMessage": "", "offset": off, "length": len(word),
                            "replacements": [{"value": r} for r in repl],
                            "context": {"text": text, "offset": off, "length": len(word)},
                            "sentence": text,
                            "rule": {"id": rule_id, "description": msg, "issueType": issue,
                                     "category": {"id": cat, "name": cat}}})
        match("Извените", "MORFOLOGIK_RULE_RU_RU", "misspelling", "Опечатка", ["Извините"], "TYPOS")
        match("ждем", "MORFOLOGIK_RULE_RU_RU", "misspelling", "Опечатка", ["ждём"], "TYPOS")
        match("поговорили с", "RU_TEST_RULE", "grammar", "Проверьте согласование", ["поговорили со"])
        self._send({"software": {"name": "LanguageTool"}, "language": {"code": "ru-RU"},
                    "matches": matches})


@pytest.fixture
def lt_server(monkeypatch):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _LT)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    languagetool._down.clear()
    languagetool._clients.clear()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    _LT.delay = 0.0
    languagetool._down.clear()
    languagetool._clients.clear()


def test_languagetool_matches(lt_server):
    report = mailcheck.lint(DRAFT, config={"languagetool": {"url": lt_server}})
    rules = [(d.rule, d.text) for d in report.diagnostics]
    assert ("grammar.RU_TEST_RULE", "поговорили с") in rules
    g = next(d for d in report.diagnostics if d.rule == "grammar.RU_TEST_RULE")
    assert g.suggestions == ["поговорили со"] and g.message == "Проверьте согласование"
    # the offline speller already has «Извените»: no duplicate from LanguageTool
    assert sum(1 for r in rules if r == ("spelling", "Извените")) == 1
    assert ("spelling", "ждем") in rules
    assert not report.notes


INLINE = ("Здравствуйте!\n\n> Когда будет ответ?\nИзвените за задержку. Мы поговорили с клиентом.\n\n"
          "> А сроки?\nТеперь ждем ответа в течении двух дней.\n\nС уважением,\nИван Петров\nменеджер\n"
          "Веб-студия «Кварта»\n+7 (812) 555-34-30")


def test_languagetool_gets_every_answer_between_quotes(lt_server):
    report = mailcheck.lint(INLINE, config={"languagetool": {"url": lt_server}})
    sent = _LT.last_text
    assert "Когда будет ответ" not in sent and "А сроки" not in sent      # quotes stay home
    assert "Извените" in sent and "ждем" in sent and "Иван Петров" not in sent
    text = report.draft.text
    for d in report.diagnostics:
        if d.rule.startswith("grammar.") or d.rule == "spelling":
            assert text[d.offset:d.offset + d.length] == d.text      # offsets mapped back
    assert ("grammar.RU_TEST_RULE", "поговорили с") in [(d.rule, d.text) for d in report.diagnostics]
    assert ("spelling", "ждем") in [(d.rule, d.text) for d in report.diagnostics]


def test_languagetool_env(lt_server, monkeypatch):
    monkeypatch.setenv("MAILCHECK_LANGUAGETOOL_URL", lt_server)
    report = mailcheck.lint(DRAFT)
    assert any(d.rule.startswith("grammar.") for d in report.diagnostics)


def test_languagetool_down():
    languagetool._down.clear()
    report = mailcheck.lint(DRAFT, config={"languagetool": {"url": "http://127.0.0.1:9"}})
    assert any(d.rule == "spelling" for d in report.diagnostics)
    assert not any(d.rule.startswith("grammar.") for d in report.diagnostics)
    assert len(report.notes) == 1 and "LanguageTool" in report.notes[0]
    languagetool._down.clear()


def test_languagetool_slow(lt_server):
    _LT.delay = 3.0
    t = time.monotonic()
    report = mailcheck.lint(DRAFT, config={"languagetool": {"url": lt_server, "timeout": 0.5}})
    assert time.monotonic() - t < 2.5
    assert any(d.rule == "spelling" for d in report.diagnostics)
    assert len(report.notes) == 1


def test_languagetool_cli_exit_code(tmp_path):
    import os
    import subprocess
    import sys

    f = tmp_path / "ok.txt"
    f.write_text("Здравствуйте, Анна!\n\nМакет готов, посмотрите его до среды.\n\nС уважением,\n"
                 "Иван Петров\nменеджер\nВеб-студия «Кварта»\n+7 (812) 555-34-30\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MAILCHECK_LANGUAGETOOL_URL"}
    run = lambda e: subprocess.run([sys.executable, "-m", "mailcheck", "check", str(f)],
                                   capture_output=True, text=True, env=e, timeout=60)
    off = run(env)
    down = run({**env, "MAILCHECK_LANGUAGETOOL_URL": "http://127.0.0.1:9"})
    assert down.returncode == off.returncode
    assert down.stdout == off.stdout
    assert len([ln for ln in down.stderr.splitlines() if "LanguageTool" in ln]) == 1


def test_web_unknown_words_precision():
    """Hand-labelled web words the dictionary lacks (tests/data/spelling_web_unknown.tsv):
    right words (names, brands, slang, abbreviations, «ооочень») are rarely given a
    confident correction, and confident corrections are mostly exactly right."""
    import importlib.util
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("probe", root / "scripts" / "probe_unknown_words.py")
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    r = probe.score_labelled(probe.load_labelled(root / "tests" / "data" / "spelling_web_unknown.tsv"))
    assert r["ok"] >= 300 and r["typo"] >= 30
    assert r["ok_confident"] / r["ok"] <= 0.03, r["wrong"]
    assert r["precision"] >= 0.8, r["wrong"]
    assert r["typo_caught"] / r["typo"] >= 0.8


@pytest.mark.parametrize("word", ["ооочень", "дааа", "оочень", "тц", "жк"])
def test_emphasis_and_abbreviations_left_alone(word):
    assert speller.judge(word, False) is None
