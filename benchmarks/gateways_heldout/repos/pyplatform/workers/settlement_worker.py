"""Nightly settlement: posts signed batches to the ledger with the worker's own token."""

import hashlib
import hmac
import json

import requests

from platform_common.service_token import service_token
from platform_common.settings import settings


def post_batch(entries: list[dict]) -> None:
    body = json.dumps({"entries": entries}, sort_keys=True).encode()
    signature = hmac.new(settings.internal_hmac_key.encode(), body, hashlib.sha256).hexdigest()
    requests.post(
        f"{settings.ledger_url}/batches",
        data=body,
        headers={
            "Authorization": f"Bearer {service_token('ledger')}",
            "X-Batch-Signature": signature,
            "Content-Type": "application/json",
        },
        timeout=30,
    ).raise_for_status()
