"""CHECKs DuckDB cannot evaluate, evaluated by a database: ``evaluate --verify-with URL``.

A CHECK that calls an application function is ``not_evaluated`` offline. Given a PostgreSQL
database that holds the schema, evaluate sends the table's values through the same rolled-back,
read-only statements generation uses (:class:`~datalchemy.generate.verify_with.DatabaseVerifier`),
one block of rows at a time, and counts the rows the database says break each CHECK.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from datalchemy.constraints.model import CheckAnalysis
from datalchemy.contracts.schema import Column
from datalchemy.evaluate.dataset import Session, TableData, q
from datalchemy.evaluate.privacy import PiiPolicy, mask
from datalchemy.generate.verify_with import DatabaseVerifier

__all__ = ["BLOCK_ROWS", "database_verdicts"]

#: Rows sent per statement.
BLOCK_ROWS = 65_536


def database_verdicts(
    session: Session,
    td: TableData,
    pii: PiiPolicy,
    checks: Sequence[CheckAnalysis],
    indices: Sequence[int],
    verify_with: str,
    *,
    examples: int = 3,
) -> dict[int, tuple[int, list[str]]]:
    """Check index -> (rows that break it, a few of those rows shown by key and columns)."""
    columns = {c.name: c for c in td.table.columns}
    verifier = DatabaseVerifier(verify_with, td.schema_name, checks, indices, columns)
    present = set(td.header)
    pk = [c for c in (td.table.primary_key.columns if td.table.primary_key else []) if c in present]
    shown = list(dict.fromkeys(pk + [c.name for c in verifier.columns if c.name in present]))
    found: dict[int, tuple[int, list[str]]] = {i: (0, []) for i in indices}
    with contextlib.ExitStack() as stack:
        stack.callback(verifier.close)
        if not shown:
            return found
        select = ", ".join(q(c) for c in shown)
        # A relation's reader streams, on a cursor of its own (the session's connection may
        # hold an unfinished result).
        cursor = session.con.cursor()
        stack.callback(cursor.close)
        reader = cursor.sql(f"SELECT {select} FROM {td.duck}").to_arrow_reader(BLOCK_ROWS)
        for batch in reader:
            table = pa.Table.from_batches([batch])
            for i, failing in verifier.failing(table).items():
                n, seen = found[i]
                rows = np.flatnonzero(failing)
                for r in rows[: max(0, examples - len(seen))]:
                    seen.append(
                        ", ".join(_shown(td, pii, columns[c], table, int(r)) for c in shown)
                    )
                found[i] = (n + len(rows), seen)
    return found


def _shown(td: TableData, pii: PiiPolicy, col: Column, table: pa.Table, row: int) -> str:
    value = table.column(col.name)[row].as_py()
    return f"{col.name}={mask(value, pii.is_pii(td.qualified, col))}"
