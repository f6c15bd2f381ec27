"""Change scans: report what a branch or a commit changes, judged against the whole repository.

A gate on a pull request should fail for what the pull request adds, not
for what the repository held before; a pre-commit hook for what is being
committed. Yet whether a value is a signing key is decided across files
(`scanner.linking`: the code that signs with it; `scanner.reuse`: the same
secret elsewhere), so the scan itself always covers the whole repository and
only the report is narrowed to a `Scope`: the changed files, and in them the
changed lines.

Nothing here asks git to read the work tree: old contents are blobs read by
id, new ones are the files the scan itself read, and the lines that differ
are found by `difflib`, so no `.gitattributes` filter or diff driver runs.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from scanner import archives, git
from scanner.analyzers.lines import split_lines
from scanner.model import Finding, Location, ScanResult


@dataclass(frozen=True, slots=True)
class Scope:
    """The files a change scan reports on; for each, its changed lines (None: all of them)."""

    lines: Mapping[str, frozenset[int] | None]

    def holds(self, finding: Finding) -> bool:
        """Whether the finding, or a place it names as related, is on a changed line.

        A related place counts because linking reports at the config value: a
        change that starts signing with an unchanged `.env` value makes it a
        finding there, and the change is what the gate must stop.
        """
        return self._touches(finding.path, finding.location) or any(
            self._touches(r.path, r.location) for r in finding.related
        )

    def names(self, path: str) -> bool:
        """Whether `path` (a file, or an archive's member) is one of the scope's files."""
        return self._file_of(path)[0] in self.lines

    def _touches(self, path: str, location: Location) -> bool:
        """Whether the place is on a changed line; any member of a changed archive is."""
        file, member = self._file_of(path)
        if file not in self.lines:
            return False
        changed = self.lines[file]
        last = max(location.end_line, location.line)
        return (
            changed is None or member or any(n in changed for n in range(location.line, last + 1))
        )

    def _file_of(self, path: str) -> tuple[str, bool]:
        """The scope's file a path names, and whether it names a member inside it.

        A file's own name may hold the separator (`conf!prod.env`), so the path is
        only cut where what precedes the cut is one of the scope's files.
        """
        if path in self.lines:
            return path, False
        cut = path.find(archives.SEPARATOR)
        while cut >= 0:
            if path[:cut] in self.lines:
                return path[:cut], True
            cut = path.find(archives.SEPARATOR, cut + 1)
        return path, False


def narrowed(result: ScanResult, scope: Scope) -> ScanResult:
    """The findings and notes of `result` in `scope`; files_scanned counts the scope's files."""
    return replace(
        result,
        findings=tuple(f for f in result.findings if scope.holds(f)),
        notifications=tuple(n for n in result.notifications if scope.names(n.path)),
        files_scanned=len(scope.lines),
    )


def since(
    root: Path,
    base: str,
    paths: Iterable[str],
    read: Callable[[str], bytes | None],
    limit: int,
) -> Scope:
    """Each of `paths` that differs from its version in commit `base`, with the lines it added.

    `read` gives a path's current content (None: unreadable, left out). A
    file the base does not hold is new, and so is one whose old version is
    over `limit` bytes: every line of it counts.
    """
    tree = git.files_at(root, base)
    current: dict[str, bytes] = {}
    changed: dict[str, frozenset[int] | None] = {}
    for path in paths:
        data = read(path)
        if data is None:
            continue
        if path not in tree:
            changed[path] = None
        elif object_id(data, len(tree[path])) != tree[path]:
            current[path] = data
    old = dict(git.read_blobs(root, sorted({tree[p] for p in current}), limit))
    for path, data in current.items():
        before = old.get(tree[path])
        lines = None if before is None else added_lines(before, data)
        if lines is None or lines:
            changed[path] = lines
    return Scope(changed)


def staged(index: Mapping[str, str], head: Mapping[str, str]) -> Scope:
    """Every file whose staged blob differs from HEAD's: what the next commit changes."""
    return Scope({path: None for path, blob in index.items() if head.get(path) != blob})


def added_lines(old: bytes, new: bytes) -> frozenset[int]:
    """The 1-based lines of `new` that `old` does not have at that place (added or rewritten).

    Line ends are not compared: a checkout that turned LF into CRLF changed
    no line a reviewer would read.
    """
    before = split_lines(old.decode("utf-8", "replace"))
    after = split_lines(new.decode("utf-8", "replace"))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return frozenset(
        line + 1
        for tag, _, _, start, end in matcher.get_opcodes()
        if tag in ("replace", "insert")
        for line in range(start, end)
    )


def object_id(data: bytes, length: int) -> str:
    """The id git gives `data` as a blob, in the repository's hash (40 hex: SHA-1, 64: SHA-256)."""
    algorithm = hashlib.sha256 if length == 64 else hashlib.sha1
    return algorithm(b"blob %d\0" % len(data) + data).hexdigest()
