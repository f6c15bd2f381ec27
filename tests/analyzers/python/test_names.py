"""Import aliases resolve to the library API, and look-alike local names do not."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text

DECODE_OFF = 'options={"verify_signature": False}'


@pytest.mark.parametrize(
    "source",
    [
        f"import jwt\njwt.decode(t, {DECODE_OFF})\n",
        f"import jwt as pyjwt\npyjwt.decode(t, {DECODE_OFF})\n",
        f"from jwt import decode\ndecode(t, {DECODE_OFF})\n",
        f"from jwt import decode as jwt_decode\njwt_decode(t, {DECODE_OFF})\n",
        f"import jwt.api_jwt\njwt.api_jwt.decode(t, {DECODE_OFF})\n",
        f"from jwt import PyJWT\njwt = PyJWT()\njwt.decode(t, {DECODE_OFF})\n",
        f"import jwt\ncodec = jwt.PyJWT()\ncodec.decode_complete(t, {DECODE_OFF})\n",
        f"import jwt\njwt.PyJWT().decode(t, {DECODE_OFF})\n",
        f"def f(t):\n    import jwt\n    return jwt.decode(t, {DECODE_OFF})\n",
        f"try:\n    import jwt\nexcept ImportError:\n    jwt = None\njwt.decode(t, {DECODE_OFF})\n",
    ],
    ids=[
        "import",
        "import-as",
        "from-import",
        "from-import-as",
        "submodule",
        "instance-shadowing-module-name",
        "instance",
        "inline-instance",
        "function-level-import",
        "conditional-import",
    ],
)
def test_pyjwt_is_recognised_however_it_is_imported(rules, source):
    findings = scan_text("auth.py", source, Config(), rules).findings
    assert [(f.rule_id, f.location.line) for f in findings] == [("JWT001", source.count("\n"))]


@pytest.mark.parametrize(
    "source",
    [
        f"from myapp import tokens as jwt\njwt.decode(t, {DECODE_OFF})\n",
        f"jwt = make_codec()\njwt.decode(t, {DECODE_OFF})\n",
        f"def f(jwt, t):\n    return jwt.decodes(t, {DECODE_OFF})\n",
        f"import json\njson.decode(t, {DECODE_OFF})\n",
        f"from jose import jwt\njwt.decode_unknown(t, {DECODE_OFF})\n",
        f"import jwt\ndef text(jwt: bytes):\n    return jwt.decode(t, {DECODE_OFF})\n",
        f"import jwt\ndef text(raw):\n    jwt = raw.strip()\n    return jwt.decode(t, {DECODE_OFF})\n",
        f"import jwt\njwt = load_codec()\njwt.decode(t, {DECODE_OFF})\n",
    ],
    ids=[
        "other-module-as-jwt",
        "local-object-named-jwt",
        "other-method",
        "other-library",
        "unknown-api",
        "parameter-shadows-import",
        "local-variable-shadows-import",
        "module-rebinding-shadows-import",
    ],
)
def test_names_that_are_not_pyjwt_are_ignored(rules, source):
    assert scan_text("auth.py", source, Config(), rules).findings == ()
