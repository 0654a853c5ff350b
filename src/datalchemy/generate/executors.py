"""Where blocks are computed: in this process, in local worker processes, or on a Dask cluster.

Every executor yields a table's blocks **in order**, so the file bytes never depend on which one
ran them. :class:`Inline` hands back computed blocks (the engine encodes and writes them on a
writer thread). :class:`LocalProcesses` and :class:`~datalchemy.generate.dask_executor.DaskCluster`
hand back :class:`~.parts.BlockMeta`: the worker wrote the block to a part file itself.

Local workers are forked from this process when it runs no other thread (Linux), so they start
in milliseconds with the plan, the catalog and every loaded asset already in memory; otherwise
they come from a fork server that imported the generation modules once.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any, Protocol

import numpy as np

from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.generate.local_fs import LocalFileSystem
from datalchemy.generate.model import BlockResult, PlanModel
from datalchemy.generate.parts import BlockMeta, compute_block_parts

__all__ = ["Executor", "Inline", "LocalProcesses"]

Ranges = list[tuple[int, int]]


class Executor(Protocol):
    """Computes blocks of a table and yields them in order."""

    #: Blocks computed more than once (a lost worker's tasks run again).
    retries: int

    def blocks(self, table: str, ranges: Ranges, fmt: str) -> Iterator[BlockResult | BlockMeta]:
        """The blocks of ``table`` for ``ranges``, in order."""
        ...

    def close(self, *, ok: bool) -> None:
        """Release the workers (``ok`` False: cancel what is still queued)."""
        ...


class Inline:
    """Blocks computed in this process, one after the other."""

    retries = 0

    def __init__(self, model: PlanModel) -> None:
        self.model = model

    def blocks(self, table: str, ranges: Ranges, fmt: str) -> Iterator[BlockResult]:
        model = self.model.table(table)
        for start, stop in ranges:
            yield model.compute(np.arange(start, stop, dtype=np.int64))

    def close(self, *, ok: bool) -> None:
        pass


# -------------------------------------------------------------------- local worker processes

#: The plan model a worker computes with: inherited when forked, built by ``_init_worker`` else.
_worker_model: PlanModel | None = None
_FS = LocalFileSystem()


def _init_worker(
    resolved_json: str | None, schema_json: str | None, verify_with: str | None = None
) -> None:
    global _worker_model
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    _die_with_parent()
    if resolved_json is not None and schema_json is not None:
        _worker_model = PlanModel(
            ResolvedPlan.model_validate_json(resolved_json),
            DatabaseSchema.model_validate_json(schema_json),
            verify_with=verify_with,
        )


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (kill -9 included)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: the pool's own pipe watch still applies
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _worker_block(table: str, start: int, stop: int, fmt: str, parts_root: str) -> BlockMeta:
    assert _worker_model is not None
    return compute_block_parts(_worker_model.table(table), _FS, parts_root, start, stop, fmt)


def _context(model: PlanModel) -> tuple[Any, tuple[str | None, str | None, str | None]]:
    """(multiprocessing context, initializer args): fork when it is safe, else a fork server."""
    import multiprocessing  # here: a run in this process (one worker) never starts another

    global _worker_model
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        _worker_model = model  # inherited by the forked workers
        return multiprocessing.get_context("fork"), (None, None, None)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["datalchemy.generate.executors", "datalchemy.generators.registry"])
    return ctx, (
        model.resolved.model_dump_json(by_alias=True),
        model.schema.model_dump_json(by_alias=True),
        model.verify_with,
    )


class LocalProcesses:
    """Blocks computed by ``workers`` local processes that write part files."""

    retries = 0

    def __init__(self, model: PlanModel, workers: int, parts_root: str) -> None:
        self.workers = workers
        self.parts_root = parts_root
        warm_up(model)
        ctx, args = _context(model)
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=args
        )

    def blocks(self, table: str, ranges: Ranges, fmt: str) -> Iterator[BlockMeta]:
        window: deque[Future[BlockMeta]] = deque()
        limit = 2 * self.workers
        for start, stop in ranges:
            window.append(self.pool.submit(_worker_block, table, start, stop, fmt, self.parts_root))
            if len(window) >= limit:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def close(self, *, ok: bool) -> None:
        # Waits even after a failure: the interpreter joins the pool's manager thread at exit
        # anyway, and on CPython 3.11 its exit hook can race the thread closing its wake-up
        # pipe ("Bad file descriptor" printed after an interrupt). Queued blocks are cancelled;
        # only those already running finish.
        self.pool.shutdown(wait=True, cancel_futures=True)


def warm_up(model: PlanModel) -> None:
    """Compute one row of every table, so that generators, assets and key permutations are
    loaded once here and inherited by forked workers instead of loaded in each of them."""
    for rt in model.resolved.tables:
        if rt.rows:
            model.table(rt.qualified_name).compute(np.zeros(1, dtype=np.int64))
    model.release()  # a DuckDB connection must not cross a fork
