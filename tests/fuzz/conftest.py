"""Hypothesis profiles for the fuzz suite, and a memory ceiling while a target runs.

`ci` (the default) is short and derandomized, so every CI run tries the same
inputs; `long` explores with fresh randomness and remembers failures in
`.hypothesis/` (git-ignored): `HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz -q`.
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
