"""What each library call means, as one table: qualified name -> role and argument slots.

Families look a resolved call up here instead of spelling library names in
`if` chains, so teaching nhiguard a new alias or library is a table edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    DECODE = "decode"
    ENCODE = "encode"
    MAC = "mac"


@dataclass(frozen=True, slots=True)
class Slot:
    """Where an argument is passed: its position (None when keyword-only) and keyword."""

    position: int | None
    keyword: str


@dataclass(frozen=True, slots=True)
class Api:
    lib: str
    role: Role
    key: Slot | None = None
    algorithms: Slot | None = None
    algorithm: Slot | None = None
    options: Slot | None = None
    verify: Slot | None = None


_PYJWT_DECODE = Api(
    lib="pyjwt",
    role=Role.DECODE,
    key=Slot(1, "key"),
    algorithms=Slot(2, "algorithms"),
    options=Slot(3, "options"),
    verify=Slot(None, "verify"),
)
_PYJWT_ENCODE = Api(
    lib="pyjwt", role=Role.ENCODE, key=Slot(1, "key"), algorithm=Slot(2, "algorithm")
)
_HMAC = Api(lib="hmac", role=Role.MAC, key=Slot(0, "key"))

_PYJWT_OWNERS = (
    "jwt",
    "jwt.api_jwt",
    "jwt.api_jws",
    "jwt.PyJWT()",
    "jwt.api_jwt.PyJWT()",
    "jwt.PyJWS()",
    "jwt.api_jws.PyJWS()",
)

APIS: Mapping[str, Api] = {
    **{
        f"{owner}.{name}": _PYJWT_DECODE
        for owner in _PYJWT_OWNERS
        for name in ("decode", "decode_complete")
    },
    **{f"{owner}.encode": _PYJWT_ENCODE for owner in _PYJWT_OWNERS},
    "hmac.new": _HMAC,
    "hmac.HMAC": _HMAC,
    "hmac.digest": _HMAC,
}

# Modules whose import makes a file worth parsing; the byte prefilter looks for these words.
PREFILTER_WORDS = (b"jwt", b"hmac", b"jose")
