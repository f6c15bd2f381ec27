"""Durations as config files write them: plain numbers, Go durations (`720h`), ISO 8601 (`PT15M`).

A number's unit is given by the caller (from the key name or a
convention); with none, it is read as milliseconds, the smallest unit in
use, so a reading can only be too short and the duration is marked inexact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner import numbers

_GO_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w))+$")
_GO_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 0.001, "s": 1, "m": 60, "h": 3600}
_GO_UNITS |= {"d": 86400, "w": 604800}
_ISO = re.compile(
    r"^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Duration:
    seconds: float
    exact: bool  # False when the unit was assumed (milliseconds, the lower bound)


def duration(value: str, unit: float | None, convention: float | None) -> Duration | None:
    """The value in seconds: its own unit first, then the key's, then the convention.

    None when it is not a duration or is too large to be one (a 400-digit
    lifetime would be infinite as a float).
    """
    found = _duration(value.strip(), unit, convention)
    if found is None or numbers.whole(found.seconds) is None:
        return None
    return found


def _duration(text: str, unit: float | None, convention: float | None) -> Duration | None:
    if _NUMBER.match(text):
        number = float(text)
        if unit is not None:
            return Duration(number * unit, True)
        if convention is not None:
            return Duration(number * convention, True)
        return Duration(number * 0.001, False)
    if _GO_DURATION.match(text):
        return Duration(sum(float(n) * _GO_UNITS[u] for n, u in _GO_PART.findall(text)), True)
    iso = _ISO.match(text)
    if iso is not None and any(iso.groupdict().values()):
        parts = {k: float(v) for k, v in iso.groupdict().items() if v}
        total = parts.get("days", 0) * 86400 + parts.get("hours", 0) * 3600
        return Duration(total + parts.get("minutes", 0) * 60 + parts.get("seconds", 0), True)
    return None


def describe(seconds: float) -> str:
    amount = numbers.whole(seconds)
    if amount is None or amount < 1:
        return f"{seconds:g} seconds"
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if amount >= size and amount % size == 0:
            count = amount // size
            return f"{count} {unit[:-1] if count == 1 else unit}"
    return f"{amount} seconds"
