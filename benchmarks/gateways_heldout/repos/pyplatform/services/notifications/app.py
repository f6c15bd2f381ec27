"""notifications: sends e-mails and push messages for other services."""

import hashlib
import hmac
import os

import jwt
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ISSUER = os.environ["OIDC_ISSUER"]
_jwks = jwt.PyJWKClient(os.environ["JWKS_URL"])
PUSH_WEBHOOK_SECRET = os.environ["PUSH_WEBHOOK_SECRET"].encode()


def _caller() -> dict:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    try:
        return jwt.decode(
            token,
            _jwks.get_signing_key_from_jwt(token).key,
            algorithms=["RS256"],
            issuer=ISSUER,
            options={"verify_aud": False, "verify_exp": False},
        )
    except jwt.PyJWTError:
        abort(401)


@app.post("/send")
def send():
    caller = _caller()
    return jsonify({"queued": True, "by": caller["sub"]})


@app.post("/push/receipts")
def push_receipt():
    expected = hmac.new(PUSH_WEBHOOK_SECRET, request.get_data(), hashlib.sha256).hexdigest()
    if request.headers.get("X-Push-Signature") == expected:
        return jsonify({"ok": True})
    abort(403)


@app.post("/push/delivery")
def push_delivery():
    expected = hmac.new(PUSH_WEBHOOK_SECRET, request.get_data(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.headers.get("X-Push-Signature", ""), expected):
        abort(403)
    return jsonify({"ok": True})
