"""Backend-for-frontend: the web app's single API, fanning out to platform services."""

import logging

import httpx
import requests
from fastapi import Depends, FastAPI, Request

from platform_common.http import get_json
from platform_common.settings import settings
from services.bff.auth import current_claims, oauth2_scheme

app = FastAPI()
log = logging.getLogger("bff")


def _auth_headers(tok: str) -> dict:
    return {"Authorization": f"Bearer {tok}", "X-Client": "bff"}


async def _exchange(token: str, audience: str) -> str:
    """RFC 8693: trade the user's token for one minted for the downstream service."""
    async with httpx.AsyncClient() as client:
        response = await client.post(
            settings.token_url,
            data={
                "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token": token,
                "subject_token_type": "urn:ietf:params:oauth:token-type:access_token",
                "audience": audience,
            },
            auth=(settings.client_id, settings.client_secret),
        )
    response.raise_for_status()
    return response.json()["access_token"]


@app.get("/api/profile")
async def profile(token: str = Depends(oauth2_scheme), claims: dict = Depends(current_claims)):
    async with httpx.AsyncClient() as client:
        response = await client.get(
            f"{settings.profile_url}/users/{claims['sub']}",
            headers={"Authorization": f"Bearer {token}"},
        )
    return response.json()


@app.get("/api/orders")
async def orders(token: str = Depends(oauth2_scheme), claims: dict = Depends(current_claims)):
    downstream = await _exchange(token, "orders")
    async with httpx.AsyncClient() as client:
        response = await client.get(
            f"{settings.orders_url}/orders",
            headers={"Authorization": f"Bearer {downstream}"},
        )
    return response.json()


@app.get("/api/invoices")
def invoices(token: str = Depends(oauth2_scheme), claims: dict = Depends(current_claims)):
    response = requests.get(f"{settings.invoices_url}/invoices", headers=_auth_headers(token), timeout=5)
    return response.json()


@app.get("/api/recommendations")
def recommendations(request: Request, claims: dict = Depends(current_claims)):
    headers = dict(request.headers)
    headers.pop("host", None)
    response = requests.post(
        "https://reco.vendor-ml.example/v2/recommend",
        json={"user": claims["sub"]},
        headers=headers,
        timeout=3,
    )
    return response.json()


@app.get("/api/whoami")
def whoami(token: str = Depends(oauth2_scheme)):
    response = requests.get(settings.userinfo_url, headers={"Authorization": f"Bearer {token}"}, timeout=5)
    return response.json()


@app.get("/api/balance")
def balance(request: Request, claims: dict = Depends(current_claims)):
    log.info("balance for %s, auth=%s", claims["sub"], request.headers.get("authorization"))
    return get_json(f"{settings.ledger_url}/balance", request.headers["authorization"], user=claims["sub"])


@app.get("/api/health")
def health():
    trace = {"x-request-id": "bff-health"}
    return requests.get(f"{settings.profile_url}/healthz", headers=trace, timeout=2).json()
