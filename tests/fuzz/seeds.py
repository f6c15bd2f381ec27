"""Realistic starting points for mutation: every rule example and fixture file, by kind.

Mutating files that already reach deep into an analyzer (a workflow with
steps and `run:` scripts, a settings module that signs tokens) explores far
more of it than random bytes, which stop at the first parse error.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scanner import catalog
from scanner.discovery import classify
from scanner.model import FileKind

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# The path a generated or mutated file is scanned under, per kind: the engine
# chooses analyzers from the path alone.
PATHS: Mapping[FileKind, str] = {
    FileKind.PYTHON: "app/settings.py",
    FileKind.YAML: "deploy/values.yaml",
    FileKind.GITHUB_ACTIONS: ".github/workflows/ci.yml",
    FileKind.GITLAB_CI: ".gitlab-ci.yml",
    FileKind.CI: "azure-pipelines.yml",
    FileKind.JSON: "config/settings.json",
    FileKind.TOML: "config/settings.toml",
    FileKind.DOTENV: ".env",
    FileKind.INI: "config/app.ini",
    FileKind.HCL: "infra/production.tfvars",
    FileKind.XML: "apim/policy.xml",
    FileKind.NGINX: "nginx/nginx.conf",
    FileKind.DOCKERFILE: "Dockerfile",
    FileKind.SHELL: "scripts/deploy.sh",
    FileKind.MAKEFILE: "Makefile",
    FileKind.NOTEBOOK: "notebooks/analysis.ipynb",
    FileKind.NETRC: ".netrc",
    FileKind.PGPASS: ".pgpass",
    FileKind.HTPASSWD: "deploy/.htpasswd",
    FileKind.NPMRC: ".npmrc",
    FileKind.TEXT: "notes.txt",
}


@dataclass(frozen=True, slots=True)
class Seed:
    path: str
    text: str


@functools.cache
def seeds(kind: FileKind) -> tuple[Seed, ...]:
    """Rule examples and fixture files of one kind, in a stable order."""
    found = [
        Seed(example.path, example.code)
        for rule in catalog.load()
        for example in (*rule.bad, *rule.good, *rule.limits)
        if classify(example.path) is kind
    ]
    for file in sorted(FIXTURES.rglob("*")):
        relpath = file.relative_to(FIXTURES).as_posix()
        if file.is_file() and classify(relpath) is kind:
            found.append(Seed(relpath, file.read_text(encoding="utf-8")))
    return tuple(found)


def all_lines() -> tuple[str, ...]:
    """Every distinct line of every seed: material for lines inserted from elsewhere."""
    return tuple(
        sorted(
            {line for kind in FileKind for seed in seeds(kind) for line in seed.text.split("\n")}
        )
    )
