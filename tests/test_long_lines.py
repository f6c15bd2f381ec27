"""A minified file: thousands of findings on one long line cost time linear in the findings.

Each finding's snippet, context, inline ignore and fingerprint depend on its
line; computing them per finding read a 100 KB line once per finding, and a
one-line JSON or `.config` file of a few thousand credentials took minutes.
"""

from __future__ import annotations

import hashlib
import json
import time

from scanner import catalog
from scanner.configuration import Config
from scanner.engine import scan_text


def _one_line(count: int) -> str:
    entries = [{"name": f"db{i}", "password": f"Zq8X{i:06d}mKp3Wv7Yn5"} for i in range(count)]
    return json.dumps({"databases": entries})


def test_a_line_of_1500_credentials_is_assembled_in_linear_time() -> None:
    text = _one_line(1500)
    started = time.process_time()
    outcome = scan_text("config/databases.json", text, Config(), catalog.load())
    assert time.process_time() - started < 5
    found = [f for f in outcome.findings if f.rule_id == "SEC001"]
    assert len(found) == 1500
    assert len({f.fingerprint for f in found}) == 1500
    assert all("Zq8X" not in f.snippet for f in found)


def test_findings_sharing_a_line_keep_the_fingerprint_formula_baselines_rely_on() -> None:
    outcome = scan_text("config/databases.json", _one_line(3), Config(), catalog.load())
    identity = " ".join(outcome.findings[0].snippet.split())
    expected = [
        hashlib.sha256(f"SEC001\0config/databases.json\0{identity}\0{n}".encode()).hexdigest()[:32]
        for n in (1, 2, 3)
    ]
    assert [f.fingerprint for f in outcome.findings] == expected
