"""Settings out of a YAML or JSON document: mappings, environment lists and Kubernetes Secrets.

Besides plain `key: value` pairs, three shapes carry a setting's name
somewhere other than its key, and are read as their tools read them:

- `environment:` / `env:` / `args:` lists of `KEY=value` strings (docker-compose);
- lists of `{name: KEY, value: ...}` mappings (Kubernetes container `env`,
  Helm `extraEnvVars`, ECS task definitions);
- `kind: Secret` manifests, whose `stringData` values are secrets as written
  and whose `data` values are base64 of secrets, whatever the key is called.

Values with a local tag (`!vault`, `!Ref`, `!Sub`) are computed or
encrypted by the tool that reads the file, so they are not literals. A Helm
template is read with its `{{ }}` actions blanked out; `yamldoc.documents`
refuses flow collections nested deep enough to overflow LibYAML's stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import yaml

from scanner.analyzers import yamldoc
from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.config_formats import Role, Setting
from scanner.analyzers.lines import LineIndex
from scanner.model import Location

ENV_LISTS = frozenset({"environment", "env", "args", "build_args", "buildargs"})
_ENV_ITEM = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)=")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_SECRET_FIELDS = {"stringData": Role.SECRET_STRING, "data": Role.SECRET_BASE64}


Keep = Callable[[tuple[str, ...], str], bool]


def yaml_documents(text: str, index: LineIndex | None = None) -> list[yaml.Node]:
    """YAML documents; a Helm template is read with its `{{ }}` actions blanked out."""
    try:
        return list(yamldoc.documents(text, index))
    except Unparsable:
        if "{{" not in text:
            raise
        return list(yamldoc.documents(blank_template_actions(text), index))


def line_document(source: Source) -> yaml.MappingNode:
    """A YAML file the parser refused, as one mapping of the `key: value` lines it still holds."""
    pairs = list(yamldoc.line_entries(source.lines, source.index))
    start = pairs[0][0].start_mark if pairs else yaml.Mark("<lines>", 0, 0, 0, "", 0)
    end = pairs[-1][1].end_mark if pairs else start
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, start, end)


def blank_template_actions(text: str) -> str:
    """Every `{{ ... }}` becomes spaces (line ends kept), so every offset, line and column
    stays put."""
    pieces = []
    cursor = 0
    while (start := text.find("{{", cursor)) >= 0:
        end = text.find("}}", start + 2)
        if end < 0:
            break
        pieces.append(text[cursor:start])
        pieces.append(re.sub(r"[^\r\n]", " ", text[start : end + 2]))
        cursor = end + 2
    pieces.append(text[cursor:])
    return "".join(pieces)


def tree_settings(root: yaml.Node, lines: tuple[str, ...], keep: Keep) -> Iterator[Setting]:
    """The settings of one document that `keep` wants, each node visited once (aliases too).

    A scalar reached through an alias (`other: *pw`) comes after every
    setting written in place, so a value is first judged under the key that
    defines it, and under an alias's key only when that one alone says secret.
    """
    secret = is_kubernetes_secret(root)
    aliased: list[Setting] = []
    for entry in yamldoc.entries(root):
        value = entry.value
        if isinstance(value, yaml.ScalarNode):
            if _is_local_tag(value):
                continue
            role = Role.PLAIN
            if secret and len(entry.path) == 2:
                role = _SECRET_FIELDS.get(entry.path[0], Role.PLAIN)
            text = str(value.value)
            if role is Role.PLAIN and not keep(entry.path, text):
                continue
            setting = Setting(entry.path, text, yamldoc.value_span(value, lines), role)
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


def _listed(
    path: tuple[str, ...], node: yaml.SequenceNode, lines: tuple[str, ...], keep: Keep
) -> Iterator[Setting]:
    env_list = path[-1].lower().replace("-", "_") in ENV_LISTS
    for item in node.value:
        if isinstance(item, yaml.ScalarNode) and env_list and not _is_local_tag(item):
            named = _ENV_ITEM.match(str(item.value))
            if named is not None and keep((*path, named["key"]), str(item.value)):
                yield _env_item(path, named["key"], item, lines)
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
