"""Detections that another file confirms or withdraws: joins between documents of several files.

A gateway policy in one file may cover the authentication another file
configures (an Istio `AuthorizationPolicy` beside a `RequestAuthentication`),
a RoleBinding may give a service account the API access its mounted token is
for. Each file's analyzers state such facts as claims (`Vouch`); a detection
names the claims it needs or that withdraw it; after every file is analysed,
the findings whose condition the scan's claims do not meet are dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Condition:
    """What a finding (by fingerprint) needs of the scan's claims."""

    fingerprint: str
    if_vouched: tuple[str, ...]
    unless_vouched: tuple[str, ...]

    def met(self, claims: Collection[str]) -> bool:
        if self.if_vouched and not any(c in claims for c in self.if_vouched):
            return False
        return not any(c in claims for c in self.unless_vouched)


def withdrawn(conditions: Iterable[Condition], claims: Collection[str]) -> frozenset[str]:
    """The fingerprints of the findings whose condition the claims do not meet."""
    return frozenset(c.fingerprint for c in conditions if not c.met(claims))
