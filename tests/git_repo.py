"""A real git repository in a temp folder, holding the given files: what a scan of a project sees."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

# Committer settings passed on the command line: the caller's git configuration plays no part.
_IDENTITY = ("-c", "user.name=nhiguard tests", "-c", "user.email=tests@nhiguard.invalid")
_QUIET = ("-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null")


def git_repo(root: Path, files: dict[str, str]) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    """Run a git command in `root` as a user would; its stdout."""
    done = subprocess.run(
        ["git", *_IDENTITY, *_QUIET, "-C", str(root), *args],
        check=True,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    )
    return done.stdout


def commit(root: Path, message: str, files: Mapping[str, str | None], when: str) -> str:
    """Write the files (None deletes one), commit everything authored at `when`; the new sha."""
    if not (root / ".git").exists():
        git_repo(root, {})
        git(root, "checkout", "-q", "-b", "main")
    for name, text in files.items():
        if text is None:
            (root / name).unlink()
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    subprocess.run(
        [
            "git",
            *_IDENTITY,
            *_QUIET,
            "-C",
            str(root),
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            message,
        ],
        check=True,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        },
    )
    return git(root, "rev-parse", "HEAD").strip()
