"""The ``schema.json`` contract: what introspection reads from a database.

A :class:`DatabaseSchema` holds schemas → tables → columns and constraints, plus the database-wide
objects (enums, domains, sequences). It is deterministic: the introspectors sort every list
(schemas, tables, enums, domains, sequences by name; columns by ordinal; constraints by name), and
it holds no timestamps. :meth:`DatabaseSchema.compute_fingerprint` hashes the content that
matters for generation, so a plan can say which schema it was written for.

Example:
    >>> from datalchemy.contracts.schema import Column, Table, TypeFamily
    >>> t = Table(name="t", columns=[Column(ordinal=1, name="id", declared_type="integer",
    ...           family=TypeFamily.INTEGER, nullable=False)])
    >>> t.column("id").family.value
    'integer'
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from datalchemy.contracts.common import EngineName

__all__ = [
    "SCHEMA_VERSION",
    "ArrayType",
    "CheckConstraint",
    "Column",
    "DatabaseSchema",
    "DomainType",
    "EnumType",
    "ExclusionConstraint",
    "FkAction",
    "ForeignKey",
    "Index",
    "PrimaryKey",
    "Schema",
    "Sequence",
    "Table",
    "TableKind",
    "Trigger",
    "TriggerClass",
    "TypeFamily",
    "UniqueConstraint",
]

#: Version of this contract. 0.2 was the original tool's; 0.3 adds domains, sequences, triggers,
#: type families, partial/expression uniques, partitions and the fingerprint. Later additions are
#: optional fields left out of the JSON while unset (trigger analysis: ``ForeignKey.enforced_by``,
#: ``CheckConstraint.enforced_by``, ``Trigger.classification`` / ``reason`` / ``writes``).
SCHEMA_VERSION = "0.3"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True)


def _raise(problems: list[tuple[tuple[str | int, ...], str]]) -> None:
    if problems:
        raise ValueError(
            "; ".join("/".join(map(str, path)) + f": {message}" for path, message in problems)
        )


def _unset(value: object) -> bool:
    """Fields added after 0.3 are left out of the JSON while unset, so every schema.json written
    before them (and its fingerprint) stays byte-identical."""
    return value is None or value == []


class TypeFamily(StrEnum):
    """The normalized kind of a column's values; generators and checks reason in families."""

    BOOLEAN = "boolean"
    INTEGER = "integer"  # integer widths in Column.int_bits
    DECIMAL = "decimal"  # exact numeric; precision/scale in Column
    FLOAT = "float"
    TEXT = "text"  # varchar(n) / char(n) lengths in Column.length
    UUID = "uuid"
    DATE = "date"
    TIME = "time"
    TIMESTAMP = "timestamp"
    TIMESTAMPTZ = "timestamptz"
    INTERVAL = "interval"
    JSON = "json"
    BYTES = "bytes"
    NETWORK = "network"  # inet, cidr, macaddr
    ENUM = "enum"
    ARRAY = "array"
    BIT = "bit"
    MONEY = "money"
    XML = "xml"
    GEOMETRY = "geometry"  # point, line, polygon, ...
    RANGE = "range"
    UNKNOWN = "unknown"  # recorded with a warning; generated as text that still loads


class TableKind(StrEnum):
    """What a relation is. Only ``table`` and ``partitioned_table`` are generation targets."""

    TABLE = "table"
    PARTITIONED_TABLE = "partitioned_table"
    PARTITION = "partition"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"
    FOREIGN_TABLE = "foreign_table"
    VIRTUAL_TABLE = "virtual_table"  # SQLite: a module (fts5, rtree) decides what it holds


class FkAction(StrEnum):
    """Referential action of a foreign key on update or delete."""

    NO_ACTION = "no_action"
    RESTRICT = "restrict"
    CASCADE = "cascade"
    SET_NULL = "set_null"
    SET_DEFAULT = "set_default"

    @property
    def sql(self) -> str:
        """The action as SQL writes it (``SET NULL``)."""
        return self.value.replace("_", " ").upper()


