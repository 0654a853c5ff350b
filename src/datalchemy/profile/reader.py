"""Read a database's tables, read-only and streaming, into a private DuckDB session.

Rows travel in batches of text (``"column"::text`` in PostgreSQL, ``CAST(... AS TEXT)`` in
SQLite), are typed by DuckDB (``TRY_CAST`` to the column's type, as ``evaluate`` does) and land
in a DuckDB database in a temporary folder that is deleted with the session. Nothing of the
source is written anywhere else; the PostgreSQL transaction is ``READ ONLY`` and the SQLite file
is opened with ``mode=ro``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pyarrow as pa

from datalchemy.contracts.schema import Column, Table
from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import UsageError
from datalchemy.evaluate.dataset import Session, duck_type, q, try_cast

__all__ = ["load_tables"]

#: Rows fetched per batch.
BATCH = 20_000


def _pg_batches(
    info: ConnectionInfo, schema_name: str, table: Table, limit: int | None
) -> Iterator[list[tuple[Any, ...]]]:
    from datalchemy.db.postgres import connect
    from datalchemy.db.stream import StreamMode, stream_rows

    cols = ", ".join(f"{q(c.name)}::text" for c in table.columns)
    sql = f"SELECT {cols} FROM {q(schema_name)}.{q(table.name)}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    mode: StreamMode = "stream" if psycopg.capabilities.has_stream_chunked() else "cursor"
    with connect(info) as conn:
        conn.read_only = True  # NOTE: the profile never writes to the source
        yield from stream_rows(conn, sql, batch_size=BATCH, mode=mode)


def _sqlite_batches(
    info: ConnectionInfo, table: Table, limit: int | None
) -> Iterator[list[tuple[Any, ...]]]:
    from datalchemy.db.sqlite import connect

    cols = ", ".join(f"CAST({q(c.name)} AS TEXT)" for c in table.columns)
    sql = f"SELECT {cols} FROM {q(table.name)}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    conn = connect(info, readonly=True)
    try:
        cursor = conn.execute(sql)
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        conn.close()


def _batches(
    info: ConnectionInfo, schema_name: str, table: Table, limit: int | None
) -> Iterator[list[tuple[Any, ...]]]:
    if info.engine == "postgres":
        return _pg_batches(info, schema_name, table, limit)
    if info.engine == "sqlite":
        return _sqlite_batches(info, table, limit)
    raise UsageError(
        "profile_engine_unsupported",
        f"profile reads PostgreSQL and SQLite databases, not {info.engine}",
        hint="copy the data into PostgreSQL or SQLite first",
    )


def _create(session: Session, name: str, columns: list[Column]) -> None:
    defs = ", ".join(f"{q(c.name)} {duck_type(c) or 'VARCHAR'}" for c in columns)
    session.con.execute(f"CREATE TABLE {name} ({defs})")


def load_tables(
    session: Session,
    info: ConnectionInfo,
    tables: list[tuple[str, Table]],
    *,
    limit: int | None = None,
) -> dict[str, str]:
    """Copy every ``(schema, table)`` into ``session``; the DuckDB table name of each."""
    names: dict[str, str] = {}
    for i, (schema_name, table) in enumerate(tables):
        duck = f"src{i}"
        _create(session, duck, table.columns)
        typed = ", ".join(
            try_cast(q(f"c{j}"), duck_type(c) or "VARCHAR") for j, c in enumerate(table.columns)
        )
        for batch in _batches(info, schema_name, table, limit):
            texts = list(zip(*batch, strict=True)) if batch else []
            arrow = pa.table(
                {
                    f"c{j}": pa.array(
                        [None if v is None else str(v) for v in texts[j]], pa.string()
                    )
                    for j in range(len(table.columns))
                }
            )
            session.con.register("batch", arrow)
            session.con.execute(f"INSERT INTO {duck} SELECT {typed} FROM batch")
            session.con.unregister("batch")
        names[f"{schema_name}.{table.name}"] = duck
    return names
