"""The snippet policy (scanner/snippets.py): no snippet shows a credential no rule found.

Every credential shape below is put, undetected (no span), into every place a
file kind can hold a value: a string literal, a keyword argument, a config
value, a shell word, a trailing comment. No 4-character piece of it may
survive in the snippet. The safe shapes (algorithm names, numbers, booleans,
references to secret stores, URLs without user info, paths) and the code
itself (names, keys, calls, operators) must stay readable.
"""

from __future__ import annotations

import pytest

from scanner import shapes
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.masking import mask_line
from scanner.model import FileKind, Rule

# (id, value): shapes that slipped through the old secret-shaped net, and classics.
CREDENTIALS = [
    ("passphrase-with-spaces", "correct horse battery staple"),
    ("short-word", "hunter"),
    ("short-with-digit", "hunter2"),
    ("plain-word", "tangerine"),
    ("symbols", "Tr0ub4dor&3!x"),
    ("symbols-only-punctuation", "p@$$w0rd#%^"),
    ("hex", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
    ("short-hex", "9f8e7d6c"),
    ("base64", "c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1Njc4OQ=="),
    ("base64-slashes", "qNDn6kP80DQU/+/qocSmB9uwN8cuXbg"),
    ("aws-key", "AKIAZ7Q4W2E9R5T1Y3U6"),
    ("unicode", "pässwörd-geheim"),
    ("cjk", "秘密の合言葉"),
    ("lower-random", "qwhdkeuvnbzpalsiruty"),
    ("url-with-password", "https://deploy:s3cr3tpw@git.example.com/repo.git"),
]

# (kind, template): `{}` is where the credential goes, `{q}` a quote if the place needs one.
PLACES = [
    (FileKind.PYTHON, 'DB_PASSWORD = "{}"'),
    (FileKind.PYTHON, "connect(host, password='{}', timeout=3)"),
    (
        FileKind.PYTHON,
        'claims = jwt.decode(token, options={{"verify_signature": False}})  # old: {}',
    ),
    (FileKind.PYTHON, 'KEY = b"{}"  # nhiguard: ignore[HMAC001] test'),
    (FileKind.YAML, "password: {}"),
    (FileKind.YAML, 'password: "{}"'),
    (FileKind.YAML, "region: eu-west-1  # prod key {}"),
    (FileKind.GITHUB_ACTIONS, "      run: mysql --password='{}' -e 'select 1'"),
    (FileKind.GITHUB_ACTIONS, '        DB_PASS: "{}"'),
    (FileKind.GITLAB_CI, '    - curl -u "deploy:{}" https://artifacts.example.com/'),
    (FileKind.DOTENV, "DB_PASSWORD={}"),
    (FileKind.DOTENV, 'DB_PASSWORD="{}"'),
    (FileKind.DOTENV, "DEBUG=false # was {}"),
    (FileKind.INI, "spring.datasource.password={}"),
    (FileKind.INI, "password: {}"),
    (FileKind.INI, "    {}"),  # the rest of `password =` on the line above
    (FileKind.YAML, "- user: {{password: {}}}"),
    (FileKind.NETRC, "  password {}"),
    (FileKind.NETRC, "{}"),  # the value of `password` at the end of the line above
    (FileKind.HTPASSWD, "bob:{}"),
    (FileKind.PGPASS, "db.internal:5432:orders:app:{}"),
    (FileKind.NPMRC, "//npm.example.com/:_authToken={}"),
    (FileKind.NPMRC, "_auth = {}"),
    (FileKind.NPMRC, '"//registry.yarnpkg.com/:_authToken" "{}"'),  # Yarn 1's `.yarnrc`
    (FileKind.TOML, 'password = "{}"'),
    (FileKind.JSON, '  "password": "{}",'),
    (FileKind.DOCKERFILE, 'ENV DB_PASSWORD="{}"'),
    (FileKind.DOCKERFILE, "ENV DB_PASSWORD={}"),
    (FileKind.TEXT, 'const password = "{}"; // {}'),
]


# Bare words of a command line, where plain words are code (`echo`, `printenv`).
COMMANDS = [
    (FileKind.YAML, "  - {}"),
    (FileKind.GITLAB_CI, "    - mysql -u root -p {} orders"),
    (FileKind.GITHUB_ACTIONS, "        run: sshpass -p {} ssh deploy@host"),
    (FileKind.DOCKERFILE, "RUN htpasswd -b /etc/nginx/htpasswd admin {}"),
]
WORDS = {"passphrase-with-spaces", "short-word", "short-with-digit", "plain-word"}


def _pieces(value: str, template: str, width: int = 4) -> set[str]:
    """Every piece of the value a reader could use, but those the line has anyway."""
    words = [w for w in value.split() if w]
    pieces = {w[i : i + width] for w in words for i in range(max(1, len(w) - width + 1))}
    return {p for p in pieces if p not in template}


@pytest.mark.parametrize(("shape", "value"), CREDENTIALS, ids=[c[0] for c in CREDENTIALS])
@pytest.mark.parametrize(
    ("kind", "template"),
    PLACES,
    ids=[f"{kind.value}:{template.strip()[:24]}" for kind, template in PLACES],
)
def test_no_piece_of_an_undetected_credential_survives_in_a_snippet(
    kind: FileKind, template: str, shape: str, value: str
) -> None:
    line = template.replace("{}", value)
    snippet = mask_line(line, [], kind)
    shown = sorted(piece for piece in _pieces(value, template) if piece in snippet)
    assert shown == [], f"{snippet!r} shows {shown}"


@pytest.mark.parametrize(
    ("shape", "value"),
    [c for c in CREDENTIALS if c[0] not in WORDS],
    ids=[c[0] for c in CREDENTIALS if c[0] not in WORDS],
)
@pytest.mark.parametrize(
    ("kind", "template"),
    COMMANDS,
    ids=[f"{kind.value}:{template.strip()[:24]}" for kind, template in COMMANDS],
)
def test_no_credential_shaped_word_survives_on_a_command_line(
    kind: FileKind, template: str, shape: str, value: str
) -> None:
    snippet = mask_line(template.replace("{}", value), [], kind)
    shown = sorted(piece for piece in _pieces(value, template) if piece in snippet)
    assert shown == [], f"{snippet!r} shows {shown}"


@pytest.mark.parametrize("value", ["hunter2", "tangerine"])
def test_known_limit_a_plain_word_given_bare_on_a_command_line_is_shown(value: str) -> None:
    # A word on a command line is code (`echo`, `printenv`); the policy cannot tell.
    line = f"        run: sshpass -p {value} ssh deploy@host"
    assert mask_line(line, [], FileKind.GITHUB_ACTIONS) == line


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        (FileKind.PYTHON, 'return jwt.decode(token, key, algorithms=["HS256", "RS256"])'),
        (FileKind.PYTHON, 'claims = jwt.decode(token, options={"verify_signature": False})'),
        (FileKind.PYTHON, 'key = os.environ["JWT_SECRET_KEY"]'),
        (
            FileKind.PYTHON,
            'JWKS_URL = "http://auth.example.com/realms/main/protocol/openid-connect/certs"',
        ),
        (FileKind.PYTHON, "ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8"),
        (FileKind.PYTHON, 'mac = hmac.new(key, body, "sha256").hexdigest()'),
        (FileKind.PYTHON, 'SETTINGS_MODULE = "project.settings.production"'),
        (FileKind.PYTHON, 's3 = boto3.client("s3", region_name=REGION)'),
        (FileKind.PYTHON, 'key = os.getenv("JWT_SECRET", "")'),
        (FileKind.PYTHON, 'REPORTING_KEY_PEM = """-----BEGIN EC PRIVATE KEY-----'),
        (FileKind.YAML, "AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}"),
        (FileKind.YAML, "JWT_SECRET: ${JWT_SECRET}"),
        (FileKind.YAML, "jwks_uri: https://login.example.com/tenant-42/discovery/v2.0/keys"),
        (FileKind.YAML, "refreshTokenTtl: 2160h"),
        (FileKind.YAML, "permissions: write-all"),
        (FileKind.YAML, "secrets: inherit"),
        (FileKind.YAML, "enabled: true"),
        (FileKind.YAML, "key_file: /etc/ssl/private/server.key"),
        (FileKind.YAML, "aws_access_key_id: AWS_ACCESS_KEY_ID"),
        (FileKind.GITHUB_ACTIONS, '        run: echo "$NPM_TOKEN" | base64'),
        (FileKind.GITHUB_ACTIONS, "      - uses: actions/checkout@v4"),
        (FileKind.GITHUB_ACTIONS, "          ref: ${{ github.event.pull_request.head.sha }}"),
        (FileKind.GITLAB_CI, "    - gcloud auth activate-service-account --key-file /tmp/key.json"),
        (FileKind.GITLAB_CI, "    - printenv"),
        (FileKind.DOTENV, "ACCESS_TOKEN_EXPIRE_MINUTES=10080"),
        (FileKind.DOTENV, "JWKS_URL=http://auth.example.com/.well-known/jwks.json"),
        (FileKind.INI, "app.jwtRefreshExpirationMs=7776000000"),
        (FileKind.JSON, '  "accessTokenLifespan": 86400'),
        (
            FileKind.JSON,
            '{"name": "ISSUER_URL", "value": "http://vault.internal.example.com/v1/identity/oidc"}',
        ),
        (FileKind.TOML, "max_age = 3600"),
        (FileKind.TOML, '"tests/*.py" = ["HMAC001"]'),
        (FileKind.YAML, "exclude: ['**/fixtures/*', '*.env.example']"),
    ],
    ids=lambda item: item.value if isinstance(item, FileKind) else item.strip()[:40],
)
def test_safe_shapes_and_the_code_around_them_stay_readable(kind: FileKind, line: str) -> None:
    assert mask_line(line, [], kind) == line


