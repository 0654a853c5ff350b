"""Generating for a populated target: what its tables already hold (``generate --existing URL``).

:func:`read_existing` reads, for every table a resolved plan generates, read-only and streamed
(PostgreSQL through :func:`datalchemy.db.stream.stream_rows`, SQLite with ``fetchmany``):

- the row count, and the largest value of every integer key the plan numbers (identity, serial
  and ``primitive.int.sequence_hint`` columns): generated keys start past it;
- the values of every UNIQUE / PK column the plan generates, into a :class:`ValueSet`: a hash set
  in memory up to :data:`MEMORY_LIMIT` values, above it a sorted list on disk (a DuckDB file with
  an index), so memory stays bounded whatever the table's size;
- for ``foreign_key_strategy: existing``, the parent keys in key order (at most
  :data:`MAX_PARENT_KEYS`), which child rows pick from.

:mod:`.avoid` then makes the generated values miss them. Values are compared as text
(:func:`as_text`): text, UUID, integer and date keys; other types are not compared.

Example:
    >>> values = ValueSet(limit=2)
    >>> values.add(["Site", "Indicacao", "Evento"])  # past the limit: now on disk
    >>> values.contains(["Site", "Google Ads"]).tolist(), values.on_disk, len(values)
    ([True, False], True, 3)
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.contracts.plan import ColumnGeneratorRule, GeneratorSpec, Plan, Rule
from datalchemy.contracts.report import ExistingReport, ExistingTable
from datalchemy.contracts.resolved import ResolvedPlan, ResolvedTable
from datalchemy.contracts.schema import Column, DatabaseSchema, TypeFamily
from datalchemy.db.urls import ConnectionInfo, resolve_connection
from datalchemy.engines import engine_for
from datalchemy.errors import UsageError

__all__ = [
    "COMPARED",
    "MAX_PARENT_KEYS",
    "MEMORY_LIMIT",
    "ExistingData",
    "TableHoldings",
    "TargetReader",
    "ValueSet",
    "arrow_text",
    "as_text",
    "key_rules",
    "read_existing",
]

#: Values a :class:`ValueSet` keeps in memory before it moves them to disk.
MEMORY_LIMIT = 1_000_000
#: Parent keys kept for ``foreign_key_strategy: existing`` (the first ones in key order).
MAX_PARENT_KEYS = 100_000
#: Rows per read from the target.
BATCH = 10_000
#: Column families whose values are compared with generated ones.
COMPARED = frozenset(
    {TypeFamily.TEXT, TypeFamily.UUID, TypeFamily.INTEGER, TypeFamily.DATE, TypeFamily.UNKNOWN}
)


class ValueSet:
    """A set of text values with bounded memory: a Python set up to ``limit`` values, then a
    DuckDB table on disk (in a temporary folder, removed by :meth:`close`)."""

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self.limit = limit
        self._memory: set[str] = set()
        self._db: Any = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._count = 0

    @property
    def on_disk(self) -> bool:
        return self._db is not None

    def __len__(self) -> int:
        return len(self._memory) if self._db is None else self._count

    def add(self, values: Iterable[str]) -> None:
        if self._db is None:
            self._memory.update(values)
            if len(self._memory) > self.limit:
                self._spill()
            return
        batch = pa.table({"value": pa.array(list(values), pa.string())})
        self._db.register("batch", batch)
        self._db.execute("insert or ignore into v select distinct value from batch").fetchall()
        self._db.unregister("batch")
        self._count = int(self._db.execute("select count(*) from v").fetchall()[0][0])

    def _spill(self) -> None:
        import duckdb

        self._tmp = tempfile.TemporaryDirectory(prefix="datalchemy-values-")
        self._db = duckdb.connect(str(Path(self._tmp.name) / "values.duckdb"))
        # A primary key is DuckDB's index: membership is a lookup, never a scan of the list.
        self._db.execute("create table v (value varchar primary key)").fetchall()
        memory, self._memory = self._memory, set()
        self.add(sorted(memory))

    def contains(self, values: list[str | None]) -> npt.NDArray[np.bool_]:
        """Whether each value is in the set (None never is)."""
        if self._db is None:
            return np.fromiter((v in self._memory for v in values), bool, len(values))
        probe = pa.table(
            {"i": pa.array(np.arange(len(values), dtype=np.int64)), "value": pa.array(values)}
        )
        self._db.register("probe", probe)
        hits = self._db.execute("select i from probe semi join v using (value)").fetchnumpy()
        self._db.unregister("probe")
        out = np.zeros(len(values), dtype=bool)
        out[np.asarray(hits["i"], dtype=np.int64)] = True
        return out

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def as_text(value: Any, column: Column) -> str | None:
    """A value read from the target as the text a generated value of ``column`` has."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (UUID, int, Decimal, date)):
        text = str(value)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        return None
    else:
        text = str(value)
    return text.rstrip(" ") if _padded(column) else text


