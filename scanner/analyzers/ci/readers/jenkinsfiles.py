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
from scanner.analyzers.ci import audits
from scanner.analyzers.ci.audits import ci001_literal_credentials, ci005_static_cloud_keys
from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.script_facts import NamedValue, read_script
from scanner.analyzers.ci.secret_values import SecretScope, Thresholds
from scanner.analyzers.ci.shell_words import ScriptLine
from scanner.model import Detection, Location

_ASSIGNMENT = re.compile(
    r"^\s*(?:def\s+|String\s+)?(?P<name>[A-Za-z_]\w*)\s*=\s*"
    r"(?:(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)|(?P<call>credentials\s*\())"
)
_ECHO_STEP = re.compile(r"^\s*echo\b")
_BOUND = re.compile(
    r"\b(?:variable|usernameVariable|passwordVariable|keyFileVariable|passphraseVariable"
    r"|tokenVariable)\s*:\s*['\"](\w+)['\"]"
)


def audit(source: Source, context: Context, platform: Platform) -> Iterator[Detection]:
    thresholds = Thresholds.of(context, source.kind)
    bound = set(_BOUND.findall(source.text))
    literals: list[NamedValue] = []
    names: list[tuple[str, Location]] = []
    for number, text in enumerate(source.lines, start=1):
        match = _ASSIGNMENT.match(text)
        if match is None:
            continue
        name = match.group("name")
        if match.group("call"):
            bound.update((name, f"{name}_USR", f"{name}_PSW"))
        else:
            column = match.start("value") + 1
            span = Location(number, column, number, column + len(match.group("value")))
            literals.append(NamedValue(name, match.group("value"), span))
        names.append((name, Location(number, match.start("name") + 1)))
    yield from ci001_literal_credentials.in_assignments(literals, thresholds)
    yield from ci005_static_cloud_keys.in_names(names)
    scope = SecretScope(frozenset(bound), dumps_leak=True)
    for script in shell_steps(source, platform):
        yield from audits.in_script(read_script(script, scope), thresholds, platform)


def shell_steps(source: Source, platform: Platform) -> Iterator[tuple[ScriptLine, ...]]:
    """The shell text of each `sh`/`bat` step and `echo` step, line by line."""
    steps = "|".join(re.escape(key) for key in platform.script_keys)
    shell_step = re.compile(rf"\b(?:{steps})\s*\(?\s*(?:script\s*:\s*)?(?P<q>'''|\"\"\"|'|\")")
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
        step = shell_step.search(text)
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
