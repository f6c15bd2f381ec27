"""SEC003: one secret in several files, services or environments.

Reuse is a fact about the whole repository, so it is found after every file
is analysed, from the keyed digests other rules already put in their
evidence: the value itself is never held or compared.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePosixPath

from scanner.file_kinds import format_of
from scanner.model import Adjustment, Finding, Related, Suppression
from scanner.registry import SEC003

RULE = SEC003
# Other places listed per finding: listing all of them made N repeats cost N² memory.
MAX_RELATED = 20
_ENVIRONMENTS = {
    "dev": "development",
    "development": "development",
    "local": "development",
    "test": "test",
    "testing": "test",
    "qa": "test",
    "stage": "staging",
    "staging": "staging",
    "preprod": "staging",
    "prod": "production",
    "production": "production",
    "live": "production",
}
ACROSS_ENVIRONMENTS = Adjustment(
    7.5, "reused across environments (OWASP NHI8 environment isolation)"
)


def environment(path: str) -> str | None:
    """The deployment environment a path names (`.env.production`, `values-dev.yaml`, `prod/`)."""
    for part in reversed(PurePosixPath(path).parts):
        for token in re.split(r"[._\-/]", part.lower()):
            if token in _ENVIRONMENTS:
                return _ENVIRONMENTS[token]
    return None


def find(
    findings: Iterable[Finding],
    min_length: int,
    message: str,
    suppression_for: Callable[[str, int, str], Suppression | None] = lambda *_: None,
) -> list[Finding]:
    """A SEC003 finding for every place after the first that holds the same secret.

    A place is a line: two rules reporting one literal are one place, while one
    value in two sections or documents of a file (staging and production, two
    namespaces) is reuse as much as one value in two files. A file a tool
    records (Terraform state, a notebook with its outputs) is one place.
    """
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        evidence = finding.evidence
        if evidence is None or evidence.length < min_length or finding.rule_id == RULE.id:
            continue
        groups.setdefault(evidence.digest, []).append(finding)
    reused = []
    for _, group in sorted(groups.items()):
        first_per_place: dict[tuple[str, int], Finding] = {}
        for finding in sorted(group, key=Finding.sort_key):
            line = 0 if format_of(finding.path).record else finding.location.line
            first_per_place.setdefault((finding.path, line), finding)
        occurrences = list(first_per_place.values())
        if len(occurrences) < 2:
            continue
        environments = sorted({e for e in (environment(f.path) for f in occurrences) if e})
        for finding in occurrences[1:]:
            reused.append(_reuse(finding, occurrences, environments, message, suppression_for))
    return reused


def _reuse(
    finding: Finding,
    occurrences: Sequence[Finding],
    environments: Sequence[str],
    message: str,
    suppression_for: Callable[[str, int, str], Suppression | None],
) -> Finding:
    listed = [o for o in occurrences[: MAX_RELATED + 1] if o is not finding][:MAX_RELATED]
    count = len(occurrences) - 1
    more = count - len(listed)
    where = (
        f"across environments ({', '.join(environments)})"
        if len(environments) >= 2
        else f"in {count} other place{'s' if count > 1 else ''}"
    )
    first = f"{listed[0].path}:{listed[0].location.line}"
    text = message.replace("{where}", where).replace("{first}", first)
    if more:
        text += f"; {len(listed)} listed and {more} more"
    fingerprint = hashlib.sha256(f"{RULE.id}\0{finding.fingerprint}".encode()).hexdigest()[:32]
    return Finding(
        rule_id=RULE.id,
        path=finding.path,
        location=finding.location,
        message=text,
        snippet=finding.snippet,
        fingerprint=fingerprint,
        evidence=finding.evidence,
        related=tuple(Related(o.path, o.location, "the same secret") for o in listed),
        adjustment=ACROSS_ENVIRONMENTS if len(environments) >= 2 else None,
        suppression=suppression_for(finding.path, finding.location.line, RULE.id),
    )
