"""Config-to-code linking: a committed value that code reads by name and signs with.

Each test builds a real git repository: a `.env` (or compose file) holding a
value, and Python reading it. The value is a signing-key finding (HMAC001,
HMAC002) at its config line only when the code uses it as a key.
"""

from __future__ import annotations

import secrets
import string
from pathlib import Path

from git_repo import git_repo

from scanner import catalog
from scanner.configuration import Config
from scanner.engine import scan
from scanner.model import Finding, Location, Related

ALNUM = string.ascii_letters + string.digits
SIGNER = """import hashlib
import hmac
import os


def sign(body: bytes) -> str:
    return hmac.new(os.environ["PARTNER_API_SECRET"].encode(), body, hashlib.sha256).hexdigest()
"""


def _key() -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(40))


def _findings(*paths: Path) -> list[Finding]:
    return list(scan(list(paths), Config(), catalog.load(), jobs=1).findings)


def _at(findings: list[Finding], path: str) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.line) for f in findings if f.path == path]


def test_a_dotenv_value_code_signs_with_is_a_hardcoded_signing_key(tmp_path: Path) -> None:
    root = git_repo(
        tmp_path,
        {".env": f"APP_ENV=production\nPARTNER_API_SECRET={_key()}\n", "app/signer.py": SIGNER},
    )
    findings = _findings(root)
    assert _at(findings, ".env") == [("HMAC001", 2)]
    (linked,) = findings
    assert linked.message == (
        "signing key for PARTNER_API_SECRET is hardcoded in the repository; "
        "used as the key of hmac.new at app/signer.py:7"
    )
    assert linked.related == (
        Related(
            "app/signer.py",
            Location(7, 12, 7, 85),
            "read as PARTNER_API_SECRET, the key of hmac.new",
        ),
    )


def test_the_same_value_unused_by_code_stays_a_generic_secret(tmp_path: Path) -> None:
    root = git_repo(
        tmp_path, {".env": f"PARTNER_API_SECRET={_key()}\n", "app/main.py": "print(1)\n"}
    )
    assert _at(_findings(root), ".env") == [("SEC001", 1)]


def test_a_value_code_reads_for_something_else_stays_a_generic_secret(tmp_path: Path) -> None:
    code = (
        "import os\n\nimport psycopg\n\n\n"
        "def connect():\n"
        '    return psycopg.connect(password=os.environ["DB_PASSWORD"])\n'
    )
    root = git_repo(tmp_path, {".env": f"DB_PASSWORD={_key()}\n", "app/db.py": code})
    assert _at(_findings(root), ".env") == [("SEC001", 1)]


def test_a_weak_value_code_signs_with_is_a_weak_signing_key(tmp_path: Path) -> None:
    root = git_repo(tmp_path, {".env": "PARTNER_API_SECRET=hunter2\n", "app/signer.py": SIGNER})
    (weak,) = _findings(root)
    assert (weak.rule_id, weak.path, weak.location.line) == ("HMAC002", ".env", 1)
    assert weak.message.startswith("PARTNER_API_SECRET is a weak signing key")
    assert weak.snippet == "PARTNER_API_SECRET=********"


def test_environment_names_match_exactly_as_the_os_reads_them(tmp_path: Path) -> None:
    code = SIGNER.replace("PARTNER_API_SECRET", "partner_api_secret")
    root = git_repo(tmp_path, {".env": f"PARTNER_API_SECRET={_key()}\n", "app/signer.py": code})
    assert _at(_findings(root), ".env") == [("SEC001", 1)]


def test_a_settings_attribute_matches_in_any_case_as_pydantic_reads_dotenv(
    tmp_path: Path,
) -> None:
    code = (
        "import jwt\n\nfrom app.config import settings\n\n\n"
        "def mint(claims):\n"
        '    return jwt.encode(claims, settings.partner_api_secret, algorithm="HS256")\n'
    )
    root = git_repo(tmp_path, {".env": f"PARTNER_API_SECRET={_key()}\n", "app/tokens.py": code})
    findings = _findings(root)
    assert _at(findings, ".env") == [("HMAC001", 1)]
    assert findings[0].related[0].path == "app/tokens.py"


