"""Scan an annotated fixture repo and line its findings up with its annotations.

Shared by tests/test_fixtures.py and scripts/precision_recall.py, so both
count the same (path, line, rule) triples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from annotations import deliberate_negatives, expected

from scanner import catalog
from scanner.config import Config
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
