"""NGINX Plus `ngx_http_auth_jwt_module`: `auth_jwt` per block, its keys, leeway and claim checks.

`auth_jwt` is inherited from `http` to `server` to `location` (default
off); `auth_jwt off` in a block below an enabled one lets that block's
requests through tokenless, which is GW001 unless the location is a
health or readiness path (GW001's `exempt_paths`) or `internal`. Keys come
from `auth_jwt_key_file` or `auth_jwt_key_request`, a subrequest to a
location of the same file whose `proxy_pass` names the JWKS endpoint.
Signature and, when present, `exp`/`nbf` are checked; `aud` and `iss`
only through `auth_jwt_require` on a variable a `map` derives from
`$jwt_claim_aud` / `$jwt_claim_iss`. With keys fetched from an identity
provider and no audience requirement, any token that provider issued to
any client passes (JWT004).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from scanner.analyzers.base import Context, Source
from scanner.analyzers.config import durations
from scanner.analyzers.gateway.judges import is_exempt_path, not_enforced
from scanner.analyzers.gateway.profile import AUDIENCES, JWKS_URI, LEEWAY, Validation
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.analyzers.trees import nginx_tree
from scanner.analyzers.trees.nginx_tree import Directive
from scanner.analyzers.trees.places import place
from scanner.model import Detection, FileKind
from scanner.registry import GW001

_BLOCKS = frozenset({"http", "server", "location"})
_INHERITED = (
    "auth_jwt",
    "auth_jwt_key_file",
    "auth_jwt_key_request",
    "auth_jwt_leeway",
    "auth_jwt_require",
)


def read(
    directives: Sequence[Directive], source: Source, context: Context
) -> Iterator[Validation | Detection]:
    maps = _claim_maps(directives)
    locations = {
        _location_path(d): d for _, d in nginx_tree.walk(directives) if d.name == "location"
    }
    exempt = context.params(GW001).exempt_paths
    yield from _blocks(source, directives, {}, maps, locations, exempt)


def _blocks(
    source: Source,
    block: Sequence[Directive],
    inherited: Mapping[str, Directive],
    maps: Mapping[str, str],
    locations: Mapping[str, Directive],
    exempt: Sequence[str],
) -> Iterator[Validation | Detection]:
    """Each block's own `auth_jwt*` over what it inherits, judged where it changes."""
    own = {d.name: d for d in block if d.name in _INHERITED}
    here = {**inherited, **own}
    enabled = here.get("auth_jwt")
    if own and enabled is not None and enabled.args[:1] != ("off",):
        yield _profile(source, here, maps, locations)  # a block that adds to what it inherits
    for directive in block:
        if directive.name not in _BLOCKS or directive.block is None:
            continue
        inner = {d.name: d for d in directive.block if d.name in _INHERITED}
        off = inner.get("auth_jwt")
        if (
            off is not None
            and off.args[:1] == ("off",)
            and enabled is not None
            and enabled.args[:1] != ("off",)
            and not _public(directive, exempt)
        ):
            what = f"{directive.name} {' '.join(directive.args)}".strip()
            yield not_enforced(
                place(source, off.line, "auth_jwt off"),
                f"NGINX {what}",
                "auth_jwt off under a block that requires a token lets its requests through",
            )
        yield from _blocks(source, directive.block, here, maps, locations, exempt)


def _public(directive: Directive, exempt: Sequence[str]) -> bool:
    """A health or readiness location, or one only subrequests reach (`internal`)."""
    if directive.name != "location":
        return False
    internal = any(d.name == "internal" for d in directive.block or ())
    return internal or is_exempt_path(_location_path(directive), exempt)


def _profile(
    source: Source,
    here: Mapping[str, Directive],
    maps: Mapping[str, str],
    locations: Mapping[str, Directive],
) -> Validation:
    enabled = here["auth_jwt"]
    at = place(source, enabled.line, "auth_jwt")
    places = {}
    required = [v for d in (here.get("auth_jwt_require"),) if d for v in d.args if "=" not in v]
    checked = {maps.get(v, v) for v in required}
    audience = any("aud" in claim for claim in checked)
    request = here.get("auth_jwt_key_request")
    jwks_uri, written = _key_endpoint(request, locations)
    if jwks_uri is not None and written is not None:
        places[JWKS_URI] = place(source, written.line, jwks_uri)
    leeway = here.get("auth_jwt_leeway")
    leeway_seconds = None
    if leeway is not None and leeway.args:
        found = durations.duration(leeway.args[0], 1.0, None)
        leeway_seconds = found.seconds if found is not None else None
        places[LEEWAY] = place(source, leeway.line, leeway.args[0])
    if not audience and request is not None:
        places[AUDIENCES] = at
    return Validation(
        platform="nginx",
        name=f'NGINX auth_jwt "{enabled.args[0] if enabled.args else ""}"',
        at=at,
        audiences=None if request is not None and not audience else ("(auth_jwt_require)",),
        leeway_seconds=leeway_seconds,
        jwks_uri=jwks_uri,
        places=places,
        reasons={
            AUDIENCES: "keys come from an identity provider and no auth_jwt_require checks aud"
        },
    )


def _key_endpoint(
    request: Directive | None, locations: Mapping[str, Directive]
) -> tuple[str | None, Directive | None]:
    """The URL keys are fetched from, and the directive that names it.

    `auth_jwt_key_request /_jwks` is a subrequest: the URL is the
    `proxy_pass` of the location that serves `/_jwks` in the same file.
    """
    if request is None or not request.args:
        return None, None
    target = locations.get(request.args[0])
    upstream = (
        next((d for d in target.block or () if d.name == "proxy_pass"), None) if target else None
    )
    if upstream is not None and upstream.args:
        return upstream.args[0], upstream
    if request.args[0].startswith(("http://", "https://")):
        return request.args[0], request
    return None, None


def _claim_maps(directives: Sequence[Directive]) -> dict[str, str]:
    """`map $jwt_claim_aud $valid_aud {...}`: the variable `$valid_aud` judges the claim `aud`."""
    found = {}
    for _, directive in nginx_tree.walk(directives):
        if directive.name == "map" and len(directive.args) == 2:
            found[directive.args[1]] = directive.args[0]
    return found


def _location_path(directive: Directive) -> str:
    """`location = /_jwks`, `location /api/`, `location ~ ^/x`: the path written last."""
    return directive.args[-1] if directive.args else ""


PLATFORM = TreePlatform("nginx", FileKind.NGINX, (b"auth_jwt",), nginx_tree.parse, read)