def _padded(column: Column) -> bool:
    declared = column.declared_type.lower()
    return declared.startswith(("character(", "char(", "bpchar", "nchar("))


def arrow_text(values: pa.Array, column: Column) -> list[str | None]:
    """Generated values of ``column`` as :func:`as_text` writes values read from the target."""
    text = pc.cast(values, pa.string())
    if _padded(column):
        text = pc.utf8_rtrim(text, characters=" ")
    return list(text.to_pylist())


@dataclass
class TableHoldings:
    """What one table of the target holds."""

    rows: int = 0
    key_maxima: dict[str, int] = field(default_factory=dict)
    values: dict[str, ValueSet] = field(default_factory=dict)
    #: FK key -> parent key tuples in key order (``foreign_key_strategy: existing``).
    parent_keys: dict[str, list[list[Any]]] = field(default_factory=dict)


@dataclass
class ExistingData:
    """What a populated target holds, for the tables of one resolved plan."""

    source: str
    tables: dict[str, TableHoldings] = field(default_factory=dict)

    def report(self) -> ExistingReport:
        return ExistingReport(
            source=self.source,
            on_disk=any(v.on_disk for t in self.tables.values() for v in t.values.values()),
            tables=[
                ExistingTable(
                    table=name,
                    rows=t.rows,
                    key_maxima=dict(sorted(t.key_maxima.items())),
                    values_read={c: len(v) for c, v in sorted(t.values.items())},
                    parent_keys={k: len(v) for k, v in sorted(t.parent_keys.items())},
                )
                for name, t in sorted(self.tables.items())
            ],
        )

    def close(self) -> None:
        for t in self.tables.values():
            for v in t.values.values():
                v.close()


class TargetReader:
    """Read-only queries against a PostgreSQL or SQLite target, streamed in batches."""

    def __init__(self, info: ConnectionInfo) -> None:
        self.info = info
        self.engine = engine_for(info)
        if info.engine == "postgres":
            from datalchemy.db.postgres import connect

            self.conn: Any = connect(info, autocommit=True, application_name="datalchemy-existing")
            self.conn.execute("set default_transaction_read_only = on")
        elif info.engine == "sqlite":
            from datalchemy.db.sqlite import connect as sqlite_connect

            self.conn = sqlite_connect(info, readonly=True)
        else:
            raise UsageError(
                "existing_not_supported",
                f"reading a populated {info.engine} target is not supported",
                hint="use a PostgreSQL or SQLite target for --existing / --conn",
            )

    def rows(self, query: str) -> Iterator[list[tuple[Any, ...]]]:
        if self.info.engine == "postgres":
            import psycopg

            from datalchemy.db.stream import StreamMode, stream_rows

            mode: StreamMode = "stream" if psycopg.capabilities.has_stream_chunked() else "cursor"
            yield from stream_rows(self.conn, query, batch_size=BATCH, mode=mode)
            return
        import sqlite3

        from datalchemy.db.errors import map_error

        try:
            cur = self.conn.execute(query)
            while batch := cur.fetchmany(BATCH):
                yield batch
        except sqlite3.Error as exc:  # a missing table, a locked file: coded, not a traceback
            raise map_error(exc, context=f"reading the target: {query}") from None

    def one(self, query: str) -> Any:
        for batch in self.rows(query):
            return batch[0][0] if batch else None
        return None

    def close(self) -> None:
        self.conn.close()


def _unique_columns(rt: ResolvedTable, table: Any) -> list[Column]:
    """Generated columns that are unique on their own and compared as text."""
    out = []
    for c in rt.columns:
        col = table.column(c.name)
        numbered = c.generator == "primitive.int.sequence_hint"  # past the maximum instead
        if c.action == "generate" and c.unique and col.family in COMPARED and not numbered:
            out.append(col)
    return out


