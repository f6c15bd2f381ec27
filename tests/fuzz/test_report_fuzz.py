"""The report loader on tampered JSON results, and every renderer on any result.

`nhiguard report results.json` reads a file CI keeps as an artifact: a
tampered or truncated one must be refused with a usage error (exit 2 and one
line), never an internal error. Whatever `ScanResult` the loader accepts, or
the engine makes, every format renders.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from fuzz.inputs import mutated, mutations
from fuzz.profiles import scaled
from fuzz.properties import rendered, result_of
from fuzz.targets import fuzz_target
from scanner import catalog, engine
from scanner.configuration import Config
from scanner.errors import UsageError
from scanner.model import (
    Adjustment,
    Evidence,
    Finding,
    Location,
    Notification,
    NotificationKind,
    Related,
    ScanResult,
    Suppression,
)
from scanner.report.json import render_json
from scanner.report.load import load

RULES = catalog.load()


def _example_result() -> ScanResult:
    """Findings of every rule's bad examples, as one scan would report them."""
    findings: list[Finding] = []
    for rule in RULES:
        for example in rule.bad:
            findings.extend(engine.scan_text(example.path, example.code, Config(), RULES).findings)
    notes = [Notification("bad.yaml", NotificationKind.PARSE_ERROR, "YAML syntax error", 3)]
    return result_of(findings, notes, RULES)


REPORT = json.loads(render_json(_example_result()))
ODD_VALUES = (
    None,
    -1,
    0,
    2**70,
    1.5,
    "",
    "x",
    "\n::warning::forged",
    "\u202e",
    [],
    {},
    [[[[[]]]]],
    {"line": -5},
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            found.extend(_paths(value, (*path, index)))
    return found


@st.composite
def tampered(draw: st.DrawFn) -> str:
    """The example report with fields replaced or removed, then byte edits."""
    document = json.loads(json.dumps(REPORT))
    paths = _paths(document)[1:]
    for _ in range(draw(st.integers(0, 4))):
        path = draw(st.sampled_from(paths))
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced the way there
    text = json.dumps(document)
    if draw(st.integers(0, 3)) == 0:
        depth = draw(st.integers(1, 100_000))
        text = text.replace('"findings": [', '"findings": [' + "[" * depth, 1)
    edits = draw(st.lists(mutations(), max_size=2))
    return mutated(text.encode(), edits).decode("utf-8", "replace")


@scaled(0.5)
@fuzz_target("report-loader", tampered())
def test_tampered_report_is_refused_or_renders(text: str) -> None:
    try:
        result = load(text, "results.json", RULES)
    except UsageError:
        return
    rendered(result)


_TEXT = st.text(max_size=40)


@st.composite
def _locations(draw: st.DrawFn) -> Location:
    """Any span the engine could report: 1-based, never running backwards."""
    line = draw(st.integers(1, 10**6))
    column = draw(st.integers(1, 10**4))
    end_line = draw(st.sampled_from((0, line, line + draw(st.integers(1, 100)))))
    end_column = draw(st.integers(0, 10**4))
    if end_line in (0, line) and end_column:
        end_column = max(end_column, column)
    return Location(line, column, end_line, end_column)


_LOCATIONS = _locations()
_FINDINGS = st.builds(
    Finding,
    rule_id=st.sampled_from([r.id for r in RULES]),
    path=_TEXT,
    location=_LOCATIONS,
    message=_TEXT,
    snippet=_TEXT,
    fingerprint=_TEXT,
    evidence=st.none() | st.builds(Evidence, _TEXT, st.integers(0, 10**6), _TEXT),
    related=st.lists(st.builds(Related, _TEXT, _LOCATIONS, _TEXT), max_size=2).map(tuple),
    adjustment=st.none() | st.builds(Adjustment, st.floats(0, 10), _TEXT),
    suppression=st.none() | st.builds(Suppression, st.sampled_from(("inline", "config")), _TEXT),
)
_NOTES = st.builds(
    Notification, _TEXT, st.sampled_from(list(NotificationKind)), _TEXT, st.integers(0, 10**6)
)


# Each example renders HTML, which compiles its template on every call (0.2 s).
@scaled(0.25)
@fuzz_target("renderers", st.tuples(st.lists(_FINDINGS, max_size=6), st.lists(_NOTES, max_size=3)))
def test_every_format_renders_any_result(case: tuple[list[Finding], list[Notification]]) -> None:
    findings, notes = case
    rendered(result_of(findings, notes, RULES))
