"""Build step beside pyproject.toml: the wheel also carries the rule data's TOML
files parsed into one JSON file (`mailcheck.ruledata/_toml_cache.json`), so a
run does not parse TOML at start (issue 15 item 7). The TOML in rules/ stays the
source of truth: each entry keeps the digest of its TOML text and is used only
while they match (mailcheck/data.py, tests/test_ruledata_cache.py)."""
import importlib.util
import json
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class build_py_with_toml_cache(build_py):
    def run(self):
        super().run()
        # mailcheck/data.py imports only the standard library: load it alone, not the package
        spec = importlib.util.spec_from_file_location("_mailcheck_data", os.path.join(HERE, "mailcheck", "data.py"))
        data = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(data)
        target = os.path.join(self.build_lib, "mailcheck", "ruledata")
        if os.path.isdir(target):
            cache = data.build_toml_cache(os.path.join(HERE, "rules"))
            with open(os.path.join(target, data.TOML_CACHE), "w", encoding="utf-8") as f:
                json.dump(cache, f, ensure_ascii=False, separators=(",", ":"))


setup(cmdclass={"build_py": build_py_with_toml_cache})