def _sequence_columns(rt: ResolvedTable) -> list[str]:
    return [
        c.name
        for c in rt.columns
        if c.action == "generate" and c.generator == "primitive.int.sequence_hint"
    ]


def read_existing(
    conn: str | ConnectionInfo,
    schema: DatabaseSchema,
    resolved: ResolvedPlan,
    *,
    limit: int = MEMORY_LIMIT,
    values: bool = True,
) -> ExistingData:
    """What the target ``conn`` holds in the tables of ``resolved`` (read-only).

    ``values=False`` reads counts, key maxima and parent keys only (``plan suggest --conn``).

    Raises:
        UsageError: the target is not PostgreSQL or SQLite.
        ConnectionFailed / DatabaseError: the target cannot be read (a missing table included).
    """
    info = conn if isinstance(conn, ConnectionInfo) else resolve_connection(conn)
    reader = TargetReader(info)
    data = ExistingData(source=info.redacted)
    try:
        for rt in resolved.tables:
            table = schema.find_table(rt.schema_name, rt.table)
            if table is None:
                continue
            name = reader.engine.qualify(rt.schema_name, rt.table)
            held = TableHoldings(rows=int(reader.one(f"select count(*) from {name}") or 0))
            data.tables[rt.qualified_name] = held
            for key in rt.existing_parents or []:
                fk = next(f for f in table.foreign_keys if (f.name or _unnamed(f)) == key)
                held.parent_keys[key] = _parent_keys(
                    reader, fk.referenced_schema, fk.referenced_table, list(fk.referenced_columns)
                )
            if not held.rows:
                continue
            q = reader.engine.quote
            for c in _sequence_columns(rt):
                top = reader.one(f"select max({q(c)}) from {name}")
                if top is not None:
                    held.key_maxima[c] = int(top)
            for col in _unique_columns(rt, table) if values else []:
                held_values = ValueSet(limit)
                query = f"select {q(col.name)} from {name} where {q(col.name)} is not null"
                for batch in reader.rows(query):
                    held_values.add(t for r in batch if (t := as_text(r[0], col)) is not None)
                held.values[col.name] = held_values
    except BaseException:
        data.close()
        raise
    finally:
        reader.close()
    return data


def _parent_keys(
    reader: TargetReader, schema_name: str, table: str, columns: list[str]
) -> list[list[Any]]:
    q = reader.engine.quote
    cols = ", ".join(q(c) for c in columns)
    name = reader.engine.qualify(schema_name, table)
    query = f"select {cols} from {name} order by {cols} limit {MAX_PARENT_KEYS}"
    keys: list[list[Any]] = []
    for batch in reader.rows(query):
        keys += [[_json_value(v) for v in row] for row in batch]
    return keys


def _unnamed(fk: Any) -> str:
    # The key resolution gives an FK without a name (plan.resolve.topology.fk_key).
    return "fk_" + "_".join(fk.columns)


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def key_rules(plan: Plan, resolved: ResolvedPlan, data: ExistingData) -> Plan:
    """``plan`` with its numbered keys starting past the keys the target holds: a
    ``primitive.int.sequence_hint`` rule per identity / serial column with a larger ``start``
    (what ``plan suggest --conn`` writes, so the plan alone avoids them)."""
    rules: list[Rule] = list(plan.rules)
    for rt in resolved.tables:
        held = data.tables.get(rt.qualified_name)
        if held is None:
            continue
        for c in rt.columns:
            top = held.key_maxima.get(c.name)
            step = int(c.params.get("step", 1))
            if top is None or c.generator != "primitive.int.sequence_hint" or step <= 0:
                continue
            if int(c.params.get("start", 1)) > top:
                continue
            spec = GeneratorSpec(
                id="primitive.int.sequence_hint", params={**c.params, "start": top + step}
            )
            rule = ColumnGeneratorRule(
                schema_name=rt.schema_name, table=rt.table, column=c.name, generator=spec
            )
            index = next(
                (
                    i
                    for i, r in enumerate(rules)
                    if isinstance(r, ColumnGeneratorRule)
                    and (r.schema_name, r.table, r.column) == (rt.schema_name, rt.table, c.name)
                ),
                None,
            )
            if index is None:
                rules.append(rule)
            else:
                rules[index] = rule
    return plan.model_copy(update={"rules": rules})
