"""What classified triggers mean for a run, as :class:`Issue`\\ s: said before generating.

:func:`trigger_issue` is the introspection finding for one trigger (the constraints a trigger
enforces are ``info``, a trigger that may reject, rewrite or duplicate rows is a ``warning``);
:func:`generation_risks` lists the warnings for the tables a plan generates, so plan validation
can show them before any row exists; :func:`unverifiable_triggers` is what evaluation reports as
not evaluated.
"""

from __future__ import annotations

from collections.abc import Collection

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import DatabaseSchema, Table, TableKind, Trigger

__all__ = [
    "RISKY",
    "UNDEFINED_FUNCTION",
    "generation_risks",
    "trigger_issue",
    "triggers_to_disable",
    "unverifiable_triggers",
]

#: Said in ``Trigger.reason`` of a trigger that calls a function the database does not define
#: (written by :mod:`.classify`, read here).
UNDEFINED_FUNCTION = "which the database does not define"

#: Classifications that may reject, rewrite or duplicate generated rows at load.
RISKY = frozenset({"rejects_rows", "unrecognized", "writes_other_tables", "rewrites_row"})

_WAY_THROUGH = (
    "if the data does not need it, load with --triggers disable "
    "(datalchemy.load(..., triggers='disable')); evaluate lists it as not evaluated"
)
_CODES = {
    "rejects_rows": "trigger_may_reject_rows",
    "unrecognized": "trigger_may_reject_rows",
    "writes_other_tables": "trigger_writes_other_tables",
    "rewrites_row": "trigger_rewrites_row",
}


def trigger_issue(
    path: str, trigger: Trigger, generated: Collection[str] | None = None
) -> Issue | None:
    """The finding for ``trigger`` of the table ``path`` (``schema.table``), or None.

    Args:
        generated: tables (``schema.table``) that are generated too; a trigger that writes one
            of them is said to collide with its rows. None: not known.
    """
    where = f"{path}.{trigger.name}"
    fires = f"{trigger.timing or '?'} {' OR '.join(trigger.events) or '?'}"
    head = f"trigger {trigger.name} on {path} ({fires})"
    kind = trigger.classification
    if kind is None:  # a schema.json written before triggers were classified
        return _warning(
            "trigger_may_reject_rows", where, f"{head} may rewrite or reject generated rows"
        )
    if kind == "emulated_foreign_key":
        return Issue(
            severity="info",
            code="trigger_enforced_as_foreign_key",
            path=where,
            message=f"{head} {trigger.reason}: recorded as a foreign key, so every generated "
            "row has its parent",
        )
    if kind == "row_check":
        return Issue(
            severity="info",
            code="trigger_enforced_as_check",
            path=where,
            message=f"{head} {trigger.reason}: recorded as a CHECK, so generated rows satisfy it",
        )
    if kind not in RISKY:
        return None
    message = f"{head} {trigger.reason}"
    collide = [t for t in trigger.writes if generated is not None and t in generated]
    if collide:
        message += f"; {', '.join(collide)} is generated too: its rows may collide with them"
    elif kind == "writes_other_tables":
        message += ": rows appear that the dataset does not hold"
    elif kind == "rewrites_row":
        message += ": the loaded rows differ from the files and may break a constraint"
    else:
        message += ": generation cannot keep rows out of it, and the files alone cannot tell"
    return _warning(_CODES[kind], where, message)


def _warning(code: str, path: str, message: str) -> Issue:
    return Issue(severity="warning", code=code, path=path, message=message, hint=_WAY_THROUGH)


def generation_risks(schema: DatabaseSchema, tables: Collection[str] | None = None) -> list[Issue]:
    """The triggers that may reject or duplicate the rows of a plan, before generating.

    Args:
        schema: the introspected schema (its triggers classified).
        tables: the tables the plan generates (``schema.table``); None: every generation
            target. Triggers that partitions of these tables have of their own count too.

    Returns:
        One warning per enabled trigger that fires on INSERT and is classified as rejecting,
        unrecognized, writing other tables or rewriting the row; sorted by path.
    """
    planned = (
        {f"{s.name}.{t.name}" for s, t in schema.iter_tables() if t.is_generation_target}
        if tables is None
        else set(tables)
    )
    issues = []
    for path, trigger in _inserting_triggers(schema, planned):
        if trigger.classification is None or trigger.classification in RISKY:
            issue = trigger_issue(path, trigger, planned)
            if issue is not None:
                issues.append(issue)
    return sorted(issues, key=lambda i: i.path or "")


def triggers_to_disable(schema: DatabaseSchema, tables: Collection[str] | None = None) -> list[str]:
    """``schema.table.trigger`` of the INSERT triggers a load gets past only switched off,
    whatever the data: they call functions the database does not define (every insert fails),
    or write tables that are generated too (their rows collide with the generated ones).

    Args:
        tables: the tables generated (``schema.table``); None: every generation target.
    """
    planned = (
        {f"{s.name}.{t.name}" for s, t in schema.iter_tables() if t.is_generation_target}
        if tables is None
        else set(tables)
    )
    out = []
    for path, trigger in _inserting_triggers(schema, planned):
        undefined = UNDEFINED_FUNCTION in (trigger.reason or "")
        if undefined or any(t in planned for t in trigger.writes):
            out.append(f"{path}.{trigger.name}")
    return sorted(out)


def unverifiable_triggers(schema: DatabaseSchema, table: Table) -> list[tuple[Trigger, str]]:
    """``(trigger, note)`` for the INSERT triggers of ``table`` that the files cannot vouch for:
    evaluation reports them ``not_evaluated``."""
    schema_name = next((s.name for s, t in schema.iter_tables() if t is table), "")
    path = f"{schema_name}.{table.name}"
    out = []
    for _, trigger in _inserting_triggers(schema, {path}):
        if trigger.classification is None or trigger.classification in RISKY:
            kind = trigger.classification or "unclassified"
            reason = trigger.reason or "may rewrite or reject rows"
            out.append((trigger, f"{kind}: {reason}; the database runs it on load"))
    return out


def _inserting_triggers(schema: DatabaseSchema, planned: set[str]) -> list[tuple[str, Trigger]]:
    """Enabled INSERT triggers of the planned tables and of their partitions (copies of the
    parent's triggers apart)."""
    out: list[tuple[str, Trigger]] = []
    for s, t in schema.iter_tables():
        path = f"{s.name}.{t.name}"
        inherited: set[str] = set()
        if t.kind is TableKind.PARTITION and t.partition_of in planned:
            parent = schema.find_table(*t.partition_of.split(".", 1))
            inherited = {tr.name for tr in parent.triggers} if parent else set()
        elif path not in planned:
            continue
        for trigger in t.triggers:
            if trigger.name in inherited or not (trigger.enabled and "INSERT" in trigger.events):
                continue
            out.append((path, trigger))
    return out
