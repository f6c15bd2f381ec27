"""Token check of the v1 API, kept for the old Android app (sunset 2027-Q1).

Old app builds keep tokens in storage and refresh them late, so the expiry
check is relaxed here.
"""

import jwt

from .auth import AUDIENCE, ISSUER, _jwks


def verify_v1_token(token):
    signing_key = _jwks.get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        signing_key.key,
        algorithms=["RS256"],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"verify_exp": False},
    )
