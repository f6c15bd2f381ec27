"""TOK002: a validator reading its issuer from the environment joined with what its deployment sets."""

from __future__ import annotations

import time
from pathlib import Path

from gateway_scan import scan_written

from scanner.model import Finding

AUTHORIZER = """import os

import jwt

ISSUER = os.environ["COGNITO_ISSUER"]


def handler(event, context):
    token = event["authorizationToken"].removeprefix("Bearer ")
    return jwt.decode(
        token,
        context.key,
        algorithms=["RS256"],
        issuer=ISSUER,
        options={"verify_aud": False},
    )
"""
SAM = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
{globals}
Resources:
  OrdersApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        Authorizers:
          CognitoJwt:
            JwtConfiguration:
              issuer: {api_issuer}
              audience:
                - orders-web
  TokenAuthorizerFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: {handler}
      CodeUri: ../src
      Environment:
        Variables:
          COGNITO_ISSUER: {function_issuer}
"""
POOL = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Q8mZ3vTkp"
SERVERLESS = f"""service: orders
provider:
  name: aws
  environment:
    COGNITO_ISSUER: {POOL}
  httpApi:
    authorizers:
      cognitoJwt:
        type: jwt
        issuerUrl: {POOL}
        audience:
          - orders-web
functions:
  authorize:
    handler: {{handler}}
"""
TEMPLATED = "!Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPoolId}"


def _sam(
    api_issuer: str = POOL,
    function_issuer: str = POOL,
    handler: str = "authorizer.app.handler",
    globals_: str = "",
) -> str:
    return SAM.format(
        api_issuer=api_issuer, function_issuer=function_issuer, handler=handler, globals=globals_
    )


def _tok002(root: Path, files: dict[str, str]) -> list[Finding]:
    return [f for f in scan_written(files, root).findings if f.rule_id == "TOK002"]


def test_the_issuer_a_template_sets_for_the_handler_joins_the_code_to_its_validators(
    tmp_path: Path,
) -> None:
    files = {"src/authorizer/app.py": AUTHORIZER, "sam/template.yaml": _sam()}
    (finding,) = _tok002(tmp_path, files)
    assert (finding.path, finding.location.line) == ("src/authorizer/app.py", 10)
    assert finding.message == (
        "tokens of https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Q8mZ3vTkp are checked"
        " less here than by AWS::Serverless::HttpApi OrdersApi authorizer CognitoJwt in"
        " sam/template.yaml:10: the audience is not checked"
    )
    assert [(r.path, r.location.line, r.message) for r in finding.related] == [
        ("sam/template.yaml", 10, "validates the same issuer"),
        ("sam/template.yaml", 22, "sets COGNITO_ISSUER for this code"),
    ]


def test_a_template_that_runs_another_module_does_not_join(tmp_path: Path) -> None:
    files = {
        "src/authorizer/app.py": AUTHORIZER,
        "sam/template.yaml": _sam(handler="orders.handler.list_orders"),
    }
    assert _tok002(tmp_path, files) == []


def test_two_deployments_setting_different_issuers_leave_the_code_unjoined(
    tmp_path: Path,
) -> None:
    files = {
        "src/authorizer/app.py": AUTHORIZER,
        "sam/template.yaml": _sam(),
        "sam/partners.yaml": _sam(
            api_issuer="https://login.partners.example.com",
            function_issuer="https://login.partners.example.com",
        ),
    }
    assert _tok002(tmp_path, files) == []


def test_values_that_differ_only_where_the_template_fills_in_parts_may_be_one_issuer(
    tmp_path: Path,
) -> None:
    files = {
        "src/authorizer/app.py": AUTHORIZER,
        "sam/template.yaml": _sam(api_issuer=TEMPLATED, function_issuer=TEMPLATED),
        "sam/eu.yaml": _sam(api_issuer=POOL, function_issuer=POOL),
    }
    assert [(f.path, f.location.line) for f in _tok002(tmp_path, files)] == [
        ("src/authorizer/app.py", 10)
    ]


def test_a_functions_own_variable_overrides_the_sam_globals(tmp_path: Path) -> None:
    globals_ = (
        "Globals:\n  Function:\n    Environment:\n      Variables:\n"
        "        COGNITO_ISSUER: https://login.other.example.com\n"
    )
    files = {"src/authorizer/app.py": AUTHORIZER, "sam/template.yaml": _sam(globals_=globals_)}
    assert [(f.path, f.location.line) for f in _tok002(tmp_path, files)] == [
        ("src/authorizer/app.py", 10)
    ]


def test_a_serverless_function_environment_joins_too(tmp_path: Path) -> None:
    serverless = SERVERLESS.format(handler="src/authorizer/app.handler")
    files = {"src/authorizer/app.py": AUTHORIZER, "serverless.yml": serverless}
    (finding,) = _tok002(tmp_path, files)
    assert [(r.path, r.location.line) for r in finding.related] == [
        ("serverless.yml", 8),
        ("serverless.yml", 5),
    ]


def test_a_value_full_of_template_parts_is_compared_in_linear_time(tmp_path: Path) -> None:
    hostile = "!Sub https://login.example.com/" + "${Stage}" * 24 + "Z"
    files = {
        "src/authorizer/app.py": AUTHORIZER,
        "sam/template.yaml": _sam(function_issuer=hostile),
        "sam/eu.yaml": _sam(function_issuer="https://login.example.com/" + "x" * 60),
    }
    started = time.monotonic()
    found = _tok002(tmp_path, files)
    assert time.monotonic() - started < 1
    assert found == []


def test_a_sam_function_runs_the_module_under_its_code_uri_not_one_of_the_same_name(
    tmp_path: Path,
) -> None:
    files = {"billing/authorizer/app.py": AUTHORIZER, "sam/template.yaml": _sam()}
    assert _tok002(tmp_path, files) == []


def test_a_serverless_handler_names_its_module_from_the_service_folder(tmp_path: Path) -> None:
    serverless = SERVERLESS.format(handler="authorizer/app.handler")
    elsewhere = {"billing/authorizer/app.py": AUTHORIZER, "orders/serverless.yml": serverless}
    assert _tok002(tmp_path / "elsewhere", elsewhere) == []
    inside = {"orders/authorizer/app.py": AUTHORIZER, "orders/serverless.yml": serverless}
    assert [(f.path, f.location.line) for f in _tok002(tmp_path / "inside", inside)] == [
        ("orders/authorizer/app.py", 10)
    ]


def test_code_kept_outside_the_repository_joins_any_module_of_the_handlers_name(
    tmp_path: Path,
) -> None:
    template = _sam().replace("CodeUri: ../src", "CodeUri: s3://artifacts/orders.zip")
    files = {"billing/authorizer/app.py": AUTHORIZER, "sam/template.yaml": template}
    assert [(f.path, f.location.line) for f in _tok002(tmp_path, files)] == [
        ("billing/authorizer/app.py", 10)
    ]


ENV_READER = """import os