def test_a_compose_environment_entry_code_signs_with_is_linked(tmp_path: Path) -> None:
    compose = (
        "services:\n"
        "  api:\n"
        "    image: registry.example.com/api:1.4\n"
        "    environment:\n"
        f"      - PARTNER_API_SECRET={_key()}\n"
    )
    root = git_repo(tmp_path, {"docker-compose.yml": compose, "app/signer.py": SIGNER})
    assert _at(_findings(root), "docker-compose.yml") == [("HMAC001", 5)]


def test_a_key_named_as_a_signing_key_names_the_code_that_uses_it(tmp_path: Path) -> None:
    code = (
        "import os\n\nimport jwt\n\n\n"
        "def read(token):\n"
        '    return jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"],'
        ' audience="orders", issuer="https://auth.example.com")\n'
    )
    root = git_repo(tmp_path, {".env": f"JWT_SECRET={_key()}\n", "app/auth.py": code})
    (named,) = _findings(root)
    assert named.message == (
        "signing key for JWT_SECRET is hardcoded in the repository; "
        "used as the key of jwt.decode at app/auth.py:7"
    )
    assert [(r.path, r.location.line) for r in named.related] == [("app/auth.py", 7)]


def test_each_use_is_a_related_location_and_the_message_counts_them(tmp_path: Path) -> None:
    second = SIGNER.replace("def sign(", "def sign_again(")
    root = git_repo(
        tmp_path,
        {".env": f"PARTNER_API_SECRET={_key()}\n", "app/a.py": SIGNER, "app/b.py": second},
    )
    (linked,) = _findings(root)
    assert linked.message.endswith("used as the key of hmac.new at app/a.py:7 and 1 more place")
    assert [r.path for r in linked.related] == ["app/a.py", "app/b.py"]


def test_an_inline_ignore_accepts_the_linked_finding(tmp_path: Path) -> None:
    dotenv = (
        f"# nhiguard: ignore[HMAC001] sandbox partner key, revoked\nPARTNER_API_SECRET={_key()}\n"
    )
    root = git_repo(tmp_path, {".env": dotenv, "app/signer.py": SIGNER})
    (linked,) = _findings(root)
    assert linked.rule_id == "HMAC001"
    assert linked.suppression is not None
    assert linked.suppression.reason == "sandbox partner key, revoked"


def test_a_scan_of_the_config_file_alone_cannot_see_the_use(tmp_path: Path) -> None:
    """A pre-commit run on `.env` alone: the code is not scanned, so the value is SEC001."""
    root = git_repo(tmp_path, {".env": f"PARTNER_API_SECRET={_key()}\n", "app/signer.py": SIGNER})
    assert _at(_findings(root / ".env"), ".env") == [("SEC001", 1)]


def test_a_linked_value_in_two_environments_is_still_reuse(tmp_path: Path) -> None:
    key = _key()
    root = git_repo(
        tmp_path,
        {
            ".env.development": f"PARTNER_API_SECRET={key}\n",
            ".env.production": f"PARTNER_API_SECRET={key}\n",
            "app/signer.py": SIGNER,
        },
    )
    found = sorted((f.rule_id, f.path) for f in _findings(root))
    assert found == [
        ("HMAC001", ".env.development"),
        ("HMAC001", ".env.production"),
        ("SEC003", ".env.production"),
    ]


def test_an_environment_variable_with_a_neutral_name_is_linked(tmp_path: Path) -> None:
    code = SIGNER.replace("PARTNER_API_SECRET", "ARCHIVE_STAMP")
    root = git_repo(tmp_path, {".env": f"ARCHIVE_STAMP={_key()}\n", "app/signer.py": code})
    assert _at(_findings(root), ".env") == [("HMAC001", 1)]


