"""PostgreSQL DDL for ``--create-schema`` (see :mod:`datalchemy.load.ddl` for the phases).

Types are written as introspection recorded them (``format_type``: ``numeric(12,2)``,
``crm.status_lead``, ``text[]``), CHECKs and defaults as ``pg_get_constraintdef`` /
``pg_get_expr`` deparsed them, and secondary indexes with their ``pg_get_indexdef`` text, so the
copy has the source's own spelling of every object. Partitions are created ``PARTITION OF`` their
parent and take its keys, indexes, CHECKs and foreign keys from it.
"""

from __future__ import annotations

from collections.abc import Iterable

from datalchemy.contracts.schema import (
    Column,
    DatabaseSchema,
    DomainType,
    ForeignKey,
    Sequence,
    Table,
    TableKind,
)
from datalchemy.engines.postgres import POSTGRES
from datalchemy.load.ddl import DdlStatement, SchemaDdl

__all__ = ["postgres_ddl"]

_q = POSTGRES.quote
_CREATED_KINDS = (TableKind.TABLE, TableKind.PARTITIONED_TABLE, TableKind.PARTITION)


def _qq(schema: str, name: str) -> str:
    return f"{_q(schema)}.{_q(name)}"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _columns(names: Iterable[str]) -> str:
    return ", ".join(_q(n) for n in names)


def _deferrable(deferrable: bool, initially_deferred: bool) -> str:
    if not deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if initially_deferred else " DEFERRABLE"


def _ordered_domains(domains: list[DomainType]) -> list[DomainType]:
    """Domains over other domains after their base (the contract sorts them by name)."""
    done: set[str] = set()
    out: list[DomainType] = []
    pending = list(domains)
    while pending:
        ready = [d for d in pending if d.base_domain is None or d.base_domain in done]
        if not ready:  # a base outside schema.json: let the database name it
            ready = pending[:1]
        for d in ready:
            out.append(d)
            done.add(d.qualified_name)
            pending.remove(d)
    return out


def _domain(d: DomainType) -> str:
    sql = f"CREATE DOMAIN {_qq(d.schema_name, d.name)} AS {d.base_type}"
    if d.default is not None:
        sql += f" DEFAULT {d.default}"
    if d.not_null:
        sql += " NOT NULL"
    for check in d.checks:
        named = f" CONSTRAINT {_q(check.name)}" if check.name else ""
        sql += f"{named} CHECK ({check.expression})"
    return sql


def _sequence_options(seq: Sequence) -> str:
    parts = [f"INCREMENT BY {seq.increment}"]
    if seq.min_value is not None:
        parts.append(f"MINVALUE {seq.min_value}")
    if seq.max_value is not None:
        parts.append(f"MAXVALUE {seq.max_value}")
    parts.append(f"START WITH {seq.start}")
    if seq.cycle:
        parts.append("CYCLE")
    return " ".join(parts)


def _column(col: Column, identity_sequence: Sequence | None) -> str:
    sql = f"{_q(col.name)} {col.declared_type}"
    if col.collation:
        schema, dot, name = col.collation.rpartition(".")
        sql += f" COLLATE {_qq(schema, name) if dot else _q(name)}"
    if col.generated is not None:
        kind = "VIRTUAL" if col.generated_kind == "virtual" else "STORED"
        sql += f" GENERATED ALWAYS AS ({col.generated}) {kind}"
    elif col.identity is not None:
        how = "ALWAYS" if col.identity == "always" else "BY DEFAULT"
        options = f" ({_sequence_options(identity_sequence)})" if identity_sequence else ""
        sql += f" GENERATED {how} AS IDENTITY{options}"
    elif col.default is not None:
        sql += f" DEFAULT {col.default}"
    if not col.nullable:
        sql += " NOT NULL"
    return sql


