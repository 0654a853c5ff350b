"""Unique keys of real schemas, each class with its own small DDL, end to end into the database.

Every test runs the user's path (introspect, suggest, validate, generate, evaluate, load into a
fresh copy with every constraint on) on PostgreSQL and, where the DDL is portable, on SQLite.
Each DDL stopped datalchemy before the keys were solved jointly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.pgserver import PostgresServer
from support.pipeline import run_ddl

BOTH = ["postgres", "sqlite"]


def _server(engine: str, request: pytest.FixtureRequest) -> PostgresServer | None:
    return request.getfixturevalue("pg_server") if engine == "postgres" else None


@pytest.mark.parametrize("engine", BOTH)
def test_text_in_a_composite_primary_key_with_an_fk(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ddl = """
    create table emoji (id integer primary key, shortcode varchar(128) not null unique);
    create table emoji_keyword (
        emoji_id integer not null references emoji,
        keyword varchar(128) not null,
        primary key (emoji_id, keyword));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=300)
    assert run.counts["emoji_keyword"] == 300


@pytest.mark.parametrize("engine", BOTH)
def test_a_literal_default_inside_a_composite_key(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ddl = """
    create table artifact (
        repository varchar(255) not null,
        digest varchar(255) not null default '',
        vendor varchar(255) not null default '',
        unique (repository, digest, vendor));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=150)
    assert run.counts["artifact"] == 150


@pytest.mark.parametrize("engine", BOTH)
def test_two_keys_sharing_a_leading_fk_column(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ddl = """
    create table item_types (id integer primary key, name varchar(40) not null unique);
    create table fields (id integer primary key, name varchar(40) not null unique);
    create table item_type_fields (
        item_type_id integer not null references item_types,
        field_id integer not null references fields,
        order_index integer not null,
        primary key (item_type_id, order_index),
        unique (item_type_id, field_id));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=120)
    assert run.counts["item_type_fields"] == 120


@pytest.mark.parametrize("engine", BOTH)
def test_overlapping_keys_without_fks(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ddl = """
    create table events (
        id varchar(64) not null,
        external_id varchar(64) not null,
        seen_at timestamp not null,
        primary key (id, seen_at),
        unique (external_id, seen_at));
    """
    run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=250)


@pytest.mark.parametrize("engine", BOTH)
def test_a_one_row_lock_table_gets_one_row(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ddl = """
    create table stream_position (
        lock char(1) not null default 'X' unique,
        stream_id bigint,
        check (lock = 'X'));
    create table other (id integer primary key);
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=50)
    assert run.counts["stream_position"] == 1 and run.counts["other"] == 50


def test_a_unique_index_on_a_constant_holds_one_row(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    ddl = """
    create table site_aggregates (id serial primary key, users bigint not null default 1);
    create unique index one_row_only on site_aggregates ((true));
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=30)
    assert run.counts["site_aggregates"] == 1


def test_expression_unique_indexes_are_met_on_the_expression(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    ddl = """
    create table users (
        id serial primary key,
        name varchar(100) not null,
        email varchar(255) not null,
        code varchar(20) not null);
    create unique index users_name_lower on users (lower(name));
    create unique index users_email_lower on users (lower(email));
    create unique index users_code_upper on users (upper(btrim(code)));
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=2000)
    dup = run.rows("users", "select count(*) - count(distinct lower(name)) from users")
    assert dup == [(0,)]


def test_partial_unique_indexes(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table crates (id serial primary key, name varchar(64) not null);
    create table versions (
        id serial primary key,
        crate_id integer not null references crates,
        num varchar(40) not null,
        deleted boolean not null default false);
    create unique index versions_crate_num on versions (crate_id, num) where not deleted;
    create table aliases (
        id serial primary key,
        owner integer not null references crates,
        locale varchar(10),
        primary_for_locale boolean not null);
    create unique index one_primary on aliases (owner, locale)
        where primary_for_locale and locale is not null;
    """
    run_ddl("postgres", ddl, tmp_path, pg_server, rows=400)


@pytest.mark.parametrize("engine", BOTH)
def test_varchar_lengths_are_never_exceeded(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ddl = """
    create table users (
        id integer primary key,
        email varchar(255) not null,
        email_new_token varchar(16),
        nome varchar(12) not null,
        cidade varchar(6));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=300)
    longest = run.rows(
        "users",
        "select max(length(email_new_token)), max(length(nome)), max(length(cidade)) from users",
    )
    assert longest[0][0] <= 16 and longest[0][1] <= 12 and longest[0][2] <= 6


@pytest.mark.parametrize("engine", BOTH)
def test_a_key_of_two_fks_a_check_orders(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # MusicBrainz's tag_relation: PRIMARY KEY (tag1, tag2) and CHECK (tag1 < tag2).
    ddl = """
    create table tag (id integer primary key, name varchar(40) not null unique);
    create table tag_relation (
        tag1 integer not null references tag,
        tag2 integer not null references tag,
        weight integer not null,
        primary key (tag1, tag2),
        check (tag1 < tag2));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows={"tag_relation": 150})
    assert run.rows("tag_relation", "select count(*) from tag_relation where tag1 >= tag2") == [
        (0,)
    ]
