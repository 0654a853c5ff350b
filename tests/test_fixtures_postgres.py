"""`datalchemy fixtures create crm` builds the CRM schema in a real PostgreSQL."""

from __future__ import annotations

import json

import psycopg
from typer.testing import CliRunner

from datalchemy.cli import app


def _count(conn: psycopg.Connection, sql: str) -> int:  # type: ignore[type-arg]
    row = conn.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_crm_fixture_builds_schema_and_seed_data(pg_url: str, pg_conn: psycopg.Connection) -> None:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["fixtures", "create", "crm", "--conn", pg_url, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["tables"] == 20
    assert "***" in payload["connection"]
    ns = "(select oid from pg_namespace where nspname = 'crm')"
    assert (
        _count(
            pg_conn, f"select count(*) from pg_class where relnamespace = {ns} and relkind = 'r'"
        )
        == 20
    )
    for contype, expected in (("p", 20), ("f", 27), ("u", 17), ("c", 29)):
        assert (
            _count(
                pg_conn,
                "select count(*) from pg_constraint "
                f"where connamespace = {ns} and contype = '{contype}'",
            )
            == expected
        ), contype
    assert (
        _count(pg_conn, f"select count(*) from pg_type where typnamespace = {ns} and typtype = 'e'")
        == 6
    )
    assert _count(pg_conn, "select count(*) from crm.etapas_funil") == 3
    assert _count(pg_conn, "select count(*) from crm.atividades") == 3
    # Re-creating is idempotent: the schema is dropped and built again.
    again = CliRunner().invoke(
        app, ["fixtures", "create", "crm", "--conn", pg_url, "--no-data", "--json"]
    )
    assert again.exit_code == 0, again.output
    assert _count(pg_conn, "select count(*) from crm.atividades") == 0


def test_crm_fixture_failure_is_all_or_nothing(pg_url: str, pg_conn: psycopg.Connection) -> None:  # type: ignore[type-arg]
    # A crm schema with data the user cares about exists already.
    pg_conn.execute(
        "create schema crm; create table crm.keep(x int); insert into crm.keep values (7)"
    )
    # The last table of the fixture is refused by an event trigger, after 19 tables were built.
    pg_conn.execute(
        """create function refuse_anotacoes() returns event_trigger language plpgsql as $$
        begin
          if exists (select 1 from pg_event_trigger_ddl_commands()
                     where object_identity = 'crm.anotacoes') then
            raise exception 'anotacoes refused by policy';
          end if;
        end $$"""
    )
    pg_conn.execute(
        "create event trigger refuse on ddl_command_end execute function refuse_anotacoes()"
    )
    try:
        failed = CliRunner().invoke(app, ["fixtures", "create", "crm", "--conn", pg_url, "--json"])
        assert failed.exit_code == 6, failed.output
        error = json.loads(failed.stdout)["error"]
        assert error["code"] == "sql_error"
        assert "anotacoes refused by policy" in error["message"]
        assert "table_020_anotacoes.sql" in error["message"]
        # Nothing half-built, nothing lost: the old schema is intact, no fixture table exists.
        assert _count(pg_conn, "select x from crm.keep") == 7
        assert _count(pg_conn, "select count(*) from pg_tables where schemaname = 'crm'") == 1
    finally:
        pg_conn.execute("drop event trigger refuse")
