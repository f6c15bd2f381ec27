"""A baseline: findings a team accepted once, so the gate fails only on new ones.

The first scan of a real repository finds what years of commits left, and
the gate cannot go green until each is fixed or commented. A baseline file
records each accepted finding by rule, path and fingerprint (with its masked
evidence for the reviewer, never a value); later scans mark the findings it
holds as suppressed (kind "baseline"), so only new ones fail the gate.

Fingerprints leave out line numbers (they hash the rule, path and masked,
whitespace-normalised snippet), so an accepted finding stays accepted when
lines are inserted above it or its file is edited elsewhere. A masked value
keeps only its ends, so a new key of the same provider on an accepted line
could pass for the old one: an entry also holds the secret's length and,
when NHIGUARD_SALT is set, its keyed digest, and a finding matches only
when those agree too (an entry without them, or a scan without the salt,
matches on what it has). An entry no
finding matches any more (the secret was removed, or its line rewritten) is
stale: a notification says so, and the next `nhiguard baseline` drops it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scanner import reading
from scanner.errors import ConfigError
from scanner.escape import json_document
from scanner.masking import shown
from scanner.model import Finding, Notification, NotificationKind, ScanResult, Suppression

KIND = "baseline"
VERSION = 1
SIZE_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Entry:
    """One accepted finding; `evidence` is its masked evidence (or masked snippet)."""

    rule_id: str
    path: str
    fingerprint: str
    evidence: str
    length: int | None = None  # the secret's length, for findings that mark one
    digest: str = ""  # its keyed digest, when the baseline was written with NHIGUARD_SALT

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule_id, self.path, self.fingerprint)

    def holds(self, finding: Finding) -> bool:
        """Whether the finding is this accepted one, and not another secret masked alike."""
        if (finding.rule_id, finding.path, finding.fingerprint) != self.key:
            return False
        evidence = finding.evidence
        if evidence is None or self.length is None:
            return True
        if evidence.length != self.length:
            return False
        return not (self.digest and evidence.digest) or evidence.digest == self.digest


def entries(findings: Iterable[Finding]) -> tuple[Entry, ...]:
    """An entry for each finding no inline comment or configuration already accepts."""
    made = {
        (f.rule_id, f.path, f.fingerprint): Entry(
            f.rule_id,
            f.path,
            f.fingerprint,
            f.evidence.masked if f.evidence else f.snippet,
            f.evidence.length if f.evidence else None,
            f.evidence.digest if f.evidence else "",
        )
        for f in findings
        if f.suppression is None
    }
    return tuple(made[key] for key in sorted(made, key=lambda k: (k[1], k[0], k[2])))


def render(accepted: Sequence[Entry]) -> str:
    document = {
        "nhiguard_baseline": VERSION,
        "accepted": [
            {
                "rule_id": e.rule_id,
                "path": e.path,
                "fingerprint": e.fingerprint,
                "evidence": e.evidence,
                **({} if e.length is None else {"length": e.length}),
                **({"digest": e.digest} if e.digest else {}),
            }
            for e in accepted
        ],
    }
    return json_document(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def is_baseline(path: Path) -> bool:
    """Whether the file at `path` is a baseline (so that writing one may replace it)."""
    try:
        return b'"nhiguard_baseline"' in reading.read_regular(path, SIZE_LIMIT)[:256]
    except reading.Refused:
        return False


def read(path: Path) -> tuple[Entry, ...]:
    """The entries of a baseline file; anything else is one ConfigError naming the file."""
    where = shown(str(path))
    try:
        document = json.loads(reading.read_regular(path, SIZE_LIMIT).decode("utf-8"))
    except reading.Refused as exc:
        raise ConfigError(f"baseline {where}: {exc}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ConfigError(f"baseline {where}: not JSON") from None
    if not isinstance(document, dict) or document.get("nhiguard_baseline") != VERSION:
        raise ConfigError(f"baseline {where}: not an nhiguard baseline (version {VERSION})")
    raw = document.get("accepted")
    fields = ("rule_id", "path", "fingerprint", "evidence")
    if not isinstance(raw, list) or not all(
        isinstance(item, dict) and all(isinstance(item.get(f), str) for f in fields) for item in raw
    ):
        raise ConfigError(f"baseline {where}: accepted: expected a list of {', '.join(fields)}")
    if not all(_optional(item) for item in raw):
        raise ConfigError(
            f"baseline {where}: accepted: length must be a whole number, digest a string"
        )
    return tuple(
        Entry(
            item["rule_id"],
            item["path"],
            item["fingerprint"],
            item["evidence"],
            item.get("length"),
            item.get("digest", ""),
        )
        for item in raw
    )


def _optional(item: dict[str, object]) -> bool:
    length = item.get("length")
    valid_length = length is None or (type(length) is int and length >= 0)
    return valid_length and isinstance(item.get("digest", ""), str)


def accept(
    result: ScanResult,
    accepted: Iterable[Entry],
    origin: str,
    covered: Callable[[str], bool] | None = None,
) -> ScanResult:
    """`result` with the findings `accepted` holds suppressed, and its stale entries noted.

    An entry is stale only where this scan could have found it (`covered`
    says which paths it read; None: no entry is judged stale).
    """
    by_key = {entry.key: entry for entry in accepted}
    reason = f"accepted in the baseline {origin}"

    def is_accepted(finding: Finding) -> bool:
        entry = by_key.get((finding.rule_id, finding.path, finding.fingerprint))
        return entry is not None and entry.holds(finding)

    findings = tuple(
        replace(f, suppression=Suppression(KIND, reason))
        if f.suppression is None and is_accepted(f)
        else f
        for f in result.findings
    )
    found = {(f.rule_id, f.path, f.fingerprint) for f in result.findings if is_accepted(f)}
    stale = [
        Notification(
            entry.path,
            NotificationKind.STALE_BASELINE,
            f"{shown(entry.rule_id)} {shown(entry.evidence)} is accepted but no longer found",
        )
        for key, entry in by_key.items()
        if key not in found and covered is not None and covered(entry.path)
    ]
    notes = sorted((*result.notifications, *stale), key=lambda n: (n.path, n.kind.value, n.line))
    return replace(result, findings=findings, notifications=tuple(notes))
