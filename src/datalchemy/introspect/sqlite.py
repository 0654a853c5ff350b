"""SQLite introspection: PRAGMAs plus the stored ``CREATE`` text, read into ``schema.json``.

PRAGMAs give columns, primary keys, foreign keys and indexes. The rest (CHECK constraints, names of
constraints, COLLATE, AUTOINCREMENT, generated-column expressions, deferrable foreign keys, the
expressions and WHERE clause of an index) only exists in the SQL text SQLite keeps in
``sqlite_schema``, so that text is tokenized and parsed here. sqlglot is not used for the structure:
its SQLite dialect rejects valid DDL that real databases hold (``ON CONFLICT`` clauses,
``VARYING CHARACTER(20)``, ``NOT NULL UNIQUE CONSTRAINT c CHECK (...)``, ``WITHOUT ROWID, STRICT``)
and rewrites expressions, whereas the contract keeps them as written. A statement that does not
parse is recorded from the PRAGMAs alone with a ``ddl_parse_failed`` warning; nothing aborts.

Warning codes: ``untyped_column``, ``unknown_type``, ``ddl_parse_failed``,
``trigger_may_reject_rows``, ``virtual_table``, ``fk_target_missing``, ``fk_target_invalid``,
``relation_unreadable``.

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
from dataclasses import dataclass, field
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
    by_fold = {_fold(name): name for name in available}
    chosen: list[str] = []
    for name in wanted:
        found = by_fold.get(_fold(name))
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
    definition: _TableDef | None
    fk_rows: list[Any]


def _read_schema(conn: sqlite3.Connection, schema: str, issues: list[Issue]) -> Schema:
    q = SQLITE.quote(schema)
    objects = _rows(conn, f"select type, name, tbl_name, sql from {q}.sqlite_master")
    sql_of = {str(r["name"]): r["sql"] for r in objects if r["type"] in ("table", "view")}
    index_sql = {str(r["name"]): r["sql"] for r in objects if r["type"] == "index"}
    pending: list[_Pending] = []
    for name, kind, without_rowid, strict in _list_relations(conn, schema, objects):
        if kind == "shadow" or _fold(name).startswith("sqlite_"):
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
            kind_enum = TableKind.VIEW if kind == "view" else TableKind.TABLE
            pending.append(_Pending(Table(name=name, kind=kind_enum), None, []))
    by_fold = {_fold(p.table.name): p.table for p in pending}
    for p in pending:
        p.table.foreign_keys = _foreign_keys(schema, p, by_fold, issues)
    for r in objects:
        if r["type"] == "trigger" and r["sql"]:
            target = by_fold.get(_fold(str(r["tbl_name"])))
            if target is not None:
                _add_trigger(schema, target, str(r["name"]), str(r["sql"]), issues)
    tables = sorted((p.table for p in pending), key=lambda t: t.name)
    for t in tables:
        _sort_table(t)
    return Schema(name=schema, tables=tables)


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
    definition: _TableDef | None = None
    if kind == "virtual":
        module = re.search(r"\bUSING\s+(\w+)", sql or "", re.IGNORECASE)
        issues.append(
            _warn(
                "virtual_table",
                path,
                f"{path} is a virtual table (module {module.group(1) if module else '?'}); "
                "recorded as a table, but its module decides what it accepts",
                "exclude it from the plan if rows cannot be written to it",
            )
        )
    elif not is_view and sql:
        try:
            definition = _parse_create_table(sql)
        except _DdlError as exc:
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
        kind=TableKind.VIEW if is_view else TableKind.TABLE,
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
    definition: _TableDef | None,
    issues: list[Issue],
) -> Column:
    name = str(r["name"])
    hidden = int(r["hidden"])
    # SQLite before 3.33 reported a generated column's type with "GENERATED ALWAYS" appended.
    declared = re.sub(r"\s+GENERATED\s+ALWAYS\s*$", "", str(r["type"] or ""), flags=re.IGNORECASE)
    facts = _map_type(declared, strict=strict)
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


def _check(c: _CheckDef, columns: list[Column]) -> CheckConstraint:
    """A parsed CHECK with the columns it reads (its own column first for a column CHECK)."""
    read = _referenced_columns(c.expression, [col.name for col in columns])
    if c.column is not None:
        own = next((col.name for col in columns if _fold(col.name) == _fold(c.column)), c.column)
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
    definition: _TableDef | None,
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
                parts, predicate = _parse_create_index(sql)
            except _DdlError as exc:
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
                    if [_fold(c) for c in u[1]] == [_fold(c) for c in columns]
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
        target = tables.get(_fold(written))
        clause = next(
            (
                f
                for f in parsed
                if [_fold(c) for c in f.columns] == [_fold(c) for c in cols]
                and _fold(f.table) == _fold(written)
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


def _add_trigger(schema: str, table: Table, name: str, sql: str, issues: list[Issue]) -> None:
    timing: str | None = None
    events: list[str] = []
    with contextlib.suppress(_DdlError):  # still recorded, with its definition
        timing, events = _parse_create_trigger(sql)
    table.triggers.append(Trigger(name=name, timing=timing, events=events, definition=sql))
    # Loading inserts rows (and may update them to close FK cycles); DELETE triggers are quiet.
    # A trigger that did not parse is warned about too: it may be either.
    if table.is_generation_target and (not events or {"INSERT", "UPDATE"} & set(events)):
        path = f"{schema}.{table.name}"
        issues.append(
            _warn(
                "trigger_may_reject_rows",
                f"{path}.{name}",
                f"trigger {name} on {path} ({timing or '?'} {' OR '.join(events) or '?'}) may "
                "rewrite or reject generated rows",
                "review the trigger; drop it while loading if it is not needed for the data "
                "to be valid",
            )
        )


def _sort_table(t: Table) -> None:
    t.checks.sort(key=lambda c: (c.name or "", c.level, c.expression, c.columns))
    t.uniques.sort(key=lambda u: (u.name or "", u.columns, u.expressions, u.predicate or ""))
    t.foreign_keys.sort(key=lambda f: (f.name or "", f.columns, f.referenced_table))
    t.indexes.sort(key=lambda i: i.name)
    t.triggers.sort(key=lambda tr: tr.name)


# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TypeFacts:
    family: TypeFamily
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    int_bits: int | None = None
    by_affinity: bool = False  # not a known spelling: NUMERIC affinity catch-all


F = TypeFamily
#: Common spellings, checked before SQLite's affinity rules (keys are upper case, single-spaced).
_SPELLINGS: dict[str, TypeFamily] = {
    **dict.fromkeys(
        [
            "INTEGER",
            "INT",
            "BIGINT",
            "SMALLINT",
            "TINYINT",
            "MEDIUMINT",
            "INT2",
            "INT4",
            "INT8",
            "UNSIGNED BIG INT",
        ],
        F.INTEGER,
    ),
    "BOOLEAN": F.BOOLEAN,
    "BOOL": F.BOOLEAN,
    "DATE": F.DATE,
    "DATETIME": F.TIMESTAMP,
    "TIMESTAMP": F.TIMESTAMP,
    "TIMESTAMP WITHOUT TIME ZONE": F.TIMESTAMP,
    "TIMESTAMPTZ": F.TIMESTAMPTZ,
    "TIMESTAMP WITH TIME ZONE": F.TIMESTAMPTZ,
    "TIME": F.TIME,
    "TIME WITHOUT TIME ZONE": F.TIME,
    "DECIMAL": F.DECIMAL,
    "NUMERIC": F.DECIMAL,
    "NUMBER": F.DECIMAL,
    **dict.fromkeys(["REAL", "FLOAT", "DOUBLE", "DOUBLE PRECISION", "FLOAT4", "FLOAT8"], F.FLOAT),
    **dict.fromkeys(
        [
            "TEXT",
            "CHAR",
            "CHARACTER",
            "VARCHAR",
            "NVARCHAR",
            "NCHAR",
            "CLOB",
            "NTEXT",
            "VARYING CHARACTER",
            "CHARACTER VARYING",
            "NATIVE CHARACTER",
            "NATIONAL CHARACTER",
        ],
        F.TEXT,
    ),
    "BLOB": F.BYTES,
    "UUID": F.UUID,
    "GUID": F.UUID,
    "JSON": F.JSON,
    "JSONB": F.JSON,
}
#: SQLite stores every integer in up to 64 bits. A name that declares a narrower integer keeps
#: that width so generated data also fits the databases the schema was written for.
_INT_BITS = {"TINYINT": 16, "SMALLINT": 16, "INT2": 16, "MEDIUMINT": 32, "INT4": 32}
_TYPE_RE = re.compile(r"^(?P<base>[^(]*?)\s*(?:\((?P<args>[^)]*)\))?\s*(?P<rest>[^()]*)$", re.S)


def _map_type(declared: str, *, strict: bool = False) -> _TypeFacts:
    """The family and facts of a declared SQLite type.

    Example:
        >>> _map_type("NVARCHAR(40)").length, _map_type("DECIMAL(10,2)").scale
        (40, 2)
    """
    m = _TYPE_RE.match(declared.strip())
    base = " ".join(f"{m['base']} {m['rest']}".upper().split()) if m else ""
    raw_args = [a.strip() for a in (m["args"] or "").split(",")] if m else []
    args = [int(a) for a in raw_args if re.fullmatch(r"[+-]?\d+", a)]
    upper = declared.upper()
    if not declared.strip() or (strict and base == "ANY"):
        return _TypeFacts(TypeFamily.UNKNOWN)  # BLOB affinity: values are stored as given
    family = _SPELLINGS.get(base)
    by_affinity = False
    if family is None:  # https://sqlite.org/datatype3.html#determination_of_column_affinity
        if "INT" in upper:
            family = F.INTEGER
        elif any(s in upper for s in ("CHAR", "CLOB", "TEXT")):
            family = F.TEXT
        elif "BLOB" in upper:
            family = F.BYTES
        elif any(s in upper for s in ("REAL", "FLOA", "DOUB")):
            family = F.FLOAT
        else:
            family, by_affinity = F.DECIMAL, True
    if family is F.INTEGER:
        return _TypeFacts(family, int_bits=_INT_BITS.get(base, 64))
    if family is F.TEXT:
        return _TypeFacts(family, length=args[0] if args else None)
    if family is F.DECIMAL:
        precision = args[0] if args else None
        scale = args[1] if len(args) > 1 else (0 if args else None)
        return _TypeFacts(family, precision=precision, scale=scale, by_affinity=by_affinity)
    return _TypeFacts(family)


# --------------------------------------------------------------------------------------------
# The stored CREATE text: tokenizer and small parsers
# --------------------------------------------------------------------------------------------


class _DdlError(Exception):
    """The SQL text does not have the shape the parser expects."""


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "quoted", "string", "number", "blob", "op"]
    text: str
    start: int
    end: int

    @property
    def value(self) -> str:
        """The identifier named by the token (quotes removed, doubled quotes undone)."""
        if self.kind == "quoted" or self.kind == "string":
            q = self.text[0]
            inner = self.text[1:-1]
            return inner if q == "[" else inner.replace(q + q, q)
        return self.text

    def kw(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


_WORD = re.compile(r"(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_$]|[^\x00-\x7f])*")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_OPS = ("->>", "->", "<=", ">=", "<>", "!=", "==", "||", "<<", ">>")
_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}


def _tokenize(sql: str) -> list[_Token]:
    """SQLite tokens of ``sql`` with their offsets; comments and whitespace dropped.

    Example:
        >>> [t.value for t in _tokenize('CREATE TABLE [a b] ("x""y" INT) -- note')]
        ['CREATE', 'TABLE', 'a b', '(', 'x"y', 'INT', ')']
    """
    out: list[_Token] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch.isspace():
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "xX" and i + 1 < n and sql[i + 1] == "'":
            end = sql.find("'", i + 2)
            if end < 0:
                raise _DdlError("unterminated blob literal")
            out.append(_Token("blob", sql[i : end + 1], i, end + 1))
            i = end + 1
        elif ch in _CLOSERS:
            close = _CLOSERS[ch]
            j = i + 1
            while True:
                j = sql.find(close, j)
                if j < 0:
                    raise _DdlError(f"unterminated {ch} quote")
                if close != "]" and sql.startswith(close * 2, j):
                    j += 2
                    continue
                break
            kind: Literal["string", "quoted"] = "string" if ch == "'" else "quoted"
            out.append(_Token(kind, sql[i : j + 1], i, j + 1))
            i = j + 1
        elif (m := _NUMBER.match(sql, i)) and (ch.isdigit() or ch == "."):
            out.append(_Token("number", m.group(), i, m.end()))
            i = m.end()
        elif m := _WORD.match(sql, i):
            out.append(_Token("word", m.group(), i, m.end()))
            i = m.end()
        else:
            op = next((o for o in _OPS if sql.startswith(o, i)), ch)
            out.append(_Token("op", op, i, i + len(op)))
            i += len(op)
    return out


class _Cursor:
    """Walks a token list; every ``expect_*`` raises :class:`_DdlError` on a mismatch."""

    def __init__(self, sql: str, tokens: list[_Token] | None = None, pos: int = 0) -> None:
        self.sql = sql
        self.tokens = _tokenize(sql) if tokens is None else tokens
        self.pos = pos

    def peek(self, ahead: int = 0) -> _Token | None:
        i = self.pos + ahead
        return self.tokens[i] if i < len(self.tokens) else None

    def at(self, *words: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kw(*words)

    def at_op(self, op: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "op" and tok.text == op

    def accept(self, *sequence: str) -> bool:
        """Consume the keywords ``sequence`` if they come next."""
        for k, word in enumerate(sequence):
            tok = self.peek(k)
            if tok is None or not tok.kw(word):
                return False
        self.pos += len(sequence)
        return True

    def expect(self, *sequence: str) -> None:
        if not self.accept(*sequence):
            raise _DdlError(f"expected {' '.join(sequence)} at {self._where()}")

    def expect_op(self, op: str) -> _Token:
        tok = self.peek()
        if tok is None or tok.kind != "op" or tok.text != op:
            raise _DdlError(f"expected {op!r} at {self._where()}")
        self.pos += 1
        return tok

    def name(self) -> str:
        tok = self.peek()
        if tok is None or tok.kind not in ("word", "quoted", "string"):
            raise _DdlError(f"expected a name at {self._where()}")
        self.pos += 1
        return tok.value

    def qualified_name(self) -> str:
        """``[schema.]name``; the schema part is dropped."""
        name = self.name()
        if self.at_op("."):
            self.pos += 1
            name = self.name()
        return name

    def group(self) -> tuple[int, int]:
        """Consume ``( ... )``; return the token range strictly inside the parentheses."""
        self.expect_op("(")
        start, depth = self.pos, 1
        while True:
            tok = self.peek()
            if tok is None:
                raise _DdlError("unbalanced parentheses")
            self.pos += 1
            if tok.kind == "op" and tok.text == "(":
                depth += 1
            elif tok.kind == "op" and tok.text == ")":
                depth -= 1
                if depth == 0:
                    return start, self.pos - 1

    def text(self, start: int, end: int) -> str:
        """The source text of tokens ``start`` to ``end`` (exclusive), as written."""
        if start >= end:
            return ""
        return self.sql[self.tokens[start].start : self.tokens[end - 1].end]

    def split(self, start: int, end: int) -> list[tuple[int, int]]:
        """Token ranges of the comma-separated items between ``start`` and ``end``."""
        items: list[tuple[int, int]] = []
        depth, item_start = 0, start
        for i in range(start, end):
            tok = self.tokens[i]
            if tok.kind == "op" and tok.text == "(":
                depth += 1
            elif tok.kind == "op" and tok.text == ")":
                depth -= 1
            elif tok.kind == "op" and tok.text == "," and depth == 0:
                items.append((item_start, i))
                item_start = i + 1
        items.append((item_start, end))
        return items

    def _where(self) -> str:
        tok = self.peek()
        return "the end" if tok is None else f"{tok.text!r} (offset {tok.start})"


@dataclass
class _ColumnDef:
    name: str
    collation: str | None = None
    autoincrement: bool = False
    generated: str | None = None


@dataclass
class _CheckDef:
    name: str | None
    expression: str
    column: str | None  # None for a table CHECK


@dataclass
class _FkClause:
    name: str | None
    columns: list[str]
    table: str
    ref_columns: list[str]
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass
class _TableDef:
    """What the CREATE TABLE text says beyond the PRAGMAs."""

    columns: list[_ColumnDef] = field(default_factory=list)
    pk_name: str | None = None
    checks: list[_CheckDef] = field(default_factory=list)
    uniques: list[tuple[str | None, list[str]]] = field(default_factory=list)
    fks: list[_FkClause] = field(default_factory=list)
    without_rowid: bool = False
    strict: bool = False

    def column(self, name: str) -> _ColumnDef | None:
        return next((c for c in self.columns if _fold(c.name) == _fold(name)), None)


_COLUMN_CONSTRAINTS = (
    "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
    "REFERENCES", "GENERATED", "AS",
)  # fmt: skip
_TABLE_CONSTRAINTS = ("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN")


def _parse_create_table(sql: str) -> _TableDef:
    """Parse a stored ``CREATE TABLE`` statement (https://sqlite.org/lang_createtable.html).

    Example:
        >>> d = _parse_create_table("CREATE TABLE t (a INT CONSTRAINT pos CHECK (a > 0)) STRICT")
        >>> d.checks[0].name, d.checks[0].expression, d.strict
        ('pos', 'a > 0', True)
    """
    cur = _Cursor(sql)
    cur.expect("CREATE")
    cur.accept("TEMP") or cur.accept("TEMPORARY")
    cur.expect("TABLE")
    cur.accept("IF", "NOT", "EXISTS")
    cur.qualified_name()
    start, end = cur.group()
    out = _TableDef()
    in_constraints = False
    for a, b in cur.split(start, end):
        item = _Cursor(sql, cur.tokens[:b], a)
        first = item.peek()
        if first is None:
            raise _DdlError("empty column definition")
        if in_constraints or first.kw(*_TABLE_CONSTRAINTS):
            # Column definitions come first; table constraints may follow without commas.
            in_constraints = True
            _table_constraints(item, out)
        else:
            _column_def(item, out)
    while cur.peek() is not None:
        if cur.accept("WITHOUT", "ROWID"):
            out.without_rowid = True
        elif cur.accept("STRICT"):
            out.strict = True
        else:
            cur.expect_op(",")
    return out


def _column_def(cur: _Cursor, out: _TableDef) -> None:
    col = _ColumnDef(cur.name())
    out.columns.append(col)
    while cur.peek() is not None and not cur.at(*_COLUMN_CONSTRAINTS):  # the type name
        if cur.at_op("("):
            cur.group()
        else:
            cur.pos += 1
    pending: str | None = None
    while cur.peek() is not None:
        if cur.accept("CONSTRAINT"):
            pending = cur.name()
            continue
        if cur.accept("PRIMARY", "KEY"):
            cur.accept("ASC") or cur.accept("DESC")
            _conflict_clause(cur)
            col.autoincrement = cur.accept("AUTOINCREMENT")
            out.pk_name = pending
        elif cur.accept("NOT", "NULL") or cur.accept("NULL"):
            _conflict_clause(cur)
        elif cur.accept("UNIQUE"):
            _conflict_clause(cur)
            out.uniques.append((pending, [col.name]))
        elif cur.accept("CHECK"):
            out.checks.append(_CheckDef(pending, cur.text(*cur.group()).strip(), col.name))
        elif cur.accept("DEFAULT"):
            _skip_default(cur)
        elif cur.accept("COLLATE"):
            col.collation = cur.name()
        elif cur.accept("REFERENCES"):
            out.fks.append(_fk_clause(cur, pending, [col.name]))
        elif cur.accept("GENERATED", "ALWAYS", "AS") or cur.accept("AS"):
            col.generated = cur.text(*cur.group()).strip()
            cur.accept("STORED") or cur.accept("VIRTUAL")
        else:
            raise _DdlError(f"unexpected {cur.peek().text!r} in column {col.name!r}")  # type: ignore[union-attr]
        pending = None


def _table_constraints(cur: _Cursor, out: _TableDef) -> None:
    """One or more table constraints (SQLite does not require commas between them)."""
    name: str | None = None
    while cur.peek() is not None:
        if cur.accept("CONSTRAINT"):
            name = cur.name()  # SQLite also accepts a lone CONSTRAINT name; it names nothing
            continue
        if cur.accept("PRIMARY", "KEY"):
            cur.group()  # the columns come from PRAGMA table_xinfo
            out.pk_name = name
        elif cur.accept("UNIQUE"):
            out.uniques.append((name, _column_list(cur)))
        elif cur.accept("CHECK"):
            out.checks.append(_CheckDef(name, cur.text(*cur.group()).strip(), None))
        elif cur.accept("FOREIGN", "KEY"):
            columns = _column_list(cur)
            cur.expect("REFERENCES")
            out.fks.append(_fk_clause(cur, name, columns))
        else:
            raise _DdlError(f"unexpected table constraint at {cur._where()}")
        _conflict_clause(cur)
        name = None


def _column_list(cur: _Cursor) -> list[str]:
    """``(a COLLATE x DESC, b)`` → ``["a", "b"]``."""
    start, end = cur.group()
    names: list[str] = []
    for a, _b in cur.split(start, end):
        tok = cur.tokens[a]
        if tok.kind not in ("word", "quoted", "string"):
            raise _DdlError("expected a column name")
        names.append(tok.value)
    return names


def _fk_clause(cur: _Cursor, name: str | None, columns: list[str]) -> _FkClause:
    fk = _FkClause(name, columns, cur.name(), _column_list(cur) if cur.at_op("(") else [])
    while cur.peek() is not None:
        if cur.accept("ON"):
            if not (cur.accept("DELETE") or cur.accept("UPDATE")):
                raise _DdlError("expected DELETE or UPDATE after ON")
            if not (
                cur.accept("SET", "NULL")
                or cur.accept("SET", "DEFAULT")
                or cur.accept("CASCADE")
                or cur.accept("RESTRICT")
                or cur.accept("NO", "ACTION")
            ):
                raise _DdlError("unknown foreign key action")
        elif cur.accept("MATCH"):
            cur.name()
        elif cur.accept("NOT", "DEFERRABLE"):
            if cur.accept("INITIALLY"):
                cur.name()
        elif cur.accept("DEFERRABLE"):
            # Only DEFERRABLE INITIALLY DEFERRED is deferred in SQLite; the other forms are
            # immediate constraints. https://sqlite.org/foreignkeys.html#fk_deferred
            fk.deferrable = True
            fk.initially_deferred = cur.accept("INITIALLY", "DEFERRED")
            cur.accept("INITIALLY", "IMMEDIATE")
        else:
            break
    return fk


def _conflict_clause(cur: _Cursor) -> None:
    if cur.accept("ON", "CONFLICT"):
        cur.name()


def _skip_default(cur: _Cursor) -> None:
    """Skip a DEFAULT value: ``(expr)``, a signed number, a literal or a keyword."""
    if cur.at_op("("):
        cur.group()
        return
    if cur.at_op("+") or cur.at_op("-"):
        cur.pos += 1
    if cur.peek() is None:
        raise _DdlError("DEFAULT without a value")
    cur.pos += 1


def _parse_create_index(sql: str) -> tuple[list[str], str | None]:
    """The key parts (as written, without ASC/DESC) and WHERE clause of a ``CREATE INDEX``.

    Example:
        >>> _parse_create_index("CREATE UNIQUE INDEX i ON t (lower(e) DESC, b) WHERE b > 0")
        (['lower(e)', 'b'], 'b > 0')
    """
    cur = _Cursor(sql)
    cur.expect("CREATE")
    cur.accept("UNIQUE")
    cur.expect("INDEX")
    cur.accept("IF", "NOT", "EXISTS")
    cur.qualified_name()
    cur.expect("ON")
    cur.name()
    start, end = cur.group()
    parts: list[str] = []
    for a, b in cur.split(start, end):
        if b > a and cur.tokens[b - 1].kw("ASC", "DESC"):
            b -= 1
        parts.append(cur.text(a, b))
    predicate: str | None = None
    if cur.accept("WHERE"):
        predicate = cur.text(cur.pos, len(cur.tokens)).strip()
    elif cur.peek() is not None:
        raise _DdlError(f"unexpected {cur.peek().text!r} after the index columns")  # type: ignore[union-attr]
    return parts, predicate


def _parse_create_trigger(sql: str) -> tuple[str, list[str]]:
    """Timing and event of a ``CREATE TRIGGER`` (https://sqlite.org/lang_createtrigger.html)."""
    cur = _Cursor(sql)
    cur.expect("CREATE")
    cur.accept("TEMP") or cur.accept("TEMPORARY")
    cur.expect("TRIGGER")
    cur.accept("IF", "NOT", "EXISTS")
    cur.qualified_name()
    timing = "BEFORE"  # SQLite's default when no timing is written
    if cur.accept("INSTEAD", "OF"):
        timing = "INSTEAD OF"
    elif cur.at("BEFORE", "AFTER"):
        timing = cur.name().upper()
    tok = cur.peek()
    if tok is None or not tok.kw("INSERT", "UPDATE", "DELETE"):
        raise _DdlError("expected INSERT, UPDATE or DELETE")
    return timing, [tok.text.upper()]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _fold(name: str) -> str:
    """SQLite compares identifiers case-insensitively for ASCII letters only."""
    return name.translate(_ASCII_LOWER)


def _canonical(name: str, table: Table) -> str:
    """``name`` spelled as ``table`` declares its column (FK lists may use another case)."""
    return next((c.name for c in table.columns if _fold(c.name) == _fold(name)), name)


def _referenced_columns(expression: str, columns: list[str]) -> list[str]:
    """Columns of ``columns`` that ``expression`` reads, in table order (function names skipped)."""
    try:
        tokens = _tokenize(expression)
    except _DdlError:
        return []
    used: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.kind not in ("word", "quoted"):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "word" and nxt is not None and nxt.kind == "op" and nxt.text == "(":
            continue  # a function call such as length(x)
        used.add(_fold(tok.value))
    return [c for c in columns if _fold(c) in used]


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    try:
        return cur.execute(sql, params).fetchall()
    finally:
        cur.close()


def _warn(code: str, path: str, message: str, hint: str | None = None) -> Issue:
    return Issue(severity="warning", code=code, path=path, message=message, hint=hint)
