"""Work spread over worker processes, where one item can crash a worker but never the run.

A native crash (libcst's parser overflowing its stack is a segfault, not an
exception) kills the worker and breaks the whole `ProcessPoolExecutor`: every
pending item fails with BrokenProcessPool. Each worker marks the items it
starts and finishes in shared memory, so after a break the items that were in
flight are known: each runs again alone in a fresh process, where a second
crash is that item's own, and every other unfinished item goes to a new pool.

What every item shares (the scan's settings) goes to each worker once, when
it starts, instead of with every batch.

An interruption (Ctrl-C, SIGTERM turned into an exception by the CLI) must not
leave workers behind: the pool is shut down without waiting and its workers
are terminated before the exception goes on.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.sharedctypes import RawArray
from typing import Any, Generic, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_STARTED = 1
_FINISHED = 2
_state: Any = None  # in a worker: one byte per item of the round, shared with the parent
_shared: Any = None  # in a worker: what every item of the run shares, sent once


class _Round(Generic[R]):
    """One pool over some of the items: what it finished, and what was in flight when it broke."""

    def __init__(self, total: int) -> None:
        self.state: Any = RawArray("b", total)
        self.results: dict[int, R] = {}

    def in_flight(self, indexes: Sequence[int]) -> list[int]:
        return [i for i in indexes if i not in self.results and self.state[i] == _STARTED]


def run(
    work: Callable[[S, T], R],
    shared: S,
    items: Sequence[T],
    workers: int,
    chunk: int,
    crashed: Callable[[T], R],
    advance: Callable[[int], None] = lambda done: None,
) -> list[R]:
    """`work(shared, item)` for every item, in order; `crashed(item)` for one that kills its process.

    `work` must be picklable (a module-level function); `shared` is pickled
    once per worker.
    `advance` hears how many items a finished batch held, as batches finish.
    """
    results: dict[int, R] = {}
    pending = list(range(len(items)))
    while pending:
        round_: _Round[R] = _Round(len(items))
        _pooled(work, shared, items, pending, workers, chunk, round_, advance)
        results.update(round_.results)
        suspects = round_.in_flight(pending)
        if not suspects and len(round_.results) < len(pending):
            suspects = [i for i in pending if i not in round_.results]  # no trace: trust none
        for index in suspects:
            results[index] = _alone(work, shared, items[index], crashed)
            advance(1)
        pending = [i for i in pending if i not in results]
    return [results[i] for i in range(len(items))]


def _pooled(
    work: Callable[[S, T], R],
    shared: S,
    items: Sequence[T],
    indexes: Sequence[int],
    workers: int,
    chunk: int,
    round_: _Round[R],
    advance: Callable[[int], None],
) -> None:
    batches = [
        [(i, items[i]) for i in indexes[start : start + chunk]]
        for start in range(0, len(indexes), chunk)
    ]
    with _executor(min(workers, len(batches)), round_.state, shared) as pool:
        futures: list[Future[list[tuple[int, R]]]] = [
            pool.submit(_batch, work, batch) for batch in batches
        ]
        sizes = {id(future): len(batch) for future, batch in zip(futures, batches, strict=True)}
        for future in as_completed(futures):
            if future.exception() is None:
                advance(sizes[id(future)])
    for future in futures:
        error = future.exception()
        if isinstance(error, BrokenProcessPool):
            continue
        if error is not None:
            raise error
        round_.results.update(future.result())


def _alone(work: Callable[[S, T], R], shared: S, item: T, crashed: Callable[[T], R]) -> R:
    with _executor(1, RawArray("b", 1), shared) as pool:
        future = pool.submit(_batch, work, [(0, item)])
        try:
            return future.result()[0][1]
        except BrokenProcessPool:
            return crashed(item)


@contextmanager
def _executor(workers: int, state: Any, shared: Any) -> Iterator[ProcessPoolExecutor]:
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(state, shared)
    )
    try:
        yield pool
    except BaseException:
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now: pending work is dropped and running workers are killed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def _start_worker(state: Any, shared: Any) -> None:
    """A worker leaves interruptions to the parent, which terminates it; SIGTERM kills it at once."""
    global _state, _shared
    _state = state
    _shared = shared
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _batch(work: Callable[[Any, T], R], batch: Sequence[tuple[int, T]]) -> list[tuple[int, R]]:
    done = []
    for index, item in batch:
        _state[index] = _STARTED
        done.append((index, work(_shared, item)))
        _state[index] = _FINISHED
    return done
