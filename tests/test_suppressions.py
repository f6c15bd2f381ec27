"""Accepting a finding: `nhiguard: ignore[ID] reason` comments and per-file ignores.

A comment accepts the findings of the rules it names on its own line, or on
the next line when it stands alone. The rule id is required (a bare `ignore`
accepts nothing) and the reason is kept. A suppressed finding is never
dropped: it stays in the result, marked with how and why it was accepted.
"""

from __future__ import annotations

import secrets
import string

import pytest

from scanner import suppressions
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.masking import mask
from scanner.model import Rule, Suppression

UPPER_DIGITS = string.ascii_uppercase + string.digits
AWS_KEY = "AKIA" + "".join(secrets.choice(UPPER_DIGITS) for _ in range(16)).replace("E", "F")
GITHUB_TOKEN = "ghp_" + secrets.token_hex(18)
UNVERIFIED = 'return jwt.decode(token, options={"verify_signature": False})'


def _python(*body: str) -> str:
    """A module whose function body starts on line 5."""
    return "import jwt\n\n\ndef peek(token):\n" + "".join(f"    {line}\n" for line in body)


def _marks(
    rules: tuple[Rule, ...], relpath: str, text: str, rule_id: str, config: Config | None = None
) -> list[tuple[int, Suppression | None]]:
    outcome = scan_text(relpath, text, config or Config(), rules)
    return [(f.location.line, f.suppression) for f in outcome.findings if f.rule_id == rule_id]


def _inline(reason: str) -> Suppression:
    return Suppression(kind="inline", reason=reason)


# --- where the comment may be -------------------------------------------------


def test_a_comment_on_the_same_line_accepts_the_finding_and_keeps_the_reason(
    rules: tuple[Rule, ...],
) -> None:
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[JWT001] fixture tokens are unsigned")
    assert _marks(rules, "app/peek.py", text, "JWT001") == [
        (5, _inline("fixture tokens are unsigned"))
    ]


def test_a_comment_alone_on_the_line_above_accepts_the_finding(rules: tuple[Rule, ...]) -> None:
    text = _python("# nhiguard: ignore[JWT001] the gateway verified it", UNVERIFIED)
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(6, _inline("the gateway verified it"))]


def test_a_comment_two_lines_above_accepts_nothing(rules: tuple[Rule, ...]) -> None:
    text = _python("# nhiguard: ignore[JWT001] too far away", "claims = None", UNVERIFIED)
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(7, None)]


def test_a_comment_ending_the_line_above_accepts_only_that_lines_findings(
    rules: tuple[Rule, ...],
) -> None:
    text = _python(
        'first = jwt.decode(token, options={"verify_signature": False})  '
        "# nhiguard: ignore[JWT001] first only",
        UNVERIFIED,
    )
    assert _marks(rules, "app/peek.py", text, "JWT001") == [
        (5, _inline("first only")),
        (6, None),
    ]


@pytest.mark.parametrize(
    ("relpath", "text", "line"),
    [
        (
            "deploy/settings.yaml",
            f"aws:\n  # nhiguard: ignore[SEC002] revoked, kept for the runbook\n  key: {AWS_KEY}\n",
            3,
        ),
        (
            "deploy/settings.yaml",
            f"aws:\n  key: {AWS_KEY}  # nhiguard: ignore[SEC002] revoked, kept for the runbook\n",
            2,
        ),
        (
            ".env",
            f"# nhiguard: ignore[SEC002] revoked, kept for the runbook\nGITHUB_TOKEN={GITHUB_TOKEN}\n",
            2,
        ),
        (
            "config/app.properties",
            f"; nhiguard: ignore[SEC002] revoked, kept for the runbook\naws.key={AWS_KEY}\n",
            2,
        ),
        (
            "web/config.js",
            f'const key = "{AWS_KEY}"; // nhiguard: ignore[SEC002] revoked, kept for the runbook\n',
            1,
        ),
        (
            "docs/keys.md",
            f"<!-- nhiguard: ignore[SEC002] revoked, kept for the runbook -->\n`{AWS_KEY}`\n",
            2,
        ),
    ],
    ids=[
        "yaml-above",
        "yaml-same-line",
        "dotenv-above",
        "ini-semicolon",
        "slashes",
        "html-comment",
    ],
)
def test_every_comment_syntax_accepts_the_finding_with_its_reason(
    relpath: str, text: str, line: int, rules: tuple[Rule, ...]
) -> None:
    assert _marks(rules, relpath, text, "SEC002") == [
        (line, _inline("revoked, kept for the runbook"))
    ]


# --- what the comment must say ------------------------------------------------


