"""Token exchange (RFC 8693) and introspection (RFC 7662) against the prod realm."""

import os

import httpx

REALM = "https://auth.acme-corp.io/realms/prod/protocol/openid-connect"
TOKEN_URL = f"{REALM}/token"
INTROSPECT_URL = f"{REALM}/token/introspect"
USERINFO_URL = f"{REALM}/userinfo"

CLIENT_ID = os.environ.get("BILLING_CLIENT_ID", "billing-service")
CLIENT_SECRET = os.environ["BILLING_CLIENT_SECRET"]


async def exchange_for(subject_token: str, audience: str) -> str:
    """A token for `audience`, on behalf of the caller, instead of the caller's own."""
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.post(
            TOKEN_URL,
            data={
                "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token": subject_token,
                "subject_token_type": "urn:ietf:params:oauth:token-type:access_token",
                "requested_token_type": "urn:ietf:params:oauth:token-type:access_token",
                "audience": audience,
            },
            auth=(CLIENT_ID, CLIENT_SECRET),
        )
    resp.raise_for_status()
    return resp.json()["access_token"]


async def is_active(token: str) -> bool:
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.post(INTROSPECT_URL, data={"token": token}, auth=(CLIENT_ID, CLIENT_SECRET))
    return resp.status_code == 200 and resp.json().get("active", False)


async def userinfo(token: str) -> dict:
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(USERINFO_URL, headers={"Authorization": f"Bearer {token}"})
    resp.raise_for_status()
    return resp.json()
