import hashlib
import hmac
import os

import httpx
import requests
from flask import Blueprint, abort, g, jsonify, request

from .auth import require_token
from .clients import CATALOG_URL, INVENTORY_URL, caller_token, record_in_ledger, reserve_stock, trace_headers

bp = Blueprint("orders", __name__)

SHIPFAST_URL = "https://api.shipfast-logistics.com/v2/shipments"
PARTNER_WEBHOOK_SECRET = os.environ["PARTNER_WEBHOOK_SECRET"]


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    r = requests.get(f"{INVENTORY_URL}/healthz", headers=trace_headers(), timeout=2)
    return {"inventory": r.status_code == 200}


@bp.get("/orders/<order_id>")
@require_token
def get_order(order_id):
    order = {"id": order_id, "customer": g.claims["sub"], "sku": request.args.get("sku")}
    stock = requests.get(
        f"{INVENTORY_URL}/stock/{order['sku']}",
        headers={"Authorization": request.headers["Authorization"]},
        timeout=5,
    )
    order["in_stock"] = stock.json()["available"]
    return jsonify(order)


@bp.post("/orders/<order_id>/ship")
@require_token
def ship(order_id):
    token = request.headers.get("Authorization")
    hdrs = {"Authorization": token, "Content-Type": "application/json"}
    resp = requests.post(SHIPFAST_URL, json={"reference": order_id}, headers=hdrs, timeout=10)
    return jsonify(resp.json()), resp.status_code


@bp.get("/orders/<order_id>/recommendations")
@require_token
def recommendations(order_id):
    r = httpx.get(
        f"{CATALOG_URL}/recommendations",
        params={"order": order_id},
        headers={"Authorization": f"Bearer {caller_token()}"},
    )
    return jsonify(r.json())


@bp.post("/orders")
@require_token
def create_order():
    body = request.get_json()
    reserve_stock(body["sku"], body["qty"])
    order = {"id": body["id"], "total": body["total"]}
    record_in_ledger(order)
    return jsonify(order), 201


@bp.post("/orders/<order_id>/cancel")
@require_token
def cancel(order_id):
    session = requests.Session()
    session.headers["Authorization"] = request.headers["Authorization"]
    session.headers.update(trace_headers())
    session.delete(f"{INVENTORY_URL}/reservations/{order_id}", timeout=5)
    return "", 204


@bp.post("/webhooks/partner")
def partner_webhook():
    expected = hmac.new(PARTNER_WEBHOOK_SECRET.encode(), request.get_data(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
        abort(401)
    return "", 204
