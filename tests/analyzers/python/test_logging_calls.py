"""SEC004: tokens, keys and passwords handed to a log call or print, reported at the value."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def findings(rules, source: str):
    return [
        f
        for f in scan_text("app/service.py", source, Config(), rules).findings
        if f.rule_id == "SEC004"
    ]


def reported(rules, source: str) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.line) for f in findings(rules, source)]


LOGGER = "import logging\nlogger = logging.getLogger(__name__)\n"

REPORTED = [
    pytest.param(
        LOGGER + "def f(access_token):\n    logger.info('token %s', access_token)\n",
        [("SEC004", 4)],
        id="percent-argument-named-access-token",
    ),
    pytest.param(
        "import logging as lg\ndef f(password):\n    lg.debug('pw=%s', password)\n",
        [("SEC004", 3)],
        id="aliased-logging-module",
    ),
    pytest.param(
        "from logging import getLogger\nlog = getLogger()\ndef f(cfg):\n    log.warning(f'secret={cfg.client_secret}')\n",
        [("SEC004", 4)],
        id="from-imported-getlogger-f-string-attribute",
    ),
    pytest.param(
        "class S:\n    def f(self, api_key):\n        self.logger.error('key: ' + api_key)\n",
        [("SEC004", 3)],
        id="self-logger-concatenation",
    ),
    pytest.param(
        LOGGER + "def f(apiKey):\n    logger.info('key {}'.format(apiKey))\n",
        [("SEC004", 4)],
        id="camel-case-name-through-format",
    ),
    pytest.param(
        LOGGER + "def f(request):\n    logger.debug('auth %s', request.headers['Authorization'])\n",
        [("SEC004", 4)],
        id="authorization-header-subscript",
    ),
    pytest.param(
        LOGGER
        + "def f(request):\n    logger.debug('auth %s', request.META.get('HTTP_AUTHORIZATION'))\n",
        [("SEC004", 4)],
        id="django-meta-authorization",
    ),
    pytest.param(
        "import os, logging\nlogging.info('using %s', os.environ['DB_PASSWORD'])\n",
        [("SEC004", 2)],
        id="environment-password",
    ),
    pytest.param(
        "import structlog\nlog = structlog.get_logger()\ndef f(tok):\n    log.info('issued', id_token=tok)\n",
        [("SEC004", 4)],
        id="structlog-keyword-field",
    ),
    pytest.param(
        LOGGER + "def f(t):\n    logger.info('issued', extra={'refresh_token': t})\n",
        [("SEC004", 4)],
        id="extra-dict-key",
    ),
    pytest.param(
        "from loguru import logger\ndef f(secret_key):\n    logger.info('key {}', secret_key)\n",
        [("SEC004", 3)],
        id="loguru",
    ),
    pytest.param(
        "import jwt, logging\ndef f(p, k):\n    encoded = jwt.encode(p, k, algorithm='HS256')\n"
        "    logging.info('minted %s', encoded)\n",
        [("SEC004", 4)],
        id="neutral-name-bound-to-jwt-encode",
    ),
    pytest.param(
        "from flask_jwt_extended import create_access_token\nimport logging\ndef f(u):\n"
        "    at = create_access_token(identity=u)\n    logging.debug('at=%s', at)\n",
        [("SEC004", 5)],
        id="flask-jwt-extended-token",
    ),
    pytest.param(
        LOGGER + "def f(request):\n    raw = request.META.get('HTTP_X_SERVICE_TOKEN')\n"
        "    logger.info('token %s', raw)\n",
        [("SEC004", 5)],
        id="neutral-local-read-from-a-token-header",
    ),
    pytest.param(
        "import hashlib, hmac, logging\ndef f(key, body, got):\n"
        "    expected = hmac.new(key, body, hashlib.sha256).hexdigest()\n"
        "    logging.warning('got %s want %s', got, expected)\n",
        [("SEC004", 4)],
        id="expected-webhook-signature",
    ),
    pytest.param(
        "def f(user, password):\n    print('login', user, password)\n",
        [("SEC004", 2)],
        id="print-with-a-label",
    ),
    pytest.param(
        "import warnings\ndef f(api_key_value):\n    warnings.warn(f'bad {api_key_value}')\n",
        [("SEC004", 3)],
        id="warnings-warn-with-a-form-suffix",
    ),
    pytest.param(
        "import requests, logging\ndef f(token):\n    logging.info('calling with %s', token)\n",
        [("SEC004", 3)],
        id="bare-token-in-a-module-that-speaks-http",
    ),
    pytest.param(
        LOGGER
        + "def f(private_key_pem, passphrase):\n    logger.debug('%s %s', private_key_pem, passphrase)\n",
        [("SEC004", 4)],
        id="one-finding-per-call",
    ),
]

SILENT = [
    pytest.param(
        LOGGER + "def f(token_count):\n    logger.info('tokens: %d', token_count)\n",
        id="token-count",
    ),
    pytest.param(
        LOGGER + "def f(password_reset_url):\n    logger.info('reset at %s', password_reset_url)\n",
        id="password-reset-url",
    ),
    pytest.param(
        LOGGER + "def f(secret_name):\n    logger.info('loading %s', secret_name)\n",
        id="secret-name",
    ),
    pytest.param(
        LOGGER + "def f(token):\n    logger.info('length %d', len(token))\n", id="len-of-token"
    ),
    pytest.param(
        LOGGER + "def f(api_key):\n    logger.info('key %s', mask(api_key))\n", id="masked-value"
    ),
    pytest.param(
        LOGGER + "def f(api_key):\n    logger.info('key %s...', api_key[:4])\n", id="sliced-prefix"
    ),
    pytest.param(
        LOGGER + "def f(email):\n    logger.info('password reset requested for %s', email)\n",
        id="word-only-in-the-message",
    ),
    pytest.param(
        LOGGER + "def f(password):\n    logger.info('has password: %s', password is not None)\n",
        id="presence-check",
    ),
    pytest.param(
        "import structlog\nlog = structlog.get_logger()\ndef f(jti):\n    log.info('issued', token=token_id)\n",
        id="keyword-says-token-value-says-id",
    ),
    pytest.param(
        LOGGER + "def f(t):\n    logger.info('issued', extra={'token': None})\n", id="extra-none"
    ),
    pytest.param("def f(token):\n    print(token)\n", id="print-of-a-single-value-is-output"),
    pytest.param(
        "def f(password, fh):\n    print('pw', password, file=fh)\n", id="print-to-a-file"
    ),
    pytest.param(
        "import logging\ndef lex(token):\n    logging.debug('unexpected token %r', token)\n",
        id="bare-token-in-a-lexer",
    ),
    pytest.param(
        "import math\ndef f(token_secret):\n    return math.log(token_secret)\n", id="math-log"
    ),
    pytest.param(
        "import secrets, logging\nlogging.info('module %s', secrets)\n", id="imported-module"
    ),
    pytest.param(
        LOGGER + "def f(user):\n    logger.info('user %s', user.password_hash)\n",
        id="password-hash-attribute",
    ),
    pytest.param(
        LOGGER
        + "def f(is_secret, masked_token):\n    logger.info('%s %s', is_secret, masked_token)\n",
        id="flag-and-masked-copy",
    ),
    pytest.param(
        LOGGER + "def f(max_tokens, prompt_tokens, next_token):\n"
        "    logger.info('%d %d %s', max_tokens, prompt_tokens, next_token)\n",
        id="llm-token-counts-and-pagination-cursor",
    ),
    pytest.param(
        "def f(print, password):\n    print('pw', password)\n", id="print-shadowed-by-a-parameter"
    ),
    pytest.param(
        LOGGER + "def f(request):\n    size = len(request.headers.get('Authorization', ''))\n"
        "    logger.info('auth header of %d chars', size)\n",
        id="neutral-local-computed-from-a-secret",
    ),
    pytest.param(
        "import hashlib, hmac, logging\ndef f(data):\n    digest = hashlib.sha256(data).hexdigest()\n"
        "    logging.info('sha256 %s', digest)\n",
        id="plain-hash-is-not-a-mac",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REPORTED)
def test_secret_written_to_a_log_is_reported(rules, source, expected):
    assert reported(rules, source) == expected


@pytest.mark.parametrize("source", SILENT)
def test_derived_masked_or_unrelated_value_is_silent(rules, source):
    assert reported(rules, source) == []


def test_message_names_the_value_and_the_sink(rules):
    source = LOGGER + "def f(client_secret):\n    logger.info('s %s', client_secret)\n"
    (finding,) = findings(rules, source)
    assert finding.message == "client_secret is written to logger.info"
