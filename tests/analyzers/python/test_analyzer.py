"""The Python analyzer pays for libcst once per file, masking included."""

from __future__ import annotations

import libcst
import pytest

from scanner.configuration import Config
from scanner.engine import scan_text

PEEK = (
    "import jwt\n"
    "\n"
    "\n"
    "def peek(token):\n"
    '    return jwt.decode(token, "k9Tz4Lq2wX", options={"verify_signature": False})\n'
)


def test_a_key_a_disabled_rule_masks_is_masked_from_the_one_parse(
    rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HMAC001 and HMAC002 are off, yet their mark hides the key in JWT001's snippet."""
    parses: list[str] = []
    real = libcst.parse_module

    def counted(source: str) -> libcst.Module:
        parses.append(source)
        return real(source)

    monkeypatch.setattr(libcst, "parse_module", counted)
    outcome = scan_text("app/peek.py", PEEK, Config(enable=("JWT001",)), rules)
    assert [(f.rule_id, f.location.line, f.snippet) for f in outcome.findings] == [
        (
            "JWT001",
            5,
            'return jwt.decode(token, "********", options={"verify_signature": False})',
        )
    ]
    assert len(parses) == 1
