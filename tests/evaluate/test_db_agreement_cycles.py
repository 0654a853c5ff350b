"""Evaluate agrees with the database on a cycle of NOT NULL foreign keys: an orphan in the edge
the loader fills after is reported under the constraint the database names once the cycle is
loaded (PostgreSQL validates the constraint it added back; SQLite checks at COMMIT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.pgserver import PostgresServer
from support.pipeline import run_ddl

from .agreement import corrupt, load_error, violations

PG_DDL = """
create table departments (id integer primary key, head_id integer not null);
create table employees (
    id integer primary key,
    department_id integer not null
        constraint employees_department_fk references departments (id));
alter table departments add constraint departments_head_fk
    foreign key (head_id) references employees (id);
"""

SQLITE_DDL = """
create table departments (
    id integer primary key,
    head_id integer not null constraint departments_head_fk references employees (id));
create table employees (
    id integer primary key,
    department_id integer not null
        constraint employees_department_fk references departments (id));
"""


@pytest.mark.parametrize("engine", ["postgres", "sqlite"])
def test_an_orphan_in_the_edge_filled_after(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server: PostgresServer | None = (
        request.getfixturevalue("pg_server") if engine == "postgres" else None
    )
    ddl = PG_DDL if engine == "postgres" else SQLITE_DDL
    run = run_ddl(engine, ddl, tmp_path, server, rows=50)
    held = next(i for i in run.issues if i.code == "fk_cycle_filled_after")
    table, _, column = (
        ("employees", "", "department_id")
        if "employees_department_fk" in held.message
        else ("departments", "", "head_id")
    )
    name = "employees_department_fk" if table == "employees" else "departments_head_fk"
    schema_name = "public" if engine == "postgres" else "main"
    data = corrupt(run, tmp_path, f"{schema_name}.{table}", column, "999999")
    assert violations(run, data) == [("foreign_key", f"{schema_name}.{table}", name, 1)]
    error = load_error(run, data, ddl, tmp_path, server, engine=engine)
    if engine == "postgres":
        assert getattr(error, "constraint", None) == name
    else:
        assert table in error.message and "foreign key" in error.message
