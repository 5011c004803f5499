"""The package shows the pipeline: input -> Draft -> language layer -> rules ->
report -> front ends. The import directions are an import-linter `layers`
contract in pyproject.toml; this test runs it, and keeps modules small."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "mailcheck"


def test_import_directions_follow_the_pipeline():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    r = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


def test_few_modules_at_the_top_and_subpackages_by_stage():
    top = sorted(p.name for p in PKG.glob("*.py"))
    assert len(top) <= 10, top
    subpackages = {p.name for p in PKG.iterdir() if (p / "__init__.py").exists()}
    assert {"draft", "language", "rules", "report", "frontends"} <= subpackages
    assert (PKG / "language" / "speller" / "__init__.py").exists()


def test_no_module_over_700_lines_and_speller_parts_small():
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in PKG.rglob("*.py")}
    assert not {k: v for k, v in sizes.items() if v > 700}
    speller = {k: v for k, v in sizes.items() if "/speller/" in k}
    assert len(speller) >= 4
    assert not {k: v for k, v in speller.items() if v > 450}, speller
