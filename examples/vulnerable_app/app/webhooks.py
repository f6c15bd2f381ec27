"""Webhook signatures for the payment provider (deliberately vulnerable example)."""

import hashlib
import hmac


def sign(body: bytes) -> str:
    return hmac.new(b"whsec_7Hq2Lx9Pz4Rv1Nc8", body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(body), signature)
