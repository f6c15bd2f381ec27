"""`scanner.git` reads a repository's objects (for pinned peer files, later for history).

Objects are read as stored: a filter or textconv driver the repository names
would run on work-tree content, and must never run here.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from git_repo import git_repo

from scanner import git


def _committed(root: Path, files: dict[str, str]) -> tuple[Path, str]:
    git_repo(root, files)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), *env, "commit", "-qm", "one"], check=True)
    head = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    )
    return root / ".git", head.stdout.strip()


def test_a_pinned_commit_is_found_and_an_unknown_one_is_not(tmp_path: Path) -> None:
    git_dir, head = _committed(tmp_path / "repo", {"app/auth.py": "import jwt\n"})
    assert git.has_commit(git_dir, head)
    assert not git.has_commit(git_dir, "0" * 40)


def test_a_commit_lists_every_file_of_its_tree(tmp_path: Path) -> None:
    git_dir, head = _committed(
        tmp_path / "repo", {"app/auth.py": "import jwt\n", "deploy/.env": "LOG_LEVEL=info\n"}
    )
    assert git.tree_paths(git_dir, head) == ("app/auth.py", "deploy/.env")


def test_a_blob_is_read_as_stored_and_no_filter_driver_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    git_dir, head = _committed(
        tmp_path / "repo",
        {".gitattributes": "*.py filter=evil diff=evil\n", "app/auth.py": "import jwt\n"},
    )
    for setting in ("filter.evil.smudge", "filter.evil.clean", "diff.evil.textconv"):
        subprocess.run(
            ["git", "--git-dir", str(git_dir), "config", setting, f"touch {marker}; cat"],
            check=True,
        )
    assert git.blob(git_dir, head, "app/auth.py") == b"import jwt\n"
    assert git.blob(git_dir, head, "app/missing.py") is None
    assert not marker.exists()
