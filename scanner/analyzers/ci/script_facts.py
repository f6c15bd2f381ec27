"""What a pipeline script does with secrets: read once into `ScriptFacts`.

One pass over a script's commands finds the values written where a
credential goes (`curl -u user:pass`, `--password`, `https://user:pass@host`,
`export TOKEN=...`), secrets that reach the job log (`echo`, `cat` of a key
file, environment dumps, `set -x`, writes to the job summary), cloud sign-ins
with stored keys (`gcloud auth activate-service-account`), packages
published with a token (`twine upload -p`), checkouts of pull request code
(`gh pr checkout`) and files a secret was written to. These are
facts, not findings: the audits of CI001, CI002, CI004 and CI005 judge them.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from scanner.analyzers.ci import publishing
from scanner.analyzers.ci.secret_values import (
    SecretScope,
    pr_head_label,
    secret_refs,
    shell_names,
)
from scanner.analyzers.ci.shell_words import (
    Command,
    LogicalLine,
    ScriptLine,
    Word,
    is_assignment,
    logical_lines,
    pipelines,
)
from scanner.analyzers.credentials import is_secret_name
from scanner.model import Location

_URL_CREDENTIAL = re.compile(r"[a-z][a-z0-9+.\-]*://([^\s:/@]+):([^\s/@]+)@", re.IGNORECASE)
_XTRACE = re.compile(r"^-[a-wyz]*x[a-z]*$")
_PASSWORD_OPTION = {
    "docker": "-p", "podman": "-p", "nerdctl": "-p", "buildah": "-p", "skopeo": "-p",
    "helm": "-p", "oras": "-p", "crane": "-p", "sshpass": "-p", "twine": "-p",
    "mongo": "-p", "mongosh": "-p", "redis-cli": "-a", "sqlcmd": "-P", "az": "-p",
}  # fmt: skip
_ATTACHED_PASSWORD = frozenset({"mysql", "mysqldump", "mysqladmin", "mariadb"})
_FLAG_TAKES_NO_VALUE = re.compile(r"(?:stdin|file|env|from-\w+|with-token|prompt)$")
_PRINTERS = frozenset({"echo", "printf", "print", "write-host", "write-output", "echo."})
_READERS = frozenset({"cat", "type", "get-content", "gc", "more", "less", "head", "tail", "bat"})
_ENCODERS = frozenset({"base64", "base32", "basenc", "xxd", "od", "hexdump", "rev"})
_FILTERS = _ENCODERS | frozenset(
    {"tr", "sed", "awk", "gawk", "cut", "head", "tail", "grep", "egrep", "sort", "uniq",
     "jq", "yq", "cat", "fold", "tee", "iconv", "nl", "column", "fmt", "more", "less"}
)  # fmt: skip
_DUMPS = frozenset({"env", "printenv", "export", "set", "declare", "typeset", "get-childitem"})
_CREDENTIAL_FILE = re.compile(
    r"(?:^|/)(?:\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.env(?:\.[\w.-]+)?|credentials"
    r"|\.docker/config\.json|kubeconfig|\.kube/config|id_rsa|id_ed25519|id_ecdsa"
    r"|[\w.-]*(?:key|secret|token|credentials?|service[-_]account)[\w.-]*\.(?:json|pem|p12|key))$"
    r"|\.(?:pem|p12|pfx|key)$",
    re.IGNORECASE,
)
_LOG_TARGETS = frozenset({"/dev/stdout", "/dev/stderr", "/dev/tty"})
WORKSPACE = re.compile(
    r"^(?:\$\{\{\s*github\.workspace\s*\}\}|\$GITHUB_WORKSPACE|\$\{GITHUB_WORKSPACE\})/?"
)


def span_of(line: LogicalLine, start: int, end: int) -> Location:
    """The file span of `line.text[start:end]`, over every physical line it covers: a
    quoted word may go on past a folded or continued line end, and all of it is masked."""
    first_line, first_column = line.position(start)
    last_line, last_column = line.position(max(start, end - 1))
    return Location(first_line, first_column, last_line, last_column + 1)


@dataclass(frozen=True, slots=True)
class FileWrite:
    """A secret written to a file by a script: harmless unless the file is then published."""

    path: str
    location: Location
    secret_ref: str
    command: str


@dataclass(frozen=True, slots=True)
class NamedValue:
    """A value written where its key says what it is (`--password <value>`, `TOKEN = '...'`)."""

    key: str  # what the value is given as: `curl -u`, `--password`, `DEPLOY_TOKEN`
    value: str
    location: Location


@dataclass(frozen=True, slots=True)
class Exposure:
    """A secret a command sends to the job log (or the job summary, a step output)."""

    location: Location
    secret_ref: str
    command: str


@dataclass(frozen=True, slots=True)
class CloudSignIn:
    """A cloud sign-in with a long-lived key: a key file, a service principal's secret."""

    location: Location
    provider: str
    key_name: str


