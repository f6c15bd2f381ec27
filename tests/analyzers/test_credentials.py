"""The shared credential judgement: each predicate on the values that motivated it."""

from __future__ import annotations

import time

import pytest

from scanner import catalog
from scanner.analyzers.config.durations import duration
from scanner.analyzers.config.judges.key_endpoints import endpoint_kind
from scanner.analyzers.config.judges.signing_secrets import is_signing_key
from scanner.analyzers.config.judges.token_lifetimes import leeway_key, lifetime_key
from scanner.analyzers.config.key_names import KeyName
from scanner.analyzers.credentials import (
    base64_text,
    entropy,
    is_dummy_value,
    is_example_file,
    is_not_a_literal,
    is_secret_name,
    looks_like_secret,
    names_credential,
    url_password,
)
from scanner.configuration import Config
from scanner.engine import scan_text


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DB_PASSWORD", True),
        ("jwt.secret", True),
        ("clientSecret", True),
        ("basic_auth", True),
        ("DB_PASS", True),
        ("password2", True),
        ("MASKED_TEST_SECRET1", True),
        ("password1_field_name", False),
        ("password_reset_link", False),
        ("password_prompt", False),
        ("ssh_passphrase", True),
        ("auth_backends", False),
        ("pass_through", False),
        ("password_file", False),
        ("token_ttl_seconds", False),
        ("author", False),
        ("existingSecret", False),
        ("existingSecretPasswordKey", False),
        ("PGPASSWORD", True),
        ("ADMINPASSWORD", True),
        ("compass", False),
        ("BYPASS", False),
        ("PASSWORDLESS", False),
        ("validationKey", True),
        ("decryptionKey", True),
        ("TokenSigningCertificateThumbprint", False),
    ],
)
def test_is_secret_name(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("changeme", "dummy word"),
        ("password1", "dummy word numbered"),
        ("your-api-key", "dummy word"),
        ("example-token-123", "dummy word"),
        ("mysql-password", "lowercase words"),
        ("airflow.api.auth.backend.default", "module path"),
        ("$6$rounds=656000$TT4O7jz2M57npccl$33LF", "crypt(3) hash"),
        ("pbkdf2_sha256$10000$LUyhxJjuLwXF$f6Zbp", "Django hash"),
        ("{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "LDAP hash"),
        ("$ANSIBLE_VAULT;1.1;AES256", "ansible-vault"),
        ("ENC[AES256_GCM,data:abc=,iv:x]", "SOPS"),
        ("ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)", "Jasypt"),
        ("{cipher}AQA1b2c3", "Spring Cloud Config"),
        ("arn:aws:secretsmanager:eu-west-1:1:secret:x", "store reference"),
        ("op://vault/item/field", "1Password reference"),
        ("{vault://hcv/kong/jwt-secret}", "Kong vault reference"),
        ("urn:k8s:secret:jwt-signing:key", "Traefik Hub Kubernetes secret"),
        ("pre-{{ .Values.x }}", "template fragment"),
        ("POSTGRES_PASSWORD", "env var name"),
        ("2024-01-31T10:00:00Z", "timestamp"),
        ("10.0.12.7", "IP address"),
        ("AccessToken", "class name"),
        ("accessToken", "camelCase name"),
        ("rest_framework_simplejwt.tokens.AccessToken", "dotted path to a class"),
        ("My Password", "prose"),
        ("Enter your password:", "prose"),
        ("Password for package index (will be masked)", "prose"),
        ("https://auth.example.com/oauth2/token", "URL without credentials"),
        ("redis://cache.internal:6379/0", "URL without credentials"),
        ("NOT_LOGGING_PASSWORD", "enum-like upper snake case"),
        ("_password_reset_token", "words with a leading underscore"),
        ("Bad-Token", "capitalised words"),
        ("françois", "a word with an accent"),
        ("CSRF token missing.", "prose with an acronym"),
        ("custom_admin/password_change_form.html", "relative path to a template"),
        ("p@ssword", "dummy word in leetspeak"),
        ("$ecret k3y", "prose in leetspeak"),
        ("passwordPASSWORDpassword", "a dummy word repeated"),
        ("hunter42", "dummy word numbered"),
        ("password-1", "dummy word numbered"),
        ("mysql-password2", "words numbered at the end"),
        ("#{ssh_private_key}", "Ruby interpolation"),
        ("DONTSHOWME", "an upper-case marker word"),
    ],
)
def test_values_that_only_resemble_secrets(value: str, reason: str) -> None:
    assert is_not_a_literal(value), reason
    assert not looks_like_secret(value, 8, 0.0), reason


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("DB_PASSWORD", True),
        ("apiKey", True),
        ("jwt.secret", True),
        ("password2", True),
        ("token_class", False),
        ("secret_backend", False),
        ("SECRET_KEY_BASE", False),
        ("password_reset_link", False),
    ],
)
def test_names_credential_when_the_name_ends_in_it(name: str, named: bool) -> None:
    assert names_credential(name) is named


