"""The scan's settings: `[tool.nhiguard]` or `.nhiguard.toml`, then the command line.

Settings are validated here, once, so an unknown key or a wrong type is one
clear line naming the key (exit 2) rather than a traceback deep in a scan.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scanner import reading
from scanner.catalog import check_parameter, describe_parameter, find
from scanner.errors import ConfigError
from scanner.masking import shown
from scanner.model import NotificationKind, ParamValue, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

FAIL_ON = ("critical", "high", "medium", "low", "never")
# Notification kinds that fail the gate by default: the scanner's own failures.
# A parse error, binary or oversized file is the input's doing and stays informational.
FAIL_ON_INCOMPLETE = (NotificationKind.ANALYZER_ERROR.value, NotificationKind.ANALYZER_CRASH.value)
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_FILE_SIZE_LIMIT = 1024 * 1024 * 1024
MAX_JOBS = 4 * (os.cpu_count() or 1)
CONFIG_SIZE_LIMIT = 1024 * 1024
CONFIG_FILES = (".nhiguard.toml", "pyproject.toml")
_KEYS = {
    "fail-on",
    "fail-on-incomplete",
    "enable",
    "disable",
    "exclude",
    "max-file-size",
    "per-file-ignores",
    "rules",
    "inline-ignores",
    "strict-ignores",
    "fail-on-unscanned",
    "baseline",
}
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TOML_PLACE = re.compile(r"\((at line \d+, column \d+|at end of document)\)$")
_KIND_VALUES = tuple(kind.value for kind in NotificationKind)
_KINDS = ", ".join(_KIND_VALUES)


@dataclass(frozen=True, slots=True)
class Config:
    fail_on: str = "low"
    fail_on_incomplete: tuple[str, ...] = FAIL_ON_INCOMPLETE
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rule_parameters: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    inline_ignores: bool = True
    strict_ignores: bool = False  # an ignore naming no rule, or suppressing nothing, fails the gate
    fail_on_unscanned: bool = False  # a file too large or unreadable to read fails the gate
    baseline: str = ""  # a baseline file's path, made absolute from the config file's folder
    source: str = ""

    def enabled_rules(self, rules: Iterable[Rule]) -> tuple[Rule, ...]:
        return tuple(
            r
            for r in rules
            if (not self.enable or r.id in self.enable) and r.id not in self.disable
        )

    def parameters_for(self, rule: Rule) -> dict[str, ParamValue]:
        return {**rule.parameter_defaults(), **self.rule_parameters.get(rule.id, {})}


def discover(start: Path, skipped: Callable[[str], None] = lambda note: None) -> Path | None:
    """The nearest config file at or above `start`; a pyproject counts only with our table.

    A pyproject belongs to the project, so one that cannot be read is passed
    over like one without our table, and `skipped` hears why; a
    `.nhiguard.toml` is ours, and `load` reports whatever is wrong with it.
    """
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not os.path.lexists(candidate):
                continue
            if name == "pyproject.toml":
                try:
                    data = _read(candidate)
                except ConfigError as exc:
                    skipped(f"{exc}; not read as a config source")
                    continue
                if not _has_our_table(data):
                    continue
            return candidate
    return None


def load(path: Path | None, rules: Iterable[Rule]) -> Config:
    """Settings from `path`: its `[tool.nhiguard]` table for a pyproject, else the whole file."""
    if path is None:
        return Config()
    data = _read(path)
    if path.name != "pyproject.toml":
        return from_mapping(data, tuple(rules), origin=f"{path}")
    tool = data.get("tool", {})
    table = tool.get("nhiguard", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{shown(str(path))}: tool.nhiguard: expected a table")
    return from_mapping(table, tuple(rules), origin=f"{path}", prefix="tool.nhiguard.")


def from_mapping(
    table: Mapping[str, Any], rules: tuple[Rule, ...], origin: str, prefix: str = ""
) -> Config:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{shown(origin)}: {prefix}{key}: {problem}")

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise fail(_key(unknown[0]), _unknown_key_hint(unknown[0], prefix))
    config = Config(source=origin)
    if "fail-on" in table:
        if table["fail-on"] not in FAIL_ON:
            raise fail("fail-on", f"expected one of {', '.join(FAIL_ON)}")
        config = replace(config, fail_on=table["fail-on"])
    if "fail-on-incomplete" in table:
        kinds = incomplete_kinds(table["fail-on-incomplete"])
        if kinds is None:
            raise fail("fail-on-incomplete", f"expected never or a list of {_KINDS}")
        config = replace(config, fail_on_incomplete=kinds)
    for key in ("enable", "disable"):
        if key in table:
            ids = _rule_ids(table[key], rules, lambda p, k=key: fail(k, p))
            config = (
                replace(config, enable=ids) if key == "enable" else replace(config, disable=ids)
            )
    if "exclude" in table:
        config = replace(config, exclude=_strings(table["exclude"], lambda p: fail("exclude", p)))
    if "max-file-size" in table:
        size = table["max-file-size"]
        if type(size) is not int or not 1 <= size <= MAX_FILE_SIZE_LIMIT:
            raise fail(
                "max-file-size", f"expected a number of bytes from 1 to {MAX_FILE_SIZE_LIMIT}"
            )
        config = replace(config, max_file_size=size)
    for key in ("inline-ignores", "strict-ignores", "fail-on-unscanned"):
        if key in table:
            if not isinstance(table[key], bool):
                raise fail(key, "expected true or false")
            config = replace(config, **{key.replace("-", "_"): table[key]})
    if "baseline" in table:
        if not isinstance(table["baseline"], str) or not table["baseline"]:
            raise fail("baseline", "expected the path of a baseline file")
        config = replace(config, baseline=str(Path(origin).parent / table["baseline"]))
    if "per-file-ignores" in table:
        raw = table["per-file-ignores"]
        if not isinstance(raw, dict):
            raise fail("per-file-ignores", "expected a table of glob = [rule ids]")
        ignores = {
            glob: _rule_ids(ids, rules, lambda p, g=glob: fail(f"per-file-ignores.{_key(g)}", p))
            for glob, ids in raw.items()
        }
        config = replace(config, per_file_ignores=ignores)
    if "rules" in table:
        config = replace(config, rule_parameters=_parameters(table["rules"], rules, fail))
    return config


def incomplete_kinds(value: Any) -> tuple[str, ...] | None:
    """Notification kinds from "never", "kind,kind" or a list of kinds; None when one is unknown."""
    if value == "never":
        return ()
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list) or not all(v in _KIND_VALUES for v in value):
        return None
    return tuple(dict.fromkeys(value))


def rebase(config: Config, folder: str) -> Config:
    """The config's path globs, written in `folder`, made relative to the scan root."""
    return replace(
        config,
        exclude=tuple(rebase_glob(g, folder) for g in config.exclude),
        per_file_ignores={
            rebase_glob(g, folder): ids for g, ids in config.per_file_ignores.items()
        },
    )


