"""What every load target (PostgreSQL, SQLite, ODBC) does; the runner drives it.

A target owns one connection and one transaction at a time. The runner decides the transaction
scope (the whole load, or one table per transaction with a checkpoint), the order and the checks;
the target knows how to move bytes into its database fastest and how to name what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from datalchemy.load.dataset import DatasetTable, FixupFile

__all__ = ["Progress", "SavedDdl", "TableLoadError", "Target"]

#: Called as data moves: (table, bytes done so far for that table).
Progress = Callable[[DatasetTable, int], None]


@dataclass
class SavedDdl:
    """Secondary indexes and foreign keys dropped for a fast load, to re-create after it."""

    indexes: list[str]
    foreign_keys: list[tuple[str, str, str]]  # (table, constraint name, definition)


class TableLoadError(Exception):
    """A target's error while loading one table, with the data row the database named, if any."""

    def __init__(self, cause: Exception, failing_row: int | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.failing_row = failing_row


class Target(Protocol):
    engine: str
    strategy: str

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...

    def count(self, table: DatasetTable) -> int: ...

    def empty(self, tables: Sequence[DatasetTable]) -> None:
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

    def check_foreign_keys(self, tables: Sequence[DatasetTable]) -> None:
        """Raise when a deferred foreign key is broken (targets that check FKs at commit)."""
        ...
