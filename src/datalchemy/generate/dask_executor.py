"""Blocks as Dask distributed tasks: ``generate --cluster local[:N] | tcp://HOST:PORT``.

Each task computes one block on a Dask worker and writes it as a part file to the run's file
system (a local folder the workers share, or an fsspec URL such as ``s3://...``); the client
appends the parts in block order, exactly as with local workers, so the bytes are the same as a
one-process run. The resolved plan is broadcast once; each worker builds its plan model once and
keeps it for the run's tasks.

A worker lost mid-task (killed, out of memory, a lost machine) is handled by Dask: the task runs
again elsewhere and writes the same bytes. Every run of a task leaves an attempt marker, so the
report counts the blocks that were computed more than once (``blocks_retried``).

Needs the optional extra ``datalchemy[dask]`` (``dask.distributed``).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import posixpath
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import CancelledError
from typing import Any

from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import GenerationError, UsageError
from datalchemy.generate.model import PlanModel
from datalchemy.generate.parts import BlockMeta, FileSystem, compute_block_parts

__all__ = ["FAULT_ENV", "DaskCluster", "parse_cluster"]

#: Fault injection for tests and drills: a path; the first task that finds it absent creates it
#: and kills its own worker process mid-task (as a lost machine would).
FAULT_ENV = "DATALCHEMY_TEST_KILL_WORKER_ONCE"

#: Plan models kept by a worker process, by plan digest (one run at a time in practice).
_models: dict[str, PlanModel] = {}


def parse_cluster(spec: str) -> tuple[str, int | None]:
    """``local`` / ``local:N`` -> ("local", N or None); a scheduler address -> (address, None).

    Raises:
        UsageError: for anything else.
    """
    if spec == "local":
        return "local", None
    if spec.startswith("local:"):
        count = spec.split(":", 1)[1]
        if count.isdigit() and int(count) > 0:
            return "local", int(count)
    elif "://" in spec:
        return spec, None
    raise UsageError(
        "cluster_invalid",
        f"--cluster {spec!r} is neither local, local:N nor a scheduler address",
        hint="use --cluster local:2, or --cluster tcp://scheduler-host:8786",
    )


def _model(payload: tuple[str, str, str, str | None]) -> PlanModel:
    digest, resolved_json, schema_json, verify_with = payload
    model = _models.get(digest)
    if model is None:
        _models.clear()
        model = PlanModel(
            ResolvedPlan.model_validate_json(resolved_json),
            DatabaseSchema.model_validate_json(schema_json),
            verify_with=verify_with,
        )
        _models[digest] = model
    return model


def _maybe_fail() -> None:
    marker = os.environ.get(FAULT_ENV)
    if marker and not os.path.exists(marker):
        with open(marker, "w"):
            pass
        os._exit(1)  # the worker process dies mid-task; Dask reruns the task elsewhere


def _task(
    payload: tuple[str, str, str, str | None],
    table: str,
    start: int,
    stop: int,
    fmt: str,
    fs: FileSystem,
    parts_root: str,
) -> BlockMeta:
    attempts = posixpath.join(parts_root, ".attempts")
    fs.makedirs(attempts, exist_ok=True)
    with fs.open(posixpath.join(attempts, f"{table}.{start}.{uuid.uuid4().hex}"), "wb"):
        pass
    _maybe_fail()
    return compute_block_parts(_model(payload).table(table), fs, parts_root, start, stop, fmt)


#: Times a run scatters its plan again after the cluster lost it, before it stops.
_MAX_LOST_PLANS = 3


class DaskCluster:
    """Blocks computed as tasks of a Dask cluster (started here for ``local``)."""

    retries = 0

    def __init__(self, model: PlanModel, spec: str, fs: FileSystem, parts_root: str) -> None:
        try:
            # Typed as Any: distributed's API is only partly annotated.
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise UsageError(
                "dask_missing",
                "--cluster needs dask.distributed",
                hint="pip install 'datalchemy[dask]'",
            ) from None
        address, count = parse_cluster(spec)
        self.fs = fs
        self.parts_root = parts_root
        self._cluster: Any = None
        if address == "local":
            count = count or os.cpu_count() or 1
            self._cluster = distributed.LocalCluster(
                n_workers=count,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.description = f"local:{count}"
            self.client = distributed.Client(self._cluster)
        else:
            self.description = address
            try:
                self.client = distributed.Client(address, timeout="20s")
            except OSError as exc:
                raise UsageError(
                    "cluster_unreachable",
                    f"cannot reach the Dask scheduler at {address}: {exc}",
                    hint="start it with `dask scheduler` and workers with `dask worker ADDRESS`",
                ) from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        resolved_json = model.resolved.model_dump_json(by_alias=True)
        schema_json = model.schema.model_dump_json(by_alias=True)
        key = resolved_json + schema_json + (model.verify_with or "")
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        self._plan = (digest, resolved_json, schema_json, model.verify_with)
        self._payload = self._scatter()
        self._token = uuid.uuid4().hex[:8]
        self._blocks = 0
        self._lost = 0

    def _scatter(self) -> Any:
        return self.client.scatter(self._plan, broadcast=True, hash=False)

    def _submit(self, table: str, start: int, stop: int, fmt: str) -> Any:
        return self.client.submit(
            _task,
            self._payload,
            table,
            start,
            stop,
            fmt,
            self.fs,
            self.parts_root,
            key=f"datalchemy-{self._token}-{table}-{start}-{self._lost}",
            pure=False,
        )

    def blocks(self, table: str, ranges: list[tuple[int, int]], fmt: str) -> Iterator[BlockMeta]:
        window: deque[Any] = deque()
        limit = 2 * self.workers
        for start, stop in ranges:
            block = (table, start, stop, fmt)
            window.append((self._submit(*block), block, self._lost))
            if len(window) >= limit:
                yield self._result(*window.popleft())
        while window:
            yield self._result(*window.popleft())

    def _result(self, future: Any, block: tuple[str, int, int, str], scatter: int) -> BlockMeta:
        """The block's parts; ``scatter``: how many times the plan had been scattered again when
        the task was submitted."""
        killed: Any = importlib.import_module("distributed").KilledWorker
        try:
            meta: BlockMeta = future.result()
        except CancelledError:
            # The worker that held the scattered plan died before another had a copy (a worker
            # that joined late): the scheduler forgets the plan and cancels the tasks that
            # needed it. Scatter it again and run the block again (its parts are rewritten
            # whole, so the bytes do not change); a cluster that keeps losing it stops the run.
            if scatter == self._lost:  # not scattered again since this task was submitted
                self._lost += 1
                if self._lost > _MAX_LOST_PLANS:
                    raise GenerationError(
                        "cluster_worker_lost",
                        f"the cluster lost the plan's data {self._lost} times; the run stopped",
                        hint="look at the workers' logs (memory limits?); the run can be started "
                        "again",
                    ) from None
                self._payload = self._scatter()
            return self._result(self._submit(*block), block, self._lost)
        except killed as exc:
            raise GenerationError(
                "cluster_worker_lost",
                f"a block's task killed {exc.args[1] if len(exc.args) > 1 else 'its worker'} "
                "repeatedly; the run stopped",
                hint="look at the workers' logs (memory limits?); the run can be started again",
            ) from None
        self._blocks += 1
        return meta

    def _count_retries(self) -> int:
        attempts = posixpath.join(self.parts_root, ".attempts")
        try:
            found = len(self.fs.ls(attempts, detail=False))
        except (OSError, FileNotFoundError):
            return 0
        return max(0, found - self._blocks)

    def close(self, *, ok: bool) -> None:
        self.retries = self._count_retries()
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()
