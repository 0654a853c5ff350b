"""Evaluate agrees with the database on generated columns: a value the database computes out
of its type, or against a CHECK on the generated column, is reported where the database
refuses the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.pgserver import PostgresServer
from support.pipeline import PipelineRun, run_ddl

from .agreement import corrupt, load_error, violations

DDL = """
create table order_line (
    id integer primary key,
    price numeric(8,2) not null,
    qty integer not null check (qty > 0),
    total numeric(8,2) generated always as (price * qty) stored,
    label varchar(12) generated always as ('#' || code) stored,
    code varchar(20) not null,
    constraint total_not_negative check (total >= 0));
"""

SQLITE_DDL = """
create table scores (
    id integer primary key,
    a integer not null,
    b integer not null,
    s integer generated always as (a + b) virtual,
    constraint s_not_below_a check (s >= a));
"""


@pytest.fixture(scope="module")
def clean(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    return run_ddl("postgres", DDL, tmp_path_factory.mktemp("gen"), pg_server, rows=200)


def _more_than_one(row: dict[str, str]) -> bool:
    return int(row["qty"]) > 1


def test_a_numeric_overflow_of_a_generated_column(
    clean: PipelineRun, pg_server: PostgresServer, tmp_path: Path
) -> None:
    data = corrupt(clean, tmp_path, "public.order_line", "price", "999999.99", _more_than_one)
    found = violations(clean, data)
    assert found == [("check", "public.order_line", "total_generated_fits", 1)]
    error = load_error(clean, data, DDL, tmp_path, pg_server)
    assert "numeric field overflow" in error.message


def test_a_generated_value_too_long(
    clean: PipelineRun, pg_server: PostgresServer, tmp_path: Path
) -> None:
    data = corrupt(clean, tmp_path, "public.order_line", "code", "ABCDEFGHIJKLMNOP")
    found = violations(clean, data)
    assert found == [("check", "public.order_line", "label_generated_fits", 1)]
    error = load_error(clean, data, DDL, tmp_path, pg_server)
    assert "value too long for type character varying(12)" in error.message


def test_a_check_on_a_generated_column(
    clean: PipelineRun, pg_server: PostgresServer, tmp_path: Path
) -> None:
    data = corrupt(clean, tmp_path, "public.order_line", "price", "-5.00")
    assert violations(clean, data) == [("check", "public.order_line", "total_not_negative", 1)]
    error = load_error(clean, data, DDL, tmp_path, pg_server)
    assert getattr(error, "constraint", None) == "total_not_negative"


def test_a_check_on_a_virtual_column_in_sqlite(tmp_path: Path) -> None:
    run = run_ddl("sqlite", SQLITE_DDL, tmp_path, rows=100)
    data = corrupt(run, tmp_path, "main.scores", "b", "-7")
    assert violations(run, data) == [("check", "main.scores", "s_not_below_a", 1)]
    error = load_error(run, data, SQLITE_DDL, tmp_path, None, engine="sqlite")
    assert "s_not_below_a" in error.message
