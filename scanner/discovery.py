"""Which files a scan reads, and what kind each one is.

Inside a git work tree the answer is git's (tracked plus untracked-but-not-
ignored), so `.gitignore` means what the team already says it means. Outside
git the tree is walked with default excludes. Either way a symlink never
leads the scan out of the root, and a loop of links cannot trap it.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scanner.model import FileKind, Notification, NotificationKind

DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "build",
    "dist",
    "*.egg-info",
    "site-packages",
)
_CI_NAMES = {
    ".travis.yml": FileKind.CI,
    "azure-pipelines.yml": FileKind.CI,
    "azure-pipelines.yaml": FileKind.CI,
    "bitbucket-pipelines.yml": FileKind.CI,
    ".drone.yml": FileKind.CI,
    "jenkinsfile": FileKind.CI,
    ".gitlab-ci.yml": FileKind.GITLAB_CI,
    ".gitlab-ci.yaml": FileKind.GITLAB_CI,
}
_SUFFIXES = {
    ".py": FileKind.PYTHON,
    ".pyi": FileKind.PYTHON,
    ".yml": FileKind.YAML,
    ".yaml": FileKind.YAML,
    ".json": FileKind.JSON,
    ".jsonc": FileKind.JSON,
    ".toml": FileKind.TOML,
    ".env": FileKind.DOTENV,
    ".properties": FileKind.INI,
    ".ini": FileKind.INI,
    ".cfg": FileKind.INI,
    ".conf": FileKind.INI,
}


@dataclass(frozen=True, slots=True)
class FileRef:
    path: Path
    relpath: str
    kind: FileKind


def classify(relpath: str) -> FileKind:
    """The analyzer family a file belongs to, from its repo-relative path alone."""
    posix = PurePosixPath(relpath)
    name = posix.name.lower()
    parts = [p.lower() for p in posix.parts]
    is_yaml = name.endswith((".yml", ".yaml"))
    if is_yaml and len(parts) >= 3 and parts[-3:-1] == [".github", "workflows"]:
        return FileKind.GITHUB_ACTIONS
    if name in ("action.yml", "action.yaml") and ".github" in parts:
        return FileKind.GITHUB_ACTIONS
    if name in _CI_NAMES:
        return _CI_NAMES[name]
    if is_yaml and ".circleci" in parts:
        return FileKind.CI
    if name == "dockerfile" or name.startswith("dockerfile.") or name.endswith(".dockerfile"):
        return FileKind.DOCKERFILE
    if name == ".env" or name.startswith(".env."):
        return FileKind.DOTENV
    return _SUFFIXES.get(posix.suffix.lower(), FileKind.TEXT)


def is_excluded(relpath: str, patterns: Iterable[str]) -> bool:
    """A glob matches the whole relative path or any one of its folder/file names."""
    parts = relpath.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatchcase(relpath, pattern):
            return True
        if "/" not in pattern and any(fnmatch.fnmatchcase(p, pattern) for p in parts):
            return True
    return False


def find_root(paths: Iterable[Path]) -> Path:
    """The folder all reported paths are relative to: the git top level when there is one."""
    first = next(iter(paths), Path("."))
    folder = first if first.is_dir() else (first.parent if str(first.parent) else Path("."))
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is not None:
        return Path(top.decode().strip()).resolve()
    if first.is_dir():
        return first.resolve()
    return Path.cwd().resolve()


def discover(
    paths: Iterable[Path], root: Path, excludes: Iterable[str]
) -> tuple[list[FileRef], list[Notification]]:
    """Files under `paths`, sorted; files named explicitly are never excluded by pattern."""
    patterns = (*DEFAULT_EXCLUDES, *excludes)
    found: dict[str, FileRef] = {}
    notes: list[Notification] = []
    for path in paths:
        if path.is_symlink() or path.is_file():
            ref = _file_ref(path, root, notes)
            if ref is not None:
                found[ref.relpath] = ref
            continue
        if not path.is_dir():
            notes.append(Notification(str(path), NotificationKind.UNREADABLE, "no such file"))
            continue
        for candidate in _files_under(path.resolve(), root):
            rel = _relative(candidate, root)
            if rel is None or is_excluded(rel, patterns):
                continue
            ref = _file_ref(candidate, root, notes)
            if ref is not None:
                found[ref.relpath] = ref
    return [found[k] for k in sorted(found)], notes


def _files_under(folder: Path, root: Path) -> Iterator[Path]:
    listed = _git(folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed is not None:
        for name in sorted(set(listed.decode("utf-8", "surrogateescape").split("\0"))):
            if name:
                yield folder / name
        return
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath) / name


def _file_ref(path: Path, root: Path, notes: list[Notification]) -> FileRef | None:
    rel = _relative(path, root) or path.as_posix()
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            notes.append(
                Notification(rel, NotificationKind.UNREADABLE, "broken or looping symlink")
            )
            return None
        if not target.is_relative_to(root) or not target.is_file():
            notes.append(Notification(rel, NotificationKind.SYMLINK_OUTSIDE_ROOT, "not followed"))
            return None
    elif not path.is_file():
        return None  # a deleted-but-tracked file, a socket, a fifo
    return FileRef(path=path, relpath=rel, kind=classify(rel))


def _relative(path: Path, root: Path) -> str | None:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return None


def _git(folder: Path, *args: str) -> bytes | None:
    """git's answer, or None outside a work tree or without git installed."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
