"""Loads the fuzz profiles (fuzz/profiles.py) and caps memory while a target runs."""

from __future__ import annotations

import resource
from collections.abc import Iterator

import pytest

import fuzz.profiles  # noqa: F401  (registers and loads the profile before any test runs)

# A target that expands a value in memory (issue 14 items 17 and 18) fails with
# MemoryError instead of taking the machine's memory from everyone else.
HEADROOM = 3 * 1024**3


def _address_space() -> int:
    """This process's virtual size now: the ceiling sits above it, whatever ran before."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@pytest.fixture(autouse=True)
def memory_ceiling() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = _address_space() + HEADROOM
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
