"""Token issuing of the public API."""

import logging
from datetime import datetime, timedelta, timezone

import jwt

from api.config import settings
from api.keys import private_key

logger = logging.getLogger(__name__)


def issue(user_id: str, client_secret: str) -> str:
    now = datetime.now(timezone.utc)
    claims = {"sub": user_id, "iat": now, "exp": now + timedelta(minutes=15)}
    access_token = jwt.encode(claims, private_key(), algorithm=settings.jwt_algorithm)
    logger.info("issued token %s for %s", access_token, user_id)
    logger.info("issued token for %s (%d chars)", user_id, len(access_token))
    logger.debug("client authenticated with secret %s", client_secret)
    return access_token


def reject(username: str) -> None:
    logger.warning("login failed for %s: bad password", username)