import jwt

ISSUER = os.environ["OIDC_ISSUER"]


def claims(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=["RS256"], issuer=ISSUER, options={"verify_aud": False})
"""
LITERAL_READER = """import jwt


def claims(token: str, key: str) -> dict:
    return jwt.decode(
        token,
        key,
        algorithms=["RS256"],
        issuer="https://auth.shop.example/realms/staff",
        audience="ledger",
    )
"""
STAFF = "https://auth.shop.example/realms/staff"


def test_a_dotenv_file_sets_the_issuer_for_the_code_in_its_folder_and_below(
    tmp_path: Path,
) -> None:
    files = {
        ".env": f"OIDC_ISSUER={STAFF}/\n",
        "services/reports/auth.py": ENV_READER,
        "services/ledger/auth.py": LITERAL_READER,
    }
    (finding,) = _tok002(tmp_path, files)
    assert (finding.path, finding.location.line) == ("services/reports/auth.py", 9)
    assert finding.message == (
        f"tokens of {STAFF} are checked less here than by jwt.decode in"
        " services/ledger/auth.py:5: the audience is not checked"
    )
    assert [(r.path, r.location.line, r.message) for r in finding.related] == [
        ("services/ledger/auth.py", 5, "validates the same issuer"),
        (".env", 1, "sets OIDC_ISSUER for this code"),
    ]


def test_a_dotenv_file_in_another_folder_does_not_join(tmp_path: Path) -> None:
    files = {
        "services/billing/.env": f"OIDC_ISSUER={STAFF}\n",
        "services/reports/auth.py": ENV_READER,
        "services/ledger/auth.py": LITERAL_READER,
    }
    assert _tok002(tmp_path, files) == []


def test_a_dockerfile_env_sets_the_issuer_for_the_code_it_is_built_from(tmp_path: Path) -> None:
    dockerfile = f"FROM python:3.12-slim\nENV OIDC_ISSUER={STAFF}\nCOPY . /app\n"
    files = {
        "services/reports/Dockerfile": dockerfile,
        "services/reports/auth.py": ENV_READER,
        "services/ledger/auth.py": LITERAL_READER,
    }
    assert [(f.path, f.location.line) for f in _tok002(tmp_path, files)] == [
        ("services/reports/auth.py", 9)
    ]


def test_two_dotenv_files_setting_different_issuers_leave_the_code_unjoined(
    tmp_path: Path,
) -> None:
    files = {
        ".env": f"OIDC_ISSUER={STAFF}\n",
        "services/.env": "OIDC_ISSUER=https://login.partners.example.com\n",
        "services/reports/auth.py": ENV_READER,
        "services/ledger/auth.py": LITERAL_READER,
    }
    assert _tok002(tmp_path, files) == []


def test_an_example_dotenv_file_sets_nothing(tmp_path: Path) -> None:
    files = {
        ".env.example": f"OIDC_ISSUER={STAFF}/\n",
        "services/reports/auth.py": ENV_READER,
        "services/ledger/auth.py": LITERAL_READER,
    }
    assert _tok002(tmp_path, files) == []
