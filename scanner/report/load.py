"""Read a saved JSON result back into a ScanResult, so any format can be rendered later.

CI keeps the JSON as an artifact; `nhiguard report results.json --format html`
turns it into the audit report without scanning again. Rule metadata is
joined from this version's catalog by id, as every reporter does.

An artifact can be tampered with, so the document is checked field by field
before anything is built from it: a wrong type, a line below 1 or an unknown
rule is one error naming the JSON path, never the value found there (it may
be a secret), and nothing out of range reaches a SARIF region.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from scanner import reading
from scanner.errors import UsageError
from scanner.masking import shown
from scanner.model import (
    Adjustment,
    Audit,
    Commit,
    Evidence,
    FileKind,
    Finding,
    Location,
    Notification,
    NotificationKind,
    ParamValue,
    Provenance,
    Related,
    Rule,
    ScanResult,
    ScanSettings,
    Suppression,
)
from scanner.report.json import SCHEMA_VERSION

SIZE_LIMIT = 256 * 1024 * 1024
MAX_INT = 2**31 - 1
SUPPRESSION_KINDS = ("inline", "config", "baseline")


class _Invalid(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


def read(path: Path, rules: Sequence[Rule]) -> ScanResult:
    """The result saved at `path`: a regular file of at most SIZE_LIMIT bytes of UTF-8."""
    origin = shown(str(path))
    try:
        text = reading.read_regular(path, SIZE_LIMIT).decode("utf-8")
    except reading.Refused as exc:
        raise UsageError(f"{origin}: {exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{origin}: not UTF-8 text") from None
    return load(text, origin, rules)


def load(text: str, origin: str, rules: Sequence[Rule]) -> ScanResult:
    try:
        document = json.loads(text, parse_constant=_not_a_number)
        return _Reader({r.id: r for r in rules}).result(document)
    except _Invalid as exc:
        problem = str(exc)
    except json.JSONDecodeError as exc:
        problem = f"not JSON (line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        problem = "$: nested too deeply"
    except ValueError:
        problem = "not JSON (a number that is not finite or has too many digits)"
    raise UsageError(f"{origin}: not an nhiguard JSON result: {problem}")


def _not_a_number(name: str) -> NoReturn:
    raise ValueError(name)


class _Reader:
    """Typed getters that name the JSON path of whatever is wrong."""

    def __init__(self, catalog: Mapping[str, Rule]) -> None:
        self.catalog = catalog

    def result(self, document: Any) -> ScanResult:
        top = self.object(document, "$")
        version = self.string(top, "$", "schema_version")
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise _Invalid(
                "$.schema_version", f"expected a {SCHEMA_VERSION.split('.')[0]}.x version"
            )
        tool = self.object(self.get(top, "$", "tool"), "$.tool")
        scan = self.object(self.get(top, "$", "scan"), "$.scan")
        rule_ids = [
            self.string_value(item, f"$.scan.rules[{i}]")
            for i, item in enumerate(self.array(scan, "$.scan", "rules"))
        ]
        root = self.string(scan, "$.scan", "root")
        if not Path(root).is_absolute():  # SARIF states it as a file URI
            raise _Invalid("$.scan.root", "expected an absolute path")
        findings = tuple(
            self.finding(item, f"$.findings[{i}]")
            for i, item in enumerate(self.array(top, "$", "findings"))
        )
        for i, finding in enumerate(findings):
            # Every reporter looks a finding's rule up among the result's rules.
            if finding.rule_id not in rule_ids:
                raise _Invalid(f"$.findings[{i}].rule_id", "not among $.scan.rules")
        return ScanResult(
            root=root,
            findings=findings,
            notifications=tuple(
                self.notification(item, f"$.notifications[{i}]")
                for i, item in enumerate(self.array(top, "$", "notifications"))
            ),
            files_scanned=self.integer(scan, "$.scan", "files_scanned", 0),
            rules=tuple(self.catalog[r] for r in rule_ids if r in self.catalog),
            started_at=self.string(scan, "$.scan", "started_at"),
            duration_seconds=self.number(scan, "$.scan", "duration_seconds", 0.0, math.inf),
            version=self.string(tool, "$.tool", "version"),
            inputs=self.inputs(scan.get("inputs"), "$.scan.inputs"),
            audit=self.audit(top.get("audit"), "$.audit"),
            revision=self.string(scan, "$.scan", "revision") if "revision" in scan else "",
        )

    def audit(self, value: Any, where: str) -> Audit | None:
        """The audit record; absent from results saved by nhiguard before 1.1."""
        if value is None:
            return None
        raw = self.object(value, where)
        config = self.object(self.get(raw, where, "configuration"), f"{where}.configuration")
        gate = self.object(self.get(raw, where, "gate"), f"{where}.gate")
        git = self.optional(raw, where, "git")
        here = f"{where}.configuration"
        changed = self.object(
            self.get(config, here, "changed_parameters"), f"{here}.changed_parameters"
        )
        return Audit(
            requested=self.strings(raw, where, "requested_paths"),
            catalog=self.string(raw, where, "rule_catalog"),
            provenance=None if git is None else self.provenance(git, f"{where}.git"),
            settings=ScanSettings(
                source=self.string(config, here, "source"),
                exclude=self.strings(config, here, "exclude"),
                disabled_rules=self.strings(config, here, "disabled_rules"),
                changed_parameters=tuple(
                    (
                        rule_id,
                        name,
                        self.parameter(item, f"{here}.changed_parameters.{rule_id}.{name}"),
                    )
                    for rule_id, names in changed.items()
                    for name, item in self.object(names, f"{here}.changed_parameters").items()
                ),
                fail_on=self.string(gate, f"{where}.gate", "fail_on"),
                fail_on_incomplete=self.strings(config, here, "fail_on_incomplete"),
                inline_ignores=self.boolean(config, here, "inline_ignores"),
                max_file_size=self.integer(config, here, "max_file_size", 0),
                baseline=self.string(config, here, "baseline"),
            ),
            finished_at=self.string(raw, where, "finished_at"),
            exit_code=self.integer(gate, f"{where}.gate", "exit_code", 0),
        )

    def provenance(self, raw: Mapping[str, Any], where: str) -> Provenance:
        dirty = raw.get("dirty")
        if dirty is not None and type(dirty) is not bool:
            raise _Invalid(f"{where}.dirty", "expected true, false or null")
        return Provenance(
            commit=self.string(raw, where, "commit"),
            branch=self.string(raw, where, "branch"),
            dirty=dirty,
            repository=self.string(raw, where, "repository"),
        )

    def parameter(self, value: Any, where: str) -> ParamValue:
        if isinstance(value, list):
            return tuple(self.string_value(item, where) for item in value)
        if type(value) in (int, float, str, bool):
            return value  # type: ignore[no-any-return]
        raise _Invalid(where, "expected a number, string, boolean or list of strings")

    def strings(self, raw: Mapping[str, Any], where: str, key: str) -> tuple[str, ...]:
        return tuple(
            self.string_value(item, f"{where}.{key}[{i}]")
            for i, item in enumerate(self.array(raw, where, key))
        )

    def boolean(self, raw: Mapping[str, Any], where: str, key: str) -> bool:
        value = self.get(raw, where, key)
        if type(value) is not bool:
            raise _Invalid(f"{where}.{key}", "expected true or false")
        return value

    def inputs(self, value: Any, where: str) -> dict[FileKind, int] | None:
        """Files analysed per kind; absent from results saved by nhiguard before 1.1."""
        if value is None:
            return None
        raw = self.object(value, where)
        kinds = tuple(k.value for k in FileKind)
        for key in raw:
            if key not in kinds:
                raise _Invalid(where, f"expected keys among {', '.join(kinds)}")
        return {FileKind(key): self.integer(raw, where, key, 0) for key in raw}

    def finding(self, value: Any, where: str) -> Finding:
        raw = self.object(value, where)
        rule_id = self.string(raw, where, "rule_id")
        if rule_id not in self.catalog:
            raise _Invalid(f"{where}.rule_id", "not a rule of this nhiguard version")
        evidence = self.optional(raw, where, "evidence")
        adjustment = self.optional(raw, where, "adjustment")
        suppression = self.optional(raw, where, "suppression")
        commit = self.optional(raw, where, "commit")
        return Finding(
            rule_id=rule_id,
            path=self.string(raw, where, "path"),
            location=self.location(raw, where),
            message=self.string(raw, where, "message"),
            snippet=self.string(raw, where, "snippet"),
            fingerprint=self.string(raw, where, "fingerprint"),
            evidence=None if evidence is None else self.evidence(evidence, f"{where}.evidence"),
            context=tuple(
                self.context_line(item, f"{where}.context[{i}]")
                for i, item in enumerate(self.array(raw, where, "context", optional=True))
            ),
            related=tuple(
                self.related(item, f"{where}.related[{i}]")
                for i, item in enumerate(self.array(raw, where, "related", optional=True))
            ),
            adjustment=None
            if adjustment is None
            else Adjustment(
                self.number(adjustment, f"{where}.adjustment", "score", 0.0, 10.0),
                self.string(adjustment, f"{where}.adjustment", "reason"),
            ),
            suppression=None
            if suppression is None
            else Suppression(
                self.choice(suppression, f"{where}.suppression", "kind", SUPPRESSION_KINDS),
                self.string(suppression, f"{where}.suppression", "reason"),
            ),
            commit=None
            if commit is None
            else Commit(
                self.string(commit, f"{where}.commit", "sha"),
                self.string(commit, f"{where}.commit", "author_date"),
            ),
        )

    def evidence(self, raw: Mapping[str, Any], where: str) -> Evidence:
        digest = raw.get("digest")  # only under an organisation's NHIGUARD_SALT
        return Evidence(
            self.string(raw, where, "masked"),
            self.integer(raw, where, "length", 0),
            "" if digest is None else self.string_value(digest, f"{where}.digest"),
        )

    def context_line(self, value: Any, where: str) -> tuple[int, str]:
        raw = self.object(value, where)
        return self.integer(raw, where, "line", 1), self.string(raw, where, "text")

    def related(self, value: Any, where: str) -> Related:
        raw = self.object(value, where)
        return Related(
            self.string(raw, where, "path"),
            self.location(raw, where),
            self.string(raw, where, "message"),
        )

    def notification(self, value: Any, where: str) -> Notification:
        raw = self.object(value, where)
        kinds = tuple(k.value for k in NotificationKind)
        return Notification(
            self.string(raw, where, "path"),
            NotificationKind(self.choice(raw, where, "kind", kinds)),
            self.string(raw, where, "detail"),
            self.integer(raw, where, "line", 0),
        )

    def location(self, raw: Mapping[str, Any], where: str) -> Location:
        """A span as the JSON writes it: end_column 0 means the end is not known."""
        line = self.integer(raw, where, "line", 1)
        column = self.integer(raw, where, "column", 1)
        end_line = self.integer(raw, where, "end_line", 1)
        end_column = self.integer(raw, where, "end_column", 0)
        if end_line < line:
            raise _Invalid(f"{where}.end_line", "expected a line at or after line")
        if end_line == line and 0 < end_column < column:
            raise _Invalid(f"{where}.end_column", "expected 0 or a column at or after column")
        return Location(line, column, end_line, end_column)

    def get(self, raw: Mapping[str, Any], where: str, key: str) -> Any:
        if key not in raw:
            raise _Invalid(f"{where}.{key}", "missing")
        return raw[key]

    def optional(self, raw: Mapping[str, Any], where: str, key: str) -> Mapping[str, Any] | None:
        value = raw.get(key)
        return None if value is None else self.object(value, f"{where}.{key}")

    def object(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise _Invalid(where, "expected an object")
        return value

    def array(
        self, raw: Mapping[str, Any], where: str, key: str, optional: bool = False
    ) -> list[Any]:
        value = raw.get(key, []) if optional else self.get(raw, where, key)
        if not isinstance(value, list):
            raise _Invalid(f"{where}.{key}", "expected an array")
        return value

    def string(self, raw: Mapping[str, Any], where: str, key: str) -> str:
        return self.string_value(self.get(raw, where, key), f"{where}.{key}")

    def string_value(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise _Invalid(where, "expected a string")
        return value

    def choice(self, raw: Mapping[str, Any], where: str, key: str, known: Sequence[str]) -> str:
        value = self.get(raw, where, key)
        if value not in known:
            raise _Invalid(f"{where}.{key}", f"expected one of {', '.join(known)}")
        return str(value)

    def integer(self, raw: Mapping[str, Any], where: str, key: str, minimum: int) -> int:
        value = self.get(raw, where, key)
        if type(value) is not int or not minimum <= value <= MAX_INT:
            raise _Invalid(f"{where}.{key}", f"expected an integer from {minimum} to {MAX_INT}")
        return value

    def number(
        self, raw: Mapping[str, Any], where: str, key: str, minimum: float, maximum: float
    ) -> float:
        value = self.get(raw, where, key)
        whole = type(value) is int and minimum <= value <= min(maximum, MAX_INT)
        real = type(value) is float and math.isfinite(value) and minimum <= value <= maximum
        if not (whole or real):
            span = f"from {minimum} to {maximum}" if math.isfinite(maximum) else f">= {minimum}"
            raise _Invalid(f"{where}.{key}", f"expected a number {span}")
        return float(value)
