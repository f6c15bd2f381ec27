"""Load and validate the rule catalog shipped as `scanner.rules`.

A rule file is data written by people, so every mistake is reported with the
file and key path (`rules/JWT900.yaml: parameters.x.default: expected a list`)
instead of surfacing later as a KeyError in an analyzer or reporter.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from importlib.resources import files
from typing import Any

import yaml

from scanner.errors import CatalogError
from scanner.model import (
    Example,
    FileKind,
    Frameworks,
    Limitations,
    Parameter,
    ParamValue,
    Rule,
)

_KEYS = [
    "id",
    "name",
    "title",
    "since",
    "severity",
    "precision",
    "inputs",
    "frameworks",
    "message",
    "description",
    "rationale",
    "remediation",
    "limitations",
    "references",
    "parameters",
    "examples",
]
_LIMITATIONS = ("how_it_decides", "false_results")
_PRECISIONS = ("very-high", "high", "medium", "low")
_PARAM_TYPES = {"int": int, "float": (int, float), "str": str, "bool": bool, "list[str]": list}
_NUMBERS = ("int", "float")
MAX_LIST_ITEMS = 10_000
MAX_STRING_LENGTH = 1_000
_ID = re.compile(r"^[A-Z][A-Z0-9]{1,5}\d{3}$")  # a family prefix and a number: JWT001, K8S001
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
_NHI = re.compile(r"^NHI([1-9]|10):2025$")
_CSF = re.compile(r"^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$")


@functools.cache
def load() -> tuple[Rule, ...]:
    """Every rule shipped with nhiguard, sorted by id.

    Read once per process: the rule files ship with the package and do not
    change while it runs, and parsing 50 of them is a tenth of a pre-commit run.
    """
    sources = [
        (f"rules/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in files("scanner.rules").iterdir()
        if entry.name.endswith(".yaml")
    ]
    return parse_all(sources)


def parse_all(sources: Iterable[tuple[str, str]]) -> tuple[Rule, ...]:
    rules = sorted((parse(origin, text) for origin, text in sources), key=lambda r: r.id)
    for attr in ("id", "name"):
        seen: dict[str, str] = {}
        for rule in rules:
            value = getattr(rule, attr)
            if value in seen:
                raise CatalogError(f"{attr} {value!r} is used by both {seen[value]} and {rule.id}")
            seen[value] = rule.id
    return tuple(rules)


def parse(origin: str, text: str) -> Rule:
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise CatalogError(f"{origin}:{where} not valid YAML") from None
    return _Reader(origin).rule(raw)


class _Reader:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, key: str, problem: str) -> CatalogError:
        return CatalogError(f"{self.origin}: {key}: {problem}")

    def mapping(self, value: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "expected a mapping")
        return value

    def text(self, raw: Mapping[str, Any], key: str, path: str = "") -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path + key, "expected a non-empty string")
        return value.strip()

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected a list of strings")
        return tuple(value)

    def rule(self, raw: Any) -> Rule:
        raw = self.mapping(raw, "(top level)")
        unknown = sorted(set(raw) - set(_KEYS))
        if unknown:
            raise self.fail(unknown[0], "unknown key")
        missing = [k for k in _KEYS if k not in raw]
        if missing:
            raise self.fail(missing[0], "missing")
        rule_id = self.text(raw, "id")
        if not _ID.match(rule_id):
            raise self.fail(
                "id", f"{rule_id!r} is not a family prefix and three digits, like JWT001"
            )
        if not self.origin.endswith(f"/{rule_id}.yaml"):
            raise self.fail("id", f"{rule_id!r} does not match the file name")
        name = self.text(raw, "name")
        if not _NAME.match(name):
            raise self.fail("name", "expected kebab-case")
        severity = raw["severity"]
        if isinstance(severity, bool) or not isinstance(severity, (int, float)):
            raise self.fail("severity", "expected a number")
        if not 0.1 <= severity <= 10.0:
            raise self.fail("severity", "expected a score from 0.1 to 10.0")
        precision = raw["precision"]
        if precision not in _PRECISIONS:
            raise self.fail("precision", f"expected one of {', '.join(_PRECISIONS)}")
        parameters = self.parameters(raw["parameters"])
        return Rule(
            id=rule_id,
            name=name,
            title=self.text(raw, "title"),
            since=str(raw["since"]),
            severity=float(severity),
            precision=precision,
            inputs=self.inputs(raw["inputs"]),
            frameworks=self.frameworks(raw["frameworks"]),
            message=self.text(raw, "message"),
            description=self.text(raw, "description"),
            rationale=self.text(raw, "rationale"),
            remediation=self.text(raw, "remediation"),
            limitations=self.limitations(raw["limitations"]),
            references=self.strings(raw["references"], "references"),
            parameters=parameters,
            **self.examples(raw["examples"], {p.name: p for p in parameters}),
        )

    def limitations(self, value: Any) -> Limitations:
        """Two texts, so the docs can show the method apart from its known errors."""
        if isinstance(value, str):
            raise self.fail(
                "limitations",
                "expected how_it_decides and false_results (split the text:"
                " what the rule judges on purpose, and what it misses or wrongly reports)",
            )
        raw = self.mapping(value, "limitations")
        unknown = sorted(set(raw) - set(_LIMITATIONS))
        if unknown:
            raise self.fail(f"limitations.{unknown[0]}", "unknown key")
        return Limitations(*(self.text(raw, key, "limitations.") for key in _LIMITATIONS))

    def inputs(self, value: Any) -> tuple[FileKind, ...]:
        names = self.strings(value, "inputs")
        try:
            return tuple(FileKind(n) for n in names)
        except ValueError:
            known = ", ".join(k.value for k in FileKind)
            raise self.fail("inputs", f"expected file kinds from: {known}") from None

    def frameworks(self, value: Any) -> Frameworks:
        raw = self.mapping(value, "frameworks")
        nhi = self.strings(raw.get("owasp_nhi"), "frameworks.owasp_nhi")
        csf = self.strings(raw.get("nist_csf"), "frameworks.nist_csf")
        cwe = raw.get("cwe")
        for item in nhi:
            if not _NHI.match(item):
                raise self.fail("frameworks.owasp_nhi", f"{item!r} is not like NHI2:2025")
        for item in csf:
            if not _CSF.match(item):
                raise self.fail(
                    "frameworks.nist_csf", f"{item!r} is not a CSF 2.0 id like PR.AA-01"
                )
        if not isinstance(cwe, list) or not cwe or not all(type(c) is int for c in cwe):
            raise self.fail("frameworks.cwe", "expected a non-empty list of CWE numbers")
        return Frameworks(owasp_nhi=nhi, nist_csf=csf, cwe=tuple(cwe))

    def parameters(self, value: Any) -> tuple[Parameter, ...]:
        raw = self.mapping(value, "parameters")
        result = []
        for name, spec in sorted(raw.items()):
            key = f"parameters.{name}"
            spec = self.mapping(spec, key)
            unknown = sorted(set(spec) - {"type", "default", "min", "max", "doc"})
            if unknown:
                raise self.fail(f"{key}.{unknown[0]}", "unknown key")
            type_name = spec.get("type")
            if type_name not in _PARAM_TYPES:
                raise self.fail(f"{key}.type", f"expected one of {', '.join(_PARAM_TYPES)}")
            bounds = self.bounds(spec, type_name, key)
            parameter = Parameter(name, type_name, "", self.text(spec, "doc", key + "."), *bounds)
            default = check_parameter(parameter, spec.get("default"))
            if default is None:
                raise self.fail(f"{key}.default", f"expected {describe_parameter(parameter)}")
            result.append(replace(parameter, default=default))
        return tuple(result)

    def bounds(
        self, spec: Mapping[str, Any], type_name: str, key: str
    ) -> tuple[int | float | None, int | float | None]:
        """A number's range, required so that no override is unbounded."""
        if type_name not in _NUMBERS:
            for end in ("min", "max"):
                if end in spec:
                    raise self.fail(f"{key}.{end}", "only numbers have a range")
            return None, None
        ends = []
        for end in ("min", "max"):
            value = coerce_parameter(type_name, spec.get(end))
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise self.fail(f"{key}.{end}", f"expected a finite {type_name}")
            ends.append(value)
        if ends[0] > ends[1]:
            raise self.fail(f"{key}.max", "expected at least min")
        return ends[0], ends[1]

    def examples(
        self, value: Any, parameters: Mapping[str, Parameter]
    ) -> dict[str, tuple[Example, ...]]:
        raw = self.mapping(value, "examples")
        unknown = sorted(set(raw) - {"bad", "good", "limits"})
        if unknown:
            raise self.fail(f"examples.{unknown[0]}", "unknown key")
        result: dict[str, tuple[Example, ...]] = {}
        for group in ("bad", "good", "limits"):
            items = raw.get(group) or []
            if not isinstance(items, list):
                raise self.fail(f"examples.{group}", "expected a list")
            result[group] = tuple(
                self.example(item, f"examples.{group}[{i}]", group, parameters)
                for i, item in enumerate(items)
            )
        if not result["good"]:
            raise self.fail("examples.good", "every rule needs at least one good example")
        if not result["bad"] and not result["limits"]:
            raise self.fail("examples.bad", "every rule needs bad examples (or pinned limits)")
        return result

    def example(
        self, value: Any, key: str, group: str, parameters: Mapping[str, Parameter]
    ) -> Example:
        raw = self.mapping(value, key)
        unknown = sorted(set(raw) - {"path", "code", "why", "parameters"})
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}", "unknown key")
        why = raw.get("why", "")
        if group != "bad" and not why:
            raise self.fail(f"{key}.why", "good and limits examples say why")
        overrides = self.mapping(raw.get("parameters", {}), f"{key}.parameters")
        for name, override in overrides.items():
            if name not in parameters:
                raise self.fail(f"{key}.parameters.{name}", "not a parameter of this rule")
            if check_parameter(parameters[name], override) is None:
                expected = describe_parameter(parameters[name])
                raise self.fail(f"{key}.parameters.{name}", f"expected {expected}")
        return Example(
            path=self.text(raw, "path", key + "."),
            code=self.text(raw, "code", key + ".") and raw["code"].rstrip() + "\n",
            why=str(why),
            parameters=dict(overrides),
        )