def test_a_neutral_setting_outside_an_environment_is_not_linked(tmp_path: Path) -> None:
    """`archive: {stamp: ...}` in YAML is no variable `os.environ` could read."""
    code = SIGNER.replace('os.environ["PARTNER_API_SECRET"]', 'os.environ["stamp"]')
    root = git_repo(
        tmp_path, {"config/app.yaml": f"archive:\n  stamp: {_key()}\n", "app/signer.py": code}
    )
    assert _findings(root) == []


def test_a_key_assigned_to_a_framework_setting_says_so(tmp_path: Path) -> None:
    settings = 'import os\n\nSECRET_KEY = os.environ["PORTAL_COOKIE_SEED"]\n'
    root = git_repo(
        tmp_path, {".env": f"PORTAL_COOKIE_SEED={_key()}\n", "portal/settings.py": settings}
    )
    (linked,) = _findings(root)
    assert linked.message.endswith("; assigned to SECRET_KEY at portal/settings.py:3")
    assert linked.related[0].message == "read as PORTAL_COOKIE_SEED, SECRET_KEY"


def test_an_unlinked_variable_leaves_other_snippets_on_its_line_unmasked(tmp_path: Path) -> None:
    compose = (
        "services:\n"
        "  api:\n"
        "    environment:\n"
        "      OIDC_ISSUER: http://auth.example.com/realms/api\n"
    )
    root = git_repo(tmp_path, {"docker-compose.yml": compose, "app/signer.py": SIGNER})
    (endpoint,) = _findings(root)
    assert endpoint.rule_id == "JWT010"
    assert endpoint.snippet == "OIDC_ISSUER: http://auth.example.com/realms/api"


def test_a_linked_value_is_masked_in_other_snippets_of_its_line(tmp_path: Path) -> None:
    stamp, password = "correct-horse-battery-staple-orders", _key()
    dockerfile = f"FROM python:3.12-slim\nENV ARCHIVE_STAMP={stamp} DB_PASSWORD={password}\n"
    code = SIGNER.replace("PARTNER_API_SECRET", "ARCHIVE_STAMP")
    root = git_repo(tmp_path, {"Dockerfile": dockerfile, "app/signer.py": code})
    findings = _findings(root)
    assert [(f.rule_id, f.location.column) for f in findings] == [("HMAC001", 19), ("SEC001", 67)]
    for finding in findings:
        assert stamp not in finding.snippet
        assert password not in finding.snippet


def test_a_nested_setting_is_not_linked_by_its_last_key(tmp_path: Path) -> None:
    storage = f"recaptcha:\n  secret_key: {_key()}\nminio:\n  SECRET_KEY: {_key()}\n"
    code = (
        "import jwt\n\nfrom app.config import settings\n\n\n"
        "def mint(claims):\n"
        '    return jwt.encode(claims, settings.SECRET_KEY, algorithm="HS256")\n'
    )
    root = git_repo(tmp_path, {"config/storage.yaml": storage, "app/tokens.py": code})
    assert _at(_findings(root), "config/storage.yaml") == [("SEC001", 2), ("SEC001", 4)]


def test_an_accepted_generic_secret_stays_accepted_once_linked(tmp_path: Path) -> None:
    dotenv = (
        f"# nhiguard: ignore[SEC001] sandbox partner key, revoked\nPARTNER_API_SECRET={_key()}\n"
    )
    root = git_repo(tmp_path, {".env": dotenv, "app/signer.py": SIGNER})
    (linked,) = _findings(root)
    assert linked.rule_id == "HMAC001"
    assert linked.suppression is not None
    assert linked.suppression.reason == "sandbox partner key, revoked (accepted as SEC001)"


def test_an_unlinked_variable_moves_no_fingerprint(tmp_path: Path) -> None:
    alone = git_repo(tmp_path / "alone", {".env": "JWT_SECRET=changeme\n"})
    after = git_repo(tmp_path / "after", {".env": "ADMIN_STAMP=changeme\nJWT_SECRET=changeme\n"})
    (first,) = _findings(alone)
    (second,) = _findings(after)
    assert first.fingerprint == second.fingerprint


