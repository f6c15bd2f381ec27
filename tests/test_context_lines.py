"""The lines around a finding: what an auditor reads, masked like the finding's own line.

Each finding carries its line and up to two lines either side. A neighbour
line never shows a secret: the file's secret spans, the snippet policy, and
any secret text of the file quoted there are all masked.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from scanner import catalog, engine
from scanner.configuration import Config
from scanner.model import Finding


def _scan(tmp_path: Path, name: str, text: str) -> list[Finding]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return list(engine.scan([tmp_path], Config(), catalog.load(), jobs=1).findings)


def test_context_is_two_lines_either_side_with_the_finding_line_indented(tmp_path: Path) -> None:
    code = (
        "import jwt\n"
        "\n"
        "\n"
        "def peek(token):\n"
        "    claims = jwt.decode(token, options={'verify_signature': False})\n"
        "    return claims\n"
        "\n"
        "\n"
        "def other():\n"
        "    return 1\n"
    )
    [finding] = [f for f in _scan(tmp_path, "peek.py", code) if f.rule_id == "JWT001"]
    assert finding.context == (
        (3, ""),
        (4, "def peek(token):"),
        (5, "    " + finding.snippet),
        (6, "    return claims"),
        (7, ""),
    )


def test_a_key_on_a_neighbour_line_is_masked(tmp_path: Path) -> None:
    key = "sk_" + secrets.token_hex(20)
    code = (
        "import jwt\n"
        "\n"
        f'KEY = "{key}"\n'
        "def peek(token):\n"
        "    return jwt.decode(token, options={'verify_signature': False})\n"
        "def issue(claims):\n"
        '    return jwt.encode(claims, KEY, algorithm="HS256")\n'
    )
    findings = _scan(tmp_path, "issue.py", code)
    [hmac] = [f for f in findings if f.rule_id == "HMAC001"]
    assert hmac.location.line == 3
    below = [f for f in findings if f.location.line == 5]
    assert below, "the test needs a finding two lines under the key"
    for finding in below:
        assert dict(finding.context)[3] == hmac.snippet
        assert all(key not in text for _, text in finding.context)


def test_a_secret_quoted_in_a_neighbour_comment_is_masked(tmp_path: Path) -> None:
    key = "sk_" + secrets.token_hex(20)
    code = (
        "import jwt\n"
        f"# the old key {key} was rotated\n"
        f'SIGNING_KEY = "{key}"\n'
        "def issue(claims):\n"
        '    return jwt.encode(claims, SIGNING_KEY, algorithm="HS256")\n'
    )
    findings = _scan(tmp_path, "issue.py", code)
    assert findings
    for finding in findings:
        for number, text in finding.context:
            assert key not in text, (finding.rule_id, number, text)
            assert key[:12] not in text
    [hmac] = [f for f in findings if f.rule_id == "HMAC001"]
    assert hmac.context[1] == (2, "# ********")


def test_the_base64_of_a_short_password_quoted_on_a_neighbour_line_shows_no_character(
    tmp_path: Path,
) -> None:
    """`S3A5dlJ0MiNMbTRx` is base64 of a 12-character password: its ends are the password's."""
    text = "//a.example.com/:_password=S3A5dlJ0MiNMbTRx\n//b.example.com/:S3A5dlJ0MiNMbTRx=true\n"
    [finding] = _scan(tmp_path, ".npmrc", text)
    assert (finding.rule_id, finding.location.line) == ("SEC001", 1)
    assert finding.context == (
        (1, "//a.example.com/:_password=********"),
        (2, "//b.example.com/:********=********"),
        (3, ""),
    )
