"""Loads the fuzz profiles (fuzz/profiles.py) and caps memory while a target runs."""

from __future__ import annotations

import resource
from collections.abc import Iterator

import pytest

import fuzz.profiles  # noqa: F401  (registers and loads the profile before any test runs)

# A target that expands a value in memory (issue 14 items 17 and 18) fails with
# MemoryError instead of taking the machine's memory from everyone else.
MEMORY_CEILING = 4 * 1024**3


@pytest.fixture(autouse=True)
def memory_ceiling() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = MEMORY_CEILING if hard == resource.RLIM_INFINITY else min(hard, MEMORY_CEILING)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
