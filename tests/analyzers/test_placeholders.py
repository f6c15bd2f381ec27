"""References to an environment variable, in every spelling a shell or a file uses, are no secret.

npm expands only `${NPM_TOKEN}` in an `.npmrc`, but files written on Windows
say `%NPM_TOKEN%`, PowerShell says `$env:NPM_TOKEN` and a batch file with
delayed expansion `!NPM_TOKEN!`: each names where the value lives, so no
rule reports it. The same file with the value itself is reported.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import Rule

Reported = set[tuple[str, int, str | None]]


def _reported(path: str, text: str, rules: Sequence[Rule]) -> Reported:
    outcome = scan_text(path, text, Config(), rules)
    return {
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else None)
        for f in outcome.findings
    }


REFERENCES = [
    pytest.param(".npmrc", "//registry.npmjs.org/:_authToken={}\n", id="npmrc"),
    pytest.param(".env", "DEPLOY_API_TOKEN={}\n", id="dotenv"),
    pytest.param("config/settings.yaml", "registry:\n  auth_token: {}\n", id="yaml"),
    pytest.param("app/settings.py", 'API_TOKEN = "{}"\n', id="python"),
]


@pytest.mark.parametrize(("path", "template"), REFERENCES)
@pytest.mark.parametrize(
    "reference", ["%NPM_TOKEN%", "%npm_token%", "$env:NPM_TOKEN", "!NPM_TOKEN!"]
)
def test_an_environment_reference_is_not_reported(
    path: str, template: str, reference: str, rules: Sequence[Rule]
) -> None:
    assert _reported(path, template.format(reference), rules) == set()


@pytest.mark.parametrize(
    ("path", "template", "line"),
    [
        (".npmrc", "//registry.npmjs.org/:_authToken={}\n", 1),
        (".env", "DEPLOY_API_TOKEN={}\n", 1),
        ("config/settings.yaml", "registry:\n  auth_token: {}\n", 2),
    ],
)
def test_the_value_itself_in_the_same_place_is_reported(
    path: str, template: str, line: int, rules: Sequence[Rule]
) -> None:
    assert _reported(path, template.format("Qm7vX2pLk9RtW4zNa81c"), rules) == {
        ("SEC001", line, "Qm********1c")
    }


@pytest.mark.parametrize(("path", "template"), REFERENCES)
@pytest.mark.parametrize(
    "marker",
    [
        "#{NpmToken}#",
        "#{NPM_TOKEN}",
        "__NPM_TOKEN__",
        "__NpmToken__",
        "@@NPM_TOKEN@@",
        "@npm.token@",
    ],
)
def test_a_release_pipelines_replacement_marker_is_not_reported(
    path: str, template: str, marker: str, rules: Sequence[Rule]
) -> None:
    assert _reported(path, template.format(marker), rules) == set()


def test_a_password_between_at_signs_is_no_marker(rules: Sequence[Rule]) -> None:
    assert _reported(".env", "DB_PASSWORD=@Summer2024x@\n", rules) == {("SEC001", 1, "********")}


def test_a_password_between_exclamation_marks_is_no_reference(rules: Sequence[Rule]) -> None:
    assert _reported(".env", "DB_PASSWORD=!Summer2024x!\n", rules) == {("SEC001", 1, "********")}
