"""The gateway and mesh platforms nhiguard reads: one descriptor module each, in `PLATFORMS`.

Every platform whose words occur in a file sees the file's documents and
takes those it recognises; several may read one file (an Istio
`EnvoyFilter` holds an Envoy `jwt_authn` filter, a Helm chart's manifests
hold workloads and Istio resources side by side).
"""

from __future__ import annotations

from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.platforms import (
    apigee,
    apim,
    cloudformation,
    emissary,
    envoy,
    envoy_gateway,
    gloo,
    istio,
    istio_gateways,
    istiod,
    jwks,
    kong,
    kubernetes,
    nginx,
    oauth2_proxy,
    serverless,
    spring,
    terraform_aws,
    traefik,
)
from scanner.analyzers.gateway.tree_platform import TreePlatform

PLATFORMS: tuple[Platform, ...] = (
    istio.PLATFORM,
    istio_gateways.PLATFORM,
    istiod.PLATFORM,
    envoy.PLATFORM,
    envoy_gateway.PLATFORM,
    gloo.PLATFORM,
    emissary.PLATFORM,
    kubernetes.PLATFORM,
    kong.PLATFORM,
    traefik.PLATFORM,
    cloudformation.PLATFORM,
    serverless.PLATFORM,
    spring.PLATFORM,
    oauth2_proxy.PLATFORM,
    jwks.PLATFORM,
)


# Platforms whose files are not YAML or JSON: each kind parsed once, by its own parser.
TREE_PLATFORMS: tuple[TreePlatform, ...] = (
    nginx.PLATFORM,
    apim.PLATFORM,
    apigee.PLATFORM,
    terraform_aws.PLATFORM,
    spring.PROPERTIES_PLATFORM,
    oauth2_proxy.CONFIG_PLATFORM,
    traefik.TOML_PLATFORM,
)
