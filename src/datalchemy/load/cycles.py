"""Foreign keys a load fills after: the NOT NULL edges that close a cycle of tables.

Generation breaks a foreign-key cycle at one edge (:mod:`datalchemy.plan.resolve.topology`). A
nullable edge is written NULL and set by a fix-up file. A NOT NULL edge keeps its values in the
file, so its table is loaded before the parent it references exists: the target must not check
that constraint until the cycle is loaded. How depends on the target
(:meth:`~datalchemy.load.target.Target.hold_foreign_keys`): PostgreSQL defers a DEFERRABLE
constraint and drops a non-deferrable one inside the load transaction, adding it back (validated)
before COMMIT; SQLite checks every foreign key at COMMIT already (``defer_foreign_keys``).

Both need the whole cycle in one transaction, so a table-by-table load of such a dataset is
refused before anything is written (:func:`require_one_transaction`).
"""

from __future__ import annotations

from dataclasses import dataclass

from datalchemy.contracts.schema import ForeignKey
from datalchemy.engines import Capabilities
from datalchemy.errors import UsageError
from datalchemy.load.dataset import Dataset, DatasetTable

__all__ = ["HeldForeignKey", "filled_after", "require_holdable", "require_one_transaction"]


@dataclass(frozen=True)
class HeldForeignKey:
    """A foreign key of ``table`` whose parent is loaded after it."""

    table: DatasetTable
    fk: ForeignKey

    @property
    def label(self) -> str:
        return f"{self.table.qualified}.{self.fk.name or '+'.join(self.fk.columns)}"


def filled_after(dataset: Dataset) -> list[HeldForeignKey]:
    """The foreign keys of the dataset that reference a table loaded later (not itself), other
    than the ones a fix-up file sets (their values are NULL in the file) and the ones only a
    trigger enforces (no constraint to hold)."""
    position = {t.qualified: i for i, t in enumerate(dataset.tables)}
    out: list[HeldForeignKey] = []
    for i, table in enumerate(dataset.tables):
        fixed = {f.foreign_key for f in table.fixups}
        for fk in table.table.foreign_keys:
            parent = position.get(fk.referenced)
            if parent is None or parent <= i or fk.enforced_by is not None:
                continue
            if fk.name is not None and fk.name in fixed:
                continue
            out.append(HeldForeignKey(table, fk))
    return out


def require_one_transaction(held: list[HeldForeignKey], scope: str) -> None:
    """Refuse a table-by-table load when a cycle's NOT NULL edge must wait for its parent.

    Raises:
        UsageError: ``fk_cycle_needs_one_transaction``, naming the foreign keys.
    """
    if not held or scope != "table":
        return
    names = ", ".join(h.label for h in held)
    raise UsageError(
        "fk_cycle_needs_one_transaction",
        f"foreign keys {names} close a cycle of NOT NULL foreign keys: they can only be checked "
        "once every table of the cycle is loaded, inside one transaction",
        hint="load with --transaction all (and without --workers / --resume)",
    )


def require_holdable(held: list[HeldForeignKey], capabilities: Capabilities) -> None:
    """Refuse, before anything is written, a cycle edge the target cannot hold until its cycle
    is loaded (a NOT NULL, non-deferrable foreign key into a generic ODBC target).

    Raises:
        UsageError: ``fk_cycle_not_loadable``, naming the foreign keys.
    """
    cannot = [h for h in held if not h.fk.deferrable and not capabilities.not_null_fk_cycles]
    if not cannot:
        return
    names = ", ".join(h.label for h in cannot)
    raise UsageError(
        "fk_cycle_not_loadable",
        f"foreign keys {names} close a cycle of NOT NULL foreign keys, and this target cannot "
        "hold a constraint until the cycle is loaded",
        hint="load through the database's native URL (postgresql://, sqlite:///), or make one "
        "foreign key of the cycle DEFERRABLE or nullable",
    )
