"""Outgoing HTTP helpers: one place for timeouts, retries and tracing headers."""

import httpx

TIMEOUT = httpx.Timeout(5.0, connect=2.0)


def get_json(url: str, bearer: str, **params):
    """GET a JSON document from another platform service as the given bearer."""
    response = httpx.get(url, params=params, headers={"Authorization": bearer}, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()
