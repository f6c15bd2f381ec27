"""Scan a folder once per report format and keep every channel a user could read.

For tests of invariant 1 on one small repository each: a short secret that
the snippet safety net would let through (`short_secret`) planted in a file,
then searched for in stdout, stderr and the report of every format.
"""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from scanner.analyzers.credentials import looks_like_secret
from scanner.cli import main


def formats() -> tuple[str, ...]:
    scan = main.commands["scan"]
    option = next(p for p in scan.params if p.name == "output_format")
    assert isinstance(option.type, click.Choice)
    return tuple(str(choice) for choice in option.type.choices)


def short_secret() -> str:
    """Ten distinct lower-case letters and digits: a credential to SEC001 and CI001, too
    short for the snippet safety net (which masks bare values of 20 characters or more
    and quoted ones of 12), so only the detection's own span can hide it."""
    while True:
        value = "".join(secrets.SystemRandom().sample(string.ascii_lowercase + string.digits, 10))
        if any(c.isdigit() for c in value) and looks_like_secret(value):  # `fake...` is not
            return value


@dataclass(frozen=True)
class Outputs:
    report: dict[str, Any]  # the JSON report
    texts: Mapping[str, str]  # format -> stdout + stderr

    def leaking(self, secret: str) -> list[str]:
        """The formats whose output holds `secret`."""
        return [name for name, text in self.texts.items() if secret in text]

    def findings(self, rule_id: str) -> list[tuple[str, int, int, int, int, str]]:
        return [
            (f["path"], f["line"], f["column"], f["end_line"], f["end_column"], f["snippet"])
            for f in self.report["findings"]
            if f["rule_id"] == rule_id
        ]


def write(root: Path, files: Mapping[str, str | bytes]) -> None:
    for relpath, content in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))  # no newline translation


def scan(root: Path, *args: str) -> Outputs:
    texts = {}
    for name in formats():
        result = CliRunner().invoke(
            main, ["scan", str(root), "--format", name, *args], catch_exceptions=False
        )
        assert result.exit_code in (0, 1), result.stderr
        texts[name] = result.stdout + result.stderr
    return Outputs(json.loads(texts["json"]), texts)
