"""Spring Security's resource server: `spring.security.oauth2.resourceserver.jwt.*`.

Read from `application*.yml` (nested or dotted keys, every document of the
file merged, later ones winning) and `application*.properties`, with
Spring's relaxed names (`issuer-uri`, `issuerUri`, `issuer_uri`). With
`jwk-set-uri` alone Spring no longer validates `iss` (it adds the issuer
validator only when `issuer-uri` is set); `aud` is validated only with
`audiences` (Spring Boot 3); `jws-algorithms` (default RS256) lists the
algorithms accepted. A validator with only `public-key-location` uses the
application's own key pair: no audience or issuer is expected of it, and
one whose keys come from a loopback host is a local or test setup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import yaml

from scanner.analyzers import urls, yamldoc
from scanner.analyzers.base import Context, Source
from scanner.analyzers.config.readers.properties_reader import properties_settings
from scanner.analyzers.config.setting import Setting
from scanner.analyzers.gateway.documents import Document
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import ALGORITHMS, AUDIENCES, ISSUER, JWKS_URI, Validation
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.model import Detection, FileKind, Location

PREFIX = "spring.security.oauth2.resourceserver.jwt."
WORD = b"resourceserver"
_ISSUER, _JWKS, _AUDIENCES, _ALGORITHMS = "issueruri", "jwkseturi", "audiences", "jwsalgorithms"
# What Spring accepts when `jws-algorithms` is not set (compared with validators that add HS).
DEFAULT_ALGORITHMS = ("RS256",)


Properties = Mapping[str, tuple[tuple[str, ...], Location]]  # relaxed name -> values, place


def _relaxed(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "")


def _in_documents(documents: Iterable[Document]) -> Properties:
    """The resource server's properties of every document, nested or dotted, by relaxed name."""
    found: dict[str, tuple[tuple[str, ...], Location]] = {}
    for document in documents:
        for entry in yamldoc.entries(document.root):
            dotted = ".".join(entry.path)
            if not _relaxed(dotted).startswith(_relaxed(PREFIX)):
                continue
            name = _relaxed(dotted)[len(_relaxed(PREFIX)) :]
            value = entry.value
            if isinstance(value, yaml.ScalarNode):
                found[name] = ((str(value.value),), document.span(value))
            elif isinstance(value, yaml.SequenceNode):
                listed = tuple(str(i.value) for i in value.value if isinstance(i, yaml.ScalarNode))
                found[name] = (listed, document.span(entry.key))
    return found


def _in_settings(settings: Iterable[Setting]) -> Properties:
    """`.properties` keys, `audiences[0]=` items and comma-separated lists alike."""
    found: dict[str, tuple[tuple[str, ...], Location]] = {}
    for setting in settings:
        key = _relaxed(setting.key)
        if not key.startswith(_relaxed(PREFIX)):
            continue
        name = key[len(_relaxed(PREFIX)) :].split("[")[0]
        earlier = found.get(name, ((), setting.location))[0] if "[" in key else ()
        values = tuple(v.strip() for v in setting.value.split(",") if v.strip())
        found[name] = ((*earlier, *values), setting.location)
    return found


def profile(found: Properties) -> Validation | None:
    """The resource server's validator, or None when the file configures no remote keys."""
    issuer, jwks = found.get(_ISSUER), found.get(_JWKS)
    if (issuer is None and jwks is None) or any(_local(v[0]) for v in (issuer, jwks) if v):
        return None
    at = min((place for _, place in found.values()), key=lambda p: (p.line, p.column))
    places = {
        prop: found[name][1]
        for prop, name in (
            (ISSUER, _ISSUER),
            (AUDIENCES, _AUDIENCES),
            (ALGORITHMS, _ALGORITHMS),
        )
        if name in found
    }
    keys = jwks or issuer
    if keys is not None:
        places[JWKS_URI] = keys[1]
    audiences = found.get(_AUDIENCES, ((), at))[0]
    algorithms = tuple(
        a.strip() for value in found.get(_ALGORITHMS, ((), at))[0] for a in value.split(",")
    )
    return Validation(
        platform="spring",
        name="spring.security.oauth2.resourceserver.jwt",
        at=at,
        issuer=issuer[0][0] if issuer and issuer[0] else None,
        issuer_checked=issuer is not None,
        audiences=audiences or None,
        algorithms=tuple(a for a in algorithms if a) or DEFAULT_ALGORITHMS,
        jwks_uri=keys[0][0] if keys and keys[0] else None,
        places=places,
        reasons={
            AUDIENCES: "no audiences property, so aud is not validated",
            ISSUER: "jwk-set-uri without issuer-uri, so iss is not validated",
        },
    )


def _local(values: tuple[str, ...]) -> bool:
    """A URL to a host on this machine (an identity provider the tests start)."""
    return bool(values) and urls.is_local_host(urls.host_of(values[0]))


def _recognises(document: Document) -> bool:
    return any(
        _relaxed(".".join(entry.path)).startswith(_relaxed(PREFIX))
        for entry in yamldoc.entries(document.root)
    )


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    found = profile(_in_documents(documents))
    if found is not None:
        yield found


def read_properties(
    settings: Sequence[Setting], source: Source, context: Context
) -> Iterator[Validation | Detection]:
    found = profile(_in_settings(settings))
    if found is not None:
        yield found


PLATFORM = Platform(name="spring", words=(WORD,), recognises=_recognises, read=_read)


def parse_properties(source: Source) -> list[Setting]:
    return list(properties_settings(source.lines))


PROPERTIES_PLATFORM = TreePlatform(
    "spring", FileKind.INI, (WORD,), parse_properties, read_properties, suffixes=(".properties",)
)
