"""oauth2-proxy: its config file (`oauth2-proxy.cfg`), `OAUTH2_PROXY_*` variables and `--flags`.

The three spellings of one option (`skip_jwt_bearer_tokens`,
`OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS`, `--skip-jwt-bearer-tokens`) are read
as one. The login flow checks `aud` against the client id; with
`skip_jwt_bearer_tokens`, a bearer JWT of an `extra_jwt_issuers` entry
(`issuer=audience`) bypasses login when its `aud` matches, so an entry
without audience, or with Keycloak's `account` (in every user token of the
realm), admits any token of the issuer. `ssl_insecure_skip_verify` fetches
keys without TLS verification; `insecure_oidc_skip_issuer_verification`
drops the issuer check. IPs in `trusted_ips` skip authentication, and
behind `reverse_proxy` the client's address comes from `X-Real-IP` /
`X-Forwarded-For`, which anyone reaching the proxy writes unless
`trusted_proxy_ips` narrows who may set them (default: everyone). A list
written over several lines of the config file is read item by item, each
reported on its own line.
`pass_access_token` and `pass_authorization_header` hand the signed-in
caller's token to the `upstreams`: a token passthrough (TOK001) when one of
them lies outside the domains the proxy serves or trusts. Literal
`client_secret` / `cookie_secret` values are the config analyzer's
(SEC001, HMAC001), as is an `http://` issuer URL (JWT010).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

import yaml

from scanner.analyzers import urls, yamldoc
from scanner.analyzers.base import Context, Source
from scanner.analyzers.config import durations
from scanner.analyzers.config.readers.ini_reader import ini_settings
from scanner.analyzers.config.setting import Setting
from scanner.analyzers.gateway import trust_boundary
from scanner.analyzers.gateway.documents import Document
from scanner.analyzers.gateway.judges import long_lifetime, not_enforced, passed_through
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import AUDIENCES, ISSUER, TRANSPORT, Validation
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.model import Detection, FileKind, Location, Related

ENVIRONMENT = "OAUTH2_PROXY_"
_TRUE = frozenset({"true", "1", "yes", "on"})
_KEYCLOAK_DEFAULT_AUDIENCE = "account"
_QUOTED = re.compile(r"""(["'])(.*?)\1""")
WORDS = (
    b"OAUTH2_PROXY_",
    b"skip_jwt_bearer_tokens",
    b"skip-jwt-bearer-tokens",
    b"oidc_issuer_url",
    b"oidc-issuer-url",
    b"cookie_secret",
    b"cookie-secret",
)

# The options that hand the session's token to the upstream (X-Forwarded-Access-Token, or the
# ID token as `Authorization: Bearer`), and those naming the domains the proxy serves or trusts.
_PASSING = ("pass_access_token", "pass_authorization_header")
_SERVED = ("redirect_url", "cookie_domains", "cookie_domain", "whitelist_domains", "email_domains")
_TRUSTED = ("oidc_issuer_url", "oidc_jwks_url", "login_url", "redeem_url", "extra_jwt_issuers")

Options = Mapping[str, tuple[str, Location]]  # option name (snake case) -> raw value, place


def option(name: str) -> str | None:
    """`OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS`, `--skip-jwt-bearer-tokens`, `skip_jwt_bearer_tokens`."""
    if name.startswith(ENVIRONMENT):
        return name[len(ENVIRONMENT) :].lower()
    if name.startswith("--"):
        return name[2:].replace("-", "_")
    return None


def judge(
    options: Options, context: Context, path: str, entries: Mapping[str, Location] | None = None
) -> Iterator[Validation | Detection]:
    """`entries` places the items of a list written over several lines, by their text."""
    if not options:
        return
    yield from _passed_on(options, path)
    at = min((p for _, p in options.values()), key=lambda p: (p.line, p.column))
    places = {}
    skip_verify = _on(options, "ssl_insecure_skip_verify")
    if skip_verify:
        places[TRANSPORT] = options["ssl_insecure_skip_verify"][1]
    skip_issuer = _on(options, "insecure_oidc_skip_issuer_verification")
    if skip_issuer:
        places[ISSUER] = options["insecure_oidc_skip_issuer_verification"][1]
    issuer = options.get("oidc_issuer_url", ("", at))[0] or None
    yield Validation(
        platform="oauth2-proxy",
        name="oauth2-proxy",
        at=options["oidc_issuer_url"][1] if "oidc_issuer_url" in options else at,
        issuer=issuer,
        issuer_checked=not skip_issuer,
        audiences=("(client_id)",),
        insecure_transport="ssl_insecure_skip_verify = true" if skip_verify else "",
        places=places,
        reasons={ISSUER: "insecure_oidc_skip_issuer_verification accepts tokens of any issuer"},
    )
    if _on(options, "skip_jwt_bearer_tokens") and "extra_jwt_issuers" in options:
        raw, where = options["extra_jwt_issuers"]
        for entry in _listed(raw):
            extra, _, audience = entry.partition("=")
            weak = not audience.strip() or audience.strip() == _KEYCLOAK_DEFAULT_AUDIENCE
            place = (entries or {}).get(entry, where)
            yield Validation(
                platform="oauth2-proxy",
                name=f"oauth2-proxy extra_jwt_issuers '{extra.strip()}'",
                at=place,
                issuer=extra.strip(),
                audiences=None if weak else (audience.strip(),),
                places={AUDIENCES: place},
                reasons={
                    AUDIENCES: f"audience '{audience.strip()}' is in every user token of the realm"
                    if audience.strip()
                    else "no audience after the issuer"
                },
            )
    if "cookie_expire" in options:
        raw, where = options["cookie_expire"]
        found = durations.duration(raw.strip().strip("\"'"), 1.0, None)
        if found is not None:
            yield from long_lifetime(where, "oauth2-proxy cookie_expire", found.seconds, context)
    if (
        "trusted_ips" in options
        and _on(options, "reverse_proxy")
        and "trusted_proxy_ips" not in options
    ):
        yield not_enforced(
            options["trusted_ips"][1],
            "oauth2-proxy trusted_ips",
            "behind reverse_proxy with no trusted_proxy_ips, any client can claim a trusted IP"
            " in X-Forwarded-For and skip authentication",
        )


def _passed_on(options: Options, path: str) -> Iterator[Detection]:
    """TOK001: the signed-in caller's token handed to an upstream outside the trust boundary."""
    passing = [name for name in _PASSING if _on(options, name)]
    listed = options.get("upstreams") or options.get("upstream")
    if not passing or listed is None:
        return
    own = trust_boundary.Domains.of(_domains(options, _SERVED), _domains(options, _TRUSTED))
    for url in _listed(listed[0]):
        host = urls.host_of(url)
        reason = trust_boundary.outside(host, own)
        if reason is not None:
            upstream = Related(path, listed[1], f"upstream {host}")
            setting = f"{passing[0]} = true"
            yield passed_through(options[passing[0]][1], "oauth2-proxy", setting, upstream, reason)
            return


def _domains(options: Options, names: Sequence[str]) -> Iterator[str]:
    """The hosts and domains the options list (`issuer=audience` entries by their issuer)."""
    for name in names:
        if name in options:
            for entry in _listed(options[name][0]):
                yield entry.partition("=")[0].lstrip(".")


def _on(options: Options, name: str) -> bool:
    return options.get(name, ("", Location(1)))[0].strip().strip("\"'").lower() in _TRUE


def _listed(raw: str) -> list[str]:
    """`["a=b", "c=d"]` (TOML), `a=b,c=d` (flags and variables)."""
    text = raw.strip().removeprefix("[").removesuffix("]")
    return [part.strip().strip("\"'") for part in text.split(",") if part.strip().strip("\"'")]


def _from_documents(documents: Iterable[Document]) -> Options:
    found: dict[str, tuple[str, Location]] = {}
    for document in documents:
        for entry in yamldoc.entries(document.root):
            name = option(entry.path[-1])
            if len(entry.path) >= 2 and entry.path[-2] == "extraArgs":  # the Helm chart's flags
                name = entry.path[-1].replace("-", "_")
            if name is not None and isinstance(entry.value, yaml.ScalarNode):
                found[name] = (str(entry.value.value), document.span(entry.value))
            elif isinstance(entry.value, yaml.SequenceNode):
                found.update(_env_and_args(document, entry.value))
    return found


def _env_and_args(
    document: Document, node: yaml.SequenceNode
) -> Iterator[tuple[str, tuple[str, Location]]]:
    """`- name: OAUTH2_PROXY_X` / `value:` items, `- OAUTH2_PROXY_X=v` and `- --x=v` strings."""
    for item in node.value:
        if isinstance(item, yaml.MappingNode):
            key = yamldoc.scalar(yamldoc.child(item, "name")) or ""
            value = yamldoc.child(item, "value")
            name = option(key)
            if name is not None and isinstance(value, yaml.ScalarNode):
                yield name, (str(value.value), document.span(value))
        elif isinstance(item, yaml.ScalarNode):
            key, equals, value_text = str(item.value).partition("=")
            name = option(key.strip())
            if name is not None:
                yield name, (value_text if equals else "true", document.span(item))


def _recognises(document: Document) -> bool:
    return bool(_from_documents((document,)))


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    yield from judge(_from_documents(documents), context, documents[0].path if documents else "")


def read_config(
    settings: Sequence[Setting], source: Source, context: Context
) -> Iterator[Validation | Detection]:
    """`oauth2-proxy.cfg`: TOML `name = value` lines, read by the INI reader, whose lists
    may continue over the following lines (`extra_jwt_issuers = [` then one item a line)."""
    names = {s.key for s in settings}
    if not names & {"oidc_issuer_url", "cookie_secret", "skip_jwt_bearer_tokens", "provider"}:
        return
    options: dict[str, tuple[str, Location]] = {}
    entries: dict[str, Location] = {}
    for setting in settings:
        value = setting.value
        if value.strip() == "[":
            items = dict(_continued(source.lines, setting.location.line))
            entries.update(items)
            value = "[" + ", ".join(items) + "]"
        options[setting.key] = (value, setting.location)
    yield from judge(options, context, source.relpath, entries)


def _continued(lines: Sequence[str], opened: int) -> Iterator[tuple[str, Location]]:
    """The quoted items of a TOML list opened on line `opened`, up to its `]`, with places."""
    for number in range(opened + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.lstrip().startswith("#"):
            continue  # a comment line inside the list
        for match in _QUOTED.finditer(line):
            yield match.group(2), Location(number, match.start(2) + 1, number, match.end(2) + 1)
        if "]" in _QUOTED.sub("", line).partition("#")[0]:
            return


PLATFORM = Platform(name="oauth2-proxy", words=WORDS, recognises=_recognises, read=_read)


def parse_config(source: Source) -> list[Setting]:
    return list(ini_settings(source.lines))


CONFIG_PLATFORM = TreePlatform(
    "oauth2-proxy", FileKind.INI, WORDS, parse_config, read_config, suffixes=(".cfg", ".conf")
)
