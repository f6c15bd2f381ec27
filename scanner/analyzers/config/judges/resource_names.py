"""Values that name a piece of infrastructure: a host, an address, a cloud ID, an ARN, a region.

Terraform marks an output sensitive when anything it is built from is, so
a state's sensitive outputs hold database endpoints, instance and security
group IDs and regions as often as passwords. These shapes are random-looking
enough to pass SEC001's value test, yet they locate a resource rather than
open it.
"""

from __future__ import annotations

import ipaddress
import re

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}")
# AWS resource IDs (`i-0abc...`, `sg-...`, `vpc-...`, `subnet-...`): a short type, 8 or 17 hex.
_CLOUD_ID = re.compile(r"[a-z]{1,12}(?:-[a-z]{1,12})?-(?:[0-9a-f]{8}|[0-9a-f]{17})")
_ARN = re.compile(r"arn:aws[\w-]*:[\w-]+:[\w-]*:\d{0,12}:\S+")
# `us-east-1`, `us-gov-west-1`, `eu-central-2` (AWS); `us-central1`, `europe-west4-b` (GCP).
_REGION = re.compile(r"[a-z]{2,12}(?:-[a-z]{2,12}){1,2}-?\d{1,2}(?:-[a-z])?")


def names_infrastructure(value: str) -> bool:
    """Whether `value` is a host name, an IP address (either with a port), a cloud ID, an ARN or a region."""
    text = value.strip()
    if _CLOUD_ID.fullmatch(text) or _ARN.fullmatch(text) or _REGION.fullmatch(text):
        return True
    host, colon, port = text.rpartition(":")
    with_port = bool(colon) and port.isdigit() and len(port) <= 5
    return _is_place(text) or (with_port and _is_place(host))


def _is_place(text: str) -> bool:
    return _is_host_name(text) or _is_address(text)


def _is_host_name(text: str) -> bool:
    *labels, top = text.split(".")
    return (
        bool(labels)
        and all(_LABEL.fullmatch(label) for label in labels)
        and bool(_TOP_LEVEL.fullmatch(top))
    )


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True
