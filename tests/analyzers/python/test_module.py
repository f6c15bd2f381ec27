"""Module facts: positions agree with libcst's PositionProvider; unpacking stores each position."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from scanner.analyzers.python.module import read
from scanner.analyzers.python.positions import positions

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "flask_api" / "orders" / "auth.py"


def test_positions_equal_libcsts_position_provider_for_every_node() -> None:
    module = cst.parse_module(FIXTURE.read_text())
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    assert dict(positions(module)) == dict(expected)


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
