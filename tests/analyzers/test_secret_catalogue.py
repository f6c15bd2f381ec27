"""The provider catalogue behind SEC002, run from each format's own samples.

Every format carries synthetic true and false samples. A true sample is
reported by SEC002, with the format's kind in the message and the whole
credential masked; a false sample (placeholder filler, a template, a key id
inside a longer word) is not. Samples go under a neutral YAML key, so only
the format can tell; formats that need a provider keyword or a URL around
the value are read in a text file, since in config files SEC001 judges
those values by their key names.
"""

from __future__ import annotations

import importlib
import random
import secrets
import string
import time
import zlib
from collections.abc import Sequence
from typing import Any

import pytest

from scanner.analyzers.secret_catalogue import ANCHORS, FORMATS
from scanner.analyzers.secret_catalogue.format import Extent, Format
from scanner.analyzers.secret_catalogue.search import search
from scanner.analyzers.secret_catalogue.validators import crc32_base62
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import Finding, Rule

_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _file(fmt: Format, sample: str) -> tuple[str, str]:
    if fmt.owned_by:
        return "notes/handover.txt", sample + "\n"
    body = "\n".join(f"  {line}" for line in sample.split("\n"))
    return "deploy/values.yaml", f"value: |\n{body}\n"


def _sec002(path: str, text: str, rules: Sequence[Rule]) -> list[Finding]:
    return [f for f in scan_text(path, text, Config(), rules).findings if f.rule_id == "SEC002"]


def _sec002_reported(path: str, text: str, rules: Sequence[Rule]) -> list[Any]:
    """What SEC002 reports: kind in the message, line and masked evidence."""
    found = _sec002(path, text, rules)
    return [(f.message, f.location.line, f.evidence and f.evidence.masked) for f in found]


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _cases(which: str) -> list[Any]:
    return [
        pytest.param(fmt, sample, id=f"{fmt.kind}-{which}-{n}")
        for fmt in FORMATS
        for n, sample in enumerate(getattr(fmt, which))
    ]


@pytest.mark.parametrize(("fmt", "sample"), _cases("true"))
def test_a_true_sample_is_reported_with_its_kind_and_masked(
    fmt: Format, sample: str, rules: Sequence[Rule]
) -> None:
    found = _sec002(*_file(fmt, sample), rules)
    assert [f.message for f in found] == [f"{fmt.kind} committed to the repository"]
    assert found[0].evidence is not None
    random_words = [w for w in sample.replace('"', " ").split() if len(w) >= 16 and _has_digit(w)]
    assert [w for w in random_words if w in found[0].snippet] == []


@pytest.mark.parametrize(("fmt", "sample"), _cases("false"))
def test_a_false_sample_is_not_reported(fmt: Format, sample: str, rules: Sequence[Rule]) -> None:
    assert _sec002(*_file(fmt, sample), rules) == []


@pytest.mark.parametrize(("fmt", "sample"), _cases("true"))
def test_every_true_sample_holds_an_anchor_of_its_format(fmt: Format, sample: str) -> None:
    assert any(anchor in sample for anchor in fmt.anchors)


def test_anchors_are_collected_from_the_formats_once_each() -> None:
    assert sorted(ANCHORS) == sorted({a for fmt in FORMATS for a in fmt.anchors})


def _checked(prefix: str, random_part: str) -> str:
    number = zlib.crc32(random_part.encode())
    digits = ""
    for _ in range(6):
        number, digit = divmod(number, 62)
        digits = _BASE62[digit] + digits
    return f"{prefix}_{random_part}{digits}"


def test_a_github_token_with_a_valid_checksum_passes_and_one_changed_character_fails() -> None:
    token = _checked("ghp", "".join(secrets.choice(_BASE62) for _ in range(30)))
    changed = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    assert crc32_base62(token)
    assert not crc32_base62(changed)


def test_a_checksum_proves_a_token_whose_entropy_alone_would_not(rules: Sequence[Rule]) -> None:
    low = "".join(random.Random(7).choice("ab") for _ in range(30))
    token = _checked("ghp", low)
    found = _sec002("deploy/values.yaml", f"value: {token}\n", rules)
    assert [(f.location.line, f.evidence.masked if f.evidence else "") for f in found] == [
        (1, f"gh********{token[-2:]}")
    ]
    unchecked = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert _sec002("deploy/values.yaml", f"value: {unchecked}\n", rules) == []


_ODD = ["\r", "\n", "\r\n", "\ufeff", "\u2028", "é", "💥", "\\n", '"', "'", " ", "=", ":", "-", "."]


