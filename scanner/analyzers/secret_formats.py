"""Known credential formats anywhere (SEC002), through detect-secrets' own plugins.

detect-secrets is slow because it runs every plugin on every line. Here a
byte-level search for the formats' fixed anchors (`AKIA`, `ghp_`, `eyJ`,
`PRIVATE KEY`, ...) picks the few lines that can hold one, and only those
lines meet the plugins. Plugins are asked through `analyze_string`, never
`analyze_line`, which may call a provider's API to verify a key.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ahocorasick_rs import BytesAhoCorasick

from scanner import masking
from scanner.analyzers.base import Context, Source
from scanner.analyzers.placeholders import is_placeholder
from scanner.model import Detection, FileKind, Location
from scanner.registry import SEC002, SECRET_FORMATS, rules_for


@dataclass(frozen=True, slots=True)
class Format:
    anchor: str
    plugin: str  # module:class in detect_secrets.plugins
    # The whole credential, where detect-secrets' own value is only part of it: its
    # GitHub and GitLab regexes capture the prefix (`ghp`) and its JWT regex stops
    # before the signature (a lazy `*?`). Matches are then checked by the plugin.
    token: str = ""


_GITLAB_PREFIXES = r"gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|soat|cbt|ffct)-|GR1348941"
FORMATS = (
    Format(r"A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA", "aws:AWSKeyDetector"),
    Format(r"gh[pousr]_", "github_token:GitHubTokenDetector", token=r"gh[pousr]_[A-Za-z0-9_]{36,}"),
    Format(
        _GITLAB_PREFIXES,
        "gitlab_token:GitLabTokenDetector",
        token=rf"(?:{_GITLAB_PREFIXES})[A-Za-z0-9_\-]{{20,}}",
    ),
    Format(r"xox[aboprs]-|hooks\.slack\.com", "slack:SlackDetector"),
    Format(r"[rs]k_live_", "stripe:StripeDetector"),
    Format(r"PRIVATE KEY|PuTTY-User-Key-File-2", "private_key:PrivateKeyDetector"),
    Format(
        r"eyJ",
        "jwt:JwtTokenDetector",
        token=r"eyJ[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.?[A-Za-z0-9_.+/=-]*",
    ),
    Format(r"T3BlbkFJ", "openai:OpenAIDetector"),
    Format(r"pypi-AgE", "pypi_token:PypiTokenDetector"),
    Format(r"_authToken", "npm:NpmDetector"),
    Format(r"SG\.", "sendgrid:SendGridDetector"),
    Format(r"sq0csp-", "square_oauth:SquareOAuthDetector"),
    Format(r"AccountKey=", "azure_storage_key:AzureStorageKeyDetector"),
)
_ANCHORS = re.compile("|".join(f"(?:{f.anchor})" for f in FORMATS))
# The anchors as plain words (a superset: `xox` for `xox[aboprs]-`), searched in one
# Aho-Corasick pass; the regex alternation above took 10-20x longer over a whole corpus.
_TRIGGERS = BytesAhoCorasick(
    [
        word.encode()
        for word in (
            *("A3T", "ABIA", "ACCA", "AKIA", "ASIA"),
            *("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            *(
                f"gl{kind}-"
                for kind in [
                    "pat",
                    "dt",
                    "rt",
                    "ptt",
                    "ft",
                    "imt",
                    "agent",
                    "oas",
                    "soat",
                    "cbt",
                    "ffct",
                ]
            ),
            *("GR1348941", "xox", "hooks.slack.com", "k_live_", "PRIVATE KEY"),
            *("PuTTY-User-Key-File-2", "eyJ", "T3BlbkFJ", "pypi-AgE", "_authToken"),
            *("SG.", "sq0csp-", "AccountKey="),
        )
    ]
)
_PEM_BEGIN = re.compile(r"-{3,5} ?BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)? ?-{3,5}")
_PEM_END = re.compile(r"-{3,5} ?END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)? ?-{3,5}|^Private-MAC:")


@dataclass(frozen=True, slots=True)
class _Plugin:
    kind: str  # detect-secrets' secret_type, shown in the message
    anchor: re.Pattern[str]
    token: re.Pattern[str] | None
    detector: Any


class SecretFormats:
    name = "secret-formats"
    kinds = frozenset(FileKind)
    rules = rules_for(SECRET_FORMATS)

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        return bool(_TRIGGERS.find_matches_as_indexes(data))

    def analyze(self, source: Source, context: Context) -> Iterator[Detection]:
        lines = source.lines
        seen_lines: set[int] = set()
        for match in _ANCHORS.finditer(source.text):
            number = source.index.line(match.start())
            if number in seen_lines or number > len(lines):
                continue
            seen_lines.add(number)
            # Loaded at the first anchor: importing detect-secrets (and `requests`) costs a
            # pre-commit run about 80 ms, and most files hold no anchor at all.
            yield from _line_findings(lines, number, _plugins())


def _line_findings(
    lines: Sequence[str], number: int, plugins: Sequence[_Plugin]
) -> Iterator[Detection]:
    """One detection per distinct credential on the line, masking every place it occurs."""
    line = lines[number - 1]
    found: dict[str, list[tuple[int, int]]] = {}
    kinds: dict[str, str] = {}
    for plugin in plugins:
        if plugin.anchor.search(line) is None:
            continue
        if plugin.kind == "Private Key":
            if any(True for _ in plugin.detector.analyze_string(line)):  # a BEGIN, not an END
                yield from _private_keys(lines, number)
            continue
        for value, start, end in _values(line, plugin):
            if is_placeholder(value):
                continue
            kinds.setdefault(value, plugin.kind)
            found.setdefault(value, []).append((start, end))
    for value, places in found.items():
        spans = tuple(Location(number, start + 1, number, end + 1) for start, end in places)
        yield SEC002.detect(
            spans[0],
            {"kind": kinds[value]},
            evidence=masking.evidence(value),
            secret_spans=spans,
        )


def _values(line: str, plugin: _Plugin) -> Iterator[tuple[str, int, int]]:
    """(credential, start, end) on the line, as the plugin recognises it."""
    if plugin.token is not None:
        for match in plugin.token.finditer(line):
            if any(True for _ in plugin.detector.analyze_string(match.group())):
                yield match.group(), match.start(), match.end()
        return
    for value in dict.fromkeys(plugin.detector.analyze_string(line)):
        if not value:
            continue
        # Found by `str.find`: a pattern per value would evict the regex cache's patterns.
        start = line.find(value)
        while start >= 0:
            yield value, start, start + len(value)
            start = line.find(value, start + len(value))


def _private_keys(lines: Sequence[str], number: int) -> Iterator[Detection]:
    """The key material of each block that begins on this line; the markers only name its type.

    A block may span lines (a PEM file, a YAML `|` scalar) or sit on one line with
    escaped newlines (a JSON service-account file); every line of it is masked up
    to the END marker, or to the end of the file when the marker is missing.
    """
    line = lines[number - 1]
    begins: list[re.Match[str] | None] = [*_PEM_BEGIN.finditer(line)] or [None]
    for begin in begins:
        start = begin.end() if begin is not None else len(line)
        end_here = _PEM_END.search(line, start)
        spans: list[Location] = []
        if end_here is not None:
            spans.append(Location(number, start + 1, number, end_here.start() + 1))
        else:
            spans.append(Location(number, start + 1, number, len(line) + 1))
            last = number + 1
            while last <= len(lines):
                closing = _PEM_END.search(lines[last - 1])
                if closing is not None:
                    spans.append(Location(last, 1, last, closing.start() + 1))
                    break
                spans.append(Location(last, 1, last, len(lines[last - 1]) + 1))
                last += 1
        body = "\n".join(_text(lines, span) for span in spans)
        column = begin.start() + 1 if begin is not None else 1
        yield SEC002.detect(
            Location(number, column, number, len(line) + 1),
            {"kind": "Private key"},
            evidence=masking.evidence(body),
            secret_spans=tuple(span for span in spans if span.end_column > span.column),
        )


def _text(lines: Sequence[str], span: Location) -> str:
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


@functools.cache
def _plugins() -> tuple[_Plugin, ...]:
    loaded = []
    for fmt in FORMATS:
        module_name, class_name = fmt.plugin.split(":")
        module = importlib.import_module(f"detect_secrets.plugins.{module_name}")
        detector = getattr(module, class_name)()
        loaded.append(
            _Plugin(
                kind=str(detector.secret_type),
                anchor=re.compile(fmt.anchor),
                token=re.compile(fmt.token) if fmt.token else None,
                detector=detector,
            )
        )
    return tuple(loaded)
