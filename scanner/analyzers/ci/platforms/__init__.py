"""The CI systems nhiguard reads: one descriptor module each, registered in `PLATFORMS`.

Discovery asks `platform_for` which system a file belongs to (and so what
kind of file it is); the pipeline analyzer asks the same question to pick
the reader that walks it. The first descriptor that claims a file wins, so
the order below settles overlaps: a GitHub workflow named `.travis.yml` is
a workflow, and a named file inside `.circleci/` is its own system's.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.platforms import (
    azure_pipelines,
    bitbucket_pipelines,
    circleci,
    drone,
    github_actions,
    gitlab_ci,
    jenkins,
    travis_ci,
    woodpecker,
)
from scanner.analyzers.config.readers.yaml_reader import YAML_SYNTAX
from scanner.file_format import FileFormat, Syntax
from scanner.model import FileKind

PLATFORMS: tuple[Platform, ...] = (
    github_actions.PLATFORM,
    gitlab_ci.PLATFORM,
    travis_ci.PLATFORM,
    azure_pipelines.PLATFORM,
    bitbucket_pipelines.PLATFORM,
    drone.PLATFORM,
    jenkins.PLATFORM,
    woodpecker.PLATFORM,
    circleci.PLATFORM,  # any YAML under `.circleci/`: after the systems known by file name
)


# The names a pipeline file may have besides YAML's: any other file is none (most of a tree).
_NAMED = frozenset(
    name
    for p in PLATFORMS
    for name in (*p.file_names, *(n for names, _ in p.named_under for n in names))
)


# The kinds pipelines are: the descriptors above claim their files, by folder and name.
FORMATS = (
    FileFormat(FileKind.GITHUB_ACTIONS, YAML_SYNTAX, "yaml"),
    FileFormat(FileKind.GITLAB_CI, YAML_SYNTAX, "yaml"),
    # YAML pipelines and Jenkinsfiles (Groovy, whose comments are `//`) alike.
    FileFormat(FileKind.CI, Syntax(("#", "//"), ":", shell=True)),
)


def platform_for(relpath: str) -> Platform | None:
    """The CI system whose pipeline file this is, from its repo-relative path alone."""
    lowered = relpath.lower()
    name = lowered.rpartition("/")[2]
    if name not in _NAMED and not name.endswith((".yml", ".yaml")):
        return None
    parts = [p for p in lowered.split("/") if p not in ("", ".")]
    return next((p for p in PLATFORMS if p.matches(parts)), None)
