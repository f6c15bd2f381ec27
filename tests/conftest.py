from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from scanner import catalog
from scanner.model import Rule


@pytest.fixture(scope="session")
def rules() -> tuple[Rule, ...]:
    return catalog.load()


@pytest.fixture(autouse=True)
def _no_organisation_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports are compared as a user without NHIGUARD_SALT sees them, whatever the shell has."""
    monkeypatch.delenv("NHIGUARD_SALT", raising=False)
