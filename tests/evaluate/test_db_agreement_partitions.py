"""Evaluate agrees with PostgreSQL on partitioned tables: a row that no partition takes, and a
row that breaks a foreign key declared on its partition, are reported under the constraint the
database names; a row of another partition is not bound by that foreign key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.pgserver import PostgresServer
from support.pipeline import PipelineRun, run_ddl

from .agreement import _reseal, corrupt, load_error, loads, violations
from .helpers import read_cells, set_cell

DDL = """
create table tenants (id integer primary key, name varchar(40) not null);
create table events (
    id bigint not null,
    at timestamptz not null,
    tenant_id integer not null,
    kind varchar(20) not null,
    primary key (id, at)) partition by range (at);
create table events_d1 partition of events for values from ('2024-01-01') to ('2024-01-02');
create table events_d2 partition of events for values from ('2024-01-02') to ('2024-01-03');
alter table events_d1
    add constraint events_d1_tenant_fk foreign key (tenant_id) references tenants (id);
"""


@pytest.fixture(scope="module")
def clean(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    return run_ddl("postgres", DDL, tmp_path_factory.mktemp("parts"), pg_server, rows=200)


def _day(day: str) -> object:
    return lambda row: row["at"].startswith(day)


def test_a_row_no_partition_takes(
    clean: PipelineRun, pg_server: PostgresServer, tmp_path: Path
) -> None:
    data = corrupt(clean, tmp_path, "public.events", "at", "2023-06-01 10:00:00+00")
    assert violations(clean, data) == [("check", "public.events", "events_partition_bounds", 1)]
    error = load_error(clean, data, DDL, tmp_path, pg_server)
    assert 'no partition of relation "events" found for row' in error.message


def test_a_foreign_key_declared_on_one_partition(
    clean: PipelineRun, pg_server: PostgresServer, tmp_path: Path
) -> None:
    data = corrupt(clean, tmp_path, "public.events", "tenant_id", "987654", _day("2024-01-01"))
    assert violations(clean, data) == [("foreign_key", "public.events", "events_d1_tenant_fk", 1)]
    error = load_error(clean, data, DDL, tmp_path, pg_server)
    assert getattr(error, "constraint", None) == "events_d1_tenant_fk"


def test_the_foreign_key_does_not_bind_another_partition(
    clean: PipelineRun, pg_server: PostgresServer, tmp_path: Path
) -> None:
    data = corrupt(clean, tmp_path, "public.events", "tenant_id", "987654", _day("2024-01-02"))
    assert violations(clean, data) == []
    loads(clean, data, DDL, tmp_path, pg_server)


UNIQUE_DDL = """
create table artist (id serial primary key, name text not null);
create table release_group (id serial primary key, name text not null);
create table artist_release_group (
    is_track_artist boolean not null,
    artist integer not null references artist,
    release_group integer not null references release_group
) partition by list (is_track_artist);
create table arg_track partition of artist_release_group for values in (true);
create table arg_nontrack partition of artist_release_group for values in (false);
create unique index arg_track_uniq on arg_track (release_group, artist);
create unique index arg_nontrack_uniq on arg_nontrack (release_group, artist);
"""


def test_a_unique_index_declared_on_one_partition(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    run = run_ddl("postgres", UNIQUE_DDL, tmp_path / "clean", pg_server, rows=120)
    data = tmp_path / "dup"
    shutil.copytree(run.data, data)
    path = data / "public.artist_release_group.csv"
    header, rows = read_cells(path)
    col = {name: i for i, name in enumerate(header)}
    track = [i for i, r in enumerate(rows) if r[col["is_track_artist"]] == "true"]
    first, second = track[0], track[1]
    for name in ("artist", "release_group"):  # the second track row repeats the first one's key
        set_cell(path, second, name, rows[first][col[name]])
    _reseal(data, path)
    assert violations(run, data) == [("unique", "public.artist_release_group", "arg_track_uniq", 1)]
    error = load_error(run, data, UNIQUE_DDL, tmp_path, pg_server)
    assert getattr(error, "constraint", None) == "arg_track_uniq"
