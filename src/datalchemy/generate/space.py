"""Will the dataset fit? An estimate of its size, checked against the output's free space.

``rows: 1000000000`` used to pass validation and fill the disk hours later. Before writing,
generation estimates each table's bytes from its columns (a CSV cell's typical width per type,
declared lengths and precisions where the schema gives them) and refuses to start when the
total exceeds the free space of a local output folder, with both numbers; ``--force``
(``force=True``) starts anyway. Remote outputs (fsspec URLs) are not measured.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> cell_bytes(Column(ordinal=1, name="v", declared_type="varchar(40)",
    ...                   family=TypeFamily.TEXT, nullable=False, length=40))
    21
"""

from __future__ import annotations

import shutil
from pathlib import Path

from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import Column, DatabaseSchema, TypeFamily
from datalchemy.errors import UsageError

__all__ = ["cell_bytes", "check_free_space", "estimated_bytes"]

#: Typical CSV width of a value, by family (timestamps with fractions and zone, uuids, ...).
_WIDTH = {
    TypeFamily.BOOLEAN: 5, TypeFamily.INTEGER: 8, TypeFamily.FLOAT: 18, TypeFamily.UUID: 36,
    TypeFamily.DATE: 10, TypeFamily.TIME: 15, TypeFamily.TIMESTAMP: 26,
    TypeFamily.TIMESTAMPTZ: 32, TypeFamily.INTERVAL: 20, TypeFamily.JSON: 64,
    TypeFamily.BYTES: 48, TypeFamily.NETWORK: 15, TypeFamily.ENUM: 10, TypeFamily.ARRAY: 40,
    TypeFamily.MONEY: 12,
}  # fmt: skip
_TEXT = 24  # an unbounded text column: names, e-mails, addresses
#: Headroom kept free: the estimate is rough and the file system needs some space itself.
_MARGIN = 1.10


def cell_bytes(col: Column) -> int:
    """Estimated width of one value of ``col`` in the CSV output (plus its separator)."""
    if col.family == TypeFamily.DECIMAL and col.precision:
        return col.precision + 3
    if col.family in (TypeFamily.TEXT, TypeFamily.BIT, TypeFamily.UNKNOWN, TypeFamily.XML):
        return (min(col.length, 200) // 2 if col.length else _TEXT) + 1
    return _WIDTH.get(col.family, _TEXT) + 1


def estimated_bytes(resolved: ResolvedPlan, schema: DatabaseSchema) -> int:
    """The dataset's estimated size in bytes (every table's rows times its row width)."""
    total = 0
    for rt in resolved.tables:
        table = schema.find_table(rt.schema_name, rt.table)
        if table is None:
            continue
        width = sum(cell_bytes(c) for c in table.columns if not c.is_generated) + 1
        total += rt.rows * width
    return total


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if n < 1000 or unit == "PB":
            return f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} PB"  # pragma: no cover - the loop returns


def check_free_space(
    resolved: ResolvedPlan, schema: DatabaseSchema, out_root: Path, *, force: bool
) -> int:
    """The estimated size; raise when it does not fit the free space under ``out_root``.

    Raises:
        UsageError: ``insufficient_disk_space``, with the estimate and the free space.
    """
    need = estimated_bytes(resolved, schema)
    probe = out_root
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if need * _MARGIN > free and not force:
        rows = sum(t.rows for t in resolved.tables)
        raise UsageError(
            "insufficient_disk_space",
            f"the dataset ({rows:,} rows) needs about {_size(need)}, and {probe} has "
            f"{_size(free)} free",
            path=str(out_root),
            hint="lower the rows, write elsewhere (--out), free some space, or start anyway "
            "with --force",
        )
    return need
