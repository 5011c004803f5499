"""Configuration: discovery, validation, defaults (see INTERFACE.md, «Config»).

Found in this order: `--config FILE`; `mailcheck.toml` in the current
directory or a parent (or `[tool.mailcheck]` in a `pyproject.toml` there);
`$XDG_CONFIG_HOME/mailcheck/config.toml` (default `~/.config/…`).
Unknown keys and bad values are errors naming the key and the file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mailcheck.errors import ConfigError

SEVERITIES = ("error", "warning", "suggestion")
LEVELS = SEVERITIES + ("never",)
RULE_VALUES = SEVERITIES + ("off",)


@dataclass
class Config:
    fail_on: str = "error"
    corporate_domains: tuple[str, ...] = ()
    company: str | None = None
    subject_prefix: str | None = None
    vocabulary: frozenset[str] = frozenset()
    jargon_allow: frozenset[str] = frozenset()
    rules: dict[str, str] = field(default_factory=dict)
    languagetool_url: str | None = None
    languagetool_timeout: float = 5.0
    template: bool = False      # lint template files: placeholders stand for the words they replace
    allow_origins: tuple[str, ...] = ()     # [mailcheck.serve] allow-origins: CORS for `mailcheck serve`
    source: str | None = None

    def severity_for(self, rule_id: str, default: str) -> str:
        """The severity configured for a rule (exact id, then its group prefixes), or the default."""
        if rule_id in self.rules:
            return self.rules[rule_id]
        parts = rule_id.split(".")
        for k in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:k])
            for key in (prefix + ".", prefix):
                if key in self.rules:
                    return self.rules[key]
        return default

    @property
    def effective_languagetool_url(self) -> str | None:
        return os.environ.get("MAILCHECK_LANGUAGETOOL_URL") or self.languagetool_url


def _str_list(value, key: str, src: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(src, f"ключ «{key}»: нужен список строк")
    return tuple(value)


def _str(value, key: str, src: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(src, f"ключ «{key}»: нужна строка")
    return value


def from_dict(table: dict, source: str = "<config>", known_rule=None) -> Config:
    """Validate a `[mailcheck]` table (as parsed from TOML, or given to `lint`)."""
    if not isinstance(table, dict):
        raise ConfigError(source, "настройки должны быть таблицей [mailcheck]")
    cfg = Config(source=source)
    for key, value in table.items():
        if key == "fail-on":
            if value not in LEVELS:
                raise ConfigError(source, f"ключ «fail-on»: «{value}» — допустимо: {', '.join(LEVELS)}")
            cfg.fail_on = value
        elif key == "corporate-domains":
            cfg.corporate_domains = tuple(d.lower().lstrip("@") for d in _str_list(value, key, source))
        elif key == "company":
            cfg.company = _str(value, key, source)
        elif key == "subject-prefix":
            cfg.subject_prefix = _str(value, key, source) or None
        elif key == "vocabulary":
            cfg.vocabulary = frozenset(w.lower() for w in _str_list(value, key, source))
        elif key == "jargon-allow":
            cfg.jargon_allow = frozenset(w.lower() for w in _str_list(value, key, source))
        elif key == "template":
            if not isinstance(value, bool):
                raise ConfigError(source, "ключ «template»: нужно true или false")
            cfg.template = value
        elif key == "rules":
            if not isinstance(value, dict):
                raise ConfigError(source, "ключ «rules»: нужна таблица [mailcheck.rules]")
            for rid, sev in value.items():
                if sev not in RULE_VALUES:
                    raise ConfigError(source, f"ключ «rules.{rid}»: «{sev}» — допустимо: {', '.join(RULE_VALUES)}")
                if known_rule is not None and not known_rule(rid):
                    raise ConfigError(source, f"ключ «rules.{rid}»: нет такого правила (список: mailcheck rules)")
                cfg.rules[rid] = sev
        elif key == "languagetool":
            if not isinstance(value, dict):
                raise ConfigError(source, "ключ «languagetool»: нужна таблица [mailcheck.languagetool]")
            for k, v in value.items():
                if k == "url":
                    url = _str(v, "languagetool.url", source)
                    if url and not url.startswith(("http://", "https://")):
                        raise ConfigError(source, f"ключ «languagetool.url»: «{url}» — нужен адрес http:// или https://")
                    cfg.languagetool_url = url or None
                elif k == "timeout":
                    if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
                        raise ConfigError(source, "ключ «languagetool.timeout»: нужно положительное число секунд")
                    cfg.languagetool_timeout = float(v)
                else:
                    raise ConfigError(source, f"неизвестный ключ «languagetool.{k}»")
        elif key == "serve":
            if not isinstance(value, dict):
                raise ConfigError(source, "ключ «serve»: нужна таблица [mailcheck.serve]")
            for k, v in value.items():
                if k == "allow-origins":
                    cfg.allow_origins = _str_list(v, "serve.allow-origins", source)
                    if any(o.strip() == "*" for o in cfg.allow_origins):
                        raise ConfigError(source, "ключ «serve.allow-origins»: «*» не разрешается — "
                                                  "перечислите точные источники")
                else:
                    raise ConfigError(source, f"неизвестный ключ «serve.{k}»")
        else:
            raise ConfigError(source, f"неизвестный ключ «{key}»")
    return cfg


def _read_toml(path: Path) -> dict:
    import tomllib                   # only when there is a config file (start-up time)

    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(str(path), "файл настроек не найден") from None
    except PermissionError:
        raise ConfigError(str(path), "нет прав на чтение файла настроек") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(str(path), f"ошибка TOML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), f"не удалось прочитать: {e}") from None


def load_file(path: str | Path, known_rule=None) -> Config:
    path = Path(path)
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("mailcheck")
        if table is None:
            raise ConfigError(str(path), "нет таблицы [tool.mailcheck]")
    else:
        unknown = [k for k in data if k != "mailcheck"]
        if unknown:
            raise ConfigError(str(path), f"неизвестный ключ «{unknown[0]}» (настройки — в таблице [mailcheck])")
        table = data.get("mailcheck", {})
    return from_dict(table, str(path), known_rule)


def discover(start: str | Path | None = None) -> Path | None:
    here = Path(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        cand = d / "mailcheck.toml"
        if cand.is_file():
            return cand
        py = d / "pyproject.toml"
        if py.is_file():
            import tomllib

            try:
                raw = py.read_bytes()
                # most pyproject.toml files have no [tool.mailcheck]: parse only those that may
                if b"mailcheck" in raw and "mailcheck" in tomllib.loads(raw.decode("utf-8")).get("tool", {}):
                    return py
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                pass
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    cand = home / "mailcheck" / "config.toml"
    return cand if cand.is_file() else None


def load(path: str | None = None, known_rule=None) -> Config:
    """The config from --config, or discovered, or the defaults."""
    if path:
        return load_file(path, known_rule)
    found = discover()
    return load_file(found, known_rule) if found else Config()
