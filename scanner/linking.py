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

    Every linked finding, named or conditional, gets the code that uses the
    value as related locations.
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
        matches = sorted(set(found), key=lambda u: (u.path, u.location))
        finding = candidate.finding
        linked = replace(finding, related=(*finding.related, *map(_related, matches)))
        if not candidate.conditional:
            replaced[finding.fingerprint] = linked
            continue
        first = matches[0]
        more = f" and {len(matches) - 1} more" if len(matches) > 1 else ""
        added.append(
            replace(
                linked,
                message=f"{finding.message}; {first.path}:{first.location.line}{more} "
                f"uses it as the key of {first.api}",
            )
        )
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
    return Related(use.path, use.location, f"read as {use.name}, the key of {use.api}")
