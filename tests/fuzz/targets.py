"""Every fuzz target by name: the strategy and the check, apart from pytest.

pytest runs each target as a hypothesis test; benchmarks/fuzz.py runs the
same checks for minutes, under hypothesis' or atheris' input generation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from hypothesis import given
from hypothesis import strategies as st


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


def fuzz_target(
    name: str, strategy: st.SearchStrategy[Any]
) -> Callable[[Callable[[Any], None]], Any]:
    """`@given(strategy)` that also records the undecorated check for the long runner."""

    def wrap(check: Callable[[Any], None]) -> Any:
        test = given(strategy)(check)
        test.fuzz_target = Target(name, strategy, check)
        return test

    return wrap


def collect(*modules: ModuleType) -> dict[str, Target]:
    """Targets made by `fuzz_target`, and those a module lists in `TARGETS`."""
    found: dict[str, Target] = {}
    for module in modules:
        for value in vars(module).values():
            target = getattr(value, "fuzz_target", None)
            if isinstance(target, Target):
                found[target.name] = target
        for target in getattr(module, "TARGETS", ()):
            found[target.name] = target
    return found


def all_targets() -> dict[str, Target]:
    from fuzz import test_engine_fuzz, test_reader_fuzz, test_report_fuzz

    return collect(test_engine_fuzz, test_reader_fuzz, test_report_fuzz)
