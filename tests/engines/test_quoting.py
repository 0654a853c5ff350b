"""Identifier quoting per engine, checked against sqlglot and against the databases themselves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pyarrow as pa
import pytest
from sqlglot import exp

from datalchemy.db.copy import copy_arrow
from datalchemy.engines import ENGINES, ODBC, POSTGRES, SQLITE, Engine, quote_identifier

#: Names that break naive quoting: an embedded quote, a dot, unicode, spaces, SQL, a backtick.
HOSTILE = ['a"b', "dot.sch", "ação", "São Paulo", "select", 'x""y', "x`y", "Ü.ñ\"'", "1st"]


@pytest.mark.parametrize("engine", list(ENGINES.values()), ids=lambda e: e.name)
@pytest.mark.parametrize("name", HOSTILE)
def test_quote_matches_sqlglot_for_the_engine_dialect(engine: Engine, name: str) -> None:
    # ODBC has no dialect of its own: it quotes the ANSI way, as PostgreSQL does.
    dialect = engine.dialect or "postgres"
    expected = exp.to_identifier(name, quoted=True).sql(dialect=dialect)
    assert engine.quote(name) == expected


def test_quote_examples() -> None:
    assert POSTGRES.quote('a"b') == '"a""b"'
    assert SQLITE.quote("dot.sch") == '"dot.sch"'
    assert ODBC.quote("ação") == '"ação"'
    assert quote_identifier("x`y", "`") == "`x``y`"


def test_qualify_keeps_dots_inside_names_and_drops_the_schema_where_there_is_none() -> None:
    assert POSTGRES.qualify("dot.sch", 'a"b') == '"dot.sch"."a""b"'
    assert ODBC.qualify("crm", "t") == '"crm"."t"'
    assert SQLITE.qualify("main", "dot.t") == '"dot.t"'
    assert ODBC.qualify("main", "t", capabilities=SQLITE.capabilities) == '"t"'


def test_hostile_names_round_trip_through_sqlite(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "q.db")
    try:
        for i, name in enumerate(HOSTILE):
            table = SQLITE.qualify("main", f"{name}_{i}")
            conn.execute(f"create table {table} ({SQLITE.quote(name)} int)")
            conn.execute(f"insert into {table} ({SQLITE.quote(name)}) values (?)", (i,))
            cur = conn.execute(f"select {SQLITE.quote(name)} from {table}")
            assert cur.description[0][0] == name
            assert cur.fetchone() == (i,)
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
        assert tables == {f"{name}_{i}" for i, name in enumerate(HOSTILE)}
    finally:
        conn.close()


def test_hostile_names_round_trip_through_postgres_and_copy(pg_url: str) -> None:
    schema, table = "dot.sch", 'a"b.ação'
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"create schema {POSTGRES.quote(schema)}")
        columns = ", ".join(f"{POSTGRES.quote(name)} text" for name in HOSTILE)
        conn.execute(f"create table {POSTGRES.qualify(schema, table)} ({columns})")
        batch = pa.record_batch([pa.array([name]) for name in HOSTILE], names=HOSTILE)
        with conn.transaction():
            # The table as parts: a dot inside the schema name stays part of the name.
            assert copy_arrow(conn, (schema, table), HOSTILE, [batch]) == 1
        cur = conn.execute(f"select * from {POSTGRES.qualify(schema, table)}")
        assert [d.name for d in cur.description or []] == HOSTILE
        assert cur.fetchone() == tuple(HOSTILE)
