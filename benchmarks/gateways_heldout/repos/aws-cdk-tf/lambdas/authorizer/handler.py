"""Lambda authorizer for the payments REST API's partner routes (REQUEST type)."""

import os

import jwt

ISSUER = os.environ["COGNITO_ISSUER"]
AUDIENCE = os.environ["PARTNER_AUDIENCE"]
_jwks = jwt.PyJWKClient(f"{ISSUER}/.well-known/jwks.json", cache_keys=True)


def handler(event, context):
    token = event["headers"].get("authorization", "").removeprefix("Bearer ")
    key = _jwks.get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience=AUDIENCE,
        issuer=ISSUER,
        leeway=30,
    )
    return {"isAuthorized": True, "context": {"sub": claims["sub"]}}
