"""Evaluate agrees with PostgreSQL on CHECKs that call application functions: offline they are
``not_evaluated``; with ``--verify-with`` the database evaluates them, and a corrupted row is
reported under the constraint the database names when the same files are loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

import datalchemy
from support.pgserver import PostgresServer
from support.pipeline import PipelineRun, create_database

from .agreement import corrupt, load_error

DDL = """
create function even_length(text) returns boolean language sql immutable
    as $$ select length($1) % 2 = 0 $$;
create table release (
    id integer primary key,
    title varchar(80) not null constraint release_title_even check (even_length(title)),
    year integer not null check (year > 1900));
"""


@pytest.fixture(scope="module")
def clean(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    tmp = tmp_path_factory.mktemp("functions")
    source = create_database("postgres", DDL, tmp, "source", pg_server)
    schema = datalchemy.introspect(source).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=120)
    run = datalchemy.generate(plan, schema, tmp / "out", verify_with=source)
    return PipelineRun(schema, plan, [], run.path, {}, source)


def test_a_function_check_offline_and_with_the_database(
    clean: PipelineRun, pg_server: PostgresServer, tmp_path: Path
) -> None:
    data = corrupt(clean, tmp_path, "public.release", "title", "odd")
    offline = datalchemy.evaluate(clean.schema, clean.plan, data, out=tmp_path / "a").metrics
    title = next(c for c in offline.constraints if c.name == "release_title_even")
    assert title.status == "not_evaluated" and offline.violations_total == 0
    checked = datalchemy.evaluate(
        clean.schema, clean.plan, data, out=tmp_path / "b", verify_with=clean.target
    ).metrics
    violated = [
        (c.kind, c.name, c.violations) for c in checked.constraints if c.status == "violated"
    ]
    assert violated == [("check", "release_title_even", 1)]
    error = load_error(clean, data, DDL, tmp_path, pg_server)
    assert getattr(error, "constraint", None) == "release_title_even"