@pytest.mark.parametrize(
    ("kind", "line", "snippet"),
    [
        (
            FileKind.PYTHON,
            'return jwt.decode(token, key, algorithms=["HS256"], audience="orders-api")  # was hunter2',
            'return jwt.decode(token, key, algorithms=["HS256"], audience="********")  # ********',
        ),
        (FileKind.YAML, "password: hunter2  # rotated", "password: ********  # ********"),
        (FileKind.DOTENV, "export DB_PASSWORD=swordfish", "export DB_PASSWORD=********"),
        (
            FileKind.GITHUB_ACTIONS,
            "run: curl -H 'Authorization: Bearer tok' https://api.example.com",
            "run: curl -H '********' https://api.example.com",
        ),
        (FileKind.TOML, 'password = "correct horse battery staple"', 'password = "********"'),
        (
            FileKind.NETRC,
            "machine h login u password p4ss # old",
            "machine ******** login ******** password ******** # ********",
        ),
        (FileKind.HTPASSWD, "bob:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/", "bob:********"),
        (FileKind.PGPASS, "db.internal:5432:orders:app:swordfish", "db.internal:********"),
        (
            FileKind.NPMRC,
            "//npm.example.com/:_authToken=swordfish ; old",
            "//npm.example.com/:_authToken=******** ; ********",
        ),
        (FileKind.YAML, "      swordfish", "      ********"),
        (
            FileKind.YAML,
            "  - user: {password: swordfish, ref: HS256}",
            "  - user: {password: ********, ref: HS256}",
        ),
    ],
    ids=[
        "python-call-and-comment",
        "yaml-value-and-comment",
        "dotenv-export",
        "shell",
        "toml",
        "netrc-keywords",
        "htpasswd-user",
        "pgpass-host",
        "npmrc-key",
        "yaml-continued-word",
        "yaml-flow-mapping",
    ],
)
def test_hidden_parts_become_stars_and_the_rest_of_the_line_stays(
    kind: FileKind, line: str, snippet: str
) -> None:
    assert mask_line(line, [], kind) == snippet


