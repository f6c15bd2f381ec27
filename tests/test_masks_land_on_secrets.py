"""A secret's mask lands on its own characters, whatever the shape of the file.

Snippets are cut from the engine's lines (`\\n`, `\\r\\n` and a lone `\\r` end a
line; nothing else does) and masked at the columns the detections give. When a
reader counts lines or columns another way (YAML breaks lines at U+2028, JSON
tokens were counted by `\\n` only, libcst drops a lone `\\` line, a YAML block
scalar starts on the line after its `>`), the mask lands beside the secret and
the snippet of another finding on the secret's line prints it. Each case plants
a short secret the snippet safety net would let through, next to a token of a
known format (so SEC002 reports the same line), and checks every output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from every_output import scan, short_secret, write

GITHUB_TOKEN = "ghp_" + "Zr8sU3nQa0MlX5wCkP2vT7yB4dJ6hF1gE9iR"


@pytest.fixture
def secret() -> str:
    return short_secret()


def test_json_with_lone_cr_line_ends_masks_the_value_on_its_own_line(
    tmp_path: Path, secret: str
) -> None:
    write(
        tmp_path,
        {
            "config/app.json": '{\r  "service": {\r'
            f'    "db_password": "{secret}", "deploy_token": "{GITHUB_TOKEN}"\r'
            "  }\r}\r"
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("SEC001") == [
        (
            "config/app.json",
            3,
            21,
            3,
            31,
            '"db_password": "********", "deploy_token": "gh********iR"',
        )
    ]


def test_yaml_with_a_u2028_in_a_string_masks_the_values_on_the_lines_after_it(
    tmp_path: Path, secret: str
) -> None:
    write(
        tmp_path,
        {
            "deploy/app.yaml": 'motd: "line one\u2028line two"\n'
            f"db:\n  password: {secret}  # token {GITHUB_TOKEN}\n"
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("SEC001") == [
        ("deploy/app.yaml", 3, 13, 3, 23, "password: ********  # ********")
    ]


def test_an_azure_pipeline_with_a_u2028_masks_its_variables(tmp_path: Path, secret: str) -> None:
    write(
        tmp_path,
        {
            "azure-pipelines.yml": "trigger: none\n"
            'variables:\n  banner: "build\u2028started"\n'
            f"  DB_PASSWORD: {secret}  # {GITHUB_TOKEN}\n"
            "steps:\n  - script: ./deploy.sh\n"
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("CI001") == [
        ("azure-pipelines.yml", 4, 16, 4, 26, "DB_PASSWORD: ********  # gh********iR")
    ]


def test_python_after_a_lone_backslash_line_masks_the_key_on_its_own_line(
    tmp_path: Path, secret: str
) -> None:
    write(
        tmp_path,
        {
            "app/tokens.py": "import jwt\n\n\\\n"
            f'SIGNING_KEY = "{secret}"  # was {GITHUB_TOKEN}\n\n\n'
            "def issue(claims):\n"
            '    return jwt.encode(claims, SIGNING_KEY, algorithm="HS256")\n'
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("HMAC001") == [
        ("app/tokens.py", 4, 15, 4, 27, 'SIGNING_KEY = "********"  # ********')
    ]


def _workflow(steps: str, env: str = "") -> str:
    return (
        "on: push\npermissions: {}\n"
        f"{env}"
        "jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"{steps}"
    )


@pytest.mark.parametrize("style", [">", ">-", "|", "|-", "|2", ">+"])
def test_a_block_scalar_credential_is_found_and_masked_on_its_own_line(
    tmp_path: Path, secret: str, style: str
) -> None:
    write(
        tmp_path,
        {
            ".github/workflows/deploy.yml": _workflow(
                "      - run: ./deploy.sh\n",
                env=f"env:\n  DB_PASSWORD: {style}\n      {secret}\n  REGION: eu-west-1\n",
            )
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("CI001") == [(".github/workflows/deploy.yml", 5, 7, 5, 17, "********")]


@pytest.mark.parametrize("style", [">", "|"])
def test_a_credential_in_a_block_run_script_is_masked_in_every_output(
    tmp_path: Path, secret: str, style: str
) -> None:
    write(
        tmp_path,
        {
            ".github/workflows/deploy.yml": _workflow(
                f"      - run: {style}\n"
                f"          curl --fail -u deploy:{secret} -T dist.tar.gz\n"
                "          https://uploads.example.com/\n"
            )
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("CI001") == [
        (
            ".github/workflows/deploy.yml",
            8,
            33,
            8,
            43,
            "curl --fail -u ******** -T dist.tar.gz",
        )
    ]


def test_a_quoted_passphrase_folded_over_two_lines_of_a_run_script_is_masked_whole(
    tmp_path: Path, secret: str
) -> None:
    rest = short_secret()
    write(
        tmp_path,
        {
            ".github/workflows/deploy.yml": _workflow(
                "      - run: >\n"
                f'          sshpass -p "{secret}\n'
                f'          {rest}" ssh deploy@bastion.example.com ./release.sh\n'
            )
        },
    )
    outputs = scan(tmp_path)
    assert (outputs.leaking(secret), outputs.leaking(rest)) == ([], [])
    assert outputs.findings("CI001") == [
        (".github/workflows/deploy.yml", 8, 23, 9, 21, 'sshpass -p "********')
    ]


BROKEN_VALUES = (
    "db:\n  host: db.internal\n  password: {secret}  # rotated from {token}\n"
    "  options: [pool, ssl\nworkers: 4\n"
)


def test_a_yaml_parse_error_elsewhere_leaves_the_password_found_and_masked(
    tmp_path: Path, secret: str
) -> None:
    write(tmp_path, {"deploy/values.yaml": BROKEN_VALUES.format(secret=secret, token=GITHUB_TOKEN)})
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("SEC001") == [
        ("deploy/values.yaml", 3, 13, 3, 23, "password: ********  # ********")
    ]
    assert [(n["path"], n["kind"], n["line"]) for n in outputs.report["notifications"]] == [
        ("deploy/values.yaml", "parse-error", 5)
    ]


def test_with_sec001_disabled_a_broken_yaml_still_masks_the_password_in_sec002s_snippet(
    tmp_path: Path, secret: str
) -> None:
    write(
        tmp_path,
        {
            "deploy/values.yaml": BROKEN_VALUES.format(secret=secret, token=GITHUB_TOKEN),
            ".nhiguard.toml": 'disable = ["SEC001"]\n',
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("SEC002") == [
        ("deploy/values.yaml", 3, 40, 3, 80, "password: ********  # ********")
    ]


def test_a_workflow_parse_error_leaves_its_env_credential_found_and_masked(
    tmp_path: Path, secret: str
) -> None:
    write(
        tmp_path,
        {
            ".github/workflows/deploy.yml": "on: push\nenv:\n"
            f"  DB_PASSWORD: {secret}  # was {GITHUB_TOKEN}\n"
            "jobs:\n  deploy: [\n"
        },
    )
    outputs = scan(tmp_path)
    assert outputs.leaking(secret) == []
    assert outputs.findings("CI001") == [
        (".github/workflows/deploy.yml", 3, 16, 3, 26, "DB_PASSWORD: ********  # ********")
    ]
