"""Known credential formats anywhere (SEC002), through detect-secrets' own plugins.

detect-secrets is slow because it runs every plugin on every line. Here a
byte-level search for the formats' fixed anchors (`AKIA`, `ghp_`, `eyJ`,
`PRIVATE KEY`, ...) picks the few lines that can hold one, and only those
lines meet the plugins. Plugins are asked through `analyze_string`, never
`analyze_line`, which may call a provider's API to verify a key.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scanner import masking
from scanner.analyzers.base import Context, Source
from scanner.analyzers.placeholders import is_placeholder
from scanner.model import Detection, FileKind, Location


@dataclass(frozen=True, slots=True)
class Format:
    anchor: str
    plugin: str  # module:class in detect_secrets.plugins


FORMATS = (
    Format(r"A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA", "aws:AWSKeyDetector"),
    Format(r"gh[pousr]_", "github_token:GitHubTokenDetector"),
    Format(
        r"gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|soat|cbt|ffct)-|GR1348941",
        "gitlab_token:GitLabTokenDetector",
    ),
    Format(r"xox[aboprs]-|hooks\.slack\.com", "slack:SlackDetector"),
    Format(r"[rs]k_live_", "stripe:StripeDetector"),
    Format(r"PRIVATE KEY", "private_key:PrivateKeyDetector"),
    Format(r"eyJ", "jwt:JwtTokenDetector"),
    Format(r"T3BlbkFJ", "openai:OpenAIDetector"),
    Format(r"pypi-AgE", "pypi_token:PypiTokenDetector"),
    Format(r"_authToken", "npm:NpmDetector"),
    Format(r"SG\.", "sendgrid:SendGridDetector"),
    Format(r"sq0csp-", "square_oauth:SquareOAuthDetector"),
    Format(r"AccountKey=", "azure_storage_key:AzureStorageKeyDetector"),
)
_ANCHORS = re.compile("|".join(f"(?:{f.anchor})" for f in FORMATS))
_BYTE_ANCHORS = re.compile(_ANCHORS.pattern.encode())
_PEM_END = re.compile(r"-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----")


class SecretFormats:
    name = "secret-formats"
    kinds = frozenset(FileKind)
    rules = frozenset({"SEC002"})

    def might_report(self, data: bytes) -> bool:
        return _BYTE_ANCHORS.search(data) is not None

    def analyze(self, source: Source, context: Context) -> Iterator[Detection]:
        text = source.text
        starts = _line_starts(text)
        plugins = _plugins()
        lines = source.lines
        seen_lines: set[int] = set()
        for match in _ANCHORS.finditer(text):
            number = bisect.bisect_right(starts, match.start())
            if number in seen_lines or number > len(lines):
                continue
            seen_lines.add(number)
            yield from _line_findings(lines, number, plugins)


def _line_findings(
    lines: Sequence[str], number: int, plugins: Sequence[tuple[str, Any]]
) -> Iterator[Detection]:
    line = lines[number - 1]
    reported: set[str] = set()
    for kind, plugin in plugins:
        for value in plugin.analyze_string(line):
            if value in reported or is_placeholder(value):
                continue
            reported.add(value)
            if kind == "Private Key":
                yield _private_key(lines, number)
                continue
            column = line.find(value) + 1
            span = Location(number, column, number, column + len(value))
            yield Detection(
                "SEC002",
                span,
                {"kind": kind},
                evidence=masking.evidence(value),
                secret_spans=(span,),
            )


def _private_key(lines: Sequence[str], number: int) -> Detection:
    """The whole PEM block is the secret; its first line only names the key type."""
    end = number
    while end < len(lines) and not _PEM_END.search(lines[end - 1]):
        end += 1
    body = "\n".join(lines[number - 1 : end])
    return Detection(
        "SEC002",
        Location(number, 1, number, len(lines[number - 1]) + 1),
        {"kind": "Private key"},
        evidence=masking.evidence(body),
        secret_spans=tuple(
            Location(n, 1, n, len(lines[n - 1]) + 1) for n in range(number + 1, end)
        ),
    )


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return starts


def _plugins() -> list[tuple[str, Any]]:
    loaded = []
    for fmt in FORMATS:
        module_name, class_name = fmt.plugin.split(":")
        module = importlib.import_module(f"detect_secrets.plugins.{module_name}")
        plugin = getattr(module, class_name)()
        loaded.append((str(plugin.secret_type), plugin))
    return loaded
