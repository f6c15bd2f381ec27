"""The pre-commit hook, end to end: the real `pre-commit` installs this repository.

`pre-commit try-repo` and an installed git hook both clone a hook repository
at a commit and pip-install it into a fresh virtualenv (from PyPI), so these
tests prove the manifest, the packaging and the exit codes together. The hook
repository is a committed snapshot of the working tree (tracked and untracked,
not ignored, files), so uncommitted work is what gets tested.

Cost: try-repo builds its environment in a private temporary store every
time (about 25 s each); the installed-hook tests share one PRE_COMMIT_HOME,
so their environment is built once per session.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from commands import run
from planted import SIGNING_CODE

REPO_ROOT = Path(__file__).resolve().parents[1]

SAFE_CODE = (
    "import os\n"
    "\n"
    "import jwt\n"
    "\n"
    "\n"
    "def issue(claims):\n"
    '    return jwt.encode(claims, os.environ["JWT_SECRET"], algorithm="HS256")\n'
)


def leaky_code(key: str) -> str:
    """HMAC001 on line 5."""
    return (
        "import jwt\n"
        "\n"
        "\n"
        "def issue(claims):\n"
        f'    return jwt.encode(claims, "{key}", algorithm="HS256")\n'
    )


def pre_commit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pre_commit", *args]


def init_repo(path: Path, env: Mapping[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    run(["git", "init", "-q", "-b", "main"], path, env)
    run(["git", "config", "user.name", "nhiguard tests"], path, env)
    run(["git", "config", "user.email", "tests@nhiguard.invalid"], path, env)
    run(["git", "config", "commit.gpgsign", "false"], path, env)
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def git_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment minus the caller's git state and settings (hooksPath, signing)."""
    home = tmp_path_factory.mktemp("precommit-home")
    (home / "gitconfig").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(home / "cache"),
        NO_COLOR="1",
    )
    return env


@pytest.fixture(scope="session")
def hook_repo(
    tmp_path_factory: pytest.TempPathFactory, git_env: dict[str, str]
) -> tuple[Path, str]:
    """A committed copy of this checkout's working tree, and its commit sha."""
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        REPO_ROOT,
        git_env,
    ).stdout
    copy = init_repo(tmp_path_factory.mktemp("hook-repo") / "nhiguard", git_env)
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = REPO_ROOT / name
        if source.is_file() and not source.is_symlink():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    assert (copy / ".pre-commit-hooks.yaml").is_file()
    run(["git", "add", "-A"], copy, git_env)
    run(["git", "commit", "-q", "-m", "snapshot of the working tree"], copy, git_env)
    sha = run(["git", "rev-parse", "HEAD"], copy, git_env).stdout.strip()
    return copy, sha


@pytest.fixture(scope="session")
def hooks_installed(
    tmp_path_factory: pytest.TempPathFactory, git_env: dict[str, str], hook_repo: tuple[Path, str]
) -> str:
    """A .pre-commit-config.yaml for the snapshot, its environment built once."""
    path, sha = hook_repo
    config = f"repos:\n  - repo: {path}\n    rev: {sha}\n    hooks:\n      - id: nhiguard\n"
    scratch = init_repo(tmp_path_factory.mktemp("warm-up") / "project", git_env)
    write(scratch / ".pre-commit-config.yaml", config)
    run(pre_commit("install-hooks"), scratch, git_env)
    return config


def hooked_project(root: Path, config: str, env: Mapping[str, str]) -> Path:
    project = init_repo(root / "project", env)
    write(project / ".pre-commit-config.yaml", config)
    run(pre_commit("install"), project, env)
    return project


def test_hook_manifest_is_valid_and_passes_file_names_to_one_staged_scan(
    git_env: dict[str, str],
) -> None:
    manifest = REPO_ROOT / ".pre-commit-hooks.yaml"
    run(pre_commit("validate-manifest", str(manifest)), REPO_ROOT, git_env)
    (hook,) = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    keys = ("id", "entry", "language", "pass_filenames", "types_or", "require_serial")
    assert {k: hook[k] for k in keys} == {
        "id": "nhiguard",
        "entry": "nhiguard scan --staged --force-exclude",
        "language": "python",
        "pass_filenames": True,
        "types_or": ["text", "zip", "tar", "gzip"],
        "require_serial": True,
    }


