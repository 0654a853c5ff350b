"""``datalchemy profile``: learn safe statistics from a real database (``profile.json``).

:func:`profile_database` introspects the database, copies each table read-only into a private
DuckDB session (:mod:`.reader`), decides which columns are PII (:mod:`.pii`) and keeps, per
column, only aggregates (:mod:`.stats`) and, per table, fan-outs, date orders and correlations
(:mod:`.relations`). No row and no value of a PII column is kept; frequent values are kept only
when each was seen at least ``k`` times. ``plan suggest --profile`` fits generators to the
result and ``evaluate --profile`` scores a generated dataset against it.

Example:
    >>> import sqlite3
    >>> with sqlite3.connect("profile_demo.db") as con:
    ...     _ = con.execute("create table if not exists clientes "
    ...                     "(id integer primary key, email text, status text)")
    ...     _ = con.executemany("insert or replace into clientes values (?, ?, ?)",
    ...         [(i, f"cliente{i}@exemplo.com.br", "ativo" if i % 4 else "inativo")
    ...          for i in range(40)])
    >>> profile = profile_database("sqlite://profile_demo.db", k=10)
    >>> t = profile.table("main.clientes")
    >>> t.rows, t.column("email").pii, t.column("email").frequent
    (40, ['pii.email', 'pii.name_word'], [])
    >>> [(f.value, f.share) for f in t.column("status").frequent]
    [('ativo', 0.75), ('inativo', 0.25)]
"""

from __future__ import annotations

from pathlib import Path

from datalchemy.contracts.profile import DatabaseProfile, TableProfile
from datalchemy.db.urls import ConnectionInfo, resolve_connection

__all__ = ["profile_database", "run_profile"]


def profile_database(
    conn: str | ConnectionInfo | None = None,
    *,
    schemas: list[str] | None = None,
    k: int = 10,
    quantiles: int = 101,
    max_rows: int | None = None,
    memory_limit: str = "1GB",
) -> DatabaseProfile:
    """Safe statistics of every table of the database ``conn`` (``DATABASE_URL`` when None).

    Args:
        conn: connection string (PostgreSQL or SQLite).
        schemas: the schemas to read (default: every user schema).
        k: a frequent value is kept only when seen at least ``k`` times.
        quantiles: quantiles per distribution (101: every percentile).
        max_rows: read at most this many rows of each table (default: all).
        memory_limit: DuckDB memory limit; larger work spills to a temporary folder.

    Raises:
        UsageError: an engine other than PostgreSQL or SQLite, or ``k`` / ``quantiles`` too small.
        ConnectionFailed: the database cannot be reached.
    """
    from datalchemy.errors import UsageError
    from datalchemy.evaluate.dataset import Session
    from datalchemy.introspect import introspect
    from datalchemy.profile.pii import name_pii, value_pii
    from datalchemy.profile.reader import load_tables
    from datalchemy.profile.relations import correlations, date_orders, fan_out, keyless
    from datalchemy.profile.stats import column_profile

    if k < 1 or quantiles < 2:
        raise UsageError("invalid_profile_options", "k must be >= 1 and quantiles >= 2")
    info = conn if isinstance(conn, ConnectionInfo) else resolve_connection(conn)
    schema = introspect(info, schemas=schemas).schema
    targets = [(s.name, t) for s, t in schema.iter_tables() if t.is_generation_target]
    out: list[TableProfile] = []
    with Session(memory_limit=memory_limit) as session:
        ducks = load_tables(session, info, targets, limit=max_rows)
        for sname, table in targets:
            qualified = f"{sname}.{table.name}"
            duck = ducks[qualified]
            (rows,) = session.one(f"SELECT count(*) FROM {duck}")
            columns = []
            keys = {c.name for c in table.columns} - {c.name for c in keyless(table)}
            for col in table.columns:
                pii = sorted(set(name_pii(col, table.name)) | set(value_pii(session, duck, col)))
                columns.append(
                    column_profile(
                        session,
                        duck,
                        col,
                        rows=int(rows),
                        pii=pii,
                        k=k,
                        count=quantiles,
                        key=col.name in keys,
                    )
                )
            safe = [c for c, p in zip(table.columns, columns, strict=True) if not p.pii]
            fans = []
            for fk in table.foreign_keys:
                parent = f"{fk.referenced_schema}.{fk.referenced_table}"
                if parent in ducks and parent != qualified:
                    fans.append(
                        fan_out(session, duck, fk, ducks[parent], parent, int(rows), quantiles)
                    )
            out.append(
                TableProfile(
                    schema_name=sname,
                    table=table.name,
                    rows=int(rows),
                    columns=columns,
                    fan_out=fans,
                    date_orders=date_orders(session, duck, safe, quantiles),
                    correlations=correlations(
                        session, duck, [c for c in keyless(table) if c in safe], quantiles
                    ),
                )
            )
    return DatabaseProfile(
        engine=schema.engine,
        schema_fingerprint=schema.fingerprint,
        k=k,
        quantile_count=quantiles,
        tables=out,
    )


def run_profile(
    conn: str | ConnectionInfo | None,
    out: Path,
    **options: object,
) -> DatabaseProfile:
    """:func:`profile_database`, then write ``out`` (``profile.json``) atomically."""
    from datalchemy.runs import atomic_write_text

    profile = profile_database(conn, **options)  # type: ignore[arg-type]
    atomic_write_text(out, profile.model_dump_json(indent=1, by_alias=True) + "\n")
    return profile
