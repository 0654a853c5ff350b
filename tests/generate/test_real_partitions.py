"""Partitioned tables, end to end into PostgreSQL: rows land in some partition, the partition
bounds are the key's domain, foreign keys declared on a partition only are honoured.

Each DDL stopped datalchemy before partition bounds were read: COPY into the parent failed with
``no partition of relation ... found for row`` or a partition's own foreign key.
"""

from __future__ import annotations

from pathlib import Path

from support.pgserver import PostgresServer
from support.pipeline import run_ddl


def test_daily_range_partitions_take_every_row(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table v1_task (
        id bigint generated always as identity,
        inserted_at timestamptz not null default current_timestamp,
        name text not null,
        primary key (id, inserted_at)) partition by range (inserted_at);
    create table v1_task_20240101 partition of v1_task
        for values from ('2024-01-01') to ('2024-01-02');
    create table v1_task_20240102 partition of v1_task
        for values from ('2024-01-02') to ('2024-01-03');
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=300)
    assert run.counts["v1_task"] == 300
    spread = run.rows(
        "v1_task", "select count(*) from only v1_task_20240101 union all "
        "select count(*) from only v1_task_20240102",
    )  # fmt: skip
    assert all(n > 0 for (n,) in spread)


def test_range_partitions_with_a_gap_and_open_ends(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    ddl = """
    create table readings (
        id integer not null,
        taken_on date not null,
        value integer not null,
        primary key (id, taken_on)) partition by range (taken_on);
    create table readings_old partition of readings for values from (minvalue) to ('2020-01-01');
    create table readings_2024 partition of readings
        for values from ('2024-01-01') to ('2025-01-01');
    """
    run_ddl("postgres", ddl, tmp_path, pg_server, rows=200)


def test_list_partitions_and_a_foreign_key_on_one_partition(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    ddl = """
    create table artist (id integer primary key, name varchar(80) not null);
    create table artist_release (
        is_track_artist boolean not null,
        artist integer not null,
        release integer not null,
        primary key (is_track_artist, artist, release)) partition by list (is_track_artist);
    create table artist_release_nonva partition of artist_release for values in (false);
    create table artist_release_va partition of artist_release for values in (true);
    alter table only artist_release_nonva
        add constraint artist_release_nonva_fk_artist foreign key (artist) references artist (id);
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=150)
    assert run.counts["artist_release"] == 150
    assert run.counts["artist"] > 0


def test_list_partitions_of_text_with_a_default(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table queue_item (
        id bigint not null,
        status text not null,
        payload text) partition by list (status);
    create table queue_item_queued partition of queue_item for values in ('QUEUED');
    create table queue_item_other partition of queue_item default;
    """
    run_ddl("postgres", ddl, tmp_path, pg_server, rows=100)


def test_list_partitions_of_an_enum_without_a_default(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    ddl = """
    create type run_status as enum ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');
    create table runs (
        id bigint not null,
        status run_status not null,
        primary key (id, status)) partition by list (status);
    create table runs_active partition of runs for values in ('QUEUED', 'RUNNING');
    create table runs_done partition of runs for values in ('COMPLETED');
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=120)
    assert run.rows("runs", "select count(*) from runs where status = 'FAILED'") == [(0,)]


def test_hash_partitions(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table v1_queue_item (id bigint not null primary key, tenant uuid not null)
        partition by hash (id);
    create table v1_queue_item_0 partition of v1_queue_item
        for values with (modulus 2, remainder 0);
    create table v1_queue_item_1 partition of v1_queue_item
        for values with (modulus 2, remainder 1);
    """
    run_ddl("postgres", ddl, tmp_path, pg_server, rows=100)


def test_sub_partitions(pg_server: PostgresServer, tmp_path: Path) -> None:
    ddl = """
    create table measures (
        region text not null,
        at date not null,
        v integer) partition by list (region);
    create table measures_eu partition of measures for values in ('eu')
        partition by range (at);
    create table measures_eu_2024 partition of measures_eu
        for values from ('2024-01-01') to ('2025-01-01');
    create table measures_us partition of measures for values in ('us');
    """
    run_ddl("postgres", ddl, tmp_path, pg_server, rows=100)


def test_unique_indexes_declared_on_partitions_bind_the_parent(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    # MusicBrainz's artist_release_group: LIST partitions, each with its own unique index.
    ddl = """
    create table artist (id serial primary key, name text not null);
    create table release_group (id serial primary key, name text not null);
    create table artist_release_group (
        is_track_artist boolean not null,
        artist integer not null references artist,
        release_group integer not null references release_group
    ) partition by list (is_track_artist);
    create table artist_release_group_track partition of artist_release_group for values in (true);
    create table artist_release_group_nontrack
        partition of artist_release_group for values in (false);
    create unique index arg_track_uniq on artist_release_group_track (release_group, artist);
    create unique index arg_nontrack_uniq on artist_release_group_nontrack (release_group, artist);
    """
    run = run_ddl(
        "postgres", ddl, tmp_path, pg_server,
        rows={"artist_release_group": 400, "artist": 30, "release_group": 30},
    )  # fmt: skip
    assert run.counts["artist_release_group"] == 400