def test_try_repo_fails_on_a_hardcoded_jwt_key_without_printing_it(
    tmp_path: Path, git_env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    key = f"k3y-{secrets.token_hex(16)}"
    project = init_repo(tmp_path / "project", git_env)
    write(project / "app" / "tokens.py", leaky_code(key))
    run(["git", "add", "app/tokens.py"], project, git_env)

    done = run(
        pre_commit("try-repo", str(hook_repo[0]), "nhiguard", "--files", "app/tokens.py"),
        project,
        git_env,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^nhiguard\.+Failed$", output, re.MULTILINE), output
    assert re.search(r"^\s+5:\d+\s+HIGH\s+HMAC001 hardcoded-signing-secret", output, re.M), output
    assert key not in output


def test_try_repo_all_files_passes_on_a_clean_repo_after_scanning_them(
    tmp_path: Path, git_env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    project = init_repo(tmp_path / "project", git_env)
    write(project / "app" / "tokens.py", SAFE_CODE)
    write(project / "README.md", "# orders\n\nThe signing key comes from JWT_SECRET.\n")
    run(["git", "add", "-A"], project, git_env)

    done = run(
        pre_commit("try-repo", str(hook_repo[0]), "nhiguard", "--all-files", "--verbose"),
        project,
        git_env,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"^nhiguard\.+Passed$", output, re.MULTILINE), output
    # require_serial: one run gets every file name, so one report links them all.
    scanned = [int(n) for n in re.findall(r"^Scanned (\d+) files?", output, re.MULTILINE)]
    assert scanned == [2], output


def test_installed_hook_refuses_a_commit_with_a_hardcoded_jwt_key(
    tmp_path: Path, git_env: dict[str, str], hooks_installed: str
) -> None:
    key = f"k3y-{secrets.token_hex(16)}"
    project = hooked_project(tmp_path, hooks_installed, git_env)
    write(project / "app" / "tokens.py", leaky_code(key))
    run(["git", "add", "-A"], project, git_env)

    done = run(["git", "commit", "-m", "issue tokens"], project, git_env, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "HMAC001" in output
    assert key not in output
    head = run(["git", "rev-parse", "--verify", "-q", "HEAD"], project, git_env, check=False)
    assert head.returncode != 0, "the commit was made"


def test_installed_hook_refuses_a_zip_that_holds_a_cloud_key(
    tmp_path: Path, git_env: dict[str, str], hooks_installed: str
) -> None:
    """pre-commit passes archives to the hook only when the manifest names their types."""
    key = "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    project = hooked_project(tmp_path, hooks_installed, git_env)
    with zipfile.ZipFile(project / "bundle.zip", "w") as archive:
        archive.writestr("conf/prod.env", f"AWS_ACCESS_KEY_ID={key}\n")
    run(["git", "add", "-A"], project, git_env)

    done = run(["git", "commit", "-m", "release bundle"], project, git_env, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "bundle.zip!conf/prod.env" in output
    assert re.search(r"^\s+1:19\s+HIGH\s+SEC002 known-credential-format", output, re.M), output
    assert key not in output


def test_installed_hook_lets_a_clean_commit_through(
    tmp_path: Path, git_env: dict[str, str], hooks_installed: str
) -> None:
    project = hooked_project(tmp_path, hooks_installed, git_env)
    write(project / "app" / "tokens.py", SAFE_CODE)
    run(["git", "add", "-A"], project, git_env)

    done = run(["git", "commit", "-m", "issue tokens"], project, git_env, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"^nhiguard\.+Passed$", output, re.MULTILINE), output
    log = run(["git", "log", "--format=%s"], project, git_env).stdout
    assert log == "issue tokens\n"


def test_installed_hook_judges_an_env_committed_alone_by_the_code_already_committed(
    tmp_path: Path, git_env: dict[str, str], hooks_installed: str
) -> None:
    key = f"Zq{secrets.token_hex(15)}"
    project = hooked_project(tmp_path, hooks_installed, git_env)
    write(project / "app" / "webhooks.py", SIGNING_CODE)
    run(["git", "add", "-A"], project, git_env)
    run(["git", "commit", "-q", "-m", "partner webhooks"], project, git_env)
    write(project / ".env", f"PARTNER_SECRET={key}\n")
    run(["git", "add", ".env"], project, git_env)

    done = run(["git", "commit", "-m", "local settings"], project, git_env, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^\s+1:16\s+HIGH\s+HMAC001 hardcoded-signing-secret", output, re.M), output
    assert "SEC001" not in output
    assert key not in output


def test_installed_hook_lets_a_fixture_the_configuration_excludes_through(
    tmp_path: Path, git_env: dict[str, str], hooks_installed: str
) -> None:
    project = hooked_project(tmp_path, hooks_installed, git_env)
    write(project / ".nhiguard.toml", 'exclude = ["tests/fixtures"]\n')
    write(
        project / "tests" / "fixtures" / "leaky" / ".env", f"API_TOKEN=Zq{secrets.token_hex(15)}\n"
    )
    run(["git", "add", "-A"], project, git_env)

    done = run(["git", "commit", "-m", "fixtures"], project, git_env, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"^nhiguard\.+Passed$", output, re.MULTILINE), output


def test_installed_hook_scans_every_staged_file_in_one_run(
    tmp_path: Path, git_env: dict[str, str], hooks_installed: str
) -> None:
    project = hooked_project(tmp_path, hooks_installed, git_env)
    for number in range(7):
        write(project / "app" / f"handler_{number}.py", SAFE_CODE)
    run(["git", "add", "-A"], project, git_env)

    done = run(pre_commit("run", "--verbose"), project, git_env, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    # Seven handlers and the .pre-commit-config.yaml staged with them: one run, one report.
    scanned = [int(n) for n in re.findall(r"^Scanned (\d+) files", output, re.MULTILINE)]
    assert scanned == [8], output
