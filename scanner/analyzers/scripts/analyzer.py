"""SEC005 in shell scripts, Dockerfile `RUN` lines and Makefiles.

The command lines are read by the CI analyzer's tokenizer and its reading of
where a credential goes (`script_facts`: `export NAME=...`, `curl -u`,
`mysql -p...`, `sshpass -p`, `--password=...`, a URL's password), plus the
`Authorization` header handed to curl or wget. A value that expands a
variable or a command (`$PW`, `${PW}`, `$(cat f)`, make's `$(PW)`) is a
reference, never a literal; any other value is judged as SEC001 judges one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scanner import masking
from scanner.analyzers.base import Context, Source
from scanner.analyzers.ci.script_facts import read_script, span_of
from scanner.analyzers.ci.secret_values import SecretScope
from scanner.analyzers.ci.shell_words import (
    Command,
    LogicalLine,
    ScriptLine,
    logical_lines,
    pipelines,
)
from scanner.analyzers.config.judges.literal_credentials import is_credential_text
from scanner.analyzers.credentials import (
    authorization_credential,
    is_secret_name,
    names_credential,
)
from scanner.analyzers.scripts.script_lines import is_shell_script, makefile_variables, script_lines
from scanner.model import Detection, FileKind, Location
from scanner.registry import SCRIPTS, SEC005, CredentialThresholds, rules_for

_EXPANSION = re.compile(r"\$[\w{(@*#?!$-]|`")
_HEADER_CLIENTS = frozenset({"curl", "wget", "http", "https", "xh"})
_HEADER_FLAGS = ("--header=", "-H")
# Every value SEC005 reads sits under a credential word, in a URL's user part, or after a
# client that takes a password or a header: no such byte, nothing to tokenize.
_WORTH_READING = re.compile(
    rb"(?i)pass|pwd|secret|token|api.?key|access.?key|private.?key|credential|auth|curl|wget"
    rb"|mysql|mariadb|docker|podman|nerdctl|buildah|skopeo|helm|oras|crane|twine|mongo"
    rb"|redis-cli|sqlcmd|\baz\b|openssl|://[^/\s@]*:[^/\s@]*@"
)


class ScriptsAnalyzer:
    name = "scripts"
    kinds = frozenset({FileKind.SHELL, FileKind.MAKEFILE, FileKind.DOCKERFILE, FileKind.TEXT})
    rules = rules_for(SCRIPTS)

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        """Any script, Dockerfile or Makefile; another text file only with a shell shebang."""
        if kind is FileKind.TEXT and not is_shell_script(data):
            return False
        return _WORTH_READING.search(data) is not None

    def analyze(self, source: Source, context: Context) -> Iterator[Detection]:
        thresholds = context.params(SEC005)
        kind = FileKind.SHELL if source.kind is FileKind.TEXT else source.kind
        lines = script_lines(kind, source.lines)
        for value in read_script(lines, SecretScope()).values:
            yield from _judged(value.key, value.value, value.location, thresholds, kind)
        for name, credential, where in _headers(lines):
            yield from _judged(name, credential, where, thresholds, kind)
        if kind is FileKind.MAKEFILE:
            for variable in makefile_variables(source.lines):
                if is_secret_name(variable.name):
                    yield from _judged(
                        variable.name, variable.value, variable.location, thresholds, kind
                    )


def _judged(
    name: str, value: str, where: Location, thresholds: CredentialThresholds, kind: FileKind
) -> Iterator[Detection]:
    named = names_credential(name)
    if _EXPANSION.search(value) or not is_credential_text(value, thresholds, kind, named=named):
        return
    yield SEC005.detect(
        where, {"name": name}, evidence=masking.evidence(value.strip()), secret_spans=(where,)
    )


def _headers(lines: Sequence[ScriptLine]) -> Iterator[tuple[str, str, Location]]:
    """`curl -H "Authorization: Bearer <token>"`, `wget --header=...`: the credential and place."""
    for line in logical_lines(lines):
        if "uthorization" not in line.text and "UTHORIZATION" not in line.text:
            continue
        for pipeline in pipelines(line.text):
            for command in pipeline:
                if command.name in _HEADER_CLIENTS:
                    yield from _command_headers(command, line)


def _command_headers(command: Command, line: LogicalLine) -> Iterator[tuple[str, str, Location]]:
    args = command.args
    for index, word in enumerate(args):
        text = word.text
        if text in ("-H", "--header") and index + 1 < len(args):
            word, header = args[index + 1], args[index + 1].text
        elif text.startswith(_HEADER_FLAGS) and text not in ("-H", "--header="):
            header = text.removeprefix("--header=").removeprefix("-H")
        else:
            continue
        found = authorization_credential(header)
        if found is None:
            continue
        credential = header[found[0] : found[1]]
        raw = line.text[word.start : word.end]
        offset = raw.rfind(credential)
        if offset < 0:
            continue  # escaped inside quotes: its characters are not the file's
        start = word.start + offset
        yield "Authorization header", credential, span_of(line, start, start + len(credential))
