"""TOK002: validators of one issuer compared after the scan; the weaker one is reported."""

from __future__ import annotations

from pathlib import Path

from scanner import catalog
from scanner.configuration import Config
from scanner.consistency import gaps, normalised
from scanner.engine import scan
from scanner.model import Finding, Location, TokenValidation

STRICT = """import jwt

ISSUER = "https://login.example.com/"


def claims(token, key):
    return jwt.decode(token, key, algorithms=["RS256"], audience="orders", issuer=ISSUER)
"""
LAX = """import jwt


def claims(token, key):
    return jwt.decode({ignore}
        token,
        key,
        algorithms=["RS256"],
        issuer="https://LOGIN.example.com",
        options={{"verify_aud": False}},
    )
"""
HERE = Location(1, 1, 1, 2)


def _tok002(root: Path, files: dict[str, str], config: Config | None = None) -> list[Finding]:
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    result = scan([root], config or Config(), catalog.load(), jobs=1)
    return [f for f in result.findings if f.rule_id == "TOK002"]


def test_the_weaker_of_two_services_is_reported_with_the_stricter_as_related(
    tmp_path: Path,
) -> None:
    files = {"orders/auth.py": STRICT, "admin/auth.py": LAX.format(ignore="")}
    (finding,) = _tok002(tmp_path, files)
    assert (finding.path, finding.location.line) == ("admin/auth.py", 5)
    assert finding.message == (
        "tokens of https://login.example.com are checked less here than by jwt.decode in "
        "orders/auth.py:7: the audience is not checked"
    )
    assert [(r.path, r.location.line, r.message) for r in finding.related] == [
        ("orders/auth.py", 7, "validates the same issuer")
    ]


def test_a_single_validator_of_an_issuer_is_never_reported(tmp_path: Path) -> None:
    assert _tok002(tmp_path, {"admin/auth.py": LAX.format(ignore="")}) == []


def test_an_ignore_comment_on_the_weaker_validator_suppresses_it(tmp_path: Path) -> None:
    ignored = LAX.format(ignore="  # nhiguard: ignore[TOK002] one-off admin tool")
    (finding,) = _tok002(tmp_path, {"orders/auth.py": STRICT, "admin/auth.py": ignored})
    assert finding.suppression is not None


def test_the_rule_disabled_makes_no_finding(tmp_path: Path) -> None:
    files = {"orders/auth.py": STRICT, "admin/auth.py": LAX.format(ignore="")}
    assert _tok002(tmp_path, files, Config(disable=("TOK002",))) == []


def test_issuers_are_compared_without_case_trailing_slash_or_key_path() -> None:
    assert normalised("https://Login.Example.com/") == "https://login.example.com"
    assert (
        normalised("https://idp.example.org/realms/main/protocol/openid-connect/certs")
        == "https://idp.example.org/realms/main"
    )
    assert normalised("https://idp.example.org/.well-known/openid-configuration") == (
        "https://idp.example.org"
    )


def test_keys_fetched_over_plain_http_are_still_the_issuers(tmp_path: Path) -> None:
    lax = LAX.format(ignore="").replace(
        'issuer="https://LOGIN.example.com"', 'issuer="http://login.example.com/"'
    )
    (finding,) = _tok002(tmp_path, {"orders/auth.py": STRICT, "admin/auth.py": lax})
    assert finding.path == "admin/auth.py"


def test_an_issuer_that_is_no_url_is_compared_as_written() -> None:
    assert normalised("http://[::1/realms/x/") == "http://[::1/realms/x"
    assert normalised("urn:example:issuer") == "urn:example:issuer"


def test_an_unknown_check_never_makes_a_validator_weaker() -> None:
    unknown = TokenValidation("https://idp", "jwt.decode", HERE)
    strict = TokenValidation(
        "https://idp", "jwt.decode", HERE, True, True, True, True, 0, ("RS256",), False
    )
    assert gaps(unknown, strict, 300) == []


def test_every_gap_is_named() -> None:
    weak = TokenValidation(
        "https://idp", "Envoy jwt_authn", HERE, False, False, False, False, 900, ("HS256",), True
    )
    strict = TokenValidation(
        "https://idp", "jwt.decode", HERE, True, True, True, True, 30, ("RS256", "ES256"), False
    )
    assert gaps(weak, strict, 300) == [
        "the audience is not checked",
        "the issuer is not checked",
        "an expired token is accepted",
        "a token without an expiry is accepted",
        "a request without a token passes",
        "leeway 900 s against 30 s",
        "HMAC algorithms are accepted where only asymmetric ones are",
    ]
    assert gaps(strict, weak, 300) == []


def test_leeway_within_the_margin_is_no_gap() -> None:
    a = TokenValidation("https://idp", "a", HERE, leeway_seconds=300)
    b = TokenValidation("https://idp", "b", HERE, leeway_seconds=0)
    assert gaps(a, b, 300) == []
    assert gaps(a, b, 299) == ["leeway 300 s against 0 s"]


AUTH = """import jwt

from .settings import ISSUER


def claims(token, key):
    return jwt.decode(token, key, algorithms=["RS256"], audience="orders", issuer=ISSUER)
"""
LEGACY = """import jwt

from {module} import ISSUER


def legacy_claims(token, key):
    return jwt.decode(
        token, key, algorithms=["RS256"], audience="orders", issuer=ISSUER, options={{"verify_exp": False}}
    )
"""