@dataclass(frozen=True, slots=True)
class Publish:
    """A package published to a public registry; `key_name` the token it is handed, if any."""

    location: Location
    registry: str
    key_name: str


@dataclass(slots=True)
class ScriptFacts:
    values: list[NamedValue] = field(default_factory=list)
    exposures: list[Exposure] = field(default_factory=list)
    sign_ins: list[CloudSignIn] = field(default_factory=list)
    writes: list[FileWrite] = field(default_factory=list)
    checkouts: list[tuple[Location, str]] = field(default_factory=list)  # PR head checkouts
    publishes: list[Publish] = field(default_factory=list)
    references: list[tuple[Location, str]] = field(default_factory=list)  # `$NAME` in commands


def read_script(lines: Sequence[ScriptLine], scope: SecretScope) -> ScriptFacts:
    """Every fact of one script: command-line values, exposures, sign-ins, checkouts, writes."""
    facts = ScriptFacts()
    xtrace: Location | None = None
    xtrace_reported = False
    for line in logical_lines(lines):
        for pipeline in pipelines(line.text):
            for command in pipeline:
                facts.values.extend(_command_values(command, line))
                facts.sign_ins.extend(_cloud_sign_in(command, line))
                facts.publishes.extend(_publish(command, line))
                facts.references += [
                    (span_of(line, w.start, w.end), name)
                    for w in command.words
                    for name in shell_names(w.text)
                ]
                checkout = _pr_checkout(command)
                if checkout:
                    facts.checkouts.append((_command_span(command, line), checkout))
                masked = _masked_names(command)
                if masked:
                    scope = scope.without(masked)
                toggle = _xtrace_toggle(command)
                if toggle is not None:
                    xtrace = _command_span(command, line) if toggle else None
                    xtrace_reported = False
                elif xtrace is not None and not xtrace_reported:
                    refs = [r for w in command.words for r in secret_refs(w.text, scope)]
                    if refs:
                        facts.exposures.append(Exposure(xtrace, refs[0], "set -x"))
                        xtrace_reported = True
            _exposures(pipeline, line, scope, facts)
    return facts


def _command_span(command: Command, line: LogicalLine) -> Location:
    words = command.words[command.head :] or command.words
    return span_of(line, words[0].start, words[-1].end)


def _command_values(command: Command, line: LogicalLine) -> Iterator[NamedValue]:
    """Values where a credential goes: `curl -u u:p`, `--password p`, `https://u:p@host`,
    `export K=v`."""
    name, args = command.name, command.args
    for index, word in enumerate(args):
        text = word.text
        following = args[index + 1] if index + 1 < len(args) else None
        if name == "curl" and text in ("-u", "--user") and following:
            yield from _secret(f"{name} {text}", following, line, after=":")
        elif name == "curl" and text.startswith("-u") and len(text) > 2:
            yield from _secret("curl -u", word, line, after=":")
        elif _PASSWORD_OPTION.get(name) == text and following:
            yield from _secret(f"{name} {text}", following, line)
        elif name in _ATTACHED_PASSWORD and text.startswith("-p") and len(text) > 2:
            yield from _secret(f"{name} -p", word, line, prefix=2)
        elif text.startswith("--") and _is_secret_flag(text.partition("=")[0]):
            flag, equals, _ = text.partition("=")
            if equals:
                yield from _secret(flag, word, line, prefix=len(flag) + 1)
            elif following and not following.text.startswith("-"):
                yield from _secret(flag, following, line)
        elif text.startswith("pass:") and name == "openssl":
            yield from _secret("openssl pass:", word, line, prefix=5)
    for word in command.words:
        for match in _URL_CREDENTIAL.finditer(word.text):
            yield from _secret("URL password", word, line, prefix=match.start(2), end=match.end(2))
    assigned = list(command.assignments)
    if name in ("export", "declare", "local", "readonly", "typeset", "set", "setx"):
        assigned += [w for w in args if is_assignment(w.text)]
    words = command.words
    if len(words) > 2 and words[0].text.lower().startswith("$env:") and words[1].text == "=":
        key = words[0].text[5:]  # PowerShell: `$env:API_TOKEN = "..."`
        if is_secret_name(key):
            yield from _secret(key, words[2], line)
    for word in assigned:
        key = word.text.partition("=")[0]
        if is_secret_name(key):
            yield from _secret(key, word, line, prefix=len(key) + 1)


