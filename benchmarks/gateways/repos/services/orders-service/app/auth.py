"""Bearer-token check for the orders API: tokens of the prod realm meant for us."""

from functools import wraps

import jwt
from flask import abort, g, request

ISSUER = "https://auth.acme-corp.io/realms/prod"
AUDIENCE = "orders-api"

_jwks = jwt.PyJWKClient("https://auth.acme-corp.io/realms/prod/protocol/openid-connect/certs")


def verify_token(token):
    signing_key = _jwks.get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        signing_key.key,
        algorithms=["RS256"],
        audience=AUDIENCE,
        issuer=ISSUER,
        leeway=30,
        options={"require": ["exp", "iat", "sub"]},
    )


def require_token(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            abort(401)
        try:
            g.claims = verify_token(header.removeprefix("Bearer "))
        except jwt.PyJWTError:
            abort(401)
        return view(*args, **kwargs)

    return wrapper
