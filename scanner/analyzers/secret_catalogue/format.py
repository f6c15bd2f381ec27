"""One credential format of the catalogue, and how a candidate of it is judged.

A format is found in two steps. The file's single Aho-Corasick pass finds one
of its `anchors`: a fixed word every credential of the format contains
(`ghp_`, `T3BlbkFJ`, a Telegram token's `:A`) or, for formats with no fixed
part, the provider's name written beside it (`datadog`). Then `token` is
matched on that line only, and the value it names is judged: a value that
passes the format's checksum is a credential; any other must not be a
placeholder and must be random enough after its anchor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from scanner.analyzers.credentials import entropy
from scanner.analyzers.placeholders import is_placeholder_token
from scanner.model import Adjustment, FileKind

# The file kinds whose values another rule reads by key name (SEC001 in config files, CI001
# in CI files), passwords in URLs included: formats that need a provider keyword beside the
# value, or a URL around it, leave those files to that rule and its thresholds.
NAMED_KINDS = frozenset(
    {
        FileKind.YAML,
        FileKind.JSON,
        FileKind.TOML,
        FileKind.DOTENV,
        FileKind.INI,
        FileKind.HCL,
        FileKind.DOCKERFILE,
        FileKind.GITHUB_ACTIONS,
        FileKind.GITLAB_CI,
        FileKind.CI,
        FileKind.NPMRC,
    }
)

# Test-mode and sandbox secret keys (`sk_test_`, `access-sandbox-`) read and write the
# account's test data and reveal its configuration, so they are reported, below a live key.
TEST_MODE = Adjustment(5.3, "a test-mode or sandbox key: it reaches the account's test data only")


class Extent(Enum):
    """How far a credential of the format reaches from its anchor."""

    LINE = "line"  # the token, on the anchor's line
    PEM_BLOCK = "pem block"  # from a BEGIN marker to its END marker, over lines
    JSON_OBJECT = "json object"  # the private members of the JSON object around the anchor


# A credential is a whole word: `AKIA...` inside a longer upper-case word is not a key id, nor
# `.ico-<hash>` in a file name an Infracost key.
# A token never continues a word: nothing of these may stand right before it.
GLUED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.")
_BEFORE = r"(?<![A-Za-z0-9.])"  # GLUED
_AFTER = r"(?![A-Za-z0-9])"


@dataclass(frozen=True, slots=True)
class Format:
    """A credential format, with the samples that pin what it finds and what it leaves.

    `token` is a regex over one line; its group `secret`, when it has one, is
    the credential (the rest is context such as a provider keyword), else the
    whole match is. `min_entropy` is in bits per character of the credential
    without its anchor. `checksum`, when it passes, proves the value; `valid`
    must pass (a structure the shape alone does not prove). `true` samples
    are credentials of the format, `false` ones look like it and are not;
    both are synthetic, written for this catalogue. `owned_by` lists file
    kinds where another rule judges the same values by its own thresholds
    (`NAMED_KINDS`). `adjustment`, when set, replaces the rule's score for
    every credential of the format (`TEST_MODE`).
    """

    kind: str
    anchors: tuple[str, ...]
    token: str
    true: tuple[str, ...]
    false: tuple[str, ...] = ()
    min_entropy: float = 3.0
    checksum: Callable[[str], bool] | None = None
    valid: Callable[[str], bool] | None = None
    owned_by: frozenset[FileKind] = frozenset()
    extent: Extent = Extent.LINE
    adjustment: Adjustment | None = None


def pattern(fmt: Format) -> re.Pattern[str]:
    """The format's token as a whole word."""
    return re.compile(f"{_BEFORE}(?:{fmt.token}){_AFTER}")


def credential(fmt: Format, match: re.Match[str]) -> tuple[int, int] | None:
    """Where the credential of a token match is, when it is one (None for a placeholder)."""
    group = "secret" if "secret" in match.re.groupindex else 0
    start, end = match.span(group)
    value = match.group(group)
    if fmt.valid is not None and not fmt.valid(value):
        return None
    if fmt.checksum is not None and fmt.checksum(value):
        return start, end
    body = _without_anchor(value, fmt.anchors)
    if is_placeholder_token(value, body) or entropy(body) < fmt.min_entropy:
        return None
    return start, end


def _without_anchor(value: str, anchors: tuple[str, ...]) -> str:
    """The random part: `ghp_` or `T3BlbkFJ` carries no entropy of its own."""
    for anchor in anchors:
        if anchor in value:
            return value.replace(anchor, "", 1)
    return value