class ArrayType(_Model):
    """Element type of an array column (PostgreSQL does not enforce ``dimensions``)."""

    element_type: str = Field(description="Declared element type, e.g. 'text' or 'crm.tag'.")
    element_family: TypeFamily
    dimensions: int = Field(1, ge=1, description="Declared dimensions (at least 1).")
    element_length: int | None = Field(None, description="Element varchar(n)/char(n) length.")
    element_fixed_length: bool = False
    element_precision: int | None = None
    element_scale: int | None = None
    element_int_bits: int | None = None
    element_enum: str | None = Field(None, description="Qualified enum of the elements.")
    element_domain: str | None = Field(None, description="Qualified domain of the elements.")


class Column(_Model):
    """One column of a table, with its type facts and how its value comes about."""

    ordinal: int = Field(description="1-based position (PostgreSQL attnum, SQLite cid + 1).")
    name: str
    declared_type: str = Field(description="Type as the database formats it, e.g. 'numeric(12,2)'.")
    family: TypeFamily
    nullable: bool
    default: str | None = Field(None, description="Default expression as SQL text.")
    identity: Literal["always", "by_default"] | None = None
    generated: str | None = Field(None, description="Expression of a generated column.")
    generated_kind: Literal["stored", "virtual"] | None = None
    autoincrement: bool = Field(False, description="SQLite AUTOINCREMENT keyword.")
    rowid_alias: bool = Field(
        False, description="SQLite INTEGER PRIMARY KEY of a rowid table (NULL assigns the rowid)."
    )
    length: int | None = Field(None, description="Max length of varchar(n)/char(n)/bit(n).")
    fixed_length: bool = Field(False, description="True for char(n): values are blank-padded.")
    precision: int | None = Field(None, description="Digits of numeric(p, s).")
    scale: int | None = None
    time_precision: int | None = Field(
        None, description="Fractional-second digits of time/timestamp(p)/interval(p)."
    )
    int_bits: int | None = Field(None, description="8, 16, 32 or 64 for integer families.")
    array: ArrayType | None = None
    enum: str | None = Field(None, description="Qualified enum type name, e.g. 'crm.status_lead'.")
    domain: str | None = Field(None, description="Qualified domain name when the type is a domain.")
    collation: str | None = None
    comment: str | None = None

    @property
    def is_generated(self) -> bool:
        """True for a generated (computed) column, which is never written."""
        return self.generated_kind is not None


class PrimaryKey(_Model):
    name: str | None = None
    columns: list[str]


class ForeignKey(_Model):
    """A foreign key; ``columns[i]`` references ``referenced_columns[i]``."""

    name: str | None = None
    columns: list[str]
    referenced_schema: str
    referenced_table: str
    referenced_columns: list[str]
    on_update: FkAction = FkAction.NO_ACTION
    on_delete: FkAction = FkAction.NO_ACTION
    match: Literal["simple", "full", "partial"] = "simple"
    deferrable: bool = False
    initially_deferred: bool = False
    enforced_by: str | None = Field(
        None,
        exclude_if=_unset,
        description="Set when no declared constraint enforces the key but a trigger that "
        "rejects rows without a parent does, e.g. 'trigger fkc_comments_insert' (left out when "
        "unset).",
    )

    @property
    def referenced(self) -> str:
        """The referenced table as ``schema.table``."""
        return f"{self.referenced_schema}.{self.referenced_table}"


class UniqueConstraint(_Model):
    """A UNIQUE constraint or unique index. Expression entries are kept as SQL text."""

    name: str | None = None
    columns: list[str] = Field(description="Plain columns, in key order.")
    expressions: list[str] = Field(
        default_factory=list, description="Key parts that are expressions, e.g. 'lower(email)'."
    )
    source: Literal["constraint", "index"] = "constraint"
    predicate: str | None = Field(None, description="WHERE clause of a partial unique index.")
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False


class CheckConstraint(_Model):
    """A CHECK; ``expression`` is the boolean expression without the ``CHECK (...)`` wrapper."""

    name: str | None = None
    expression: str
    columns: list[str] = Field(default_factory=list, description="Columns the expression reads.")
    level: Literal["table", "column", "domain", "trigger"] = Field(
        "table",
        description="'trigger': the condition under which a trigger rejects a row, negated.",
    )
    validated: bool = True
    enforced_by: str | None = Field(
        None,
        exclude_if=_unset,
        description="The trigger that enforces it, e.g. 'trigger fki_tags' (level 'trigger'; "
        "left out when unset).",
    )


