"""Native PostgreSQL loads: COPY, every constraint enabled, counts, fix-ups, sequences, modes."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from datalchemy.load import run_load
from support.datasets import Crm, Cycle


def _counts(url: str, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {
            t: conn.execute(f"select count(*) from {t}").fetchone()[0]  # type: ignore[index]
            for t in tables
        }


def test_full_stack_crm_loads_with_every_constraint(crm: Crm) -> None:
    url = crm.target()
    run = run_load(crm.data, crm.schema, url)
    report = run.report
    assert report.status == "ok"
    assert report.counts_verified
    assert report.strategy == "copy_csv" and report.transaction == "all"
    assert _counts(url, list(crm.written)) == crm.written
    assert {f"{t.schema_name}.{t.table}": t.rows_after for t in report.tables} == crm.written
    assert report.rows_loaded == sum(crm.written.values())
    assert report.db_metrics is not None and report.db_metrics.rows_written == report.rows_loaded
    assert report.db_metrics.latency.samples > 0
    # The connection came from the connectivity layer's pool, health-checked on checkout.
    assert report.db_metrics.checkouts >= 1 and report.db_metrics.health_checks >= 1
    # The report on disk is the same document, and carries no password.
    assert run.path is not None
    on_disk = json.loads((run.path / "load_report.json").read_text())
    assert on_disk["status"] == "ok" and on_disk["rows_loaded"] == report.rows_loaded
    password = crm.server.password
    for f in run.path.iterdir():
        assert password not in f.read_text(), f.name


def test_sequences_move_past_loaded_values_and_fixups_close_the_cycle(cycle: Cycle) -> None:
    url = cycle.target()
    report = run_load(cycle.data, cycle.schema, url).report
    moved = {t.table: t.sequences_moved for t in report.tables}
    assert moved["dept"] and moved["emp"]  # identity and bigserial
    dept = next(t for t in report.tables if t.table == "dept")
    assert dept.fixup_rows > 0
    with psycopg.connect(url) as conn:
        managers = conn.execute("select count(manager_id) from dept").fetchone()
        assert managers is not None and managers[0] == dept.fixup_rows
        # New rows take their keys from the moved sequences: no collision with loaded ones.
        new_dept = conn.execute("insert into dept (name) values ('new') returning id").fetchone()
        top = conn.execute("select max(id) from dept where name <> 'new'").fetchone()
        assert new_dept is not None and top is not None and new_dept[0] > top[0]
        conn.execute(
            "insert into emp (dept_id, name) values (%s, 'x') returning id", (new_dept[0],)
        )


def test_truncate_mode_reloads_and_append_twice_fails_unchanged(cycle: Cycle) -> None:
    url = cycle.target()
    run_load(cycle.data, cycle.schema, url)
    tables = ["dept", "emp"]
    first = _counts(url, tables)
    again = run_load(cycle.data, cycle.schema, url, mode="truncate").report
    assert again.status == "ok" and _counts(url, tables) == first
    with pytest.raises(Exception) as info:
        run_load(cycle.data, cycle.schema, url)  # the same keys again
    # found before anything is written (load/collisions.py), named with its constraint
    assert getattr(info.value, "code", None) == "append_collision"
    assert getattr(info.value, "constraint", None)
    assert _counts(url, tables) == first


def test_recreate_mode_drops_and_restores_indexes_and_foreign_keys(cycle: Cycle) -> None:
    url = cycle.target()
    query = (
        "select (select count(*) from pg_indexes where schemaname = 'public'), "
        "(select count(*) from pg_constraint where contype = 'f' and connamespace = "
        "'public'::regnamespace and convalidated)"
    )
    with psycopg.connect(url) as conn:
        before = conn.execute(query).fetchone()
    report = run_load(cycle.data, cycle.schema, url, mode="recreate").report
    assert report.status == "ok" and report.counts_verified
    with psycopg.connect(url) as conn:
        assert conn.execute(query).fetchone() == before  # same indexes, FKs validated
        assert conn.execute("select 1 from pg_indexes where indexname = 'emp_name_idx'").fetchone()


def test_parallel_workers_per_table_transactions(crm: Crm, tmp_path: Path) -> None:
    url = crm.target()
    report = run_load(crm.data, crm.schema, url, transaction="table", workers=2).report
    assert report.status == "ok" and report.counts_verified and report.workers == 2
    assert _counts(url, list(crm.written)) == crm.written
    assert not list((crm.data / "loads").glob("checkpoint_*.json"))  # removed on success


def test_dry_run_touches_nothing(crm: Crm) -> None:
    url = crm.target()
    before = set((crm.data / "loads").glob("*")) if (crm.data / "loads").exists() else set()
    run = run_load(crm.data, crm.schema, url, dry_run=True)
    assert run.path is None and run.report.status == "dry_run"
    steps = [s.table for s in run.work.steps]
    assert steps.index("crm.usuarios") < steps.index("crm.leads")
    assert all(s.estimated_s >= 0 for s in run.work.steps)
    assert sum(_counts(url, list(crm.written)).values()) == 0
    after = set((crm.data / "loads").glob("*")) if (crm.data / "loads").exists() else set()
    assert after == before


HOSTILE = """
create domain positive_money as numeric(10,2) check (value > 0);
create table team (id int generated always as identity primary key, name varchar(40) unique);
create table member (
    id bigint generated by default as identity primary key,
    team_id int not null references team,
    mentor_id bigint references member,
    salary positive_money not null,
    tags text[],
    photo bytea,
    seen_at timestamptz not null,
    hired date not null check (hired <= current_date)
);
"""


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_arrays_bytea_timestamptz_domains_from_csv_and_parquet(
    crm: Crm, tmp_path: Path, fmt: str
) -> None:
    from datalchemy.generate import run_generation
    from datalchemy.introspect import introspect
    from datalchemy.plan import resolve_plan
    from datalchemy.plan.suggest import suggest_plan
    from support.datasets import TODAY

    source = crm.server.create_database()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(HOSTILE)
    schema = introspect(source, schemas=["public"]).schema
    plan, _ = suggest_plan(schema, rows=500, locale="pt_BR", base_date=TODAY)
    resolved = resolve_plan(plan, schema).model_copy(update={"format": fmt})
    run = run_generation(resolved, schema, tmp_path)
    target = crm.server.create_database()
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(HOSTILE)
    report = run_load(run.path, schema, target).report
    assert report.status == "ok" and report.counts_verified
    with psycopg.connect(target) as conn:
        row = conn.execute(
            "select count(tags), count(photo), count(*) filter (where seen_at is not null) "
            "from member"
        ).fetchone()
        assert row is not None and row[0] > 0 and row[1] > 0 and row[2] == 500
        # The same values as the CSV path would have loaded: compare with a CSV load.
    if fmt == "parquet":
        csv_run = run_generation(resolve_plan(plan, schema), schema, tmp_path / "csv")
        other = crm.server.create_database()
        with psycopg.connect(other, autocommit=True) as conn:
            conn.execute(HOSTILE)
        run_load(csv_run.path, schema, other)
        query = "select md5(string_agg(m::text, '|' order by id)) from member m"
        with psycopg.connect(target) as a, psycopg.connect(other) as b:
            assert a.execute(query).fetchone() == b.execute(query).fetchone()
