"""How a token is decoded: signature checks turned off (JWT001), `none` allowed (JWT002)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.analyzers.python.apis import Role
from scanner.analyzers.python.module import Facts, ResolvedCall
from scanner.analyzers.python.values import Known, plain
from scanner.model import Detection, Related


def detect(facts: Facts) -> Iterator[Detection]:
    for call in facts.calls:
        if call.api.role is Role.DECODE:
            yield from _signature_off(call, facts)
            yield from _none_accepted(call, facts)


def _signature_off(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    api = call.api
    if api.options is not None:
        options = facts.argument(call.node, api.options, call.chain)
        flags = plain(options)
        if isinstance(flags, dict) and flags.get("verify_signature") is False:
            assert isinstance(options, Known)
            yield Detection(
                "JWT001",
                facts.location(call.node),
                {"how": 'options["verify_signature"] is False'},
                related=_defined_elsewhere(call, options, facts, "options defined here"),
            )
            return
    if api.verify is not None:
        verify = facts.argument(call.node, api.verify, call.chain)
        if isinstance(verify, Known) and verify.value is False:
            yield Detection(
                "JWT001", facts.location(call.node), {"how": "verify=False (PyJWT 1.x)"}
            )


def _none_accepted(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    slot = call.api.algorithms
    if slot is None:
        return
    algorithms = facts.argument(call.node, slot, call.chain)
    listed = plain(algorithms)
    names = listed if isinstance(listed, tuple) else (listed,)
    if any(isinstance(name, str) and name.lower() == "none" for name in names):
        assert isinstance(algorithms, Known)
        yield Detection(
            "JWT002",
            facts.location(call.node),
            {"detail": 'decoding allows algorithm "none"'},
            related=_defined_elsewhere(call, algorithms, facts, "algorithms defined here"),
        )


def _defined_elsewhere(
    call: ResolvedCall, value: Known, facts: Facts, message: str
) -> tuple[Related, ...]:
    inside = facts.location(call.node)
    origin = facts.location(value.origin)
    if inside.line <= origin.line <= (inside.end_line or inside.line):
        return ()
    return (Related(facts.relpath, origin, message),)
