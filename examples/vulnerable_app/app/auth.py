"""Token handling for the orders API (deliberately vulnerable example)."""

import os

import jwt as pyjwt

SIGNING_KEY = "orders-signing-key-2f9c7e1a4b8d"


def issue(user_id: str) -> str:
    return pyjwt.encode({"sub": user_id}, SIGNING_KEY, algorithm="HS256")


def current_user(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


def service_token(claims: dict) -> str:
    return pyjwt.encode(claims, None, algorithm="none")


def partner_claims(token: str) -> dict:
    return pyjwt.decode(token, os.environ["PARTNER_KEY"], algorithms=["RS256", "none"])


def verified_claims(token: str) -> dict:
    return pyjwt.decode(token, os.environ["JWT_PUBLIC_KEY"], algorithms=["RS256"], audience="orders")
