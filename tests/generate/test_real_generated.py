"""Generated columns, end to end into the database: the values generation writes keep every
generated column inside its type and its CHECKs.

Each DDL stopped datalchemy at load before generated expressions were read: PostgreSQL computed
the column and failed the COPY (``numeric field overflow``, ``value too long``), or a CHECK on a
generated column could not be verified because the column is not in the data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.pgserver import PostgresServer
from support.pipeline import run_ddl


def test_a_product_stays_inside_its_numeric_type(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table order_line (
        id integer primary key,
        price numeric(8,2) not null,
        qty integer not null check (qty > 0),
        total numeric(8,2) generated always as (price * qty) stored,
        cents integer generated always as ((price * 100)::integer) stored,
        check (total >= 0));
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=500)
    assert run.rows("order_line", "select count(*) from order_line where total is null") == [(0,)]


def test_a_concatenation_fits_its_varchar(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table people (
        id integer primary key,
        first_name varchar(40) not null,
        last_name varchar(40) not null,
        full_name varchar(24) generated always as (first_name || ' ' || last_name) stored);
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=300)
    longest = run.rows("people", "select max(length(full_name)) from people")
    assert longest[0][0] <= 24


def test_generated_columns_of_supabase_auth(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table identities (
        id uuid primary key,
        identity_data jsonb not null,
        email text generated always as (lower((identity_data ->> 'email'::text))) stored,
        email_confirmed_at timestamptz,
        phone_confirmed_at timestamptz,
        confirmed_at timestamptz
            generated always as (least(email_confirmed_at, phone_confirmed_at)) stored);
    """
    run_ddl("postgres", ddl, tmp_path, pg_server, rows=100)


@pytest.mark.parametrize("kind", ["virtual", "stored"])
def test_sqlite_checks_on_generated_columns(kind: str, tmp_path: Path) -> None:
    ddl = f"""
    create table scores (
        id integer primary key,
        a integer not null,
        b integer not null,
        s integer generated always as (a + b) {kind},
        check (s >= a));
    """
    run = run_ddl("sqlite", ddl, tmp_path, rows=200)
    assert run.rows("scores", "select count(*) from scores where s < a") == [(0,)]
