"""``load --create-schema``: the schema made in an empty target, keys and FKs after the data.

The strongest check is the round trip: introspecting the copy gives the source's structure back
(the same fingerprint), so every type, default, key, index, CHECK and FK was made as it was.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import psycopg
import pytest

import datalchemy
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import DatabaseError, UsageError
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.load import run_load
from datalchemy.load.ddl import schema_ddl
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan
from support.datasets import TODAY, CarRental, Crm, Cycle
from support.pgserver import PostgresServer


def _structure(schema: DatabaseSchema) -> dict[str, object]:
    return schema.model_dump(mode="json", exclude={"fingerprint", "engine_version", "database"})


def test_sqlite_copy_into_a_new_file_has_the_source_structure(
    car_rental: CarRental, tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    run = run_load(car_rental.data, car_rental.schema, f"sqlite:///{target}", create_schema=True)
    assert run.report.status == "ok" and run.report.counts_verified
    assert run.report.create_schema and run.report.schema_created[0].startswith("table ")
    copy = introspect(f"sqlite:///{target}").schema
    assert copy.compute_fingerprint() == car_rental.schema.compute_fingerprint()
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_target_that_holds_a_table_is_refused_and_left_alone(
    car_rental: CarRental, tmp_path: Path
) -> None:
    target = tmp_path / "busy.db"
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE clientes (x int)")
    with pytest.raises(UsageError) as caught:
        run_load(car_rental.data, car_rental.schema, f"sqlite:///{target}", create_schema=True)
    assert caught.value.code == "create_schema_target_not_empty"
    assert "main.clientes" in caught.value.message
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("clientes",)]


def test_failed_sqlite_load_leaves_no_file_behind(car_rental: CarRental, tmp_path: Path) -> None:
    target = tmp_path / "never.db"
    broken = car_rental.schema.model_copy(deep=True)
    table = broken.schemas[0].tables[0]
    table.checks.append(table.checks[0].model_copy(update={"expression": "no_such_fn(1)"}))
    with pytest.raises(DatabaseError) as caught:
        run_load(car_rental.data, broken, f"sqlite:///{target}", create_schema=True)
    assert caught.value.code == "create_schema_failed"
    assert not target.exists()


def test_without_create_schema_a_missing_file_points_to_it(
    car_rental: CarRental, tmp_path: Path
) -> None:
    with pytest.raises(datalchemy.errors.ConnectionFailed) as caught:
        run_load(car_rental.data, car_rental.schema, f"sqlite:///{tmp_path / 'new.db'}")
    assert "--create-schema" in (caught.value.hint or "")
    assert "pg_dump" not in (caught.value.hint or "")


def test_without_create_schema_missing_tables_point_to_it(
    car_rental: CarRental, tmp_path: Path
) -> None:
    target = tmp_path / "empty.db"
    sqlite3.connect(target).close()
    target.write_bytes(b"")  # an empty file is an empty database
    with pytest.raises(DatabaseError) as caught:
        run_load(car_rental.data, car_rental.schema, f"sqlite:///{target}")
    assert caught.value.code == "table_not_found"
    assert "--create-schema" in (caught.value.hint or "")
    assert "pg_dump" not in (caught.value.hint or "")


def test_schema_of_another_engine_is_refused(crm: Crm, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        run_load(crm.data, crm.schema, f"sqlite:///{tmp_path / 'x.db'}", create_schema=True)
    assert caught.value.code == "create_schema_engine_mismatch"


def test_postgres_copy_has_the_source_structure(crm: Crm) -> None:
    target = crm.server.create_database()
    run = run_load(crm.data, crm.schema, target, create_schema=True)
    assert run.report.status == "ok" and run.report.counts_verified
    assert run.report.rows_loaded == sum(crm.written.values())
    copy = introspect(target, schemas=["crm"]).schema
    assert _structure(copy) == _structure(crm.schema)
    assert copy.compute_fingerprint() == crm.schema.compute_fingerprint()


def test_postgres_keys_and_foreign_keys_come_after_the_data(crm: Crm) -> None:
    ddl = schema_ddl(crm.schema)
    assert all(
        s.sql.startswith(("CREATE SCHEMA", "CREATE TYPE", "CREATE TABLE")) for s in ddl.pre_data
    )
    assert not any("PRIMARY KEY" in s.sql or "REFERENCES" in s.sql for s in ddl.pre_data)
    assert all("PRIMARY KEY" in s.sql or "UNIQUE" in s.sql or "INDEX" in s.sql for s in ddl.keys)
    assert all("FOREIGN KEY" in s.sql for s in ddl.foreign_keys)
    assert len(ddl.foreign_keys) == sum(len(t.foreign_keys) for _, t in crm.schema.iter_tables())


def test_postgres_cycle_identity_and_serial_per_table_with_workers(cycle: Cycle) -> None:
    target = cycle.server.create_database()
    run = run_load(cycle.data, cycle.schema, target, create_schema=True, workers=2)
    assert run.report.status == "ok" and run.report.transaction == "table"
    copy = introspect(target, schemas=["public"]).schema
    assert _structure(copy) == _structure(cycle.schema)
    with psycopg.connect(target) as conn:
        # Identity and serial sequences were moved past the loaded keys: a default insert works.
        dept = conn.execute("INSERT INTO dept (name) VALUES ('new') RETURNING id").fetchone()
        emp = conn.execute(
            "INSERT INTO emp (dept_id, name) VALUES (%s, 'x') RETURNING id", (dept[0],)
        ).fetchone()
        assert dept[0] > 40 and emp[0] > 300


def test_postgres_failure_rolls_the_schema_back(pg_server: PostgresServer, tmp_path: Path) -> None:
    source = pg_server.create_database()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL);"
            "CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t)"
        )
    schema = introspect(source, schemas=["public"]).schema
    plan, _ = suggest_plan(schema, rows=50, base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, tmp_path)
    broken = schema.model_copy(deep=True)
    broken.schemas[0].tables[0].columns[1].declared_type = "no_such_type"
    target = pg_server.create_database()
    with pytest.raises(DatabaseError) as caught:
        run_load(run.path, broken, target, create_schema=True)
    assert caught.value.code == "create_schema_failed"
    assert "CREATE EXTENSION" in (caught.value.hint or "")
    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT to_regclass('public.u')").fetchone() == (None,)
    report = json.loads(next((run.path / "loads").glob("*/load_report.json")).read_text())
    assert report["status"] == "failed" and report["target_unchanged"] is True


def test_dry_run_says_what_would_be_made(car_rental: CarRental, tmp_path: Path) -> None:
    target = tmp_path / "dry.db"
    run = run_load(
        car_rental.data, car_rental.schema, f"sqlite:///{target}", create_schema=True, dry_run=True
    )
    tables = car_rental.schema.schemas[0].tables
    assert run.schema is not None
    assert run.schema.created == [f"table main.{t.name}" for t in tables]
    assert not target.exists()
