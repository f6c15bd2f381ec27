"""Outgoing calls of the orders service."""

import os

import requests
import urllib3
from flask import request

INVENTORY_URL = os.environ.get("INVENTORY_URL", "http://inventory.shop.svc.cluster.local:8080")
CATALOG_URL = os.environ.get("CATALOG_URL", "http://catalog.shop.svc.cluster.local:8080")
LEDGER_URL = os.environ.get("LEDGER_URL", "http://ledger.shop.svc.cluster.local:8080")
TOKEN_URL = "https://auth.acme-corp.io/realms/prod/protocol/openid-connect/token"

_pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=2.0, read=5.0))


def caller_token():
    """The raw token the caller sent us."""
    return request.headers["Authorization"].removeprefix("Bearer ")


def service_token():
    """Our own client-credentials token for the ledger."""
    resp = requests.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "scope": "ledger.write"},
        auth=(os.environ["ORDERS_CLIENT_ID"], os.environ["ORDERS_CLIENT_SECRET"]),
        timeout=5,
    )
    resp.raise_for_status()
    return resp.json()["access_token"]


def record_in_ledger(order):
    token = service_token()
    return requests.post(
        f"{LEDGER_URL}/entries",
        json={"order_id": order["id"], "amount": order["total"]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )


def reserve_stock(sku, qty):
    return _pool.request(
        "POST",
        f"{INVENTORY_URL}/reservations",
        json={"sku": sku, "qty": qty},
        headers={"Authorization": request.headers["Authorization"]},
    )


def trace_headers():
    return {k: v for k, v in request.headers.items() if k.lower() in ("traceparent", "x-request-id")}
