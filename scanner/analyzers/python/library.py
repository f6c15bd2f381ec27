"""Everything nhiguard knows about Python libraries, as one table: qualified name -> `Entry`.

Every family reads library knowledge from here and nowhere else: the calls
and their argument slots, unverified-header sources, key fetchers, HTTP /
file / shell sinks, MAC objects, digests, token-minting calls, loggers, time
sources and settings readers. The analyzer's prefilter words are generated
from the same rows (`terms`), so a row reaches the families that read it and
the byte filter that decides whether they run, with no second list to keep.

Teaching nhiguard a library is one edit: its rows in `_ROWS` (a name may
appear in several rows, one fact each; they merge into one `Entry`). An
alias is one edit too: a line in `ALIASES`, which copies every row under a
prefix to each other spelling of it. Positions count from the first argument
after `self` (instance methods are listed with their owner written `Class()`).
It is Python, not YAML, because the rows are typed (`Slot`, `Role`, `Sink`)
and mypy checks every family's use of them; and it imports nothing heavy,
so the prefilter can read it without loading libcst.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from enum import Enum
from types import MappingProxyType
from typing import TypeVar

T = TypeVar("T")


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

# pycryptodome: HMAC.new(key, msg=b"", digestmod=None), like the standard library's.
PYCRYPTODOME_HMAC = Api(lib="pycryptodome", role=Role.MAC, key=Slot(0, "key"))

HTTP, KEY_DOWNLOAD, FILE, SHELL, SQL = (
    "an HTTP request",
    "a key download",
    "a file path",
    "a shell command",
    "an SQL query",
)


@dataclass(frozen=True, slots=True)
class Sink:
    """A call that acts on one of its arguments: fetches it, opens it, runs it."""

    kind: str
    slot: Slot


@dataclass(frozen=True, slots=True)
class Hashing:
    """Where a call takes its hash: an argument, or an `entry` of a dict argument."""

    slot: Slot
    entry: str | None = None


class Bearer(str, Enum):
    """What a FastAPI parameter that depends on a security scheme holds."""

    TOKEN = "token"  # the bearer token itself (OAuth2PasswordBearer)
    CREDENTIALS = "credentials"  # an object whose `.credentials` is the token (HTTPBearer)


class Mac(str, Enum):
    OBJECT = "object"  # builds an HMAC object: its digest()/hexdigest()/finalize() is the MAC
    FUNCTION = "function"  # returns the MAC itself


@dataclass(frozen=True, slots=True)
class Entry:
    """What one qualified name is, fact by fact; a family reads the facts it needs.

    Every field defaults to "not this": a row states only what is true.
    """

    api: Api | None = None  # a token, signer or MAC call, with its argument slots
    unverified_header: bool = False  # returns a token's header without checking it
    key_fetcher: Slot | None = None  # downloads verification keys from the URL at this slot
    sink: Sink | None = None  # an HTTP request, file path or shell command
    builder: bool = False  # its result carries its arguments' text (path and URL joins)
    mac: Mac | None = None
    hashing: Hashing | None = None  # where it takes the hash an HMAC is built on
    weak_digest: str | None = None  # a hash too weak for an HMAC, by its common name
    keeps_mac: bool = False  # an encoding: a MAC passed through it is still that MAC
    mints: bool = False  # returns a freshly minted token
    logger: bool = False  # an object whose level methods (`.info(...)`) write a log
    logs: bool = False  # a function that writes its arguments to a log or the console
    now: bool = False  # the current time
    timedelta: bool = False
    all_algorithms: bool = False  # every algorithm a JWT library has registered
    env_lookup: bool = False  # reads the environment variable its first argument names
    env_mapping: bool = False  # the environment itself: `os.environ["X"]`
    env_reader: bool = False  # builds an environment reader: `env = Env(); env("X")`
    env_instance: bool = False  # a ready-made environment reader
    default: Slot | None = None  # where it takes the value used when the setting is missing
    key_decoder: bool = False  # decodes a key spelled in another form (base64, hex)
    flask_app: bool = False  # the Flask application, or the proxy to the current one
    settings_call: bool = False  # takes framework settings as keywords (`configure(...)`)
    headers: Slot | None = None  # where an HTTP call or client takes the headers it sends
    header_map: bool = False  # a client's default headers, sent with every request
    auth_hook: str | None = (
        None  # a base class: its subclasses set a request's headers in this method
    )
    incoming_request: bool = False  # the request being handled (Flask's `request`)
    request_class: bool = False  # a handled request's class, as a parameter annotation names it
    bearer: Bearer | None = None  # a FastAPI security scheme or the type it hands over
    header_parameter: bool = False  # FastAPI `Header()`: the parameter holds a request header
    dependency: bool = False  # FastAPI `Depends()`: the parameter holds what its argument returns

    def merged(self, other: Entry) -> Entry:
        """This entry with the facts `other` states; a fact stated twice must agree."""
        changes = {}
        for spec in fields(self):
            mine, theirs = getattr(self, spec.name), getattr(other, spec.name)
            if theirs == spec.default or theirs == mine:
                continue
            if mine != spec.default:
                raise ValueError(f"two rows disagree on {spec.name}")
            changes[spec.name] = theirs
        return replace(self, **changes)


def _each(owners: Iterable[str], names: Iterable[str], entry: Entry) -> list[tuple[str, Entry]]:
    return [(f"{owner}.{name}", entry) for owner in owners for name in names]


_ITSDANGEROUS = (
    "Serializer",
    "URLSafeSerializer",
    "TimedSerializer",
    "URLSafeTimedSerializer",
    "Signer",
    "TimestampSigner",
)
_TIMED = ("TimedSerializer", "URLSafeTimedSerializer", "TimestampSigner")
_SIGNER_DIGEST = Hashing(Slot(4, "digest_method"))
_SERIALIZER_DIGEST = Hashing(Slot(5, "signer_kwargs"), entry="digest_method")


def _itsdangerous() -> list[tuple[str, Entry]]:
    rows: list[tuple[str, Entry]] = []
    for module in (
        "itsdangerous",
        "itsdangerous.url_safe",
        "itsdangerous.timed",
        "itsdangerous.serializer",
    ):
        for name in _ITSDANGEROUS:
            rows.append((f"{module}.{name}", Entry(api=ITSDANGEROUS_SERIALIZER)))
            owner = f"{module}.{name}()"
            rows.append((f"{owner}.loads_unsafe", Entry(api=ITSDANGEROUS_LOADS_UNSAFE)))
            if name in _TIMED:
                rows.append((f"{owner}.loads", Entry(api=ITSDANGEROUS_LOADS)))
                rows.append((f"{owner}.unsign", Entry(api=ITSDANGEROUS_LOADS)))
    for name in ("Signer", "signer.Signer", "TimestampSigner", "timed.TimestampSigner"):
        rows.append((f"itsdangerous.{name}", Entry(hashing=_SIGNER_DIGEST)))
    for name in (
        "Serializer",
        "serializer.Serializer",
        "TimedSerializer",
        "timed.TimedSerializer",
        "URLSafeSerializer",
        "url_safe.URLSafeSerializer",
        "URLSafeTimedSerializer",
        "url_safe.URLSafeTimedSerializer",
    ):
        rows.append((f"itsdangerous.{name}", Entry(hashing=_SERIALIZER_DIGEST)))
    for module in ("itsdangerous", "itsdangerous.signer"):
        rows.append((f"{module}.HMACAlgorithm", Entry(hashing=Hashing(Slot(0, "digest_method")))))
    return rows


_URL = Slot(0, "url")
_METHOD_URL = Slot(1, "url")
_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
_HTTP_CLIENTS = (
    "requests",
    "requests.api",
    "requests.Session()",
    "requests.session()",
    "requests.sessions.Session()",
    "httpx",
    "httpx.Client()",
    "httpx.AsyncClient()",
    "aiohttp.ClientSession()",
)
_HEADERS = Slot(None, "headers")
# Classes of the request a web handler answers, as its parameter's annotation names them.
_HANDLED_REQUESTS = (
    "starlette.requests.Request",
    "fastapi.Request",
    "fastapi.requests.Request",
    "aiohttp.web.Request",
    "aiohttp.web.BaseRequest",
    "aiohttp.web_request.Request",
    "django.http.HttpRequest",
    "django.http.request.HttpRequest",
    "rest_framework.request.Request",
)
_HMAC_NEW_DIGEST = Hashing(Slot(2, "digestmod"))
_MD5, _SHA1 = "MD5", "SHA-1"
_ENV_DEFAULT = Slot(1, "default")


def _rows() -> list[tuple[str, Entry]]:
    """Every fact, library by library; `LIBRARY` merges them per name."""
    jwt_decode = Entry(api=PYJWT_DECODE)
    jwt_encode = Entry(api=PYJWT_ENCODE)
    header = Entry(unverified_header=True)
    key_fetcher = Entry(key_fetcher=Slot(0, "uri"))
    return [
        # PyJWT (module functions, PyJWT() and PyJWS() instances: see ALIASES)
        *_each(("jwt.api_jwt.PyJWT()",), ("decode", "decode_complete"), jwt_decode),
        *_each(("jwt.api_jws.PyJWS()",), ("decode", "decode_complete"), jwt_decode),
        *_each(("jwt.api_jwt.PyJWT()", "jwt.api_jws.PyJWS()"), ("encode",), jwt_encode),
        ("jwt.get_unverified_header", header),
        ("jwt.api_jws.PyJWS().get_unverified_header", header),
        ("jwt.jwks_client.PyJWKClient", key_fetcher),
        ("jwt.PyJWKClient", key_fetcher),
        ("jwt.algorithms.get_default_algorithms", Entry(all_algorithms=True)),
        ("jwt.get_default_algorithms", Entry(all_algorithms=True)),
        # python-jose
        ("jose.jwt.decode", Entry(api=JOSE_DECODE)),
        ("jose.jwt.encode", Entry(api=JOSE_ENCODE)),
        ("jose.jws.verify", Entry(api=JOSE_JWS_VERIFY)),
        ("jose.jwt.get_unverified_claims", Entry(api=UNVERIFIED)),
        *_each(
            ("jose.jwt", "jose.jws"), ("get_unverified_header", "get_unverified_headers"), header
        ),
        # authlib
        ("authlib.jose.jwt.decode", Entry(api=AUTHLIB_DEFAULT_DECODE)),
        ("authlib.jose.jwt.encode", Entry(api=AUTHLIB_ENCODE)),
        ("authlib.jose.JsonWebToken", Entry(api=AUTHLIB_ALGORITHMS)),
        ("authlib.jose.JsonWebToken().decode", Entry(api=AUTHLIB_INSTANCE_DECODE)),
        ("authlib.jose.JsonWebToken().encode", Entry(api=AUTHLIB_ENCODE)),
        # joserfc, jwcrypto, python_jwt
        ("joserfc.jwt.decode", Entry(api=JOSERFC_DECODE)),
        ("joserfc.jwt.encode", Entry(api=JOSERFC_ENCODE)),
        ("joserfc.jwt.JWTClaimsRegistry", Entry(api=JOSERFC_REGISTRY)),
        ("jwcrypto.jwt.JWT", Entry(api=JWCRYPTO_JWT)),
        ("python_jwt.process_jwt", Entry(api=PYTHON_JWT_PROCESS)),
        ("python_jwt.verify_jwt", Entry(api=PYTHON_JWT_VERIFY)),
        # itsdangerous
        *_itsdangerous(),
        # Flask-JWT-Extended and SimpleJWT: minted tokens
        ("flask_jwt_extended.create_access_token", Entry(api=FLASK_ACCESS, mints=True)),
        ("flask_jwt_extended.create_refresh_token", Entry(api=FLASK_REFRESH, mints=True)),
        ("rest_framework_simplejwt.tokens.AccessToken.for_user", Entry(mints=True)),
        ("rest_framework_simplejwt.tokens.RefreshToken.for_user", Entry(mints=True)),
        # HMAC: the standard library, pycryptodome (see ALIASES), cryptography, Django
        ("hmac.new", Entry(api=HMAC, mac=Mac.OBJECT, hashing=_HMAC_NEW_DIGEST)),
        ("hmac.HMAC", Entry(api=HMAC, mac=Mac.OBJECT, hashing=_HMAC_NEW_DIGEST)),
        ("hmac.digest", Entry(api=HMAC, mac=Mac.FUNCTION, hashing=Hashing(Slot(2, "digest")))),
        (
            "Crypto.Hash.HMAC.new",
            Entry(api=PYCRYPTODOME_HMAC, mac=Mac.OBJECT, hashing=_HMAC_NEW_DIGEST),
        ),
        (
            "cryptography.hazmat.primitives.hmac.HMAC",
            Entry(mac=Mac.OBJECT, hashing=Hashing(Slot(1, "algorithm"))),
        ),
        ("django.utils.crypto.salted_hmac", Entry(hashing=Hashing(Slot(None, "algorithm")))),
        # hashes too weak for an HMAC
        ("hashlib.md5", Entry(weak_digest=_MD5)),
        ("hashlib.sha1", Entry(weak_digest=_SHA1)),
        ("cryptography.hazmat.primitives.hashes.MD5", Entry(weak_digest=_MD5)),
        ("cryptography.hazmat.primitives.hashes.SHA1", Entry(weak_digest=_SHA1)),
        ("Crypto.Hash.MD5", Entry(weak_digest=_MD5)),
        ("Crypto.Hash.SHA1", Entry(weak_digest=_SHA1)),
        ("Crypto.Hash.SHA", Entry(weak_digest=_SHA1)),
        # encodings a MAC keeps its value through; decoders a key is spelled through
        *[
            (name, Entry(keeps_mac=True))
            for name in (
                "base64.b64encode",
                "base64.urlsafe_b64encode",
                "base64.b32encode",
                "base64.b16encode",
                "binascii.hexlify",
                "binascii.b2a_hex",
                "binascii.b2a_base64",
            )
        ],
        *[
            (name, Entry(key_decoder=True))
            for name in (
                "base64.b64decode",
                "base64.urlsafe_b64decode",
                "binascii.unhexlify",
                "bytes.fromhex",
            )
        ],
        # HTTP clients, files, shells
        *[
            (f"{client}.{verb}", Entry(sink=Sink(HTTP, _URL)))
            for client in _HTTP_CLIENTS
            for verb in _HTTP_VERBS
        ],
        *[(f"{client}.request", Entry(sink=Sink(HTTP, _METHOD_URL))) for client in _HTTP_CLIENTS],
        *[
            (f"{client}.stream", Entry(sink=Sink(HTTP, _METHOD_URL)))
            for client in ("httpx", "httpx.Client()")
        ],
        ("aiohttp.request", Entry(sink=Sink(HTTP, _METHOD_URL))),
        ("urllib3.request", Entry(sink=Sink(HTTP, _METHOD_URL))),
        ("urllib3.PoolManager().request", Entry(sink=Sink(HTTP, _METHOD_URL))),
        ("urllib.request.urlopen", Entry(sink=Sink(HTTP, _URL))),
        ("urllib.request.Request", Entry(sink=Sink(HTTP, _URL))),
        ("urllib.request.urlretrieve", Entry(sink=Sink(HTTP, _URL))),
        # the headers an HTTP call, or every call of a client, sends
        *[
            (f"{client}.{verb}", Entry(headers=_HEADERS))
            for client in _HTTP_CLIENTS
            for verb in (*_HTTP_VERBS, "request")
        ],
        *[(f"{client}.stream", Entry(headers=_HEADERS)) for client in ("httpx", "httpx.Client()")],
        *[
            (name, Entry(headers=_HEADERS))
            for name in (
                "aiohttp.request",
                "urllib3.request",
                "urllib3.PoolManager().request",
                "urllib3.PoolManager",
                "httpx.Client",
                "httpx.AsyncClient",
                "aiohttp.ClientSession",
            )
        ],
        ("urllib.request.Request", Entry(headers=Slot(2, "headers"))),
        ("urllib.request.Request().add_header", Entry(headers=Slot(1, "val"))),
        *[
            (f"{client}.headers", Entry(header_map=True))
            for client in _HTTP_CLIENTS
            if client.endswith("()")
        ],
        # auth classes: the method that is given each outgoing request to set its headers
        ("requests.auth.AuthBase", Entry(auth_hook="__call__")),
        ("httpx.Auth", Entry(auth_hook="auth_flow")),
        # the request a web handler is answering, and FastAPI's ways of handing over its token
        *[(f"{module}.request", Entry(incoming_request=True)) for module in ("flask", "quart")],
        ("flask.globals.request", Entry(incoming_request=True)),
        *[(name, Entry(request_class=True)) for name in _HANDLED_REQUESTS],
        *[
            (f"fastapi.security.{name}", Entry(bearer=Bearer.TOKEN))
            for name in ("OAuth2PasswordBearer", "OAuth2AuthorizationCodeBearer", "OAuth2")
        ],
        *[
            (f"fastapi.security.{name}", Entry(bearer=Bearer.CREDENTIALS))
            for name in ("HTTPBearer", "HTTPAuthorizationCredentials")
        ],
        ("fastapi.Header", Entry(header_parameter=True)),
        ("fastapi.params.Header", Entry(header_parameter=True)),
        *[
            (f"{module}.{name}", Entry(dependency=True))
            for module in ("fastapi", "fastapi.params")
            for name in ("Depends", "Security")
        ],
        *[
            (name, Entry(sink=Sink(FILE, Slot(0, "file"))))
            for name in ("builtins.open", "io.open", "codecs.open")
        ],
        ("os.open", Entry(sink=Sink(FILE, Slot(0, "path")))),
        ("pathlib.Path", Entry(sink=Sink(FILE, Slot(0, "path")), builder=True)),
        ("pathlib.PurePath", Entry(sink=Sink(FILE, Slot(0, "path")), builder=True)),
        *[
            (f"subprocess.{name}", Entry(sink=Sink(SHELL, Slot(0, "args"))))
            for name in ("run", "call", "check_call", "check_output", "Popen", "getoutput")
        ],
        ("os.system", Entry(sink=Sink(SHELL, Slot(0, "command")))),
        ("os.popen", Entry(sink=Sink(SHELL, Slot(0, "cmd")))),
        *[
            (name, Entry(builder=True))
            for name in (
                "os.path.join",
                "posixpath.join",
                "urllib.parse.urljoin",
                "sqlalchemy.text",
                "sqlalchemy.sql.text",
                "sqlalchemy.sql.expression.text",
            )
        ],
        # loggers
        *[
            (name, Entry(logger=True))
            for name in (
                "logging",
                "logging.root",
                "logging.getLogger()",
                "logging.Logger()",
                "logging.LoggerAdapter()",
                "structlog.get_logger()",
                "structlog.getLogger()",
                "structlog.stdlib.get_logger()",
                "structlog.wrap_logger()",
                "loguru.logger",
                "celery.utils.log.get_task_logger()",
            )
        ],
        ("warnings.warn", Entry(logs=True)),
        # time
        *[
            (name, Entry(now=True))
            for name in (
                "datetime.datetime.now",
                "datetime.datetime.utcnow",
                "datetime.datetime.today",
                "time.time",
                "django.utils.timezone.now",
                "arrow.utcnow",
                "pendulum.now",
            )
        ],
        ("datetime.timedelta", Entry(timedelta=True)),
        # settings readers: the environment, env readers, pydantic, Flask and Django
        *[
            (name, Entry(env_lookup=True, default=_ENV_DEFAULT))
            for name in (
                "os.getenv",
                "os.environ.get",
                "os.environ.setdefault",
                "os.environ.pop",
                "decouple.config",
            )
        ],
        ("os.environ", Entry(env_mapping=True)),
        ("environs.Env", Entry(env_reader=True)),
        ("environ.Env", Entry(env_reader=True)),
        ("environ.environ.Env", Entry(env_reader=True)),
        *[
            (name, Entry(env_instance=True))
            for name in ("environs.env", "environs.env.str", "environs.env.bytes")
        ],
        ("pydantic.Field", Entry(default=Slot(0, "default"))),
        *[
            (name, Entry(flask_app=True))
            for name in (
                "flask.Flask()",
                "flask.app.Flask()",
                "flask.current_app",
                "flask.globals.current_app",
            )
        ],
        ("django.conf.settings.configure", Entry(settings_call=True)),
    ]


# Other spellings of a name prefix: each row under (or of) the key is copied under each.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "jwt.api_jwt.PyJWT()": ("jwt", "jwt.api_jwt", "jwt.PyJWT()"),
    "jwt.api_jws.PyJWS()": ("jwt.api_jws", "jwt.PyJWS()"),
    "authlib.jose.JsonWebToken": ("authlib.jose.rfc7519.JsonWebToken",),
    "Crypto": ("Cryptodome",),
}


def _table(rows: Iterable[tuple[str, Entry]]) -> Mapping[str, Entry]:
    table: dict[str, Entry] = {}

    def add(name: str, entry: Entry) -> None:
        table[name] = table[name].merged(entry) if name in table else entry

    for name, entry in rows:
        add(name, entry)
        for prefix, spellings in ALIASES.items():
            if name == prefix or name.startswith((f"{prefix}.", f"{prefix}()")):
                for spelling in spellings:
                    add(spelling + name[len(prefix) :], entry)
    return MappingProxyType(table)


LIBRARY = _table(_rows())


def named(fact: Callable[[Entry], object]) -> frozenset[str]:
    """The names whose entry states `fact` (a truthy field)."""
    return frozenset(name for name, entry in LIBRARY.items() if fact(entry))


def facts(fact: Callable[[Entry], T | None]) -> Mapping[str, T]:
    """Name -> the value of `fact` for the names that state it."""
    return MappingProxyType(
        {name: value for name, entry in LIBRARY.items() if (value := fact(entry)) is not None}
    )


def terms(name: str) -> frozenset[str]:
    """The words a module must spell, lowercased, for one of its names to resolve to `name`.

    A name resolves only through imports and attribute access (`names.py`),
    so the import spells every module part and the code every attribute
    after it: `from jwt.api_jws import PyJWS` ... `PyJWS().get_unverified_header`.
    """
    return frozenset(part.removesuffix("()").lower() for part in name.split("."))


# The views each family reads, all cut from LIBRARY.
APIS = facts(lambda e: e.api)
UNVERIFIED_HEADER = named(lambda e: e.unverified_header)
KEY_FETCHERS = facts(lambda e: e.key_fetcher)
SINKS: Mapping[str, Sink] = MappingProxyType(
    {
        **facts(lambda e: e.sink),
        **{name: Sink(KEY_DOWNLOAD, slot) for name, slot in KEY_FETCHERS.items()},
    }
)
BUILDERS = named(lambda e: e.builder)
MAC_OBJECTS = named(lambda e: e.mac is Mac.OBJECT)
MAC_FUNCTIONS = named(lambda e: e.mac is Mac.FUNCTION)
KEEPS_MAC = named(lambda e: e.keeps_mac)
HASHING = facts(lambda e: e.hashing)
WEAK_DIGESTS = facts(lambda e: e.weak_digest)
MINTING = named(lambda e: e.mints)
LOGGERS = named(lambda e: e.logger)
LOG_FUNCTIONS = named(lambda e: e.logs)
NOW_CALLS = named(lambda e: e.now)
TIMEDELTA = named(lambda e: e.timedelta)
ALL_ALGORITHMS = named(lambda e: e.all_algorithms)
ENV_LOOKUPS = named(lambda e: e.env_lookup)
ENV_MAPPING = named(lambda e: e.env_mapping)
ENV_READERS = named(lambda e: e.env_reader)
ENV_INSTANCES = named(lambda e: e.env_instance)
DEFAULTS = facts(lambda e: e.default)  # env look-ups and pydantic fields
KEY_DECODERS = named(lambda e: e.key_decoder)
FLASK_APPS = named(lambda e: e.flask_app)
SETTINGS_CALLS = named(lambda e: e.settings_call)
HEADER_SLOTS = facts(lambda e: e.headers)
HEADER_MAPS = named(lambda e: e.header_map)
AUTH_HOOKS = facts(lambda e: e.auth_hook)
INCOMING_REQUESTS = named(lambda e: e.incoming_request)
REQUEST_CLASSES = named(lambda e: e.request_class)
BEARER_SCHEMES = facts(lambda e: e.bearer)
HEADER_PARAMETERS = named(lambda e: e.header_parameter)
DEPENDENCIES = named(lambda e: e.dependency)
ENV_DEFAULT = _ENV_DEFAULT

# Hash names as `hashlib.new` and `hmac.new` accept them, lower-cased, without - and _.
WEAK_DIGEST_NAMES: Mapping[str, str] = {"md5": _MD5, "sha1": _SHA1}

# Knowledge about names that are not imported: methods any receiver may have, and
# receivers known by the names the libraries' docs give them.
JWKS_KEY_CALLS = frozenset({"get_signing_key_from_jwt", "get_signing_key"})
MAC_RESULTS = frozenset({"digest", "hexdigest", "finalize"})
# Methods that are sinks whatever their receiver: a DB-API cursor or connection, a path.
SQL_METHODS = frozenset({"execute", "executemany", "executescript"})
PATH_METHODS = frozenset({"read_text", "read_bytes", "open"})
# Methods that post credentials to a token endpoint (authlib, requests-oauthlib).
TOKEN_METHODS: Mapping[str, Slot] = {"fetch_token": Slot(0, "url"), "refresh_token": Slot(0, "url")}
LOG_LEVELS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
        "msg",
        "trace",
        "success",
        "bind",
    }
)
# Keyword arguments of log calls (logging, print, warnings.warn) that carry no message data.
LOG_CONTROL_KEYWORDS = frozenset(
    {"exc_info", "stack_info", "stacklevel", "sep", "end", "file", "flush", "category"}
)
# Receivers that are loggers by convention, whatever they were imported from.
LOGGER_NAMES = frozenset({"logger", "log", "_logger", "_log", "LOGGER", "LOG", "LOGGER_"})
# Settings objects are user classes: known by the names the frameworks' docs give them.
SETTINGS_OBJECTS = frozenset({"settings", "config", "conf", "cfg", "app_settings"})
SETTINGS_FACTORIES = frozenset({"get_settings", "get_config"})
# Flask: attributes of the app that set one of its config items (`app.secret_key`).
FLASK_APP_SETTINGS: Mapping[str, str] = {"secret_key": "SECRET_KEY"}
# Config methods that take settings as keywords or a mapping: `app.config.update(SECRET_KEY=...)`.
CONFIG_UPDATES = frozenset({"update", "from_mapping", "setdefault"})

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
ASYMMETRIC_PREFIXES = ("RS", "ES", "PS", "EDDSA", "ED25519", "ED448")
# HMAC key sizes from RFC 7518 section 3.2: at least the hash output.
MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}


def is_asymmetric(algorithm: str) -> bool:
    return algorithm.upper().startswith(ASYMMETRIC_PREFIXES)
