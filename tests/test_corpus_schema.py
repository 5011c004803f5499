"""`mailcheck check corpus --format json`, one run over the whole directory: the
output is INTERFACE.md's JSON report for every file, and every body finding's
offsets slice the checked text of its draft (sensitive data is masked instead)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


MASKED_RULES = {"content.sensitive-data"}


def text_agrees(rule: str, actual: str, shown: str) -> bool:
    """`text` is exactly the flagged text — except for findings of sensitive data
    (card numbers, passwords), which must NOT repeat the secret in a report."""
    if rule in MASKED_RULES:
        return shown != actual and "*" in shown
    return shown == actual


def test_corpus_json_report(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILCHECK_", "PYTHON"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    r = subprocess.run([sys.executable, "-m", "mailcheck", "check", "--format", "json", "corpus"],
                       capture_output=True, cwd=ROOT, env=env, timeout=300)
    err = r.stderr.decode("utf-8")
    assert r.returncode in (0, 1), err
    assert "Traceback" not in err
    doc = json.loads(r.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)

    expected = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "corpus").rglob("*")
                      if p.suffix in (".txt", ".eml") and not any(part.startswith(".") for part in p.parts))
    assert sorted(f["path"] for f in doc["files"]) == expected
    assert doc["summary"]["files"] == len(expected)
    counts = {"error": 0, "warning": 0, "suggestion": 0}

    from mailcheck.draft.reader import load
    for f in doc["files"]:
        draft = load((ROOT / f["path"]).read_bytes(), f["path"])
        for d in f["diagnostics"]:
            counts[d["severity"]] += 1
            if d["field"] == "body":
                assert text_agrees(d["rule"], draft.text[d["offset"]:d["offset"] + d["length"]], d["text"]), \
                    (f["path"], d)
    assert {k: doc["summary"][k] for k in counts} == counts
