"""What nhiguard knows of one CI system, as data: the `Platform` descriptor.

A descriptor says which files belong to the system, how its documents are
read (`Document`), which keys hold scripts, variables and references to
stored secrets, how its files write a secret reference, which variables
the system sets itself, and which package registries take its OIDC identity
instead of a stored token. Discovery (which files are pipelines) and dispatch
(which reader walks a pipeline) both read the one table in `platforms`, so
a new CI system is one descriptor module there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from scanner.model import FileKind

# How a shell (or PowerShell, cmd) in any CI writes a variable: `$X`, `${X}`, `%X%`.
SHELL_REFERENCES = (r"\$\{", r"\$[A-Z_][A-Z0-9_]*\b", r"%\w+%")


class Document(Enum):
    """The shape of a pipeline file, which picks the reader that walks it."""

    WORKFLOW = "workflow"  # GitHub Actions: workflow, jobs, steps, actions
    GITLAB = "gitlab"  # GitLab CI: global and job variables, job scripts
    YAML_PIPELINE = "yaml-pipeline"  # any YAML: variable blocks and script keys anywhere
    GROOVY = "groovy"  # Jenkinsfiles, read as text


@dataclass(frozen=True, slots=True)
class Platform:
    """One CI system. Names and keys are lower case; folders are paths of folder names."""

    name: str
    kind: FileKind  # what discovery calls its files
    document: Document
    file_names: frozenset[str] = frozenset()  # `.travis.yml`, wherever it is
    yaml_under: tuple[tuple[str, ...], ...] = ()  # YAML files directly in these folders
    yaml_anywhere_under: tuple[str, ...] = ()  # YAML files at any depth below a folder named so
    named_under: tuple[tuple[frozenset[str], str], ...] = ()  # (file names, folder anywhere above)
    script_keys: tuple[str, ...] = ()  # keys whose value is shell
    env_keys: frozenset[str] = frozenset()  # keys whose value is a block of variables
    reference_keys: frozenset[str] = frozenset()  # keys whose value names a stored secret
    secret_syntax: tuple[str, ...] = SHELL_REFERENCES  # regexes: a value that refers elsewhere
    predefined: tuple[str, ...] = ()  # prefixes of the variables the system sets itself
    predefined_secrets: frozenset[str] = frozenset()  # those of them that are secrets
    trusted_publishing: frozenset[str] = frozenset()  # registries that accept its OIDC identity

    def matches(self, parts: Sequence[str]) -> bool:
        """Whether a file, given as its lower-case path parts, is one of this system's."""
        name = parts[-1] if parts else ""
        if name in self.file_names:
            return True
        if any(name in names and folder in parts for names, folder in self.named_under):
            return True
        if not name.endswith((".yml", ".yaml")):
            return False
        if any(tuple(parts[-len(f) - 1 : -1]) == f for f in self.yaml_under):
            return True
        return any(folder in parts for folder in self.yaml_anywhere_under)