@pytest.mark.parametrize(
    "comment",
    [
        "# nhiguard: ignore",
        "# nhiguard: ignore[]",
        "# nhiguard: ignore everything here",
        "# nhiguard: ignore[JWT002] wrong rule",
        "# nhiguard: ignore[JWT0011] not an id of this rule",
        "# nhiguard ignore[JWT001] missing colon",
        "# noqa: JWT001",
    ],
    ids=[
        "no-id",
        "empty-id",
        "no-brackets",
        "wrong-id",
        "longer-id",
        "no-colon",
        "other-tools-syntax",
    ],
)
def test_a_comment_that_does_not_name_the_rule_accepts_nothing(
    comment: str, rules: tuple[Rule, ...]
) -> None:
    text = _python(f"{UNVERIFIED}  {comment}")
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(5, None)]


def test_one_comment_may_name_several_rules(rules: tuple[Rule, ...]) -> None:
    text = _python(
        f'return jwt.decode(token, "{AWS_KEY}", options={{"verify_signature": False}})'
        "  # nhiguard: ignore[HMAC001, JWT001] test vector"
    )
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(5, _inline("test vector"))]
    assert _marks(rules, "app/peek.py", text, "HMAC001") == [(5, _inline("test vector"))]


def test_a_rule_id_in_lower_case_is_recognised(rules: tuple[Rule, ...]) -> None:
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[jwt001] lower case")
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(5, _inline("lower case"))]


def test_a_comment_without_a_reason_says_so(rules: tuple[Rule, ...]) -> None:
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[JWT001]")
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(5, _inline("no reason given"))]


# --- switches and configuration ----------------------------------------------


def test_inline_ignores_can_be_turned_off(rules: tuple[Rule, ...]) -> None:
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[JWT001] fixture tokens are unsigned")
    marks = _marks(rules, "app/peek.py", text, "JWT001", Config(inline_ignores=False))
    assert marks == [(5, None)]


def test_a_per_file_ignore_accepts_the_rule_in_matching_files(rules: tuple[Rule, ...]) -> None:
    config = Config(per_file_ignores={"tests/*": ("JWT001",)})
    marks = _marks(rules, "tests/unit/test_peek.py", _python(UNVERIFIED), "JWT001", config)
    assert marks == [(5, Suppression(kind="config", reason="per-file-ignores: tests/*"))]


def test_a_per_file_ignore_leaves_other_files_and_rules_alone(rules: tuple[Rule, ...]) -> None:
    config = Config(per_file_ignores={"tests/*": ("JWT001",)})
    assert _marks(rules, "app/peek.py", _python(UNVERIFIED), "JWT001", config) == [(5, None)]
    text = f"key: {AWS_KEY}\n"
    assert _marks(rules, "tests/data.yaml", text, "SEC002", config) == [(1, None)]


def test_an_inline_reason_wins_over_a_per_file_ignore(rules: tuple[Rule, ...]) -> None:
    config = Config(per_file_ignores={"tests/*": ("JWT001",)})
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[JWT001] signed upstream")
    marks = _marks(rules, "tests/test_peek.py", text, "JWT001", config)
    assert marks == [(5, _inline("signed upstream"))]


# --- the function itself --------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "line", "expected"),
    [
        (["x = 1  # nhiguard: ignore[SEC002] ok"], 1, _inline("ok")),
        (["# nhiguard: ignore[SEC002] ok", "x = 1"], 2, _inline("ok")),
        (["    # nhiguard: ignore[SEC002] ok", "    x = 1"], 2, _inline("ok")),
        (["y = 2  # nhiguard: ignore[SEC002] ok", "x = 1"], 2, None),
        (["x = 1", "# nhiguard: ignore[SEC002] ok"], 1, None),
        (["x = 1  # nhiguard:ignore[SEC002]ok"], 1, _inline("ok")),
        ([], 1, None),
    ],
    ids=[
        "same-line",
        "line-above",
        "indented-line-above",
        "code-above",
        "line-below",
        "no-spaces",
        "no-lines",
    ],
)
def test_inline_reads_the_finding_line_and_a_comment_line_above(
    lines: list[str], line: int, expected: Suppression | None
) -> None:
    assert suppressions.inline(lines, line, "SEC002") == expected


# --- the reason is shown in reports: masked and bounded ---------------------


def test_a_key_quoted_in_the_reason_is_masked_like_the_finding_it_accepts(
    rules: tuple[Rule, ...],
) -> None:
    text = f"aws:\n  key: {AWS_KEY}  # nhiguard: ignore[SEC002] prod is {AWS_KEY}, revoked\n"
    masked = f"{AWS_KEY[:2]}********{AWS_KEY[-2:]}"
    assert _marks(rules, "deploy/settings.yaml", text, "SEC002") == [
        (2, _inline(f"prod is {masked}, revoked"))
    ]


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("old key was Zx9Kq2Lm7Pw4Rt8VbN3cQa1Ws5Ed6Rf", "old key was ********"),
        ("staging password 'correct horse battery staple'", "staging password '********'"),
        ("was DB_PASSWORD=Winter2024! until May", "was DB_PASSWORD=******** until May"),
        ("hex 9f8e7d6c5b4a39281706f5e4d3c2b1a0 is a test vector", "hex ******** is a test vector"),
        ("fixture tokens are unsigned", "fixture tokens are unsigned"),
    ],
    ids=["key-no-rule-found", "quoted-passphrase", "assignment", "hex", "plain-prose"],
)
def test_a_reason_goes_through_the_snippet_policy(
    reason: str, shown: str, rules: tuple[Rule, ...]
) -> None:
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[JWT001] {reason}")
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(5, _inline(shown))]


