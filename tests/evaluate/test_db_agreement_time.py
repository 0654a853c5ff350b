"""Time-relative CHECKs (``d >= CURRENT_DATE``, ``ts <= now()``): data generated today loads
today and on the days after (a margin); evaluate judges them for ``--as-of`` and says which day;
load checks them against the target's ``current_date`` before writing anything; and evaluate
names the constraint PostgreSQL rejects on the day data has expired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest

import datalchemy
from datalchemy.constraints.checks import TIME_MARGIN_DAYS
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import UsageError
from support.pgload import load_dataset
from support.pgserver import PostgresServer
from support.pipeline import create_database, run_ddl

DDL = """
create table tasks (
    id integer primary key,
    title varchar(60) not null,
    created_at timestamptz not null constraint tasks_created_past check (created_at <= now()),
    due_on date not null constraint tasks_due_future check (due_on >= current_date),
    born_on date constraint tasks_born_adult check (born_on <= current_date - interval '18 years'));
"""

TODAY = date.today()


def test_plan_suggest_records_the_day_it_runs(pg_server: PostgresServer, tmp_path: Path) -> None:
    source = create_database("postgres", DDL, tmp_path, "source", pg_server)
    schema = datalchemy.introspect(source).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=10)
    assert plan.base_date == TODAY


def test_data_of_today_loads_today_and_within_the_margin(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    run = run_ddl("postgres", DDL, tmp_path, pg_server, rows=200, base_date=TODAY)
    assert run.counts["tasks"] == 200
    for days in (1, TIME_MARGIN_DAYS):
        later = TODAY + timedelta(days=days)
        metrics = datalchemy.evaluate(run.schema, run.plan, run.data, as_of=later).metrics
        assert metrics.violations_total == 0 and metrics.as_of == later
    note = next(
        c.note for c in metrics.constraints if c.name == "tasks_due_future" and c.kind == "check"
    )
    assert note == f"time-relative: evaluated as of {later.isoformat()}"


@dataclass
class Expired:
    """Data generated for a day long past: some due dates are before today."""

    schema: DatabaseSchema
    plan: Plan
    data: Path
    tmp: Path
    base: date


@pytest.fixture(scope="module")
def expired(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Expired:
    tmp = tmp_path_factory.mktemp("expired")
    base = TODAY - timedelta(days=90)
    source = create_database("postgres", DDL, tmp, "source", pg_server)
    schema = datalchemy.introspect(source).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=100, base_date=base)
    run = datalchemy.generate(plan, schema, tmp / "out")
    return Expired(schema, plan, run.path, tmp, base)


def test_evaluate_judges_the_as_of_day_and_names_the_constraint_postgresql_rejects(
    expired: Expired, pg_server: PostgresServer
) -> None:
    on_base = datalchemy.evaluate(expired.schema, expired.plan, expired.data, as_of=expired.base)
    assert on_base.metrics.violations_total == 0
    today = datalchemy.evaluate(expired.schema, expired.plan, expired.data).metrics
    assert today.as_of == TODAY
    violated = {(c.kind, c.name) for c in today.constraints if c.status == "violated"}
    assert violated == {("check", "tasks_due_future")}
    target = create_database("postgres", DDL, expired.tmp, "raw-target", pg_server)
    with pytest.raises(psycopg.errors.CheckViolation) as err:
        load_dataset(target, expired.data)  # a plain COPY, without the loader's pre-check
    assert err.value.diag.constraint_name == "tasks_due_future"


def test_load_refuses_before_writing_with_the_fix(
    expired: Expired, pg_server: PostgresServer
) -> None:
    target = create_database("postgres", DDL, expired.tmp, "target", pg_server)
    with pytest.raises(UsageError) as err:
        datalchemy.load(expired.data, expired.schema, target)
    assert err.value.code == "time_relative_check_expired"
    assert "tasks_due_future" in err.value.message
    assert f"--base-date {TODAY.isoformat()}" in (err.value.hint or "")
    with psycopg.connect(target) as conn:
        assert conn.execute("select count(*) from tasks").fetchone() == (0,)
