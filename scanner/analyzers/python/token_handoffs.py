"""The caller's token handed between modules of one repository, as claims (TOK001).

Each file is parsed once and alone, so a handler that calls a helper of
another module cannot see what that helper does with the token. Each side
states what it knows as a claim (`Vouch`) the engine matches after the scan:
a module says which of its functions return the caller's token, which of
their parameters they send on in the headers of an outgoing call, and which
of its module-level names are FastAPI bearer schemes. A finding that needs
the other side stands only when that side vouches for it, and is always
found in the handler: a forward of what an imported `caller_token()`
returns, or of a parameter that depends on an imported `oauth2_scheme`, or
the token passed to an imported helper that sends that parameter on
(reported at the handler's call, where the caller's token is handed over:
the helper has no caller of its own and may be given other tokens). One
import deep: a helper's own imports are not followed.

An absolute import names a module from its package, which may sit in any
folder (`*/app/clients.py`): a module therefore vouches under its path and
under every shorter tail of it, and a package's `__init__.py` as the package.
Python finds such a module under a folder on its path, most often one the
importer sits in, before one anywhere else: each module also states, under
its own path, which of its functions return no caller's token and which
parameters they do not send on, and a module of that name in a folder of
the importer that states so withdraws what a module elsewhere vouches
(`billing/app/routes.py` importing `app.clients` uses
`billing/app/clients.py`, not `shop/app/clients.py`). Two such modules in
the importer's folders are not ranked: one that says no withdraws. Only
modules this family reads state anything: a nearer module with no HTTP
client and no request headers (a helper reading `os.environ` alone) says
nothing, and a far module's claim still stands.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

import libcst as cst

from scanner.analyzers.python.library import LIBRARY
from scanner.analyzers.python.module import Chain, Facts
from scanner.analyzers.python.names import module_path
from scanner.registry import TOK001

_RETURNS = f"{TOK001.id}-returns:"
_SENDS = f"{TOK001.id}-sends:"
_SCHEME = f"{TOK001.id}-scheme:"
_RETURNS_NOT = f"{TOK001.id}-returns-not:"
_SENDS_NOT = f"{TOK001.id}-sends-not:"
# Packages no repository module is: the standard library and those the library table knows.
_NOT_OURS = frozenset(sys.stdlib_module_names) | {name.split(".")[0] for name in LIBRARY}


def imported(facts: Facts, func: cst.BaseExpression, chain: Chain) -> tuple[str, ...]:
    """The repository functions a called name may be (`app/clients.py:caller_token`)."""
    qualified = [
        q
        for q in facts.qualify_in(func, chain)
        if "()" not in q and (q.startswith(".") or q.split(".")[0] not in _NOT_OURS)
    ]
    return tuple(sorted(filter(None, (module_path(facts.relpath, q) for q in qualified))))


def returned_by(functions: tuple[str, ...]) -> tuple[str, ...]:
    """What a caller needs vouched: one of `functions` returns the caller's token."""
    return tuple(_RETURNS + f for f in functions)


def returned_elsewhere(importer: str, functions: tuple[str, ...]) -> tuple[str, ...]:
    """What withdraws a caller's need of `returned_by`: a module of that name in a folder of
    the importer whose function returns no caller's token."""
    return tuple(_RETURNS_NOT + f for f in _nearer(importer, functions))


def returns(relpath: str, function: str) -> Iterator[str]:
    """The claims of a module whose `function` returns the caller's token."""
    yield from (_RETURNS + spelled for spelled in _spellings(relpath, function))


def returns_not(relpath: str, function: str) -> str:
    """The claim of a module whose `function` returns no caller's token."""
    return _RETURNS_NOT + _own(relpath, function)


def scheme_needed(names: tuple[str, ...]) -> tuple[str, ...]:
    """What a parameter depending on an imported name needs vouched: the name is a bearer scheme."""
    return tuple(_SCHEME + n for n in names)


def scheme(relpath: str, name: str) -> Iterator[str]:
    """The claims of a module whose module-level `name` is a bearer security scheme."""
    yield from (_SCHEME + spelled for spelled in _spellings(relpath, name))


def sent_by(
    functions: tuple[str, ...], position: int | None, keyword: str | None
) -> tuple[str, ...]:
    """What a call passing the token to one of `functions` (by position or name) needs
    vouched: that function sends that parameter on."""
    return tuple(_parameters(_SENDS, functions, position, keyword))


def sent_elsewhere(
    importer: str, functions: tuple[str, ...], position: int | None, keyword: str | None
) -> tuple[str, ...]:
    """What withdraws a caller's need of `sent_by`: a module of that name in a folder of the
    importer whose function does not send that parameter on."""
    return tuple(_parameters(_SENDS_NOT, _nearer(importer, functions), position, keyword))


def sends(relpath: str, function: str, position: int | None, name: str) -> Iterator[str]:
    """The claims of a module whose `function` sends its parameter `name` on."""
    for spelled in _spellings(relpath, function):
        yield from _parameters(_SENDS, (spelled,), position, name)


def sends_not(relpath: str, function: str, position: int | None, name: str) -> Iterator[str]:
    """The claims of a module whose `function` does not send its parameter `name` on."""
    yield from _parameters(_SENDS_NOT, (_own(relpath, function),), position, name)


def _parameters(
    kind: str, functions: Iterable[str], position: int | None, name: str | None
) -> Iterator[str]:
    for function in functions:
        if position is not None:
            yield f"{kind}{function}#{position}"
        if name is not None:
            yield f"{kind}{function}={name}"


def _nearer(importer: str, functions: tuple[str, ...]) -> Iterator[str]:
    """Each function an absolute import names (`*/app/clients.py:f`) in every folder of the
    importer, from its own up to the root: where Python looks for it first."""
    folders = importer.split("/")[:-1]
    for function in functions:
        if function.startswith("*/"):
            for depth in range(len(folders), -1, -1):
                yield "/".join([*folders[:depth], function[2:]])


def _own(relpath: str, function: str) -> str:
    """`a/b/c.py:f` as the module's own path names it (a package by its folder)."""
    path = (
        relpath.removesuffix("/__init__.py") + ".py"
        if relpath.endswith("/__init__.py")
        else relpath
    )
    return f"{path}:{function}"


def _spellings(relpath: str, function: str) -> Iterator[str]:
    """`a/b/c.py:f` as the module's own path and as every absolute import may name it."""
    own = _own(relpath, function)
    yield own
    parts = own.split("/")
    for start in range(len(parts)):
        yield "*/" + "/".join(parts[start:])
