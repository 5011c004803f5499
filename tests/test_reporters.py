"""Reporters: json against tests/schemas/report.schema.json (INTERFACE.md's JSON
report), jsonl (one diagnostic a line, each with its path), sarif against the
official OASIS SARIF 2.1.0 schema, text format details."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from mailcheck.rules.diagnostic import Diagnostic, Report
from mailcheck.report import FORMATS, summary

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "schemas"
REPORT_SCHEMA = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FIXTURE_RULES = ROOT / "tests" / "data" / "fixture_rules"
BOOT = ("import sys, mailcheck.rules.checks as c; c.__path__.append(sys.argv.pop(1)); "
        "from mailcheck.frontends.cli import main; main()")

_URI_REF = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


def validate_report(doc):
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(doc)


def validate_jsonl_line(obj):
    schema = dict(REPORT_SCHEMA, **{"$ref": "#/$defs/diagnostic_with_path"})
    for k in ("type", "required", "properties", "additionalProperties"):
        schema.pop(k, None)
    jsonschema.Draft202012Validator(schema).validate(obj)


def validate_sarif(doc):
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    # the schema's "uri-reference" format is not checked by jsonschema without extras
    for run in doc["runs"]:
        for res in run["results"]:
            for loc in res["locations"]:
                uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                assert _URI_REF.match(uri) and not re.search(r"%(?![0-9A-Fa-f]{2})", uri), uri


def _diag(rule, sev, offset, text, line=1, col=None, field="body", suggestions=()):
    col = col if col is not None else offset + 1
    return Diagnostic(rule=rule, severity=sev, message=f"Сообщение про «{text}».", line=line, column=col,
                      end_line=line, end_column=col + len(text), offset=offset, length=len(text), text=text,
                      suggestions=list(suggestions), field=field)


def _reports():
    a = Report(path="drafts/письмо 1.txt", diagnostics=[
        _diag("style.jargon", "warning", 6, "задеплоили", suggestions=["развернули"]),
        _diag("greeting.missing", "error", 0, ""),
        _diag("subject.vague", "warning", 0, "Вопрос", field="subject"),
        _diag("style.emoji", "suggestion", 20, "😀"),
    ])
    b = Report(path="b.eml", diagnostics=[])
    c = Report(path="-", diagnostics=[_diag("style.slang", "warning", 0, "щас")])
    return [a, b, c]


# ------------------------------------------------------------------- json

def test_json_matches_interface_schema():
    out = FORMATS["json"](_reports())
    doc = json.loads(out)
    validate_report(doc)
    assert doc["summary"] == {"files": 3, "error": 1, "warning": 3, "suggestion": 1}
    assert doc["files"][0]["score"] == round(10 - 2.5 - 1 - 1 - 0.25, 1)
    assert doc["files"][1] == {"path": "b.eml", "score": 10.0, "diagnostics": []}
    assert "задеплоили" in out            # not \u-escaped


def test_json_empty_run_is_valid():
    doc = json.loads(FORMATS["json"]([]))
    validate_report(doc)
    assert doc == {"version": 1, "files": [], "summary": {"files": 0, "error": 0, "warning": 0, "suggestion": 0}}


def test_schema_rejects_what_interface_forbids():
    good = json.loads(FORMATS["json"](_reports()))
    bad_cases = []
    d = json.loads(json.dumps(good)); d["files"][0]["diagnostics"][0]["severity"] = "info"; bad_cases.append(d)
    d = json.loads(json.dumps(good)); del d["files"][0]["diagnostics"][0]["offset"]; bad_cases.append(d)
    d = json.loads(json.dumps(good)); d["files"][0]["diagnostics"][0]["line"] = 0; bad_cases.append(d)
    d = json.loads(json.dumps(good)); d["files"][0]["score"] = 11; bad_cases.append(d)
    d = json.loads(json.dumps(good)); d["version"] = 2; bad_cases.append(d)
    d = json.loads(json.dumps(good)); d["files"][0]["diagnostics"][0]["field"] = "header"; bad_cases.append(d)
    d = json.loads(json.dumps(good)); del d["summary"]["suggestion"]; bad_cases.append(d)
    for bad in bad_cases:
        with pytest.raises(jsonschema.ValidationError):
            validate_report(bad)


def test_summary_counts():
    assert summary(_reports()) == {"files": 3, "error": 1, "warning": 3, "suggestion": 1}


# ------------------------------------------------------------------ jsonl

def test_jsonl_one_diagnostic_a_line_with_path():
    out = FORMATS["jsonl"](_reports())
    lines = out.splitlines()
    assert out.endswith("\n") and len(lines) == 5
    objs = [json.loads(ln) for ln in lines]
    for o in objs:
        validate_jsonl_line(o)
    assert [o["path"] for o in objs] == ["drafts/письмо 1.txt"] * 4 + ["-"]
    assert FORMATS["jsonl"]([Report(path="x", diagnostics=[])]) == ""


# ------------------------------------------------------------------ sarif

def test_official_sarif_schema_is_the_oasis_one():
    assert SARIF_SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert SARIF_SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert {"run", "result", "region", "reportingDescriptor", "toolComponent"} <= set(SARIF_SCHEMA["definitions"])


def test_sarif_valid_and_complete():
    reports = _reports()
    doc = json.loads(FORMATS["sarif"](reports))
    validate_sarif(doc)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == sum(len(r.diagnostics) for r in reports)
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
    body = [r for r in results if r["properties"]["field"] == "body"]
    jargon = next(r for r in body if r["ruleId"] == "style.jargon")
    reg = jargon["locations"][0]["physicalLocation"]["region"]
    assert (reg["charOffset"], reg["charLength"], reg["startLine"], reg["startColumn"]) == (6, 10, 1, 7)
    uris = {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results}
    assert "drafts/письмо 1.txt" in uris


def test_sarif_empty_run_is_valid():
    doc = json.loads(FORMATS["sarif"]([]))
    validate_sarif(doc)
    assert doc["runs"][0]["results"] == []


def test_sarif_with_registered_rules_is_valid():
    from mailcheck.rules.rule import all_rules
    rules = all_rules()
    if not rules:
        pytest.skip("no rules registered yet")
    diags = [_diag(r.id, r.severity, 0, "x") for r in rules]
    doc = json.loads(FORMATS["sarif"]([Report(path="a.txt", diagnostics=diags)]))
    validate_sarif(doc)
    described = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    for r in rules:
        assert described[r.id]["shortDescription"]["text"]


# ------------------------------------------------------------------- text

def test_text_plain_and_colour():
    plain = FORMATS["text"](_reports(), color=False)
    assert "\x1b[" not in plain
    assert "drafts/письмо 1.txt:1:7: warning style.jargon Сообщение про «задеплоили»." in plain
    assert "drafts/письмо 1.txt:subject: warning subject.vague" in plain
    assert "    → замена: «развернули»" in plain
    assert plain.rstrip("\n").splitlines()[-1] == "Найдено: 1 ошибка, 3 предупреждения, 1 совет в 3 файлах."
    coloured = FORMATS["text"](_reports(), color=True)
    assert "\x1b[31merror" in coloured and "\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_text_quiet():
    out = FORMATS["text"](_reports(), quiet=True)
    assert "→" not in out and "Найдено" not in out
    assert len(out.splitlines()) == 5


@pytest.mark.parametrize("n,word", [(1, "файл"), (2, "файла"), (5, "файлов"), (11, "файлов"), (21, "файл"),
                                    (22, "файла")])
def test_text_plural(n, word):
    out = FORMATS["text"]([Report(path=f"{i}.txt", diagnostics=[]) for i in range(n)])
    assert out == f"Замечаний нет ({n} {word}).\n"


# ------------------------------------------------------ through the real CLI

DRAFT = "Добрый день!\n\nОШИБКА здесь.\nВНИМАНИЕ там, СОВЕТ тут.\n"


def _cli(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILCHECK_", "PYTHON"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    r = subprocess.run([sys.executable, "-c", BOOT, str(FIXTURE_RULES), *args], capture_output=True,
                       cwd=tmp_path, env=env, timeout=120)
    assert "Traceback" not in r.stderr.decode()
    return r


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif"])
def test_cli_formats_valid(tmp_path, fmt):
    (tmp_path / "d.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "пробел и кириллица.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "m.eml").write_bytes(("From: a@b.ru\nTo: c@d.ru\nSubject: ТЕМА\n\n" + DRAFT).encode())
    r = _cli(tmp_path, "check", "--select", "fixa", "--select", "fixb", "--format", fmt,
             "d.txt", "m.eml", "пробел и кириллица.txt")
    assert r.returncode == 1
    out = r.stdout.decode("utf-8")
    if fmt == "json":
        doc = json.loads(out)
        validate_report(doc)
        assert doc["summary"] == {"files": 3, "error": 3, "warning": 4, "suggestion": 3}
        for f in doc["files"]:
            for d in f["diagnostics"]:
                if d["field"] == "body":
                    assert DRAFT[d["offset"]:d["offset"] + d["length"]] == d["text"]
    elif fmt == "jsonl":
        objs = [json.loads(ln) for ln in out.splitlines()]
        for o in objs:
            validate_jsonl_line(o)
        assert len(objs) == 10
        assert {o["path"] for o in objs} == {"d.txt", "m.eml", "пробел и кириллица.txt"}
    else:
        doc = json.loads(out)
        validate_sarif(doc)
        assert len(doc["runs"][0]["results"]) == 10
        assert {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]} == {
            "fixa.error", "fixa.warning", "fixb.suggestion", "fixb.subject"}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif"])
def test_cli_formats_valid_when_clean_or_failing(tmp_path, fmt):
    (tmp_path / "ok.txt").write_text("Всё хорошо.\n", encoding="utf-8")
    r = _cli(tmp_path, "check", "--select", "fixa", "--format", fmt, "ok.txt", "missing.txt")
    assert r.returncode == 2
    out = r.stdout.decode()
    if fmt == "json":
        validate_report(json.loads(out))
    elif fmt == "sarif":
        validate_sarif(json.loads(out))
    else:
        assert out == ""


def test_sarif_schema_rejects_invalid_logs():
    good = json.loads(FORMATS["sarif"](_reports()))
    bad = json.loads(json.dumps(good)); bad["runs"][0]["results"][0]["level"] = "suggestion"
    bad2 = json.loads(json.dumps(good)); del bad2["runs"][0]["tool"]["driver"]["name"]
    bad3 = json.loads(json.dumps(good)); bad3["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    bad4 = json.loads(json.dumps(good)); bad4["version"] = "2.0.0"
    for b in (bad, bad2, bad3, bad4):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft4Validator(SARIF_SCHEMA).validate(b)


def test_sarif_uri_percent_encoded():
    from mailcheck.report.sarif import _uri
    assert _uri("drafts/письмо 1.txt") == "drafts/%D0%BF%D0%B8%D1%81%D1%8C%D0%BC%D0%BE%201.txt"
    assert _uri("-") == "stdin" and _uri("<stdin>") == "stdin"
    assert _uri(b"d/bad\xff.txt".decode("utf-8", "surrogateescape")) == "d/bad%FF.txt"


def test_cli_undecodable_file_name(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    with open(os.path.join(os.fsencode(d), b"bad\xff\xfe.txt"), "wb") as f:
        f.write("ОШИБКА тут\n".encode())
    for fmt in ("text", "json", "jsonl", "sarif"):
        r = _cli(tmp_path, "check", "--select", "fixa", "--format", fmt, "d")
        assert r.returncode == 1, (fmt, r.stderr.decode())
        if fmt == "sarif":
            validate_sarif(json.loads(r.stdout))


# ------------------------------------------------------ lines in the file (issue 11)

_EML_8BIT = ("From: a@example.com\nTo: b@example.com\nSubject: =?utf-8?b?0J7Qv9C70LDRgtCw?=\n"
             "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
             "Content-Transfer-Encoding: 8bit\n\n"
             "Здравствуйте, Анна!\n\nОплатить можно на карту 2200 7012 3456 7896 до пятницы.\n\n"
             "С уважением,\nДенис Воронин\n").encode("utf-8")


def _card(report):
    return next(d for d in report.diagnostics if d.rule == "content.sensitive-data")


def test_eml_stored_as_is_points_at_the_files_own_line(tmp_path):
    import mailcheck
    path = tmp_path / "card.eml"
    path.write_bytes(_EML_8BIT)
    rep = mailcheck.lint(_EML_8BIT, path=str(path))
    d = _card(rep)
    file_lines = _EML_8BIT.decode("utf-8").split("\n")
    assert d.line == 3                                  # INTERFACE.md: the decoded body
    assert d.file_line == 10 and "2200" in file_lines[d.file_line - 1]
    assert file_lines[d.file_line - 1][d.file_column - 1:].startswith("2200")
    doc = json.loads(FORMATS["json"]([rep]))
    validate_report(doc)
    jd = next(x for x in doc["files"][0]["diagnostics"] if x["rule"] == "content.sensitive-data")
    assert (jd["line"], jd["file_line"], jd["file_column"]) == (3, 10, d.file_column)
    assert f"card.eml:10:{d.file_column}:" in FORMATS["text"]([rep])
    sarif = json.loads(FORMATS["sarif"]([rep]))
    validate_sarif(sarif)
    region = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "content.sensitive-data")[
        "locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 10 and region["startColumn"] == d.file_column
    whole = _EML_8BIT.decode("utf-8")
    assert whole[region["charOffset"]:region["charOffset"] + region["charLength"]].startswith("2200")


def test_eml_crlf_maps_too():
    import mailcheck
    rep = mailcheck.lint(_EML_8BIT.replace(b"\n", b"\r\n"), path="x.eml")
    assert _card(rep).file_line == 10


def test_base64_body_has_no_file_line():
    import base64
    import mailcheck
    head, body = _EML_8BIT.split(b"\n\n", 1)
    raw = head.replace(b"8bit", b"base64") + b"\n\n" + base64.encodebytes(body)
    rep = mailcheck.lint(raw, path="x.eml")
    d = _card(rep)
    assert d.file_line is None and "file_line" not in d.to_dict()


def test_plain_text_keeps_its_lines_and_adds_nothing():
    import mailcheck
    text = _EML_8BIT.decode("utf-8").split("\n\n", 1)[1]
    d = _card(mailcheck.lint(text, path="x.txt"))
    assert d.file_line is None and "file_line" not in d.to_dict() and d.line == 3


def test_explain_text_uses_the_files_lines_too():
    from click.testing import CliRunner
    from mailcheck.frontends.cli import cli
    path = next((ROOT / "corpus").glob("019-*.eml"))
    lines = path.read_text(encoding="utf-8").split("\n")
    out = CliRunner().invoke(cli, ["check", "--explain", "--no-color", str(path)]).output
    m = re.search(r"контекст (\d+):(\d+): «(.{10})", out)
    assert m, out
    line, col, start = int(m.group(1)), int(m.group(2)), m.group(3)
    assert lines[line - 1][col - 1:].startswith(start), (line, col, start)
    assert ":17:38: error content.sensitive-data" in out


def test_diagnostic_to_dict_is_asdict_in_field_order():
    """to_dict is written out by hand (speed): it must stay asdict's dict, key order
    included, without the file_* keys when they are unset; a field added to
    Diagnostic must be added there too."""
    from dataclasses import asdict

    from mailcheck.rules.diagnostic import Diagnostic

    d = Diagnostic("a.b", "error", "сообщение", 1, 2, 1, 3, 0, 1, "x", ["s"], "subject")
    ref = asdict(d)
    del ref["file_line"], ref["file_column"]
    assert list(d.to_dict().items()) == list(ref.items())
    d.file_line, d.file_column = 5, 6
    assert list(d.to_dict().items()) == list(asdict(d).items())
    assert d.to_dict()["suggestions"] is not d.suggestions


_JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
                 | st.text())
_JSON_KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
_JSON = st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                     | st.dictionaries(_JSON_KEYS, inner, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_the_json_writer_gives_json_dumps_bytes(obj):
    """The report's own writer (the standard library's indent=2 encoder is pure Python,
    ~3× slower) writes exactly what json.dumps(ensure_ascii=False, indent=2) writes."""
    from mailcheck.report.jsonfmt import dumps_indented

    assert dumps_indented(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_the_json_writer_leaves_other_types_to_json():
    import enum
    from collections import OrderedDict

    from mailcheck.report.jsonfmt import dumps_indented

    class N(enum.IntEnum):
        ONE = 1

    for obj in ([N.ONE, 2.5], OrderedDict(a=[1]), {"a": {1.5: "x", None: [], True: {}}}, "\udc82"):
        assert dumps_indented(obj) == json.dumps(obj, ensure_ascii=False, indent=2)
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError):
        dumps_indented(loop)
    with pytest.raises(TypeError):
        dumps_indented({"a": object()})
