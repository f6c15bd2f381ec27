"""Jenkinsfiles, read as text: literal assignments and the shell inside `sh` steps.

A Groovy parser would be heavy for what is needed: `NAME = 'literal'`
(environment blocks and `def`s), the string given to `sh`/`bat`/`powershell`
(one line or a triple-quoted block), and `echo` steps. Names bound by
`withCredentials` or `credentials(...)` count as secrets; their references
(`$TOKEN`, `${TOKEN}`, `${env.TOKEN}`) are fine anywhere but in output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.analyzers.base import Context, Source
from scanner.analyzers.ci_scripts import read_script
from scanner.analyzers.ci_shell import ScriptLine
from scanner.analyzers.ci_values import (
    CLOUD_NAMES,
    SecretScope,
    Thresholds,
    literal_at,
)
from scanner.analyzers.credentials import is_secret_name
from scanner.model import Detection, Location

_ASSIGNMENT = re.compile(
    r"^\s*(?:def\s+|String\s+)?(?P<name>[A-Za-z_]\w*)\s*=\s*"
    r"(?:(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)|(?P<call>credentials\s*\())"
)
_SHELL_STEP = re.compile(
    r"\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?(?P<q>'''|\"\"\"|'|\")"
)
_ECHO_STEP = re.compile(r"^\s*echo\b")
_BOUND = re.compile(
    r"\b(?:variable|usernameVariable|passwordVariable|keyFileVariable|passphraseVariable"
    r"|tokenVariable)\s*:\s*['\"](\w+)['\"]"
)


def audit(source: Source, context: Context) -> Iterator[Detection]:
    thresholds = Thresholds.of(context)
    bound = set(_BOUND.findall(source.text))
    cloud: dict[str, tuple[int, Location, str]] = {}
    for number, text in enumerate(source.lines, start=1):
        match = _ASSIGNMENT.match(text)
        if match is None:
            continue
        name = match.group("name")
        if match.group("call"):
            bound.update((name, f"{name}_USR", f"{name}_PSW"))
        elif is_secret_name(name):
            column = match.start("value") + 1
            span = Location(number, column, number, column + len(match.group("value")))
            found = literal_at(name, match.group("value"), span, thresholds)
            if found:
                yield found
        provider, rank = CLOUD_NAMES.get(name.lower(), ("", 0))
        if provider and (provider not in cloud or rank < cloud[provider][0]):
            cloud[provider] = (rank, Location(number, match.start("name") + 1), name)
    for provider, (_, where, name) in cloud.items():
        yield Detection("CI005", where, {"provider": provider, "key_name": name})
    scope = SecretScope(frozenset(bound), dumps_leak=True)
    for script in shell_steps(source):
        yield from read_script(script, scope, thresholds).detections


def shell_steps(source: Source) -> Iterator[tuple[ScriptLine, ...]]:
    """The shell text of each `sh`/`bat` step and `echo` step, line by line."""
    block: list[ScriptLine] = []
    closing: str | None = None
    for number, text in enumerate(source.lines, start=1):
        if closing is not None:
            end = text.find(closing)
            body = text if end < 0 else text[:end]
            if body.strip():
                indent = len(body) - len(body.lstrip())
                block.append(ScriptLine(number, indent + 1, body.strip()))
            if end >= 0:
                yield tuple(block)
                block, closing = [], None
            continue
        step = _SHELL_STEP.search(text)
        if step is not None:
            quote, start = step.group("q"), step.end()
            end = text.find(quote, start)
            if end >= 0:
                yield (ScriptLine(number, start + 1, text[start:end]),)
            elif len(quote) == 3:
                closing = quote
                if text[start:].strip():
                    block.append(ScriptLine(number, start + 1, text[start:].rstrip()))
        elif _ECHO_STEP.match(text):
            indent = len(text) - len(text.lstrip())
            yield (ScriptLine(number, indent + 1, text.strip()),)
    if block:
        yield tuple(block)
