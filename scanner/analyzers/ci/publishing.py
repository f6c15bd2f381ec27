"""Package registries that take trusted publishing: how a pipeline publishes to each, as data.

PyPI, npm, RubyGems, crates.io and NuGet accept a CI's OIDC identity in
place of a stored API token ("trusted publishing"). This table says, for
each, which command publishes, which of its flags carries a token, which
flags send the package to another registry (a private index, where a token
may be the only way), and which environment variables the tool reads its
token from. Which CI systems a registry trusts is the platform
descriptors' `trusted_publishing`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Publisher:
    registry: str  # `PyPI`, as CI005 names it
    command: tuple[str, ...]  # the words that publish: `twine upload`
    token_flags: tuple[str, ...] = ()  # flags whose value is the token
    elsewhere_flags: tuple[str, ...] = ()  # flags that name the registry to publish to
    home: str = ""  # the public registry's host, as its URLs write it
    names: tuple[str, ...] = ()  # the names a `-r`/`--repository` flag gives it


_PYPI = ("pypi", "testpypi")
PUBLISHERS: tuple[Publisher, ...] = (
    Publisher("PyPI", ("twine", "upload"), ("-p", "--password"),
              ("--repository-url", "-r", "--repository"), "pypi.org", _PYPI),
    Publisher("PyPI", ("uv", "publish"), ("-p", "--password", "-t", "--token"),
              ("--publish-url", "--index"), "pypi.org", _PYPI),
    Publisher("PyPI", ("poetry", "publish"), ("-p", "--password"), ("-r", "--repository"),
              "pypi.org", _PYPI),
    Publisher("PyPI", ("poetry", "config", "pypi-token.pypi")),
    Publisher("PyPI", ("flit", "publish"), (), ("--repository",), "pypi.org", _PYPI),
    Publisher("npm", ("npm", "publish"), (), ("--registry",), "registry.npmjs.org"),
    Publisher("npm", ("pnpm", "publish"), (), ("--registry",), "registry.npmjs.org"),
    Publisher("npm", ("yarn", "npm", "publish")),
    Publisher("npm", ("yarn", "publish"), (), ("--registry",), "registry.npmjs.org"),
    Publisher("RubyGems", ("gem", "push"), (), ("--host",), "rubygems.org"),
    Publisher("crates.io", ("cargo", "publish"), ("--token",), ("--registry", "--index"),
              "crates.io"),
    Publisher("NuGet", ("dotnet", "nuget", "push"), ("-k", "--api-key"), ("-s", "--source"),
              "nuget.org"),
    Publisher("NuGet", ("nuget", "push"), ("-apikey",), ("-source",), "nuget.org"),
)  # fmt: skip

# Environment variables a registry's tools read a token from.
TOKEN_VARIABLES: Mapping[str, str] = {
    "twine_password": "PyPI",
    "uv_publish_token": "PyPI",
    "uv_publish_password": "PyPI",
    "poetry_pypi_token_pypi": "PyPI",
    "flit_password": "PyPI",
    "node_auth_token": "npm",
    "npm_token": "npm",
    "gem_host_api_key": "RubyGems",
    "cargo_registry_token": "crates.io",
}

# Publishing actions and the input that takes a stored token (and the one naming the registry).
ACTIONS: Mapping[str, tuple[str, str, str, str]] = {
    "pypa/gh-action-pypi-publish": ("PyPI", "password", "repository-url", "pypi.org"),
    "js-devtools/npm-publish": ("npm", "token", "registry", "registry.npmjs.org"),
}


def publisher(words: Sequence[str]) -> Publisher | None:
    """The publisher a command's words run, when it publishes to the public registry."""
    words = _in_workspace(words)
    found = next((p for p in PUBLISHERS if tuple(words[: len(p.command)]) == p.command), None)
    if found is None:
        return None
    lowered = [w.lower() for w in words]
    for index, word in enumerate(lowered):
        flag, equals, value = word.partition("=")
        if flag not in found.elsewhere_flags:
            continue
        target = value if equals else (lowered[index + 1] if index + 1 < len(lowered) else "")
        if found.home not in target and target.rstrip("/") not in found.names:
            return None  # a private registry: trusted publishing may not exist there
    return found


# pnpm's options that pick the workspace packages a command runs in, before the command.
_PNPM_SELECTORS = frozenset({"-r", "--recursive", "-F", "--filter", "-C", "--dir", "-w"})
_PNPM_VALUED = frozenset({"-F", "--filter", "-C", "--dir"})


def _in_workspace(words: Sequence[str]) -> Sequence[str]:
    """The command a monorepo runner runs in its packages, as if run directly.

    `yarn workspace @shop/ui npm publish`, `yarn workspaces foreach -A npm
    publish` and `pnpm --filter @shop/ui publish` publish as `yarn npm
    publish` and `pnpm publish` do.
    """
    if len(words) > 3 and words[0] == "yarn" and words[1] == "workspace":
        return ["yarn", *words[3:]]
    if len(words) > 2 and words[0] == "yarn" and tuple(words[1:3]) == ("workspaces", "foreach"):
        rest = list(words[3:])
        while rest and rest[0].startswith("-"):
            rest.pop(0)
        return ["yarn", *rest]
    if words and words[0] == "pnpm":
        rest = list(words[1:])
        while rest and rest[0].partition("=")[0] in _PNPM_SELECTORS:
            flag = rest.pop(0)
            if flag in _PNPM_VALUED and rest:
                rest.pop(0)
        return ["pnpm", *rest]
    return words


def token_word(words: Sequence[str], found: Publisher) -> str | None:
    """The token flag a publishing command is given (`--password`), if any."""
    for index, word in enumerate(words):
        flag, equals, _ = word.lower().partition("=")
        if flag in found.token_flags and (equals or index + 1 < len(words)):
            return flag
    if found.command == ("poetry", "config", "pypi-token.pypi") and len(words) > 3:
        return "pypi-token.pypi"
    return None