@pytest.mark.parametrize("seed", range(40))
def test_the_anchor_pass_places_every_credential_inside_its_line_whatever_the_bytes(
    seed: int, rules: Sequence[Rule]
) -> None:
    # Anchors glued to samples, line breaks of every kind, NULs, non-ASCII and escapes.
    pick = random.Random(seed)
    pieces = [*ANCHORS, *(s for fmt in FORMATS for s in (*fmt.true, *fmt.false))]
    text = "".join(
        pick.choice(pieces) if pick.random() < 0.5 else pick.choice(_ODD) for _ in range(120)
    )
    outcome = scan_text("notes/dump.txt", text, Config(), rules)
    assert [n for n in outcome.notifications if n.kind.value == "analyzer-error"] == []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in outcome.findings:
        where = finding.location
        assert 1 <= where.line <= len(lines)
        assert 1 <= where.column <= len(lines[where.line - 1]) + 1


def _cpu_seconds_to_search(line: str) -> float:
    started = time.process_time()
    search(line)
    return time.process_time() - started


def test_a_300_kb_line_of_every_anchor_repeated_is_searched_in_linear_time() -> None:
    # Runs of each anchor and no delimiter: each window once reached the line's end.
    run = 300_000 // len(ANCHORS)
    line = "".join(anchor * (run // len(anchor) + 1) for anchor in ANCHORS)
    assert _cpu_seconds_to_search(line) < 1.0


@pytest.mark.parametrize("anchor", ["lk_", "ops_eyJ", "jdbc:"])
def test_a_300_kb_line_of_one_anchor_is_searched_in_linear_time(anchor: str) -> None:
    # A token regex tried at each of 40-100k starts must not read on to the line's end.
    line = anchor * (300_000 // len(anchor))
    assert _cpu_seconds_to_search(line) < 1.0


# detect-secrets' plugins whose formats the catalogue covers (its keyword and high-entropy
# plugins are SEC001's judgement of key names, not formats).
_DETECT_SECRETS_PLUGINS = (
    "artifactory:ArtifactoryDetector",
    "aws:AWSKeyDetector",
    "azure_storage_key:AzureStorageKeyDetector",
    "basic_auth:BasicAuthDetector",
    "discord:DiscordBotTokenDetector",
    "github_token:GitHubTokenDetector",
    "gitlab_token:GitLabTokenDetector",
    "ibm_cloud_iam:IbmCloudIamDetector",
    "ibm_cos_hmac:IbmCosHmacDetector",
    "jwt:JwtTokenDetector",
    "mailchimp:MailchimpDetector",
    "npm:NpmDetector",
    "openai:OpenAIDetector",
    "private_key:PrivateKeyDetector",
    "pypi_token:PypiTokenDetector",
    "sendgrid:SendGridDetector",
    "slack:SlackDetector",
    "softlayer:SoftlayerDetector",
    "square_oauth:SquareOAuthDetector",
    "stripe:StripeDetector",
    "telegram_token:TelegramBotTokenDetector",
    "twilio:TwilioKeyDetector",
)


@pytest.mark.parametrize(
    ("fmt", "sample"), [c for c in _cases("true") if c.values[0].extent is Extent.LINE]
)
def test_what_detect_secrets_finds_in_a_true_sample_the_catalogue_finds_too(
    fmt: Format, sample: str
) -> None:
    # Its false samples are the catalogue's placeholder decisions: detect-secrets reports
    # `ghp_xxxx...`, `AKIAXXXX...`, markers with no key, a too-short Slack token.
    found = search(sample).found
    for name in _DETECT_SECRETS_PLUGINS:
        module, cls = name.split(":")
        plugin = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), cls)()
        for line in sample.split("\n"):
            for value in filter(None, plugin.analyze_string(line)):
                start = sample.find(value)
                end = start + len(value)
                assert any(f.start < end and start < f.end for f in found), (name, value)


def test_a_body_after_a_common_word_is_a_key_beside_its_provider_or_random_by_shape(
    rules: Sequence[Rule],
) -> None:
    # A UUID or a digest has a key's shape: only the provider's name tells. A mixed-case body
    # of the provider's length is a key; a CamelCase name or an UPPER_CASE constant is none.
    text = (
        'TRACE_ID = "api-550e8400-e29b-41d4-a716-446655440000"\n'
        'DIGEST = "sk_9e107d9d372bb6826bd81d3542a419d6"\n'
        'launchdarkly_key = "sdk-5b344bb5-d00c-1c3a-605a-23adf7fd582c"\n'
        'iex_token = "sk_08ffb703c9e514316695ec76e9ea4b3b"\n'
        'CACHE = "key-d41d8cd98f00b204e9800998ecf8427e"\n'
        'ASSET = "web_9e107d9d372bb6826bd81d3542a419d6"\n'
        'RELEASE = "live_StreamingConfigurationForRegion"\n'
        'NAME = "KEY_ROTATION_SCHEDULE_FOR_THE_PAYMENT_SERVICE_IN_EU_01"\n'
        'COLUMN = "live_q7Lm2Vx9Rt4Kp8Wz3Nb6Hd1Jf5G"\n'
        'CLOSE = "api_Rk4vN8qLm2Xz7Tp3Wb9Hc6.1Fg5Ys8Ua2Ei4Oo7Pq3Lz9"\n'
    )
    assert _sec002_reported("app/data.py", text, rules) == [
        ("LaunchDarkly key committed to the repository", 3, "sd********2c"),
        ("IEX Cloud secret token committed to the repository", 4, "sk********3b"),
        ("Column API key committed to the repository", 9, "li********5G"),
        ("Close API key committed to the repository", 10, "ap********z9"),
    ]


def test_a_test_mode_key_is_reported_below_a_live_key(rules: Sequence[Rule]) -> None:
    keys = {
        "live": "sk_live_9Vb3Kq7Xm2Lp8Rt4Wz6Nc1Hd",
        "test": "sk_test_7Qm2XvR9pLk4Tz8Wn3Bh6Jd1",
        "publishable": "pk_test_Gh5Tn2Yq8Lm4Rv7Xb3Kz9Wc1",
        "plaid": "access-sandbox-5f1e2d3c-4b5a-4697-8a7b-6c5d4e3f2a1b",
    }
    text = "".join(f"{name}: {value}\n" for name, value in keys.items())
    found = _sec002("deploy/values.yaml", text, rules)
    scores = {f.location.line: (f.message, f.adjustment and f.adjustment.score) for f in found}
    assert scores == {
        1: ("Stripe key committed to the repository", None),
        2: ("Stripe test-mode key committed to the repository", 5.3),
        4: ("Plaid sandbox access token committed to the repository", 5.3),
    }


def test_a_key_printed_in_its_providers_documentation_is_no_leak(rules: Sequence[Rule]) -> None:
    # Tutorials copy the provider's own sample keys, as AWS's `AKIAIOSFODNN7EXAMPLE`.
    text = (
        "Set `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE` for the local stack.\n"
        "Set `STRIPE_SECRET_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc` to try the samples.\n"
        "Or `sk_test_BQokikJOvBiI2HlWgH4olfQ2` with `pk_test_6pRNASCoBOKtIshFeQd4XMUh`.\n"
        "A restricted key: `rk_test_4eC39HqLyjWDarjtT1zdp7dc`.\n"
        "curl --user 'api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0' https://api.mailgun.net/v3\n"
        "Our own test key: `sk_test_7Qm2XvR9pLk4Tz8Wn3Bh6Jd1`.\n"
    )
    outcome = scan_text("README.md", text, Config(), rules)
    assert [
        (f.rule_id, f.location.line, f.evidence and f.evidence.masked) for f in outcome.findings
    ] == [
        ("SEC002", 6, "sk********d1"),
    ]


def test_a_name_in_mixed_case_with_digits_after_a_providers_prefix_is_no_key(
    rules: Sequence[Rule],
) -> None:
    # Cache keys, class names and enum members spell words; the providers' keys stay reported.
    values = {
        "CACHE_KEY": "lk_RemoteLinkCacheEntries2",
        "client_class": "secret_KeyVaultClient22",
        "RELEASE": "live_StreamingConfigV2ForRegions",
        "SCHEDULER": "sk_cache_RemoteUserSessionTokenRefreshSchedulers2",
        "class_path": "pk_prod_OAuth2ClientCredentialsCache",
        "ROLE": "KEYServiceAccountCredentialsForPaymentsV2InEuropeWest1Zone",
        "BAREMETRICS": "lk_1dUq5mOFiebwMwADttJDFe",
        "CONVERTAPI": "secret_akFhOCg8lxuMAgM2",
    }
    text = "".join(f'{name} = "{value}"\n' for name, value in values.items())
    assert _sec002_reported("app/settings.py", text, rules) == [
        ("Baremetrics API key committed to the repository", 7, "lk********Fe"),
        ("ConvertAPI secret committed to the repository", 8, "se********M2"),
    ]
