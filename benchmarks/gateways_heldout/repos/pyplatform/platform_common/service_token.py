"""Client-credentials tokens for calls a service or worker makes on its own behalf."""

import time

import requests

from platform_common.settings import settings

_cache: dict[str, tuple[str, float]] = {}


def service_token(audience: str) -> str:
    cached = _cache.get(audience)
    if cached and cached[1] > time.time() + 30:
        return cached[0]
    response = requests.post(
        settings.token_url,
        data={"grant_type": "client_credentials", "audience": audience},
        auth=(settings.client_id, settings.client_secret),
        timeout=5,
    )
    response.raise_for_status()
    body = response.json()
    _cache[audience] = (body["access_token"], time.time() + body["expires_in"])
    return body["access_token"]
