"""SEC003: one secret in several places, found from digests after every file is analysed."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from git_repo import git_repo

from scanner import catalog
from scanner.config import Config
from scanner.engine import scan
from scanner.model import Finding
from scanner.reuse import environment


def _reuse(root: Path) -> list[Finding]:
    result = scan([root], Config(), catalog.load(), jobs=1)
    return [f for f in result.findings if f.rule_id == "SEC003"]


def _secret() -> str:
    return secrets.token_urlsafe(24)


def test_a_key_shared_by_development_and_production_is_reused_across_environments(
    tmp_path: Path,
) -> None:
    key = _secret()
    root = git_repo(
        tmp_path,
        {".env.development": f"JWT_SECRET={key}\n", ".env.production": f"JWT_SECRET={key}\n"},
    )
    (finding,) = _reuse(root)
    assert (finding.path, finding.location.line) == (".env.production", 1)
    assert (
        finding.message
        == "the same secret is used across environments (development, production) (also in .env.development:1)"
    )
    assert finding.adjustment is not None and finding.adjustment.score == 7.5
    assert [(r.path, r.location.line) for r in finding.related] == [(".env.development", 1)]
    assert key not in finding.message + finding.snippet


def test_a_password_shared_by_two_services_is_reused_in_another_place(tmp_path: Path) -> None:
    password = _secret()
    root = git_repo(
        tmp_path,
        {
            "billing/config.yaml": f"database:\n  password: {password}\n",
            "orders/config.yaml": f"database:\n  password: {password}\n",
        },
    )
    (finding,) = _reuse(root)
    assert (finding.path, finding.location.line, finding.adjustment) == (
        "orders/config.yaml",
        2,
        None,
    )
    assert "in 1 other place (also in billing/config.yaml:2)" in finding.message


def test_values_shorter_than_min_length_are_never_compared(tmp_path: Path) -> None:
    root = git_repo(
        tmp_path, {"a/.env": "API_TOKEN=Zx9q2LmT7\n", "b/.env": "API_TOKEN=Zx9q2LmT7\n"}
    )
    assert _reuse(root) == []


def test_an_inline_ignore_of_sec003_keeps_the_finding_as_suppressed(tmp_path: Path) -> None:
    key = _secret()
    root = git_repo(
        tmp_path,
        {
            ".env.production": f"JWT_SECRET={key}\n",
            ".env.staging": f"# nhiguard: ignore[SEC003] staging mirrors production on purpose\nJWT_SECRET={key}\n",
        },
    )
    (finding,) = _reuse(root)
    assert finding.suppression is not None
    assert finding.suppression.reason == "staging mirrors production on purpose"


def test_reuse_findings_keep_their_fingerprint_when_unrelated_lines_move(tmp_path: Path) -> None:
    key = _secret()
    root = git_repo(tmp_path, {"a.env": f"JWT_SECRET={key}\n", "b.env": f"JWT_SECRET={key}\n"})
    before = _reuse(root)[0].fingerprint
    (root / "b.env").write_text(f"# rotated 2026-11\nLOG_LEVEL=info\nJWT_SECRET={key}\n")
    assert _reuse(root)[0].fingerprint == before


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".env.production", "production"),
        ("deploy/values-dev.yaml", "development"),
        ("k8s/prod/secret.yaml", "production"),
        ("config/staging/app.yml", "staging"),
        ("services/orders/settings.py", None),
        ("docs/production-readiness.md", "production"),
    ],
    ids=[
        "dotenv-suffix",
        "helm-values",
        "folder",
        "staging-folder",
        "no-environment",
        "word-in-name",
    ],
)
def test_environment_is_read_from_the_path(path: str, expected: str | None) -> None:
    assert environment(path) == expected
