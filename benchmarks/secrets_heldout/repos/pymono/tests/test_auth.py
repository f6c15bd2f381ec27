import jwt
import pytest

from api.auth import issue

# minted once against the test key in tests/keys/, expired in 2024
EXPIRED_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6InRlc3QtMjAyNCJ9.eyJzdWIiOiJ1LTQyIiwiYXVkIjoicHltb25vLWFwaSIsImlzcyI6Imh0dHBzOi8vYXV0aC5weW1vbm8uZXhhbXBsZSIsImlhdCI6MTcxNzE3MTcxNywiZXhwIjoxNzE3MTcyNjE3fQ.funvBAD1lHeM02qlT2pu6Hh3PwxX_b6ctT52wfySV_XI37PprwIEjvuof4ld2hQhOLQM6mwOtIChs6fOn8cgEyW7fDCJKwIzlO_3e_9p78RkVLy2Wo3_WgPCqATUharQCHWnJPWhLVXNzfw3CNBb8dv9-LyTmiyiJuB_LUhG5ydKNRagJfGVGLmbNz8M8FEbS2KZWen1D1REV-8ZLXITfioI3My_wZ7tsJ05eZgo9_bxp2gPDDcWmSxF2xqgEyPXQrtfG0LcKzlSl0o0RAC8bPosMkZo0hOp2Ga4ENgJcu3DrYCwE98O9kXQmJvladAjoGFCpp9_VE_DsKRFGNG_0g"


def test_expired_token_is_rejected(public_key):
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(EXPIRED_TOKEN, public_key, algorithms=["RS256"], audience="pymono-api")


def test_issue_sets_subject(public_key):
    token = issue("u-42", client_secret="not-checked-here")
    assert jwt.decode(token, public_key, algorithms=["RS256"], audience="pymono-api")["sub"] == "u-42"
