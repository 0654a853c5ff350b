"""Cross-checks of a ``schema.json`` that the field types alone cannot make.

A hand-edited or hostile schema file used to be accepted and fail much later, inside DuckDB during
``evaluate`` (a Binder error for a key on a missing column, a Conversion error for an ``INTEGER``
column said to hold dates). :class:`~datalchemy.contracts.schema.Table` and
:class:`~datalchemy.contracts.schema.DatabaseSchema` run these checks when a schema is read, so
the file is refused at once with the JSON path of each problem
(``schema_contract_violation``):

- every column a primary key, UNIQUE, foreign key, index or CHECK names exists in its table, and
  a table names each column once;
- a foreign key has as many referenced columns as columns, and a table it references in this
  schema exists there with those columns;
- a column's ``family`` does not contradict its declared type (``INTEGER`` read as ``date``),
  and its lengths, precisions and integer width are ones a database can have;
- a CHECK has an expression.

Example:
    >>> declared_kind("numeric(12,2)"), family_kind("date")
    ('number', 'temporal')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datalchemy.contracts.schema import Column, DatabaseSchema, Table

__all__ = ["declared_kind", "family_kind", "schema_problems", "table_problems"]

_NUMBER = {
    "integer", "int", "smallint", "bigint", "tinyint", "mediumint", "int2", "int4", "int8",
    "serial", "bigserial", "smallserial", "real", "float", "float4", "float8", "double",
    "double precision", "numeric", "decimal", "money",
}  # fmt: skip
_TEMPORAL = {
    "date", "time", "timestamp", "timestamptz", "datetime", "interval", "time with time zone",
    "time without time zone", "timestamp with time zone", "timestamp without time zone",
}  # fmt: skip
_DECLARED = {
    **dict.fromkeys(_NUMBER, "number"),
    **dict.fromkeys(_TEMPORAL, "temporal"),
    "boolean": "boolean", "bool": "boolean", "uuid": "uuid", "bytea": "bytes", "blob": "bytes",
    "json": "json", "jsonb": "json",
}  # fmt: skip
_FAMILY = {
    "integer": "number", "decimal": "number", "float": "number", "money": "number",
    "date": "temporal", "time": "temporal", "timestamp": "temporal", "timestamptz": "temporal",
    "interval": "temporal", "boolean": "boolean", "uuid": "uuid", "bytes": "bytes",
    "json": "json",
}  # fmt: skip


def declared_kind(declared: str) -> str | None:
    """The coarse kind of a declared type (``number``, ``temporal``, ...), None when unknown
    (domains, enums, arrays, spellings of other databases)."""
    if "[" in declared:
        return None
    base = declared.split("(", 1)[0].strip().lower()
    return _DECLARED.get(base)


def family_kind(family: str) -> str | None:
    return _FAMILY.get(family)


def _sqlite_affinity_kind(declared: str) -> str | None:
    """The kind SQLite's affinity rules give a declared type (``BYTEA`` has NUMERIC affinity),
    which SQLite introspection follows for names of other databases."""
    upper = declared.upper()
    if "INT" in upper:
        return "number"
    if any(k in upper for k in ("CHAR", "CLOB", "TEXT")):
        return None  # text: no kind to contradict
    if "BLOB" in upper or not upper.strip():
        return "bytes"
    return "number"  # REAL, FLOA, DOUB and NUMERIC affinity


#: Type facts no database has: (field, lowest, highest). Lengths from 1 (``varchar(0)`` is
#: refused by PostgreSQL and means nothing to SQLite), numeric precision up to 1000, scale
#: -1000..1000, time precision up to 6 (PostgreSQL's limits); SQLite records any varchar(n) a
#: 32-bit int holds.
_FACETS = (
    ("length", 1, 2**31 - 1),
    ("precision", 1, 1000),
    ("scale", -1000, 1000),
    ("time_precision", 0, 6),
)
_INT_BITS = (8, 16, 32, 64)


def _column_problems(i: int, col: Column) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = []
    for name, low, high in _FACETS:
        value = getattr(col, name)
        if value is not None and not low <= value <= high:
            out.append(
                (("columns", i, name), f"{name} {value} of column {col.name!r} is outside "
                 f"{low}..{high}")
            )  # fmt: skip
    if col.int_bits is not None and col.int_bits not in _INT_BITS:
        out.append(
            (("columns", i, "int_bits"), f"int_bits {col.int_bits} of column {col.name!r} is "
             "not 8, 16, 32 or 64")
        )  # fmt: skip
    declared, family = declared_kind(col.declared_type), family_kind(col.family.value)
    if col.enum or col.domain or declared is None or family is None or declared == family:
        return out
    if family == _sqlite_affinity_kind(col.declared_type):  # a SQLite file's reading of it
        return out
    out.append(
        (
            ("columns", i, "family"),
            f"family {col.family.value!r} contradicts the declared type "
            f"{col.declared_type!r} of column {col.name!r}",
        )
    )
    return out


def table_problems(t: Table) -> list[tuple[tuple[str | int, ...], str]]:
    """(path inside the table, message) of every cross-reference problem of ``t``."""
    names = [c.name for c in t.columns]
    known = set(names)
    out: list[tuple[tuple[str | int, ...], str]] = []
    seen: set[str] = set()
    for i, col in enumerate(t.columns):
        if col.name in seen:
            out.append((("columns", i, "name"), f"column {col.name!r} is listed twice"))
        seen.add(col.name)
        out += _column_problems(i, col)

    def missing(where: tuple[str | int, ...], what: str, columns: list[str]) -> None:
        for c in columns:
            if c not in known:
                out.append((where, f"{what} names column {c!r}, which {t.name!r} does not have"))

    if t.primary_key is not None:
        missing(("primary_key", "columns"), "the primary key", t.primary_key.columns)
    for i, u in enumerate(t.uniques):
        missing(("uniques", i, "columns"), f"unique {u.name or i}", u.columns)
    for i, ix in enumerate(t.indexes):
        missing(("indexes", i, "columns"), f"index {ix.name}", ix.columns)
    for i, fk in enumerate(t.foreign_keys):
        missing(("foreign_keys", i, "columns"), f"foreign key {fk.name or i}", fk.columns)
        if fk.referenced_columns and len(fk.referenced_columns) != len(fk.columns):
            out.append(
                (
                    ("foreign_keys", i, "referenced_columns"),
                    f"foreign key {fk.name or i} has {len(fk.columns)} column(s) but "
                    f"{len(fk.referenced_columns)} referenced column(s)",
                )
            )
    for i, ck in enumerate(t.checks):
        if not ck.expression.strip():
            out.append((("checks", i, "expression"), f"check {ck.name or i} has no expression"))
        if ck.level in ("table", "column"):
            missing(("checks", i, "columns"), f"check {ck.name or i}", ck.columns)
    return out


def schema_problems(schema: DatabaseSchema) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, message) of foreign keys whose referenced table, in this schema, lacks the
    referenced columns."""
    tables = {(s.name, t.name): t for s in schema.schemas for t in s.tables}
    out: list[tuple[tuple[str | int, ...], str]] = []
    for si, s in enumerate(schema.schemas):
        for ti, t in enumerate(s.tables):
            for fi, fk in enumerate(t.foreign_keys):
                parent = tables.get((fk.referenced_schema, fk.referenced_table))
                if parent is None:
                    continue  # a table outside the introspected schemas; plans say so
                have = {c.name for c in parent.columns}
                if len(fk.referenced_columns) != len(fk.columns):  # introspection names them all
                    out.append(
                        (
                            ("schemas", si, "tables", ti, "foreign_keys", fi,
                             "referenced_columns"),
                            f"foreign key {fk.name or fi} of {s.name}.{t.name} names "
                            f"{len(fk.referenced_columns)} column(s) of {fk.referenced} for "
                            f"{len(fk.columns)} column(s)",
                        )
                    )  # fmt: skip
                for c in fk.referenced_columns:
                    if c not in have:
                        out.append(
                            (
                                ("schemas", si, "tables", ti, "foreign_keys", fi),
                                f"foreign key {fk.name or fi} of {s.name}.{t.name} references "
                                f"{fk.referenced}.{c}, which does not exist",
                            )
                        )
    return out
