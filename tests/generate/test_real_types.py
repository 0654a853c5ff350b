"""Column types of real schemas, each with its own small DDL, end to end into the database.

Every test runs the user's path (introspect, suggest, validate, generate, evaluate, load into a
fresh copy with every constraint on): a type without a generator, a value the database rejects
or a key column without a value space stops it. Types PostgreSQL compares with a b-tree are
also made UNIQUE, so their value spaces are exercised. Before these generators, each of these
types got a placeholder (or nothing) and the load, or ``plan suggest``, failed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import psycopg
import pytest

import datalchemy
from support.pgserver import PostgresServer, running_in_ci
from support.pipeline import run_ddl

BOTH = ["postgres", "sqlite"]
#: contrib extensions some types come from (Debian's postgresql-contrib ships them).
EXTENSIONS = ("hstore", "ltree", "citext", "cube")

#: Groups of types (one table each, one column per type, run in one pipeline). The flag says
#: whether PostgreSQL has a b-tree equality for the type, so the column is also UNIQUE.
GROUPS: dict[str, dict[str, bool]] = {
    "geometric": {
        "point": False, "line": False, "lseg": False, "box": False, "path": False,
        "polygon": False, "circle": False, "cube": True,
    },
    "ranges": {
        "int4range": True, "int8range": True, "numrange": True, "tsrange": True,
        "tstzrange": True, "daterange": True, "int4multirange": True,
    },
    "documents": {
        "tsvector": True, "tid": True, "hstore": True, "ltree": True, "citext": True,
        "xml": False, "json": False, "jsonb": True,
    },
    "scalars": {
        "money": True, "macaddr": True, "macaddr8": True, "inet": True, "cidr": True,
        "bit(12)": True, "bit varying(10)": True, "interval": True, "bytea": True,
        "real": True, "numeric(5,2)": True, "smallint": True, "char(6)": True,
        "varchar(4)": True, "time with time zone": True,
    },
    "arrays": {
        "inet[]": True, "point[]": False, "int4range[]": True, "interval[]": True,
        "varchar(5)[]": True, "smallint[]": True, "bit(3)[]": True, "macaddr[]": True,
    },
}  # fmt: skip


def _server(engine: str, request: pytest.FixtureRequest) -> PostgresServer | None:
    return request.getfixturevalue("pg_server") if engine == "postgres" else None


def _extensions_ddl(server: PostgresServer) -> str:
    """``create extension`` for the contrib types (missing ones fail in CI, skip elsewhere)."""
    with psycopg.connect(server.url()) as conn:
        rows = conn.execute(
            "select name from pg_available_extensions where name = any(%s)", [list(EXTENSIONS)]
        ).fetchall()
    missing = sorted(set(EXTENSIONS) - {r[0] for r in rows})
    if missing:
        message = f"contrib extensions are not installed: {', '.join(missing)}"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return "".join(f"create extension if not exists {e};\n" for e in EXTENSIONS)


@pytest.mark.parametrize("group", list(GROUPS))
def test_postgresql_types_load(group: str, tmp_path: Path, pg_server: PostgresServer) -> None:
    types = GROUPS[group]
    columns = []
    for i, (sql_type, unique) in enumerate(types.items()):
        columns.append(f"v{i} {sql_type} not null{' unique' if unique else ''}")
        columns.append(f"n{i} {sql_type}")
    ddl = _extensions_ddl(pg_server) + (
        f"create table t (id integer primary key, {', '.join(columns)});"
    )
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=120)
    assert run.counts["t"] == 120
    counts = run.rows("t", "select " + ", ".join(
        f"count(distinct v{i}::text)" for i in range(len(types))) + " from t")[0]  # fmt: skip
    for (sql_type, unique), distinct in zip(types.items(), counts, strict=True):
        assert distinct == 120 if unique else distinct > 1, sql_type  # never a constant


def test_real_columns_are_written_at_float4_precision(
    tmp_path: Path, pg_server: PostgresServer
) -> None:
    ddl = "create table m (id integer primary key, preco real not null, peso double precision);"
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=300)
    with (run.data / "public.m.csv").open(encoding="utf-8") as f:
        prices = [row["preco"] for row in csv.DictReader(f)]
    # float4 has 24 bits: its shortest text never needs more than 9 significant digits
    assert all(len(p.replace(".", "").replace("-", "").lstrip("0")) <= 9 for p in prices)


@pytest.mark.parametrize("engine", BOTH)
def test_an_enum_inside_a_composite_primary_key(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if engine == "postgres":  # openstreetmap: user_roles(user_id, role user_role_enum)
        role = "create type role as enum ('administrator', 'moderator', 'importer');\n"
        column = "role role not null"
    else:  # SQLite has no enums: a CHECK IN list is the same domain
        role = ""
        column = "role text not null check (role in ('administrator', 'moderator', 'importer'))"
    ddl = f"""{role}
    create table users (id integer primary key, display_name varchar(255) not null);
    create table user_roles (
        id integer not null,
        user_id integer not null references users,
        {column},
        primary key (user_id, role));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows={"user_roles": 150})
    assert run.counts["user_roles"] == 150


