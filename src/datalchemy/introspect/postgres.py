"""Read a PostgreSQL database's structure into the ``schema.json`` contract.

:func:`introspect_postgres` opens a connection, runs the batched catalog queries of
:mod:`datalchemy.introspect.pg_catalog` inside one ``REPEATABLE READ READ ONLY`` transaction (a
consistent snapshot), and assembles a :class:`~datalchemy.contracts.schema.DatabaseSchema`. The
number of queries is fixed (about ten, pipelined when libpq allows it), whatever the number of
tables.

What it cannot fully honour is reported as warning :class:`~datalchemy.contracts.common.Issue`\\ s
(``path`` is the dotted object name, e.g. ``crm.leads.score``):

* ``unknown_type`` — a column type datalchemy does not know (composite, extension type, ...);
  the column is recorded with family ``unknown`` (or a fallback such as ``text``);
* ``exclusion_constraint`` — an exclusion constraint, which generation cannot guarantee;
* the trigger findings of :func:`datalchemy.triggers.trigger_issue`: ``trigger_may_reject_rows``,
  ``trigger_writes_other_tables``, ``trigger_rewrites_row`` (warnings) and
  ``trigger_enforced_as_foreign_key`` / ``trigger_enforced_as_check`` (``info``: a trigger whose
  rejections :func:`datalchemy.triggers.annotate_postgres` recorded as constraints).

Example:
    >>> from datalchemy.db.urls import parse_connection  # doctest: +SKIP
    >>> info = parse_connection("postgresql://u:p@h/crm")  # doctest: +SKIP
    >>> schema, warnings = introspect_postgres(info)  # doctest: +SKIP
    >>> [s.name for s in schema.schemas]  # doctest: +SKIP
    ['crm', 'public']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import psycopg
from psycopg import IsolationLevel
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import (
    CheckConstraint,
    Column,
    DatabaseSchema,
    DomainType,
    EnumType,
    ExclusionConstraint,
    FkAction,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Sequence,
    Table,
    TableKind,
    Trigger,
    TypeFamily,
    UniqueConstraint,
)
from datalchemy.db.errors import map_error
from datalchemy.db.postgres import connect
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.postgres import POSTGRES
from datalchemy.errors import DatabaseError, InputError, UsageError
from datalchemy.introspect import pg_catalog as q
from datalchemy.introspect.pg_types import PgType, TypeFacts, resolve_type
from datalchemy.triggers import FunctionSource, annotate_postgres, fires_on_write, trigger_issue

__all__ = [
    "catalog_queries",
    "check_expression",
    "decode_trigger_type",
    "introspect_connection",
    "introspect_postgres",
    "is_system_schema",
]

Row = dict[str, Any]

_RELKINDS: dict[str, TableKind] = {
    "r": TableKind.TABLE,
    "p": TableKind.PARTITIONED_TABLE,
    "v": TableKind.VIEW,
    "m": TableKind.MATERIALIZED_VIEW,
    "f": TableKind.FOREIGN_TABLE,
}
_FK_ACTIONS: dict[str, FkAction] = {
    "a": FkAction.NO_ACTION,
    "r": FkAction.RESTRICT,
    "c": FkAction.CASCADE,
    "n": FkAction.SET_NULL,
    "d": FkAction.SET_DEFAULT,
}
_FK_MATCH: dict[str, Literal["simple", "full", "partial"]] = {
    "s": "simple",
    "f": "full",
    "p": "partial",
}
_IDENTITY: dict[str, Literal["always", "by_default"]] = {"a": "always", "d": "by_default"}
_GENERATED: dict[str, Literal["stored", "virtual"]] = {"s": "stored", "v": "virtual"}

# pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
_TRIGGER_BEFORE = 1 << 1
_TRIGGER_INSERT = 1 << 2
_TRIGGER_DELETE = 1 << 3
_TRIGGER_UPDATE = 1 << 4
_TRIGGER_TRUNCATE = 1 << 5
_TRIGGER_INSTEAD = 1 << 6


def is_system_schema(name: str) -> bool:
    """``pg_catalog``, ``pg_toast``, ``pg_temp_*``, ... and ``information_schema``."""
    return name.startswith("pg_") or name == "information_schema"


def catalog_queries(server_version_num: int) -> dict[str, str]:
    """The batched queries run after the schema list, by name, for a server version.

    Example:
        >>> sorted(catalog_queries(150000))[:3]
        ['columns', 'constraints', 'domain_checks']
    """
    nnd = (
        q.NULLS_NOT_DISTINCT_PG15 if server_version_num >= 150000 else q.NULLS_NOT_DISTINCT_FALLBACK
    )
    clone = q.TRIGGER_CLONE_PG13 if server_version_num >= 130000 else q.TRIGGER_CLONE_FALLBACK
    return {
        "relations": q.RELATIONS,
        "columns": q.COLUMNS,
        "types": q.TYPES,
        "domain_checks": q.DOMAIN_CHECKS,
        "constraints": q.CONSTRAINTS.format(nulls_not_distinct=nnd),
        "indexes": q.INDEXES.format(nulls_not_distinct=nnd),
        "triggers": q.TRIGGERS.format(trigger_clone=clone),
        "sequences": q.SEQUENCES,
    }


def check_expression(definition: str) -> str:
    """The boolean expression of a CHECK as ``pg_get_constraintdef`` prints it.

    Example:
        >>> check_expression("CHECK (score >= 0 AND score <= 100) NOT VALID")
        'score >= 0 AND score <= 100'
    """
    text = definition.strip()
    for suffix in (" NOT VALID", " NO INHERIT"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].rstrip()
    if text.startswith("CHECK (") and text.endswith(")"):
        text = text[len("CHECK (") : -1]
    return text.strip()


def decode_trigger_type(tgtype: int) -> tuple[str, list[str]]:
    """``(timing, events)`` of a ``pg_trigger.tgtype`` bit mask.

    Example:
        >>> decode_trigger_type(7)  # ROW | BEFORE | INSERT
        ('BEFORE', ['INSERT'])
    """
    if tgtype & _TRIGGER_INSTEAD:
        timing = "INSTEAD OF"
    elif tgtype & _TRIGGER_BEFORE:
        timing = "BEFORE"
    else:
        timing = "AFTER"
    events = [
        name
        for bit, name in (
            (_TRIGGER_INSERT, "INSERT"),
            (_TRIGGER_UPDATE, "UPDATE"),
            (_TRIGGER_DELETE, "DELETE"),
            (_TRIGGER_TRUNCATE, "TRUNCATE"),
        )
        if tgtype & bit
    ]
    return timing, events


def introspect_postgres(
    info: ConnectionInfo,
    *,
    schemas: list[str] | None = None,
    include_system_schemas: bool = False,
) -> tuple[DatabaseSchema, list[Issue]]:
    """Introspect the PostgreSQL database ``info`` names.

    Args:
        schemas: exact whitelist of schema names (system schemas allowed when listed); None or
            empty selects every non-system schema, empty ones (``public``) included.
        include_system_schemas: without a whitelist, also read ``pg_*`` and
            ``information_schema``.

    Returns:
        The contract (``fingerprint`` set) and the warnings, in contract order.

    Raises:
        ConnectionFailed: the server cannot be reached, refuses the credentials, or the database
            does not exist (the password is never shown).
        InputError: ``schema_not_found`` — a listed schema does not exist (the hint lists those
            that do).
        DatabaseError: the server failed a catalog query, or is older than PostgreSQL 12.
    """
    conn = connect(info, autocommit=True)
    try:
        return introspect_connection(
            conn, schemas=schemas, include_system_schemas=include_system_schemas
        )
    finally:
        conn.close()


def introspect_connection(
    conn: psycopg.Connection[Any],
    *,
    schemas: list[str] | None = None,
    include_system_schemas: bool = False,
) -> tuple[DatabaseSchema, list[Issue]]:
    """Like :func:`introspect_postgres`, on an open connection that is not inside a transaction.

    The connection's isolation level and read-only flag are restored afterwards.
    """
    if conn.info.transaction_status != TransactionStatus.IDLE:
        raise UsageError(
            "connection_busy",
            "introspection needs a connection that is not inside a transaction",
            hint="commit or roll back first, or use a fresh connection",
        )
    saved = (conn.isolation_level, conn.read_only)
    try:
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            catalog = _read_catalog(conn, schemas, include_system_schemas)
    except psycopg.Error as exc:
        raise map_error(exc, context="reading the PostgreSQL catalog") from None
    finally:
        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE:
            conn.isolation_level, conn.read_only = saved
    return _Builder(catalog).build()


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Catalog:
    database: str
    server_version: str
    schemas: list[str]
    rows: dict[str, list[Row]]


def _read_catalog(
    conn: psycopg.Connection[Any], schemas: list[str] | None, include_system: bool
) -> _Catalog:
    with conn.cursor(row_factory=dict_row) as cur:
        server = cur.execute(q.SERVER_INFO).fetchone()
        all_schemas = [str(r["name"]) for r in cur.execute(q.SCHEMAS).fetchall()]
    assert server is not None
    version_num = int(server["server_version_num"])
    if version_num < q.MIN_SERVER_VERSION_NUM:
        raise DatabaseError(
            "unsupported_server_version",
            f"PostgreSQL {server['server_version']} is too old for introspection",
            hint="datalchemy reads PostgreSQL 12 or newer",
        )
    selected = _select_schemas(all_schemas, schemas, include_system, str(server["database"]))
    params = {"schemas": selected}
    queries = catalog_queries(version_num)
    cursors: dict[str, psycopg.Cursor[Row]] = {}
    if psycopg.Pipeline.is_supported():
        with conn.pipeline():  # one network round trip for all of them
            for name, sql in queries.items():
                cursors[name] = conn.cursor(row_factory=dict_row)
                cursors[name].execute(sql.encode(), params)
    else:  # pragma: no cover - libpq older than 14
        for name, sql in queries.items():
            cursors[name] = conn.cursor(row_factory=dict_row)
            cursors[name].execute(sql.encode(), params)
    rows = {}
    for name, cur in cursors.items():
        rows[name] = cur.fetchall()
        cur.close()
    return _Catalog(str(server["database"]), str(server["server_version"]), selected, rows)


def _select_schemas(
    available: list[str], wanted: list[str] | None, include_system: bool, database: str
) -> list[str]:
    if not wanted:
        return sorted(n for n in available if include_system or not is_system_schema(n))
    present = set(available)
    missing = [name for name in dict.fromkeys(wanted) if name not in present]
    if missing:
        shown = ", ".join(n for n in available if not is_system_schema(n)) or "(none)"
        names = ", ".join(repr(n) for n in missing)
        raise InputError(
            "schema_not_found",
            f"schema {names} does not exist in database {database!r}"
            if len(missing) == 1
            else f"schemas {names} do not exist in database {database!r}",
            path=missing[0],
            hint=f"available schemas: {shown}",
        )
    return sorted(set(wanted))


# --------------------------------------------------------------------------- assembling


def _group(rows: Iterable[Row], key: str) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[int(row[key])].append(row)
    return grouped


def _pg_type(row: Row) -> PgType:
    return PgType(
        oid=int(row["oid"]),
        schema=str(row["schema"]),
        name=str(row["name"]),
        typtype=str(row["typtype"]),
        category=str(row["category"]),
        elem_oid=int(row["elem_oid"]),
        base_oid=int(row["base_oid"]),
        typmod=int(row["typmod"]),
        ndims=int(row["ndims"]),
        not_null=bool(row["not_null"]),
        default_expr=row["default_expr"],
        display=row["display"],
        base_type=row["base_type"],
        element_type=row["element_type"],
        enum_labels=list(row["enum_labels"]) if row["enum_labels"] is not None else None,
    )


def _warning(code: str, path: str, message: str, hint: str) -> Issue:
    return Issue(severity="warning", code=code, path=path, message=message, hint=hint)


class _Builder:
    """Turns the raw catalog rows into the contract, collecting warnings on the way."""

    def __init__(self, catalog: _Catalog) -> None:
        self.catalog = catalog
        rows = catalog.rows
        self.types: dict[int, PgType] = {int(r["oid"]): _pg_type(r) for r in rows["types"]}
        self.columns = _group(rows["columns"], "relid")
        self.constraints = _group(rows["constraints"], "relid")
        self.indexes = _group(rows["indexes"], "relid")
        self.triggers = _group(rows["triggers"], "relid")
        self.domain_checks = _group(rows["domain_checks"], "domain_oid")
        self.issues: list[Issue] = []
        self.functions: dict[str, FunctionSource] = {}
        self.clones: set[str] = set()

    def build(self) -> tuple[DatabaseSchema, list[Issue]]:
        tables: dict[str, list[Table]] = {name: [] for name in self.catalog.schemas}
        for rel in self.catalog.rows["relations"]:
            tables[str(rel["schema"])].append(self._table(rel))
        schemas = [
            Schema(name=name, tables=sorted(tables[name], key=lambda t: t.name))
            for name in sorted(tables)
        ]
        self._classify_triggers(schemas)
        contract = DatabaseSchema(
            engine=POSTGRES.name,
            engine_version=self.catalog.server_version,
            database=self.catalog.database,
            schemas=schemas,
            enums=self._enums(),
            domains=self._domains(),
            sequences=self._sequences(),
        )
        return contract.with_fingerprint(), self.issues

    # -- tables ---------------------------------------------------------------

    def _table(self, rel: Row) -> Table:
        oid = int(rel["oid"])
        schema, name = str(rel["schema"]), str(rel["name"])
        path = f"{schema}.{name}"
        kind = TableKind.PARTITION if rel["is_partition"] else _RELKINDS[str(rel["relkind"])]
        table = Table(
            name=name,
            kind=kind,
            partition_of=(
                f"{rel['parent_schema']}.{rel['parent_name']}" if rel["parent_name"] else None
            ),
            partition_bound=rel["partition_bound"],
            partition_key=rel["partition_key"],
            comment=rel["comment"],
            columns=[self._column(path, c) for c in self.columns.get(oid, [])],
        )
        self._constraints(table, path, self.constraints.get(oid, []))
        self._indexes(table, self.indexes.get(oid, []))
        self._triggers(table, path, self.triggers.get(oid, []))
        return table

    def _facts(
        self, path: str, declared: str, resolve: Callable[[], TypeFacts], *, warn: bool = True
    ) -> TypeFacts:
        """Resolve a type, turning any failure into an ``unknown_type`` warning."""
        try:
            facts = resolve()
        except Exception as exc:  # never abort introspection on one odd type
            facts = TypeFacts(family=TypeFamily.UNKNOWN, unknown=f"type mapping failed: {exc}")
        if warn and facts.unknown is not None:
            self.issues.append(
                _warning(
                    "unknown_type",
                    path,
                    f"column type {declared} is not known to datalchemy ({facts.unknown}); "
                    f"recorded with family {facts.family.value}",
                    "give the column an explicit generator or a fixed value in the plan; "
                    "the fallback generates text that may not load",
                )
            )
        return facts

    def _column(self, table_path: str, row: Row) -> Column:
        name = str(row["name"])
        declared = str(row["declared_type"])
        type_oid, typmod = int(row["type_oid"]), int(row["typmod"])
        facts = self._facts(
            f"{table_path}.{name}",
            declared,
            lambda: resolve_type(
                type_oid,
                typmod,
                self.types,
                ndims=int(row["ndims"]),
                element_type=row["element_type"],
            ),
        )
        generated_kind = _GENERATED.get(str(row["generated"] or ""))
        expression = row["default_expr"]
        return Column(
            ordinal=int(row["ordinal"]),
            name=name,
            declared_type=declared,
            family=facts.family,
            nullable=not row["not_null"],
            default=None if generated_kind else expression,
            identity=_IDENTITY.get(str(row["identity"] or "")),
            generated=expression if generated_kind else None,
            generated_kind=generated_kind,
            length=facts.length,
            fixed_length=facts.fixed_length,
            precision=facts.precision,
            scale=facts.scale,
            time_precision=facts.time_precision,
            int_bits=facts.int_bits,
            array=facts.array,
            enum=facts.enum,
            domain=facts.domain,
            collation=row["collation"],
            comment=row["comment"],
        )

    def _constraints(self, table: Table, path: str, rows: list[Row]) -> None:
        for row in rows:
            name = str(row["name"])
            contype = str(row["contype"])
            columns = [str(c) for c in row["columns"] or []]
            if contype == "p":
                table.primary_key = PrimaryKey(name=name, columns=columns)
            elif contype == "f":
                table.foreign_keys.append(
                    ForeignKey(
                        name=name,
                        columns=columns,
                        referenced_schema=str(row["ref_schema"]),
                        referenced_table=str(row["ref_table"]),
                        referenced_columns=[str(c) for c in row["ref_columns"] or []],
                        on_update=_FK_ACTIONS.get(str(row["on_update"]), FkAction.NO_ACTION),
                        on_delete=_FK_ACTIONS.get(str(row["on_delete"]), FkAction.NO_ACTION),
                        match=_FK_MATCH.get(str(row["match_type"]), "simple"),
                        deferrable=bool(row["deferrable"]),
                        initially_deferred=bool(row["initially_deferred"]),
                    )
                )
            elif contype == "u":
                table.uniques.append(
                    UniqueConstraint(
                        name=name,
                        columns=columns,
                        source="constraint",
                        nulls_not_distinct=bool(row["nulls_not_distinct"]),
                        deferrable=bool(row["deferrable"]),
                        initially_deferred=bool(row["initially_deferred"]),
                    )
                )
            elif contype == "c":
                by_position = sorted(zip(row["attnums"] or [], columns, strict=True))
                table.checks.append(
                    CheckConstraint(
                        name=name,
                        expression=check_expression(str(row["definition"])),
                        columns=list(dict.fromkeys(c for _, c in by_position)),
                        level="table",
                        validated=bool(row["validated"]),
                    )
                )
            elif contype == "x":
                definition = str(row["definition"])
                table.exclusions.append(ExclusionConstraint(name=name, definition=definition))
                self.issues.append(
                    _warning(
                        "exclusion_constraint",
                        f"{path}.{name}",
                        f"exclusion constraint {name} on {path} ({definition}) is recorded but "
                        "generation cannot guarantee it",
                        "generated rows may be rejected; constrain these columns in the plan "
                        "(e.g. unique or non-overlapping values) or exclude the table",
                    )
                )
        table.foreign_keys.sort(key=lambda fk: fk.name or "")
        table.checks.sort(key=lambda c: c.name or "")
        table.exclusions.sort(key=lambda x: x.name)

    def _indexes(self, table: Table, rows: list[Row]) -> None:
        for row in rows:
            key_columns: list[str | None] = list(row["key_columns"] or [])
            key_parts = [str(p) for p in row["key_parts"] or []]
            columns = [c for c in key_columns if c is not None]
            expressions = [p for c, p in zip(key_columns, key_parts, strict=True) if c is None]
            index = Index(
                name=str(row["name"]),
                unique=bool(row["is_unique"]),
                primary=bool(row["is_primary"]),
                valid=bool(row["is_valid"]),
                method=row["method"],
                columns=columns,
                expressions=expressions,
                predicate=row["predicate"],
                definition=row["definition"],
            )
            table.indexes.append(index)
            if index.unique and not row["backs_constraint"]:
                table.uniques.append(
                    UniqueConstraint(
                        name=index.name,
                        columns=columns,
                        expressions=expressions,
                        source="index",
                        predicate=index.predicate,
                        nulls_not_distinct=bool(row["nulls_not_distinct"]),
                    )
                )
        table.indexes.sort(key=lambda i: i.name)
        table.uniques.sort(key=lambda u: u.name or "")

    def _triggers(self, table: Table, path: str, rows: list[Row]) -> None:
        for row in rows:
            name = str(row["name"])
            timing, events = decode_trigger_type(int(row["tgtype"]))
            table.triggers.append(
                Trigger(
                    name=name,
                    timing=timing,
                    events=events,
                    function=row["function"],
                    enabled=str(row["enabled"]) != "D",
                    definition=row["definition"],
                )
            )
            self.functions[str(row["function"])] = FunctionSource(
                str(row["function_language"]), str(row["function_body"] or "")
            )
            if row["is_clone"]:
                self.clones.add(f"{path}.{name}")
        table.triggers.sort(key=lambda t: t.name)

    def _classify_triggers(self, schemas: list[Schema]) -> None:
        """Classify every trigger once all tables are known, record what they enforce, and warn.

        Loading inserts rows (and may update them to close FK cycles): INSERT and UPDATE
        triggers are reported; disabled triggers and a partition's copy of its parent's trigger
        (reported on the parent) are quiet."""
        annotate_postgres(
            schemas,
            self.functions,
            is_clone=lambda s, t, name: f"{s}.{t}.{name}" in self.clones,
        )
        generated = {
            f"{s.name}.{t.name}" for s in schemas for t in s.tables if t.is_generation_target
        }
        for s in schemas:
            for t in s.tables:
                path = f"{s.name}.{t.name}"
                for trigger in t.triggers:
                    if not fires_on_write(trigger) or f"{path}.{trigger.name}" in self.clones:
                        continue
                    issue = trigger_issue(path, trigger, generated)
                    if issue is not None:
                        self.issues.append(issue)

    # -- database-wide objects ------------------------------------------------

    def _enums(self) -> list[EnumType]:
        enums = [
            EnumType(schema_name=t.schema, name=t.name, labels=list(t.enum_labels or []))
            for t in self.types.values()
            if t.is_enum
        ]
        return sorted(enums, key=lambda e: (e.schema_name, e.name))

    def _domains(self) -> list[DomainType]:
        domains = [self._domain(t) for t in self.types.values() if t.is_domain]
        return sorted(domains, key=lambda d: (d.schema_name, d.name))

    def _domain(self, t: PgType) -> DomainType:
        # Columns of this domain carry the unknown_type warning; the domain itself does not.
        facts = self._facts(
            t.qualified_name,
            t.qualified_name,
            lambda: resolve_type(t.oid, -1, self.types),
            warn=False,
        )
        base = self.types.get(t.base_oid)
        checks = [
            CheckConstraint(
                name=str(row["name"]),
                expression=check_expression(str(row["definition"])),
                level="domain",
                validated=bool(row["validated"]),
            )
            for row in self.domain_checks.get(t.oid, [])
        ]
        return DomainType(
            schema_name=t.schema,
            name=t.name,
            base_type=t.base_type or (base.display if base and base.display else "unknown"),
            base_family=facts.family,
            base_domain=base.qualified_name if base is not None and base.is_domain else None,
            not_null=t.not_null,
            default=t.default_expr,
            length=facts.length,
            fixed_length=facts.fixed_length,
            precision=facts.precision,
            scale=facts.scale,
            int_bits=facts.int_bits,
            enum=facts.enum,
            checks=sorted(checks, key=lambda c: c.name or ""),
        )

    def _sequences(self) -> list[Sequence]:
        return [
            Sequence(
                schema_name=str(r["schema"]),
                name=str(r["name"]),
                data_type=str(r["data_type"]),
                start=int(r["start"]),
                increment=int(r["increment"]),
                min_value=int(r["min_value"]),
                max_value=int(r["max_value"]),
                cycle=bool(r["cycle"]),
                owned_by=r["owned_by"],
            )
            for r in sorted(self.catalog.rows["sequences"], key=lambda r: (r["schema"], r["name"]))
        ]
