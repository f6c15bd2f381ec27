"""Config values that code uses as signing keys: the `.env` line behind `os.environ["X"]`.

A config file alone can say a value is a signing key only by its name
(`JWT_SECRET`). Code says it by use: `hmac.new(os.environ["PARTNER_SECRET"]...)`.
Like reuse, this is a fact about the whole repository, so it is decided after
every file is analysed: the config analyzer offers, for each environment
variable, the findings it would make of a signing key, and these stand only
when some scanned code reads that variable as a key, replacing the generic
finding (SEC001) on the same value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from scanner.model import Finding, KeyUse, Location, Related, Suppression
from scanner.registry import REJUDGED_BY_LINKING


@dataclass(frozen=True, slots=True)
class Linkable:
    """A config finding about the value of `setting`; `conditional` ones need a key use."""

    setting: str
    conditional: bool
    finding: Finding
    needs: int = 0  # stands only for a use whose algorithm needs this many key bytes


def link(
    findings: Sequence[Finding], linkable: Iterable[Linkable], uses: Iterable[KeyUse]
) -> list[Finding]:
    """`findings` with linked signing-key findings in, the SEC001 they replace out.

    Every linked finding, named or conditional, says where code uses the
    value, and gets each use as a related location. A SEC001 the user had
    accepted passes its acceptance on to the finding that replaces it.
    """
    exact: dict[str, list[KeyUse]] = {}
    folded: dict[str, list[KeyUse]] = {}
    for use in uses:
        if use.any_case:
            folded.setdefault(use.name.lower(), []).append(use)
        else:
            exact.setdefault(use.name, []).append(use)
    if not exact and not folded:
        return list(findings)
    generic = {
        _place(f): f
        for f in findings
        if f.rule_id in REJUDGED_BY_LINKING and f.evidence is not None
    }
    replaced: dict[str, Finding] = {}
    added: dict[tuple[str, str, Location], tuple[Finding, list[KeyUse]]] = {}
    dropped: set[str] = set()
    # The strictest candidate first: a use with HS512 makes "under 64 bytes" the finding.
    for candidate in sorted(linkable, key=lambda c: -c.needs):
        found = exact.get(candidate.setting, []) + folded.get(candidate.setting.lower(), [])
        if not found or max(u.required for u in found) < candidate.needs:
            continue
        linked = _with_uses(candidate.finding, found)
        if not candidate.conditional:
            replaced[linked.fingerprint] = linked
            continue
        accepted = generic.get(_place(linked))
        if accepted is not None:
            dropped.add(accepted.fingerprint)
            if linked.suppression is None and accepted.suppression is not None:
                reason = f"{accepted.suppression.reason} (accepted as {accepted.rule_id})"
                linked = replace(linked, suppression=Suppression(accepted.suppression.kind, reason))
        added.setdefault((linked.rule_id, linked.path, linked.location), (linked, found))
    kept = [replaced.get(f.fingerprint, f) for f in findings if f.fingerprint not in dropped]
    result = []
    for finding in kept:
        # One value under two names (a YAML alias): the finding already there takes the uses.
        twin = added.pop((finding.rule_id, finding.path, finding.location), None)
        if twin is not None and finding.fingerprint not in replaced:
            finding = _with_uses(finding, twin[1])
        result.append(finding)
    return result + [finding for finding, _ in added.values()]


def _with_uses(finding: Finding, found: Sequence[KeyUse]) -> Finding:
    # A call first: `jwt.encode` says more than the setting the key is assigned to.
    uses = sorted(set(found), key=lambda u: (u.assigned, u.path, u.location))
    more = len(uses) - 1
    return replace(
        finding,
        message=f"{finding.message}; {_describe(uses[0])}"
        + (f" and {more} more place{'s' if more > 1 else ''}" if more else ""),
        related=(*finding.related, *(Related(u.path, u.location, _role(u)) for u in uses)),
    )


def _describe(use: KeyUse) -> str:
    where = f"{use.path}:{use.location.line}"
    return (
        f"assigned to {use.api} at {where}"
        if use.assigned
        else f"used as the key of {use.api} at {where}"
    )


def _role(use: KeyUse) -> str:
    return f"read as {use.name}, " + (use.api if use.assigned else f"the key of {use.api}")


def _place(finding: Finding) -> tuple[str, Location, str]:
    return (finding.path, finding.location, finding.evidence.digest if finding.evidence else "")
