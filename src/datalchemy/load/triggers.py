"""User triggers at load time: switch them off and on (``--triggers disable``), and name the
trigger behind a failed load (``--triggers enable``, the default).

Switching off is what ``pg_restore --disable-triggers`` does, limited to user triggers, inside
the load's own transaction, so a failure or a crash leaves every trigger as it was:

- PostgreSQL: ``ALTER TABLE ... DISABLE TRIGGER <name>`` for every enabled user trigger of the
  loaded tables and their partitions (what ``DISABLE TRIGGER USER`` covers; the internal
  triggers behind foreign keys and deferrable constraints stay on), and ``ENABLE [ALWAYS |
  REPLICA] TRIGGER <name>`` before the commit, so each trigger gets its own state back. Only the
  table's owner (or a superuser) may do this: ``triggers_disable_denied`` otherwise.
- SQLite: the triggers' ``CREATE TRIGGER`` text is read from ``sqlite_master``, they are
  dropped, and created again from that text before the commit.

The SQL is written here once, for the native targets and for ODBC drivers of the same
databases; each target passes its own ``query`` / ``execute``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from datalchemy.contracts.schema import Trigger
from datalchemy.engines.base import quote_identifier, sql_literal
from datalchemy.errors import ConstraintViolation, DatabaseError, DatalchemyError
from datalchemy.load.dataset import DatasetTable

__all__ = [
    "Blame",
    "DisabledTriggers",
    "blame_trigger",
    "disable_postgres_triggers",
    "disable_sqlite_triggers",
    "restore_triggers",
    "writers_of",
]

Query = Callable[[str], list[tuple[Any, ...]]]
Execute = Callable[[str], None]

#: ``pg_trigger.tgenabled`` → the ``ENABLE`` clause that gives a trigger its state back.
_ENABLE = {"O": "ENABLE TRIGGER", "A": "ENABLE ALWAYS TRIGGER", "R": "ENABLE REPLICA TRIGGER"}
_PLPGSQL_CONTEXT = re.compile(r'PL/pgSQL function ((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\(')
_NO_SUCH_FUNCTION = re.compile(r"no such function: ([\w$]+)", re.IGNORECASE)
_SQLITE_UNIQUE_TABLE = re.compile(r"constraint failed: ([\w$]+)\.", re.IGNORECASE)


@dataclass
class DisabledTriggers:
    """Triggers switched off in the current transaction, and how to switch them back on."""

    names: list[str] = field(default_factory=list)
    """``schema.table.trigger`` of each one."""
    restore: list[str] = field(default_factory=list)
    """The statements that restore them, in order."""


def disable_postgres_triggers(
    query: Query, execute: Execute, relations: Sequence[str]
) -> DisabledTriggers:
    """Switch off the enabled user triggers of ``relations`` (quoted ``"schema"."table"``
    names) and of their partitions; raise ``triggers_disable_denied`` without the rights."""
    if not relations:
        return DisabledTriggers()
    array = "ARRAY[" + ", ".join(sql_literal(r) for r in relations) + "]::regclass[]"
    rows = query(
        "SELECT DISTINCT n.nspname, c.relname, t.tgname, t.tgenabled::text "
        "FROM pg_catalog.pg_trigger t "
        "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        # pg_partition_tree lists a partitioned table's partitions; a plain table is not in it.
        f"WHERE (t.tgrelid = ANY({array}) OR t.tgrelid IN (SELECT relid FROM unnest({array}) r, "
        "pg_catalog.pg_partition_tree(r) p)) "
        "AND NOT t.tgisinternal AND t.tgenabled <> 'D' "
        "ORDER BY 1, 2, 3"
    )
    saved = DisabledTriggers()
    for schema, table, name, enabled in rows:
        relation = f"{quote_identifier(str(schema))}.{quote_identifier(str(table))}"
        try:
            execute(f"ALTER TABLE {relation} DISABLE TRIGGER {quote_identifier(str(name))}")
        except DatabaseError as exc:
            if exc.sqlstate == "42501":
                raise _denied(f"{schema}.{table}", exc) from None
            raise
        saved.names.append(f"{schema}.{table}.{name}")
        clause = _ENABLE.get(str(enabled), "ENABLE TRIGGER")
        saved.restore.append(f"ALTER TABLE {relation} {clause} {quote_identifier(str(name))}")
    return saved


def _denied(table: str, exc: DatabaseError) -> DatabaseError:
    return DatabaseError(
        "triggers_disable_denied",
        f"cannot switch off the triggers of {table}: {exc.message}",
        path=table,
        hint="only the table's owner (or a superuser) may disable its triggers: load as the "
        "owner, or with --triggers enable",
        sqlstate=exc.sqlstate,
    )


def disable_sqlite_triggers(
    query: Query, execute: Execute, schema: str, tables: Sequence[str]
) -> DisabledTriggers:
    """Drop the triggers of ``tables`` in the SQLite database ``schema`` (``main`` or an
    attached name), keeping their text to create them again."""
    if not tables:
        return DisabledTriggers()
    names = ", ".join(sql_literal(t.lower()) for t in tables)
    master = f"{quote_identifier(schema)}.sqlite_master"
    rows = query(
        f"SELECT name, tbl_name, sql FROM {master} WHERE type = 'trigger' "
        f"AND sql IS NOT NULL AND lower(tbl_name) IN ({names}) ORDER BY name"
    )
    saved = DisabledTriggers()
    for name, table, sql in rows:
        execute(f"DROP TRIGGER {quote_identifier(schema)}.{quote_identifier(str(name))}")
        saved.names.append(f"{schema}.{table}.{name}")
        saved.restore.append(str(sql))
    return saved


def restore_triggers(execute: Execute, saved: DisabledTriggers) -> None:
    """Switch the triggers of ``saved`` back on (same transaction)."""
    for statement in saved.restore:
        execute(statement)


# ---------------------------------------------------------------------------------- blame


@dataclass(frozen=True)
class Blame:
    """The trigger behind a failed row, and how it caused the failure."""

    trigger: str
    """``schema.table.trigger``."""
    how: str
    rejected: bool
    """The trigger itself rejected the row (RAISE, ASSERT), rather than something it did."""


def blame_trigger(
    error: DatalchemyError,
    table: DatasetTable,
    tables: Sequence[DatasetTable],
    *,
    raw: str | None = None,
    context: str | None = None,
    disabled: Collection[str] = (),
) -> Blame | None:
    """The trigger of the loaded tables that the error points to, or None.

    Args:
        error: the mapped error of loading ``table``.
        table: the table being loaded; ``tables``: every table of the dataset.
        raw: the driver's own message (SQLite: the ``RAISE`` text).
        context: PostgreSQL's error context (names the PL/pgSQL function) or SQLite's error
            name (``SQLITE_CONSTRAINT_TRIGGER`` for a ``RAISE``).
        disabled: ``schema.table.trigger`` of the triggers switched off for the load: they
            did not fire, so they are never blamed.
    """
    ordered = [table, *(t for t in tables if t is not table)]
    if disabled:
        ordered = [_without(t, set(disabled)) for t in ordered]
        table, tables = ordered[0], ordered
    if context and (found := _PLPGSQL_CONTEXT.search(context)):
        function = found.group(1).replace('"', "")
        rejected = bool(re.search(r"\bat (RAISE|ASSERT)\b", context))
        for t in ordered:
            for trig in t.table.triggers:
                if trig.function and _same_function(trig.function, function):
                    what = "raised by" if rejected else "from a statement of"
                    return Blame(_path(t, trig), f"{what} {_named(t, trig)}", rejected)
    message = raw or error.message
    missing = _NO_SUCH_FUNCTION.search(message)
    if missing:
        call = re.compile(rf"\b{re.escape(missing.group(1))}\s*\(", re.IGNORECASE)
        for t in ordered:
            for trig in t.table.triggers:
                if call.search(trig.definition or ""):
                    how = f"{_named(t, trig)} calls {missing.group(1)}(), which the target lacks"
                    return Blame(_path(t, trig), how, False)
    if raw and (context == "SQLITE_CONSTRAINT_TRIGGER" or context is None):
        literal = sql_literal(raw)
        for trig in table.table.triggers:
            if literal in (trig.definition or ""):
                return Blame(_path(table, trig), f"raised by {_named(table, trig)}", True)
    if isinstance(error, ConstraintViolation):
        return _collision(message, table, tables)
    return None


def _collision(message: str, table: DatasetTable, tables: Sequence[DatasetTable]) -> Blame | None:
    """A key violation caused by rows a trigger wrote: on the table being loaded (written when
    another table was loaded), or on a table the loaded table's trigger writes."""
    written = _SQLITE_UNIQUE_TABLE.search(message)
    if written is not None:
        other = f"{table.schema_name}.{written.group(1)}"
        for trig in table.table.triggers:
            if other in trig.writes:
                how = f"{_named(table, trig)} writes {other}, which already holds the row"
                return Blame(_path(table, trig), how, False)
    for t in tables:
        for trig in t.table.triggers:
            if t is not table and table.qualified in trig.writes and "INSERT" in trig.events:
                how = (
                    f"{_named(t, trig)} wrote rows into {table.qualified} when {t.qualified} "
                    "was loaded; the dataset's rows collide with them"
                )
                return Blame(_path(t, trig), how, False)
    return None


