"""What every config reader hands the judges (settings), the record that registers a reader, and the comment rule two line formats share.

A `Setting` is the keys that lead to a value, the value as the application
would see it (quotes removed, escapes applied), and where its characters
are in the file, so a finding can point at them and a snippet can mask them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

from scanner.analyzers.base import Source
from scanner.file_format import FileFormat
from scanner.model import FileKind, Location


class Declared(str, Enum):
    """What the document declares a value to be, beyond what its key name says."""

    PLAIN = "plain"
    SECRET_STRING = "secret-string"  # Kubernetes Secret stringData: a secret by definition
    SECRET_BASE64 = "secret-base64"  # Kubernetes Secret data: base64 of a secret
    # kubeconfig `client-key-data`: base64 of a private key, or what `kubectl config view`
    # prints in its place (`DATA+OMITTED`), which is none
    PRIVATE_KEY_BASE64 = "private-key-base64"
    # Terraform state's `sensitive`: a secret's name whatever it is called, not its value test
    SENSITIVE = "sensitive"
    PASSWORD_HASH = "password-hash"  # `.htpasswd`: what a server checks passwords against


@dataclass(frozen=True, slots=True)
class Setting:
    path: tuple[str, ...]  # section / table / mapping keys, then the key itself
    value: str  # as the application reads it
    location: Location  # the value's characters, inside any quotes
    declared: Declared = Declared.PLAIN

    @property
    def key(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True, slots=True)
class Reader:
    """One config format: the files it reads (its `FileFormat`) and how it turns one into settings.

    `read` yields one list per document (a YAML stream may hold several); it
    raises `Unparsable` for a file its format refuses, after yielding what
    it could still read. `environment` says every key of the format defines
    a variable that code reads by name (`.env`, Dockerfile `ENV`);
    `credentials` says every entry is a credential whatever it is called
    (`.pgpass`, `.htpasswd`), so no key word has to occur in the file.
    """

    name: str
    format: FileFormat
    read: Callable[[Source], Iterator[list[Setting]]]
    environment: bool = False
    credentials: bool = False

    @property
    def kind(self) -> FileKind:
        return self.format.kind


def before_comment(text: str, comment: re.Pattern[str]) -> str:
    """The text up to an inline comment (a mark after a blank), without trailing whitespace.

    `comment` matches one blank and the mark: `[ \t]+#` would try the whole run
    of blanks again from each of its positions, quadratic in a long run of
    blanks that no mark follows.
    """
    found = comment.search(text)
    return (text[: found.start()] if found else text).rstrip()