def _is_secret_flag(flag: str) -> bool:
    bare = flag.lstrip("-")
    return is_secret_name(bare) and not _FLAG_TAKES_NO_VALUE.search(bare)


def _secret(
    key: str,
    word: Word,
    line: LogicalLine,
    *,
    after: str = "",
    prefix: int = 0,
    end: int | None = None,
) -> Iterator[NamedValue]:
    value = word.text[prefix:end]
    if after:
        if after not in value:
            return
        value = value.split(after, 1)[1]
    if not value:
        return
    raw = line.text[word.start : word.end]
    offset = raw.find(value)
    start = word.start + offset if offset >= 0 else word.start
    stop = start + len(value) if offset >= 0 else word.end
    yield NamedValue(key, value, span_of(line, start, stop))


def _cloud_sign_in(command: Command, line: LogicalLine) -> Iterator[CloudSignIn]:
    """A service-account key file or a service-principal secret used to sign in."""
    words = [w.text for w in command.words[command.head :]]
    if words[:3] == ["gcloud", "auth", "activate-service-account"]:
        yield CloudSignIn(
            _command_span(command, line), "Google Cloud", "activate-service-account --key-file"
        )
    elif words[:2] == ["az", "login"] and not any(w.startswith("--federated-token") for w in words):
        if "--service-principal" in words:
            yield CloudSignIn(_command_span(command, line), "Azure", "az login --service-principal")
        elif any(w in ("-p", "--password") or w.startswith("--password=") for w in words):
            yield CloudSignIn(_command_span(command, line), "Azure", "az login --password")


def _publish(command: Command, line: LogicalLine) -> Iterator[Publish]:
    """`twine upload -p ...`, `TWINE_PASSWORD=... twine upload`, or a bare `npm publish`."""
    words = [w.text for w in command.words[command.head :]]
    found = publishing.publisher(words)
    if found is None:
        return
    name = " ".join(found.command)
    flag = publishing.token_word(words, found)
    prefixed = [
        key
        for w in command.assignments
        if publishing.TOKEN_VARIABLES.get((key := w.text.partition("=")[0]).lower())
        == found.registry
    ]
    key_name = f"{name} {flag}" if flag else prefixed[0] if prefixed else ""
    yield Publish(_command_span(command, line), found.registry, key_name)


def _pr_checkout(command: Command) -> str | None:
    words = [w.text for w in command.words[command.head :]]
    if words[:3] == ["gh", "pr", "checkout"]:
        return "gh pr checkout"
    if (
        words[:1] == ["git"]
        and len(words) > 1
        and words[1] in ("fetch", "pull", "checkout", "switch", "reset")
    ):
        for word in words[2:]:
            label = pr_head_label(word)
            if label:
                return f"git {words[1]} {label}"
    return None


def _masked_names(command: Command) -> list[str]:
    names: list[str] = []
    if command.name in _PRINTERS:
        for word in command.args:
            if _is_masking(word.text):
                names += shell_names(word.text)
    return names


def _is_masking(text: str) -> bool:
    """GitHub's `::add-mask::` and Azure's `task.setvariable ...;issecret=true`."""
    return "::add-mask::" in text or "issecret=true" in text.lower()


