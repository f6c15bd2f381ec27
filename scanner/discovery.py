"""Which files a scan reads, and what kind each one is.

Inside a git work tree the answer is git's (tracked plus untracked-but-not-
ignored), so `.gitignore` means what the team already says it means. Outside
git the tree is walked with default excludes. Either way a symlink never
leads the scan out of the root, and a loop of links cannot trap it.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scanner import git
from scanner.file_kinds import format_of
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
_REFUSED = "repository owned by another user: walked, .gitignore not applied"


@dataclass(frozen=True, slots=True)
class FileRef:
    path: Path
    relpath: str
    kind: FileKind


def classify(relpath: str) -> FileKind:
    """The analyzer family a file belongs to, from its repo-relative path alone."""
    return format_of(relpath).kind


def is_excluded(relpath: str, patterns: Iterable[str]) -> bool:
    """A glob matches the whole relative path, one of its folders, or any one of its names.

    `node_modules` and `*.egg-info` skip a folder wherever it is; `src/legacy`
    and `tests/fixtures/*` skip what is under that path.
    """
    return _excluder(tuple(patterns))(relpath)


@functools.lru_cache(maxsize=64)
def _excluder(patterns: tuple[str, ...]) -> _Excluder:
    return _Excluder(patterns)


class _Excluder:
    """`is_excluded` for one set of patterns: compiled once, each folder decided once."""

    def __init__(self, patterns: tuple[str, ...], named: str = "") -> None:
        globs = [p.rstrip("/") for p in patterns if p.rstrip("/")]
        names = [g for g in globs if "/" not in g]
        self._path = re.compile("|".join(fnmatch.translate(g) for g in globs)) if globs else None
        self._name = re.compile("|".join(fnmatch.translate(n) for n in names)) if names else None
        self._folders: dict[str, bool] = {"": False}
        while named:  # a folder named on the command line is scanned, whatever its path
            self._folders[named] = False
            named = named.rpartition("/")[0]

    def __call__(self, relpath: str) -> bool:
        folder, _, name = relpath.rpartition("/")
        return self._matches(relpath, name) or self.folder(folder)

    def folder(self, folder: str) -> bool:
        """Whether everything under the folder (a relative path, "" for the root) is skipped."""
        known = self._folders.get(folder)
        if known is None:
            parent, _, name = folder.rpartition("/")
            known = self._folders[folder] = self._matches(folder, name) or self.folder(parent)
        return known

    def _matches(self, path: str, name: str) -> bool:
        return bool(
            (self._path is not None and self._path.match(path))
            or (self._name is not None and self._name.match(name))
        )


def find_root(paths: Iterable[Path]) -> Path:
    """The folder all reported paths are relative to: the git top level when there is one."""
    first = next(iter(paths), Path("."))
    folder = first if first.is_dir() else (first.parent if str(first.parent) else Path("."))
    try:
        top = git.toplevel(folder)
    except git.Untrusted:
        top = None  # discover() says so, once it knows which folder it walks
    if top is not None:
        return top.resolve()
    if first.is_dir():
        return first.resolve()
    return Path.cwd().resolve()


def discover(
    paths: Iterable[Path], root: Path, excludes: Iterable[str]
) -> tuple[list[FileRef], list[Notification]]:
    """Files under `paths`, sorted.

    Excludes apply below the paths named: a file or folder named explicitly is
    scanned even when a pattern (`build`, `.venv`) would match its own path.
    """
    patterns = (*DEFAULT_EXCLUDES, *excludes)
    found: dict[str, FileRef] = {}  # by the name on disk: two names may be escaped alike
    notes: list[Notification] = []
    for path in paths:
        if not os.path.lexists(path):
            notes.append(
                Notification(
                    report_name(path.as_posix()), NotificationKind.UNREADABLE, "no such file"
                )
            )
            continue
        if path.is_symlink() or not path.is_dir():
            rel = _relative(path, root) or path.as_posix()
            ref = _file_ref(Path(os.path.realpath(path.parent), path.name), rel, root, notes)
            if ref is not None:
                found[rel] = ref
            continue
        folder = path.resolve()
        base = _relative(folder, root)
        if base is None:  # a second tree outside the root: named as the user named it
            base = path.as_posix()
        excluded = _Excluder(patterns, "" if base == "." else base)
        listed = _files_under(folder, "" if base == "." else f"{base}/", excluded, notes)
        for candidate, rel in listed:
            if excluded(rel):
                continue
            ref = _file_ref(candidate, rel, root, notes)
            if ref is not None:
                found[rel] = ref
    files = sorted(found.items(), key=lambda item: (item[1].relpath, item[0]))
    return [ref for _, ref in files], list(dict.fromkeys(notes))


def report_name(name: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 become `\\xe9` escapes.

    The file system hands them over as lone surrogates, which no UTF-8 output
    (a terminal, JSON, SARIF, HTML) can encode; the scan reads the file by its
    name on disk and reports it by this one.
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _files_under(
    folder: Path, prefix: str, excluded: _Excluder, notes: list[Notification]
) -> Iterator[tuple[Path, str]]:
    """git's list for a folder of a work tree; a walk outside git or in a folder git ignores.

    Yields each file with its report name, `prefix` (the folder's) and the path
    below the folder. A folder named on the command line is scanned even when
    `.gitignore` names it (a vendored tree, a corpus), as a file named there
    is: git would list nothing in it. A repository git refuses to work in
    (another user owns it) is walked too, and said so.
    """
    try:
        listed = git.ls_files(folder)
        if listed is not None and (listed.names or not git.is_ignored(folder)):
            for unopened, reason in listed.unopened:
                rel = _relative(unopened, folder)
                if rel is not None:
                    notes.append(_unread_folder(prefix + rel if rel != "." else prefix, reason))
            for name in sorted(set(listed.names)):
                yield folder / name, prefix + name
            return
    except git.Untrusted:
        name = report_name(prefix.rstrip("/")) or "."
        notes.append(Notification(name, NotificationKind.GIT_REFUSED, _REFUSED))

    def unread(error: OSError) -> None:
        below = os.path.relpath(os.fsdecode(error.filename or folder), folder)
        name = prefix if below == "." else prefix + below.replace(os.sep, "/")
        notes.append(_unread_folder(name, error.strerror or type(error).__name__))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unread, followlinks=False):
        below = os.path.relpath(dirpath, folder)
        here = prefix if below == "." else f"{prefix}{below.replace(os.sep, '/')}/"
        dirnames[:] = sorted(d for d in dirnames if not excluded.folder(here + d))
        linked = [name for name in dirnames if os.path.islink(os.path.join(dirpath, name))]
        for name in sorted((*filenames, *linked)):  # a linked folder is a link, not a folder
            yield Path(dirpath, name), here + name


def _unread_folder(rel: str, reason: str) -> Notification:
    name = report_name(rel.rstrip("/")) or "."
    return Notification(name, NotificationKind.UNREADABLE, f"folder not read: {reason}")


def _file_ref(path: Path, rel: str, root: Path, notes: list[Notification]) -> FileRef | None:
    """The file to read, or None with the reason noted; never opens the path.

    Only `stat` and `readlink` are used here: opening a FIFO would block the scan.
    A link is read where it leads, so that reading can refuse every link.
    """
    try:
        return _vetted(path, rel, root, notes)
    except PermissionError:  # a folder on the way may not be searched
        notes.append(_unread_folder(_unsearchable(path, rel), "Permission denied"))
        return None


def _vetted(path: Path, rel: str, root: Path, notes: list[Notification]) -> FileRef | None:
    name = report_name(rel)
    try:
        mode = os.lstat(path).st_mode  # one call says link, file, folder or neither
    except FileNotFoundError:
        return None  # a file deleted since git listed it
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            notes.append(
                Notification(name, NotificationKind.UNREADABLE, "broken or looping symlink")
            )
            return None
        if not target.is_relative_to(root):
            notes.append(Notification(name, NotificationKind.SYMLINK_OUTSIDE_ROOT, "not followed"))
            return None
        if not target.is_file():
            return None  # a link to a folder in the root: its files are scanned where they are
        path = target
    elif not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            return None  # a submodule
        notes.append(Notification(name, NotificationKind.UNREADABLE, "not a regular file"))
        return None
    return FileRef(path=path, relpath=name, kind=classify(name))


def _unsearchable(path: Path, rel: str) -> str:
    """The outermost folder of `rel` that may not be searched: the one whose files are lost."""
    blocked = folder = rel.rpartition("/")[0]
    child = path
    while folder:
        try:
            os.lstat(child)
        except PermissionError:
            blocked = folder
        child, folder = child.parent, folder.rpartition("/")[0]
    return blocked or rel


def _relative(path: Path, root: Path) -> str | None:
    """`path` relative to `root`, also when it was named through a linked folder."""
    absolute = os.path.abspath(path)
    found = _under(absolute, str(root))
    if found is None:  # the link itself is kept: only the folders leading to it are resolved
        folder, name = os.path.split(absolute)
        found = _under(os.path.join(os.path.realpath(folder), name), str(root))
    return found


def _under(absolute: str, root: str) -> str | None:
    if absolute == root:
        return "."
    prefix = root.rstrip(os.sep) + os.sep
    if not absolute.startswith(prefix):
        return None
    return absolute[len(prefix) :].replace(os.sep, "/")
