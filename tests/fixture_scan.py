"""Scan an annotated fixture repo and line its findings up with its annotations.

Shared by tests/test_fixtures.py and scripts/precision_recall.py, so both
count the same (path, line, rule) triples.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from annotations import deliberate_negatives, expected

from scanner import catalog
from scanner.configuration import Config
from scanner.engine import scan
from scanner.model import Rule

FIXTURES = Path(__file__).parent / "fixtures"
SIDECAR = "expect.yaml"  # annotations for files that cannot carry comments (JSON)
_SKIP_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache"}

Triple = tuple[str, int, str]


@dataclass(frozen=True)
class FixtureScan:
    """What a fixture's annotations ask for and what the scanner reported."""

    expected: frozenset[Triple]
    negatives: frozenset[Triple]
    reported: frozenset[Triple]
    messages: dict[Triple, str] = field(default_factory=dict)
    unanalysed: tuple[str, ...] = ()

    @property
    def missing(self) -> set[Triple]:
        return set(self.expected - self.reported)

    @property
    def extra(self) -> set[Triple]:
        return set(self.reported - self.expected)


def fixture_folders(root: Path = FIXTURES) -> list[Path]:
    """Every fixture repo: a folder directly under tests/fixtures/."""
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name not in _SKIP_DIRS)


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not _SKIP_DIRS.intersection(p.relative_to(folder).parts)
    )


def annotations_of(folder: Path) -> tuple[set[Triple], set[Triple]]:
    """(expected, deliberate negatives) as (path relative to folder, line, rule id)."""
    wanted: set[Triple] = set()
    negatives: set[Triple] = set()
    for path in _files(folder):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(folder).as_posix()
        wanted |= {(rel, line, rule) for line, rule in expected(text)}
        negatives |= {(rel, line, rule) for line, rule in deliberate_negatives(text)}
    sidecar = folder / SIDECAR
    if sidecar.is_file():
        for entry in yaml.safe_load(sidecar.read_text(encoding="utf-8")) or []:
            triple = (str(entry["path"]), int(entry["line"]), str(entry["rule"]))
            (negatives if "ok" in entry else wanted).add(triple)
    return wanted, negatives


def _strip(relpath: str, prefix: str) -> str:
    return relpath[len(prefix) :] if relpath.startswith(prefix) else relpath


def scan_fixture(folder: Path, rules: Sequence[Rule] | None = None) -> FixtureScan:
    """Run the real scanner over `folder`; paths come back relative to it."""
    result = scan([folder], Config(), rules if rules is not None else catalog.load(), jobs=1)
    root = Path(result.root).resolve()
    prefix = folder.resolve().relative_to(root).as_posix().rstrip("/") + "/"
    prefix = "" if prefix == "./" else prefix
    reported: set[Triple] = set()
    messages: dict[Triple, str] = {}
    for finding in result.active:
        triple = (_strip(finding.path, prefix), finding.location.line, finding.rule_id)
        reported.add(triple)
        messages.setdefault(triple, finding.message)
    unanalysed = tuple(f"{_strip(n.path, prefix)}: {n.kind.value}" for n in result.notifications)
    wanted, negatives = annotations_of(folder)
    return FixtureScan(
        expected=frozenset(wanted),
        negatives=frozenset(negatives),
        reported=frozenset(reported),
        messages=messages,
        unanalysed=unanalysed,
    )


def mismatches(
    outcome: FixtureScan, rule_ids: Collection[str] | None = None
) -> list[tuple[str, Triple, str]]:
    """(kind, (path, line, rule), note) for every missing or extra finding, sorted."""

    def counted(triple: Triple) -> bool:
        return rule_ids is None or triple[2] in rule_ids

    rows = [("missing", t, "expected, not reported") for t in outcome.missing if counted(t)]
    for triple in outcome.extra:
        if counted(triple):
            kind = "extra (ok)" if triple in outcome.negatives else "extra"
            rows.append((kind, triple, outcome.messages.get(triple, "")))
    return sorted(rows, key=lambda row: (row[1][0], row[1][1], row[1][2], row[0]))


def mismatch_table(rows: Sequence[tuple[str, Triple, str]]) -> str:
    """The rows as an aligned table for a test failure message."""
    header = ("kind", "location", "rule", "note")
    body = [(kind, f"{path}:{line}", rule, note) for kind, (path, line, rule), note in rows]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + f"  {row[3]}"
        for row in [header, *body]
    ]
    return f"{len(rows)} mismatched\n" + "\n".join(line.rstrip() for line in lines)