def test_a_detected_secret_keeps_its_ends_and_undetected_text_shows_none() -> None:
    line = 'hmac.new(b"wh_0123456789abcdefZZ", b"message", "sha256")  # old wh_xyz'
    start = line.index("wh_")
    masked = mask_line(line, [(start, start + len("wh_0123456789abcdefZZ"))], FileKind.PYTHON)
    assert masked == 'hmac.new(b"wh********ZZ", b"********", "sha256")  # ********'


def test_a_findings_snippet_hides_an_undetected_password_on_its_line(
    rules: tuple[Rule, ...],
) -> None:
    text = (
        "import jwt\n\n\n"
        "def peek(token):\n"
        '    return jwt.decode(token, options={"verify_signature": False})'
        "  # staging password: correct horse battery staple\n"
    )
    outcome = scan_text("app/peek.py", text, Config(), rules)
    assert [(f.rule_id, f.location.line, f.snippet) for f in outcome.findings] == [
        (
            "JWT001",
            5,
            'return jwt.decode(token, options={"verify_signature": False})  # ********',
        )
    ]


def test_nested_template_braces_are_judged_once_not_retried_per_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each `{{ }}` removed used to reveal another and retry twice: 2**61 tries for 61 levels."""
    calls = 0
    judge = shapes.is_safe_value

    def counted(value: str) -> bool:
        nonlocal calls
        calls += 1
        return judge(value)

    monkeypatch.setattr(shapes, "is_safe_value", counted)
    nested = "{" * 61 + "{{a}}" + "}" * 61
    assert not shapes.is_safe_value(nested)
    assert calls <= 3