def test_an_enum_beside_a_uuid_fk_in_a_unique_key(
    tmp_path: Path, pg_server: PostgresServer
) -> None:
    # supabase auth: one_time_tokens(user_id, token_type) unique
    ddl = """
    create type token_type as enum ('confirmation_token', 'reauthentication_token',
        'recovery_token', 'email_change_token_new', 'email_change_token_current',
        'phone_change_token');
    create table users (id uuid primary key default gen_random_uuid(), email varchar(255));
    create table one_time_tokens (
        id uuid primary key,
        user_id uuid not null references users on delete cascade,
        token_type token_type not null,
        token_hash text not null,
        relates_to text not null,
        unique (user_id, token_type));
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows={"one_time_tokens": 200})
    assert run.counts["one_time_tokens"] == 200


@pytest.mark.parametrize("engine", BOTH)
def test_boolean_smallint_date_and_uuid_parts_of_one_key(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ddl = """
    create table daily_flags (
        active boolean not null,
        slot smallint not null,
        day date not null,
        ref uuid not null,
        note varchar(20),
        primary key (active, slot, day),
        unique (ref, active));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=400)
    assert run.counts["daily_flags"] == 400


@pytest.mark.parametrize("engine", BOTH)
def test_smallint_keys_and_sequences_stay_in_16_bits(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    serial = "smallserial" if engine == "postgres" else "integer"
    ddl = f"""
    create table slots (id {serial} primary key, a smallint not null, b smallint not null,
                        unique (a, b));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=500)
    (hi,) = run.rows("slots", "select max(abs(a)) + max(abs(b)) from slots")[0]
    assert hi <= 2 * 32_767


def test_an_integer_array_in_a_key(tmp_path: Path, pg_server: PostgresServer) -> None:
    # musicbrainz: cdtoc_raw(track_offset integer[] not null) inside a unique key
    ddl = """
    create table cdtoc_raw (
        id serial primary key,
        leadout_offset integer not null,
        track_count integer not null,
        track_offset integer[] not null,
        unique (track_offset, leadout_offset));
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=300)
    assert run.counts["cdtoc_raw"] == 300