def _xtrace_toggle(command: Command) -> bool | None:
    if command.name != "set":
        return None
    texts = [w.text for w in command.args]
    for index, text in enumerate(texts):
        option = texts[index + 1] if index + 1 < len(texts) else ""
        if _XTRACE.match(text) or (text == "-o" and option == "xtrace"):
            return True
        if (text.startswith("+") and "x" in text) or (text == "+o" and option == "xtrace"):
            return False
    return None


def _emission(command: Command, scope: SecretScope) -> tuple[str, str] | None:
    """(secret, command) when the command writes a secret to its standard output."""
    name, args = command.name, command.args
    here = command.here_string()
    if here is not None:
        refs = secret_refs(here.text, scope)
        if refs and name in _FILTERS | _PRINTERS:
            return refs[0], f"{name} <<<"
    if name in _PRINTERS:
        if any(_is_masking(w.text) for w in args):
            return None
        for word in args:
            refs = secret_refs(word.text, scope)
            if refs:
                return refs[0], name
    if name in _READERS or name in _ENCODERS:
        for word in args:
            if word.text.startswith("-"):
                continue
            refs = secret_refs(word.text, scope)
            if refs:
                return refs[0], name
            if _CREDENTIAL_FILE.search(word.text):
                return f"the credentials file {word.text.rsplit('/', 1)[-1]}", name
    if name in _DUMPS and scope.dumps_leak and _is_dump(command):
        return "every environment variable", name
    if name == "printenv":
        for word in args:
            if scope.is_secret(word.text):
                return word.text, name
    return None


def _is_dump(command: Command) -> bool:
    name = command.name
    texts = [w.text for w in command.args]
    if name in ("env", "printenv"):
        return all(t.startswith("-") for t in texts)
    if name == "export":
        return texts in ([], ["-p"])
    if name == "set":
        return texts == []
    if name in ("declare", "typeset"):
        return texts in (["-p"], ["-x"], ["-px"], ["-xp"])
    if name == "get-childitem":
        return any(t.lower().rstrip("\\/") == "env:" for t in texts)
    return False


def _exposures(
    pipeline: Sequence[Command], line: LogicalLine, scope: SecretScope, facts: ScriptFacts
) -> None:
    """Follow a secret from the command that emits it to where the output ends."""
    for index, command in enumerate(pipeline):
        emitted = _emission(command, scope)
        if emitted is not None:
            first = index
            break
    else:
        return
    secret, label = emitted
    where = _command_span(command, line)
    for stage in pipeline[first:]:
        if stage is not command:
            if stage.name not in _FILTERS:
                return  # consumed: `echo "$TOKEN" | docker login --password-stdin`
            label += f" | {stage.name}"
        if stage.name == "tee":
            for word in stage.args:
                if not word.text.startswith("-"):
                    facts.writes.append(FileWrite(_path(word.text), where, secret, label))
        target = stage.stdout_target()
        if target is not None:
            _ends_in_file(target.text, where, secret, label, facts)
            return
    facts.exposures.append(Exposure(where, secret, label))


def _ends_in_file(
    target: str, where: Location, secret: str, label: str, facts: ScriptFacts
) -> None:
    if "GITHUB_STEP_SUMMARY" in target:
        facts.exposures.append(Exposure(where, secret, f"{label} into the job summary"))
    elif "GITHUB_OUTPUT" in target:
        facts.exposures.append(Exposure(where, secret, f"{label} into a step output"))
    elif target in _LOG_TARGETS:
        facts.exposures.append(Exposure(where, secret, label))
    elif target != "/dev/null" and not re.search(r"GITHUB_(?:ENV|PATH)", target):
        facts.writes.append(FileWrite(_path(target), where, secret, label))


def _path(text: str) -> str:
    path = WORKSPACE.sub("", text.strip())
    while path.startswith("./"):
        path = path[2:]
    return path


def is_uploaded(path: str, uploads: Iterable[str]) -> bool:
    """Does an artifact `path:` list include a file the script wrote?"""
    if not path or path.startswith(("/", "~", "$")):
        return any(u == path or path.startswith(u.rstrip("/") + "/") for u in uploads)
    for upload in uploads:
        pattern = _path(upload).rstrip("/")
        if pattern in ("", ".", "*", "**"):
            return True
        if path == pattern or path.startswith(pattern + "/") or fnmatch.fnmatchcase(path, pattern):
            return True
    return False
