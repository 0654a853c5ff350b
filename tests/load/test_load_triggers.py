"""Loads into databases with triggers: a rejection names its trigger and row (``--triggers
enable``), and ``--triggers disable`` switches the user triggers off inside the load's
transaction and restores them (SQLite, PostgreSQL, SQLite through ODBC)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import DatalchemyError
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.load import run_load
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan
from support.datasets import TODAY, odbc_drivers_or_fail
from support.pgserver import PostgresServer

SQLITE_DDL = """
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, author INTEGER NOT NULL, title TEXT NOT NULL);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE book_stats (book INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
CREATE TRIGGER fkc_books_author BEFORE INSERT ON books BEGIN
    SELECT CASE WHEN (SELECT id FROM authors WHERE id = NEW.author) IS NULL
        THEN RAISE(ABORT, 'Foreign key violation: author not in authors') END;
END;
CREATE TRIGGER tags_not_blank BEFORE INSERT ON tags BEGIN
    SELECT RAISE(ABORT, 'Tag cannot be blank') WHERE TRIM(NEW.name) = '';
END;
CREATE TRIGGER tags_at_most_five BEFORE INSERT ON tags BEGIN
    SELECT RAISE(ABORT, 'at most five tags') WHERE (SELECT count(*) FROM tags) >= 5;
END;
CREATE TRIGGER books_stats AFTER INSERT ON books BEGIN
    INSERT INTO book_stats (book) VALUES (NEW.id);
END;
"""
ROWS = {"main.authors": 10, "main.books": 30, "main.tags": 12, "main.book_stats": 5}


def _generate(schema: DatabaseSchema, rows: dict[str, int], out: Path) -> Path:
    plan, _ = suggest_plan(schema, rows=rows, base_date=TODAY)
    return run_generation(resolve_plan(plan, schema), schema, out).path


def _report(data: Path) -> dict[str, Any]:
    """The newest load report of ``data`` (by time: run folders of one second sort at random)."""
    newest = max((data / "loads").glob("*/load_report.json"), key=lambda p: p.stat().st_mtime_ns)
    report: dict[str, Any] = json.loads(newest.read_text())
    return report


class SqliteCase:
    def __init__(self, root: Path, ddl: str = SQLITE_DDL, rows: dict[str, int] = ROWS) -> None:
        self.root, self.ddl = root, ddl
        root.mkdir(parents=True, exist_ok=True)
        self.schema = introspect(self.build("source")).schema
        self.data = _generate(self.schema, rows, root / "out")

    def build(self, name: str) -> str:
        path = self.root / f"{name}.db"
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        conn.executescript(self.ddl)
        conn.close()
        return f"sqlite:///{path}"

    def triggers(self, url: str) -> list[tuple[str, str]]:
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            rows = conn.execute("select name, sql from sqlite_master where type = 'trigger'")
            return sorted(rows.fetchall())
        finally:
            conn.close()


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> SqliteCase:
    return SqliteCase(tmp_path_factory.mktemp("lite"))


TAGS_DDL = """
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TRIGGER tags_at_most_five BEFORE INSERT ON tags BEGIN
    SELECT RAISE(ABORT, 'at most five tags') WHERE (SELECT count(*) FROM tags) >= 5;
END;
"""


def test_sqlite_rejection_names_the_trigger_and_the_row(tmp_path: Path) -> None:
    # The trigger that caps the tags at five rejects the sixth row.
    case = SqliteCase(tmp_path, TAGS_DDL, {"main.tags": 12})
    with pytest.raises(DatalchemyError) as info:
        run_load(case.data, case.schema, case.build("target"))
    err = info.value
    assert err.code == "trigger_rejected_row" and err.exit_code == 6
    assert "at most five tags (data row 6)" in err.message
    assert "trigger tags_at_most_five on main.tags (BEFORE INSERT)" in err.message
    assert err.hint is not None and "--triggers disable" in err.hint
    report = _report(case.data)
    assert report["failure"]["trigger"] == "main.tags.tags_at_most_five"
    assert report["failure"]["failing_row"] == 6
    assert report["target_unchanged"] is True


def test_sqlite_rows_a_trigger_wrote_collide_and_name_it(lite: SqliteCase) -> None:
    with pytest.raises(DatalchemyError) as info:
        run_load(lite.data, lite.schema, lite.build("collide"))
    assert info.value.code == "constraint_violation"
    failure = _report(lite.data)["failure"]
    assert failure["trigger"] == "main.books.books_stats"
    assert "trigger books_stats on main.books (AFTER INSERT)" in info.value.message


def test_sqlite_disable_switches_triggers_off_and_restores_them(lite: SqliteCase) -> None:
    url = lite.build("disable")
    before = lite.triggers(url)
    for transaction in ("all", "table"):
        mode = "truncate" if transaction == "table" else "append"
        run = run_load(lite.data, lite.schema, url, triggers="disable", transaction=transaction)
        report = run.report
        assert report.status == "ok" and report.counts_verified, (transaction, mode)
        assert report.triggers == "disable"
        assert report.triggers_disabled == [
            "main.books.books_stats",
            "main.books.fkc_books_author",
            "main.tags.tags_at_most_five",
            "main.tags.tags_not_blank",
        ]
        assert lite.triggers(url) == before  # the same CREATE text, back in place
        url = lite.build(f"disable_{transaction}")
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    with pytest.raises(sqlite3.IntegrityError, match="Tag cannot be blank"):
        conn.execute("insert into tags (id, name) values (1, '  ')")
    conn.close()


def test_sqlite_application_function_is_named(tmp_path: Path) -> None:
    ddl = """
    CREATE TABLE series (id INTEGER PRIMARY KEY, name TEXT NOT NULL, sort TEXT);
    CREATE TRIGGER series_insert_trg AFTER INSERT ON series BEGIN
        UPDATE series SET sort = title_sort(NEW.name) WHERE id = NEW.id;
    END;
    """
    case = SqliteCase(tmp_path, ddl, {"main.series": 5})
    with pytest.raises(DatalchemyError) as info:
        run_load(case.data, case.schema, case.build("target"))
    assert "series_insert_trg on main.series (AFTER INSERT) calls title_sort()" in str(info.value)
    assert _report(case.data)["failure"]["trigger"] == "main.series.series_insert_trg"
    report = run_load(case.data, case.schema, case.build("off"), triggers="disable").report
    assert report.status == "ok" and report.triggers_disabled == ["main.series.series_insert_trg"]


def test_bad_triggers_option(lite: SqliteCase) -> None:
    with pytest.raises(DatalchemyError) as info:
        run_load(lite.data, lite.schema, lite.build("bad"), triggers="off")
    assert info.value.code == "bad_triggers_mode"


def test_sqlite_odbc_disable(lite: SqliteCase) -> None:
    odbc_drivers_or_fail()
    url = lite.build("odbc")
    path = url.removeprefix("sqlite:///")
    report = run_load(
        lite.data, lite.schema, f"Driver={{SQLite3}};Database={path}", triggers="disable"
    ).report
    assert report.status == "ok" and len(report.triggers_disabled) == 4
    assert lite.triggers(url) == lite.triggers(lite.build("odbc_fresh"))


PG_DDL = """
create schema shop;
create table shop.customers (id int primary key, name text not null);
create table shop.orders (id int primary key, customer_id int not null, qty int not null);
create table shop.order_stats (order_id int primary key references shop.orders,
                               n int not null default 0);
create function shop.orders_fk() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from shop.customers c where c.id = new.customer_id) then
    raise exception 'customer % does not exist', new.customer_id;
  end if;
  return new;
