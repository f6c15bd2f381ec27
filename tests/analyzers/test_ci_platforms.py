"""The CI systems' table: discovery and the pipeline analyzer read the same descriptors."""

from __future__ import annotations

import pytest

from scanner.analyzers.ci.pipeline_analyzer import READERS, PipelineAnalyzer
from scanner.analyzers.ci.platforms import PLATFORMS, platform_for
from scanner.discovery import classify
from scanner.model import FileKind

CLAIMS = [
    (".github/workflows/ci.yml", "GitHub Actions"),
    (".github/actions/setup/action.yaml", "GitHub Actions"),
    ("action.yml", "GitHub Actions"),  # a published action at the repository root
    ("tools/deploy/action.yaml", "GitHub Actions"),
    (".gitlab-ci.yml", "GitLab CI"),
    ("ci/.travis.yml", "Travis CI"),
    ("azure-pipelines.yaml", "Azure Pipelines"),
    ("bitbucket-pipelines.yml", "Bitbucket Pipelines"),
    (".drone.yml", "Drone"),
    ("Jenkinsfile", "Jenkins"),
    (".circleci/config.yml", "CircleCI"),
    (".circleci/continue/deploy.yml", "CircleCI"),
    (".woodpecker.yaml", "Woodpecker CI"),
    (".woodpecker/build.yml", "Woodpecker CI"),
    # overlaps: the first descriptor of the table wins
    (".github/workflows/.travis.yml", "GitHub Actions"),
    (".circleci/.gitlab-ci.yml", "GitLab CI"),
]


@pytest.mark.parametrize(("path", "system"), CLAIMS, ids=[p for p, _ in CLAIMS])
def test_a_pipeline_file_belongs_to_one_system(path: str, system: str) -> None:
    platform = platform_for(path)
    assert platform is not None
    assert platform.name == system
    assert classify(path) is platform.kind


@pytest.mark.parametrize(
    "path",
    [
        "workflows/ci.yml",
        ".github/dependabot.yml",
        "actions.yml",
        ".circleci/notes.md",
        "ci.yml",
        ".woodpecker/nested/build.yml",
    ],
)
def test_a_file_no_system_claims_is_no_pipeline(path: str) -> None:
    assert platform_for(path) is None
    assert classify(path) not in PipelineAnalyzer.kinds


def test_every_system_has_a_reader_and_its_kind_reaches_the_analyzer() -> None:
    assert {p.document for p in PLATFORMS} <= set(READERS)
    assert PipelineAnalyzer.kinds == {FileKind.GITHUB_ACTIONS, FileKind.GITLAB_CI, FileKind.CI}


def test_system_names_are_distinct() -> None:
    names = [p.name for p in PLATFORMS]
    assert len(names) == len(set(names))
