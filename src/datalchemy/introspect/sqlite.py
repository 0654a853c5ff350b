"""SQLite introspection: PRAGMAs plus the stored ``CREATE`` text, read into ``schema.json``.

PRAGMAs give columns, primary keys, foreign keys and indexes. The rest (CHECK constraints, names of
constraints, COLLATE, AUTOINCREMENT, generated-column expressions, deferrable foreign keys, the
expressions and WHERE clause of an index) only exists in the SQL text SQLite keeps in
``sqlite_schema``, which :mod:`datalchemy.introspect.sqlite_ddl` parses; declared types are mapped
by :mod:`datalchemy.introspect.sqlite_types`. A statement that does not parse is recorded from the
PRAGMAs alone with a ``ddl_parse_failed`` warning; nothing aborts.

Warning codes: ``untyped_column``, ``unknown_type``, ``ddl_parse_failed``,
``virtual_table``, ``fk_target_missing``, ``fk_target_invalid``, ``relation_unreadable``, and the
trigger findings of :func:`datalchemy.triggers.trigger_issue` (``trigger_may_reject_rows``,
``trigger_writes_other_tables``, ``trigger_rewrites_row``; ``info``:
``trigger_enforced_as_foreign_key``, ``trigger_enforced_as_check``). Triggers are classified by
:func:`datalchemy.triggers.annotate_sqlite`, which also records the foreign keys and CHECKs
they enforce.

Example:
    >>> from datalchemy.db.urls import parse_connection
    >>> schema, warnings = introspect_sqlite(parse_connection("sqlite:///:memory:"))
    >>> schema.engine, [s.name for s in schema.schemas], warnings
    ('sqlite', ['main'], [])
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import (
    CheckConstraint,
    Column,
    DatabaseSchema,
    FkAction,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    TableKind,
    Trigger,
    TypeFamily,
    UniqueConstraint,
)
from datalchemy.db.sqlite import connect
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.sqlite import SQLITE
from datalchemy.errors import DatabaseError, InputError
from datalchemy.introspect.sqlite_ddl import (
    CheckDef,
    DdlError,
    TableDef,
    fold,
    parse_create_index,
    parse_create_table,
    parse_create_trigger,
    referenced_columns,
)
from datalchemy.introspect.sqlite_types import map_type
from datalchemy.triggers import annotate_sqlite, fires_on_write, trigger_issue

__all__ = ["introspect_sqlite"]


def introspect_sqlite(
    info: ConnectionInfo, *, schemas: list[str] | None = None
) -> tuple[DatabaseSchema, list[Issue]]:
    """Read the structure of the SQLite database ``info`` (opened read-only).

    Args:
        info: a SQLite connection (``sqlite:///path.db`` or ``sqlite:///:memory:``).
        schemas: schema names to read (``main`` and attached databases); None reads them all.

    Returns:
        The contract with its fingerprint set, and the warnings found on the way.

    Raises:
        ConnectionFailed: ``database_not_found`` when the file does not exist.
        InputError: ``not_sqlite`` for a file that is not SQLite; ``schema_not_found`` for a
            ``schemas`` entry that names no schema.
        DatabaseError: ``sql_error`` when SQLite fails while the schema is read.
    """
    conn = connect(info, readonly=True)
    try:
        path = info.sqlite_path
        database = None if path == ":memory:" else Path(path).name
        return _introspect_connection(conn, database=database, schemas=schemas)
    finally:
        conn.close()


def _introspect_connection(
    conn: sqlite3.Connection, *, database: str | None, schemas: list[str] | None
) -> tuple[DatabaseSchema, list[Issue]]:
    """Introspect an open connection (``main`` and every attached database but ``temp``)."""
    issues: list[Issue] = []
    try:
        version = str(conn.execute("select sqlite_version()").fetchone()[0])
        listed = _rows(conn, "select seq, name from pragma_database_list order by seq")
        available = [str(r["name"]) for r in listed if str(r["name"]) != "temp"]
        chosen = _choose_schemas(available, schemas)
        read = [_read_schema(conn, name, issues) for name in chosen]
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            "sql_error",
            f"SQLite failed while reading the schema: {exc}",
            hint="check that the file is a healthy SQLite database (PRAGMA integrity_check)",
        ) from None
    contract = DatabaseSchema(
        engine=SQLITE.name,
        engine_version=version,
        database=database,
        schemas=sorted(read, key=lambda s: s.name),
    )
    issues.sort(key=lambda i: (i.path or "", i.code, i.message))
    return contract.with_fingerprint(), issues


def _choose_schemas(available: list[str], wanted: list[str] | None) -> list[str]:
    if not wanted:
        return available
    by_fold = {fold(name): name for name in available}
    chosen: list[str] = []
    for name in wanted:
        found = by_fold.get(fold(name))
        if found is None:
            raise InputError(
                "schema_not_found",
                f"the SQLite database has no schema called {name!r}",
                path=name,
                hint=f"available schemas: {', '.join(sorted(available))}",
            )
        if found not in chosen:
            chosen.append(found)
    return chosen


# --------------------------------------------------------------------------------------------
# Reading one schema
# --------------------------------------------------------------------------------------------


@dataclass
class _Pending:
    """A table read in the first pass; its foreign keys are resolved once all tables are known."""

    table: Table
    definition: TableDef | None
    fk_rows: list[Any]


def _read_schema(conn: sqlite3.Connection, schema: str, issues: list[Issue]) -> Schema:
    q = SQLITE.quote(schema)
    objects = _rows(conn, f"select type, name, tbl_name, sql from {q}.sqlite_master")
    sql_of = {str(r["name"]): r["sql"] for r in objects if r["type"] in ("table", "view")}
    index_sql = {str(r["name"]): r["sql"] for r in objects if r["type"] == "index"}
    pending: list[_Pending] = []
    for name, kind, without_rowid, strict in _list_relations(conn, schema, objects):
        if kind == "shadow" or fold(name).startswith("sqlite_"):
            continue  # internal tables (sqlite_sequence, sqlite_stat1) and FTS shadow tables
        sql = sql_of.get(name)
        path = f"{schema}.{name}"
        try:
            pending.append(
                _read_relation(
                    conn, schema, name, kind, without_rowid, strict, sql, index_sql, issues
                )
            )
        except sqlite3.OperationalError as exc:
            # e.g. a view over a dropped table, or a virtual table whose module is not loaded.
            issues.append(
                _warn(
                    "relation_unreadable",
                    path,
                    f"SQLite could not describe {path}: {exc}",
                    "recorded without columns; fix or drop the object to introspect it",
                )
            )
            kind_enum = {"view": TableKind.VIEW, "virtual": TableKind.VIRTUAL_TABLE}.get(
                kind, TableKind.TABLE
            )
            pending.append(_Pending(Table(name=name, kind=kind_enum), None, []))
    by_fold = {fold(p.table.name): p.table for p in pending}
    for p in pending:
        p.table.foreign_keys = _foreign_keys(schema, p, by_fold, issues)
    for r in objects:
        if r["type"] == "trigger" and r["sql"]:
            target = by_fold.get(fold(str(r["tbl_name"])))
            if target is not None:
                _add_trigger(target, str(r["name"]), str(r["sql"]))
    tables = sorted((p.table for p in pending), key=lambda t: t.name)
    for t in tables:
        _sort_table(t)
    read = Schema(name=schema, tables=tables)
    annotate_sqlite(read, known_functions=_known_functions(conn))
    issues += _trigger_issues(read)
    return read


def _list_relations(
    conn: sqlite3.Connection, schema: str, objects: list[Any]
) -> list[tuple[str, str, bool, bool]]:
    """(name, type, without_rowid, strict) of each table and view of ``schema``."""
    try:
        rows = _rows(
            conn, "select name, type, wr, strict from pragma_table_list where schema = ?", (schema,)
        )
        return [(str(r["name"]), str(r["type"]), bool(r["wr"]), bool(r["strict"])) for r in rows]
    except sqlite3.OperationalError:
        # PRAGMA table_list needs SQLite 3.37; older versions: the CREATE text says the rest.
        out: list[tuple[str, str, bool, bool]] = []
        for r in objects:
            if r["type"] in ("table", "view"):
                sql = str(r["sql"] or "")
                virtual = bool(re.match(r"\s*CREATE\s+VIRTUAL\b", sql, re.IGNORECASE))
                kind = "virtual" if virtual else str(r["type"])
                out.append((str(r["name"]), kind, False, False))
        return out


def _read_relation(
    conn: sqlite3.Connection,
    schema: str,
    name: str,
    kind: str,
    without_rowid: bool,
    strict: bool,
    sql: str | None,
    index_sql: dict[str, str | None],
    issues: list[Issue],
) -> _Pending:
    path = f"{schema}.{name}"
    is_view = kind == "view"
    xinfo = _rows(conn, "select * from pragma_table_xinfo(?, ?) order by cid", (name, schema))
    definition: TableDef | None = None
    if kind == "virtual":
        module = re.search(r"\bUSING\s+(\w+)", sql or "", re.IGNORECASE)
        issues.append(
            _warn(
                "virtual_table",
                path,
                f"{path} is a virtual table (module {module.group(1) if module else '?'}): its "
                "module decides what it holds (an FTS index is filled by its own triggers), so "
                "it is recorded but not generated",
                "nothing to do; load the tables it indexes",
            )
        )
    elif not is_view and sql:
        try:
            definition = parse_create_table(sql)
        except DdlError as exc:
            issues.append(
                _warn(
                    "ddl_parse_failed",
                    path,
                    f"could not parse the CREATE TABLE text of {path} ({exc}); CHECKs, "
                    "constraint names, COLLATE and deferrability are missing",
                    "report the statement; the PRAGMA-derived columns and keys are still recorded",
                )
            )
    if definition is not None:
        without_rowid = without_rowid or definition.without_rowid
        strict = strict or definition.strict

    index_rows = (
        [] if is_view else _rows(conn, "select * from pragma_index_list(?, ?)", (name, schema))
    )
    pk_rows = sorted((r for r in xinfo if r["pk"]), key=lambda r: int(r["pk"]))
    pk_cols = [str(r["name"]) for r in pk_rows]
    # An INTEGER PRIMARY KEY of a rowid table is an alias of the rowid: it has no index of its own
    # (a "pk" index means it is not an alias, e.g. INTEGER PRIMARY KEY DESC) and is never NULL;
    # inserting NULL assigns the next rowid. https://sqlite.org/lang_createtable.html#rowid
    rowid_alias: str | None = None
    if (
        not is_view
        and not without_rowid
        and len(pk_rows) == 1
        and str(pk_rows[0]["type"]).strip().upper() == "INTEGER"
        and not any(r["origin"] == "pk" for r in index_rows)
    ):
        rowid_alias = str(pk_rows[0]["name"])

    columns = [
        _column(r, path, kind, strict, rowid_alias, definition, issues)
        for r in xinfo
        if int(r["hidden"]) != 1  # hidden columns of virtual tables (fts5's rank, ...)
    ]
    if definition is None and sql and re.search(r"\bAUTOINCREMENT\b", sql, re.IGNORECASE):
        for col in columns:  # AUTOINCREMENT is only allowed on the INTEGER PRIMARY KEY
            col.autoincrement = col.name == rowid_alias

    table = Table(
        name=name,
        kind=(
            TableKind.VIEW
            if is_view
            else TableKind.VIRTUAL_TABLE
            if kind == "virtual"
            else TableKind.TABLE
        ),
        strict=strict,
        without_rowid=without_rowid,
        columns=columns,
    )
    if pk_cols:
        table.primary_key = PrimaryKey(
            name=definition.pk_name if definition else None, columns=pk_cols
        )
    if definition is not None:
        table.checks = [_check(c, columns) for c in definition.checks]
    _read_indexes(conn, schema, table, index_rows, index_sql, definition, issues)
    fk_rows = (
        []
        if is_view
        else _rows(conn, "select * from pragma_foreign_key_list(?, ?)", (name, schema))
    )
    return _Pending(table, definition, fk_rows)


def _column(
    r: Any,
    table_path: str,
    kind: str,
    strict: bool,
    rowid_alias: str | None,
    definition: TableDef | None,
    issues: list[Issue],
) -> Column:
    name = str(r["name"])
    hidden = int(r["hidden"])
    # SQLite before 3.33 reported a generated column's type with "GENERATED ALWAYS" appended.
    declared = re.sub(r"\s+GENERATED\s+ALWAYS\s*$", "", str(r["type"] or ""), flags=re.IGNORECASE)
    facts = map_type(declared, strict=strict)
    path = f"{table_path}.{name}"
    generated_kind: Literal["stored", "virtual"] | None = (
        "virtual" if hidden == 2 else "stored" if hidden == 3 else None
    )
    writable_table = kind != "view" and generated_kind is None
    if facts.family is TypeFamily.UNKNOWN and writable_table:
        what = "is declared ANY" if declared.strip() else "has no declared type"
        issues.append(
            _warn(
                "untyped_column",
                path,
                f"column {path} {what}: SQLite stores any value as given",
                "declare a type, or set a generator for it in the plan",
            )
        )
    elif facts.by_affinity and writable_table:
        issues.append(
            _warn(
                "unknown_type",
                path,
                f"declared type {declared!r} of {path} is not a known spelling; SQLite gives it "
                f"{facts.family.value} affinity and it is recorded as {facts.family.value}",
                "set a generator for it in the plan if the values need another shape",
            )
        )
    parsed = definition.column(name) if definition else None
    generated: str | None = None
    if generated_kind is not None:
        # Without a parsed CREATE text the expression is unknown; "" still marks it generated.
        generated = parsed.generated if parsed and parsed.generated else ""
    # Nullability is what SQLite enforces: notnull covers NOT NULL, STRICT and WITHOUT ROWID
    # primary keys. Other primary-key columns of rowid tables accept NULL unless declared NOT NULL
    # (a historical SQLite quirk), so they stay nullable; the rowid alias is never NULL.
    nullable = not int(r["notnull"]) and name != rowid_alias
    return Column(
        ordinal=int(r["cid"]) + 1,
        name=name,
        declared_type=declared,
        family=facts.family,
        nullable=nullable,
        default=None if r["dflt_value"] is None else str(r["dflt_value"]),
        generated=generated,
        generated_kind=generated_kind,
        # Only the AUTOINCREMENT keyword sets this. A plain INTEGER PRIMARY KEY is a rowid alias
        # (SQLite fills it when NULL is inserted), but the generator still emits its values.
        autoincrement=bool(parsed and parsed.autoincrement),
        rowid_alias=name == rowid_alias,
        length=facts.length,
        fixed_length=False,  # SQLite never blank-pads CHAR(n); the length is not even enforced
        precision=facts.precision,
        scale=facts.scale,
        int_bits=facts.int_bits,
        collation=parsed.collation if parsed else None,
    )


def _check(c: CheckDef, columns: list[Column]) -> CheckConstraint:
    """A parsed CHECK with the columns it reads (its own column first for a column CHECK)."""
    read = referenced_columns(c.expression, [col.name for col in columns])
    if c.column is not None:
        own = next((col.name for col in columns if fold(col.name) == fold(c.column)), c.column)
        read = [own, *(n for n in read if n != own)]
    return CheckConstraint(
        name=c.name,
        expression=c.expression,
        columns=read,
        level="column" if c.column is not None else "table",
    )


def _read_indexes(
    conn: sqlite3.Connection,
    schema: str,
    table: Table,
    index_rows: list[Any],
    index_sql: dict[str, str | None],
    definition: TableDef | None,
    issues: list[Issue],
) -> None:
    """Fill ``table.indexes`` and ``table.uniques`` (UNIQUE constraints and unique indexes)."""
    parsed_uniques = list(definition.uniques) if definition else []
    for r in index_rows:
        name = str(r["name"])
        origin = str(r["origin"])
        unique = bool(r["unique"])
        keys = [
            k
            for k in _rows(
                conn, "select * from pragma_index_xinfo(?, ?) order by seqno", (name, schema)
            )
            if int(k["key"])
        ]
        sql = index_sql.get(name)
        parts: list[str] = []
        predicate: str | None = None
        if sql:
            try:
                parts, predicate = parse_create_index(sql)
            except DdlError as exc:
                issues.append(
                    _warn(
                        "ddl_parse_failed",
                        f"{schema}.{table.name}",
                        f"could not parse the CREATE INDEX text of {name} ({exc}); its "
                        "expressions and WHERE clause are missing",
                        "report the statement",
                    )
                )
        columns: list[str] = []
        expressions: list[str] = []
        for k in keys:
            seq = int(k["seqno"])
            if int(k["cid"]) >= 0:
                columns.append(str(k["name"]))
            elif int(k["cid"]) == -1:
                expressions.append("rowid")
            elif seq < len(parts):
                expressions.append(parts[seq])
            else:
                expressions.append("?")  # unparsed expression; the warning above says why
        table.indexes.append(
            Index(
                name=name,
                unique=unique,
                primary=origin == "pk",
                columns=columns,
                expressions=expressions,
                predicate=predicate,
                definition=sql,
            )
        )
        if origin == "u":
            # The automatic index of a UNIQUE constraint: one entry, named from the CREATE text.
            match = next(
                (
                    u
                    for u in parsed_uniques
                    if [fold(c) for c in u[1]] == [fold(c) for c in columns]
                ),
                None,
            )
            if match is not None:
                parsed_uniques.remove(match)
            table.uniques.append(
                UniqueConstraint(name=match[0] if match else None, columns=columns)
            )
        elif origin == "c" and unique:
            table.uniques.append(
                UniqueConstraint(
                    name=name,
                    columns=columns,
                    expressions=expressions,
                    source="index",
                    predicate=predicate,
                )
            )


def _foreign_keys(
    schema: str, p: _Pending, tables: dict[str, Table], issues: list[Issue]
) -> list[ForeignKey]:
    """Foreign keys from PRAGMA rows, named and made deferrable from the CREATE text."""
    grouped: dict[int, list[Any]] = {}
    for r in p.fk_rows:
        grouped.setdefault(int(r["id"]), []).append(r)
    parsed = list(p.definition.fks) if p.definition else []
    out: list[ForeignKey] = []
    path = f"{schema}.{p.table.name}"
    # PRAGMA ids run in reverse order of declaration; walk them in declaration order.
    for fk_id in sorted(grouped, reverse=True):
        rows = sorted(grouped[fk_id], key=lambda r: int(r["seq"]))
        first = rows[0]
        cols = [_canonical(str(r["from"]), p.table) for r in rows]
        to = [None if r["to"] is None else str(r["to"]) for r in rows]
        written = str(first["table"])
        target = tables.get(fold(written))
        clause = next(
            (
                f
                for f in parsed
                if [fold(c) for c in f.columns] == [fold(c) for c in cols]
                and fold(f.table) == fold(written)
            ),
            None,
        )
        if clause is not None:
            parsed.remove(clause)
        if any(t is None for t in to):
            pk = target.primary_key.columns if target and target.primary_key else []
            if len(pk) != len(cols):
                issues.append(
                    _warn(
                        "fk_target_invalid",
                        path,
                        f"foreign key {path}({', '.join(cols)}) references {written} without "
                        "columns, and that table has no matching primary key; it is left out",
                        "name the referenced columns in the REFERENCES clause",
                    )
                )
                continue
            to = list(pk)
        if target is None:
            issues.append(
                _warn(
                    "fk_target_missing",
                    path,
                    f"foreign key {path}({', '.join(cols)}) references {written}, which does not "
                    f"exist in schema {schema}",
                    "create the referenced table, or drop the foreign key",
                )
            )
        ref_cols = [str(t) for t in to]
        if target is not None:
            ref_cols = [_canonical(c, target) for c in ref_cols]
        out.append(
            ForeignKey(
                name=clause.name if clause else None,
                columns=cols,
                referenced_schema=schema,  # SQLite foreign keys never leave their database
                referenced_table=target.name if target else written,
                referenced_columns=ref_cols,
                on_update=_ACTIONS.get(str(first["on_update"]).upper(), FkAction.NO_ACTION),
                on_delete=_ACTIONS.get(str(first["on_delete"]).upper(), FkAction.NO_ACTION),
                # SQLite parses MATCH but applies every foreign key as MATCH SIMPLE.
                # https://sqlite.org/foreignkeys.html#fk_unsupported
                match="simple",
                deferrable=bool(clause and clause.deferrable),
                initially_deferred=bool(clause and clause.initially_deferred),
            )
        )
    return out


_ACTIONS = {
    "NO ACTION": FkAction.NO_ACTION,
    "RESTRICT": FkAction.RESTRICT,
    "CASCADE": FkAction.CASCADE,
    "SET NULL": FkAction.SET_NULL,
    "SET DEFAULT": FkAction.SET_DEFAULT,
}


def _add_trigger(table: Table, name: str, sql: str) -> None:
    timing: str | None = None
    events: list[str] = []
    with contextlib.suppress(DdlError):  # still recorded, with its definition
        parsed = parse_create_trigger(sql)
        timing, events = parsed.timing, parsed.events
    table.triggers.append(Trigger(name=name, timing=timing, events=events, definition=sql))


def _trigger_issues(schema: Schema) -> list[Issue]:
    """What the classified triggers mean for generation and loading (see
    :func:`datalchemy.triggers.trigger_issue`). Loading inserts rows (and may update them to
    close FK cycles); DELETE triggers are quiet. A trigger that did not parse may be either."""
    generated = {f"{schema.name}.{t.name}" for t in schema.tables if t.is_generation_target}
    issues = []
    for table in schema.tables:
        for trigger in table.triggers:
            if table.is_generation_target and (not trigger.events or fires_on_write(trigger)):
                issue = trigger_issue(f"{schema.name}.{table.name}", trigger, generated)
                if issue is not None:
                    issues.append(issue)
    return issues


def _known_functions(conn: sqlite3.Connection) -> frozenset[str] | None:
    """Every SQL function this SQLite defines (lower case); None when it cannot say (before
    3.30, or built without introspection pragmas)."""
    try:
        return frozenset(
            str(r[0]).lower() for r in conn.execute("select name from pragma_function_list")
        )
    except sqlite3.Error:
        return None


def _sort_table(t: Table) -> None:
    t.checks.sort(key=lambda c: (c.name or "", c.level, c.expression, c.columns))
    t.uniques.sort(key=lambda u: (u.name or "", u.columns, u.expressions, u.predicate or ""))
    t.foreign_keys.sort(key=lambda f: (f.name or "", f.columns, f.referenced_table))
    t.indexes.sort(key=lambda i: i.name)
    t.triggers.sort(key=lambda tr: tr.name)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _canonical(name: str, table: Table) -> str:
    """``name`` spelled as ``table`` declares its column (FK lists may use another case)."""
    return next((c.name for c in table.columns if fold(c.name) == fold(name)), name)


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    try:
        return cur.execute(sql, params).fetchall()
    finally:
        cur.close()


def _warn(code: str, path: str, message: str, hint: str | None = None) -> Issue:
    return Issue(severity="warning", code=code, path=path, message=message, hint=hint)
