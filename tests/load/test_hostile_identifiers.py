"""Dotted and quoted identifiers go through the whole pipeline: names travel as (schema, table)
pairs, never split on ``.`` (COPY, SQLite inserts, plan suggest, evaluate)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.pgserver import PostgresServer
from support.pipeline import run_ddl

PG_DDL = """
create schema "dot.sch";
create table "dot.sch"."tab.le" (
    "id.x" integer primary key,
    "na""me" varchar(30) not null,
    "São Paulo" text);
create table "dot.sch"."child.t" (
    id integer primary key,
    "parent.id" integer not null references "dot.sch"."tab.le"("id.x"),
    "select" text check ("select" in ('a.b', 'c')));
"""

SQLITE_DDL = """
create table "tab.le" ("id.x" integer primary key, "na""me" varchar(30) not null, "São Paulo" text);
create table "child.t" (
    id integer primary key,
    "parent.id" integer not null references "tab.le"("id.x"),
    "select" text check ("select" in ('a.b', 'c')));
"""


def test_dotted_names_in_postgres(pg_server: PostgresServer, tmp_path: Path) -> None:
    run = run_ddl("postgres", PG_DDL, tmp_path, pg_server, rows={"child.t": 120, "tab.le": 40})
    assert {t.name for t in run.schema.schemas[0].tables} >= {"tab.le", "child.t"}
    assert run.counts == {"tab.le": 40, "child.t": 120}
    orphans = run.rows(
        "",
        'select count(*) from "dot.sch"."child.t" c left join "dot.sch"."tab.le" p '
        'on p."id.x" = c."parent.id" where p."id.x" is null',
    )
    assert orphans == [(0,)]


@pytest.mark.parametrize("rows", [50])
def test_dotted_names_in_sqlite(tmp_path: Path, rows: int) -> None:
    run = run_ddl("sqlite", SQLITE_DDL, tmp_path, rows={"child.t": rows, "tab.le": 20})
    assert run.counts == {"tab.le": 20, "child.t": rows}
    assert run.rows("", 'select count(distinct "select") from "child.t"')[0][0] <= 2
