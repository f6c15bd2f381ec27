"""Settings out of a YAML or JSON document: mappings, environment lists and Kubernetes Secrets.

Besides plain `key: value` pairs, three shapes carry a setting's name
somewhere other than its key, and are read as their tools read them:

- `environment:` / `env:` / `args:` lists of `KEY=value` strings (docker-compose);
- lists of `{name: KEY, value: ...}` mappings (Kubernetes container `env`,
  Helm `extraEnvVars`, ECS task definitions); other lists of scalars are
  values of their key (`client_secret: [...]`);
- `kind: Secret` manifests, whose `stringData` values are secrets as written
  and whose `data` values are base64 of secrets, whatever the key is called,
  except the public fields of a Kong credential Secret (label
  `konghq.com/credential`): a jwt credential's `key` is the `iss` it
  matches and its `rsa_public_key` a public key; a basic-auth or hmac-auth
  `username`, an acl `group`, an oauth2 `name`, `client_id` or
  `redirect_uris` name things, and are judged by their names like any setting;
- kubeconfigs (`kind: Config` with `users:`), whose users' `client-key-data`
  is base64 of a private key unless `kubectl config view` left `DATA+OMITTED`
  in its place (their `token` and `password` say so by name).

Values with a local tag (`!vault`, `!Ref`, `!Sub`) are computed or
encrypted by the tool that reads the file, so they are not literals. The
YAML and JSON readers both hand their documents here as `yaml` nodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import yaml

from scanner.analyzers import yamldoc
from scanner.analyzers.config.setting import Declared, Setting
from scanner.model import Location

ENV_LISTS = frozenset({"environment", "env", "args", "build_args", "buildargs"})
_ENV_ITEM = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)=")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_SECRET_FIELDS = {"stringData": Declared.SECRET_STRING, "data": Declared.SECRET_BASE64}
_KUBECONFIG_KEY = ("user", "client-key-data")  # below `users[n]`
# Fields of a Kong credential Secret, by credential type, that are not secret.
_KONG_PUBLIC_FIELDS = {
    "jwt": frozenset({"key", "algorithm", "rsa_public_key"}),
    "basic-auth": frozenset({"username"}),
    "hmac-auth": frozenset({"username"}),
    "acl": frozenset({"group"}),
    "oauth2": frozenset({"name", "client_id", "redirect_uris"}),
}
_KONG_CREDENTIAL = "konghq.com/credential"


Keep = Callable[[tuple[str, ...], str], bool]


def tree_settings(root: yaml.Node, lines: tuple[str, ...], keep: Keep) -> Iterator[Setting]:
    """The settings of one document that `keep` wants, each node visited once (aliases too).

    A scalar reached through an alias (`other: *pw`) comes after every
    setting written in place, so a value is first judged under the key that
    defines it, and under an alias's key only when that one alone says secret.
    """
    secret = is_kubernetes_secret(root)
    kubeconfig = is_kubeconfig(root)
    public = _kong_public_fields(root) if secret else frozenset()
    aliased: list[Setting] = []
    for entry in yamldoc.entries(root):
        value = entry.value
        if isinstance(value, yaml.ScalarNode):
            if _is_local_tag(value):
                continue
            declared = Declared.PLAIN
            if secret and len(entry.path) == 2 and entry.path[1] not in public:
                declared = _SECRET_FIELDS.get(entry.path[0], Declared.PLAIN)
            elif kubeconfig and entry.path[0] == "users" and entry.path[2:] == _KUBECONFIG_KEY:
                declared = Declared.PRIVATE_KEY_BASE64
            text = str(value.value)
            if declared is Declared.PLAIN and not keep(entry.path, text):
                continue
            setting = Setting(entry.path, text, yamldoc.value_span(value, lines), declared)
            if value.start_mark.index < entry.key.start_mark.index:
                aliased.append(setting)
            else:
                yield setting
        elif isinstance(value, yaml.SequenceNode):
            yield from _listed(entry.path, value, lines, keep)
    yield from aliased


def is_kubernetes_secret(root: yaml.Node) -> bool:
    kind = yamldoc.scalar(yamldoc.child(root, "kind"))
    return kind == "Secret" and yamldoc.child(root, "apiVersion") is not None


def is_kubeconfig(root: yaml.Node) -> bool:
    """A kubeconfig, whatever the file is called: `kind: Config` with users (or clusters)."""
    kind = yamldoc.scalar(yamldoc.child(root, "kind"))
    return kind == "Config" and (
        yamldoc.child(root, "users") is not None or yamldoc.child(root, "clusters") is not None
    )


def _kong_public_fields(root: yaml.Node) -> frozenset[str]:
    """The fields of a Kong credential Secret that name or publish rather than authenticate."""
    labels = yamldoc.child(yamldoc.child(root, "metadata"), "labels")
    kind = yamldoc.scalar(yamldoc.child(labels, _KONG_CREDENTIAL)) if labels is not None else None
    return _KONG_PUBLIC_FIELDS.get((kind or "").strip().lower(), frozenset())


def _listed(
    path: tuple[str, ...], node: yaml.SequenceNode, lines: tuple[str, ...], keep: Keep
) -> Iterator[Setting]:
    env_list = path[-1].lower().replace("-", "_") in ENV_LISTS
    for item in node.value:
        if isinstance(item, yaml.ScalarNode) and env_list and not _is_local_tag(item):
            named = _ENV_ITEM.match(str(item.value))
            if named is not None and keep((*path, named["key"]), str(item.value)):
                yield _env_item(path, named["key"], item, lines)
        elif isinstance(item, yaml.ScalarNode) and not _is_local_tag(item):
            # `client_secret: [s3cr3t]` (Kong openid-connect): each item is a value of the key.
            if keep(path, str(item.value)):
                yield Setting(path, str(item.value), yamldoc.value_span(item, lines))
        elif isinstance(item, yaml.MappingNode):
            name = yamldoc.scalar(yamldoc.child(item, "name"))
            value = yamldoc.child(item, "value")
            if (
                name is not None
                and _ENV_NAME.match(name)
                and isinstance(value, yaml.ScalarNode)
                and not _is_local_tag(value)
                and keep((*path, name), str(value.value))
            ):
                yield Setting((*path, name), str(value.value), yamldoc.value_span(value, lines))


def _env_item(
    path: tuple[str, ...], key: str, item: yaml.ScalarNode, lines: tuple[str, ...]
) -> Setting:
    """`- KEY=value`: the value's characters start after `KEY=`."""
    text = str(item.value)
    value = text[len(key) + 1 :]
    where = yamldoc.value_span(item, lines)
    if where.line == where.end_line and 1 <= where.line <= len(lines):
        raw = lines[where.line - 1][where.column - 1 : where.end_column - 1]
        found = raw.find(value, len(key)) if value else -1
        if found >= 0:
            column = where.column + found
            return Setting(
                (*path, key), value, Location(where.line, column, where.line, column + len(value))
            )
    return Setting((*path, key), value, where)


def _is_local_tag(node: yaml.Node) -> bool:
    tag = node.tag or ""
    return tag.startswith("!") and not tag.startswith("!!")
