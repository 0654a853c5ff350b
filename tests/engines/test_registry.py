"""The engine table: every engine declares the whole protocol, and lookups find the right one."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
import sqlglot

from datalchemy.contracts.common import EngineName
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.db.urls import parse_connection
from datalchemy.engines import (
    ENGINES,
    ODBC,
    POSTGRES,
    SQLITE,
    Capabilities,
    Engine,
    check_dialect,
    engine_for,
    engine_for_schema,
    engine_for_url,
    get_engine,
)
from datalchemy.engines.odbc_drivers import DRIVER_PROFILES, profile_for
from datalchemy.errors import ConnectionFailed, UsageError

ALL = list(ENGINES.values())
CAPABILITY_TYPES = {
    "schemas": bool,
    "copy_csv": bool,
    "single_writer": bool,
    "deferrable_constraints": bool,
    "not_null_fk_cycles": bool,
    "sequences": bool,
    "drop_secondary": bool,
    "check_constraints": bool,
    "max_identifier_length": (int, type(None)),
}


def test_the_table_holds_exactly_the_contract_engine_names() -> None:
    assert set(ENGINES) == set(get_args(EngineName))
    assert [e.name for e in ALL] == list(ENGINES)
    assert (ENGINES["postgres"], ENGINES["sqlite"], ENGINES["odbc"]) == (POSTGRES, SQLITE, ODBC)


@pytest.mark.parametrize("engine", ALL, ids=lambda e: e.name)
def test_every_engine_declares_every_member(engine: Engine) -> None:
    assert not inspect.isabstract(type(engine))
    assert engine.label and engine.url_hint
    assert engine.url_prefixes and all(p == p.lower() for p in engine.url_prefixes)
    assert len(engine.identifier_quote) == 1
    if engine.dialect is not None:  # a real sqlglot dialect
        assert sqlglot.Dialect.get_or_raise(engine.dialect) is not None
    errors = engine.driver_errors()
    assert errors and all(issubclass(e, BaseException) for e in errors)


def test_capabilities_have_exactly_the_documented_fields() -> None:
    fields = {f.name: f for f in dataclasses.fields(Capabilities)}
    assert set(fields) == set(CAPABILITY_TYPES)
    # No defaults: an engine that forgets one fails when its module is imported.
    assert all(f.default is dataclasses.MISSING for f in fields.values())


@pytest.mark.parametrize(
    "capabilities",
    [e.capabilities for e in ALL] + [p.capabilities for p in DRIVER_PROFILES.values()],
    ids=[e.name for e in ALL] + [f"odbc-{name}" for name in DRIVER_PROFILES],
)
def test_every_engine_and_driver_family_declares_every_capability(
    capabilities: Capabilities,
) -> None:
    for name, kind in CAPABILITY_TYPES.items():
        assert isinstance(getattr(capabilities, name), kind), name


def test_driver_families_name_real_dialects_and_differ_where_they_should() -> None:
    for profile in DRIVER_PROFILES.values():
        if profile.dialect is not None:
            assert sqlglot.Dialect.get_or_raise(profile.dialect) is not None
    assert DRIVER_PROFILES["postgresql"].dialect == POSTGRES.dialect
    assert DRIVER_PROFILES["sqlite"].dialect == SQLITE.dialect
    assert DRIVER_PROFILES["sqlite"].capabilities.single_writer
    assert not DRIVER_PROFILES["sqlite"].capabilities.schemas
    assert DRIVER_PROFILES["postgresql"].sequence_sql is not None
    assert DRIVER_PROFILES["generic"].sequence_sql is None
    assert profile_for("psqlodbcw.so") is DRIVER_PROFILES["postgresql"]
    assert profile_for("libsqlite3odbc.so") is DRIVER_PROFILES["sqlite"]
    assert profile_for("", None, "SQLite") is DRIVER_PROFILES["sqlite"]
    assert profile_for("Oracle 19") is DRIVER_PROFILES["generic"]


@pytest.mark.parametrize(
    ("conn", "engine"),
    [
        ("postgresql://u:p@h:5432/db", "postgres"),
        ("POSTGRES://h/db", "postgres"),
        ("sqlite:///abs/x.db", "sqlite"),
        ("sqlite://relative.db", "sqlite"),
        ("sqlite:///:memory:", "sqlite"),
        ("cars.sqlite3", "sqlite"),
        ("/tmp/a=b.db", "sqlite"),
        ("odbc://MyDsn?uid=u&pwd=p", "odbc"),
        ("odbc://Driver={SQLite3};Database=/tmp/x.db", "odbc"),
        ("Driver={SQLite3};Database=/tmp/x.db", "odbc"),  # ends in .db, still ODBC
        ("  dsn = prod", "odbc"),
        ("FileDSN=/etc/x.dsn", "odbc"),
    ],
)
def test_connection_string_forms_select_their_engine(conn: str, engine: str) -> None:
    found = engine_for_url(conn.strip())
    assert found is not None and found.name == engine
    info = parse_connection(conn)
    assert info.engine == engine and engine_for(info) is ENGINES[engine]


@pytest.mark.parametrize("conn", ["mysql://u@h/db", "http://x", "plain words", "x.csv"])
def test_unknown_forms_have_no_engine_and_the_hint_lists_every_form(conn: str) -> None:
    assert engine_for_url(conn) is None
    with pytest.raises(UsageError) as err:
        parse_connection(conn)
    assert err.value.code == "unsupported_connection"
    assert all(e.url_hint in (err.value.hint or "") for e in ALL)


def test_get_engine_by_name_or_object_and_unknown_names() -> None:
    assert get_engine("sqlite") is SQLITE
    assert get_engine(ODBC) is ODBC
    with pytest.raises(UsageError) as err:
        get_engine("mysql")
    assert err.value.code == "unknown_engine" and "postgres" in (err.value.hint or "")


def test_require_keeps_the_caller_s_error_class_and_code() -> None:
    info = parse_connection("sqlite:///x.db")
    SQLITE.require(info)
    with pytest.raises(ConnectionFailed) as failed:
        POSTGRES.require(info, purpose="psycopg", error=ConnectionFailed)
    assert failed.value.code == "wrong_engine"
    assert failed.value.message == "psycopg needs a PostgreSQL connection, got sqlite"
    with pytest.raises(UsageError) as usage:
        _ = info.odbc_string
    assert usage.value.code == "not_odbc"
    with pytest.raises(UsageError) as usage:
        _ = parse_connection("odbc://dsn").sqlite_path
    assert usage.value.code == "not_sqlite"


def test_check_dialect_native_and_odbc_sources() -> None:
    assert check_dialect(DatabaseSchema(engine="postgres")) == "postgres"
    assert check_dialect(DatabaseSchema(engine="sqlite")) == "sqlite"
    assert check_dialect(DatabaseSchema(engine="odbc", source_dialect="sqlite")) == "sqlite"
    # An unknown ODBC source is read as before: PostgreSQL, the most ANSI-like dialect.
    assert check_dialect(DatabaseSchema(engine="odbc")) == "postgres"
    assert engine_for_schema(DatabaseSchema(engine="odbc")) is ODBC


def test_odbc_capabilities_follow_the_driver_family() -> None:
    lite = parse_connection("Driver={SQLite3};Database=/tmp/x.db")
    pg = parse_connection("Driver={PostgreSQL Unicode};Server=h;Database=d")
    other = parse_connection("DSN=warehouse")
    assert ODBC.capabilities_for(lite).single_writer
    assert ODBC.capabilities_for(pg).sequences and not ODBC.capabilities_for(pg).copy_csv
    assert ODBC.capabilities_for(other) == ODBC.capabilities
    assert SQLITE.capabilities_for(parse_connection("x.db")) is SQLITE.capabilities


def test_source_dialect_is_written_only_when_known() -> None:
    native = DatabaseSchema(engine="sqlite").with_fingerprint()
    assert "source_dialect" not in native.to_json()
    odbc = DatabaseSchema(engine="odbc", source_dialect="sqlite").with_fingerprint()
    assert '"source_dialect": "sqlite"' in odbc.to_json()
    assert DatabaseSchema.model_validate_json(odbc.to_json()) == odbc
    # Like the server version, the source dialect is not part of the structure's fingerprint.
    assert odbc.fingerprint == DatabaseSchema(engine="odbc").compute_fingerprint()


def test_importing_datalchemy_and_the_engines_loads_no_driver() -> None:
    code = (
        "import sys, datalchemy, datalchemy.engines, datalchemy.db.urls\n"
        "heavy = ('psycopg', 'psycopg_pool', 'pyodbc', 'arrow_odbc', 'sqlglot', 'duckdb')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("conn", "database"),
    [
        ("sqlite:///cars.db", "cars.db"),  # SQLAlchemy: three slashes, a relative path
        ("sqlite:///data/cars.db?mode=ro", "data/cars.db"),
        ("sqlite:////srv/data/cars.db", "/srv/data/cars.db"),  # four: an absolute path
        ("sqlite:///:memory:", ":memory:"),
        ("sqlite://cars.db", "cars.db"),  # the original tool's form
        ("cars.sqlite3", "cars.sqlite3"),
    ],
)
def test_sqlite_urls_read_as_sqlalchemy_reads_them(conn: str, database: str) -> None:
    assert parse_connection(conn).database == database


def test_the_other_reading_of_a_sqlite_url_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = tmp_path / "abs.db"
    absolute.touch()
    monkeypatch.chdir(tmp_path)
    relative = absolute.relative_to("/")  # exists only as an absolute path from here
    with pytest.raises(UsageError) as err:
        parse_connection(f"sqlite:///{relative}")
    assert err.value.code == "sqlite_path_ambiguous"
    assert f"sqlite:////{relative}" in (err.value.hint or "")
    assert parse_connection(f"sqlite:////{relative}").database == str(absolute)