def test_a_public_key_path_read_by_code_is_not_linked(tmp_path: Path) -> None:
    dotenv = "JWT_ALGORITHM=RS256\nJWT_PUBLIC_KEY=/run/secrets/jwt.pub\n"
    code = (
        "import jwt\n\nfrom app.config import settings\n\n\n"
        "def read(token):\n"
        "    return jwt.decode(token, settings.jwt_public_key, algorithms=[settings.jwt_algorithm])\n"
    )
    root = git_repo(tmp_path, {".env": dotenv, "app/auth.py": code})
    assert _at(_findings(root), ".env") == []


def test_a_private_key_of_an_rs256_simplejwt_is_not_linked(tmp_path: Path) -> None:
    settings = (
        "import os\n\n"
        'SIMPLE_JWT = {"ALGORITHM": "RS256", "SIGNING_KEY": os.environ["TOKEN_SIGNER"]}\n'
    )
    root = git_repo(tmp_path, {".env": f"TOKEN_SIGNER={_key()}\n", "portal/settings.py": settings})
    assert _at(_findings(root), ".env") == [("SEC001", 1)]


def test_an_aliased_value_is_linked_under_the_name_code_reads(tmp_path: Path) -> None:
    compose = (
        "x-keys:\n"
        f"  stamp: &stamp {_key()}\n"
        "services:\n"
        "  api:\n"
        "    environment:\n"
        "      ARCHIVE_STAMP: *stamp\n"
        "      LEDGER_STAMP: *stamp\n"
    )
    code = SIGNER.replace("PARTNER_API_SECRET", "LEDGER_STAMP")
    root = git_repo(tmp_path, {"docker-compose.yml": compose, "app/signer.py": code})
    (linked,) = _findings(root)
    assert (linked.rule_id, linked.location.line) == ("HMAC001", 2)
    assert linked.related[0].message == "read as LEDGER_STAMP, the key of hmac.new"


def test_a_value_long_enough_for_hs256_is_weak_for_an_hs512_use(tmp_path: Path) -> None:
    code = (
        "import os\n\nimport jwt\n\n\n"
        "def mint(claims):\n"
        '    return jwt.encode(claims, os.environ["PARTNER_API_SECRET"], algorithm="HS512")\n'
    )
    root = git_repo(tmp_path, {".env": f"PARTNER_API_SECRET={_key()}\n", "app/tokens.py": code})
    found = sorted((f.rule_id, f.message) for f in _findings(root))
    assert found == [
        (
            "HMAC001",
            "signing key for PARTNER_API_SECRET is hardcoded in the repository; "
            "used as the key of jwt.encode at app/tokens.py:7",
        ),
        (
            "HMAC002",
            "PARTNER_API_SECRET is a weak signing key (40 bytes, under the 64 bytes its "
            "algorithm needs); used as the key of jwt.encode at app/tokens.py:7",
        ),
    ]


def test_a_value_long_enough_for_hs256_stays_strong_for_an_hs256_use(tmp_path: Path) -> None:
    root = git_repo(tmp_path, {".env": f"PARTNER_API_SECRET={_key()}\n", "app/signer.py": SIGNER})
    assert [f.rule_id for f in _findings(root)] == ["HMAC001"]


def test_a_named_key_is_weak_for_the_hmac_sha512_that_reads_it(tmp_path: Path) -> None:
    code = SIGNER.replace("PARTNER_API_SECRET", "WEBHOOK_SECRET").replace("sha256", "sha512")
    root = git_repo(tmp_path, {".env": f"WEBHOOK_SECRET={_key()}\n", "app/signer.py": code})
    found = [(f.rule_id, f.message.split(";")[0]) for f in _findings(root)]
    assert found == [
        ("HMAC001", "signing key for WEBHOOK_SECRET is hardcoded in the repository"),
        (
            "HMAC002",
            "WEBHOOK_SECRET is a weak signing key (40 bytes, under the 64 bytes its algorithm needs)",
        ),
    ]