@pytest.mark.parametrize(
    ("path", "text", "found"),
    [
        (".env", "DB_PASSWORD=Autumn2024\n", ("SEC001", 1, 13, "********")),
        (".env", "REDIS_PASSWORD=Brightwater7\n", ("SEC001", 1, 16, "********")),
        (".env", "API_TOKEN=BlueHorizonStation\n", ("SEC001", 1, 11, "Bl********on")),
        (".env", "SMTP_PASSWORD=MaxPower99\n", ("SEC001", 1, 15, "********")),
        (".htpasswd", "bob:Winter2024\n", ("SEC001", 1, 5, "********")),
        ("app/db.py", 'DB_PASSWORD = "autumn2024"\n', ("SEC005", 1, 15, "********")),
    ],
)
def test_words_a_person_chose_where_the_credential_goes_are_a_password(
    path: str, text: str, found: tuple[str, int, int, str]
) -> None:
    assert _found(path, text) == [found]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (".env", "TOKEN_CLASS=AccessToken\n"),
        (".env", "SECRET_BACKEND=VaultBackend2\n"),
        ("tests/test_views.py", 'reverse("reset", kwargs={"token": "Bad-Token"})\n'),
        ("tests/test_oracle.py", 'settings["PASSWORD"] = "françois"\n'),
        ("app/permissions.py", 'RESOURCE_PASSWORD = "Passwords"\n'),
        ("tests/test_vault.py", "wrong_vault_password = 'not-hunter42'\n"),
        ("nuget.config", '<add key="ClearTextPassword" value="CleartextPassword1" />\n'),
    ],
)
def test_words_that_describe_a_credential_are_no_password(path: str, text: str) -> None:
    assert _found(path, text) == []


def _found(path: str, text: str) -> list[tuple[str, int, int, str]]:
    outcome = scan_text(path, text, Config(), catalog.load())
    return [
        (f.rule_id, f.location.line, f.location.column, f.evidence.masked if f.evidence else "")
        for f in outcome.findings
    ]


