"""Git objects as scan inputs: the blobs of history or of the index, read by id.

A change scan and a history scan read what git stores, not the work tree:
the index is what the next commit will hold, and an old commit's file is on
no disk. `git cat-file --batch` hands over each blob as stored, so neither
a checkout nor a `.gitattributes` filter is needed or run.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from scanner import engine, git
from scanner.configuration import Config
from scanner.discovery import DEFAULT_EXCLUDES, is_excluded
from scanner.model import Commit, Notification, NotificationKind, Rule, ScanResult


def read(
    root: Path, wanted: Sequence[tuple[str, str, Commit | None]], limit: int
) -> tuple[list[engine.Blob], list[Notification]]:
    """A Blob for each (path, blob id, commit) of `wanted`; a note for each too large to hold.

    A blob over `limit` is still read, up to `engine.MAX_BLOB_BYTES`: the
    engine searches it for known credential formats as it does a large file.
    """
    by_id: dict[str, list[tuple[str, Commit | None]]] = {}
    for path, blob, commit in wanted:
        by_id.setdefault(blob, []).append((path, commit))
    blobs, notes = [], []
    held = max(limit, engine.MAX_BLOB_BYTES)
    for blob, data in git.read_blobs(root, list(by_id), held):
        for path, commit in by_id[blob]:
            if data is None:
                where = f" (commit {commit.sha[:12]})" if commit else ""
                detail = f"over {held} bytes{where}"
                notes.append(Notification(path, NotificationKind.TOO_LARGE, detail))
            else:
                blobs.append(engine.Blob(path, data, commit))
    return blobs, notes


def scan_index(
    root: Path,
    config: Config,
    rules: Sequence[Rule],
    named: Collection[str] = (),
    *,
    focus: Collection[str] | None = None,
    jobs: int | None = None,
    reraise: bool = False,
) -> ScanResult:
    """Every staged file (the whole repository as the next commit holds it), analysed and linked.

    Excluded files are left out as discovery leaves them out, except those
    in `named` (a file named on the command line is scanned regardless).
    Files outside `focus` (when given) are read as context only: their own
    findings will not be reported, so only the cross-file rules run on them.
    """
    index = git.files_at(root)
    excludes = (*DEFAULT_EXCLUDES, *config.exclude)
    wanted = [
        (path, blob, None)
        for path, blob in sorted(index.items())
        if path in named or not is_excluded(path, excludes)
    ]
    blobs, notes = read(root, wanted, config.max_file_size)
    if focus is not None:
        blobs = _with_context(blobs, focus)
    result = engine.scan_blobs(blobs, config, rules, root=root, jobs=jobs, reraise=reraise)
    return _noted(result, notes)


def _with_context(blobs: Sequence[engine.Blob], focus: Collection[str]) -> list[engine.Blob]:
    """The blobs, those outside `focus` marked as context (see `engine._may_link`)."""
    return [b if b.relpath in focus else replace(b, context=True) for b in blobs]


def _noted(result: ScanResult, notes: Sequence[Notification]) -> ScanResult:
    merged = sorted((*notes, *result.notifications), key=lambda n: (n.path, n.kind.value, n.line))
    return replace(result, notifications=tuple(merged))
