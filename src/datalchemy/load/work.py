"""The plan of work of a load: what will happen, in which order, how, and roughly how long.

``--dry-run`` prints it and stops; a real load records it in its report.
"""

from __future__ import annotations

from dataclasses import dataclass

from datalchemy.contracts.load import LoadMode, TransactionScope
from datalchemy.errors import UsageError
from datalchemy.load.cycles import filled_after, require_one_transaction
from datalchemy.load.dataset import Dataset

__all__ = ["SINGLE_TRANSACTION_LIMIT", "WorkPlan", "WorkStep", "plan_work", "table_dependencies"]

#: Above this many bytes of data, ``--transaction auto`` loads one table per transaction with a
#: checkpoint: one huge transaction keeps every WAL segment and lock until the end.
SINGLE_TRANSACTION_LIMIT = 4 << 30

# Rough rates measured on a 2-core machine (docs/performance.md), for the dry-run estimate only.
_BYTES_PER_SEC = {"copy_csv": 60e6, "executemany": 20e6, "odbc_bulk": 2.5e6}


@dataclass(frozen=True)
class WorkStep:
    order: int
    table: str
    rows: int
    bytes: int
    fixups: int
    depends_on: tuple[str, ...]
    estimated_s: float


@dataclass(frozen=True)
class WorkPlan:
    engine: str
    strategy: str
    mode: LoadMode
    transaction: TransactionScope
    workers: int
    steps: tuple[WorkStep, ...]

    @property
    def estimated_s(self) -> float:
        return round(sum(s.estimated_s for s in self.steps) / max(1, self.workers), 2)

    def to_dict(self) -> dict[str, object]:
        return {
            "engine": self.engine,
            "strategy": self.strategy,
            "mode": self.mode,
            "transaction": self.transaction,
            "workers": self.workers,
            "estimated_s": self.estimated_s,
            "steps": [s.__dict__ for s in self.steps],
        }


def table_dependencies(dataset: Dataset) -> dict[str, set[str]]:
    """Parents each table must wait for: FKs among the dataset's tables, minus self-references
    and the cycle edges closed later by fix-up files. (A table-by-table load never holds a NOT
    NULL cycle edge: :func:`~datalchemy.load.cycles.require_one_transaction` refuses it.)"""
    present = {t.qualified for t in dataset.tables}
    deps: dict[str, set[str]] = {}
    for t in dataset.tables:
        deferred = {f.foreign_key for f in t.fixups}
        deps[t.qualified] = {
            fk.referenced
            for fk in t.table.foreign_keys
            if fk.referenced in present and fk.referenced != t.qualified and fk.name not in deferred
        }
    return deps


def _scope(
    transaction: TransactionScope | str,
    dataset: Dataset,
    mode: LoadMode,
    workers: int,
    resume: bool,
) -> TransactionScope:
    if transaction == "auto":
        # A cycle of NOT NULL foreign keys is checked once the cycle is loaded: one transaction.
        big = dataset.bytes > SINGLE_TRANSACTION_LIMIT and not filled_after(dataset)
        scope: TransactionScope = "table" if big or workers > 1 or resume else "all"
    elif transaction in ("all", "table"):
        scope = transaction  # type: ignore[assignment]
    else:
        raise UsageError(
            "bad_transaction_scope",
            f"unknown transaction scope {transaction!r}",
            hint="use --transaction auto, all or table",
        )
    if scope == "all" and workers > 1:
        raise UsageError(
            "workers_need_table_scope",
            "parallel workers cannot share one transaction",
            hint="use --transaction table with --workers N (each table commits on its own)",
        )
    require_one_transaction(filled_after(dataset), scope)
    if scope == "table" and mode == "recreate":
        raise UsageError(
            "recreate_needs_one_transaction",
            "--mode recreate drops indexes and foreign keys, which must come back in the same "
            "transaction",
            hint="use --transaction all with --mode recreate, or --mode truncate",
        )
    return scope


def plan_work(
    dataset: Dataset,
    *,
    engine: str,
    strategy: str,
    mode: LoadMode,
    transaction: TransactionScope | str,
    workers: int,
    resume: bool,
    single_writer: bool = False,
) -> WorkPlan:
    """Decide the transaction scope and list the steps, parents first.

    ``single_writer``: the target takes one writer at a time (SQLite, natively or through ODBC).
    """
    if workers < 1:
        raise UsageError("bad_workers", "--workers must be 1 or more", hint="use --workers 1")
    scope = _scope(transaction, dataset, mode, workers, resume)
    if workers > 1 and single_writer:
        raise UsageError(
            "sqlite_single_writer",
            "SQLite allows one writer at a time: parallel workers would only wait for each other",
            hint="load SQLite with --workers 1",
        )
    deps = table_dependencies(dataset)
    rate = _BYTES_PER_SEC.get(strategy, 20e6)
    steps = tuple(
        WorkStep(
            order=i + 1,
            table=t.qualified,
            rows=t.rows,
            bytes=t.bytes,
            fixups=sum(f.rows for f in t.fixups),
            depends_on=tuple(sorted(deps[t.qualified])),
            estimated_s=round(t.bytes / rate, 3),
        )
        for i, t in enumerate(dataset.tables)
    )
    return WorkPlan(engine, strategy, mode, scope, workers, steps)
