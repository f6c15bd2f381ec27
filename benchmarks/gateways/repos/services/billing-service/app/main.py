import os

import aiohttp
import httpx
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials

from .oauth import exchange_for, is_active, userinfo
from .security import bearer, current_claims

app = FastAPI(title="billing-service")

LEDGER_URL = os.environ.get("LEDGER_URL", "http://ledger.shop.svc.cluster.local:8080")
FX_URL = "https://api.fxrates-provider.example.com/v1"
TAX_URL = "https://tax.vatcheck.example.org/api/quote"


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.post("/invoices")
async def create_invoice(
    body: dict,
    creds: HTTPAuthorizationCredentials = Depends(bearer),
    claims: dict = Depends(current_claims),
):
    ledger_token = await exchange_for(creds.credentials, audience="ledger-api")
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.post(
            f"{LEDGER_URL}/entries",
            json={"customer": claims["sub"], "amount": body["amount"]},
            headers={"Authorization": f"Bearer {ledger_token}"},
        )
    return resp.json()


@app.post("/refunds")
async def refund(body: dict, creds: HTTPAuthorizationCredentials = Depends(bearer)):
    if not await is_active(creds.credentials):
        raise HTTPException(status_code=401)
    profile = await userinfo(creds.credentials)
    return {"refund_for": profile["email"], "amount": body["amount"]}


@app.get("/quotes/fx")
async def fx_quote(currency: str, creds: HTTPAuthorizationCredentials = Depends(bearer)):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(
            f"{FX_URL}/latest",
            params={"base": "EUR", "symbols": currency},
            headers={"Authorization": f"Bearer {creds.credentials}"},
        )
    return resp.json()


@app.post("/quotes/tax")
async def tax_quote(request: Request, claims: dict = Depends(current_claims)):
    payload = await request.json()
    async with aiohttp.ClientSession() as session:
        async with session.post(
            TAX_URL,
            json={"country": payload["country"], "net": payload["net"]},
            headers={"Authorization": request.headers["authorization"]},
        ) as resp:
            return await resp.json()