class ExclusionConstraint(_Model):
    """Recorded so users are warned; generation cannot guarantee these."""

    name: str
    definition: str


class Index(_Model):
    name: str
    unique: bool
    primary: bool = False
    valid: bool = True
    method: str | None = None
    columns: list[str] = Field(default_factory=list)
    expressions: list[str] = Field(default_factory=list)
    predicate: str | None = None
    definition: str | None = None


TriggerClass = Literal[
    "emulated_foreign_key",
    "row_check",
    "rejects_rows",
    "writes_other_tables",
    "rewrites_row",
    "unrecognized",
    "no_effect",
]
"""What a trigger does to the rows a load inserts (:mod:`datalchemy.triggers`):

- ``emulated_foreign_key``: rejects a row that has no parent row; recorded as a
  :class:`ForeignKey` with ``enforced_by`` set;
- ``row_check``: rejects a row by a condition on its own values; recorded as a
  :class:`CheckConstraint` of level ``trigger``;
- ``rejects_rows``: rejects rows by conditions that cannot be checked on the row alone (other
  tables, application functions);
- ``writes_other_tables``: inserts, updates or deletes rows of other tables (aggregates, search
  indexes), which may then collide with generated rows;
- ``rewrites_row``: changes the values of the row it fires for;
- ``unrecognized``: a body datalchemy does not understand;
- ``no_effect``: nothing that changes or rejects rows.
"""


class Trigger(_Model):
    """A trigger; recorded because it may rewrite or reject generated rows."""

    name: str
    timing: str | None = None  # BEFORE / AFTER / INSTEAD OF
    events: list[str] = Field(default_factory=list)  # INSERT, UPDATE, DELETE, TRUNCATE
    function: str | None = None
    enabled: bool = True
    definition: str | None = None
    classification: TriggerClass | None = Field(
        None, exclude_if=_unset, description="What it does to inserted rows (left out when unset)."
    )
    reason: str | None = Field(
        None, exclude_if=_unset, description="Why it got its classification, in words."
    )
    writes: list[str] = Field(
        default_factory=list,
        exclude_if=_unset,
        description="'schema.table' of the tables it inserts into, updates or deletes from.",
    )


