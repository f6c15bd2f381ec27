"""SEC003: one secret in several places, found from digests after every file is analysed."""

from __future__ import annotations

import json
import secrets
import tracemalloc
from pathlib import Path

import pytest
from git_repo import git_repo

from scanner import catalog, reuse
from scanner.configuration import Config
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


def test_a_token_printed_by_its_own_notebook_cell_is_not_reuse(tmp_path: Path) -> None:
    token = "hf_" + "".join(
        secrets.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(34)
    )
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [
            {"name": "stdout", "output_type": "stream", "text": [f"logging in with {token}\n"]}
        ],
        "source": [f'HF_TOKEN = "{token}"\n', 'print(f"logging in with {HF_TOKEN}")'],
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = git_repo(tmp_path, {"explore.ipynb": json.dumps(notebook, indent=1)})
    assert _reuse(root) == []


def test_a_password_recorded_twice_in_terraform_state_is_reused_once_against_its_config(
    tmp_path: Path,
) -> None:
    password = _secret()
    state = {
        "version": 4,
        "outputs": {"db_password": {"value": password, "type": "string", "sensitive": True}},
        "resources": [
            {
                "type": "aws_db_instance",
                "name": "orders",
                "instances": [{"attributes": {"password": password, "username": "orders"}}],
            }
        ],
    }
    root = git_repo(
        tmp_path,
        {
            "main.tf": f'resource "aws_db_instance" "orders" {{\n  password = "{password}"\n}}\n',
            "terraform.tfstate": json.dumps(state, indent=2),
        },
    )
    (finding,) = _reuse(root)
    assert finding.path == "terraform.tfstate"
    assert "in 1 other place (also in main.tf:2)" in finding.message


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


def test_a_secret_repeated_2000_times_lists_a_bounded_number_of_other_places(
    tmp_path: Path,
) -> None:
    # Listing every other place on every finding grew as N²: 2,000 repeats of one
    # key (41 KB) took 6 GB. Each finding now lists the first few and counts the rest.
    key = "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    (tmp_path / "keys.txt").write_text(f"aws_access_key_id = {key}\n" * 2000, encoding="utf-8")
    tracemalloc.start()
    try:
        found = _reuse(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(found) == 1999
    assert {len(f.related) for f in found} == {reuse.MAX_RELATED}
    last = found[-1]
    assert [r.location.line for r in last.related] == list(range(1, reuse.MAX_RELATED + 1))
    assert last.message == (
        "the same secret is used in 1999 other places (also in keys.txt:1)"
        f"; {reuse.MAX_RELATED} listed and 1979 more"
    )
    assert peak < 200 * 1024 * 1024
    assert key not in last.message + last.snippet


def test_a_finding_with_few_other_places_lists_them_all_without_a_count(tmp_path: Path) -> None:
    key = _secret()
    (tmp_path / "a.env").write_text(f"JWT_SECRET={key}\n" * 3, encoding="utf-8")
    found = _reuse(tmp_path)
    assert [[r.location.line for r in f.related] for f in found] == [[1, 3], [1, 2]]
    assert found[0].message == "the same secret is used in 2 other places (also in a.env:1)"
