"""XML configuration (Maven `settings.xml`, Tomcat, Spring, .NET `web.config`) as settings.

Java and .NET tools keep credentials in XML in three shapes, read here as
those tools read them:

- an element's own text, named by the path of elements down to it
  (`settings.servers.server.password`);
- an attribute, named by its element and itself (`Resource.password`);
- a key/value pair, named by the key attribute's value: `<add key="ApiKey"
  value="..."/>` (.NET `appSettings`), `<property name="password"
  value="..."/>` (Spring, Ant), `<entry key="...">...</entry>`.

A value that is an ADO.NET connection string (`Server=...;Password=...`)
gives its password part as a setting of its own, so the password is judged
and pointed at, not the whole string. The document is parsed by
`xml_tree` (defusedxml: no DTD, entity or external reference is read);
positions come from the parser's line and column, and an attribute's
value is found by reading its start tag, so a finding points at the value's
own characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.analyzers.base import Source
from scanner.analyzers.config.gate import worth_reading
from scanner.analyzers.config.setting import Reader, Setting
from scanner.analyzers.trees import xml_tree
from scanner.analyzers.trees.xml_tree import Element
from scanner.model import Location

# Attributes that name the value of their element (`key="ApiKey"`), and the one that holds it.
_NAMING = ("key", "name")
_VALUE = "value"
_TAG_NAME = re.compile(r"<[^\s/>]+")
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# `Password=...` or `Pwd=...` among the `;`-separated parts of a connection string.
_PASSWORD_PART = re.compile(r"(?:^|;)\s*(?i:password|pwd)\s*=\s*(?P<value>[^;]*)")
# Java EE's resource authentication modes (Tomcat `<Resource auth=...>`, web.xml `<res-auth>`):
# who signs on to the resource, under a name that reads like a credential.
_AUTH_MODE = re.compile(r"(?:^|[-_.])auth$", re.IGNORECASE)
_AUTH_MODES = frozenset({"Container", "Application"})


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(xml_settings(xml_tree.parse(source), source))


def xml_settings(root: Element, source: Source) -> Iterator[Setting]:
    """Every element's settings, parents before children, in document order."""
    stack: list[tuple[tuple[str, ...], Element]] = [((), root)]
    while stack:
        parent, element = stack.pop()
        path = (*parent, element.name)
        yield from _settings(parent, path, element, source)
        stack.extend((path, child) for child in reversed(element.children))


def _settings(
    parent: tuple[str, ...], path: tuple[str, ...], element: Element, source: Source
) -> Iterator[Setting]:
    spans = _attribute_spans(element, source)
    named = next((element.attributes[a] for a in _NAMING if element.attributes.get(a)), None)
    held = _held_value(element, source, spans) if named is not None else None
    if named is not None and held is not None:
        yield from _kept(Setting((*parent, named), *held), source)
        shown = {a for a in (*_NAMING, _VALUE) if a in element.attributes}
    else:
        shown = set()
        if not element.children and element.text:
            yield from _kept(Setting(path, element.text, _text_span(element, source)), source)
    for attribute, value in element.attributes.items():
        if attribute not in shown and attribute in spans:
            yield from _kept(Setting((*path, attribute), value, spans[attribute]), source)


def _held_value(
    element: Element, source: Source, spans: dict[str, Location]
) -> tuple[str, Location] | None:
    """The value a named element holds: its `value` attribute, its text or its `<value>` child."""
    if _VALUE in element.attributes and _VALUE in spans:
        return element.attributes[_VALUE], spans[_VALUE]
    if not element.children and element.text:
        return element.text, _text_span(element, source)
    child = element.child(_VALUE)
    if len(element.children) == 1 and child is not None and not child.children and child.text:
        return child.text, _text_span(child, source)
    return None


def _kept(setting: Setting, source: Source) -> Iterator[Setting]:
    """The setting if the judges may want it; a connection string's password as its own."""
    # A JDBC URL's `;password=` is SEC002's, as in any other file.
    jdbc = setting.value[:5].lower() == "jdbc:"
    password = None if jdbc else _PASSWORD_PART.search(setting.value)
    if password is not None and password["value"].strip():
        value = password["value"].strip()
        start = password.start("value") + len(password["value"]) - len(password["value"].lstrip())
        yield Setting((*setting.path, "Password"), value, _part(setting, source, start, value))
    elif worth_reading(setting.path, setting.value) and not (
        _AUTH_MODE.search(setting.key) and setting.value in _AUTH_MODES
    ):
        yield setting


def _part(setting: Setting, source: Source, start: int, value: str) -> Location:
    """Where `value`, at `start` of the setting's value, is, when the file spells it as read."""
    where = setting.location
    begin = source.index.offset(where.line, where.column)
    end = source.index.offset(where.end_line, where.end_column)
    if source.text[begin:end] != setting.value:
        return where  # entities or normalised blanks: the whole value is the place
    return source.index.location(begin + start, begin + start + len(value))


def _text_span(element: Element, source: Source) -> Location:
    """The element's text as written: from its first non-blank character to its last."""
    if not element.text_line or not element.text_column or not element.end_line:
        return Location(element.line, element.column or 1, element.line, element.column or 1)
    index = source.index
    start = index.offset(element.text_line, element.text_column)
    end = index.offset(element.end_line, element.end_column)
    raw = source.text[start:end].rstrip()
    while raw.endswith("]]>"):  # the text ends in a CDATA section
        raw = raw[:-3].rstrip()
    return index.location(start, start + len(raw))


def _attribute_spans(element: Element, source: Source) -> dict[str, Location]:
    """Where each attribute's value is, inside its quotes, read from the element's start tag."""
    if not element.attributes or not element.column:
        return {}
    index = source.index
    start = _TAG_NAME.match(source.text, index.offset(element.line, element.column))
    if start is None:
        return {}
    spans: dict[str, Location] = {}
    position = start.end()
    while (found := _ATTRIBUTE.match(source.text, position)) is not None:
        group = 2 if found[2] is not None else 3
        spans[found[1].rpartition(":")[2]] = index.location(found.start(group), found.end(group))
        position = found.end()
    return spans


READER = Reader("xml", xml_tree.XML, read)