@pytest.mark.parametrize(
    "value", ["Xk9#mQ2vLp7wRt4z", "1eca3b1f-31a2-4fb8-a8c3-138b441b50a7", "iWishIWereCool!"]
)
def test_random_values_look_like_secrets(value: str) -> None:
    assert looks_like_secret(value, 8, 2.5)


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        ("Bearer 123", False),
        ("Basic xxx", False),
        ("Authorization: Basic notabase64token", False),
        ("Basic dXNlcjo=", False),  # user: with no password
        ("Basic dXNlcjpwYXNzd2Q=", False),  # user:passwd
        ("Basic ZGVwbG95OlJ6OGtNM25WcTZ3THAyeEI=", True),  # deploy:<random>
        ("Basic b3BzOlr8cmljaC05a1Ey", True),  # ops:Zürich-9kQ2 in Latin-1, HTTP's old charset
        ("Bearer c3RhZ2luZy1vbmx5LWtleS04ZjJhOWQ", True),
    ],
)
def test_an_authorization_header_is_judged_by_its_credential(value: str, secret: bool) -> None:
    assert looks_like_secret(value, 8, 2.5) is secret


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        ("ZGVwbG95OkhuNnJUMndROW1YazRwTHo=", "deploy:Hn6rT2wQ9mXk4pLz"),
        (" ZGVwbG95OkhuNnJU\n  MndROW1YazRwTHo=\n", "deploy:Hn6rT2wQ9mXk4pLz"),  # wrapped
        ("b3BzOlr8cmljaC05a1Ey", "ops:Z\u00fcrich-9kQ2"),  # not UTF-8: Latin-1
        ("b3BzOlrDvHJpY2gtOWtRMg==", "ops:Z\u00fcrich-9kQ2"),  # UTF-8
        ("not base64!", None),
    ],
    ids=["utf8", "wrapped", "latin-1", "utf8-non-ascii", "not-base64"],
)
def test_base64_text(text: str, decoded: str | None) -> None:
    assert base64_text(text) == decoded


@pytest.mark.parametrize("value", ["Xk9mQ2vLp7.wRt4zH12", "SG.Xk9mQ2vLp7wRt4zH12.pT4vX9qL2mZ7rW8k"])
def test_a_dotted_random_value_is_no_name_path(value: str) -> None:
    assert looks_like_secret(value, 8, 2.5)


def test_entropy_of_the_threshold_examples() -> None:
    assert entropy("aaBBc1d2") == pytest.approx(2.5)
    assert entropy("aaBBcc1d") == pytest.approx(2.25)


@pytest.mark.parametrize(
    ("path", "example"),
    [
        (".env.example", True),
        ("config/settings.sample.yaml", True),
        ("values.template.yml", True),
        (".env.dist", True),
        ("examples/app.yaml", False),
        (".env.production", False),
        ("templates/secret.yaml", False),
    ],
)
def test_is_example_file(path: str, example: bool) -> None:
    assert is_example_file(path) is example


def test_is_dummy_value_does_not_catch_random_values() -> None:
    assert not is_dummy_value("Tq7#vN2pXe9LmR4s")


@pytest.mark.parametrize("value", ["foobar", "test_admin", "passwdPASSWD", "hunter-42", "1234567"])
def test_is_dummy_value_catches_stand_in_words_joined_and_numbered(value: str) -> None:
    assert is_dummy_value(value)


@pytest.mark.parametrize("word", ["foobar", "123456", "f00bar"])
def test_a_long_run_of_dummy_words_is_judged_in_linear_time(word: str) -> None:
    hostile = word * 21 + "!"  # each repetition doubled the time of a backtracking regex
    started = time.perf_counter()
    judged = is_dummy_value(hostile)
    assert time.perf_counter() - started < 1.0
    assert not judged


@pytest.mark.parametrize(
    ("value", "password"),
    [
        ("postgres://orders:Wq9xLm2@db:5432/orders", "Wq9xLm2"),
        ("redis://:hunter22@cache:6379/0", "hunter22"),
        ("postgres://orders@db/orders", None),
        ("https://example.com/a:b@c", None),
    ],
)
def test_url_password(value: str, password: str | None) -> None:
    found = url_password(value)
    assert (value[found[0] : found[1]] if found else None) == password


@pytest.mark.parametrize(
    ("path", "signing"),
    [
        (("JWT_SECRET",), True),
        (("jwt", "secret"), True),
        (("app.jwtSecret",), True),
        (("security", "jwt", "token", "secret-key"), True),
        (("SIGNING_KEY",), True),
        (("STRIPE_WEBHOOK_SECRET",), True),
        (("SECRET_KEY",), True),
        (("SECRET_KEY_BASE",), True),
        (("containers", "[0]", "env", "SESSION_SECRET"), True),
        (("AWS_SECRET_KEY",), False),
        (("jwt", "public-key"), False),
        (("JWT_PRIVATE_KEY",), False),
        (("JWT_SECRET_FILE",), False),
        (("CLIENT_SECRET",), False),
        (("consumers", "[0]", "jwt_secrets", "[1]", "key"), False),
        (("consumers", "[0]", "jwt_secrets", "[1]", "secret"), True),
    ],
)
def test_is_signing_key(path: tuple[str, ...], signing: bool) -> None:
    assert is_signing_key(KeyName.of(path)) is signing


