"""The README's install and hook snippets work as written from a checkout.

nhiguard is not on PyPI yet and has no release tag: the README must say so,
never tell anyone to `pip install nhiguard` or pin a tag that does not
exist, and its `repo: local` hook must work with the real pre-commit once
nhiguard is installed from the checkout (here: the checkout's command put on
PATH, as `pip install /path/to/nhiguard` would). The LICENSE is the
Apache-2.0 text that pyproject.toml names.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from commands import run
from planted import aws_key

REPO_ROOT = Path(__file__).resolve().parents[1]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _local_hook_config() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    (config,) = [b for b in blocks if "repo: local" in b]
    return config


def test_the_readme_says_plainly_that_nhiguard_is_not_on_pypi_yet() -> None:
    assert "nhiguard is not yet published on PyPI and has no release tag yet" in README


def test_no_snippet_installs_nhiguard_from_a_package_index_or_pins_a_missing_tag() -> None:
    assert re.findall(r"pip install (?:-U )?nhiguard\b", README) == []
    assert re.findall(r"rev: v\d", README) == []


def test_the_license_is_the_apache_2_0_text_pyproject_names() -> None:
    text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split("\n")[1:3] == [
        "                                 Apache License",
        "                           Version 2.0, January 2004",
    ]
    assert "END OF TERMS AND CONDITIONS" in text
    assert 'license = "Apache-2.0"' in (REPO_ROOT / "pyproject.toml").read_text()


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository with the README's local hook, nhiguard from this checkout on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    command = bin_dir / "nhiguard"
    command.write_text(
        f'#!/bin/sh\nPYTHONPATH="{REPO_ROOT}" exec "{sys.executable}" -m scanner "$@"\n'
    )
    command.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env['PATH']}",
        HOME=str(home),
        GIT_CONFIG_GLOBAL=os.devnull,
        PRE_COMMIT_HOME=str(home / "cache"),
    )
    env.pop("PYTHONPATH", None)
    root = tmp_path / "project"
    root.mkdir()
    run(["git", "init", "-q", "-b", "main"], root, env)
    (root / ".pre-commit-config.yaml").write_text(_local_hook_config())
    (root / "app.py").write_text("def add(a, b):\n    return a + b\n")
    return root, env


def _pre_commit(root: Path, env: dict[str, str]) -> tuple[int, str]:
    run(["git", "add", "-A"], root, env)
    done = run([sys.executable, "-m", "pre_commit", "run", "--all-files"], root, env, check=False)
    return done.returncode, done.stdout + done.stderr


def test_the_readmes_local_hook_is_a_valid_pre_commit_config() -> None:
    hooks = yaml.safe_load(_local_hook_config())["repos"][0]["hooks"]
    assert [(h["id"], h["entry"], h["require_serial"]) for h in hooks] == [
        ("nhiguard", "nhiguard scan --staged --force-exclude", True)
    ]


def test_the_readmes_local_hook_passes_a_clean_repository(
    project: tuple[Path, dict[str, str]],
) -> None:
    code, output = _pre_commit(*project)
    assert code == 0, output
    assert re.search(r"^nhiguard\.+Passed$", output, re.MULTILINE), output


def test_the_readmes_local_hook_fails_on_a_key_without_printing_it(
    project: tuple[Path, dict[str, str]],
) -> None:
    root, env = project
    key = aws_key()
    (root / "prod.env").write_text(f"AWS_ACCESS_KEY_ID={key}\n")
    code, output = _pre_commit(root, env)
    assert code == 1, output
    assert re.search(r"^\s+1:19\s+HIGH\s+SEC002 known-credential-format", output, re.M), output
    assert key not in output


def test_the_readmes_local_hook_passes_archives_to_nhiguard(
    project: tuple[Path, dict[str, str]],
) -> None:
    root, env = project
    key = aws_key()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("config/prod.env", f"AWS_ACCESS_KEY_ID={key}\n")
    (root / "bundle.zip").write_bytes(buffer.getvalue())
    code, output = _pre_commit(root, env)
    assert code == 1, output
    assert "bundle.zip!config/prod.env" in output
    assert key not in output
