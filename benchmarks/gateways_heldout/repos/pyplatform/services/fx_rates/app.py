"""fx-rates: exchange rates for the platform, called by services with their own tokens."""

import os

import jwt
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ISSUER = os.environ["OIDC_ISSUER"]
_jwks = jwt.PyJWKClient(os.environ["JWKS_URL"])


def _claims() -> dict:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    try:
        return jwt.decode(
            token,
            _jwks.get_signing_key_from_jwt(token).key,
            algorithms=["RS256", "ES256"],
            audience="fx-rates",
            issuer=ISSUER,
            options={"require": ["exp", "iss", "aud"]},
        )
    except jwt.PyJWTError:
        abort(401)


@app.get("/rates/<currency>")
def rate(currency: str):
    _claims()
    return jsonify({"currency": currency, "rate": 1.0})
