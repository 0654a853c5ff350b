"""CHECKs that call application functions: listed up front as not verifiable, ``not_evaluated``
by evaluate, and with ``generate --verify-with URL`` evaluated by the database on every block
(rolled back, nothing written), failing rows regenerated, so that the data loads.

Without it, the DDL below fails its load: about half the generated titles break the CHECK.
"""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

import datalchemy
from datalchemy.errors import DatalchemyError, UsageError
from support.pgserver import PostgresServer
from support.pipeline import create_database

DDL = """
create schema app;
create function app.even_length(text) returns boolean language sql immutable
    set search_path to 'app', 'public' as $$ select length($1) % 2 = 0 $$;
create function app.controlled_for_whitespace(text) returns boolean language sql immutable
    as $$ select btrim($1) = $1 $$;
create domain app.code as varchar(12) check (value ~ '^[A-Za-z0-9 -]*$');
create table app.release (
    id integer primary key,
    title varchar(80) not null constraint release_title_even check (app.even_length(title)),
    comment varchar(255) not null default ''
        constraint release_comment_ws check (app.controlled_for_whitespace(comment)),
    code app.code);
"""


@pytest.fixture
def source(pg_server: PostgresServer, tmp_path: Path) -> str:
    return create_database("postgres", DDL, tmp_path, "source", pg_server)


def _plan(source: str) -> tuple[datalchemy.contracts.schema.DatabaseSchema, object]:
    schema = datalchemy.introspect(source).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=300)
    return schema, plan


def test_without_it_the_check_is_listed_up_front_and_not_evaluated(
    source: str, pg_server: PostgresServer, tmp_path: Path
) -> None:
    schema, plan = _plan(source)
    report = datalchemy.validate_plan(plan, schema)
    listed = {i.path: i for i in report.issues if i.code == "check_unsupported"}
    assert "app.release.release_title_even" in listed
    assert "--verify-with" in (listed["app.release.release_title_even"].hint or "")
    run = datalchemy.generate(plan, schema, tmp_path / "out")
    metrics = datalchemy.evaluate(schema, plan, run.path).metrics
    title = next(c for c in metrics.constraints if c.name == "release_title_even")
    assert title.status == "not_evaluated" and metrics.status == "incomplete"
    target = create_database("postgres", DDL, tmp_path, "target", pg_server)
    with pytest.raises(DatalchemyError) as err:
        datalchemy.load(run.path, schema, target)
    assert getattr(err.value, "constraint", None) == "release_title_even"


def test_the_database_verifies_each_block_and_the_data_loads(
    source: str, pg_server: PostgresServer, tmp_path: Path
) -> None:
    schema, plan = _plan(source)
    run = datalchemy.generate(plan, schema, tmp_path / "out", verify_with=source)
    checks = {c.name: c for t in run.report.tables for c in t.checks}
    assert checks["release_title_even"].strategy == "verified"
    assert checks["release_title_even"].rows_retried > 0
    told = [w for w in run.report.warnings if w.code == "check_verified_by_database"]
    assert {w.path for w in told} >= {"app.release.release_title_even"}
    target = create_database("postgres", DDL, tmp_path, "target", pg_server)
    assert datalchemy.load(run.path, schema, target).report.status == "ok"
    with psycopg.connect(target) as conn:
        odd = conn.execute("select count(*) from app.release where length(title) % 2 = 1")
        assert odd.fetchone() == (0,)
    with psycopg.connect(source) as conn:  # nothing was written to the verifying database
        assert conn.execute("select count(*) from app.release").fetchone() == (0,)
    metrics = datalchemy.evaluate(schema, plan, run.path, verify_with=source).metrics
    title = next(c for c in metrics.constraints if c.name == "release_title_even")
    assert title.status == "ok" and "--verify-with" in (title.note or "")


@pytest.mark.parametrize("how", ["fork", "forkserver", "dask"])
def test_workers_give_the_same_bytes(how: str, source: str, tmp_path: Path) -> None:
    schema, plan = _plan(source)
    one = datalchemy.generate(plan, schema, tmp_path / "one", verify_with=source)
    # A live thread makes local workers start from a fork server, which rebuilds the model.
    busy = threading.Event()
    keeper = threading.Thread(target=busy.wait) if how == "forkserver" else None
    if keeper is not None:
        keeper.start()
    try:
        options: dict[str, object] = {"cluster": "local:1"} if how == "dask" else {"workers": 2}
        many = datalchemy.generate(plan, schema, tmp_path / how, verify_with=source, **options)
    finally:
        busy.set()
    assert [f.sha256 for t in one.report.tables for f in t.files] == [
        f.sha256 for t in many.report.tables for f in t.files
    ]


def test_only_postgresql_can_verify(source: str, tmp_path: Path) -> None:
    schema, plan = _plan(source)
    with pytest.raises(UsageError) as err:
        datalchemy.generate(plan, schema, tmp_path / "out", verify_with="sqlite:///x.db")
    assert err.value.code == "verify_with_unsupported"
