"""Hypothesis profiles for the fuzz suite, chosen by `HYPOTHESIS_PROFILE`.

`ci` (the default) is short and derandomized, so every CI run tries the same
inputs and a red run is reproducible; `long` explores with fresh randomness
and keeps failing examples in `.hypothesis/` (git-ignored):
`HYPOTHESIS_PROFILE=long FUZZ_EXAMPLES=5000 python -m pytest tests/fuzz -q`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci",
    max_examples=50,
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


def scaled(fraction: float) -> settings:
    """The loaded profile with a fraction of its examples, for a target that costs more."""
    return settings(max_examples=max(5, int(settings.default.max_examples * fraction)))
