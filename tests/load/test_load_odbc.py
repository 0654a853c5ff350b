"""Loads through ODBC drivers (Debian's psqlODBC and libsqliteodbc), one transaction each."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
import pytest

from datalchemy.errors import DatalchemyError
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.load import run_load
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan
from support.datasets import TODAY, CarRental, Crm, Cycle, odbc_drivers_or_fail


def _odbc(url: str) -> str:
    parts = urlsplit(url)
    return (
        "Driver={PostgreSQL Unicode};"
        f"Server={parts.hostname};Port={parts.port};Database={parts.path.lstrip('/')};"
        f"UID={unquote(parts.username or '')};PWD={unquote(parts.password or '')}"
    )


def test_full_stack_crm_through_psqlodbc(crm: Crm) -> None:
    odbc_drivers_or_fail()
    url = crm.target()
    report = run_load(crm.data, crm.schema, _odbc(url)).report
    assert report.status == "ok" and report.counts_verified
    assert report.engine == "odbc" and report.strategy == "odbc_bulk"
    assert crm.server.password not in report.target
    with psycopg.connect(url) as conn:
        for table, rows in crm.written.items():
            got = conn.execute(f"select count(*) from {table}").fetchone()
            assert got is not None and got[0] == rows, table


def test_cycle_fixups_and_sequences_through_psqlodbc(cycle: Cycle) -> None:
    odbc_drivers_or_fail()
    url = cycle.target()
    report = run_load(cycle.data, cycle.schema, _odbc(url)).report
    assert report.status == "ok"
    moved = {t.table: t.sequences_moved for t in report.tables}
    assert moved["dept"] and moved["emp"]
    with psycopg.connect(url) as conn:
        managers = conn.execute("select count(manager_id) from dept").fetchone()
        assert managers is not None and managers[0] > 0


def test_car_rental_through_sqlite_odbc(car_rental: CarRental) -> None:
    odbc_drivers_or_fail()
    db = car_rental.target()
    report = run_load(car_rental.data, car_rental.schema, f"Driver={{SQLite3}};Database={db}")
    assert report.report.status == "ok" and report.report.counts_verified
    conn = sqlite3.connect(db)
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    conn.close()


def test_odbc_failure_rolls_back(crm: Crm) -> None:
    odbc_drivers_or_fail()
    url = crm.target()
    run_load(crm.data, crm.schema, url)  # native load first: the ODBC append must collide
    with pytest.raises(DatalchemyError) as info:
        run_load(crm.data, crm.schema, _odbc(url))
    assert info.value.code == "constraint_violation"
    with psycopg.connect(url) as conn:
        got = conn.execute("select count(*) from crm.usuarios").fetchone()
        assert got is not None and got[0] == crm.written["crm.usuarios"]


SQLITE_CYCLE = """
create table dept (id integer primary key, name text not null unique,
                   manager_id integer references emp (id));
create table emp (id integer primary key, dept_id integer not null references dept (id),
                  boss_id integer references emp (id), name text not null);
"""


@pytest.mark.parametrize("via", ["native", "odbc"])
def test_sqlite_cycle_fixups_native_and_arrow_odbc(tmp_path: Path, via: str) -> None:
    odbc_drivers_or_fail()
    source = tmp_path / "source.db"
    sqlite3.connect(source).executescript(SQLITE_CYCLE)
    schema = introspect(f"sqlite:///{source}").schema
    plan, _ = suggest_plan(schema, rows={"main.dept": 30, "main.emp": 200}, base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, tmp_path / "out")
    assert run.report.broken_cycle_edges  # the cycle was broken and needs fix-ups
    target = tmp_path / "target.db"
    sqlite3.connect(target).executescript(SQLITE_CYCLE)
    conn = f"sqlite:///{target}" if via == "native" else f"Driver={{SQLite3}};Database={target}"
    report = run_load(run.path, schema, conn).report
    assert report.status == "ok" and report.counts_verified
    fixed = sum(t.fixup_rows for t in report.tables)
    db = sqlite3.connect(target)
    set_now = db.execute("select count(manager_id) from dept").fetchone()[0]
    assert fixed == set_now > 0
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_per_table_pyodbc_load_reuses_its_pooled_connection(cycle: Cycle) -> None:
    """GENERATED ALWAYS identity columns need the pyodbc session: its pooled connection is put
    in manual commit mode by each target and back in autocommit mode by the pool."""
    odbc_drivers_or_fail()
    url = cycle.target()
    report = run_load(cycle.data, cycle.schema, _odbc(url), transaction="table").report
    assert report.status == "ok" and report.counts_verified
    assert all(t.sequences_moved for t in report.tables)
    metrics = report.db_metrics
    assert metrics is not None
    assert (metrics.connections_opened, metrics.connections_closed) == (1, 1)
    assert metrics.checkouts == len(report.tables) + 1
    with psycopg.connect(url) as conn:
        managers = conn.execute("select count(manager_id) from dept").fetchone()
        assert managers is not None and managers[0] > 0
