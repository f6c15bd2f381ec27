"""Lambda authorizer for the legacy REST API (v1), which has no JWT authorizer type.

It checks tokens of the same Cognito pool the HTTP API checks natively.
"""

import os

import jwt

ISSUER = os.environ["COGNITO_ISSUER"]
_jwks = jwt.PyJWKClient(os.environ["JWKS_URL"], cache_keys=True)


def _policy(principal, effect, resource):
    return {
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
        },
    }


def handler(event, context):
    token = event.get("authorizationToken", "").removeprefix("Bearer ")
    try:
        key = _jwks.get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=["RS256"],
            issuer=ISSUER,
            options={"verify_aud": False, "require": ["exp", "iss"]},
        )
    except jwt.PyJWTError:
        return _policy("anonymous", "Deny", event["methodArn"])
    return _policy(claims["sub"], "Allow", event["methodArn"])