class _Writer:
    def __init__(self, schema: DatabaseSchema) -> None:
        self.schema = schema
        self.ddl = SchemaDdl()
        self.by_name = {f"{s.name}.{t.name}": (s.name, t) for s, t in schema.iter_tables()}
        self.owned = {seq.owned_by: seq for seq in schema.sequences if seq.owned_by}

    def add(self, phase: list[DdlStatement], what: str, sql: str) -> None:
        phase.append(DdlStatement(what, sql))

    def identity_sequence(self, schema: str, table: str, col: Column) -> Sequence | None:
        return self.owned.get(f"{schema}.{table}.{col.name}") if col.identity else None

    def write(self) -> SchemaDdl:
        pre = self.ddl.pre_data
        names = [s.name for s in self.schema.schemas]
        names += [e.schema_name for e in self.schema.enums]
        names += [d.schema_name for d in self.schema.domains]
        names += [seq.schema_name for seq in self.schema.sequences]
        for name in dict.fromkeys(names):
            self.add(pre, f"schema {name}", f"CREATE SCHEMA IF NOT EXISTS {_q(name)}")
        for e in self.schema.enums:
            labels = ", ".join(_literal(label) for label in e.labels)
            self.add(
                pre,
                f"type {e.qualified_name}",
                f"CREATE TYPE {_qq(e.schema_name, e.name)} AS ENUM ({labels})",
            )
            self.ddl.types.append((e.schema_name, e.name))
        for d in _ordered_domains(self.schema.domains):
            self.add(pre, f"domain {d.qualified_name}", _domain(d))
            self.ddl.types.append((d.schema_name, d.name))
        owners = {seq.qualified_name: self._owner(seq.owned_by) for seq in self.schema.sequences}
        # An identity column's sequence comes with the column (GENERATED ... AS IDENTITY).
        free = [
            seq
            for seq in self.schema.sequences
            if (owner := owners[seq.qualified_name]) is None
            or owner[1].column(owner[2]).identity is None
        ]
        for seq in free:
            self.add(
                pre,
                f"sequence {seq.qualified_name}",
                f"CREATE SEQUENCE {_qq(seq.schema_name, seq.name)} AS {seq.data_type} "
                f"{_sequence_options(seq)}",
            )
            self.ddl.relations.append((seq.schema_name, seq.name))
        for schema, table in self._tables_in_order():
            self._table(schema, table)
        for seq in free:
            owner = owners[seq.qualified_name]
            if owner is not None:
                self.add(
                    pre,
                    f"sequence {seq.qualified_name} owner",
                    f"ALTER SEQUENCE {_qq(seq.schema_name, seq.name)} OWNED BY "
                    f"{_qq(owner[0], owner[1].name)}.{_q(owner[2])}",
                )
        return self.ddl

    def _owner(self, owner: str | None) -> tuple[str, Table, str] | None:
        """The (schema, table, column) of ``schema.table.column`` among the created tables,
        matched against schema.json's names (which may hold dots)."""
        for qualified, (schema, table) in self.by_name.items():
            if owner and owner.startswith(qualified + "."):
                column = owner[len(qualified) + 1 :]
                if table.kind in _CREATED_KINDS and table.has_column(column):
                    return schema, table, column
        return None

    def _tables_in_order(self) -> list[tuple[str, Table]]:
        """Tables and partitioned parents first, then partitions once their parent is made."""
        out: list[tuple[str, Table]] = []
        made: set[str] = set()
        pending: list[tuple[str, Table]] = []
        for sch, t in self.schema.iter_tables():
            if t.kind not in _CREATED_KINDS:
                self.ddl.skipped.append(
                    f"{t.kind.value.replace('_', ' ')} {sch.name}.{t.name}: only tables are created"
                )
            elif t.kind == TableKind.PARTITION and t.partition_of:
                pending.append((sch.name, t))
            else:
                out.append((sch.name, t))
                made.add(f"{sch.name}.{t.name}")
        while pending:
            ready = [(n, t) for n, t in pending if t.partition_of in made] or pending[:1]
            for n, t in ready:
                out.append((n, t))
                made.add(f"{n}.{t.name}")
                pending.remove((n, t))
        return out

    def _table(self, schema: str, t: Table) -> None:
        name = _qq(schema, t.name)
        what = f"table {schema}.{t.name}"
        self.ddl.relations.append((schema, t.name))
        for trigger in t.triggers:
            self.ddl.skipped.append(
                f"trigger {schema}.{t.name}.{trigger.name}: schema.json does not hold trigger "
                "functions"
            )
        parent = self.by_name.get(t.partition_of or "") if t.kind == TableKind.PARTITION else None
        if parent is not None:
            bound = t.partition_bound or "DEFAULT"
            self.add(
                self.ddl.pre_data,
                what,
                f"CREATE TABLE {name} PARTITION OF {_qq(parent[0], parent[1].name)} {bound}",
            )
            return  # keys, indexes, CHECKs and FKs come from the parent
        lines = [_column(c, self.identity_sequence(schema, t.name, c)) for c in t.columns]
        for check in t.checks:
            if check.level in ("table", "column"):
                named = f"CONSTRAINT {_q(check.name)} " if check.name else ""
                lines.append(f"{named}CHECK ({check.expression})")
        body = ",\n  ".join(lines)
        sql = f"CREATE TABLE {name} (\n  {body}\n)"
        if t.kind == TableKind.PARTITIONED_TABLE and t.partition_key:
            sql += f" PARTITION BY {t.partition_key}"
        self.add(self.ddl.pre_data, what, sql)
        if t.comment is not None:
            self.add(
                self.ddl.pre_data,
                f"comment on {what}",
                f"COMMENT ON TABLE {name} IS {_literal(t.comment)}",
            )
        for c in t.columns:
            if c.comment is not None:
                self.add(
                    self.ddl.pre_data,
                    f"comment on {schema}.{t.name}.{c.name}",
                    f"COMMENT ON COLUMN {name}.{_q(c.name)} IS {_literal(c.comment)}",
                )
        self._keys(schema, t, name)
        for fk in t.foreign_keys:
            self._foreign_key(schema, t, name, fk)

    def _keys(self, schema: str, t: Table, name: str) -> None:
        keys = self.ddl.keys
        backed: set[str] = set()
        if t.primary_key is not None:
            pk = t.primary_key
            named = f" CONSTRAINT {_q(pk.name)}" if pk.name else ""
            self.add(
                keys,
                f"primary key of {schema}.{t.name}",
                f"ALTER TABLE {name} ADD{named} PRIMARY KEY ({_columns(pk.columns)})",
            )
            backed.add(pk.name or "")
        for u in t.uniques:
            if u.source != "constraint" or u.expressions:
                continue  # unique indexes come with the indexes below
            named = f" CONSTRAINT {_q(u.name)}" if u.name else ""
            nulls = " NULLS NOT DISTINCT" if u.nulls_not_distinct else ""
            self.add(
                keys,
                f"unique {u.name or ','.join(u.columns)} of {schema}.{t.name}",
                f"ALTER TABLE {name} ADD{named} UNIQUE{nulls} ({_columns(u.columns)})"
                f"{_deferrable(u.deferrable, u.initially_deferred)}",
            )
            backed.add(u.name or "")
        for x in t.exclusions:
            self.add(
                keys,
                f"exclusion {x.name} of {schema}.{t.name}",
                f"ALTER TABLE {name} ADD CONSTRAINT {_q(x.name)} {x.definition}",
            )
            backed.add(x.name)
        for index in t.indexes:
            if index.primary or index.name in backed or not index.definition:
                continue
            if not index.valid:
                self.ddl.skipped.append(
                    f"index {schema}.{index.name}: invalid in the source (a failed build)"
                )
                continue
            # A partitioned parent's index is ON ONLY the parent in the catalog; made plainly,
            # it is built on every partition too.
            definition = index.definition.replace(" ON ONLY ", " ON ", 1)
            self.add(keys, f"index {schema}.{index.name}", definition)
            self.ddl.relations.append((schema, index.name))

    def _foreign_key(self, schema: str, t: Table, name: str, fk: ForeignKey) -> None:
        label = fk.name or ",".join(fk.columns)
        if fk.enforced_by is not None:
            return  # a trigger enforces it in the source, not a constraint
        if fk.referenced not in self.by_name:
            self.ddl.skipped.append(
                f"foreign key {label} of {schema}.{t.name}: references {fk.referenced}, which "
                "schema.json does not hold"
            )
            return
        named = f" CONSTRAINT {_q(fk.name)}" if fk.name else ""
        match = " MATCH FULL" if fk.match == "full" else ""
        self.add(
            self.ddl.foreign_keys,
            f"foreign key {label} of {schema}.{t.name}",
            f"ALTER TABLE {name} ADD{named} FOREIGN KEY ({_columns(fk.columns)}) "
            f"REFERENCES {_qq(fk.referenced_schema, fk.referenced_table)} "
            f"({_columns(fk.referenced_columns)}){match} "
            f"ON UPDATE {fk.on_update.sql} ON DELETE {fk.on_delete.sql}"
            f"{_deferrable(fk.deferrable, fk.initially_deferred)}",
        )


def postgres_ddl(schema: DatabaseSchema) -> SchemaDdl:
    """The PostgreSQL DDL that re-creates ``schema`` (see :mod:`datalchemy.load.ddl`)."""
    return _Writer(schema).write()