@pytest.mark.parametrize("engine", BOTH)
def test_unique_bytes_and_bytes_in_a_composite_key(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    blob = "bytea" if engine == "postgres" else "blob"
    ddl = f"""
    create table api_tokens (
        id integer primary key,
        owner_id integer not null,
        token {blob} not null unique,
        credential_id {blob} not null,
        public_key {blob},
        unique (owner_id, credential_id));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=300)
    assert run.counts["api_tokens"] == 300  # not capped by a 3-value placeholder
    (distinct,) = run.rows("api_tokens", "select count(distinct public_key) from api_tokens")[0]
    assert distinct > 100  # never a constant


@pytest.mark.parametrize("engine", BOTH)
def test_text_of_composite_keys_reads_like_keys(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # hatchet: "InternalQueueItem"("tenantId", queue, "uniqueKey")
    ddl = """
    create table queue_item (
        id integer primary key,
        tenant_id integer not null,
        queue text not null,
        unique_key text not null,
        priority integer not null,
        unique (tenant_id, queue, unique_key));
    create table keyword (emoji varchar(16) not null, keyword varchar(24) not null,
                          primary key (emoji, keyword));
    """
    run = run_ddl(engine, ddl, tmp_path, _server(engine, request), rows=250)
    keys = run.rows("keyword", "select emoji, keyword from keyword")
    # words, not codes: mar-azul, mar-azul-2 (never COD-000123 or value_00001)
    words = re.compile(r"[a-z]+(-[a-z]+)?(-[1-9][0-9]*)?")
    assert all(words.fullmatch(e.strip()) and words.fullmatch(k) for e, k in keys), keys[:5]


def test_array_elements_keep_their_length_and_width(
    tmp_path: Path, pg_server: PostgresServer
) -> None:
    ddl = """
    create table tagged (id integer primary key, tags varchar(6)[] not null,
                         scores smallint[] not null, codes char(2)[]);
    """
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=200)
    (longest,) = run.rows("tagged", "select max(length(t)) from tagged, unnest(tags) t")[0]
    assert longest <= 6


#: column type -> (a value PostgreSQL rejects for it, the kind evaluate must report)
REJECTED: dict[str, tuple[str, str]] = {
    "varchar(5)[]": ("{abc,abcdefgh}", "length"),
    "smallint[]": ("{1,40000}", "type"),
    "int4[]": ("{1,2.5}", "type"),
    "char(3)": ("abcd", "length"),
    "numeric(5,2)": ("1234.5", "numeric_precision"),
    "smallint": ("40000", "type"),
    "real": ("1e39", "type"),
    "interval": ("ten minutes", "type"),
    "int4range": ("[5,1)", "type"),
    "daterange": ("[2024-02-30,2024-03-01)", "type"),
    "bit(4)": ("101", "length"),
    "bit varying(3)": ("1011", "length"),
    "inet": ("300.1.1.1", "type"),
    "macaddr": ("08:00:2b:01:02", "type"),
    "ltree": ("a b", "type"),
    "tid": ("(1)", "type"),
    "bytea": ("\\xzz", "type"),
    "money": ("lots", "type"),
}


def test_evaluate_rejects_what_postgresql_rejects(
    tmp_path: Path, pg_server: PostgresServer
) -> None:
    names = {t: f"c{i}" for i, t in enumerate(REJECTED)}
    columns = ", ".join(f"{n} {t}" for t, n in names.items())
    ddl = _extensions_ddl(pg_server) + f"create table t (id integer primary key, {columns});"
    run = run_ddl("postgres", ddl, tmp_path, pg_server, rows=20)
    with psycopg.connect(run.target, autocommit=True) as conn:
        for sql_type, (bad, _) in REJECTED.items():  # the database's verdict on each value
            conn.execute(f"create temp table probe (v {sql_type})")
            with pytest.raises(psycopg.Error):  # an assignment, as COPY does (not a cast)
                conn.execute("insert into probe values (%s)", [bad])
            conn.execute("drop table probe")
    path = run.data / "public.t.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for sql_type, (bad, _) in REJECTED.items():
        rows[0][names[sql_type]] = bad
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    metrics = datalchemy.evaluate(run.schema, run.plan, run.data).metrics
    found = {
        (c.kind, c.columns[0])
        for c in metrics.constraints
        if c.status == "violated" and c.table == "public.t" and c.columns
    }
    missed = [t for t, (_, kind) in REJECTED.items() if (kind, names[t]) not in found]
    assert not missed, (missed, sorted(found))