end $$;
create trigger orders_fk before insert on shop.orders
  for each row execute function shop.orders_fk();
create function shop.orders_stats() returns trigger language plpgsql as $$
begin insert into shop.order_stats (order_id) values (new.id); return null; end $$;
create trigger orders_stats after insert on shop.orders
  for each row execute function shop.orders_stats();
create function shop.cap() returns trigger language plpgsql as $$
begin
  if (select count(*) from shop.customers) >= 5 then raise exception 'too many customers'; end if;
  return new;
end $$;
create trigger customers_cap before insert on shop.customers
  for each row execute function shop.cap();
alter table shop.customers enable always trigger customers_cap;
"""


class PgCase:
    def __init__(self, server: PostgresServer, root: Path, rows: dict[str, int]) -> None:
        self.server = server
        self.schema = introspect(self.build(), schemas=["shop"]).schema
        self.data = _generate(self.schema, rows, root)

    def build(self) -> str:
        url = self.server.create_database()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(PG_DDL)
        return url


def _states(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select tgname, tgenabled::text from pg_trigger where not tgisinternal order by 1"
        )
        return [(str(a), str(b)) for a, b in rows.fetchall()]


@pytest.fixture(scope="module")
def pg(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> PgCase:
    rows = {"shop.customers": 10, "shop.orders": 40, "shop.order_stats": 5}
    return PgCase(pg_server, tmp_path_factory.mktemp("pg"), rows)


def test_postgres_rejection_names_the_trigger_and_the_row(pg: PgCase) -> None:
    url = pg.build()
    with pytest.raises(DatalchemyError) as info:
        run_load(pg.data, pg.schema, url)
    err = info.value
    assert err.code == "trigger_rejected_row"
    assert "(data row 6) - raised by trigger customers_cap on shop.customers" in err.message
    failure = _report(pg.data)["failure"]
    assert (failure["trigger"], failure["failing_row"], failure["sqlstate"]) == (
        "shop.customers.customers_cap",
        6,
        "P0001",
    )
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from shop.customers").fetchone() == (0,)


def test_postgres_disable_switches_off_and_restores_each_state(pg: PgCase) -> None:
    url = pg.build()
    before = _states(url)
    assert ("customers_cap", "A") in before
    report = run_load(pg.data, pg.schema, url, triggers="disable").report
    assert report.status == "ok" and report.counts_verified
    assert report.triggers_disabled == [
        "shop.customers.customers_cap",
        "shop.orders.orders_fk",
        "shop.orders.orders_stats",
    ]
    assert _states(url) == before
    with psycopg.connect(url) as conn:  # the AFTER INSERT trigger did not add rows
        assert conn.execute("select count(*) from shop.order_stats").fetchone() == (5,)
    # Per-table transactions switch each table's triggers in its own transaction.
    again = run_load(
        pg.data, pg.schema, url, triggers="disable", transaction="table", mode="truncate"
    ).report
    assert again.status == "ok" and _states(url) == before


def test_postgres_collision_with_rows_a_trigger_wrote(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    url = pg_server.create_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(PG_DDL)
        conn.execute("alter table shop.customers disable trigger customers_cap")
    schema = introspect(url, schemas=["shop"]).schema
    data = _generate(
        schema, {"shop.customers": 4, "shop.orders": 10, "shop.order_stats": 5}, tmp_path
    )
    with pytest.raises(DatalchemyError) as info:
        run_load(data, schema, url)
    assert info.value.code == "constraint_violation"
    assert _report(data)["failure"]["trigger"] == "shop.orders.orders_stats"


def test_postgres_disable_needs_the_owner(pg: PgCase, pg_server: PostgresServer) -> None:
    url = pg.build()
    params = conninfo_to_dict(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("drop role if exists loader_no_owner")
        conn.execute("create role loader_no_owner login password 'pw'")
        conn.execute("grant usage on schema shop to loader_no_owner")
        conn.execute("grant all on all tables in schema shop to loader_no_owner")
    other = f"postgresql://loader_no_owner:pw@{params['host']}:{params['port']}/{params['dbname']}"
    with pytest.raises(DatalchemyError) as info:
        run_load(pg.data, pg.schema, other, triggers="disable")
    assert info.value.code == "triggers_disable_denied"
    assert info.value.hint is not None and "owner" in info.value.hint
    assert _report(pg.data)["target_unchanged"] is True
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("drop owned by loader_no_owner")
        conn.execute("drop role loader_no_owner")


def test_postgres_odbc_disable(pg: PgCase) -> None:
    odbc_drivers_or_fail()
    url = pg.build()
    parts = conninfo_to_dict(url)
    odbc = (
        "Driver={PostgreSQL Unicode};"
        f"Server={parts['host']};Port={parts['port']};Database={parts['dbname']};"
        f"UID={parts['user']};PWD={parts['password']}"
    )
    before = _states(url)
    report = run_load(pg.data, pg.schema, odbc, triggers="disable").report
    assert report.status == "ok" and len(report.triggers_disabled) == 3
    assert _states(url) == before


def test_generic_odbc_driver_refuses_to_disable_triggers() -> None:
    from datalchemy.engines.odbc_drivers import DRIVER_PROFILES
    from datalchemy.load.odbc import OdbcTarget

    # The refusal comes before any SQL: a target without a connection is enough to ask it.
    target = OdbcTarget.__new__(OdbcTarget)
    target._profile = DRIVER_PROFILES["generic"]
    with pytest.raises(DatalchemyError) as info:
        target.disable_triggers([])
    assert (info.value.code, info.value.exit_code) == ("triggers_disable_unsupported", 2)
    assert info.value.hint is not None and "--triggers enable" in info.value.hint


def test_cli_triggers_option(lite: SqliteCase, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from datalchemy.cli import app

    schema = tmp_path / "schema.json"
    schema.write_text(lite.schema.to_json())
    base = ["load", "--data", str(lite.data), "--schema", str(schema)]
    runner = CliRunner()
    dry = runner.invoke(app, [*base, "--conn", lite.build("cli"), "--dry-run", "--json"])
    assert dry.exit_code == 0 and json.loads(dry.stdout)["triggers"] == "enable"
    refused = runner.invoke(app, [*base, "--conn", lite.build("cli_on")])
    assert refused.exit_code == 6 and "--triggers disable" in refused.output
    done = runner.invoke(app, [*base, "--conn", lite.build("cli_off"), "--triggers", "disable"])
    assert done.exit_code == 0, done.output
    assert "triggers off during the load, restored" in done.output
    as_json = runner.invoke(
        app, [*base, "--conn", lite.build("cli_json"), "--triggers", "disable", "--json"]
    )
    assert json.loads(as_json.stdout)["triggers_disabled"][0] == "main.books.books_stats"
