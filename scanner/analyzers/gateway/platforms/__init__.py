"""The gateway and mesh platforms nhiguard reads: one descriptor module each, in `PLATFORMS`.

Every platform whose words occur in a file sees the file's documents and
takes those it recognises; several may read one file (an Istio
`EnvoyFilter` holds an Envoy `jwt_authn` filter, a Helm chart's manifests
hold workloads and Istio resources side by side).
"""

from __future__ import annotations

from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.platforms import istio, kubernetes

PLATFORMS: tuple[Platform, ...] = (
    istio.PLATFORM,
    kubernetes.PLATFORM,
)
