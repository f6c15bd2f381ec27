"""Credential files read as their tools read them: exact (rule, line, masked evidence) for each.

`.netrc`, `.pgpass`, `.htpasswd`, `.pypirc`, Docker's `config.json`, kubeconfigs,
Terraform state, npm's `.npmrc` and Yarn's `.yarnrc` / `.yarnrc.yml` each keep
credentials in their own syntax; the readers hand them to SEC001's judges,
which apply the one value policy.
"""

from __future__ import annotations

import base64
import secrets

import pytest

from scanner import catalog
from scanner.analyzers.base import Source
from scanner.analyzers.config.readers.htpasswd_reader import htpasswd_settings
from scanner.analyzers.config.readers.netrc_reader import netrc_settings
from scanner.analyzers.config.readers.npmrc_reader import read as read_npmrc
from scanner.analyzers.config.readers.pgpass_reader import pgpass_settings
from scanner.analyzers.config.readers.yarnrc_reader import yarnrc_settings
from scanner.analyzers.lines import split_lines
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import FileKind
from tests import every_output
from tests.setting_places import places

Reported = set[tuple[str, int, str | None]]


def _reported(path: str, text: str) -> Reported:
    outcome = scan_text(path, text, Config(), catalog.load())
    assert not outcome.notifications, outcome.notifications
    return {
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else None)
        for f in outcome.findings
    }