@pytest.mark.parametrize(
    ("path", "found"),
    [
        (("ACCESS_TOKEN_EXPIRE_MINUTES",), (False, 60)),
        (("REFRESH_TOKEN_EXPIRE_DAYS",), (True, 86400)),
        (("jwt", "expiration"), (False, None)),
        (("app.jwtRefreshExpirationMs",), (True, 0.001)),
        (("token-validity-in-seconds-for-remember-me",), (True, 1)),
        (("access_token_max_age",), (False, None)),
        (("PASSWORD_RESET_TOKEN_EXPIRE_HOURS",), None),
        (("token", "expires_at"), None),
        (("CELERY_RESULT_EXPIRES",), None),
        (("cache", "ttl"), None),
    ],
)
def test_lifetime_key(path: tuple[str, ...], found: tuple[bool, float | None] | None) -> None:
    assert lifetime_key(KeyName.of(path)) == found


@pytest.mark.parametrize(
    ("path", "found"),
    [
        (("JWT_LEEWAY_SECONDS",), (1,)),
        (("jwt", "leeway"), (None,)),
        (("security", "jwt", "clock-skew"), (None,)),
        (("oidc", "clockTolerance"), (None,)),
        (("rollout", "skew"), None),
        (("tolerance",), None),
    ],
)
def test_leeway_key(path: tuple[str, ...], found: tuple[float | None] | None) -> None:
    assert leeway_key(KeyName.of(path)) == found


@pytest.mark.parametrize(
    ("value", "unit", "convention", "seconds", "exact"),
    [
        ("10080", 60, None, 604800, True),
        ("86400000", None, 0.001, 86400, True),
        ("86400000", None, None, 86400, False),
        ("720h", None, None, 2592000, True),
        ("1h30m", None, None, 5400, True),
        ("PT15M", None, None, 900, True),
        ("P1DT2H", None, None, 93600, True),
    ],
)
def test_duration(value, unit, convention, seconds, exact) -> None:
    found = duration(value, unit, convention)
    assert found is not None
    assert (found.seconds, found.exact) == (pytest.approx(seconds), exact)


@pytest.mark.parametrize("value", ["forever", "", "P", "3 days"])
def test_duration_of_something_else_is_unknown(value: str) -> None:
    assert duration(value, None, None) is None


@pytest.mark.parametrize(
    ("path", "value", "kind"),
    [
        (("JWKS_URL",), "http://a.example.com/keys", "JWKS endpoint"),
        (("jwk-set-uri",), "http://a.example.com/keys", "JWKS endpoint"),
        (("token_endpoint",), "http://a.example.com/t", "token endpoint"),
        (("OIDC_ISSUER_URL",), "http://a.example.com", "issuer"),
        (("Authority",), "http://a.example.com", "OpenID discovery document"),
        (("sso", "config"), "http://a.example.com/.well-known/openid-configuration", "OpenID discovery document"),
        (("JWKS_URL",), "https://a.example.com/keys", None),
        (("JWKS_URL",), "http://localhost:8080/keys", None),
        (("JWKS_URL",), "http://${AUTH_HOST}/keys", None),
        (("JWT_ISSUER",), "http://a.example.com", None),
        (("OIDC_REDIRECT_URL",), "http://a.example.com/callback", None),
    ],
)  # fmt: skip
def test_endpoint_kind(path: tuple[str, ...], value: str, kind: str | None) -> None:
    assert endpoint_kind(KeyName.of(path), value) == kind
