"""Positions come from one code generation and agree with libcst's PositionProvider."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from scanner.analyzers.python.positions import positions

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "flask_api" / "orders" / "auth.py"


def test_positions_equal_libcsts_position_provider_for_every_node() -> None:
    module = cst.parse_module(FIXTURE.read_text())
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    assert dict(positions(module)) == dict(expected)
