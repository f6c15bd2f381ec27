"""Validation of the browser session's access token at the BFF."""

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

from platform_common.settings import settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/login")
_jwks = jwt.PyJWKClient(settings.jwks_url)


def current_claims(token: str = Depends(oauth2_scheme)) -> dict:
    try:
        signing_key = _jwks.get_signing_key_from_jwt(token)
        return jwt.decode(
            token,
            signing_key.key,
            algorithms=["RS256"],
            audience="pyplat-bff",
            issuer=settings.jwt_issuer,
            leeway=30,
        )
    except jwt.PyJWTError as exc:
        raise HTTPException(status_code=401, detail="invalid token") from exc
