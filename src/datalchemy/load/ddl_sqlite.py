"""SQLite DDL for ``--create-schema`` (see :mod:`datalchemy.load.ddl` for the phases).

SQLite cannot add a primary key, a UNIQUE constraint or a foreign key to a table that exists, so
each ``CREATE TABLE`` holds all of them; only the secondary indexes (their ``CREATE INDEX`` text
as ``sqlite_master`` kept it) are built after the data. Foreign keys are written ``DEFERRABLE
INITIALLY DEFERRED`` only where the source said so; the loader defers every check to its commit
anyway. Declared types, defaults, collations and CHECK texts are written as the source had them.
"""

from __future__ import annotations

from datalchemy.contracts.schema import Column, DatabaseSchema, ForeignKey, Table, TableKind
from datalchemy.engines.sqlite import SQLITE
from datalchemy.load.ddl import DdlStatement, SchemaDdl

__all__ = ["sqlite_ddl"]

_q = SQLITE.quote


def _columns(names: list[str]) -> str:
    return ", ".join(_q(n) for n in names)


def _inline_key(t: Table) -> str | None:
    """The rowid-alias column that carries ``PRIMARY KEY`` itself (the only place SQLite
    accepts ``AUTOINCREMENT``)."""
    pk = t.primary_key
    if pk is None or len(pk.columns) != 1:
        return None
    col = next((c for c in t.columns if c.name == pk.columns[0]), None)
    return col.name if col is not None and (col.rowid_alias or col.autoincrement) else None


def _column(col: Column, t: Table, inline_key: str | None) -> str:
    sql = _q(col.name) + (f" {col.declared_type}" if col.declared_type else "")
    if col.name == inline_key:
        pk_name = t.primary_key.name if t.primary_key else None
        named = f" CONSTRAINT {_q(pk_name)}" if pk_name else ""
        sql += f"{named} PRIMARY KEY" + (" AUTOINCREMENT" if col.autoincrement else "")
    elif not col.nullable:
        sql += " NOT NULL"
    if col.default is not None:
        sql += f" DEFAULT {col.default}"
    if col.collation:
        sql += f" COLLATE {col.collation}"
    if col.generated is not None:
        kind = "STORED" if col.generated_kind == "stored" else "VIRTUAL"
        sql += f" GENERATED ALWAYS AS ({col.generated}) {kind}"
    for check in t.checks:
        if check.level == "column" and check.columns[:1] == [col.name]:
            named = f" CONSTRAINT {_q(check.name)}" if check.name else ""
            sql += f"{named} CHECK ({check.expression})"
    return sql


def _foreign_key(fk: ForeignKey) -> str:
    named = f"CONSTRAINT {_q(fk.name)} " if fk.name else ""
    refs = f" ({_columns(fk.referenced_columns)})" if fk.referenced_columns else ""
    sql = f"{named}FOREIGN KEY ({_columns(fk.columns)}) REFERENCES {_q(fk.referenced_table)}{refs}"
    if fk.on_update.value != "no_action":
        sql += f" ON UPDATE {fk.on_update.sql}"
    if fk.on_delete.value != "no_action":
        sql += f" ON DELETE {fk.on_delete.sql}"
    if fk.deferrable:
        sql += " DEFERRABLE INITIALLY " + ("DEFERRED" if fk.initially_deferred else "IMMEDIATE")
    return sql


def _create_table(t: Table) -> str:
    inline_key = _inline_key(t)
    lines = [_column(c, t, inline_key) for c in t.columns]
    if t.primary_key is not None and inline_key is None:
        named = f"CONSTRAINT {_q(t.primary_key.name)} " if t.primary_key.name else ""
        lines.append(f"{named}PRIMARY KEY ({_columns(t.primary_key.columns)})")
    for u in t.uniques:
        if u.source == "constraint" and not u.expressions:
            named = f"CONSTRAINT {_q(u.name)} " if u.name else ""
            lines.append(f"{named}UNIQUE ({_columns(u.columns)})")
    for check in t.checks:
        if check.level == "table" or (check.level == "column" and not check.columns):
            named = f"CONSTRAINT {_q(check.name)} " if check.name else ""
            lines.append(f"{named}CHECK ({check.expression})")
    lines += [_foreign_key(fk) for fk in t.foreign_keys if fk.enforced_by is None]
    options = [o for o, on in (("WITHOUT ROWID", t.without_rowid), ("STRICT", t.strict)) if on]
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {_q(t.name)} (\n  {body}\n)" + (
        " " + ", ".join(options) if options else ""
    )


def sqlite_ddl(schema: DatabaseSchema) -> SchemaDdl:
    """The SQLite DDL that re-creates ``schema`` in the main database of a file."""
    ddl = SchemaDdl()
    for s, t in schema.iter_tables():
        where = f"{s.name}.{t.name}"
        if t.kind != TableKind.TABLE:
            ddl.skipped.append(f"{t.kind.value.replace('_', ' ')} {where}: only tables are created")
            continue
        ddl.pre_data.append(DdlStatement(f"table {where}", _create_table(t)))
        ddl.relations.append((s.name, t.name))
        for index in t.indexes:
            if index.definition:  # None for the automatic indexes of PRIMARY KEY / UNIQUE
                ddl.keys.append(DdlStatement(f"index {s.name}.{index.name}", index.definition))
                ddl.relations.append((s.name, index.name))
        for trigger in t.triggers:
            ddl.skipped.append(
                f"trigger {where}.{trigger.name}: not created (it would fire on the loaded rows); "
                "create it after the load if the copy needs it"
            )
    return ddl
