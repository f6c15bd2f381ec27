"""Fake credentials made at test time, in the shapes the scanner must recognise."""

from __future__ import annotations

import secrets
import string

UPPER_DIGITS = string.ascii_uppercase + string.digits


def aws_key() -> str:
    """An AWS access key id; never one of AWS's documentation keys, which are placeholders."""
    while True:
        key = "AKIA" + "".join(secrets.choice(UPPER_DIGITS) for _ in range(16))
        if "EXAMPLE" not in key:
            return key
