"""XML, NGINX and Terraform read as trees that keep lines; bad input is `Unparsable`, never a crash."""

from __future__ import annotations

import pytest

from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.trees import nginx_tree, terraform_tree, xml_tree
from scanner.model import FileKind

APIM_POLICY = """\
<?xml version="1.0" encoding="ISO-8859-1"?>
<policies xmlns:x="urn:example">
  <inbound>
    <validate-jwt header-name="Authorization"
        require-expiration-time="false">
      <issuer-signing-keys>
        <key>
          c2VjcmV0LWtleS1mb3ItaHMyNTY=
        </key>
      </issuer-signing-keys>
      <x:audiences><x:audience>api://orders</x:audience></x:audiences>
    </validate-jwt>
  </inbound>
</policies>
"""


def _xml(text: str) -> xml_tree.Element:
    return xml_tree.parse(Source.of("apim/policy.xml", FileKind.XML, text))


def test_xml_elements_keep_their_start_line_and_attributes() -> None:
    validate = next(_xml(APIM_POLICY).descendants("validate-jwt"))
    assert (validate.line, dict(validate.attributes)) == (
        4,
        {"header-name": "Authorization", "require-expiration-time": "false"},
    )


def test_xml_text_is_stripped_and_placed_on_the_line_it_starts() -> None:
    key = next(_xml(APIM_POLICY).descendants("key"))
    assert (key.text, key.line, key.text_line) == ("c2VjcmV0LWtleS1mb3ItaHMyNTY=", 7, 8)


def test_xml_names_lose_their_namespace_prefix_and_namespace_declarations_are_no_attributes() -> (
    None
):
    root = _xml(APIM_POLICY)
    assert dict(root.attributes) == {}
    assert [a.text for a in root.descendants("audience")] == ["api://orders"]


def test_xml_entities_are_refused_not_expanded() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><p>&b;</p>'
    with pytest.raises(Unparsable, match="DTD, entity"):
        _xml(bomb)


def test_xml_external_dtd_is_refused_not_fetched() -> None:
    with pytest.raises(Unparsable, match="DTD, entity"):
        _xml('<?xml version="1.0"?><!DOCTYPE p SYSTEM "http://example.com/p.dtd"><p/>')


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("<policies>\n  <inbound>\n</policies>\n", 3),
        ("<policies>\n", 2),
        ("not xml at all", 1),
        ("", 1),
        ("<a>\ud800</a>", 1),
        ("<a>\x00</a>", 1),
        ("<a></a><b/>", 1),
    ],
    ids=["mismatched-tag", "unclosed", "prose", "empty", "lone-surrogate", "nul", "two-roots"],
)
def test_malformed_xml_is_unparsable_at_its_line(text: str, line: int) -> None:
    with pytest.raises(Unparsable) as raised:
        _xml(text)
    assert raised.value.line == line


def test_xml_nested_past_the_limit_is_unparsable() -> None:
    with pytest.raises(Unparsable, match="nested too deeply"):
        _xml("<a>" * (xml_tree.MAX_DEPTH + 1) + "</a>" * (xml_tree.MAX_DEPTH + 1))


NGINX = """\
http {
    include /etc/nginx/conf.d/*.conf;
    server {
        auth_jwt "api" token=$cookie_auth;
        auth_jwt_key_request /_jwks;
        location /healthz { auth_jwt off; }
        location = /_jwks {
            internal;
            proxy_pass http://idp.example.com/keys;
        }
    }
}
"""


def _nginx(text: str) -> tuple[nginx_tree.Directive, ...]:
    return nginx_tree.parse(Source.of("nginx/nginx.conf", FileKind.NGINX, text))


def test_nginx_directives_keep_their_lines_and_blocks() -> None:
    found = [(len(around), d.name, d.args, d.line) for around, d in nginx_tree.walk(_nginx(NGINX))]
    assert found == [
        (0, "http", (), 1),
        (1, "include", ("/etc/nginx/conf.d/*.conf",), 2),
        (1, "server", (), 3),
        (2, "auth_jwt", ("api", "token=$cookie_auth"), 4),
        (2, "auth_jwt_key_request", ("/_jwks",), 5),
        (2, "location", ("/healthz",), 6),
        (3, "auth_jwt", ("off",), 6),
        (2, "location", ("=", "/_jwks"), 7),
        (3, "internal", (), 8),
        (3, "proxy_pass", ("http://idp.example.com/keys",), 9),
    ]


def test_nginx_include_is_kept_as_a_directive_and_never_read(tmp_path, monkeypatch) -> None:
    (tmp_path / "secret.conf").write_text("auth_jwt off;\n")
    monkeypatch.chdir(tmp_path)
    (http,) = _nginx("http { include secret.conf; include *.conf; }\n")
    assert [(d.name, d.args, d.block) for d in http.block or ()] == [
        ("include", ("secret.conf",), None),
        ("include", ("*.conf",), None),
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("http {\n  server {\n", 2),
        ("}\n", 1),
        ('auth_jwt "unterminated;\n', 0),
        ("auth_jwt api \\", 0),
        ("a {" * 3000 + "}" * 3000, 0),
    ],
    ids=["unclosed-block", "stray-brace", "open-quote", "trailing-escape", "deep"],
)  # fmt: skip
def test_malformed_nginx_is_unparsable_at_its_line(text: str, line: int) -> None:
    with pytest.raises(Unparsable) as raised:
        _nginx(text)
    assert raised.value.line == line


def test_an_empty_nginx_file_has_no_directives() -> None:
    assert _nginx("# only a comment\n") == ()


TERRAFORM = """\
# the orders API
resource "aws_apigatewayv2_route" "health" {
  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = "GET /health"
  authorization_type = "NONE"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  authorizer_type = "JWT"
  jwt_configuration {
    issuer   = "https://idp.example.com/"
    audience = [var.audience]
  }
}
"""


def _terraform(text: str) -> tuple[terraform_tree.Block, ...]:
    return terraform_tree.parse(Source.of("infra/api.tf", FileKind.HCL, text))


def test_terraform_blocks_keep_their_line_labels_and_literals() -> None:
    route, authorizer = _terraform(TERRAFORM)
    assert (route.kind, route.labels, route.line) == (
        "resource",
        ("aws_apigatewayv2_route", "health"),
        2,
    )
    assert route.literal("authorization_type") == "NONE"
    assert route.literals[("authorization_type",)].location.line == 5
    assert authorizer.literal("jwt_configuration", "issuer") == "https://idp.example.com/"


def test_a_computed_terraform_attribute_is_written_but_no_literal() -> None:
    route, authorizer = _terraform(TERRAFORM)
    assert route.writes("api_id") and route.literal("api_id") is None
    assert authorizer.writes("jwt_configuration", "audience")
    assert authorizer.literal("jwt_configuration", "audience", "[0]") is None
    assert not route.writes("authorizer_id")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('resource "aws_lb" "web" {\n', 2),
        ("}\n", 1),
        ('resource "a" "b" {\n  x = <<EOF\n', 2),
        ('x = "${\n', 1),
    ],
    ids=["unclosed", "stray-brace", "open-heredoc", "open-interpolation"],
)
def test_malformed_terraform_is_unparsable_at_its_line(text: str, line: int) -> None:
    with pytest.raises(Unparsable) as raised:
        _terraform(text)
    assert raised.value.line == line
