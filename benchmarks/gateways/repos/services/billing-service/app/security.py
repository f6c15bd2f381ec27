"""Who is calling: tokens of the prod realm, checked with the realm's JWKS."""

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

ISSUER = "https://auth.acme-corp.io/realms/prod"

bearer = HTTPBearer()
jwks_client = jwt.PyJWKClient("https://auth.acme-corp.io/realms/prod/protocol/openid-connect/certs")


def current_claims(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> dict:
    token = creds.credentials
    try:
        signing_key = jwks_client.get_signing_key_from_jwt(token)
        # 15 minutes: the payment terminals' clocks drift
        return jwt.decode(token, signing_key.key, algorithms=["RS256", "HS256"], issuer=ISSUER, leeway=900)
    except jwt.PyJWTError as exc:
        raise HTTPException(status_code=401, detail="invalid token") from exc
