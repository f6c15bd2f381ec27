"""SEC001 in config files: a literal credential under a name that says secret, or in a Secret.

Any credential (`DB_PASSWORD`, `apiToken`) is reported when the value
looks random; a value of a Kubernetes Secret is a credential whatever its
key says, and so is the password of a connection URL. Values SEC002
reports on its own (cloud keys, platform tokens, JWTs) are left to it; a
value that only starts like one is judged here.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner import masking
from scanner.analyzers.config.judges.file_facts import NOT_VALUES, FileFacts, Value, display
from scanner.analyzers.config.judges.resource_names import names_infrastructure
from scanner.analyzers.config.judges.signing_secrets import (
    if_signing_key,
    is_signing_key,
    required_bytes,
    signing_key,
)
from scanner.analyzers.config.key_names import KeyName
from scanner.analyzers.config.setting import Declared, Setting
from scanner.analyzers.credentials import (
    NOT_SECRET_NAME,
    base64_text,
    is_dummy_value,
    is_not_a_literal,
    is_password_hash,
    is_secret_name,
    is_template_fragment,
    looks_like_secret,
    names_credential,
    url_password,
)
from scanner.analyzers.placeholders import is_pem_private_key, is_placeholder, is_public_key
from scanner.analyzers.secret_catalogue.search import is_prefixed_placeholder, recognises
from scanner.model import Detection, FileKind, Location
from scanner.registry import SEC001, CredentialThresholds


def by_name(value: Value, facts: FileFacts) -> Iterator[Detection] | None:
    """The judgement of a setting whose name says secret and whose value looks like one."""
    setting, text, where = value.setting, value.text, value.where
    named = names_credential(setting.key)
    if not (is_secret_name(setting.key) and is_credential(text, facts, named=named)):
        return None
    return _credential(setting, text, where, facts)


def _credential(
    setting: Setting, text: str, where: Location, facts: FileFacts
) -> Iterator[Detection]:
    yield _secret(setting, text, where)
    yield from if_signing_key(setting, text, where, facts)


def sensitive(value: Value, facts: FileFacts) -> Iterator[Detection]:
    """A value its document marks sensitive (Terraform state), judged as if its name said secret.

    The mark stands for the name only: the value must still look like a
    secret, and Terraform hides endpoints, instance IDs and regions behind it
    too. Of a connection URL, the password is the secret.
    """
    text = value.text
    if url_password(text) or names_infrastructure(text) or not is_credential(text, facts):
        yield from unnamed(value, facts)
    else:
        yield from _credential(value.setting, text, value.where, facts)


def unnamed(value: Value, facts: FileFacts) -> Iterator[Detection]:
    """A setting no name claims: a password in a URL, or an environment variable's key."""
    yield from in_url(value.setting, value.text, value.where, facts)
    yield from if_signing_key(value.setting, value.text, value.where, facts)


def kubernetes_secret(setting: Setting, name: KeyName, facts: FileFacts) -> Iterator[Detection]:
    """A Secret's values are credentials by definition; `data` holds them in base64.

    A kubeconfig's `client-key-data` is one only when it decodes to a private
    key: `DATA+OMITTED` is valid base64 of nothing.
    """
    text = setting.value
    encoded = setting.declared in (Declared.SECRET_BASE64, Declared.PRIVATE_KEY_BASE64)
    if encoded:
        decoded = base64_text(text)
        if decoded is None:
            return
        if setting.declared is Declared.PRIVATE_KEY_BASE64 and not is_pem_private_key(decoded):
            return
        text = decoded
    stripped = text.strip()
    if not stripped or is_placeholder(stripped) or is_template_fragment(stripped):
        return
    if is_signing_key(name) or _secret_of_hs_credential(setting, name, facts):
        yield from signing_key(setting, text, setting.location, facts)
        return
    if not encoded and recognises(stripped, facts.source.kind):
        return  # written in clear (`stringData`): SEC002 reports it as its provider's
    if (
        is_not_a_literal(stripped, named=names_credential(setting.key))
        or NOT_VALUES.match(stripped)
        or is_public_key(stripped)
        or (NOT_SECRET_NAME.search(setting.key) and not is_secret_name(setting.key))
    ):
        yield from in_url(setting, stripped, setting.location, facts)
        return
    yield from _credential(setting, text, setting.location, facts)


def stored_password(setting: Setting, facts: FileFacts) -> Iterator[Detection]:
    """An `.htpasswd` entry: a hash is cracked offline once read, so it is reported as a password.

    A value that is no hash (Apache on Windows takes the password itself) is
    judged as any password.
    """
    text = setting.value.strip()
    if not text or is_placeholder(text) or is_template_fragment(text) or is_dummy_value(text):
        return
    if is_password_hash(text) or is_credential(text, facts, named=True):
        yield _secret(setting, text, setting.location)


def _secret_of_hs_credential(setting: Setting, name: KeyName, facts: FileFacts) -> bool:
    """`{algorithm: HS256, secret: ...}` (a Kong JWT credential Secret): the HMAC key itself."""
    return name.own == ("secret",) and required_bytes(setting, facts.algorithms) > 0


def in_url(setting: Setting, text: str, where: Location, facts: FileFacts) -> Iterator[Detection]:
    """The password of a connection URL (`postgres://app:<password>@db/app`)."""
    found = url_password(text)
    if found is None:
        return
    password = text[found[0] : found[1]]
    if not is_credential(password, facts, named=True) or (
        facts.example and is_dummy_value(password)
    ):
        return
    place = where
    if where == setting.location and text == setting.value:
        place = facts.sub_location(setting, password, found[0])
    yield _secret(setting, password, place)


def is_credential(text: str, facts: FileFacts, *, named: bool = False) -> bool:
    return is_credential_text(text, facts.context.params(SEC001), facts.source.kind, named=named)


def is_credential_text(
    text: str,
    thresholds: CredentialThresholds,
    kind: FileKind | None = None,
    *,
    named: bool = False,
) -> bool:
    """SEC001's value test, shared with SEC005 (code and scripts) so both judge alike.

    A value SEC002 reports in a file of `kind` is its own. Without a kind (a
    screen that must pass whatever the full test may report) it is not set apart.
    `named`: the value stands where the credential itself goes (`credentials.names_credential`).
    """
    if not looks_like_secret(text, thresholds.min_length, thresholds.min_entropy, named=named):
        return False
    if is_public_key(text) or is_pem_private_key(text) or is_prefixed_placeholder(text):
        return False
    # A value SEC002 reports is its own; one with a known prefix that fails the provider's
    # format (`sk-proj-` cut short, `SG.` a character short) is judged here like any secret.
    return kind is None or not recognises(text, kind)


def _secret(setting: Setting, value: str, where: Location) -> Detection:
    """SEC001 about a secret value: masked evidence, and its characters masked in snippets."""
    evidence = masking.evidence(value.strip())
    fields = {"key": display(setting.path)}
    return SEC001.detect(where, fields, evidence=evidence, secret_spans=(where,))