class Table(_Model):
    name: str
    kind: TableKind = TableKind.TABLE
    partition_of: str | None = Field(None, description="Parent 'schema.table' of a partition.")
    partition_bound: str | None = None
    partition_key: str | None = Field(None, description="PARTITION BY clause of a parent.")
    comment: str | None = None
    strict: bool = Field(False, description="SQLite STRICT table.")
    without_rowid: bool = Field(False, description="SQLite WITHOUT ROWID table.")
    columns: list[Column] = Field(default_factory=list)
    primary_key: PrimaryKey | None = None
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    uniques: list[UniqueConstraint] = Field(default_factory=list)
    checks: list[CheckConstraint] = Field(default_factory=list)
    exclusions: list[ExclusionConstraint] = Field(default_factory=list)
    indexes: list[Index] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)

    @property
    def is_generation_target(self) -> bool:
        """Tables and partitioned parents are generated; partitions, views etc. are not."""
        return self.kind in (TableKind.TABLE, TableKind.PARTITIONED_TABLE)

    def column(self, name: str) -> Column:
        """The column called ``name`` (``KeyError`` when absent)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def has_column(self, name: str) -> bool:
        return any(col.name == name for col in self.columns)

    @model_validator(mode="after")
    def _references_exist(self) -> Table:
        """Keys, indexes and CHECKs name columns the table has; families fit declared types
        (:mod:`datalchemy.contracts.schema_refs`)."""
        from datalchemy.contracts.schema_refs import table_problems

        _raise(table_problems(self))
        return self


class Schema(_Model):
    name: str
    tables: list[Table] = Field(default_factory=list)

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


class EnumType(_Model):
    schema_name: str = Field(alias="schema")
    name: str
    labels: list[str] = Field(description="Labels in their declared sort order.")

    @property
    def qualified_name(self) -> str:
        return f"{self.schema_name}.{self.name}"


class DomainType(_Model):
    schema_name: str = Field(alias="schema")
    name: str
    base_type: str = Field(description="Declared base type (may itself be a domain).")
    base_family: TypeFamily = Field(description="Family after resolving domains over domains.")
    base_domain: str | None = Field(None, description="Qualified name when over another domain.")
    not_null: bool = False
    default: str | None = None
    length: int | None = None
    fixed_length: bool = False
    precision: int | None = None
    scale: int | None = None
    int_bits: int | None = None
    enum: str | None = None
    checks: list[CheckConstraint] = Field(default_factory=list)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema_name}.{self.name}"


class Sequence(_Model):
    schema_name: str = Field(alias="schema")
    name: str
    data_type: str = "bigint"
    start: int = 1
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cycle: bool = False
    owned_by: str | None = Field(None, description="'schema.table.column' that owns it.")

    @property
    def qualified_name(self) -> str:
        return f"{self.schema_name}.{self.name}"


class DatabaseSchema(_Model):
    """The whole introspected structure of one database (``schema.json``)."""

    schema_version: str = SCHEMA_VERSION
    engine: EngineName
    engine_version: str | None = Field(None, description="Server version (not fingerprinted).")
    source_dialect: str | None = Field(
        None,
        description="ODBC sources: the sqlglot dialect of the database behind the driver "
        "(postgres, sqlite), in which its CHECK and index expressions are written; absent when "
        "unknown and for native engines (not fingerprinted).",
    )
    database: str | None = Field(None, description="Database name (not fingerprinted).")
    schemas: list[Schema] = Field(default_factory=list)
    enums: list[EnumType] = Field(default_factory=list)
    domains: list[DomainType] = Field(default_factory=list)
    sequences: list[Sequence] = Field(default_factory=list)
    fingerprint: str | None = Field(None, description="sha256 of the structure; see compute.")

    @model_validator(mode="after")
    def _foreign_keys_resolve(self) -> DatabaseSchema:
        """Foreign keys to tables of this schema name columns those tables have."""
        from datalchemy.contracts.schema_refs import schema_problems

        _raise(schema_problems(self))
        return self

    def get_schema(self, name: str) -> Schema:
        """The schema called ``name`` (``KeyError`` when absent)."""
        for schema in self.schemas:
            if schema.name == name:
                return schema
        raise KeyError(name)

    def find_table(self, schema: str, table: str) -> Table | None:
        """The table ``schema.table``, or None."""
        for s in self.schemas:
            if s.name == schema:
                for t in s.tables:
                    if t.name == table:
                        return t
        return None

    def split_qualified(self, qualified: str) -> tuple[str, str]:
        """``(schema, table)`` of a ``schema.table`` name, dots inside either name kept
        (``"dot.sch"."tab.le"``): the pair of this schema whose joined name it is, else a split
        at the first dot."""
        for s in self.schemas:
            if qualified.startswith(f"{s.name}.") and any(
                f"{s.name}.{t.name}" == qualified for t in s.tables
            ):
                return s.name, qualified[len(s.name) + 1 :]
        schema, _, table = qualified.partition(".")
        return schema, table

    def iter_tables(self) -> list[tuple[Schema, Table]]:
        """Every (schema, table) pair in contract order."""
        return [(s, t) for s in self.schemas for t in s.tables]

    def enum(self, qualified: str) -> EnumType | None:
        return next((e for e in self.enums if e.qualified_name == qualified), None)

    def domain(self, qualified: str) -> DomainType | None:
        return next((d for d in self.domains if d.qualified_name == qualified), None)

    def compute_fingerprint(self) -> str:
        """sha256 over the canonical JSON of the structure (engine version, name and source dialect
        excluded)."""
        content = self.model_dump(
            mode="json",
            by_alias=True,
            exclude={"fingerprint", "engine_version", "database", "source_dialect"},
        )
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def with_fingerprint(self) -> DatabaseSchema:
        """A copy with ``fingerprint`` set from the current content."""
        return self.model_copy(update={"fingerprint": self.compute_fingerprint()})

    def to_json(self) -> str:
        """Pretty, deterministic JSON text (2-space indent, trailing newline)."""
        # An unset source_dialect is left out, so native schemas read exactly as before it existed.
        unset = {"source_dialect"} if self.source_dialect is None else None
        return self.model_dump_json(by_alias=True, indent=2, exclude=unset) + "\n"
