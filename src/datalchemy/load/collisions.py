"""Before an append writes anything: does a row of the dataset take a key the target holds?

``load --mode append`` into a populated database fails on the first duplicate key, after part
of the data went in (and was rolled back). :func:`check_append` finds it first, read-only: for
every PRIMARY KEY and UNIQUE constraint of every table (partial and expression indexes aside),
the target's keys are read into a bounded :class:`~datalchemy.generate.existing.ValueSet` and
the dataset's file is streamed against it. The first collision is raised as
``append_collision``, naming the table, the constraint, the file row and the value (masked when
the column carries personal data). ``generate --existing URL`` makes data that has none.

Keys are compared as text (text, UUID, integer and date columns; a key with another type is
left to the database).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.contracts.schema import Column, Table
from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import ConstraintViolation, DatabaseError
from datalchemy.generate.existing import COMPARED, TargetReader, ValueSet, as_text
from datalchemy.load.dataset import Dataset, DatasetTable
from datalchemy.load.reader import read_batches

__all__ = ["check_append"]

#: Joins the parts of a key of several columns (a character no key text holds).
_SEP = "\x1f"


def _keys(table: Table) -> list[tuple[str, list[str]]]:
    """(constraint name, columns) of the keys compared: PK and plain UNIQUE constraints."""
    out: list[tuple[str, list[str]]] = []
    if table.primary_key is not None and table.primary_key.columns:
        out.append(
            (table.primary_key.name or f"{table.name}_pkey", list(table.primary_key.columns))
        )
    for u in table.uniques:
        if u.expressions or u.predicate or not u.columns:
            continue
        if any(cols == list(u.columns) for _, cols in out):
            continue
        out.append((u.name or f"{table.name}_{'_'.join(u.columns)}_key", list(u.columns)))
    return [(n, cols) for n, cols in out if all(_compared(table.column(c)) for c in cols)]


def _compared(column: Column) -> bool:
    return column.family in COMPARED and column.array is None


def _pii_columns(dataset: Dataset) -> set[tuple[str, str]]:
    """(table, column) pairs the generation marked as personal data (values never shown)."""
    path: Path = dataset.path / "resolved_plan.json"
    try:
        resolved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {
        (f"{t['schema']}.{t['table']}", c["name"])
        for t in resolved.get("tables", [])
        for c in t.get("columns", [])
        if c.get("pii")
    }


def _held(reader: TargetReader, t: DatasetTable, columns: list[str]) -> ValueSet:
    q = reader.engine.quote
    cols = ", ".join(q(c) for c in columns)
    where = " and ".join(f"{q(c)} is not null" for c in columns)
    query = f"select {cols} from {reader.engine.qualify(t.schema_name, t.name)} where {where}"
    held = ValueSet()
    parts = [t.table.column(c) for c in columns]
    for batch in reader.rows(query):
        held.add(_SEP.join(str(as_text(v, col)) for v, col in zip(row, parts, strict=True))
                 for row in batch)  # fmt: skip
    return held


def _dataset_keys(batch: pa.RecordBatch, t: DatasetTable, columns: list[str]) -> list[str | None]:
    texts = []
    for c in columns:
        arr = pc.cast(batch.column(batch.schema.get_field_index(c)), pa.string())
        if t.table.column(c).declared_type.lower().startswith(("character(", "char(", "bpchar")):
            arr = pc.utf8_rtrim(arr, characters=" ")
        texts.append(arr.to_pylist())
    return [
        None if any(p is None for p in parts) else _SEP.join(parts)
        for parts in zip(*texts, strict=True)
    ]


def _may_hold_rows(info: ConnectionInfo) -> bool:
    """Whether the target is read at all: PostgreSQL, or a SQLite file that exists (opening a
    missing one would create it; the load says what to do). Other engines are not checked."""
    if info.engine == "sqlite":
        return Path(info.sqlite_path).is_file()
    return info.engine == "postgres"


def check_append(dataset: Dataset, info: ConnectionInfo) -> None:
    """Raise ``append_collision`` for the first dataset row whose key the target holds
    (PostgreSQL and existing SQLite files; nothing to check for other engines).

    Raises:
        ConstraintViolation: ``append_collision`` (SQLSTATE 23505, the constraint named).
    """
    if not _may_hold_rows(info):
        return
    reader = TargetReader(info)
    try:
        pii = _pii_columns(dataset)
        missing: tuple[type[BaseException], ...] = (DatabaseError, *reader.engine.driver_errors())
        for t in dataset.tables:
            name = reader.engine.qualify(t.schema_name, t.name)
            try:
                held_any = reader.one(f"select 1 from {name} limit 1")
            except missing:
                continue  # a missing table: the load itself says so, with its own code
            if not held_any:
                continue  # empty: nothing to collide with
            for constraint, columns in _keys(t.table):
                if not set(columns) <= set(t.columns):
                    continue
                _check_key(reader, t, constraint, columns, pii)
    finally:
        reader.close()


def _check_key(
    reader: TargetReader,
    t: DatasetTable,
    constraint: str,
    columns: list[str],
    pii: set[tuple[str, str]],
) -> None:
    held = _held(reader, t, columns)
    try:
        if not len(held):
            return
        row = 0
        for batch in read_batches(t):
            keys = _dataset_keys(batch, t, columns)
            hits = held.contains(keys)
            if hits.any():
                first = int(hits.argmax())
                _raise(t, constraint, columns, row + first + 1, keys[first], pii)
            row += len(keys)
    finally:
        held.close()


def _raise(
    t: DatasetTable,
    constraint: str,
    columns: list[str],
    row: int,
    key: Any,
    pii: set[tuple[str, str]],
) -> None:
    secret = any((t.qualified, c) in pii for c in columns)
    shown = "***" if secret else ", ".join(str(key).split(_SEP))
    raise ConstraintViolation(
        "append_collision",
        f"{t.qualified}: row {row} of {t.path.name} has {'+'.join(columns)} = {shown}, which "
        f"the target already holds ({constraint}); nothing was written",
        path=t.qualified,
        hint="generate for this target with `datalchemy generate --existing URL` (its keys and "
        "unique values are then avoided), or load with --mode truncate",
        sqlstate="23505",
        constraint=constraint,
    )
