"""Config values that code uses as signing keys: the `.env` line behind `os.environ["X"]`.

A config file alone can say a value is a signing key only by its name
(`JWT_SECRET`). Code says it by use: `hmac.new(os.environ["PARTNER_SECRET"]...)`.
Like reuse, this is a fact about the whole repository, so it is decided after
every file is analysed: the config analyzer offers, for each secret-looking
setting, the findings it would make of a signing key, and these stand only
when some scanned code reads that setting as a key, replacing the generic
SEC001 finding on the same value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from scanner.model import Finding, KeyUse, Related

GENERIC_RULE = "SEC001"


@dataclass(frozen=True, slots=True)
class Linkable:
    """A config finding about the value of `setting`; `conditional` ones need a key use."""

    setting: str
    conditional: bool
    finding: Finding


def link(
    findings: Sequence[Finding], linkable: Iterable[Linkable], uses: Iterable[KeyUse]
) -> list[Finding]:
    """`findings` with linked signing-key findings in, the SEC001 they replace out.

    Every linked finding, named or conditional, says where code uses the
    value, and gets each use as a related location.
    """
    exact: dict[str, list[KeyUse]] = {}
    folded: dict[str, list[KeyUse]] = {}
    for use in uses:
        (folded if use.any_case else exact).setdefault(
            use.name.lower() if use.any_case else use.name, []
        ).append(use)
    if not exact and not folded:
        return list(findings)
    replaced: dict[str, Finding] = {}
    added: list[Finding] = []
    generic: set[tuple[str, int, str]] = set()
    for candidate in linkable:
        found = exact.get(candidate.setting, []) + folded.get(candidate.setting.lower(), [])
        if not found:
            continue
        # A call first: `jwt.encode` says more than the constant it reads the key from.
        matches = sorted(set(found), key=lambda u: (u.assigned, u.path, u.location))
        finding = candidate.finding
        more = len(matches) - 1
        linked = replace(
            finding,
            message=f"{finding.message}; {matches[0].describe()}"
            + (f" and {more} more place{'s' if more > 1 else ''}" if more else ""),
            related=(*finding.related, *map(_related, matches)),
        )
        if not candidate.conditional:
            replaced[finding.fingerprint] = linked
            continue
        added.append(linked)
        if finding.evidence is not None:
            generic.add((finding.path, finding.location.line, finding.evidence.digest))
    kept = [
        replaced.get(f.fingerprint, f)
        for f in findings
        if not (
            f.rule_id == GENERIC_RULE
            and f.evidence is not None
            and (f.path, f.location.line, f.evidence.digest) in generic
        )
    ]
    return kept + added


def _related(use: KeyUse) -> Related:
    role = use.api if use.assigned else f"the key of {use.api}"
    return Related(use.path, use.location, f"read as {use.name}, {role}")
