"""Signing of outgoing webhooks and checking of incoming ones."""

import hashlib
import hmac
import os

OUTGOING_KEY = b"xYNUKsd_OOaRRZKw73Uu-ZyhG6EwEuw_LUjvX5eC7B8"


def sign(body: bytes) -> str:
    return hmac.new(OUTGOING_KEY, body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str) -> bool:
    key = os.environ["PARTNER_WEBHOOK_SECRET"].encode()
    expected = hmac.new(key, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
