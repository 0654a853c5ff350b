"""The DDL that re-creates a ``schema.json`` structure in an empty database, in load order.

``--create-schema`` runs it in three phases around the data, so that each object costs least:

- ``pre_data``: schemas, types, sequences and the tables with what must exist before a row goes in
  (column types, ``NOT NULL``, defaults, identity, generated columns, ``CHECK``s, which are tested
  row by row for free as the rows arrive);
- ``keys``: primary keys, ``UNIQUE`` constraints and indexes, built once over the loaded rows
  (a sort per index instead of one B-tree insertion per row), before the cycle fix-ups that look
  rows up by key;
- ``foreign_keys``: validated once, after the fix-ups, with a join instead of a lookup per row.

SQLite cannot add a key or a foreign key to an existing table, so there every constraint is part
of ``CREATE TABLE`` and only secondary indexes wait for the data. ``skipped`` names what is not
created (views, triggers, whose functions ``schema.json`` does not hold), with the reason.

Example:
    >>> from datalchemy.contracts.schema import (Column, DatabaseSchema, PrimaryKey, Schema,
    ...     Table, TypeFamily)
    >>> t = Table(name="t", columns=[Column(ordinal=1, name="id", declared_type="integer",
    ...           family=TypeFamily.INTEGER, nullable=False)], primary_key=PrimaryKey(
    ...           name="t_pkey", columns=["id"]))
    >>> db = DatabaseSchema(engine="postgres", schemas=[Schema(name="app", tables=[t])])
    >>> ddl = schema_ddl(db)
    >>> [s.sql for s in ddl.pre_data]
    ['CREATE SCHEMA IF NOT EXISTS "app"', 'CREATE TABLE "app"."t" (\\n  "id" integer NOT NULL\\n)']
    >>> [s.sql for s in ddl.keys]
    ['ALTER TABLE "app"."t" ADD CONSTRAINT "t_pkey" PRIMARY KEY ("id")']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import UsageError

__all__ = ["DdlStatement", "SchemaDdl", "schema_ddl"]


@dataclass(frozen=True)
class DdlStatement:
    """One statement and the object it makes (``table crm.leads``), for progress and errors."""

    what: str
    sql: str


@dataclass
class SchemaDdl:
    """Every statement that re-creates a schema, by phase (see the module docstring)."""

    pre_data: list[DdlStatement] = field(default_factory=list)
    keys: list[DdlStatement] = field(default_factory=list)
    foreign_keys: list[DdlStatement] = field(default_factory=list)
    #: Relations ``(schema, name)`` and types the target must not hold yet.
    relations: list[tuple[str, str]] = field(default_factory=list)
    types: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def statements(self) -> int:
        return len(self.pre_data) + len(self.keys) + len(self.foreign_keys)

    @property
    def created(self) -> list[str]:
        """What the statements make, in the order they run (``table crm.leads``, ...)."""
        return [s.what for s in (*self.pre_data, *self.keys, *self.foreign_keys)]


def schema_ddl(schema: DatabaseSchema, engine: str | None = None) -> SchemaDdl:
    """The DDL that re-creates ``schema`` in an empty database of ``engine`` (default: the
    schema's own engine).

    Raises:
        UsageError: ``create_schema_engine_mismatch`` when ``engine`` differs from the engine the
            schema was read from (types, defaults and CHECKs are written in its dialect), and
            ``create_schema_unsupported`` for an engine without a DDL writer (ODBC).
    """
    target = engine or schema.engine
    if target != schema.engine:
        raise UsageError(
            "create_schema_engine_mismatch",
            f"schema.json was read from {schema.engine}; --create-schema writes its types, "
            f"defaults and CHECKs as they are, which {target} cannot run",
            hint=f"create the tables in the {target} target yourself, then load without "
            "--create-schema",
        )
    if target == "postgres":
        from datalchemy.load.ddl_postgres import postgres_ddl

        return postgres_ddl(schema)
    if target == "sqlite":
        from datalchemy.load.ddl_sqlite import sqlite_ddl

        return sqlite_ddl(schema)
    raise UsageError(
        "create_schema_unsupported",
        f"--create-schema creates PostgreSQL and SQLite schemas, not {target} ones",
        hint="create the tables in the target yourself, then load without --create-schema",
    )