def test_a_long_reason_is_cut_to_the_limit(rules: tuple[Rule, ...]) -> None:
    reason = " ".join(["accepted because the gateway verifies it"] * 20)
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[JWT001] {reason}")
    [(_, suppression)] = _marks(rules, "app/peek.py", text, "JWT001")
    assert suppression is not None
    assert len(suppression.reason) == suppressions.MAX_REASON
    assert suppression.reason == reason[: suppressions.MAX_REASON - 1] + "\u2026"


# --- rule names, and ignores that do nothing are said -----------------------


def _notes(
    rules: tuple[Rule, ...], relpath: str, text: str, config: Config | None = None
) -> list[tuple[str, int, str]]:
    outcome = scan_text(relpath, text, config or Config(), rules)
    return [(n.kind.value, n.line, n.detail) for n in outcome.notifications]


def test_a_comment_may_name_the_rule_by_its_name(rules: tuple[Rule, ...]) -> None:
    text = f"AWS_KEY={AWS_KEY}  # nhiguard: ignore[known-credential-format] revoked\n"
    assert _marks(rules, "deploy/.env", text, "SEC002") == [(1, _inline("revoked"))]
    assert _notes(rules, "deploy/.env", text) == []


def test_a_comment_naming_no_rule_is_reported_and_accepts_nothing(rules: tuple[Rule, ...]) -> None:
    text = f"AWS_KEY={AWS_KEY}  # nhiguard: ignore[SEC02] typo\n"
    assert _marks(rules, "deploy/.env", text, "SEC002") == [(1, None)]
    assert _notes(rules, "deploy/.env", text) == [
        ("unknown-ignore", 1, "ignore[SEC02] names no rule (`nhiguard rules` lists them)")
    ]


def test_a_stale_comment_on_a_line_without_a_finding_is_reported(rules: tuple[Rule, ...]) -> None:
    text = _python("claims = decode_verified(token)  # nhiguard: ignore[JWT001] old workaround")
    assert _notes(rules, "app/peek.py", text) == [
        ("unused-ignore", 5, "ignore[JWT001] suppresses no finding of JWT001 here")
    ]


def test_only_the_name_that_suppresses_nothing_is_reported(rules: tuple[Rule, ...]) -> None:
    text = _python(f"{UNVERIFIED}  # nhiguard: ignore[JWT001, HMAC001] test vector")
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(5, _inline("test vector"))]
    assert _notes(rules, "app/peek.py", text) == [
        ("unused-ignore", 5, "ignore[HMAC001] suppresses no finding of HMAC001 here")
    ]


def test_a_comment_alone_above_its_finding_is_in_use(rules: tuple[Rule, ...]) -> None:
    text = _python("# nhiguard: ignore[jwt-signature-not-verified] gateway verified", UNVERIFIED)
    assert _marks(rules, "app/peek.py", text, "JWT001") == [(6, _inline("gateway verified"))]
    assert _notes(rules, "app/peek.py", text) == []


def test_an_ignore_of_a_rule_that_did_not_run_is_not_judged(rules: tuple[Rule, ...]) -> None:
    text = _python("claims = decode_verified(token)  # nhiguard: ignore[JWT001] kept")
    assert _notes(rules, "app/peek.py", text, Config(disable=("JWT001",))) == []


def test_with_inline_ignores_off_no_comment_is_judged(rules: tuple[Rule, ...]) -> None:
    text = _python("claims = decode_verified(token)  # nhiguard: ignore[SEC02] kept")
    assert _notes(rules, "app/peek.py", text, Config(inline_ignores=False)) == []


def test_an_ignore_quoted_in_documentation_is_not_judged(rules: tuple[Rule, ...]) -> None:
    text = "Accept a test key with `# nhiguard: ignore[HMAC001] test key` on its line.\n"
    assert _notes(rules, "docs/usage.md", text) == []


def test_a_secret_shaped_unknown_name_is_masked_in_the_notification(
    rules: tuple[Rule, ...],
) -> None:
    text = f"AWS_KEY=x  # nhiguard: ignore[{AWS_KEY}] pasted the wrong thing\n"
    assert _notes(rules, "deploy/.env", text) == [
        (
            "unknown-ignore",
            1,
            f"ignore[{mask(AWS_KEY)}] names no rule (`nhiguard rules` lists them)",
        )
    ]
