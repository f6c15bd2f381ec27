"""NGINX Plus `auth_jwt`: switched off below a protected block, keys over http, claims and leeway."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

from scanner import catalog
from scanner.configuration import Config
from scanner.engine import scan_text

CASES = {
    "auth-jwt-off-in-a-protected-location": """\
http {
    server {
        listen 443 ssl;
        auth_jwt "orders";
        auth_jwt_key_file /etc/nginx/keys/orders.jwk;
        location /api/ { proxy_pass http://orders:8080; }
        location /admin/ {
            # expect: GW001
            auth_jwt off;
            proxy_pass http://orders:8080;
        }
    }
}
""",
    "auth-jwt-off-in-a-server-under-a-protected-http": """\
http {
    auth_jwt "shop";
    auth_jwt_key_file /etc/nginx/keys/shop.jwk;
    server {
        server_name legacy.example.com;
        # expect: GW001
        auth_jwt off;
    }
}
""",
    "keys-fetched-over-http": """\
server {
    # expect: JWT004
    auth_jwt "api" token=$http_authorization;
    auth_jwt_key_request /_jwks_uri;
    location = /_jwks_uri {
        internal;
        # expect: JWT010
        proxy_pass http://idp.example.com/oauth2/v1/keys;
    }
}
""",
    "large-leeway": """\
server {
    auth_jwt "api";
    auth_jwt_key_file conf/api.jwk;
    # expect: JWT008
    auth_jwt_leeway 30m;
}
""",
    "server-adding-identity-provider-keys-to-an-inherited-auth-jwt": """\
http {
    # expect: JWT004
    auth_jwt "shop";
    server {
        server_name api.example.com;
        auth_jwt_key_request /_jwks;
        location = /_jwks { internal; proxy_pass https://idp.example.com/keys; }
    }
}
""",
    # --- tricky negatives ---
    "health-and-internal-locations-are-public-on-purpose": """\
server {
    auth_jwt "api";
    auth_jwt_key_file conf/api.jwk;
    location /healthz { auth_jwt off; return 200; }
    location /_auth { internal; auth_jwt off; }
}
""",
    "auth-jwt-off-where-nothing-is-protected": """\
server {
    location / { auth_jwt off; root /srv/www; }
}
""",
    "keys-over-https-and-audience-required": """\
map $jwt_claim_aud $valid_aud {
    "orders-api" 1;
    default 0;
}
server {
    auth_jwt "api";
    auth_jwt_key_request /_jwks;
    auth_jwt_require $valid_aud error=403;
    auth_jwt_leeway 60s;
    location = /_jwks { internal; proxy_pass https://idp.example.com/keys; }
}
""",
    "a-location-that-turns-auth-back-on": """\
server {
    auth_jwt off;
    location /api/ {
        auth_jwt "api";
        auth_jwt_key_file conf/api.jwk;
    }
}
""",
}


@pytest.mark.parametrize(("name", "text"), CASES.items(), ids=CASES.keys())
def test_nginx(name: str, text: str) -> None:
    assert found("deploy/nginx/nginx.conf", text) == expected(text)


def test_an_nginx_conf_without_auth_jwt_is_not_parsed_here() -> None:
    assert found("deploy/nginx/nginx.conf", "server {\n") == set()


def test_a_broken_nginx_conf_with_auth_jwt_is_a_parse_error_notification() -> None:
    outcome = scan_text(
        "deploy/nginx/nginx.conf", 'server {\n    auth_jwt "api";\n', Config(), catalog.load()
    )
    assert [(n.kind.value, n.line) for n in outcome.notifications] == [("parse-error", 2)]
