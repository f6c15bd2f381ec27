"""The peer-suite scorer reads each label syntax as documented in its docstring.

Peer scores are only as good as the label reading behind them: a shifted
Sonar offset or a semgrep label landing on a comment would move a whole
suite's numbers silently. The inputs here are written for this test, never
copied from a peer's file.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

PEERS = Path(__file__).resolve().parent.parent / "benchmarks" / "peers"


@pytest.fixture(scope="module")
def score() -> ModuleType:
    sys.path.insert(0, str(PEERS))
    spec = importlib.util.spec_from_file_location("peer_score", PEERS / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_semgrep_label_marks_next_code_line(score: ModuleType) -> None:
    lines = [
        "def f(t):",
        "    # ruleid: r1, r2",
        "    # a note",
        "",
        "    go(t)",
        "    # ok: r1",
        "    x = 1",
    ]
    got = {(lb.line, lb.rule, lb.kind) for lb in score.semgrep_labels("f.py", lines)}
    assert got == {(5, "r1", "bad"), (5, "r2", "bad"), (7, "r1", "ok")}


def test_sonar_offsets_secondaries_fn_and_compliant(score: ModuleType) -> None:
    lines = [
        "a = b  # Noncompliant {{msg}}",
        "#   ^^^^^@-1",
        "# Noncompliant@+1",
        "c = d",
        "e, f = g, h  # FN: tuple",
        "i = j  # Compliant: reason",
        "k = l  # OK",
        "m = n  # Noncompliant 2",
    ]
    got = {(lb.line, lb.kind) for lb in score.sonar_labels("f.py", lines, "S1")}
    assert got == {(1, "bad"), (4, "bad"), (5, "bad"), (6, "ok"), (7, "ok"), (8, "bad")}


def test_codeql_alerts_sources_and_bad_good(score: ModuleType) -> None:
    lines = [
        "k = 'x' # $ Source",
        "use(k) # $ Alert",
        "use(k) # $ Alert[py/q2]",
        "cmp(a, b) #good",
        "a == b #bad",
        "# $ Alert on a comment line is no label",
    ]
    got = {(lb.line, lb.rule, lb.kind) for lb in score.codeql_labels("f.py", lines, "py/q1")}
    assert got == {
        (2, "py/q1", "bad"),
        (3, "py/q2", "bad"),
        (4, "py/q1", "ok"),
        (5, "py/q1", "bad"),
    }


def test_statement_spans_cover_calls_but_only_headers_of_blocks(score: ModuleType) -> None:
    text = "call(\n    a=1,\n)\nif x:\n    y = 2\n"
    spans = score.statement_spans(text)
    assert spans[2] == (1, 3)
    assert spans[4] == (4, 4)
    assert spans[5] == (5, 5)