def _without(table: DatasetTable, disabled: set[str]) -> DatasetTable:
    """``table`` as if its triggers in ``disabled`` did not exist."""
    kept = [t for t in table.table.triggers if _path(table, t) not in disabled]
    if len(kept) == len(table.table.triggers):
        return table
    return replace(table, table=table.table.model_copy(update={"triggers": kept}))


def writers_of(qualified: str, tables: Sequence[DatasetTable]) -> list[str]:
    """``schema.table.trigger`` of the triggers of ``tables`` that write ``qualified``."""
    return [_path(t, trig) for t in tables for trig in t.table.triggers if qualified in trig.writes]


def _same_function(declared: str, reported: str) -> bool:
    return declared == reported or declared.rsplit(".", 1)[-1] == reported.rsplit(".", 1)[-1]


def _path(table: DatasetTable, trigger: Trigger) -> str:
    return f"{table.qualified}.{trigger.name}"


def _named(table: DatasetTable, trigger: Trigger) -> str:
    fires = f"{trigger.timing or '?'} {' OR '.join(trigger.events) or '?'}"
    return f"trigger {trigger.name} on {table.qualified} ({fires})"


#: How to switch the triggers of dataset tables off, per sqlglot dialect of the database (used
#: where the engine is reached through a driver that speaks several, e.g. ODBC).
TriggerSwitch = Callable[[Query, Execute, Sequence[DatasetTable]], DisabledTriggers]
TRIGGER_SWITCHES: dict[str, TriggerSwitch] = {
    "postgres": lambda query, execute, tables: disable_postgres_triggers(
        query,
        execute,
        [f"{quote_identifier(t.schema_name)}.{quote_identifier(t.name)}" for t in tables],
    ),
    "sqlite": lambda query, execute, tables: disable_sqlite_triggers(
        query, execute, "main", [t.name for t in tables]
    ),
}
