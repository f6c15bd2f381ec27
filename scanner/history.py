"""`nhiguard history`: the secrets a repository's past still holds.

Deleting a key from the work tree does not take it out of the commits that
hold it: anyone with a clone can still read it, so it stays exploitable
until rotated. History is scanned for the rules about secret values only
(HISTORY_RULES); how code verified tokens years ago is no risk today.

Every blob the selected commits introduced is read once, by id, from the
object store (`git log --raw` for who introduced what, one `git cat-file
--batch` for the contents): no checkout, so no filter or hook can run. One
secret kept through several versions of a file is one finding, named by
the oldest commit whose version of that file holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from scanner import engine, git, objects, registry
from scanner.configuration import Config
from scanner.discovery import DEFAULT_EXCLUDES, is_excluded
from scanner.errors import UsageError
from scanner.masking import shown
from scanner.model import Commit, Finding, Notification, NotificationKind, Rule, ScanResult

# The rules whose findings a deletion does not fix: each marks a value someone can copy.
HISTORY_RULES = registry.MASKING


def scan(
    root: Path,
    config: Config,
    rules: Sequence[Rule],
    *,
    since: str | None = None,
    every_ref: bool = False,
    jobs: int | None = None,
    reraise: bool = False,
) -> ScanResult:
    """Findings of HISTORY_RULES in every blob of the walk, each with the commit that introduced it.

    The walk is the current branch (HEAD), or every ref with `every_ref`,
    minus the commits `since` reaches.
    """
    head = git.resolve(root, "HEAD")
    if head is None and not every_ref:
        raise UsageError(f"{shown(str(root))}: no commit to walk (not a git repository, or empty)")
    exclude = []
    if since is not None:
        base = git.resolve(root, since)
        if base is None:
            raise UsageError(f"--since {shown(since)}: no such commit in {shown(str(root))}")
        exclude.append(base)
    walked = git.introductions(root, [head] if head else [], exclude, every_ref)
    first = _first_per_blob(walked, (*DEFAULT_EXCLUDES, *config.exclude))
    wanted = [(f.path, f.blob, Commit(f.commit, f.author_date)) for f in first.values()]
    blobs, notes = objects.read(root, wanted, config.max_file_size)
    secret_rules = [r for r in rules if r.id in HISTORY_RULES]
    result = engine.scan_blobs(blobs, config, secret_rules, root=root, jobs=jobs, reraise=reraise)
    order = {found.commit: index for index, found in enumerate(walked)}
    return replace(
        result,
        findings=_earliest(result.findings, order),
        notifications=_once_per_file((*notes, *result.notifications)),
        files_scanned=len(first),
        revision=head or "",
    )


def _first_per_blob(
    walked: Iterable[git.Introduction], excludes: Sequence[str]
) -> dict[str, git.Introduction]:
    """Each blob id with its oldest introduction at a path the configuration does not exclude."""
    first: dict[str, git.Introduction] = {}
    for found in walked:
        if found.blob not in first and not is_excluded(found.path, excludes):
            first[found.blob] = found
    return first


def _earliest(findings: Iterable[Finding], order: Mapping[str, int]) -> tuple[Finding, ...]:
    """One finding per (rule, path, fingerprint): the one from the oldest commit.

    Fingerprints leave out line numbers, so the line a later version kept
    as it was has the same one, whatever was edited around it.
    """
    kept: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        key = (finding.rule_id, finding.path, finding.fingerprint)
        known = kept.get(key)
        if known is None or _age(finding, order) < _age(known, order):
            kept[key] = finding
    return tuple(sorted(kept.values(), key=Finding.sort_key))


def _age(finding: Finding, order: Mapping[str, int]) -> int:
    return order.get(finding.commit.sha, len(order)) if finding.commit else len(order)


def _once_per_file(notes: Iterable[Notification]) -> tuple[Notification, ...]:
    """A file's versions fail alike (binary, too large): its first note says it for all."""
    first: dict[tuple[str, NotificationKind], Notification] = {}
    for note in notes:
        first.setdefault((note.path, note.kind), note)
    return tuple(sorted(first.values(), key=lambda n: (n.path, n.kind.value, n.line)))
