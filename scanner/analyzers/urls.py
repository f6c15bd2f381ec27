"""URLs: the host one names, and whether a plain-http one leaves the machine.

JWT010 reports keys and tokens fetched over plain http, whatever file names the
URL: Python, a config file or a gateway's validator all ask `is_plain_http`,
so one URL gets one answer everywhere. The judgement, and why:

- Only `http://` (any case, surrounding blanks ignored) is plain http; `https://`,
  other schemes and a malformed URL (`http:/x`, `http://[::1`) are not judged.
- The host decides, not the path or port: `http://idp.example.com/${REALM}` still
  sends its request in the clear, while a host that is not written out as a
  name or an address (`${HOST}`, `{{ .Values.host }}`, `{host}`, `%(host)s`, an
  f-string's placeholder, nothing at all) is unknown here and left alone:
  where it points is decided elsewhere, possibly the same machine.
- A host on this machine is left alone: nobody on the network sees the request.
  That is loopback (`localhost`, `*.localhost`, `127.0.0.0/8`, `::1`), the
  unspecified address (`0.0.0.0`, which connects to this machine), the Docker
  host seen from a container and the test client's host (`testserver`).
- Link-local addresses (`169.254.0.0/16`, `fe80::/10`) and the cloud instance
  metadata service's names are left alone too: they are never routed off the
  link, and the metadata and credential services that live there answer over
  http by design; nobody can ask them for TLS.
- Every other host is judged, a private address (`10.0.0.5`) or a single label
  (`http://keycloak:8080`) included: anyone on that network or in the cluster
  can read or swap what travels in the clear.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

# Names that reach this machine (RFC 6761 `localhost`, Docker's name for its host) or a test
# client's fake host, and the cloud instance metadata service's names (GCE).
_LOCAL_NAMES = frozenset(
    {"localhost", "host.docker.internal", "testserver", "metadata", "metadata.google.internal"}
)
# The instance metadata service's IPv6 address on AWS Nitro (a unique local address).
_METADATA_ADDRESSES = frozenset({ipaddress.ip_address("fd00:ec2::254")})
# A host written out: labels of letters, digits, `-` and `_` (any non-ASCII character too, for an
# internationalised name) joined by dots. Template and shell marks (`{`, `$`, `%`, `<`) are not.
_LABEL = r"[-\w\u0080-\U0010ffff]+"
_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# An IPv4 address in inet_aton's shorthand: one to four decimal, octal or hex parts.
_SHORTHAND = re.compile(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}")


def host_of(address: str) -> str:
    """The host of a URL or of a bare `host[:port]`, lower case, "" when there is none."""
    text = address.strip().strip("\"'").lower()
    if not text:
        return ""
    if "://" not in text:
        text = "//" + text
    try:
        return (urlsplit(text).hostname or "").rstrip(".")
    except ValueError:
        return ""


def is_plain_http(url: str) -> bool:
    """An `http://` URL whose host is known and is not on this machine or its link."""
    text = url.strip()
    if text[:7].lower() != "http://":
        return False
    host = host_of(text)
    return _is_written_out(host) and not is_local_host(host)


def _is_written_out(host: str) -> bool:
    """A DNS name or an IP address, not a template, a variable or nothing."""
    return bool(_NAME.fullmatch(host)) or _address(host) is not None


def is_local_host(host: str) -> bool:
    """Loopback, unspecified or link-local, or a name for this machine or the metadata service
    (`host` as `host_of` gives it: lower case, no brackets, no trailing dot)."""
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    address = _address(host)
    if address is None:
        return False
    return (
        address.is_loopback
        or address.is_unspecified
        or address.is_link_local
        or address in _METADATA_ADDRESSES
    )


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host writes out, an IPv4-mapped IPv6 one as its IPv4 address.

    The shorthand clients resolve without DNS (`127.1`, `2130706433`, `0x7f.1`,
    `0`: inet_aton's forms) is an address too, read by inet_aton itself.
    """
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not _SHORTHAND.fullmatch(host):
            return None
        try:
            address = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
