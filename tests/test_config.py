"""Config: discovery (mailcheck.toml up the tree, pyproject.toml [tool.mailcheck],
~/.config, --config) and validation — a bad key or value is one line on stderr
naming the file and the key, exit 2."""
import os
import subprocess
import sys

import pytest

from mailcheck import config as cfgmod
from mailcheck.errors import ConfigError


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILCHECK_", "PYTHON"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    env["HOME"] = str(tmp_path / "home")
    return env


def run(tmp_path, *args, cwd=None, stdin=None):
    r = subprocess.run([sys.executable, "-m", "mailcheck", *args], capture_output=True,
                       input=stdin if stdin is not None else "Добрый день!\n\nВсё готово.\n".encode(),
                       cwd=cwd or tmp_path, env=_env(tmp_path), timeout=120)
    r.out = r.stdout.decode("utf-8")
    r.err = r.stderr.decode("utf-8")
    assert "Traceback" not in r.err, r.err
    assert "внутренняя ошибка" not in r.err, r.err
    return r


def assert_config_error(r, path, *words):
    assert r.returncode == 2, (r.returncode, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert str(path) in lines[0], lines[0]
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert r.out == ""


BAD = [
    ("unknown-key", '[mailcheck]\nfail_on = "error"\n', ["fail_on"]),
    ("unknown-top-table", '[mailchek]\nfail-on = "error"\n', ["mailchek"]),
    ("fail-on-value", '[mailcheck]\nfail-on = "fatal"\n', ["fail-on", "fatal"]),
    ("fail-on-type", '[mailcheck]\nfail-on = 1\n', ["fail-on"]),
    ("domains-type", '[mailcheck]\ncorporate-domains = "example.ru"\n', ["corporate-domains"]),
    ("domains-items", '[mailcheck]\ncorporate-domains = ["example.ru", 5]\n', ["corporate-domains"]),
    ("company-type", '[mailcheck]\ncompany = ["ООО"]\n', ["company"]),
    ("prefix-type", '[mailcheck]\nsubject-prefix = true\n', ["subject-prefix"]),
    ("vocabulary-type", '[mailcheck]\nvocabulary = "Jira"\n', ["vocabulary"]),
    ("jargon-type", '[mailcheck]\njargon-allow = {API = true}\n', ["jargon-allow"]),
    ("rules-type", '[mailcheck]\nrules = "off"\n', ["rules"]),
    ("bad-rule-id", '[mailcheck.rules]\n"style.nosuch" = "off"\n', ["style.nosuch"]),
    ("bad-rule-group", '[mailcheck.rules]\n"nosuchgroup" = "off"\n', ["nosuchgroup"]),
    ("bad-severity", '[mailcheck.rules]\n"greeting" = "fatal"\n', ["greeting", "fatal"]),
    ("severity-type", '[mailcheck.rules]\n"greeting" = 3\n', ["greeting"]),
    ("lt-type", '[mailcheck]\nlanguagetool = "http://x"\n', ["languagetool"]),
    ("lt-url", '[mailcheck.languagetool]\nurl = "ftp://x"\n', ["languagetool.url"]),
    ("lt-key", '[mailcheck.languagetool]\nport = 8081\n', ["languagetool.port"]),
    ("lt-timeout", '[mailcheck.languagetool]\ntimeout = -1\n', ["languagetool.timeout"]),
    ("toml-syntax", '[mailcheck\nfail-on = "error"\n', ["TOML"]),
    ("toml-duplicate", '[mailcheck]\ncompany = "a"\ncompany = "b"\n', ["TOML"]),
    ("not-utf8", '[mailcheck]\ncompany = "\u041e\u041e\u041e"\n', []),
]


@pytest.mark.parametrize("name,text,words", BAD, ids=[b[0] for b in BAD])
def test_bad_config_file(tmp_path, name, text, words):
    p = tmp_path / "team.toml"
    if name == "not-utf8":
        p.write_bytes(text.encode("cp1251"))
    else:
        p.write_text(text, encoding="utf-8")
    assert_config_error(run(tmp_path, "check", "--config", "team.toml"), "team.toml", *words)


@pytest.mark.parametrize("name,text,words", BAD[:6], ids=[b[0] for b in BAD[:6]])
def test_bad_discovered_config_names_its_path(tmp_path, name, text, words):
    (tmp_path / "mailcheck.toml").write_text(text, encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    r = run(tmp_path, "check", cwd=sub)
    assert_config_error(r, tmp_path / "mailcheck.toml", *words)


def test_missing_config_file(tmp_path):
    assert_config_error(run(tmp_path, "check", "--config", "nope.toml"), "nope.toml", "не найден")


def test_config_is_a_directory(tmp_path):
    (tmp_path / "cfgdir").mkdir()
    assert_config_error(run(tmp_path, "check", "--config", "cfgdir"), "cfgdir")


def test_config_error_before_reading_input(tmp_path):
    (tmp_path / "mailcheck.toml").write_text("[mailcheck]\nbogus = 1\n", encoding="utf-8")
    r = run(tmp_path, "check", "missing.txt")
    assert_config_error(r, "mailcheck.toml", "bogus")


# ------------------------------------------------------------ discovery

GOOD = '[mailcheck]\nfail-on = "never"\n'


def test_discovered_in_parent(tmp_path):
    (tmp_path / "mailcheck.toml").write_text(GOOD, encoding="utf-8")
    sub = tmp_path / "x" / "y"
    sub.mkdir(parents=True)
    found = cfgmod.discover(sub)
    assert found == tmp_path / "mailcheck.toml"


def test_pyproject_tool_mailcheck(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.mailcheck]\nfail-on = "never"\n'
                                             'company = "ООО «Пример»"\n', encoding="utf-8")
    assert cfgmod.discover(tmp_path) == tmp_path / "pyproject.toml"
    cfg = cfgmod.load_file(tmp_path / "pyproject.toml")
    assert cfg.fail_on == "never" and cfg.company == "ООО «Пример»"


def test_pyproject_without_tool_mailcheck_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    found = cfgmod.discover(tmp_path / "sub")
    assert found is None or tmp_path not in found.parents


def test_mailcheck_toml_wins_over_pyproject_in_same_dir(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mailcheck]\nfail-on = "warning"\n', encoding="utf-8")
    (tmp_path / "mailcheck.toml").write_text(GOOD, encoding="utf-8")
    assert cfgmod.discover(tmp_path) == tmp_path / "mailcheck.toml"


def test_nearest_wins(tmp_path):
    (tmp_path / "mailcheck.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "pyproject.toml").write_text('[tool.mailcheck]\nfail-on = "warning"\n', encoding="utf-8")
    assert cfgmod.discover(tmp_path / "proj") == tmp_path / "proj" / "pyproject.toml"


@pytest.mark.parametrize("name,text,words", [
    ("unknown-key", '[tool.mailcheck]\nfailon = "x"\n', ["failon"]),
    ("bad-value", '[tool.mailcheck]\nfail-on = "x"\n', ["fail-on"]),
    ("bad-rule", '[tool.mailcheck.rules]\n"nosuch.rule" = "off"\n', ["nosuch.rule"]),
])
def test_bad_pyproject_section(tmp_path, name, text, words):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + text, encoding="utf-8")
    assert_config_error(run(tmp_path, "check"), "pyproject.toml", *words)


def test_broken_pyproject_is_not_ours(tmp_path):
    # a pyproject.toml that is not valid TOML is another tool's problem: mailcheck skips it
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    r = run(tmp_path, "check")
    assert r.returncode in (0, 1)


def test_pyproject_via_config_option_without_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert_config_error(run(tmp_path, "check", "--config", "pyproject.toml"), "pyproject.toml", "tool.mailcheck")


def test_user_config(tmp_path):
    d = tmp_path / "xdg" / "mailcheck"
    d.mkdir(parents=True)
    (d / "config.toml").write_text("[mailcheck]\nbogus = 1\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    assert_config_error(run(tmp_path, "check", cwd=work), str(d / "config.toml"), "bogus")


def test_explicit_config_wins_over_discovered(tmp_path):
    (tmp_path / "mailcheck.toml").write_text("[mailcheck]\nbogus = 1\n", encoding="utf-8")
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    r = run(tmp_path, "check", "--config", "good.toml")
    assert r.returncode == 0


def test_empty_config_is_defaults(tmp_path):
    (tmp_path / "mailcheck.toml").write_text("", encoding="utf-8")
    cfg = cfgmod.load_file(tmp_path / "mailcheck.toml")
    assert cfg.fail_on == "error" and cfg.rules == {}


# ------------------------------------------------------------ values

def test_full_config_values(tmp_path):
    p = tmp_path / "mailcheck.toml"
    p.write_text('[mailcheck]\nfail-on = "warning"\ncorporate-domains = ["@Example.RU", "ex.com"]\n'
                 'company = "ООО «Пример»"\nsubject-prefix = "[Пример]"\nvocabulary = ["Битрикс24", "Jira"]\n'
                 'jargon-allow = ["API"]\n\n[mailcheck.rules]\n"greeting" = "off"\n\n'
                 '[mailcheck.languagetool]\nurl = "http://localhost:8081"\ntimeout = 2\n', encoding="utf-8")
    from mailcheck.rules.rule import is_known
    cfg = cfgmod.load_file(p, is_known)
    assert cfg.fail_on == "warning"
    assert cfg.corporate_domains == ("example.ru", "ex.com")
    assert cfg.company == "ООО «Пример»" and cfg.subject_prefix == "[Пример]"
    assert cfg.vocabulary == {"битрикс24", "jira"} and cfg.jargon_allow == {"api"}
    assert cfg.rules == {"greeting": "off"}
    assert cfg.languagetool_url == "http://localhost:8081" and cfg.languagetool_timeout == 2.0
    assert cfg.severity_for("greeting.missing", "error") == "off"
    assert cfg.source == str(p)


def test_severity_for_prefers_exact_then_nearest_group():
    cfg = cfgmod.from_dict({"rules": {"style": "suggestion", "style.jargon": "error"}})
    assert cfg.severity_for("style.jargon", "warning") == "error"
    assert cfg.severity_for("style.emoji", "warning") == "suggestion"
    assert cfg.severity_for("greeting.missing", "error") == "error"


def test_lint_with_dict_config():
    import mailcheck
    with pytest.raises(ConfigError) as e:
        mailcheck.lint("Добрый день!\n", config={"bogus": 1})
    assert "bogus" in str(e.value)
    with pytest.raises(ConfigError):
        mailcheck.lint("Добрый день!\n", config={"mailcheck": {"rules": {"nosuch.rule": "off"}}})
    rep = mailcheck.lint("Добрый день!\n", config={"mailcheck": {"fail-on": "never"}})
    assert rep.diagnostics is not None
