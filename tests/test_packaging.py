"""A NON-editable install works: the wheel carries every rules/ data file as
`mailcheck.ruledata`, and an installed mailcheck finds it through
importlib.resources from outside the checkout.

The wheel is built offline (`pip wheel --no-deps --no-build-isolation
--no-index`) from a copy of the sources, installed into a fresh venv; the
runtime dependencies come from the dev environment's site-packages through a
.pth file (that directory's own .pth files — the editable install — are not
processed, so the checkout stays invisible)."""
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _can_build_wheels() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    if (major, minor) >= (70, 1):
        return True                      # bdist_wheel is part of setuptools
    try:
        import wheel  # noqa: F401
        return True
    except ImportError:
        return False


pytestmark = pytest.mark.skipif(not _can_build_wheels(),
                                reason="setuptools>=70.1 (or the wheel package) needed to build offline")


def _env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "MAILCHECK_", "VIRTUAL_ENV", "PIP_"))}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pkg")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "*.tmp")
    for name in ("mailcheck", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    dist = tmp / "dist"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                        "-v", "-w", str(dist), str(src)], capture_output=True, text=True, env=_env(), timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    build_log = r.stdout + r.stderr
    wheels = list(dist.glob("mailcheck-*.whl"))
    assert len(wheels) == 1

    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index",
                        "-q", str(wheels[0])], capture_output=True, text=True, env=_env(), timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    dev_site = sysconfig.get_paths()["purelib"]
    Path(site, "zz_dev_dependencies.pth").write_text(dev_site + "\n", encoding="utf-8")
    work = tmp / "elsewhere"
    work.mkdir()
    return {"wheel": wheels[0], "python": py, "bin": env_dir / "bin", "site": Path(site), "cwd": work,
            "build_log": build_log}


def _run(inst, *args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, cwd=inst["cwd"],
                          env=_env(XDG_CONFIG_HOME=str(inst["cwd"] / "xdg")), timeout=180, **kw)


def test_wheel_ships_every_rules_file(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    data_files = [p for p in (ROOT / "rules").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".tmp")]
    assert data_files
    missing = [str(p.relative_to(ROOT)) for p in data_files
               if "mailcheck/ruledata/" + p.relative_to(ROOT / "rules").as_posix() not in names]
    assert not missing, f"rules files left out of the wheel (add their suffix to package-data): {missing}"
    assert not any(n.startswith(("rules/", "tests/", "corpus/")) for n in names)


def test_wheel_carries_the_parsed_rule_data(installed):
    """setup.py writes the TOML rule data parsed into one JSON file; the installed
    package reads it (the same data, tests/test_ruledata_cache.py) instead of parsing TOML."""
    with zipfile.ZipFile(installed["wheel"]) as z:
        cache = json.loads(z.read("mailcheck/ruledata/_toml_cache.json"))
    assert "signoff.toml" in cache and "structure/parts.toml" in cache
    r = _run(installed, str(installed["python"]), "-c",
             "import mailcheck.data as d; d.load_toml('signoff.toml'); d.load_toml('style/tone.toml'); "
             "print(len(d._toml_cache()))")
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == len(cache)


def test_installed_package_is_not_the_checkout(installed):
    r = _run(installed, str(installed["python"]), "-c",
             "import mailcheck, mailcheck.ruledata as rd, importlib.resources as ir; "
             "print(mailcheck.__file__); print(ir.files(rd))")
    assert r.returncode == 0, r.stderr
    mod_file, data_dir = r.stdout.split("\n")[:2]
    assert str(installed["site"]) in mod_file and str(ROOT) not in mod_file
    assert str(installed["site"]) in data_dir


def test_rule_data_through_importlib_resources(installed):
    r = _run(installed, str(installed["python"]), "-c",
             "import json, mailcheck.data as d; print(json.dumps(d.load_toml('signoff.toml'), ensure_ascii=False))")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert "с уважением" in data["formal"]


def test_every_rule_has_its_examples_when_installed(installed):
    r = _run(installed, str(installed["python"]), "-c",
             "from mailcheck.rules.rule import all_rules; "
             "print(sum(1 for r in all_rules() if len(r.examples()['flag']) >= 2), len(all_rules()))")
    assert r.returncode == 0, r.stderr
    documented, total = map(int, r.stdout.split())
    assert documented == total


def test_version(installed):
    import mailcheck
    r = _run(installed, str(installed["python"]), "-m", "mailcheck", "--version")
    assert r.returncode == 0, r.stderr
    assert mailcheck.__version__ in r.stdout


def test_check_a_corpus_file_with_the_installed_script(installed):
    target = installed["cwd"] / "draft.eml"
    shutil.copy(ROOT / "corpus" / "004-reply-gmail-quote-jargon.txt", installed["cwd"] / "draft.txt")
    shutil.copy(ROOT / "corpus" / "007-estimate-range-cp1251.eml", target)
    r = _run(installed, str(installed["bin"] / "mailcheck"), "check", "--format", "json", "draft.txt", "draft.eml")
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    doc = json.loads(r.stdout)
    assert [f["path"] for f in doc["files"]] == ["draft.txt", "draft.eml"]


def test_build_prints_no_packaging_warning(installed):
    """setuptools warns about data folders that are not packages and about a
    licence table instead of an SPDX string; pip's own notes about its index
    locations are not the build's."""
    warnings = [line.strip() for line in installed["build_log"].splitlines()
                if re.search(r"warn", line, re.I) and "Location" not in line]
    assert not warnings, "\n".join(warnings)


def test_every_package_folder_is_listed():
    """pyproject's explicit package list covers every folder with code or rule data."""
    import tomllib
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "mailcheck").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and any(p.glob("*.py"))}
    on_disk |= {"mailcheck.ruledata" + "".join("." + x for x in p.relative_to(ROOT / "rules").parts)
                for p in [ROOT / "rules", *(ROOT / "rules").rglob("*")] if p.is_dir() and p.name != "__pycache__"}
    assert on_disk <= listed, sorted(on_disk - listed)


@pytest.mark.parametrize("args", [
    ["-m", "mailcheck", "check", "--format", "json", "corpus/011-jargon-deploy-status.eml"],
    ["-c", "import mailcheck; r = mailcheck.lint('Привет, задеплоили.'); print(len(r.diagnostics))"],
])
def test_runs_from_inside_the_checkout_after_a_regular_install(installed, args):
    """The checkout's `mailcheck/` shadows the installed package when Python runs
    from the checkout; the rule data is then read from `rules/` beside it."""
    r = subprocess.run([str(installed["python"]), *args], capture_output=True, text=True, cwd=ROOT,
                       env=_env(XDG_CONFIG_HOME=str(installed["cwd"] / "xdg")), timeout=180)
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr and "No module named" not in r.stderr
    assert r.stdout.strip()


def test_wheel_ships_the_web_page(installed):
    """`mailcheck serve`'s page (issue 13) is package data: every static file is in the wheel."""
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    static = [p for p in (ROOT / "mailcheck" / "frontends" / "static").iterdir() if p.is_file()]
    assert {p.name for p in static} >= {"index.html", "app.js", "app.css"}
    missing = [p.name for p in static if f"mailcheck/frontends/static/{p.name}" not in names]
    assert not missing, missing
