"""A UTF-8 byte order mark at the start of a file is no character of it.

Windows editors write one; parsers skip it, but a `.env` reader that does
not lost the file's first variable, and YAML counted it out of line 1's
columns while the snippet kept it, so the mask missed a character. The
engine drops it where it decodes a file, and column 1 is the character
after it, in every kind of file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from every_output import scan, short_secret, write

BOM = "\ufeff"


@pytest.mark.parametrize(
    ("path", "text", "rule", "columns", "snippet"),
    [
        (".env", "DB_PASSWORD={}\nDEBUG=false\n", "SEC001", (13, 23), "DB_PASSWORD=********"),
        (
            "deploy/values.yaml",
            "password: {}\nreplicas: 2\n",
            "SEC001",
            (11, 21),
            "password: ********",
        ),
        (
            "config/db.json",
            '{{"password": "{}"}}\n',
            "SEC001",
            (15, 25),
            '{"password": "********"}',
        ),
        (
            "config/db.toml",
            'password = "{}"\nport = 5432\n',
            "SEC001",
            (13, 23),
            'password = "********"',
        ),
        (
            "app/tokens.py",
            'SIGNING_KEY = "{}"\n\nimport jwt\n\n\ndef issue(claims):\n'
            '    return jwt.encode(claims, SIGNING_KEY, algorithm="HS256")\n',
            "HMAC001",
            (15, 27),
            'SIGNING_KEY = "********"',
        ),
    ],
    ids=["dotenv", "yaml", "json", "toml", "python"],
)
def test_the_first_line_after_a_byte_order_mark_is_read_and_masked_at_its_columns(
    tmp_path: Path, path: str, text: str, rule: str, columns: tuple[int, int], snippet: str
) -> None:
    secret = short_secret()
    write(tmp_path, {path: BOM + text.format(secret)})
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings(rule) == [(path, 1, columns[0], 1, columns[1], snippet)]
