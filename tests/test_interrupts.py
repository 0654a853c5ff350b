"""SIGINT and SIGTERM stop every long phase of every command: exit 130, a coded error, no
traceback, the stage's report says ``interrupted``, and the target is as it was.

Each test starts the real CLI in a subprocess, waits until the phase is running (a log event, a
file, a thread, a server session), sends the signal and gives the command a few seconds to stop.
The slow phases are made slow by the data or by the database (a trigger or an index that works
per row), never by a hook in datalchemy.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import psycopg
import pytest

from datalchemy.contracts.schema import (
    Column,
    DatabaseSchema,
    ForeignKey,
    PrimaryKey,
    Schema,
    Table,
    TypeFamily,
)
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.plan import resolve_plan
from datalchemy.plan.io import write_model
from datalchemy.plan.suggest import suggest_plan
from support.datasets import TODAY
from support.pgserver import PostgresServer

SIGNALS = [signal.SIGINT, signal.SIGTERM]
ITEM = "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born DATE)"
#: A per-row trigger body that costs ~1 ms in SQLite: 100k steps of a recursive CTE.
SLOW_SQLITE = (
    "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
    "WHERE x < 20000) SELECT x FROM c)"
)
STOP_WITHIN = 15.0  # seconds a stopped command may take to roll back and report


def _cli(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "datalchemy", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def _wait_for(proc: subprocess.Popen[str], ready: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"the command ended before the phase began: {out}{err}")
        if ready():
            return
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the phase did not begin in time")


def _stop(proc: subprocess.Popen[str], signum: int, settle: float = 0.3) -> str:
    """Send ``signum`` ``settle`` seconds on; assert a prompt, coded, traceback-free exit 130;
    return stderr."""
    time.sleep(settle)  # well inside the phase
    proc.send_signal(signum)
    try:
        out, err = proc.communicate(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"{signal.Signals(signum).name} was not honoured") from None
    assert proc.returncode == 130, out + err
    assert "error interrupted" in err, err
    assert "Traceback" not in out + err
    return err


def _logged(root: Path, event: str, **fields: str) -> Callable[[], bool]:
    def ready() -> bool:
        for log in root.glob("**/logs.ndjson"):
            for line in log.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if record["event"] == event and all(record.get(k) == v for k, v in fields.items()):
                    return True
        return False

    return ready


def _dataset(root: Path, rows: int, *, generate: bool = True) -> tuple[Path, Path, DatabaseSchema]:
    """An ``item`` table's schema.json, plan.json (``rows`` rows) and, with ``generate``, its
    dataset."""
    db = root / "source.db"
    with sqlite3.connect(db) as conn:
        conn.execute(ITEM)
    schema = introspect(f"sqlite:///{db}").schema
    (root / "schema.json").write_text(schema.to_json())
    plan, _ = suggest_plan(schema, rows=rows, base_date=TODAY)
    write_model(root / "plan.json", plan)
    data = (
        run_generation(resolve_plan(plan, schema), schema, root / "out").path if generate else root
    )
    return root / "schema.json", data, schema


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, DatabaseSchema]:
    return _dataset(tmp_path_factory.mktemp("big"), 400_000)


# -- generate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("signum", SIGNALS)
def test_generate_stops_in_its_blocks(tmp_path: Path, signum: int, workers: int) -> None:
    _dataset(tmp_path, 50_000_000, generate=False)
    proc = _cli(["generate", "--plan", "plan.json", "--schema", "schema.json",
                 "--workers", str(workers)], tmp_path)  # fmt: skip
    _wait_for(proc, lambda: any(p.stat().st_size for p in tmp_path.glob("out/*.partial/*.csv")))
    children = psutil.Process(proc.pid).children(recursive=True)
    _stop(proc, signum)
    report = json.loads(next(tmp_path.glob("out/*.partial/generation_report.json")).read_text())
    assert report["status"] == "interrupted"
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive  # the workers ended with their parent


# -- evaluate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", SIGNALS)
def test_evaluate_stops_inside_duckdb(
    big: tuple[Path, Path, DatabaseSchema], tmp_path: Path, signum: int
) -> None:
    schema_json, data, _ = big
    proc = _cli(["evaluate", "--schema", str(schema_json), "--data", str(data),
                 "--out", str(tmp_path / "eval")], tmp_path)  # fmt: skip
    # DuckDB runs the queries on its own threads: once they exist, the evaluation is under way.
    _wait_for(proc, lambda: psutil.Process(proc.pid).num_threads() >= 3)
    _stop(proc, signum, settle=0.05)  # the queries of 400k rows take well under a second
    assert not (tmp_path / "eval" / "metrics.json").exists()


# -- load into SQLite --------------------------------------------------------------------------


def _sqlite_target(path: Path, old_rows: int = 0, trigger: str | None = None) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute(ITEM)
        conn.execute(
            "INSERT INTO item WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < ?) SELECT i, 'old', NULL FROM n WHERE i <= ?",
            (old_rows, old_rows),
        )
        if trigger:
            conn.execute(f"CREATE TRIGGER slow {trigger} ON item BEGIN {SLOW_SQLITE}; END")
    return f"sqlite:///{path}"


def _sqlite_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM item").fetchone()[0])


@pytest.mark.parametrize("signum", SIGNALS)
def test_sqlite_load_stops_while_inserting(
    big: tuple[Path, Path, DatabaseSchema], tmp_path: Path, signum: int
) -> None:
    schema_json, data, _ = big
    url = _sqlite_target(tmp_path / "t.db", trigger="BEFORE INSERT")
    runs = tmp_path / "runs"
    proc = _cli(["load", "--data", str(data), "--schema", str(schema_json), "--conn", url,
                 "--out", str(runs)], tmp_path)  # fmt: skip
    _wait_for(proc, _logged(runs, "table_started"))
    _stop(proc, signum)
    assert _sqlite_rows(tmp_path / "t.db") == 0
    report = json.loads(next(runs.glob("*/load_report.json")).read_text())
    assert report["status"] == "interrupted" and report["target_unchanged"] is True


@pytest.mark.parametrize("signum", SIGNALS)
def test_sqlite_load_stops_while_emptying_tables(
    big: tuple[Path, Path, DatabaseSchema], tmp_path: Path, signum: int
) -> None:
    schema_json, data, _ = big
    url = _sqlite_target(tmp_path / "t.db", old_rows=50_000, trigger="BEFORE DELETE")
    runs = tmp_path / "runs"
    proc = _cli(["load", "--data", str(data), "--schema", str(schema_json), "--conn", url,
                 "--mode", "truncate", "--out", str(runs)], tmp_path)  # fmt: skip
    _wait_for(proc, _logged(runs, "phase_started", phase="empty tables"))
    _stop(proc, signum)
    assert _sqlite_rows(tmp_path / "t.db") == 50_000  # rolled back: nothing was deleted


# -- load into PostgreSQL ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_item(
    pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, DatabaseSchema]:
    root = tmp_path_factory.mktemp("pg_item")
    source = pg_server.create_database()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)")
        conn.execute("CREATE TABLE tag (id int PRIMARY KEY, label text NOT NULL)")
    schema = introspect(source, schemas=["public"]).schema
    (root / "schema.json").write_text(schema.to_json())
    plan, _ = suggest_plan(schema, rows=20_000, base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, root / "out")
    return root / "schema.json", run.path, schema


def _slow_pg(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE FUNCTION slow(v int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS "
            "$$ BEGIN PERFORM pg_sleep(0.002); RETURN v; END $$"
        )


def _pg_session(server: PostgresServer, query: str) -> Callable[[], bool]:
    def ready() -> bool:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            return bool(
                conn.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE %s",
                    (query,),
                ).fetchone()
            )

    return ready


@pytest.mark.parametrize("signum", SIGNALS)
def test_postgres_load_with_workers_stops_every_copy(
    pg_server: PostgresServer, pg_item: tuple[Path, Path, DatabaseSchema], tmp_path: Path,
    signum: int,
) -> None:  # fmt: skip
    schema_json, data, _ = pg_item
    target = pg_server.create_database()
    _slow_pg(target)
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)")
        conn.execute("CREATE TABLE tag (id int PRIMARY KEY, label text NOT NULL)")
        for table in ("item", "tag"):
            conn.execute(
                f"CREATE FUNCTION {table}_slow() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN PERFORM pg_sleep(0.002); RETURN NEW; END $$"
            )
            conn.execute(
                f"CREATE TRIGGER s BEFORE INSERT ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION {table}_slow()"
            )
    proc = _cli(["load", "--data", str(data), "--schema", str(schema_json), "--conn", target,
                 "--workers", "2", "--out", str(tmp_path / "runs")], tmp_path)  # fmt: skip
    _wait_for(proc, _pg_session(pg_server, "COPY%"))
    _stop(proc, signum)
    with psycopg.connect(target) as conn:
        counts = conn.execute("SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM tag)")
        assert counts.fetchone() == (0, 0)
        idle = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY%'"
        ).fetchone()
        assert idle == (0,)  # the server stopped the COPYs too


@pytest.mark.parametrize("signum", SIGNALS)
def test_postgres_create_schema_stops_while_building_keys(
    pg_server: PostgresServer, pg_item: tuple[Path, Path, DatabaseSchema], tmp_path: Path,
    signum: int,
) -> None:  # fmt: skip
    _, data, schema = pg_item
    slow = schema.model_copy(deep=True)
    item = slow.schemas[0].table("item")
    item.indexes.append(
        item.indexes[0].model_copy(
            update={
                "name": "item_slow",
                "primary": False,
                "unique": False,
                "definition": "CREATE INDEX item_slow ON public.item USING btree (slow(id))",
            }
        )
    )
    (tmp_path / "schema.json").write_text(slow.to_json())
    target = pg_server.create_database()
    _slow_pg(target)
    runs = tmp_path / "runs"
    proc = _cli(["load", "--data", str(data), "--schema", "schema.json", "--conn", target,
                 "--create-schema", "--out", str(runs)], tmp_path)  # fmt: skip
    _wait_for(proc, _logged(runs, "phase_started", phase="build keys and indexes"))
    _stop(proc, signum)
    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT to_regclass('public.item')").fetchone() == (None,)


# -- demo --------------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", SIGNALS)
def test_demo_stops_in_any_stage(tmp_path: Path, signum: int) -> None:
    proc = _cli(["demo", "--out", "demo"], tmp_path)
    _wait_for(proc, lambda: any(tmp_path.glob("demo/data/*")))
    err = _stop(proc, signum)
    assert "interrupted" in err


# -- introspect, plan suggest ------------------------------------------------------------------


@pytest.mark.parametrize("signum", SIGNALS)
def test_introspect_stops_while_reading_the_catalog(
    pg_server: PostgresServer, tmp_path: Path, signum: int
) -> None:
    source = pg_server.create_database()
    with psycopg.connect(source) as holder:
        holder.execute("CREATE TABLE t (id int PRIMARY KEY)")
        holder.commit()
        # Another session holds the trigger catalog: introspection's catalog read waits on it.
        holder.execute("LOCK TABLE pg_catalog.pg_trigger IN ACCESS EXCLUSIVE MODE")
        proc = _cli(["introspect", "--conn", source, "--out", "schema.json"], tmp_path)

        def waiting() -> bool:
            with psycopg.connect(pg_server.url(), autocommit=True) as conn:
                row = conn.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE application_name = 'datalchemy' "
                    "AND wait_event_type = 'Lock'"
                ).fetchone()
                return row is not None

        _wait_for(proc, waiting)
        _stop(proc, signum)
        holder.rollback()
    assert not (tmp_path / "schema.json").exists()


def _chain_of_tables(count: int) -> DatabaseSchema:
    """``count`` tables of ten columns, each referencing the one before."""

    def col(i: int, name: str, family: TypeFamily) -> Column:
        kind = "integer" if family == TypeFamily.INTEGER else "text"
        return Column(ordinal=i, name=name, declared_type=kind, family=family, nullable=i > 1)

    def table(i: int) -> Table:
        cols = [col(1, "id", TypeFamily.INTEGER), col(2, "parent_id", TypeFamily.INTEGER)]
        cols += [col(j + 3, f"c{j}", TypeFamily.TEXT) for j in range(8)]
        parent = ForeignKey(
            name=f"fk{i}",
            columns=["parent_id"],
            referenced_schema="public",
            referenced_table=f"t{i - 1}",
            referenced_columns=["id"],
        )
        return Table(
            name=f"t{i}",
            columns=cols,
            primary_key=PrimaryKey(columns=["id"]),
            foreign_keys=[parent] if i else [],
        )

    tables = [table(i) for i in range(count)]
    return DatabaseSchema(engine="postgres", schemas=[Schema(name="public", tables=tables)])


@pytest.mark.parametrize("signum", SIGNALS)
def test_plan_suggest_stops_on_a_large_schema(tmp_path: Path, signum: int) -> None:
    (tmp_path / "schema.json").write_text(_chain_of_tables(400).with_fingerprint().to_json())
    proc = _cli(["plan", "suggest", "--schema", "schema.json", "--out", "plan.json"], tmp_path)
    # Imports take well under a CPU-second; past that the planner is at work.
    _wait_for(proc, lambda: sum(psutil.Process(proc.pid).cpu_times()[:2]) > 1.5)
    _stop(proc, signum)
    assert not (tmp_path / "plan.json").exists()
