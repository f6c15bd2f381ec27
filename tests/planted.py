"""Fake credentials made at test time, in the shapes the scanner must recognise, and the
command-line runners the history, baseline and change-scan tests share.

Secrets are made per call, so no test can pass on a value it was written for.
"""

from __future__ import annotations

import json
import secrets
import string
from typing import Any

from click.testing import CliRunner, Result

from scanner.cli import main

UPPER_DIGITS = string.ascii_uppercase + string.digits
MONDAY = "2026-01-05T10:00:00+00:00"
TUESDAY = "2026-01-06T11:30:00+00:00"

# Signs with the key a config file holds as PARTNER_SECRET: a .env value of that name is HMAC001.
SIGNING_CODE = (
    "import hashlib\n"
    "import hmac\n"
    "import os\n"
    "\n"
    "\n"
    "def sign(body):\n"
    '    key = os.environ["PARTNER_SECRET"].encode()\n'
    "    return hmac.new(key, body, hashlib.sha256).hexdigest()\n"
)


def aws_key() -> str:
    """An AWS access key id; never one of AWS's documentation keys, which are placeholders."""
    while True:
        key = "AKIA" + "".join(secrets.choice(UPPER_DIGITS) for _ in range(16))
        if "EXAMPLE" not in key:
            return key


def planted() -> str:
    """A 32-character random key: SEC001 in a config file, HMAC001 where code signs with it."""
    return f"Zq{secrets.token_hex(15)}"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def scan_json(*args: str) -> tuple[int, dict[str, Any]]:
    """The exit code and JSON report of `nhiguard scan ARGS`."""
    done = invoke("scan", *args, "--format", "json")
    document: dict[str, Any] = json.loads(done.stdout)
    return done.exit_code, document
