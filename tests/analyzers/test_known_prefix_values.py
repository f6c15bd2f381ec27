"""A value with a known prefix is judged by exactly one rule, and filler by none.

SEC002 reports a value whose provider format it recognises in full; a value
that only starts like one (cut short, a character missing) is SEC001's, by
its key name and entropy, as any other secret. A prefix followed by filler,
a key id inside a longer word, PEM markers with no key between them and a
Slack token too short to be one are reported by neither.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import Rule

_OPENAI_FULL = (
    "sk-proj-Qm4xZr8Tq2Wv7Lp3Nc9Hb5Jd1Fg6Ys0Ue8Ri4Ow2Ta_-T3BlbkFJ-_Kp7Xc3Vb9Nm1Lq5Zw8Er2Ty6Ui0Op4As"
)
_SENDGRID_FULL = "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"


def _found(text: str, rules: Sequence[Rule], path: str = ".env") -> list[tuple[str, int, str]]:
    outcome = scan_text(path, text, Config(), rules)
    return [
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else "")
        for f in outcome.findings
    ]


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("OPENAI_API_KEY=sk-proj-Qm4x_Zr8Tq2-T3BlbkFJ_v9Lw3Kp7Xc", "sk********Xc"),
        ("PYPI_TOKEN=pypi-AgEIcHlwaS5vcmcCJGQ3Yj9mZTQx", "py********Qx"),
        # Keys vary a little in length (39-50 after the second dot); eight characters short
        # is shorter than any.
        (f"SENDGRID_API_KEY={_SENDGRID_FULL[:-8]}", "SG********Zb"),
    ],
    ids=["openai-cut-short", "pypi-short", "sendgrid-cut-short"],
)
def test_a_value_that_only_starts_like_a_format_is_judged_as_a_secret(
    line: str, masked: str, rules: Sequence[Rule]
) -> None:
    assert _found(line + "\n", rules) == [("SEC001", 1, masked)]


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f"OPENAI_API_KEY={_OPENAI_FULL}", "sk********As"),
        (f"SENDGRID_API_KEY={_SENDGRID_FULL}", "SG********8T"),
    ],
    ids=["openai", "sendgrid"],
)
def test_a_value_in_its_full_format_is_reported_once_by_the_format_rule(
    line: str, masked: str, rules: Sequence[Rule]
) -> None:
    assert _found(line + "\n", rules) == [("SEC002", 1, masked)]


@pytest.mark.parametrize(
    "line",
    [
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "GITLAB_TOKEN=glpat-XXXXXXXXXXXXXXXXXXXX",
        "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX",
        "SLACK_TOKEN=xoxp-...-####",
        "SLACK_BOT_TOKEN=xoxb-572370529330-573807301142-####################",
    ],
    ids=["github-filler", "gitlab-filler", "aws-filler", "slack-dots-and-hashes", "slack-hashes"],
)
def test_a_prefix_followed_by_filler_is_reported_by_no_rule(
    line: str, rules: Sequence[Rule]
) -> None:
    assert _found(line + "\n", rules) == []


@pytest.mark.parametrize(
    "value",
    [
        "xoxb-12345-abcd234",
        "NOTAKIAZ7Q4W2E9R5T1Y3U6WORD",
        "video_box.ico-7a388b69018576d24b59331fd60aab0c.png",
    ],
    ids=["slack-too-short", "aws-inside-a-word", "infracost-prefix-in-a-file-name"],
)
def test_a_shape_the_format_does_not_allow_is_not_reported_as_one(
    value: str, rules: Sequence[Rule]
) -> None:
    assert _found(f"value: {value}\n", rules, "deploy/values.yaml") == []


def test_private_key_markers_with_no_key_between_them_are_not_reported(
    rules: Sequence[Rule],
) -> None:
    text = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"
    assert _found(text, rules, "docs/keys.md") == []


def test_a_private_key_is_reported_once_even_where_its_body_looks_like_a_token(
    rules: Sequence[Rule],
) -> None:
    body = [
        "APAEhRdc9FfwxaxCHKZBiM7ND+pAm6vpom07ZUgxSppsrXZAxDncTwAeCumDpeOL",
        "LAcSBsw02swOIHFfqHNrkELLr4KJqws+zeAk6R2nq0k16AVdNX+Rb7T3OKmuLawx",
    ]
    text = (
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
        + "\n".join(body)
        + "\n-----END PGP PRIVATE KEY BLOCK-----\n"
    )
    assert [(rule, line) for rule, line, _ in _found(text, rules, "keys/signing.asc")] == [
        ("SEC002", 1)
    ]