def rebase_glob(glob: str, folder: str) -> str:
    """A glob written in `folder` as seen from the scan root.

    `folder` is relative to the root ("" for the root itself). Bare names
    match at any depth and stay as written.
    """
    if not folder or "/" not in glob.rstrip("/"):
        return glob
    return f"{folder}/{glob.lstrip('/')}"


def _parameters(raw: Any, rules: tuple[Rule, ...], fail: Any) -> dict[str, dict[str, ParamValue]]:
    if not isinstance(raw, dict):
        raise fail("rules", "expected a table per rule id")
    result: dict[str, dict[str, ParamValue]] = {}
    for key, values in raw.items():
        rule = find(rules, key)
        if rule is None:
            raise fail(f"rules.{_key(key)}", "no such rule")
        if not isinstance(values, dict):
            raise fail(f"rules.{_key(key)}", "expected a table of parameters")
        known = {p.name: p for p in rule.parameters}
        for name, value in values.items():
            where = f"rules.{_key(key)}.{_key(name)}"
            if name not in known:
                choices = ", ".join(known) or "none"
                raise fail(where, f"unknown parameter (known: {choices})")
            coerced = check_parameter(known[name], value)
            if coerced is None:
                raise fail(where, f"expected {describe_parameter(known[name])}")
            result.setdefault(rule.id, {})[name] = coerced
    return result


def _strings(value: Any, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail("expected a list of strings")
    return tuple(value)


def _rule_ids(value: Any, rules: tuple[Rule, ...], fail: Any) -> tuple[str, ...]:
    ids = []
    for index, key in enumerate(_strings(value, fail)):
        rule = find(rules, key)
        if rule is None:
            raise fail(f"entry {index + 1} is not a rule id or name (`nhiguard rules` lists them)")
        ids.append(rule.id)
    return tuple(ids)


def _has_our_table(data: Mapping[str, Any]) -> bool:
    tool = data.get("tool")
    return isinstance(tool, dict) and "nhiguard" in tool


def _unknown_key_hint(key: str, prefix: str) -> str:
    if key == "tool" and not prefix:
        return "unknown key (settings sit at the top level here, without [tool.nhiguard])"
    close = difflib.get_close_matches(key.replace("_", "-"), sorted(_KEYS), n=1)
    return f"unknown key (did you mean {close[0]!r}?)" if close else "unknown key"


def _key(name: str) -> str:
    """A key as TOML would write it in a dotted path: bare when it can be, escaped else.

    Keys come from the scanned tree too, so one shaped like a secret is masked.
    """
    return shown(name if _BARE_KEY.match(name) else json.dumps(name))


def _read(path: Path) -> dict[str, Any]:
    """The parsed file; every way it can be broken is one ConfigError naming only the file.

    tomllib raises more than TOMLDecodeError: RecursionError when arrays or
    inline tables nest too deeply, ValueError for an integer past Python's
    digit limit, UnicodeDecodeError for bytes that are not UTF-8. Its own
    messages may quote a key, so only the position is kept.
    """
    where = shown(str(path))
    try:
        text = reading.read_regular(path, CONFIG_SIZE_LIMIT).decode("utf-8")
        data: dict[str, Any] = tomllib.loads(text)
    except reading.Refused as exc:
        raise ConfigError(f"{where}: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        place = _TOML_PLACE.search(str(exc))
        at = f" ({place.group(1)})" if place else ""
        raise ConfigError(f"{where}: not valid TOML{at}") from None
    except RecursionError:
        raise ConfigError(f"{where}: nested too deeply") from None
    except ValueError:
        raise ConfigError(f"{where}: holds a number too large to read") from None
    return data
