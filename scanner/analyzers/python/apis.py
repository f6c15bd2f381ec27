"""What each library call means, as one table: qualified name -> role and argument slots.

Families look a resolved call up here instead of spelling library names in
`if` chains, so teaching nhiguard a new alias or library is a table edit.
Positions count from the first argument after `self` (instance methods are
listed with their owner written `Class()`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum


class Role(str, Enum):
    DECODE = "decode"  # verifies a token and returns its claims
    ENCODE = "encode"  # mints a token
    MAC = "mac"  # computes an HMAC with a key
    SERIALIZER = "serializer"  # builds an itsdangerous signer from a key
    LOADS = "loads"  # itsdangerous: verifies and returns a payload
    LOADS_UNSAFE = "loads-unsafe"  # itsdangerous: returns a payload without checking it
    JWT_OBJECT = "jwt-object"  # jwcrypto.jwt.JWT(...): decodes when given jwt= and key=
    ALGORITHM_SET = (
        "algorithm-set"  # authlib JsonWebToken([...]): the algorithms an instance accepts
    )
    FLASK_TOKEN = "flask-token"  # Flask-JWT-Extended create_*_token
    CLAIMS_REGISTRY = "claims-registry"  # joserfc JWTClaimsRegistry(...): claim rules, leeway
    UNVERIFIED_CLAIMS = "unverified-claims"  # returns claims without checking the signature


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
    audience: Slot | None = None
    issuer: Slot | None = None
    leeway: Slot | None = None
    payload: Slot | None = None
    claims_options: Slot | None = None
    check_claims: Slot | None = None
    token: Slot | None = None  # the token read (jwcrypto: given only when decoding)
    max_age: Slot | None = None
    expires_delta: Slot | None = None
    refresh: bool = False
    algorithms_required: bool = False  # the library refuses to verify without an allow-list
    # authlib: the allow-list is the owner instance's, given to its constructor at this slot
    instance_algorithms: Slot | None = None
    any_algorithm: bool = False  # a ready-made instance that accepts every registered algorithm
    peek_then_verify: bool = (
        False  # read unverified, trusted when the function also verifies the token
    )


def _kw(name: str) -> Slot:
    return Slot(None, name)


PYJWT_DECODE = Api(
    lib="PyJWT",
    role=Role.DECODE,
    token=Slot(0, "jwt"),
    key=Slot(1, "key"),
    algorithms=Slot(2, "algorithms"),
    options=Slot(3, "options"),
    verify=_kw("verify"),
    audience=_kw("audience"),
    issuer=_kw("issuer"),
    leeway=_kw("leeway"),
)
PYJWT_ENCODE = Api(
    lib="PyJWT",
    role=Role.ENCODE,
    payload=Slot(0, "payload"),
    key=Slot(1, "key"),
    algorithm=Slot(2, "algorithm"),
)
JOSE_DECODE = Api(
    lib="python-jose",
    role=Role.DECODE,
    token=Slot(0, "token"),
    key=Slot(1, "key"),
    algorithms=Slot(2, "algorithms"),
    options=Slot(3, "options"),
    audience=Slot(4, "audience"),
    issuer=Slot(5, "issuer"),
    algorithms_required=True,
)
JOSE_ENCODE = Api(
    lib="python-jose",
    role=Role.ENCODE,
    payload=Slot(0, "claims"),
    key=Slot(1, "key"),
    algorithm=Slot(2, "algorithm"),
)
JOSE_JWS_VERIFY = Api(
    lib="python-jose",
    role=Role.DECODE,
    token=Slot(0, "token"),
    key=Slot(1, "key"),
    algorithms=Slot(2, "algorithms"),
    verify=Slot(3, "verify"),
    algorithms_required=True,
)
AUTHLIB_DECODE = Api(
    lib="authlib",
    role=Role.DECODE,
    token=Slot(0, "s"),
    key=Slot(1, "key"),
    claims_options=Slot(3, "claims_options"),
)
# `authlib.jose.jwt` is JsonWebToken(every registered algorithm): HS* and RS* alike.
AUTHLIB_DEFAULT_DECODE = replace(AUTHLIB_DECODE, any_algorithm=True)
AUTHLIB_INSTANCE_DECODE = replace(AUTHLIB_DECODE, instance_algorithms=Slot(0, "algorithms"))
AUTHLIB_ENCODE = Api(
    lib="authlib", role=Role.ENCODE, payload=Slot(1, "payload"), key=Slot(2, "key")
)
JOSERFC_DECODE = Api(
    lib="joserfc",
    role=Role.DECODE,
    token=Slot(0, "value"),
    key=Slot(1, "key"),
    algorithms=Slot(2, "algorithms"),
)
JOSERFC_ENCODE = Api(lib="joserfc", role=Role.ENCODE, payload=Slot(1, "claims"), key=Slot(2, "key"))
JWCRYPTO_JWT = Api(
    lib="jwcrypto",
    role=Role.JWT_OBJECT,
    payload=Slot(1, "claims"),
    token=Slot(2, "jwt"),
    key=Slot(3, "key"),
    algorithms=Slot(4, "algs"),
    check_claims=Slot(6, "check_claims"),
)
HMAC = Api(lib="hmac", role=Role.MAC, key=Slot(0, "key"))
ITSDANGEROUS_SERIALIZER = Api(lib="itsdangerous", role=Role.SERIALIZER, key=Slot(0, "secret_key"))
ITSDANGEROUS_LOADS = Api(lib="itsdangerous", role=Role.LOADS, max_age=Slot(1, "max_age"))
ITSDANGEROUS_LOADS_UNSAFE = Api(lib="itsdangerous", role=Role.LOADS_UNSAFE)
AUTHLIB_ALGORITHMS = Api(lib="authlib", role=Role.ALGORITHM_SET, algorithms=Slot(0, "algorithms"))
JOSERFC_REGISTRY = Api(lib="joserfc", role=Role.CLAIMS_REGISTRY, leeway=_kw("leeway"))
UNVERIFIED = Api(lib="python-jose", role=Role.UNVERIFIED_CLAIMS, token=Slot(0, "token"))
# python_jwt: process_jwt() splits the token unverified; verify_jwt() checks it, and with
# allowed_algs missing or None it allows an empty list, so it refuses every token.
PYTHON_JWT_PROCESS = Api(
    lib="python_jwt", role=Role.UNVERIFIED_CLAIMS, token=Slot(0, "jwt"), peek_then_verify=True
)
PYTHON_JWT_VERIFY = Api(
    lib="python_jwt",
    role=Role.DECODE,
    token=Slot(0, "jwt"),
    key=Slot(1, "pub_key"),
    algorithms=Slot(2, "allowed_algs"),
)
FLASK_ACCESS = Api(
    lib="Flask-JWT-Extended",
    role=Role.FLASK_TOKEN,
    payload=_kw("additional_claims"),
    expires_delta=_kw("expires_delta"),
)
FLASK_REFRESH = Api(
    lib="Flask-JWT-Extended",
    role=Role.FLASK_TOKEN,
    payload=_kw("additional_claims"),
    expires_delta=_kw("expires_delta"),
    refresh=True,
)

_PYJWT_OWNERS = ("jwt", "jwt.api_jwt", "jwt.PyJWT()", "jwt.api_jwt.PyJWT()")
_PYJWS_OWNERS = ("jwt.api_jws", "jwt.PyJWS()", "jwt.api_jws.PyJWS()")
_ITSDANGEROUS = (
    "Serializer",
    "URLSafeSerializer",
    "TimedSerializer",
    "URLSafeTimedSerializer",
    "Signer",
    "TimestampSigner",
)
_TIMED = ("TimedSerializer", "URLSafeTimedSerializer", "TimestampSigner")


def _each(owners: Iterable[str], names: Iterable[str], api: Api) -> dict[str, Api]:
    return {f"{owner}.{name}": api for owner in owners for name in names}


def _itsdangerous() -> dict[str, Api]:
    table: dict[str, Api] = {}
    for module in (
        "itsdangerous",
        "itsdangerous.url_safe",
        "itsdangerous.timed",
        "itsdangerous.serializer",
    ):
        for name in _ITSDANGEROUS:
            table[f"{module}.{name}"] = ITSDANGEROUS_SERIALIZER
            owner = f"{module}.{name}()"
            table[f"{owner}.loads_unsafe"] = ITSDANGEROUS_LOADS_UNSAFE
            if name in _TIMED:
                table[f"{owner}.loads"] = ITSDANGEROUS_LOADS
                table[f"{owner}.unsign"] = ITSDANGEROUS_LOADS
    return table


APIS: Mapping[str, Api] = {
    **_each(_PYJWT_OWNERS, ("decode", "decode_complete"), PYJWT_DECODE),
    **_each(_PYJWS_OWNERS, ("decode", "decode_complete"), PYJWT_DECODE),
    **_each((*_PYJWT_OWNERS, *_PYJWS_OWNERS), ("encode",), PYJWT_ENCODE),
    "jose.jwt.decode": JOSE_DECODE,
    "jose.jwt.encode": JOSE_ENCODE,
    "jose.jws.verify": JOSE_JWS_VERIFY,
    "authlib.jose.jwt.decode": AUTHLIB_DEFAULT_DECODE,
    **_each(
        ("authlib.jose.JsonWebToken()", "authlib.jose.rfc7519.JsonWebToken()"),
        ("decode",),
        AUTHLIB_INSTANCE_DECODE,
    ),
    **_each(
        ("authlib.jose.jwt", "authlib.jose.JsonWebToken()", "authlib.jose.rfc7519.JsonWebToken()"),
        ("encode",),
        AUTHLIB_ENCODE,
    ),
    "authlib.jose.JsonWebToken": AUTHLIB_ALGORITHMS,
    "authlib.jose.rfc7519.JsonWebToken": AUTHLIB_ALGORITHMS,
    "joserfc.jwt.decode": JOSERFC_DECODE,
    "joserfc.jwt.encode": JOSERFC_ENCODE,
    "joserfc.jwt.JWTClaimsRegistry": JOSERFC_REGISTRY,
    "jose.jwt.get_unverified_claims": UNVERIFIED,
    "jwcrypto.jwt.JWT": JWCRYPTO_JWT,
    "python_jwt.process_jwt": PYTHON_JWT_PROCESS,
    "python_jwt.verify_jwt": PYTHON_JWT_VERIFY,
    "hmac.new": HMAC,
    "hmac.HMAC": HMAC,
    "hmac.digest": HMAC,
    **_itsdangerous(),
    "flask_jwt_extended.create_access_token": FLASK_ACCESS,
    "flask_jwt_extended.create_refresh_token": FLASK_REFRESH,
}

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
ASYMMETRIC_PREFIXES = ("RS", "ES", "PS", "EDDSA", "ED25519", "ED448")
# Calls that return a token's header without checking its signature: one table for
# the algorithm read from the header (JWT003) and header values reaching a sink (JWT009).
UNVERIFIED_HEADER = frozenset(
    {
        "jwt.get_unverified_header",
        "jwt.api_jws.get_unverified_header",
        "jwt.PyJWS().get_unverified_header",
        "jwt.api_jws.PyJWS().get_unverified_header",
        "jose.jwt.get_unverified_header",
        "jose.jwt.get_unverified_headers",
        "jose.jws.get_unverified_header",
        "jose.jws.get_unverified_headers",
    }
)
JWKS_KEY_CALLS = frozenset({"get_signing_key_from_jwt", "get_signing_key"})
ALL_ALGORITHMS = frozenset({"jwt.algorithms.get_default_algorithms", "jwt.get_default_algorithms"})
# HMAC key sizes from RFC 7518 section 3.2: at least the hash output.
MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
# Environment look-ups: the first argument names the variable; the second, or
# `default=`, is what the code gets when the variable is missing.
ENV_LOOKUPS = frozenset(
    {"os.getenv", "os.environ.get", "os.environ.setdefault", "os.environ.pop", "decouple.config"}
)
ENV_DEFAULT = Slot(1, "default")
# Flask: the objects that are the application (an instance, or the proxy to the current one),
# and the attributes that set one of its config items (`app.secret_key` is `SECRET_KEY`).
FLASK_APPS = frozenset(
    {"flask.Flask()", "flask.app.Flask()", "flask.current_app", "flask.globals.current_app"}
)
FLASK_APP_SETTINGS: Mapping[str, str] = {"secret_key": "SECRET_KEY"}
# Config methods that take settings as keywords or a mapping: `app.config.update(SECRET_KEY=...)`.
CONFIG_UPDATES = frozenset({"update", "from_mapping", "setdefault"})
# Django: calls that take settings as keywords or `**mapping`: `settings.configure(SECRET_KEY=...)`.
SETTINGS_CALLS = frozenset({"django.conf.settings.configure"})
# environs' `Env()` and django-environ's `Env()`: `env("X")`, `env.str("X")`.
ENV_READERS = frozenset({"environs.Env", "environ.Env", "environ.environ.Env"})


def is_asymmetric(algorithm: str) -> bool:
    return algorithm.upper().startswith(ASYMMETRIC_PREFIXES)
