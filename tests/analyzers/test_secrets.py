"""SEC002 over many values costs the same per value, however many there are."""

from __future__ import annotations

import importlib
import re
import secrets
import string
from collections.abc import Sequence
from typing import Any

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import Rule


def _aws_key() -> str:
    return "AKIA" + "".join(secrets.choice(string.ascii_uppercase + "234567") for _ in range(16))


def test_a_file_of_distinct_keys_compiles_no_regex_per_key(
    rules: Sequence[Rule], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each key a plugin returned was found again on its line with a pattern of its own:
    # past the `re` module's 512 cached patterns, every one of the scanner's was evicted
    # and compiled again, key after key (a 2 MiB .env took twice as long).
    text = "".join(f"AWS_ACCESS_KEY_ID_{n}={_aws_key()}\n" for n in range(600))
    scan_text(".env", text, Config(), rules)  # the scanner's own patterns, compiled once
    compiled: list[object] = []
    # Where `re` compiles a pattern it has not cached (`sre_compile` before Python 3.11).
    compiler = getattr(re, "_compiler", None) or importlib.import_module("sre_compile")
    compile_pattern = compiler.compile

    def counting(pattern: object, flags: Any) -> Any:
        compiled.append(pattern)
        return compile_pattern(pattern, flags)

    monkeypatch.setattr(compiler, "compile", counting)
    outcome = scan_text(".env", text, Config(), rules)
    assert len([f for f in outcome.findings if f.rule_id == "SEC002"]) == 600
    assert compiled == []
