"""What every load target (PostgreSQL, SQLite, ODBC) does; the runner drives it.

A target owns one connection and one transaction at a time. The runner decides the transaction
scope (the whole load, or one table per transaction with a checkpoint), the order and the checks;
the target knows how to move bytes into its database fastest and how to name what went wrong.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from datalchemy.load.cycles import HeldForeignKey
from datalchemy.load.dataset import DatasetTable, FixupFile
from datalchemy.load.triggers import DisabledTriggers

if TYPE_CHECKING:
    from datalchemy.db.pool import Pool

__all__ = [
    "Progress",
    "SavedDdl",
    "StepProgress",
    "TableLoadError",
    "Target",
    "TargetFactory",
    "pooled_targets",
]

P = TypeVar("P", bound="Pool[Any]")

#: Called as data moves: (table, bytes done so far for that table).
Progress = Callable[[DatasetTable, int], None]
#: Called as a phase other than moving data advances (emptying tables, creating the schema,
#: checking foreign keys): (phase description, steps done, steps in the phase).
StepProgress = Callable[[str, int, int], None]


@dataclass
class SavedDdl:
    """Secondary indexes and foreign keys dropped for a fast load, to re-create after it."""

    indexes: list[str]
    foreign_keys: list[tuple[str, str, str]]  # (table, constraint name, definition)


class TableLoadError(Exception):
    """A target's error while loading one table, with the data row the database named, if any.

    ``raw`` is the driver's own message and ``context`` what else the driver says about where it
    happened (PostgreSQL's error context, which names a trigger's PL/pgSQL function; SQLite's
    extended error name, ``SQLITE_CONSTRAINT_TRIGGER`` for a trigger's ``RAISE``): the runner
    reads them to name the trigger behind a rejected row.
    """

    def __init__(
        self,
        cause: Exception,
        failing_row: int | None,
        *,
        raw: str | None = None,
        context: str | None = None,
    ) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.failing_row = failing_row
        self.raw = raw
        self.context = context


class Target(Protocol):
    strategy: str

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...

    def count(self, table: DatasetTable) -> int: ...

    def current_date(self) -> date | None:
        """The target's ``CURRENT_DATE`` (None: it cannot say), for time-relative CHECKs."""
        ...

    def cancel(self) -> None:
        """Stop the statement running on the target's connection, from any thread (SIGINT,
        SIGTERM); the statement then fails and the runner rolls back."""
        ...

    def empty(self, tables: Sequence[DatasetTable], on_step: StepProgress) -> None:
        """Delete every row of ``tables`` (truncate / recreate modes), inside the transaction."""
        ...

    def drop_secondary(self, tables: Sequence[DatasetTable]) -> SavedDdl:
        """Drop secondary indexes and FKs of ``tables`` (recreate mode) and return their DDL."""
        ...

    def restore_secondary(self, saved: SavedDdl) -> None: ...

    def load_table(self, table: DatasetTable, progress: Progress) -> int:
        """Insert every row of ``table``'s file; return the rows the database took."""
        ...

    def apply_fixup(self, table: DatasetTable, fixup: FixupFile) -> int:
        """Set the deferred FK columns of a broken cycle; return the rows updated."""
        ...

    def move_sequences(self, table: DatasetTable) -> list[str]:
        """Set identity / serial sequences past the loaded values; return the ones moved."""
        ...

    def hold_foreign_keys(self, held: Sequence[HeldForeignKey]) -> SavedDdl:
        """Keep the foreign keys of ``held`` (NOT NULL edges of a cycle, whose parents are
        loaded later) from being checked before the cycle is loaded: defer them, or drop them
        and return their DDL, which :meth:`restore_secondary` adds back (validated)."""
        ...

    def check_foreign_keys(self, tables: Sequence[DatasetTable]) -> None:
        """Raise when a deferred foreign key is broken (targets that check FKs at commit)."""
        ...

    def execute_ddl(self, sql: str) -> None:
        """Run one ``--create-schema`` statement inside the transaction."""
        ...

    def existing_objects(
        self, relations: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]
    ) -> list[str]:
        """The ``schema.name`` of each of ``relations`` (tables, sequences, indexes) and
        ``types`` the target already holds."""
        ...

    def disable_triggers(self, tables: Sequence[DatasetTable]) -> DisabledTriggers:
        """Switch off the user triggers of ``tables`` inside the current transaction."""
        ...

    def restore_triggers(self, saved: DisabledTriggers) -> None:
        """Switch the triggers of ``saved`` back on, before the transaction commits."""
        ...


@dataclass(frozen=True)
class TargetFactory:
    """What an engine gives the loader: a way to open targets, and the strategy they use."""

    open: Callable[[], Target]
    """A new target, on its own pooled connection (``close()`` gives the connection back)."""

    strategy: str
    """``copy_csv``, ``executemany`` or ``odbc_bulk`` (reported, and used for estimates)."""


def pooled_targets(
    open_pool: Callable[[], P], make: Callable[[P], Target], resources: ExitStack
) -> Callable[[], Target]:
    """Targets that each check a connection out of one pool.

    The pool opens with the first target (a dry run connects to nothing) and is closed with
    ``resources``; worker threads asking for their first targets at once share that one pool.
    """
    pools: list[P] = []
    lock = threading.Lock()

    def open_target() -> Target:
        with lock:
            if not pools:
                pool = open_pool()
                resources.callback(pool.close)
                pools.append(pool)
        return make(pools[0])

    return open_target