# --- readers: values and where their characters are -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("machine h.example login u password p4ss\n", [(("h.example", "password"), "p4ss", (1, 36, 1, 40))]),
        ("machine h\n  login u\n  password p4ss\n", [(("h", "password"), "p4ss", (3, 12, 3, 16))]),
        ('default login u password "a \\"b"\n', [(("default", "password"), 'a "b', (1, 27, 1, 32))]),
        ("# machine h password p4ss\nmachine h login u # password p4ss\n", []),
        ("macdef init\npassword p4ss\n\nmachine h password q\n", [(("h", "password"), "q", (4, 20, 4, 21))]),
    ],
    ids=["one-line", "across-lines", "quoted-default", "comments", "macro-body"],
)  # fmt: skip
def test_netrc(text, expected) -> None:
    assert places(netrc_settings(split_lines(text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("db:5432:app:u:p4ss\n", [(("db:5432:app:u", "password"), "p4ss", (1, 15, 1, 19))]),
        ("db\\:x:*:app:u:a\\:b:c\n", [(("db\\:x:*:app:u", "password"), "a:b:c", (1, 15, 1, 21))]),
        ("# db:5432:app:u:p4ss\ndb:5432:app\n", []),
    ],
    ids=["entry", "escaped-colons", "comment-and-short-line"],
)  # fmt: skip
def test_pgpass(text, expected) -> None:
    assert places(pgpass_settings(split_lines(text))) == expected


def test_npmrc_keys_end_at_the_equals_sign_since_a_registry_scope_holds_colons() -> None:
    text = "; user config\n//npm.example.com:8443/repo/:_authToken = abc123\n# _auth=x\n"
    (settings,) = read_npmrc(Source.of(".npmrc", FileKind.NPMRC, text))
    assert places(settings) == [
        (("//npm.example.com:8443/repo/:_authToken",), "abc123", (2, 43, 2, 49))
    ]


def test_an_indented_npmrc_line_is_a_key_since_npm_trims_every_line() -> None:
    text = "registry=https://npm.corp.example.com/\n  //npm.corp.example.com/:_authToken=Zq4mN7bV1cX8sD5f\n"
    (settings,) = read_npmrc(Source.of(".npmrc", FileKind.NPMRC, text))
    assert places(settings) == [
        (("registry",), "https://npm.corp.example.com/", (1, 10, 1, 39)),
        (("//npm.corp.example.com/:_authToken",), "Zq4mN7bV1cX8sD5f", (2, 38, 2, 54)),
    ]


def test_npmrc_auth_and_password_are_read_as_the_password_their_base64_holds() -> None:
    text = "_auth=ZGVwbG95OkhuNnJUMndROW1YazRwTHo=\n//r.example.com/:_password=SG42clQyd1E5bVhrNHBMeg==\n"
    (settings,) = read_npmrc(Source.of(".npmrc", FileKind.NPMRC, text))
    assert places(settings) == [
        (("_auth",), "Hn6rT2wQ9mXk4pLz", (1, 7, 1, 39)),
        (("//r.example.com/:_password",), "Hn6rT2wQ9mXk4pLz", (2, 28, 2, 52)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"//registry.npmjs.org/:_authToken" "a\\"b"\n', [(("//registry.npmjs.org/:_authToken",), 'a"b', (1, 37, 1, 41))]),
        ("_authToken abc123  # rotated\n", [(("_authToken",), "abc123", (1, 12, 1, 18))]),
        ('"//npm.example.com/:_authToken": "abc123"\n', [(("//npm.example.com/:_authToken",), "abc123", (1, 35, 1, 41))]),
        ("_authToken: abc123\n", [(("_authToken",), "abc123", (1, 13, 1, 19))]),
        ("# _authToken abc123\nyarn-offline-mirror\n", []),
    ],
    ids=["quoted-scope", "bare-with-comment", "quoted-key-and-colon", "bare-key-and-colon", "comment-and-lone-word"],
)  # fmt: skip
def test_yarnrc(text, expected) -> None:
    assert places(yarnrc_settings(split_lines(text))) == expected


def test_htpasswd_gives_each_users_hash_as_it_is_written() -> None:
    text = "# admins\nalice:$apr1$x$y\n\nbob:{SHA}z=\n"
    assert places(htpasswd_settings(split_lines(text))) == [
        (("alice",), "$apr1$x$y", (2, 7, 2, 16)),
        (("bob",), "{SHA}z=", (4, 5, 4, 12)),
    ]


# --- findings ----------------------------------------------------------------


def test_a_netrc_password_is_reported_at_its_token() -> None:
    text = "machine api.example.com\n  login deploy\n  password Xk9mQ2vLp7wRt4zB\n"
    assert _reported(".netrc", text) == {("SEC001", 3, "Xk********zB")}


def test_a_netrc_password_that_refers_to_the_environment_is_not_reported() -> None:
    assert (
        _reported("_netrc", "machine ci.example.com login bot password ${CI_PASSWORD}\n") == set()
    )


def test_a_pgpass_password_is_reported_without_its_escapes() -> None:
    text = "db.internal:5432:orders:app:Zr8\\:pQ4mKx9vLt2w\n"
    assert _reported(".pgpass", text) == {("SEC001", 1, "Zr********2w")}


def test_a_pgpass_template_line_without_a_password_is_not_reported() -> None:
    assert _reported(".pgpass", "*:*:*:*:*\nlocalhost:5432:*:postgres:\n") == set()


@pytest.mark.parametrize(
    ("entry", "masked"),
    [
        ("alice:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/", "$a********A/"),
        ("bob:$2y$05$c4WoMPo3SXsafkva.HHa6uXQZWr7oboPiC2bT/r7q1BB8I2s0BRqC", "$2********qC"),
        ("carol:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "{S********g="),
    ],
    ids=["apr1-md5", "bcrypt", "sha1"],
)
def test_an_htpasswd_hash_is_reported_as_the_password_it_stands_for(entry, masked) -> None:
    assert _reported("deploy/.htpasswd", f"{entry}\n") == {("SEC001", 1, masked)}


def test_an_htpasswd_plain_password_is_judged_as_any_password() -> None:
    text = "alice:Kd8sLq2mZx7vNp4t\nbob:changeme\n"
    assert _reported(".htpasswd", text) == {("SEC001", 1, "Kd********4t")}


def test_a_pypirc_password_is_reported_under_its_index() -> None:
    text = "[pypi]\nusername = ci-uploader\npassword = Kd8sLq2mZx7vNp4tRw9y\n"
    assert _reported(".pypirc", text) == {("SEC001", 3, "Kd********9y")}


def test_a_docker_auth_is_decoded_and_its_password_reported_on_the_base64_line() -> None:
    text = '{\n  "auths": {\n    "registry.example.com": {\n      "auth": "ZGVwbG95OkhuNnJUMndROW1YazRwTHo="\n    }\n  }\n}\n'
    assert _reported(".docker/config.json", text) == {("SEC001", 4, "Hn********Lz")}


SHORT_PASSWORD_CONTAINERS = [
    pytest.param(".npmrc", "//npm.corp.example.com/:_password=S3A5dlJ0MiNMbTRx\n",
                 "//npm.corp.example.com/:_password=********", id="npm-password-base64"),
    pytest.param(".npmrc", "_auth=YWxpY2U6S3A5dlJ0MiNMbTRx\n", "_auth=********", id="npm-auth-base64"),
    pytest.param(".yarnrc.yml", 'npmAuthIdent: "alice:Vx7#Qm2pLk"\n', 'npmAuthIdent: "********"',
                 id="yarn-auth-ident"),
    pytest.param(".docker/config.json", '{"auths": {"r.example.com": {"auth": "YWxpY2U6S3A5dlJ0MiNMbTRx"}}}\n',
                 '{"auths": {"r.example.com": {"auth": "********"}}}', id="docker-auth"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text", "snippet"), SHORT_PASSWORD_CONTAINERS)
def test_a_short_password_shows_no_character_of_the_text_that_holds_it(path, text, snippet) -> None:
    """Two characters at each end of its base64 or of `user:password` would be the password's own."""
    outcome = scan_text(path, text, Config(), catalog.load())
    assert [(f.rule_id, f.location.line, f.evidence and f.evidence.masked, f.snippet) for f in outcome.findings] == [
        ("SEC001", 1, "********", snippet)
    ]  # fmt: skip


def test_a_docker_auth_whose_password_is_latin_1_is_decoded_as_http_basic_reads_it() -> None:
    text = '{"auths": {"registry.example.com": {"auth": "ZGVwbG95Olr8cmljaC05a1EyTG00cFg="}}}\n'
    assert _reported(".docker/config.json", text) == {("SEC001", 1, "Z\u00fc********pX")}


def test_a_legacy_dockercfg_auth_is_read_at_the_top_level() -> None:
    text = '{"https://index.docker.io/v1/": {"auth": "ZGVwbG95OkhuNnJUMndROW1YazRwTHo="}}\n'
    assert _reported(".dockercfg", text) == {("SEC001", 1, "Hn********Lz")}


def test_a_docker_auth_of_a_user_alone_is_no_password() -> None:
    text = '{"auths": {"registry.example.com": {"auth": "Y2ktcm9ib3Q="}}}\n'
    assert _reported(".docker/config.json", text) == set()


def test_a_docker_identity_token_is_reported_whatever_its_key_says() -> None:
    text = '{"auths": {"quay.io": {\n  "identitytoken": "9f2Kq7LmX4vT8pRz3wN6yB1cD5hJ0sGa"\n}}}\n'
    assert _reported(".docker/config.json", text) == {("SEC001", 2, "9f********Ga")}


def test_docker_credential_helpers_and_an_empty_auth_are_not_reported() -> None:
    text = (
        '{"auths": {"ghcr.io": {"auth": ""}}, "credsStore": "desktop",\n'
        ' "credHelpers": {"123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login"}}\n'
    )
    assert _reported(".docker/config.json", text) == set()


REGISTRY_CREDENTIALS = [
    pytest.param(".npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=8fd46995-c7e2-4458-a9c5-c53a9a937395\n",
                 {("SEC001", 2, "8f********95")}, id="scoped-token"),
    pytest.param("frontend/.npmrc", "//registry.npmjs.org/:_authToken=npm_OT3UQwDp41VfbzFUUnizXLsnzs3yLd1VyB5T\n",
                 {("SEC002", 1, "np********5T")}, id="npm-token-left-to-its-format"),
    pytest.param(".npmrc", "always-auth=true\n_auth=Y2ktcHVibGlzaGVyOlZiN25LMnFYbTlMclQ0d1o=\nemail=ci@example.com\n",
                 {("SEC001", 2, "Vb********wZ")}, id="auth-decoded-to-its-password"),
    pytest.param("etc/npmrc", "//npm.example.com/:username=deploy\n//npm.example.com/:_password=SG42clQyd1E5bVhrNHBMeg==\n",
                 {("SEC001", 2, "Hn********Lz")}, id="scoped-password-decoded"),
    pytest.param(".npmrc", "@acme:registry=https://deploy:Tz4vN8qLm2Xr7pKw@npm.acme.example/\n",
                 {("SEC001", 1, "Tz********Kw")}, id="registry-url-password"),
    pytest.param(".yarnrc", 'registry "https://registry.yarnpkg.com"\n"//registry.yarnpkg.com/:_authToken" "Qm7vX2pLk9RtW4zN"\n',
                 {("SEC001", 2, "Qm********zN")}, id="yarn1-quoted-scope"),
    pytest.param(".npmrc", "//bob:Hj3kL8pQ2wE6rT9y@npm2.corp.example.com/:_authToken=Zq4mN7bV1cX8sD5fG2hJ6kL9pW3eR0tY\n",
                 {("SEC001", 1, "Hj********9y"), ("SEC001", 1, "Zq********tY")}, id="password-in-the-keys-user-info"),
    pytest.param(".yarnrc", '"//erin:Gh2jK5lP8oI1uY4t@npm5.example.com/:_authToken" "Qw3eR6tY9uI2oP5aS8dF1gH4jK7lZ0xC"\n',
                 {("SEC001", 1, "Gh********4t"), ("SEC001", 1, "Qw********xC")}, id="yarn1-password-in-the-keys-user-info"),
    pytest.param(".npmrc", "//ci:${NPM_PASSWORD}@npm.corp.example.com/:always-auth=true\n", set(),
                 id="user-info-password-npm-expands"),
    pytest.param(".npmrc", "registry=https://npm.corp.example.com/\n    //npm.corp.example.com/:_authToken=Zq4mN7bV1cX8sD5fG2hJ\n",
                 {("SEC001", 2, "Zq********hJ")}, id="indented-key"),
    pytest.param(".yarnrc", '"//npm.corp.example.com/:_authToken": "Qm7vX2pLk9RtW4zN"\n',
                 {("SEC001", 1, "Qm********zN")}, id="yarn1-quoted-scope-and-colon"),
    pytest.param(".npmrc", "_auth=Y2ktcm9ib3Q=\n", set(), id="auth-of-a-user-alone"),
    pytest.param(".npmrc", "registry=https://registry.npmjs.org/\n@acme:registry=https://npm.pkg.github.com/\n"
                 "//npm.pkg.github.com/:always-auth=true\nstrict-ssl=true\n"
                 "//npm.pkg.github.com/:username=acme-bot\nemail=bot@acme.example\n",
                 set(), id="registries-scopes-user-and-email"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text", "expected"), REGISTRY_CREDENTIALS)
def test_a_registry_credential_is_reported_once_at_its_value(path, text, expected) -> None:
    assert _reported(path, text) == expected


@pytest.mark.parametrize(
    "value", ["${NPM_TOKEN}", "${NPM_TOKEN:-}", "<your-npm-token>", "changeme", "NPM_TOKEN"]
)
def test_an_npmrc_token_npm_expands_or_a_placeholder_is_not_reported(value) -> None:
    assert _reported(".npmrc", f"//npm.pkg.github.com/:_authToken={value}\n") == set()


YARNRC_YML = """\
npmAuthToken: Xk9mQ2vLp7wRt4zBaa81
npmScopes:
  acme:
    npmAlwaysAuth: true
    npmAuthToken: "${ACME_NPM_TOKEN}"
    npmRegistryServer: https://npm.pkg.github.com
npmRegistries:
  "//npm.internal.example":
    npmAuthIdent: ci-publisher:Vb7nK2qXm9LrT4wZ
"""


def test_yarnrc_yml_tokens_are_reported_at_the_top_and_under_registries() -> None:
    assert _reported(".yarnrc.yml", YARNRC_YML) == {
        ("SEC001", 1, "Xk********81"),
        ("SEC001", 9, "Vb********wZ"),
    }


def test_a_yarnrc_yml_auth_ident_in_base64_is_decoded() -> None:
    text = "npmScopes:\n  acme:\n    npmAuthIdent: Y2ktcHVibGlzaGVyOlZiN25LMnFYbTlMclQ0d1o=\n"
    assert _reported(".yarnrc.yml", text) == {("SEC001", 3, "Vb********wZ")}


@pytest.mark.parametrize("ident", ["ci-robot", "Y2ktcm9ib3Q=", "${NPM_AUTH_IDENT}", "ci:changeme"])
def test_a_yarnrc_yml_auth_ident_without_a_literal_password_is_not_reported(ident) -> None:
    assert _reported(".yarnrc.yml", f"npmAuthIdent: {ident}\n") == set()


KUBECONFIG = """\
apiVersion: v1
kind: Config
users:
  - name: admin
    user:
      client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVBN3h6UTlrTHAyCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==
"""


def test_a_kubeconfig_client_key_is_reported_as_the_private_key_it_decodes_to() -> None:
    assert _reported(".kube/config", KUBECONFIG) == {("SEC001", 6, "--********--")}


@pytest.mark.parametrize(
    "path", ["etc/kubernetes/admin.conf", "ops/staging.kubeconfig", "deploy/cluster.yaml"]
)
def test_a_kubeconfig_is_read_under_the_names_kubernetes_tools_give_it(path) -> None:
    assert _reported(path, KUBECONFIG) == {("SEC001", 6, "--********--")}


def test_a_client_key_data_outside_a_kubeconfig_is_judged_by_its_name_alone() -> None:
    text = KUBECONFIG.replace("kind: Config\n", "")
    assert _reported("deploy/cluster.yaml", text) == set()


def test_kubeconfig_exec_and_auth_provider_users_are_not_reported() -> None:
    text = (
        "apiVersion: v1\nkind: Config\nusers:\n"
        "  - name: eks\n    user:\n      exec:\n        command: aws\n"
        "        args: [eks, get-token, --cluster-name, prod]\n"
        "  - name: gke\n    user:\n      auth-provider:\n        name: gcp\n"
    )
    assert _reported(".kube/config", text) == set()


def _state(outputs: str = "{}", instance: str = "{}") -> str:
    return (
        '{\n"version": 4,\n"outputs": ' + outputs + ',\n"resources": [{"type": "aws_db_instance",\n'
        '"instances": [' + instance + "]}]\n}\n"
    )


def test_a_sensitive_terraform_output_is_reported_whatever_it_is_called() -> None:
    text = _state(outputs='{"endpoint": {\n"value": "hV7pQ2mX9kLr4tZw", "sensitive": true}}')
    assert _reported("infra/terraform.tfstate", text) == {("SEC001", 4, "hV********Zw")}


def test_a_terraform_output_that_is_not_sensitive_is_judged_by_its_name() -> None:
    text = _state(outputs='{"endpoint": {\n"value": "hV7pQ2mX9kLr4tZw"}}')
    assert _reported("infra/terraform.tfstate", text) == set()


def test_a_sensitive_output_terraform_left_null_is_no_value() -> None:
    text = _state(outputs='{"db_password": {\n"value": null, "sensitive": true}}')
    assert _reported("infra/terraform.tfstate", text) == set()


def test_a_terraform_attribute_named_like_a_credential_is_reported() -> None:
    text = _state(
        instance='{"attributes": {"username": "orders",\n"password": "Tz4vN8qLm2Xr7pKw"}}'
    )
    assert _reported("infra/terraform.tfstate.backup", text) == {("SEC001", 6, "Tz********Kw")}


def test_an_attribute_listed_in_sensitive_attributes_is_reported_whatever_it_is_called() -> None:
    text = _state(
        instance='{"attributes": {\n"connection": "Gk3vR8mQ2xLp7tZw"},\n'
        '"sensitive_attributes": [[{"type": "get_attr", "value": "connection"}]]}'
    )
    assert _reported("state/prod.tfstate", text) == {("SEC001", 6, "Gk********Zw")}


# --- invariant 1: no raw password in any output --------------------------------
#
# A snippet or context line may show a neighbour of the reported password: a
# password on an indented line, on a line of its own, or one no rule reports
# (a word-like human password). Each kind's file holds one reported password
# (`found`) and such a neighbour (`near`) within the context of its finding.

WORDS = ("blue", "monkey", "sunshine", "autumn", "river", "tiger", "castle", "purple", "dragon")
CREDENTIAL_FILES = {
    ".netrc": (
        "machine a.example.com\n  login svc\n  password {near}\n"
        "machine b.example.com login svc password {found}\n"
        "machine c.example.com login svc password\n{near}\n"
    ),
    ".htpasswd": "bob:{near}\nalice:{found}\ncarol:{near}\n",
    ".pgpass": "db.internal:5432:orders:app:{near}\ndb.internal:5432:*:ops:{found}\n*:*:*:ci:{near}\n",
    ".pypirc": "[testpypi]\npassword =\n    {near}\n[pypi]\npassword = {found}\n",
    ".docker/config.json": (
        '{{"auths": {{\n  "a.example.com": {{"auth": "{auth}"}},\n'
        '  "b.example.com": {{"password": "{near}"}}\n}}}}\n'
    ),
    ".kube/config": (
        "apiVersion: v1\nkind: Config\nusers:\n- name: b\n  user:\n    password:\n      {near}\n"
        "- user:\n    password: {found}\n  name: a\n- user: {{password: {near}}}\n"
    ),
    ".npmrc": (
        "//a.example.com/:_password={near64}\n//b.example.com/:_authToken={found}\n"
        "//c.example.com/:_authToken =\n{near}\n"
    ),
    ".yarnrc": '"//a.example.com/:_authToken" "{near}"\n_authToken {found}\n{near}\n',
    ".yarnrc.yml": (
        "npmScopes:\n  a:\n    npmAuthIdent: ci:{near}\n  b:\n    npmAuthToken: {found}\n"
        "npmRegistries:\n  //c.example.com: {{npmAuthIdent: {near64}}}\n"
    ),
    "etc/npmrc": (
        "//a.example.com/:username=ci\n//a.example.com/:_password={found64}\n"
        "//c.example.com/:_authToken =\n{near}\n"
    ),
    "app/.yarnrc.yml": 'npmScopes:\n  a:\n    npmAuthIdent: "ci-publisher:{found}"\n  b:\n    npmAuthIdent: {near64}\n',
    "infra/terraform.tfstate": (
        '{{"version": 4, "outputs": {{\n"db": {{"value": "{found}", "sensitive": true}},\n'
        '"other": {{"value": "{near}", "sensitive": false}}}},\n"resources": []}}\n'
    ),
}


@pytest.mark.parametrize("path", sorted(CREDENTIAL_FILES))
def test_no_password_of_a_credential_file_is_in_any_output(tmp_path, path) -> None:
    found = every_output.short_secret() + "Q7"
    near = "".join(secrets.choice(WORDS) for _ in range(3))  # `bluemonkeysunshine`
    auth = base64.b64encode(f"deploy:{found}".encode()).decode()
    found64 = base64.b64encode(found.encode()).decode()
    near64 = base64.b64encode(near.encode()).decode()
    kinds = {"found": found, "near": near, "auth": auth, "found64": found64, "near64": near64}
    every_output.write(tmp_path, {path: CREDENTIAL_FILES[path].format(**kinds)})
    outputs = every_output.scan(tmp_path)
    reported = {(line, snippet) for _, line, *_, snippet in outputs.findings("SEC001")}
    assert len(reported) == 1, reported
    for secret in (found, near, auth, found64, near64):
        assert outputs.leaking(secret) == []
    # The password is short: no character of the text that holds it shows either
    # (base64's `=` padding is no character of it: the snippet policy shows it).
    for container in (auth, found64, f"ci-publisher:{found}"):
        assert outputs.leaking(f"{container[:2]}********") == []
        assert outputs.leaking(f"********{container.rstrip('=')[-2:]}") == []


@pytest.mark.parametrize("omitted", ["DATA+OMITTED", "REDACTED"])
def test_a_client_key_kubectl_config_view_omitted_is_no_key(omitted) -> None:
    # `kubectl config view` prints DATA+OMITTED in place of the *-data fields, REDACTED of tokens.
    text = (
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
        f"    certificate-authority-data: {omitted}\n    server: https://127.0.0.1:6443\n"
        "  name: kind-kind\nusers:\n- name: kind-kind\n  user:\n"
        f"    client-certificate-data: {omitted}\n    client-key-data: {omitted}\n"
        "- name: sa\n  user:\n    token: REDACTED\n"
    )
    assert _reported(".kube/config", text) == set()


def test_a_client_key_data_that_decodes_to_no_private_key_is_no_key() -> None:
    certificate = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENCK3dJSkFLSGhCZz0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="
    text = KUBECONFIG.replace(KUBECONFIG.splitlines()[-1].split(": ")[1], certificate)
    assert _reported(".kube/config", text) == set()


@pytest.mark.parametrize(
    "value",
    [
        "mydb.c9akciq32kfj.us-east-1.rds.amazonaws.com:5432",
        "i-0abc123def4567890",
        "sg-0123456789abcdef0",
        "arn:aws:rds:us-east-1:123456789012:db:mydb",
        "10.0.12.7",
        "https://10.0.0.1",
        "us-east-1",
        "europe-west4-b",
        "admin1",
    ],
)
def test_a_sensitive_terraform_output_naming_a_resource_is_no_secret(value) -> None:
    text = _state(outputs='{"endpoint": {\n"value": "' + value + '", "sensitive": true}}')
    assert _reported("infra/terraform.tfstate", text) == set()


def test_a_sensitive_terraform_output_holding_a_connection_url_reports_its_password() -> None:
    url = "postgres://app:Tz4vN8qLm2Xr7pKw@mydb.c9akciq32kfj.us-east-1.rds.amazonaws.com:5432/app"
    text = _state(outputs='{"database_url": {\n"value": "' + url + '", "sensitive": true}}')
    assert _reported("infra/terraform.tfstate", text) == {("SEC001", 4, "Tz********Kw")}


URL_KEYS = {
    ".npmrc": "//bob:{password}@npm2.corp.example.com/:_authToken={found}\n",
    ".yarnrc": '"//erin:{password}@npm5.example.com/:_authToken" "{found}"\n',
    "registries.yaml": 'registries:\n  "https://hank:{password}@npm8.example.com/":\n    token: {found}\n',
}


@pytest.mark.parametrize("path", sorted(URL_KEYS))
def test_a_password_in_a_keys_url_is_in_no_output(tmp_path, path) -> None:
    """A message names the key a credential is under, and a snippet shows a line's key."""
    password = every_output.short_secret()
    found = every_output.short_secret() + "Q7"
    every_output.write(tmp_path, {path: URL_KEYS[path].format(password=password, found=found)})
    outputs = every_output.scan(tmp_path)
    assert outputs.findings("SEC001"), outputs.report
    assert outputs.leaking(password) == []
    assert outputs.leaking(found) == []
