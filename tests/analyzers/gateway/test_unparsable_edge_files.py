"""A policy, NGINX or Terraform file that does not parse is a parse-error notification, never a crash."""

from __future__ import annotations

import pytest
from gateway_scan import RULES

from scanner.configuration import Config
from scanner.engine import scan_text

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY a "validate-jwt">'
    + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "]>\n<policies>&i;</policies>\n"
)
CASES = {
    "xml-entity-expansion": ("apim/policies/orders.xml", BILLION_LAUGHS, 0),
    "xml-external-dtd": (
        "apim/policies/orders.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE p SYSTEM "http://example.com/p.dtd">\n'
        "<policies><validate-jwt/></policies>\n",
        0,
    ),
    "xml-unclosed": ("apiproxy/policies/verify.xml", "<VerifyJWT>\n  <Audience>x\n", 3),
    "xml-nested-too-deeply": (
        "apim/policies/orders.xml",
        "<policies>" + "<a>" * 300 + "<validate-jwt/>" + "</a>" * 300 + "</policies>",
        1,
    ),
    "nginx-unbalanced": ("nginx/nginx.conf", 'server {\n    auth_jwt "api";\n', 2),
    "nginx-nested-too-deeply": ("nginx/nginx.conf", "a {" * 2000 + "auth_jwt x;" + "}" * 2000, 0),
    "terraform-unclosed": (
        "infra/api.tf",
        'resource "aws_apigatewayv2_route" "r" {\n  route_key = "GET /x"\n',
        3,
    ),
    "terraform-unclosed-read-by-config-and-gateway": (
        "infra/api.tf",
        'resource "aws_apigatewayv2_route" "r" {\n  password = "x"\n',
        3,
    ),
}


@pytest.mark.parametrize(("path", "text", "line"), CASES.values(), ids=CASES.keys())
def test_an_unparsable_edge_file_is_a_parse_error_notification(
    path: str, text: str, line: int
) -> None:
    outcome = scan_text(path, text, Config(), RULES, reraise=False)
    assert [(n.kind.value, n.line) for n in outcome.notifications] == [("parse-error", line)]
    assert outcome.findings == ()
