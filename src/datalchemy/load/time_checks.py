"""Time-relative CHECKs against the target's own date, before the load writes anything.

A CHECK that reads "today" (``d >= CURRENT_DATE``, ``ts <= now()``) was met for the plan's
``base_date`` and a margin after it (:data:`~datalchemy.constraints.checks.TIME_MARGIN_DAYS`).
Loaded later, or into a server whose clock says otherwise, the database would reject rows in
the middle of a COPY. So the loader asks the target for its ``current_date`` and checks those
CHECKs over the files with DuckDB for that day and the next (a load may run past midnight, and
``now()`` is later than 00:00), and refuses with the fix when a row fails.

Example:
    >>> from datetime import date
    >>> print(expired_message([("s.t", "due_chk", 3)], date(2030, 1, 1)))
    on 2030-01-01 (the target's current_date) 3 row(s) fail time-relative CHECKs: s.t.due_chk (3)
"""

from __future__ import annotations

from datetime import date

import duckdb

from datalchemy.constraints.checks import analyze_table
from datalchemy.constraints.enforced import enforced_table
from datalchemy.constraints.model import CheckAnalysis
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.engines.base import quote_identifier
from datalchemy.errors import UsageError
from datalchemy.evaluate.dataset import csv_source, duck_type, sql_literal, try_cast
from datalchemy.load.dataset import Dataset, DatasetTable

__all__ = ["expired_message", "failing_time_checks", "has_time_checks", "require_time_checks"]

#: A load started on the target's day may still run after midnight.
_LOAD_DAYS = 1


def _source(table: DatasetTable) -> str:
    """The table's file as typed columns (bad values NULL: evaluate reports those)."""
    header = list(table.columns)
    raw = (
        f"read_parquet({sql_literal(str(table.path))})"
        if table.format == "parquet"
        else csv_source(table.path, header)
    )
    typed = []
    for name in header:
        col = table.table.column(name) if table.table.has_column(name) else None
        target = duck_type(col) if col is not None else None
        q = quote_identifier(name)
        text = f"CAST({q} AS VARCHAR)"
        typed.append(f"{try_cast(text, target) if target else text} AS {q}")
    return f"(SELECT {', '.join(typed)} FROM {raw})"


def _time_checks(schema: DatabaseSchema, table: DatasetTable, today: date) -> list[CheckAnalysis]:
    """The table's time-relative CHECKs for ``today`` and the next day, with their columns in
    the file."""
    rules = enforced_table(schema, table.schema_name, table.table, generation=False)
    present = set(table.columns)
    analysed = analyze_table(schema, rules, base_date=today, margin_days=_LOAD_DAYS).checks
    return [a for a in analysed if a.time_relative and a.verify_sql and set(a.columns) <= present]


def has_time_checks(dataset: Dataset, schema: DatabaseSchema) -> bool:
    """True when a table of the dataset has a time-relative CHECK (the target's date is
    asked only then)."""
    return any(_time_checks(schema, t, date(2000, 1, 1)) for t in dataset.tables)


def failing_time_checks(
    dataset: Dataset, schema: DatabaseSchema, today: date
) -> list[tuple[str, str, int]]:
    """``(table, check, rows)`` for every time-relative CHECK some row fails on ``today`` or
    the day after (rows counted once per check)."""
    out: list[tuple[str, str, int]] = []
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        for table in dataset.tables:
            checks = _time_checks(schema, table, today)
            if not checks:
                continue
            counts = ", ".join(f"count(*) FILTER (WHERE NOT ({a.verify_sql}))" for a in checks)
            row = con.execute(f"SELECT {counts} FROM {_source(table)}").fetchone() or ()
            for a, n in zip(checks, row, strict=True):
                if n:
                    out.append((table.qualified, a.name or a.expression, int(n)))
    finally:
        con.close()
    return out


def expired_message(failing: list[tuple[str, str, int]], today: date) -> str:
    rows = sum(n for _, _, n in failing)
    named = ", ".join(f"{t}.{c} ({n})" for t, c, n in failing)
    return (
        f"on {today.isoformat()} (the target's current_date) {rows} row(s) fail "
        f"time-relative CHECKs: {named}"
    )


def require_time_checks(dataset: Dataset, schema: DatabaseSchema, today: date | None) -> None:
    """Refuse the load when a time-relative CHECK fails on the target's ``today``.

    Raises:
        UsageError: ``time_relative_check_expired``, naming the checks, with the fix.
    """
    if today is None:
        return
    failing = failing_time_checks(dataset, schema, today)
    if not failing:
        return
    raise UsageError(
        "time_relative_check_expired",
        expired_message(failing, today) + "; the data was generated for another day, nothing "
        "was written",
        path=failing[0][0],
        hint=f"generate again with the load day as the plan's base_date (datalchemy plan "
        f"suggest --base-date {today.isoformat()}, or set base_date in plan.json), then load",
    )
