"""Cycles of NOT NULL foreign keys, end to end into the database.

A cycle whose every edge is NOT NULL cannot be inserted table by table, but the targets can load
it: SQLite checks foreign keys at COMMIT (``defer_foreign_keys``), PostgreSQL defers a
DEFERRABLE constraint or drops the one non-deferrable constraint inside the load transaction and
adds it back (validated) before COMMIT. The plan says which edge is filled after the cycle.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import datalchemy
from datalchemy.errors import UsageError
from support.datasets import odbc_drivers_or_fail
from support.pgserver import PostgresServer
from support.pipeline import create_database, run_ddl

BOTH = ["postgres", "sqlite"]

ONLY_A_CYCLE = """
create table departments (
    id integer primary key,
    name varchar(40) not null,
    head_id integer not null references employees (id));
create table employees (
    id integer primary key,
    name varchar(40) not null,
    department_id integer not null references departments (id));
"""

# SQLite accepts a forward reference in REFERENCES; PostgreSQL needs the FK added after.
PG_ONLY_A_CYCLE = """
create table departments (
    id integer primary key,
    name varchar(40) not null,
    head_id integer not null);
create table employees (
    id integer primary key,
    name varchar(40) not null,
    department_id integer not null references departments (id));
alter table departments add constraint departments_head_fk
    foreign key (head_id) references employees (id){deferrable};
"""


def _server(engine: str, request: pytest.FixtureRequest) -> PostgresServer | None:
    return request.getfixturevalue("pg_server") if engine == "postgres" else None


def _ddl(engine: str, deferrable: str = "") -> str:
    return ONLY_A_CYCLE if engine == "sqlite" else PG_ONLY_A_CYCLE.format(deferrable=deferrable)


@pytest.mark.parametrize("engine", BOTH)
def test_a_schema_made_only_of_a_not_null_cycle_loads(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    run = run_ddl(engine, _ddl(engine), tmp_path, _server(engine, request), rows=60)
    assert run.counts == {"departments": run.counts["departments"], "employees": 60}
    assert run.counts["departments"] > 0
    filled_after = [
        i for i in run.issues if i.code == "fk_cycle_filled_after" and i.severity == "info"
    ]
    assert len(filled_after) == 1, run.issues
    orphans = run.rows(
        "employees",
        "select count(*) from departments d left join employees e on e.id = d.head_id "
        "where e.id is null",
    )
    assert orphans == [(0,)]


@pytest.mark.parametrize("deferrable", [" deferrable", " deferrable initially deferred"])
def test_a_deferrable_not_null_cycle_loads_in_postgres(
    deferrable: str, pg_server: PostgresServer, tmp_path: Path
) -> None:
    run = run_ddl("postgres", _ddl("postgres", deferrable), tmp_path, pg_server, rows=40)
    assert run.counts["employees"] == 40


def test_the_plan_names_the_edge_filled_after(pg_server: PostgresServer, tmp_path: Path) -> None:
    run = run_ddl("postgres", _ddl("postgres"), tmp_path, pg_server, rows=20)
    resolved = datalchemy.resolve_plan(run.plan, run.schema)
    deferred = [(t.table, fk.key) for t in resolved.tables for fk in t.foreign_keys if fk.deferred]
    assert len(deferred) == 1
    table, key = deferred[0]
    note = next(i for i in run.issues if i.code == "fk_cycle_filled_after")
    assert key in note.message and table in note.message


def test_a_cycle_loads_with_mode_recreate(pg_server: PostgresServer, tmp_path: Path) -> None:
    run = run_ddl("postgres", _ddl("postgres"), tmp_path, pg_server, rows=30)
    loaded = datalchemy.load(run.data, run.schema, run.target, mode="recreate")
    assert loaded.report.status == "ok"
    assert {t.table: t.rows_after for t in loaded.report.tables}["employees"] == 30


def test_a_cycle_in_table_scope_is_refused_before_writing(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    run = run_ddl("postgres", _ddl("postgres"), tmp_path, pg_server, rows=10)
    with pytest.raises(UsageError) as err:
        datalchemy.load(run.data, run.schema, run.target, mode="truncate", transaction="table")
    assert err.value.code == "fk_cycle_needs_one_transaction"


def test_a_target_that_cannot_hold_the_edge_is_refused_up_front(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    odbc_drivers_or_fail()
    run = run_ddl("postgres", _ddl("postgres"), tmp_path, pg_server, rows=10)
    target = create_database("postgres", _ddl("postgres"), tmp_path, "odbc_target", pg_server)
    parts = urlsplit(target)
    odbc = (
        "Driver={PostgreSQL Unicode};"
        f"Server={parts.hostname};Port={parts.port};Database={parts.path.lstrip('/')};"
        f"UID={unquote(parts.username or '')};PWD={unquote(parts.password or '')}"
    )
    with pytest.raises(UsageError) as err:
        datalchemy.load(run.data, run.schema, odbc)
    assert err.value.code == "fk_cycle_not_loadable"