def test_a_constant_imported_from_a_sibling_module_joins_its_validators(tmp_path: Path) -> None:
    files = {
        "orders/app/settings.py": 'import os\n\nISSUER = os.environ.get("IDP_URL", "")\n',
        "orders/app/auth.py": AUTH,
        "orders/app/legacy.py": LEGACY.format(module=".settings"),
    }
    (finding,) = _tok002(tmp_path, files)
    assert (finding.path, finding.location.line) == ("orders/app/legacy.py", 7)
    assert finding.message == (
        "tokens of the issuer in ISSUER (orders/app/settings.py) are checked less here than by "
        "jwt.decode in orders/app/auth.py:7: an expired token is accepted"
    )


def test_an_absolute_import_of_the_constant_joins_too(tmp_path: Path) -> None:
    files = {
        "svc/app/settings.py": 'ISSUER = "https://idp.example.net/"\n',
        "svc/app/auth.py": AUTH.replace("from .settings", "from app.settings"),
        "svc/app/legacy.py": LEGACY.format(module="app.settings"),
    }
    (finding,) = _tok002(tmp_path, files)
    assert finding.path == "svc/app/legacy.py"


def test_constants_of_one_name_in_unrelated_modules_stay_apart(tmp_path: Path) -> None:
    files = {
        "billing/auth.py": AUTH.replace(
            "from .settings import ISSUER", 'ISSUER = "https://a.example"'
        ),
        "search/auth.py": LEGACY.format(module=".missing").replace(
            "from .missing import ISSUER", 'ISSUER = "https://b.example"'
        ),
    }
    assert _tok002(tmp_path, files) == []


SIMPLE_JWT = """import os
from datetime import timedelta

SIMPLE_JWT = {{
    "ALGORITHM": "RS256",
    "JWK_URL": "https://login.example.com/.well-known/jwks.json",
{entries}    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5),
}}
"""


def _simplejwt(entries: str) -> str:
    return SIMPLE_JWT.format(entries="".join(f"    {e},\n" for e in entries.split(";") if e))


def test_simplejwt_settings_are_a_validator_of_their_issuer(tmp_path: Path) -> None:
    settings = _simplejwt('"ISSUER": "https://login.example.com/";"LEEWAY": 600')
    files = {"orders/auth.py": STRICT, "ledger/ledger/settings.py": settings}
    (finding,) = _tok002(tmp_path, files)
    assert (finding.path, finding.location.line) == ("ledger/ledger/settings.py", 4)
    assert finding.message == (
        "tokens of https://login.example.com are checked less here than by jwt.decode in "
        "orders/auth.py:7: the audience is not checked; leeway 600 s against 0 s"
    )


def test_simplejwt_with_its_audience_and_no_leeway_is_as_strict(tmp_path: Path) -> None:
    settings = _simplejwt('"ISSUER": "https://login.example.com/";"AUDIENCE": "ledger"')
    files = {"orders/auth.py": STRICT, "ledger/ledger/settings.py": settings}
    assert _tok002(tmp_path, files) == []


def test_simplejwt_audience_read_at_run_time_is_not_known_to_be_off(tmp_path: Path) -> None:
    settings = _simplejwt(
        '"ISSUER": "https://login.example.com/";"AUDIENCE": os.environ.get("JWT_AUDIENCE")'
    )
    files = {"orders/auth.py": STRICT, "ledger/ledger/settings.py": settings}
    assert _tok002(tmp_path, files) == []


def test_simplejwt_without_an_issuer_states_nothing(tmp_path: Path) -> None:
    files = {"orders/auth.py": STRICT, "ledger/ledger/settings.py": _simplejwt('"LEEWAY": 600')}
    assert _tok002(tmp_path, files) == []


def test_simplejwt_issuer_from_the_environment_joins_the_validators_reading_it(
    tmp_path: Path,
) -> None:
    reader = STRICT.replace(
        'ISSUER = "https://login.example.com/"', 'ISSUER = os.environ["OIDC_ISSUER"]'
    )
    reader = "import os\n" + reader
    settings = _simplejwt('"ISSUER": os.environ["OIDC_ISSUER"]')
    files = {"orders/auth.py": reader, "ledger/ledger/settings.py": settings}
    (finding,) = _tok002(tmp_path, files)
    assert (finding.path, finding.location.line) == ("ledger/ledger/settings.py", 4)
    assert finding.message.endswith("the audience is not checked")


def test_simplejwt_entries_left_to_a_spread_dict_are_not_known(tmp_path: Path) -> None:
    settings = (
        'JWT_DEFAULTS = {"AUDIENCE": "ledger", "ALGORITHM": "RS256"}\n'
        'SIMPLE_JWT = {**JWT_DEFAULTS, "ISSUER": "https://login.example.com/"}\n'
    )
    files = {"orders/auth.py": STRICT, "ledger/ledger/settings.py": settings}
    assert _tok002(tmp_path, files) == []


def test_simplejwt_settings_changed_after_the_dict_state_nothing(tmp_path: Path) -> None:
    settings = _simplejwt('"ISSUER": "https://login.example.com/";"LEEWAY": 600')
    settings += 'SIMPLE_JWT["AUDIENCE"] = "ledger"\nSIMPLE_JWT.update({"LEEWAY": 0})\n'
    files = {"orders/auth.py": STRICT, "ledger/ledger/settings.py": settings}
    assert _tok002(tmp_path, files) == []
