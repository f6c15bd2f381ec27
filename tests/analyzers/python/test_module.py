"""Module facts: positions agree with libcst's PositionProvider, whether the whole module or
only the statements holding a node are generated; unpacking stores each position."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from scanner.analyzers.python.module import read
from scanner.analyzers.python.positions import SourcePositions, positions
from scanner.analyzers.python.walk import nodes

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "flask_api" / "orders" / "auth.py"


def test_positions_equal_libcsts_position_provider_for_every_node() -> None:
    module = cst.parse_module(FIXTURE.read_text())
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    assert dict(positions(module)) == dict(expected)


LAYOUTS = [
    pytest.param(FIXTURE.read_text(), True, id="fixture"),
    pytest.param(
        "import jwt\n\n\n@app.route('/a')\n@login_required\nasync def a(token):\n"
        "    return jwt.decode(token, KEY, algorithms=['HS256'])\n",
        True,
        id="decorated-async-def",
    ),
    pytest.param("# header\n\nx = 1; y = 'k'\nif x: y = 2\nclass C: pass\n", True, id="one-liners"),
    pytest.param(
        "def f(t):\n    if t == 1:\n        return 'a'\n    elif t == 2:  # two\n"
        "        return 'b'\n    else:\n        try:\n            return g(t)\n"
        "        finally:\n            h()\n",
        True,
        id="nested-elif-else-try",
    ),
    pytest.param("KEY = 'a' \\\n    'b'\nz = [\n  1,  # one\n]\n", True, id="continuations"),
    pytest.param("def f():\n\treturn 1\n\x0c\nKEY = 'k'", True, id="tab-formfeed-no-newline"),
    pytest.param("x = 1\n\\\nKEY = 'k'\n", False, id="lone-backslash-line"),
    pytest.param("x = 1\r\nKEY = 'k'\r\n", False, id="crlf"),
]


@pytest.mark.parametrize(("source", "alone"), LAYOUTS)
def test_positions_of_statements_generated_alone_equal_the_whole_modules(
    source: str, alone: bool
) -> None:
    """Layouts libcst may not give back (a lone `\\` line, `\\r`) take the whole-module path.

    Compound statements, blocks and clauses (`else:`, `except X:`) span bodies
    and are never what a finding points at: asking for one generates the whole module.
    """
    module = cst.parse_module(source)
    whole = SourcePositions(module, source, per_statement=False)
    parts = SourcePositions(module, source)
    spans = (cst.BaseCompoundStatement, cst.IndentedBlock, cst.Else, cst.ExceptHandler, cst.Finally)
    inner = [
        node
        for statement in module.body
        for node in nodes(statement)
        if not isinstance(node, spans)
    ]
    assert [parts.location(n) for n in inner] == [whole.location(n) for n in inner]
    assert parts.per_statement is alone


@pytest.mark.parametrize(
    ("source", "pairs"),
    [
        pytest.param("a, b = 1, 2\n", [("a", "1"), ("b", "2")], id="tuple"),
        pytest.param("[a, b] = [1, 2]\n", [("a", "1"), ("b", "2")], id="list"),
        pytest.param(
            "a, (b, c) = 1, (2, 3)\n",
            [("a", "1"), ("b", "2"), ("c", "3")],
            id="nested",
        ),
        pytest.param("a, *b = 1, 2, 3\n", [], id="starred-target"),
        pytest.param("a, b = 1, *rest\n", [], id="starred-value"),
        pytest.param("a, b = 1, 2, 3\n", [], id="length-mismatch"),
        pytest.param("a, b = pair\n", [], id="value-not-spelled-out"),
    ],
)
def test_unpacking_assignment_stores_each_position(
    source: str, pairs: list[tuple[str, str]]
) -> None:
    module = cst.parse_module(source)
    facts = read(module, source, "m.py", {})
    unpacked = [s for s in facts.stores if not isinstance(s.target, (cst.Tuple, cst.List))]
    assert [
        (module.code_for_node(s.target), module.code_for_node(s.value)) for s in unpacked
    ] == pairs