def coerce_parameter(type_name: str, value: Any) -> ParamValue | None:
    """The value as the parameter's type, or None when it is not one."""
    expected: Any = _PARAM_TYPES[type_name]
    if type_name != "bool" and isinstance(value, bool):
        return None
    if not isinstance(value, expected):
        return None
    if type_name == "list[str]":
        if not all(isinstance(v, str) for v in value):
            return None
        return tuple(value)
    if type_name == "float":
        return float(value) if _is_finite(value) else None
    return value  # type: ignore[no-any-return]


def check_parameter(parameter: Parameter, value: Any) -> ParamValue | None:
    """The value as the parameter takes it, or None when its type or range is wrong.

    The range is checked before a float conversion, which a 400-digit
    integer would overflow, and NaN fails every comparison.
    """
    low, high = parameter.minimum, parameter.maximum
    if (
        isinstance(value, (int, float))
        and low is not None
        and high is not None
        and not low <= value <= high
    ):
        return None
    coerced = coerce_parameter(parameter.type, value)
    if isinstance(coerced, tuple):
        if len(coerced) > MAX_LIST_ITEMS:
            return None
        if not all(0 < len(item) <= MAX_STRING_LENGTH for item in coerced):
            return None
    return coerced


def describe_parameter(parameter: Parameter) -> str:
    """What a value of the parameter must be, in words, for an error line."""
    if parameter.type in _NUMBERS:
        return f"{parameter.type} from {parameter.minimum} to {parameter.maximum}"
    if parameter.type == "list[str]":
        return (
            f"list[str] of at most {MAX_LIST_ITEMS} strings of 1 to {MAX_STRING_LENGTH} characters"
        )
    return parameter.type


def _is_finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def find(rules: Iterable[Rule], key: str) -> Rule | None:
    """A rule by id (case-insensitive) or by name."""
    wanted = key.strip()
    for rule in rules:
        if rule.id == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None
