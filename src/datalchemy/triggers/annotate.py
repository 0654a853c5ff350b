"""Classify the triggers of introspected tables and record what they enforce, in the contract.

The introspectors call these once every table of a schema is read (a trigger's parent table may
come later in the catalog). Each trigger gets ``classification``, ``reason`` and ``writes``; an
enabled trigger that fires on INSERT or UPDATE of a generation target also adds the foreign keys
and CHECKs it enforces to its table (skipping any the table already declares).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from datalchemy.contracts.schema import Schema, Table, Trigger
from datalchemy.introspect.sqlite_ddl import DdlError, fold, parse_create_trigger
from datalchemy.triggers.classify import TriggerAnalysis, classify
from datalchemy.triggers.conditions import Lookup, TableContext
from datalchemy.triggers.model import BodyFacts
from datalchemy.triggers.plpgsql import read_plpgsql
from datalchemy.triggers.sqlite_body import read_sqlite_trigger

__all__ = ["FunctionSource", "annotate_postgres", "annotate_sqlite", "fires_on_write"]


@dataclass(frozen=True)
class FunctionSource:
    """A PostgreSQL trigger function: ``pg_language.lanname`` and ``pg_proc.prosrc``."""

    language: str
    body: str


#: Built-in C trigger functions, by what they do to inserted rows.
_BUILTIN_FUNCTIONS: dict[str, BodyFacts] = {
    "pg_catalog.tsvector_update_trigger": BodyFacts(rewrites=["computes a tsvector column"]),
    "pg_catalog.tsvector_update_trigger_column": BodyFacts(rewrites=["computes a tsvector column"]),
    "pg_catalog.suppress_redundant_updates_trigger": BodyFacts(),
}
_WHEN = re.compile(r"\bFOR EACH ROW\s+WHEN\s+\((.*)\)\s+EXECUTE\s+(?:FUNCTION|PROCEDURE)\b", re.S)


def fires_on_write(trigger: Trigger) -> bool:
    """An enabled trigger a load sets off: INSERT (every row), UPDATE (cycle fix-ups)."""
    return trigger.enabled and bool({"INSERT", "UPDATE"} & set(trigger.events))


def annotate_sqlite(schema: Schema, *, known_functions: frozenset[str] | None) -> None:
    """Classify every trigger of a SQLite ``schema`` (its ``definition`` is the CREATE text)."""
    by_fold = {fold(t.name): t for t in schema.tables}

    def lookup(name: str) -> tuple[str, Table] | None:
        found = by_fold.get(fold(name.rsplit(".", 1)[-1]))
        return (schema.name, found) if found is not None else None

    for table in schema.tables:
        ctx = TableContext(schema.name, table, lookup, "sqlite", known_functions)
        for trigger in _in_order(table.triggers):
            try:
                parsed = parse_create_trigger(trigger.definition or "")
            except DdlError as exc:
                facts = BodyFacts(
                    unrecognized=[f"a CREATE TRIGGER text that does not parse ({exc})"]
                )
            else:
                facts = read_sqlite_trigger(
                    parsed, own_table=table.name, known_functions=known_functions
                )
            _apply(table, trigger, classify(trigger.name, facts, ctx), derive=True)


def annotate_postgres(
    schemas: list[Schema],
    functions: Mapping[str, FunctionSource],
    *,
    is_clone: Callable[[str, str, str], bool],
) -> None:
    """Classify every trigger of the PostgreSQL ``schemas`` from its function's source.

    Args:
        functions: ``Trigger.function`` (``schema.name``) → its language and source.
        is_clone: ``(schema, table, trigger)`` is a partition's copy of its parent's trigger
            (classified, but its constraints are the parent's).
    """
    lookup = _pg_lookup(schemas)
    for schema in schemas:
        for table in schema.tables:
            ctx = TableContext(schema.name, table, _scoped(lookup, schema.name), "postgres")
            for trigger in _in_order(table.triggers):
                facts = _pg_facts(schema.name, table.name, trigger, functions)
                derive = not is_clone(schema.name, table.name, trigger.name)
                _apply(table, trigger, classify(trigger.name, facts, ctx), derive=derive)


def _pg_facts(
    schema: str, table: str, trigger: Trigger, functions: Mapping[str, FunctionSource]
) -> BodyFacts:
    definition = trigger.definition or ""
    name = trigger.function or ""
    if name in _BUILTIN_FUNCTIONS:
        builtin = _BUILTIN_FUNCTIONS[name]
        return BodyFacts(rewrites=list(builtin.rewrites))
    source = functions.get(name)
    if source is None:
        return BodyFacts(unrecognized=[f"function {name or '?'} (source not read)"])
    if source.language != "plpgsql":
        return BodyFacts(unrecognized=[f"a {source.language} function ({name})"])
    for_each_row = " FOR EACH ROW" in definition
    when: exp.Expr | None = None
    found = _WHEN.search(definition)
    if found is not None:
        try:
            when = sqlglot.parse_one(found.group(1), read="postgres")
        except Exception:  # sqlglot raises more than its own errors on odd input
            return BodyFacts(unrecognized=[f"WHEN ({found.group(1)})"])
    return read_plpgsql(
        source.body,
        own=(schema, table),
        before_row=trigger.timing == "BEFORE" and for_each_row,
        when=when,
    )


def _pg_lookup(schemas: list[Schema]) -> dict[str, list[tuple[str, Table]]]:
    """Table name → the (schema, table) pairs so named; ``schema.table`` → the one."""
    index: dict[str, list[tuple[str, Table]]] = {}
    for s in schemas:
        for t in s.tables:
            index.setdefault(t.name, []).append((s.name, t))
            index[f"{s.name}.{t.name}"] = [(s.name, t)]
    return index


def _scoped(index: dict[str, list[tuple[str, Table]]], schema: str) -> Lookup:
    """Resolve a name as a function in ``schema`` would, without knowing its search_path: the
    same schema first, then ``public``, then a name only one schema has."""

    def lookup(name: str) -> tuple[str, Table] | None:
        found = index.get(name, [])
        if "." in name or len(found) == 1:
            return found[0] if found else None
        for preferred in (schema, "public"):
            match = next((f for f in found if f[0] == preferred), None)
            if match is not None:
                return match
        return None

    return lookup


def _in_order(triggers: Iterable[Trigger]) -> list[Trigger]:
    """INSERT triggers first, so a key enforced on INSERT and UPDATE is named after the first."""
    return sorted(triggers, key=lambda t: ("INSERT" not in t.events, t.name))


def _apply(table: Table, trigger: Trigger, analysis: TriggerAnalysis, *, derive: bool) -> None:
    trigger.classification = analysis.classification
    trigger.reason = analysis.reason
    trigger.writes = analysis.writes
    if not (derive and table.is_generation_target and fires_on_write(trigger)):
        return
    for fk in analysis.foreign_keys:
        if not any(
            set(zip(f.columns, f.referenced_columns, strict=True))
            == set(zip(fk.columns, fk.referenced_columns, strict=True))
            and f.referenced == fk.referenced
            for f in table.foreign_keys
        ):
            table.foreign_keys.append(fk)
    for check in analysis.checks:
        if not any(c.expression == check.expression for c in table.checks):
            table.checks.append(check)
    table.foreign_keys.sort(key=lambda f: (f.name or "", f.columns, f.referenced_table))
    table.checks.sort(key=lambda c: (c.name or "", c.level, c.expression, c.columns))
