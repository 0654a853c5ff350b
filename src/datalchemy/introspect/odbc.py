"""ODBC introspection: the ODBC catalog functions read into ``schema.json``.

``SQLTables``, ``SQLColumns``, ``SQLPrimaryKeys``, ``SQLForeignKeys`` and ``SQLStatistics``
(through pyodbc's ``Cursor.tables/columns/primaryKeys/foreignKeys/statistics``) give tables,
columns with SQL data types, primary keys, foreign keys with their rules, and unique indexes.
What the catalog functions do not expose is missing from the result and said so in one
``odbc_catalog_limits`` warning: CHECK constraints, enums, domains, sequences, identity and
generated columns, triggers. Connect natively (``postgresql://``, ``sqlite:///``) when the
database has a native introspector.

Types are mapped from the ODBC SQL type code, refined by the driver's type name (psqlODBC
reports ``uuid``, ``jsonb``, ``timestamptz`` ... under generic codes).

Warning codes: ``odbc_catalog_limits``, ``unknown_type``.

Example:
    >>> from datalchemy.db.urls import parse_connection  # doctest: +SKIP
    >>> info = parse_connection("Driver={SQLite3};Database=/tmp/cars.db")  # doctest: +SKIP
    >>> schema, warnings = introspect_odbc(info)  # doctest: +SKIP
    >>> [t.name for _, t in schema.iter_tables()][:2]  # doctest: +SKIP
    ['branches', 'cars']
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import (
    Column,
    DatabaseSchema,
    FkAction,
    ForeignKey,
    PrimaryKey,
    Schema,
    Table,
    TableKind,
    TypeFamily,
    UniqueConstraint,
)
from datalchemy.db import odbc
from datalchemy.db.errors import map_error
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.odbc import ODBC
from datalchemy.engines.odbc_drivers import SYSTEM_SCHEMAS, SYSTEM_TABLE_PREFIXES, profile_for
from datalchemy.errors import DatalchemyError, InputError

__all__ = ["introspect_odbc", "odbc_type_facts"]

#: The schema name used when the driver reports none (SQLite).
DEFAULT_SCHEMA = "main"

# ODBC SQL type codes (sql.h / sqlext.h).
_SQL = {
    "CHAR": 1, "NUMERIC": 2, "DECIMAL": 3, "INTEGER": 4, "SMALLINT": 5, "FLOAT": 6, "REAL": 7,
    "DOUBLE": 8, "DATE": 9, "TIME": 10, "TIMESTAMP": 11, "VARCHAR": 12, "TYPE_DATE": 91,
    "TYPE_TIME": 92, "TYPE_TIMESTAMP": 93, "LONGVARCHAR": -1, "BINARY": -2, "VARBINARY": -3,
    "LONGVARBINARY": -4, "BIGINT": -5, "TINYINT": -6, "BIT": -7, "WCHAR": -8, "WVARCHAR": -9,
    "WLONGVARCHAR": -10, "GUID": -11, "SS_TIME2": -154, "INTERVAL_BASE": 100,
}  # fmt: skip
_CODE_FAMILY: dict[int, TypeFamily] = {
    1: TypeFamily.TEXT, -8: TypeFamily.TEXT, 12: TypeFamily.TEXT, -9: TypeFamily.TEXT,
    -1: TypeFamily.TEXT, -10: TypeFamily.TEXT, 2: TypeFamily.DECIMAL, 3: TypeFamily.DECIMAL,
    4: TypeFamily.INTEGER, 5: TypeFamily.INTEGER, -5: TypeFamily.INTEGER, -6: TypeFamily.INTEGER,
    6: TypeFamily.FLOAT, 7: TypeFamily.FLOAT, 8: TypeFamily.FLOAT, -7: TypeFamily.BOOLEAN,
    9: TypeFamily.DATE, 91: TypeFamily.DATE, 10: TypeFamily.TIME, 92: TypeFamily.TIME,
    -154: TypeFamily.TIME, 11: TypeFamily.TIMESTAMP, 93: TypeFamily.TIMESTAMP,
    -2: TypeFamily.BYTES, -3: TypeFamily.BYTES, -4: TypeFamily.BYTES, -11: TypeFamily.UUID,
}  # fmt: skip
_INT_BITS = {-6: 8, 5: 16, 4: 32, -5: 64}
# Driver type names that say more than the SQL type code (psqlODBC maps these to VARCHAR etc.).
_NAME_FAMILY: dict[str, TypeFamily] = {
    "uuid": TypeFamily.UUID, "json": TypeFamily.JSON, "jsonb": TypeFamily.JSON,
    "timestamptz": TypeFamily.TIMESTAMPTZ, "timestamp with time zone": TypeFamily.TIMESTAMPTZ,
    "timetz": TypeFamily.TIME, "interval": TypeFamily.INTERVAL, "inet": TypeFamily.NETWORK,
    "cidr": TypeFamily.NETWORK, "macaddr": TypeFamily.NETWORK, "money": TypeFamily.MONEY,
    "xml": TypeFamily.XML, "bit": TypeFamily.BIT, "varbit": TypeFamily.BIT,
    "bool": TypeFamily.BOOLEAN, "boolean": TypeFamily.BOOLEAN, "bytea": TypeFamily.BYTES,
    "point": TypeFamily.GEOMETRY, "polygon": TypeFamily.GEOMETRY, "box": TypeFamily.GEOMETRY,
}  # fmt: skip
_FIXED_CODES = {1, -8}
_TEXT_NAMES = frozenset(
    {"varchar", "char", "bpchar", "text", "character varying", "character", "nvarchar", "nchar",
     "ntext", "name", "citext", "longvarchar", "wvarchar", "wchar", "wlongvarchar", "string",
     "clob", "nclob", "varchar2", "nvarchar2", "tinytext", "mediumtext", "longtext", "memo"}
)  # fmt: skip
_LENGTH_CODES = {1, -8, 12, -9}
_RULES = {0: FkAction.CASCADE, 1: FkAction.RESTRICT, 2: FkAction.SET_NULL, 3: FkAction.NO_ACTION,
          4: FkAction.SET_DEFAULT}  # fmt: skip
_SQL_INITIALLY_DEFERRED, _SQL_INITIALLY_IMMEDIATE = 5, 6


@dataclass(frozen=True)
class TypeFacts:
    family: TypeFamily
    declared: str
    length: int | None = None
    fixed_length: bool = False
    precision: int | None = None
    scale: int | None = None
    int_bits: int | None = None


def odbc_type_facts(
    data_type: int, type_name: str, column_size: int | None, decimal_digits: int | None
) -> TypeFacts:
    """Map one ``SQLColumns`` row's type fields onto a :class:`TypeFamily` and its facts.

    Example:
        >>> odbc_type_facts(12, "varchar", 40, None).declared
        'varchar(40)'
        >>> odbc_type_facts(2, "numeric", 12, 2).precision
        12
        >>> odbc_type_facts(-5, "int8", 19, 0).int_bits
        64
        >>> odbc_type_facts(12, "uuid", 37, None).family.value
        'uuid'
    """
    name = (type_name or "").strip()
    base = re.sub(r"\s*\(.*\)\s*$", "", name).lower()
    family = _NAME_FAMILY.get(base) or _CODE_FAMILY.get(data_type, TypeFamily.UNKNOWN)
    if family is TypeFamily.TIMESTAMP and ("tz" in base or "time zone" in base):
        family = TypeFamily.TIMESTAMPTZ
    if family is TypeFamily.TEXT and data_type in _LENGTH_CODES and column_size:
        declared = name if "(" in name else f"{name}({column_size})"
        return TypeFacts(
            family, declared, length=column_size, fixed_length=data_type in _FIXED_CODES
        )
    if family is TypeFamily.DECIMAL:
        declared = (
            name
            if "(" in name or not column_size
            else f"{name}({column_size},{decimal_digits or 0})"
        )
        return TypeFacts(family, declared, precision=column_size, scale=decimal_digits)
    if family is TypeFamily.INTEGER:
        return TypeFacts(family, name, int_bits=_INT_BITS.get(data_type, 64))
    return TypeFacts(family, name)


def introspect_odbc(
    info: ConnectionInfo, *, schemas: list[str] | None = None
) -> tuple[DatabaseSchema, list[Issue]]:
    """Read the structure of the database behind an ODBC connection.

    Args:
        info: an ``odbc`` connection (``odbc://DSN`` or ``Driver={...};...``).
        schemas: schema names to read; None reads every non-system schema.

    Returns:
        The contract (engine ``odbc``, ``source_dialect`` from the driver family) with its
        fingerprint set, and warnings.

    Raises:
        ConnectionFailed: the connection cannot be opened.
        InputError: ``schema_not_found`` for a ``schemas`` entry that names no schema.
        DatabaseError: a catalog function failed.
    """
    import pyodbc

    conn = odbc.connect(info, autocommit=True)
    issues: list[Issue] = []
    try:
        dbms = str(conn.getinfo(pyodbc.SQL_DBMS_NAME))
        version = str(conn.getinfo(pyodbc.SQL_DBMS_VER))
        # The driver's own name first (psqlodbcw.so), then the DBMS it reports (PostgreSQL).
        source = odbc.profile_of_connection(conn)
        if source.dialect is None:
            source = profile_for(dbms)
        database = str(conn.getinfo(pyodbc.SQL_DATABASE_NAME) or "") or None
        cur = conn.cursor()
        listed = _list_tables(cur)
        available = sorted({s for s, _, _ in listed})
        chosen = _choose(available, schemas)
        read: list[Schema] = []
        for schema in chosen:
            names = [(t, kind) for s, t, kind in listed if s == schema]
            read.append(_read_schema(cur, schema, names, issues))
    except DatalchemyError:
        raise
    except pyodbc.Error as exc:
        raise map_error(exc, context=f"reading the ODBC catalog of {info.redacted}") from None
    finally:
        conn.close()
    if database and "/" in database:  # SQLite reports the file path; keep only its name
        database = database.rsplit("/", 1)[-1]
    issues.append(
        Issue(
            severity="warning",
            code="odbc_catalog_limits",
            path=None,
            message=f"read through ODBC ({dbms}): CHECK constraints, enums, domains, sequences, "
            "identity/generated columns and triggers are not visible to the ODBC catalog",
            hint="connect with the native URL (postgresql://, sqlite:///) when available",
        )
    )
    issues.sort(key=lambda i: (i.path or "", i.code, i.message))
    contract = DatabaseSchema(
        engine=ODBC.name,
        engine_version=f"{dbms} {version}",
        source_dialect=source.dialect,
        database=database,
        schemas=sorted(read, key=lambda s: s.name),
    )
    return contract.with_fingerprint(), issues


def _list_tables(cur: Any) -> list[tuple[str, str, TableKind]]:
    out: list[tuple[str, str, TableKind]] = []
    for row in cur.tables(tableType="TABLE,VIEW").fetchall():
        schema = row.table_schem or DEFAULT_SCHEMA
        if schema in SYSTEM_SCHEMAS or str(row.table_name).startswith(SYSTEM_TABLE_PREFIXES):
            continue
        kind = TableKind.VIEW if str(row.table_type).upper() == "VIEW" else TableKind.TABLE
        out.append((schema, str(row.table_name), kind))
    return out


def _choose(available: list[str], wanted: list[str] | None) -> list[str]:
    if not wanted:
        return available
    missing = [w for w in wanted if w not in available]
    if missing:
        raise InputError(
            "schema_not_found",
            f"the database has no schema called {missing[0]!r} (visible through ODBC)",
            path=missing[0],
            hint=f"available schemas: {', '.join(available) or '(none)'}",
        )
    return [a for a in available if a in wanted]


def _catalog_schema(schema: str) -> str | None:
    """The schema argument for catalog calls (None for drivers without schemas, e.g. SQLite)."""
    return None if schema == DEFAULT_SCHEMA else schema


def _read_schema(
    cur: Any, schema: str, names: list[tuple[str, TableKind]], issues: list[Issue]
) -> Schema:
    qs = _catalog_schema(schema)
    by_table: dict[str, list[Any]] = defaultdict(list)
    for row in cur.columns(schema=qs).fetchall():
        if (row.table_schem or DEFAULT_SCHEMA) == schema:
            by_table[str(row.table_name)].append(row)
    tables: list[Table] = []
    for name, kind in names:
        ordered = sorted(by_table.get(name, []), key=lambda r: int(r.ordinal_position))
        # psqlODBC numbers ordinal_position across a schema-wide SQLColumns result: renumber.
        columns = [
            _column(row, position, f"{schema}.{name}", issues)
            for position, row in enumerate(ordered, start=1)
        ]
        table = Table(name=name, kind=kind, columns=columns)
        if kind is TableKind.TABLE:
            table.primary_key = _primary_key(cur, qs, name)
            table.foreign_keys = _foreign_keys(cur, qs, name)
            table.uniques = _uniques(cur, qs, name, table.primary_key)
        tables.append(table)
    return Schema(name=schema, tables=sorted(tables, key=lambda t: t.name))


def _column(row: Any, position: int, table_path: str, issues: list[Issue]) -> Column:
    facts = odbc_type_facts(
        int(row.data_type), str(row.type_name or ""), row.column_size, row.decimal_digits
    )
    if facts.family is TypeFamily.UNKNOWN:
        issues.append(
            Issue(
                severity="warning",
                code="unknown_type",
                path=f"{table_path}.{row.column_name}",
                message=f"ODBC type {row.type_name!r} (SQL type {row.data_type}) has no family",
                hint="set a generator for it in the plan",
            )
        )
    if facts.family is TypeFamily.TEXT and _base_name(facts.declared) not in _TEXT_NAMES:
        # psqlODBC reports enums, domains and other user types as varchar(255).
        issues.append(
            Issue(
                severity="warning",
                code="odbc_user_type",
                path=f"{table_path}.{row.column_name}",
                message=f"type {row.type_name!r} is reported by the ODBC driver as text; its "
                "allowed values (enum labels, domain checks) are not visible through ODBC",
                hint="introspect natively, or give the column a generator in the plan",
            )
        )
        facts = TypeFacts(TypeFamily.TEXT, str(row.type_name or ""))
    default = row.column_def
    if isinstance(default, str) and default.strip().upper() == "NULL":
        default = None  # libsqliteodbc reports "no default" as the text NULL
    return Column(
        ordinal=position,
        name=str(row.column_name),
        declared_type=facts.declared,
        family=facts.family,
        nullable=int(row.nullable) != 0,
        default=None if default is None else str(default),
        length=facts.length,
        fixed_length=facts.fixed_length,
        precision=facts.precision,
        scale=facts.scale,
        int_bits=facts.int_bits,
    )


def _primary_key(cur: Any, schema: str | None, table: str) -> PrimaryKey | None:
    rows = sorted(cur.primaryKeys(table, schema=schema).fetchall(), key=lambda r: int(r.key_seq))
    if not rows:
        return None
    return PrimaryKey(name=rows[0].pk_name or None, columns=[str(r.column_name) for r in rows])


def _foreign_keys(cur: Any, schema: str | None, table: str) -> list[ForeignKey]:
    rows = cur.foreignKeys(foreignTable=table, foreignSchema=schema).fetchall()
    groups: list[list[Any]] = []
    for row in rows:
        # A new key starts at key_seq 1 (fk_name may be NULL, e.g. SQLite).
        if int(row.key_seq) == 1 or not groups:
            groups.append([])
        groups[-1].append(row)
    keys: list[ForeignKey] = []
    for group in groups:
        group.sort(key=lambda r: int(r.key_seq))
        first = group[0]
        deferrability = first.deferrability
        keys.append(
            ForeignKey(
                name=first.fk_name or None,
                columns=[str(r.fkcolumn_name) for r in group],
                referenced_schema=first.pktable_schem or DEFAULT_SCHEMA,
                referenced_table=str(first.pktable_name),
                referenced_columns=[str(r.pkcolumn_name) for r in group],
                on_update=_rule(first.update_rule),
                on_delete=_rule(first.delete_rule),
                deferrable=deferrability in (_SQL_INITIALLY_DEFERRED, _SQL_INITIALLY_IMMEDIATE),
                initially_deferred=deferrability == _SQL_INITIALLY_DEFERRED,
            )
        )
    keys.sort(key=lambda k: (k.name or "", k.columns))
    return keys


def _uniques(
    cur: Any, schema: str | None, table: str, pk: PrimaryKey | None
) -> list[UniqueConstraint]:
    by_index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in cur.statistics(table, schema=schema, unique=True).fetchall():
        if row.index_name is None or row.column_name is None or _int(row.non_unique) != 0:
            continue  # SQL_TABLE_STAT rows and non-unique indexes
        by_index[str(row.index_name)].append((int(row.ordinal_position), str(row.column_name)))
    out: list[UniqueConstraint] = []
    for name, parts in by_index.items():
        columns = [c for _, c in sorted(parts)]
        if pk is not None and (name == pk.name or sorted(columns) == sorted(pk.columns)):
            continue  # the primary key's own index
        out.append(UniqueConstraint(name=name, columns=columns, source="index"))
    out.sort(key=lambda u: u.name or "")
    return out


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _rule(value: Any) -> FkAction:
    """An ODBC referential rule code (SQL_CASCADE=0 ... SQL_SET_DEFAULT=4) as an FkAction."""
    return FkAction.NO_ACTION if value is None else _RULES.get(int(value), FkAction.NO_ACTION)


def _base_name(declared: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", declared).strip().lower()
