"""The config analyzer end to end: exact (rule, line, masked evidence) for each file kind."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from scanner.analyzers.config import ConfigFiles
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import FileKind, NotificationKind

OURS = ConfigFiles.rules


@dataclass(frozen=True)
class Case:
    id: str
    path: str
    text: str
    expected: set[tuple[str, int, str | None]] = field(default_factory=set)


def _reported(rules, path: str, text: str, **parameters) -> set[tuple[str, int, str | None]]:
    outcome = scan_text(path, text, Config(rule_parameters=parameters), rules)
    assert not outcome.notifications, outcome.notifications
    return {
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else None)
        for f in outcome.findings
        if f.rule_id in OURS
    }


SECRETS = [
    Case(
        "yaml-password",
        "config/settings.yaml",
        'db:\n  password: "Xk9#mQ2vLp7wRt4z"\n',
        {("SEC001", 2, "Xk********4z")},
    ),
    Case(
        "yaml-block-scalar-points-at-content",
        "config/settings.yaml",
        "db:\n  api_key: |\n    Qz7wLp3Xv9Kt2MrN8sHc5BdY\n",
        {("SEC001", 3, "Qz********dY")},
    ),
    Case(
        "yaml-multi-document",
        "config/all.yaml",
        "a: 1\n---\ntoken: Rz8kM3nVq6wLp2xAb\n---\nb: 2\n",
        {("SEC001", 3, "Rz********Ab")},
    ),
    Case(
        "yaml-anchor-reported-once-at-definition",
        "config/settings.yaml",
        'base: &base\n  password: &pw "Xk9#mQ2vLp7wRt4z"\nprod:\n  <<: *base\n  db_password: *pw\n',
        {("SEC001", 2, "Xk********4z")},
    ),
    Case(
        "json-nested-key",
        "appsettings.json",
        '{\n  "Auth": {\n    "ClientSecret": "Qz7wLp3Xv9Kt2MrN8sHc5BdY"\n  }\n}\n',
        {("SEC001", 3, "Qz********dY")},
    ),
    Case(
        "jsonc-comments-and-trailing-commas",
        "tsconfig.json",
        '{\n  // dev only\n  "apiKey": "Zx8#Lm2vQp7wRt4k", /* x */\n}\n',
        {("SEC001", 3, "Zx********4k")},
    ),
    Case(
        "toml-table-key",
        "config/production.toml",
        '[payments]\nendpoint = "https://p.example.com"\napi_token = "pT4vX9qL2mZ7rW8kN3sB6yH1"\n',
        {("SEC001", 3, "pT********H1")},
    ),
    Case(
        "toml-inline-table",
        "config/production.toml",
        "[db]\nprimary = { host = \"db\", password = 'Wq9xLm2Rt7vKz4Ab' }\n",
        {("SEC001", 2, "Wq********Ab")},
    ),
    Case(
        "dotenv-export-and-quotes",
        ".env.production",
        "export API_TOKEN=\"Tq7#vN2pXe9LmR4s\"\nDB_PASSWORD='Hn4$wQ8zKp2vRt6y' # prod\n",
        {("SEC001", 1, "Tq********4s"), ("SEC001", 2, "Hn********6y")},
    ),
    Case(
        "dotenv-url-password",
        ".env.production",
        "DATABASE_URL=postgres://orders:Wq9xLm2Rt7vKz4@db.example.com:5432/orders\n",
        {("SEC001", 1, "********")},
    ),
    Case(
        "properties-colon-and-continuation",
        "application.properties",
        "spring.datasource.username=orders\nspring.mail.password : Hn4$wQ8zKp2vRt6y\n",
        {("SEC001", 2, "Hn********6y")},
    ),
    Case(
        "ini-section",
        "deploy/app.ini",
        "[database]\npassword = Yq8#Lm2vQp7wRt4k ; rotated quarterly\n",
        {("SEC001", 2, "Yq********4k")},
    ),
    Case(
        "dockerfile-env-both-forms",
        "Dockerfile",
        'FROM python:3.12\nENV SMTP_PASSWORD=Rz8!kM3nVq6wLp2x \\\n    API_KEY="Zx8#Lm2vQp7wRt4k"\nENV REDIS_PASSWORD Lm3@xV8qTz5wKp9R\n',
        {
            ("SEC001", 2, "Rz********2x"),
            ("SEC001", 3, "Zx********4k"),
            ("SEC001", 4, "Lm********9R"),
        },
    ),
    Case(
        "dockerfile-arg-default",
        "Dockerfile",
        "FROM node:20\nARG NPM_TOKEN\nARG REGISTRY_PASSWORD=Lm3@xV8qTz5wKp9R\n",
        {("SEC001", 3, "Lm********9R")},
    ),
    Case(
        "compose-list-form",
        "docker-compose.yml",
        "services:\n  api:\n    environment:\n      - DB_PASSWORD=Lm3@xV8qTz5wKp9R\n      - LOG_LEVEL=debug\n",
        {("SEC001", 4, "Lm********9R")},
    ),
    Case(
        "compose-default-is-a-literal",
        "docker-compose.yml",
        "services:\n  api:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-Lm3@xV8qTz5wKp9R}\n",
        {("SEC001", 4, "Lm********9R")},
    ),
    Case(
        "k8s-container-env-name-value",
        "k8s/deployment.yaml",
        "kind: Deployment\nspec:\n  containers:\n    - env:\n        - name: DB_PASSWORD\n          value: Tq7#vN2pXe9LmR4s\n",
        {("SEC001", 6, "Tq********4s")},
    ),
    Case(
        "k8s-secret-data-decoded",
        "k8s/secret.yaml",
        "apiVersion: v1\nkind: Secret\ndata:\n  db: VHE3I3ZOMnBYZTlMbVI0cw==\n  user: b3JkZXJz\n",
        {("SEC001", 4, "Tq********4s")},
    ),
    Case(
        "k8s-secret-data-known-format-in-base64-is-sec001s",
        "k8s/secret.yaml",
        "apiVersion: v1\nkind: Secret\ndata:\n  STRIPE_API_KEY: cmtfbGl2ZV81MU0xZVdyUDN1SVozNXd5VnBiRE8wdGRERlB1Mk9PalV6NTk3VFlHMVRSdHpubjJrZVNyaXlSUHdIYUViVU9vbExyN0dHNEdXSW0yc1RWUEhROGVtRWVKMFhmNVZTNWhCZ3Q=\n",
        {("SEC001", 4, "rk********gt")},
    ),
    Case(
        "k8s-secret-string-data-any-key",
        "k8s/secret.yaml",
        'apiVersion: v1\nkind: Secret\nstringData:\n  connection: "Tq7vN2pXe9"\n',
        {("SEC001", 4, "********")},
    ),
]

SECRET_NEGATIVES = [
    Case("placeholder-env", "config/settings.yaml", "db:\n  password: ${DB_PASSWORD}\n"),
    Case("placeholder-helm", "values.yaml", 'auth:\n  password: "{{ .Values.pw }}"\n'),
    Case("placeholder-angle", ".env.production", "API_TOKEN=<your-api-token>\n"),
    Case("placeholder-gha", "config/ci-settings.yaml", "token: ${{ secrets.TOKEN }}\n"),
    Case("dummy-in-example-file", ".env.example", "API_TOKEN=changeme\nDB_PASSWORD=example-pass\n"),
    Case("password-hash", "roles/users.yml", 'user:\n  password: "$6$rounds=656000$TT4O7jz2M57$33LF"\n'),
    Case("lowercase-words", "tasks.yml", "vars:\n  ansible_password: other-mysql-password\n"),
    Case("module-path", "airflow.cfg", "[api]\nauth_backend = airflow.api.auth.backend.session\n"),
    Case("booleans-numbers", "config.yaml", "auth: true\ntoken: 12345678\npassword: null\n"),
    Case("secret-file-path", "Dockerfile", "FROM x\nENV DB_PASSWORD_FILE=/run/secrets/db_password\n"),
    Case("secret-ref", "k8s/deploy.yaml", "env:\n  - name: DB_PASSWORD\n    valueFrom: {secretKeyRef: {name: db}}\n"),
    Case("ansible-vault", "vault.yml", "db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231\n"),
    Case("sops", "secrets.enc.yaml", "password: ENC[AES256_GCM,data:abcd1234,iv:x,tag:y,type:str]\n"),
    Case("store-reference", "config.yaml", "api_key: arn:aws:secretsmanager:eu-west-1:123:secret:x\n"),
    Case("env-var-name", "config.yaml", "password_from: x\npassword: POSTGRES_PASSWORD_VALUE\n"),
    Case("url-without-password", ".env.production", "DATABASE_URL=postgres://orders@db:5432/orders\n"),
    Case("url-dummy-password", ".env.production", "AMQP_URL=amqp://guest:guest@rabbit:5672/\n"),
    Case("k8s-secret-placeholder", "k8s/s.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  pw: Y2hhbmdlbWU=\n"),
    Case("k8s-secret-cert", "k8s/s.yaml", "apiVersion: v1\nkind: Secret\nstringData:\n  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n"),
    Case("sealed-secret", "k8s/s.yaml", "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA==\n"),
    Case("cloudformation-tag", "stack.yaml", "Properties:\n  MasterUserPassword: !Ref DbPassword\n"),
    Case("known-format-left-to-sec002", ".env.production", "AWS_SECRET_KEY_ID=AKIAQYLPMN5HHHFPZAM2\n"),
    Case("k8s-secret-string-data-known-format-left-to-sec002", "k8s/s.yaml",
         "apiVersion: v1\nkind: Secret\nstringData:\n  STRIPE_API_KEY: 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\n"),
]  # fmt: skip


@pytest.mark.parametrize("case", SECRETS + SECRET_NEGATIVES, ids=lambda c: c.id)
def test_secret_settings_are_reported_exactly(rules, case: Case) -> None:
    assert _reported(rules, case.path, case.text) == case.expected


SIGNING = [
    Case(
        "env-weak-value",
        ".env.production",
        "JWT_SECRET=changeme\n",
        {("HMAC002", 1, "********")},
    ),
    Case(
        "env-random-key-is-hardcoded-not-sec001",
        ".env.production",
        "JWT_SECRET=f3Ys8LqW2mXv7RtK9pZc4NbHq2Lm8Vx5\n",
        {("HMAC001", 1, "f3********x5")},
    ),
    Case(
        "short-random-key-is-both",
        ".env.production",
        "SIGNING_KEY=k9Tz4Lq2w8Rv\n",
        {("HMAC001", 1, "********"), ("HMAC002", 1, "********")},
    ),
    Case(
        "algorithm-sibling-raises-the-bar",
        ".env.production",
        "JWT_ALGORITHM=HS512\nJWT_SECRET=f3Ys8LqW2mXv7RtK9pZc4NbHq2Lm8Vx5\nSECRET_KEY=f3Ys8LqW2mXv7RtK9pZc4NbHq2Lm8Vx6\n",
        {("HMAC001", 2, "f3********x5"), ("HMAC002", 2, "f3********x5"), ("HMAC001", 3, "f3********x6")},
    ),
    Case(
        "compose-weak-default",
        "docker-compose.yml",
        "services:\n  api:\n    environment:\n      JWT_SECRET: ${JWT_SECRET:-changeme}\n",
        {("HMAC002", 4, "********")},
    ),
    Case(
        "spring-default-and-nesting",
        "src/main/resources/application.yml",
        "jwt:\n  secret: ${JWT_SECRET:mySecretKey}\n",
        {("HMAC001", 2, "********"), ("HMAC002", 2, "********")},
    ),
    Case(
        "spring-camel-case",
        "application.properties",
        "bezkoder.app.jwtSecret=bezKoderSecretKey\n",
        {("HMAC001", 1, "be********ey"), ("HMAC002", 1, "be********ey")},
    ),
    Case(
        "webhook-secret-in-dockerfile",
        "Dockerfile",
        "FROM x\nENV WEBHOOK_SECRET=whsec_5Rk2mQ8vN1pX7tZ3cY6bW9aB4dE7fG0h\n",
        {("HMAC001", 2, "wh********0h")},
    ),
    Case(
        "k8s-secret-signing-key",
        "k8s/s.yaml",
        "apiVersion: v1\nkind: Secret\ndata:\n  jwt-secret: c2VjcmV0\n",
        {("HMAC002", 4, "********")},
    ),
    Case("required-variable", "docker-compose.yml", "x:\n  JWT_SECRET: ${JWT_SECRET:?must be set}\n"),
    Case("example-file-dummy", ".env.example", "JWT_SECRET=changeme\nSESSION_SECRET=your-session-secret\n"),
    Case("public-key", "config.yaml", "jwt:\n  public_key: |\n    -----BEGIN PUBLIC KEY-----\n    MFkw\n"),
    Case("aws-secret-key-is-not-signing", ".env.production", "AWS_SECRET_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYzz12\n", {("SEC001", 1, "wJ********12")}),
]  # fmt: skip


@pytest.mark.parametrize("case", SIGNING, ids=lambda c: c.id)
def test_signing_keys_are_hmac_findings_not_sec001(rules, case: Case) -> None:
    assert _reported(rules, case.path, case.text) == case.expected


TOKENS = [
    Case("dotenv-minutes", ".env.production", "ACCESS_TOKEN_EXPIRE_MINUTES=10080\n", {("JWT007", 1, None)}),
    Case("dotenv-refresh-days", ".env.production", "REFRESH_TOKEN_EXPIRE_DAYS=90\n", {("JWT007", 1, None)}),
    Case("refresh-at-limit", ".env.production", "REFRESH_TOKEN_EXPIRE_DAYS=30\n"),
    Case("yaml-seconds", "config.yaml", "auth:\n  access_token_expire_seconds: 604800\n", {("JWT007", 2, None)}),
    Case("go-duration", "config.yaml", "jwt:\n  ttl: 720h\n", {("JWT007", 2, None)}),
    Case("iso-duration", "config.yaml", "token:\n  lifetime: PT8H\n", {("JWT007", 2, None)}),
    Case("spring-ms", "application.yml", "jwt:\n  expiration: 86400000\n", {("JWT007", 2, None)}),
    Case("spring-ms-short", "application.yml", "jwt:\n  expiration: 900000\n"),
    Case("camel-ms", "config.json", '{"app": {"jwtExpirationMs": 86400000}}\n', {("JWT007", 1, None)}),
    Case("unitless-read-as-ms", "config.yaml", "jwt:\n  expiry: 3600\n"),
    Case("flask-convention-seconds", ".env", "JWT_ACCESS_TOKEN_EXPIRES=86400\n", {("JWT007", 1, None)}),
    Case("keycloak-lifespan-seconds", "realm.json", '{"accessTokenLifespan": 86400}\n', {("JWT007", 1, None)}),
    Case("reset-token-not-access", ".env", "PASSWORD_RESET_TOKEN_EXPIRE_HOURS=48\n"),
    Case("timestamp-not-lifetime", "fixture.yaml", "token:\n  expires_at: 1700000000\n"),
    Case("leeway-seconds", ".env.production", "JWT_LEEWAY_SECONDS=3600\n", {("JWT008", 1, None)}),
    Case("leeway-in-section", "app.ini", "[jwt]\nleeway = 600\n", {("JWT008", 2, None)}),
    Case("leeway-small", ".env", "JWT_LEEWAY=30\n"),
    Case("clock-skew-duration", "application.yml", "security:\n  jwt:\n    clock-skew: 10m\n", {("JWT008", 3, None)}),
    Case("skew-not-clock", "chart.yaml", "replicas:\n  skew: 3600\n"),
    Case("jwks-over-http", ".env.production", "JWKS_URL=http://auth.example.com/.well-known/jwks.json\n", {("JWT010", 1, None)}),
    Case("spring-jwk-set-uri", "application.yml", "spring:\n  security:\n    oauth2:\n      resourceserver:\n        jwt:\n          jwk-set-uri: http://idp.example.com/certs\n", {("JWT010", 6, None)}),
    Case("issuer-url-compose-list", "docker-compose.yml", "services:\n  api:\n    environment:\n      - OIDC_ISSUER_URL=http://keycloak:8080/realms/main\n", {("JWT010", 4, None)}),
    Case("well-known-path-any-key", "config.yaml", "sso:\n  config: http://sso.example.com/.well-known/openid-configuration\n", {("JWT010", 2, None)}),
    Case("loopback", ".env.development", "JWKS_URL=http://localhost:8080/jwks\nTOKEN_URL=http://127.0.0.1/token\n"),
    Case("metadata-service", ".env", "AWS_TOKEN_URL=http://169.254.169.254/latest/api/token\n"),
    Case("https", ".env", "JWKS_URL=https://auth.example.com/.well-known/jwks.json\n"),
    Case("redirect-not-fetched", ".env", "OIDC_REDIRECT_URL=http://app.example.com/callback\n"),
    Case("bare-issuer-is-compared", ".env", "JWT_ISSUER=http://idp.example.com\n"),
]  # fmt: skip


@pytest.mark.parametrize("case", TOKENS, ids=lambda c: c.id)
def test_token_settings_are_judged_with_their_units(rules, case: Case) -> None:
    assert _reported(rules, case.path, case.text) == case.expected


def test_entropy_threshold_boundary_is_inclusive(rules) -> None:
    # "aaBBc1d2": counts 2,2,1,1,1,1 -> exactly 2.5 bits per character
    assert _reported(rules, ".env.production", "DB_PASSWORD=aaBBc1d2\n") == {
        ("SEC001", 1, "********")
    }
    # "aaBBcc1d": counts 2,2,2,1,1 -> 2.25 bits per character
    assert _reported(rules, ".env.production", "DB_PASSWORD=aaBBcc1d\n") == set()
    # seven characters: under min_length
    assert _reported(rules, ".env.production", "DB_PASSWORD=aB3$kL9\n") == set()


def test_entropy_threshold_follows_the_configured_parameter(rules) -> None:
    text = "DB_PASSWORD=aaBBc1d2\n"
    assert _reported(rules, ".env.production", text, SEC001={"min_entropy": 3.0}) == set()
    assert _reported(rules, ".env.production", "API_TOKEN=aB3$kL9\n", SEC001={"min_length": 6})


def test_lifetime_limit_follows_the_configured_parameter(rules) -> None:
    text = "ACCESS_TOKEN_EXPIRE_MINUTES=90\n"
    assert _reported(rules, ".env", text) == {("JWT007", 1, None)}
    assert _reported(rules, ".env", text, JWT007={"access_max_seconds": 7200}) == set()


@pytest.mark.parametrize(
    ("path", "text", "column", "end_column"),
    [
        (".env", "DB_PASSWORD=Xk9#mQ2vLp7wRt4z\n", 13, 29),
        (".env", 'export DB_PASSWORD="Xk9#mQ2vLp7wRt4z"\n', 21, 37),
        ("c.yaml", 'db:\n  password: "Xk9#mQ2vLp7wRt4z"\n', 14, 30),
        ("c.yaml", "db:\n  password: &pw Xk9#mQ2vLp7wRt4z\n", 17, 33),
        ("c.json", '{"password": "Xk9#mQ2vLp7wRt4z"}\n', 15, 31),
        ("c.toml", 'password = "Xk9#mQ2vLp7wRt4z"\n', 13, 29),
        ("docker-compose.yml", "x:\n  environment:\n    - DB_PASSWORD=Xk9#mQ2vLp7wRt4z\n", 19, 35),
        ("docker-compose.yml", "x:\n  DB_PASSWORD: ${DB_PASSWORD:-Xk9#mQ2vLp7wRt4z}\n", 31, 47),
        ("Dockerfile", "ENV A=1 DB_PASSWORD=Xk9#mQ2vLp7wRt4z\n", 21, 37),
        ("a.properties", "db.password = Xk9#mQ2vLp7wRt4z\n", 15, 31),
        (".env", "DATABASE_URL=postgres://u:Xk9%23mQ2vLp7wRt4z@db/x\n", 27, 45),
    ],
)
def test_finding_spans_exactly_the_secret_characters(rules, path, text, column, end_column):
    outcome = scan_text(path, text, Config(), rules)
    found = [f for f in outcome.findings if f.rule_id == "SEC001"]
    assert len(found) == 1
    assert (found[0].location.column, found[0].location.end_column) == (column, end_column)
    secret = text.splitlines()[found[0].location.line - 1][column - 1 : end_column - 1]
    assert "mQ2vLp7wRt4z" in secret
    assert secret not in found[0].snippet
    assert secret not in found[0].message


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        ("bad.yaml", "a: [1, 2\nb: c\npassword: Xk9#mQ2vLp7wRt4z\n", 2),
        ("bad.json", '{"password": "Xk9#mQ2vLp7wRt4z",\n "x": }\n', 2),
        ("bad.toml", 'password = "Xk9#mQ2vLp7wRt4z"\nx = \n', 2),
    ],
)
def test_unparsable_file_is_a_notification_with_a_line_and_no_text(rules, path, text, line):
    outcome = scan_text(path, text, Config(), rules)
    notes = [n for n in outcome.notifications if n.kind is NotificationKind.PARSE_ERROR]
    assert [(n.line, n.detail) for n in notes] == [(line, notes[0].detail)]
    assert "Xk9" not in notes[0].detail


def test_yaml_nested_past_the_flow_limit_is_refused_before_libyaml_parses_it(rules) -> None:
    text = 'password: "Xk9#mQ2vLp7wRt4z"\nx: ' + "[" * 2000 + "]" * 2000 + "\n"
    outcome = scan_text("values.yaml", text, Config(), rules)
    assert [(n.kind, n.line) for n in outcome.notifications] == [(NotificationKind.PARSE_ERROR, 2)]


def test_helm_template_is_read_with_actions_blanked(rules) -> None:
    text = (
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "x.fullname" . }}\n'
        "data:\n  password: {{ .Values.password | b64enc | quote }}\n"
        "{{- if .Values.extra }}\nstringData:\n  extra: Hn4wQ8zKp2vRt6yB\n{{- end }}\n"
    )
    assert _reported(rules, "chart/templates/secret.yaml", text) == {("SEC001", 9, "Hn********yB")}


def test_alias_bomb_is_walked_once(rules) -> None:
    lines = ['a: &a ["secret", "Xk9#mQ2vLp7wRt4z"]']
    for index, name in enumerate("bcdefghijk"):
        previous = "abcdefghijk"[index]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append('password: "Xk9#mQ2vLp7wRt4z"')
    started = time.monotonic()
    found = _reported(rules, "bomb.yaml", "\n".join(lines) + "\n")
    assert time.monotonic() - started < 5
    assert found == {("SEC001", 12, "Xk********4z")}


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("deep.json", '{"token": ' + "[" * 5000 + "]" * 5000 + "}"),
        ("deep.yaml", "token: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("deep.toml", "token = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("huge.env", "API_TOKEN=" + "a1B2" * 250_000 + "\n"),
        ("junk.yaml", "\x00\x01password: \ufffd\ufffd\n"),
        ("comments.json", '{"token": 1, ' + "/*" * 200_000),
        ("template.yaml", "token: [" + "{{ x" * 200_000 + "\n"),
        ("inline.toml", "t = {" + ", ".join(f'token{i} = "v"' for i in range(20_000)) + "}\n"),
        ("continued.properties", "api.token=" + "ab\\\n" * 100_000 + "end\n"),
        ("quote.env", 'API_TOKEN="' + "x\n" * 100_000),
    ],
    ids=lambda value: value if len(value) < 40 else "",
)
def test_hostile_config_files_never_crash_and_stay_linear(rules, path, text) -> None:
    started = time.monotonic()
    outcome = scan_text(path, text, Config(), rules, reraise=True)
    assert time.monotonic() - started < 10
    assert all(n.kind is not NotificationKind.ANALYZER_ERROR for n in outcome.notifications)


def test_prefilter_skips_files_with_no_secret_word() -> None:
    analyzer = ConfigFiles()
    assert not analyzer.might_report(b"name: web\nreplicas: 3\nimage: nginx:1.27\n", FileKind.YAML)
    assert analyzer.might_report(b"DB_PASSWORD=x\n", FileKind.DOTENV)
    assert analyzer.might_report(b"url: redis://:hunter2hunter2@cache:6379\n", FileKind.YAML)
    assert analyzer.might_report(b"authority: http://idp.example.com\n", FileKind.YAML)


def test_prefilter_keeps_every_environment_for_linking() -> None:
    """Code may sign with any variable, whatever its name: environments are always read."""
    analyzer = ConfigFiles()
    assert analyzer.might_report(b"ARCHIVE_STAMP=x\n", FileKind.DOTENV)
    assert analyzer.might_report(b"FROM python:3.12\nENV STAMP=x\n", FileKind.DOCKERFILE)
    assert analyzer.might_report(
        b"services:\n  a:\n    environment:\n      STAMP: x\n", FileKind.YAML
    )
    assert analyzer.might_report(b"containers:\n- env:\n  - name: STAMP\n", FileKind.YAML)
    assert not analyzer.might_report(b"STAMP=x\n", FileKind.INI)
