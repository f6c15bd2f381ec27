"""`scanner.masking`: the one place a raw secret becomes something a report may show.

A long value shows its first and last two characters (`ab********yz`), a
short one none. The match digest lets one scan pair equal secrets and never
leaves it; a report carries a digest only keyed by the organisation's
NHIGUARD_SALT, so the report alone confirms no guessed secret. `mask_line` masks the spans analyzers found, then anything
secret-shaped they did not, and leaves code words and URLs readable.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pytest

from scanner import masking
from scanner.model import Evidence


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("abcdefghijklmnopqrstuvwxyz", "ab********yz"),
        ("0123456789abcdef", "01********ef"),
        ("0123456789abcde", "********"),
        ("hunter2", "********"),
        ("x", "********"),
        ("", "********"),
    ],
    ids=["long", "sixteen-shows-its-ends", "fifteen-shows-nothing", "short", "one", "empty"],
)
def test_mask_shows_two_characters_at_each_end_of_long_values_only(value: str, masked: str) -> None:
    assert masking.mask(value) == masked


def test_evidence_is_the_masked_form_the_length_and_the_digest() -> None:
    value = "Zx9Kq2Lm7Pw4Rt8VbN3c"
    assert masking.evidence(value) == Evidence("Zx********3c", 20, masking.digest(value))


def test_digest_is_the_same_for_the_same_value() -> None:
    assert masking.digest("Zx9Kq2Lm7Pw4Rt8V") == masking.digest("Zx9Kq2Lm7Pw4Rt8V")


def test_digest_differs_for_different_values() -> None:
    assert masking.digest("Zx9Kq2Lm7Pw4Rt8V") != masking.digest("Zx9Kq2Lm7Pw4Rt8W")


def test_the_match_digest_is_keyed_not_a_plain_hash_of_the_value() -> None:
    raw = b"Zx9Kq2Lm7Pw4Rt8V"
    plain = {hashlib.sha256(raw).hexdigest()[:32], hashlib.sha1(raw).hexdigest()[:32]}
    assert masking.digest(raw.decode()) not in plain


def test_the_match_digest_ignores_nhiguard_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NHIGUARD_SALT", raising=False)
    unsalted = masking.digest("Zx9Kq2Lm7Pw4Rt8V")
    monkeypatch.setenv("NHIGUARD_SALT", "acme-security-2026-q4")
    assert masking.digest("Zx9Kq2Lm7Pw4Rt8V") == unsalted


@pytest.mark.parametrize(
    "environ",
    [{}, {"NHIGUARD_SALT": ""}, {"NHIGUARD_SALT": "acme-2026"}],
    ids=["unset", "empty", "shorter-than-16-bytes"],
)
def test_without_an_organisation_salt_no_digest_is_published(environ: dict[str, str]) -> None:
    key = masking.report_key(environ)
    assert key is None
    assert masking.published(masking.digest("Zx9Kq2Lm7Pw4Rt8V"), key) == ""


def test_the_published_digest_is_the_match_digest_keyed_by_the_organisation_salt() -> None:
    key = masking.report_key({"NHIGUARD_SALT": "acme-security-2026-q4"})
    match = masking.digest("Zx9Kq2Lm7Pw4Rt8V")
    assert key == b"acme-security-2026-q4"
    assert (
        masking.published(match, key)
        == (hmac.new(b"acme-security-2026-q4", match.encode(), hashlib.sha256).hexdigest()[:32])
    )


def test_a_salt_that_is_not_utf8_keys_digests_as_the_os_gave_it() -> None:
    raw = b"acme-\xff\xfe-security-2026"
    key = masking.report_key({"NHIGUARD_SALT": os.fsdecode(raw)})
    assert key == raw
    assert len(masking.published(masking.digest("Zx9Kq2Lm7Pw4Rt8V"), key)) == 32


@pytest.mark.parametrize(
    ("line", "spans", "masked"),
    [
        ('key = "hunter2"', [(7, 14)], 'key = "********"'),
        ('KEY = "orders-signing-key-2f9c7e1a4b8d"', [(7, 38)], 'KEY = "or********8d"'),
        ("a=hunter2 b=swordfish", [(12, 21), (2, 9)], "a=******** b=********"),
        ("token: abcdefghijklmnop", [(7, 15), (12, 23)], "token: ab********op"),
        ("token: abcdefghijklmnop", [(7, 15), (7, 23)], "token: ab********op"),
        ("pair: aaaabbbbccccdddd", [(6, 14), (14, 22)], "pair: aa********dd"),
        ("nothing: here", [(3, 3)], "nothing: here"),
    ],
    ids=[
        "short-span",
        "long-span",
        "two-spans-out-of-order",
        "overlapping-spans-masked-as-one",
        "nested-spans",
        "touching-spans",
        "empty-span-ignored",
    ],
)
def test_mask_line_masks_every_span_analyzers_found(
    line: str, spans: list[tuple[int, int]], masked: str
) -> None:
    assert masking.mask_line(line, spans) == masked


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ('token = "Zx9Kq2Lm7Pw4Rt8V"', 'token = "********"'),
        ("password: 'correct-Horse-7-battery'", "password: '********'"),
        ("export AWS_SECRET=Zx9Kq2Lm7Pw4Rt8VbN3c", "export AWS_SECRET=********"),
        ("key: Zx9Kq2Lm7Pw4Rt8VbN3cQ==", "key: ********"),
        ("  qNDn6kP80DQUuF0xzGE/+/qocSmB9uwN8cuXbgKWU91ZqrvWiiVn4DYkhrbCwzIs", "  ********"),
        ("# rotated: ghp_R2x9Lq7Vt4Wm8Kp3Zc6Ns1Hb5Jd0Fg2Ye7Ua", "# ********"),
        ("AKIAZ7Q4W2E9R5T1Y3U6 in a sentence", "******** in a sentence"),
        ("aws_access_key_id: AKIAQWERTYUIOPASDFGH", "aws_access_key_id: ********"),
        ('secret = "QwErTyUiOpAsDfGhJkLzXcVbNm"', 'secret = "********"'),
    ],
    ids=[
        "quoted",
        "quoted-with-dashes",
        "bare-after-equals-keeps-the-name",
        "base64-padding",
        "base64-with-slashes",
        "token-in-a-comment",
        "upper-case-and-digits",
        "aws-key-id-without-a-digit",
        "random-letters-without-a-digit",
    ],
)
def test_mask_line_hides_values_no_analyzer_reported_without_showing_their_ends(
    line: str, masked: str
) -> None:
    assert masking.mask_line(line, []) == masked


@pytest.mark.parametrize(
    "line",
    [
        'claims = jwt.decode(token, key, options={"verify_signature": False})',
        'jwt.decode(token, key, algorithms=["HS256", "RS256"])',
        "header = jwt.get_unverified_header(token)",
        'ISSUER = "https://auth.example.com/.well-known/openid-configuration"',
        "jwks_uri: https://login.example.com/tenant-42/discovery/v2.0/keys",
        'SETTINGS_MODULE = "project.settings.Production"',
        "ACCESS_TOKEN_EXPIRE_MINUTES = 30",
        "path: src/app/settings/base_settings_2024.py",
        "key = os.environ['JWT_SECRET_KEY']",
        "header = getUnverifiedHeaderForToken(token)",
        'AUTHENTICATION_BACKENDS = ["SimpleJWTAuthenticationBackend"]',
    ],
    ids=[
        "option-names",
        "algorithm-names",
        "function-names",
        "quoted-url",
        "bare-url",
        "dotted-name",
        "constant-name",
        "file-path",
        "environment-lookup",
        "camel-case-name",
        "camel-case-name-with-an-acronym",
    ],
)
def test_mask_line_leaves_code_words_and_urls_as_they_are(line: str) -> None:
    assert masking.mask_line(line, []) == line


def test_mask_line_does_not_mask_a_masked_value_twice() -> None:
    assert masking.mask_line('k = "Zx********8V"', []) == 'k = "Zx********8V"'


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("app/settings.py", "app/settings.py"),
        ("a\nb", "a\\x0ab"),
        ("report\r::warning::forged", "report\\x0d::warning::forged"),
        ("evil\u202etxt.py", "evil\\u202etxt.py"),
        ("line\u2028break", "line\\u2028break"),
        ("caf" + os.fsdecode(b"\xe9") + ".toml", "caf\\xe9.toml"),
        ("AKIAZ7Q4W2E9R5T1Y3U6", "AK********U6"),
        ("SEC001", "SEC001"),
        (
            "https://ci:hunter2x@git.example.com/org/app",
            "https://ci:********@git.example.com/org/app",
        ),
        (
            "//bob:hunter2x@npm.example.com/:_authToken",
            "//bob:********@npm.example.com/:_authToken",
        ),
    ],
    ids=[
        "plain",
        "newline",
        "carriage-return",
        "bidi",
        "line-separator",
        "not-utf8",
        "key",
        "rule-id",
        "url-password",
        "scheme-relative-url-password",
    ],
)
def test_shown_names_are_one_line_and_mask_secret_shaped_tokens(name: str, shown: str) -> None:
    assert masking.shown(name) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "//bob:Ab3/Xq9Zr@registry.example.com/:_authToken",
            "//bob:********@registry.example.com/:_authToken",
        ),
        ("//carl:Pq4@Vn8KSe5@registry2.example.com/", "//carl:********@registry2.example.com/"),
        (
            "//ci:Wq9xLm2R@npm.pkg.github.com/@acme/:_authToken",
            "//ci:********@npm.pkg.github.com/@acme/:_authToken",
        ),
        ("//npm.pkg.github.com/@acme/:_authToken", "//npm.pkg.github.com/@acme/:_authToken"),
    ],
    ids=[
        "slash-in-password",
        "at-in-password",
        "scoped-path-after-host",
        "scoped-path-no-userinfo",
    ],
)
def test_a_url_password_is_masked_up_to_the_at_before_its_host(text: str, shown: str) -> None:
    assert masking.without_url_passwords(text) == shown
