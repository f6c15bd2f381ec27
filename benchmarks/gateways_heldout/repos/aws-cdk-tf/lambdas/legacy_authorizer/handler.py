"""Authorizer kept for the v1 partner API until partners move to Cognito app clients."""

import os

import jwt

ISSUER = os.environ["COGNITO_ISSUER"]
_jwks = jwt.PyJWKClient(f"{ISSUER}/.well-known/jwks.json")
LEGACY_SHARED_KEY = os.environ.get("LEGACY_SHARED_KEY", "")


def handler(event, context):
    token = event["authorizationToken"].split(" ")[-1]
    header = jwt.get_unverified_header(token)
    key = LEGACY_SHARED_KEY if header.get("kid") == "legacy" else _jwks.get_signing_key_from_jwt(token).key
    claims = jwt.decode(
        token,
        key,
        algorithms=["RS256", "HS256"],
        issuer=ISSUER,
        leeway=3600,
        options={"verify_aud": False},
    )
    effect = "Allow" if claims.get("scope", "").startswith("partner") else "Deny"
    return {
        "principalId": claims["sub"],
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}],
        },
    }
