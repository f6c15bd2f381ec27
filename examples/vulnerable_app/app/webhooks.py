"""Webhook signatures for the payment provider (deliberately vulnerable example)."""

import hashlib
import hmac
import os


def sign(body: bytes) -> str:
    return hmac.new(b"whsec_7Hq2Lx9Pz4Rv1Nc8", body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(body), signature)


def sign_partner_callback(body: bytes) -> str:
    # The key comes from the environment, but deploy/.env.production commits its value.
    key = os.environ["PARTNER_CALLBACK_KEY"].encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()
