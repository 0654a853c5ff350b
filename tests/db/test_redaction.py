"""Secrets given on the command line, in DATABASE_URL or inside an ODBC string never reach
config.json, logs.ndjson, an error message, stdout/stderr or a report."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datalchemy.cli import app
from datalchemy.db.urls import parse_connection, redact_text
from support.pgserver import PostgresServer

SECRET = "Zq9-very-secret-Pw"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _everything_written(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("conn", "expected"),
    [
        (
            f"postgresql://ana:{SECRET}@db.local:5432/crm?sslmode=require",
            "postgresql://ana:***@db.local:5432/crm?sslmode=require",
        ),
        (
            f"postgres://ana@db.local/crm?password={SECRET}&application_name=x",
            "postgres://ana@db.local/crm?password=***&application_name=x",
        ),
        (
            f"postgresql://ana@h/crm?sslpassword={SECRET}&token={SECRET}2",
            "postgresql://ana@h/crm?sslpassword=***&token=***",
        ),
        (f"odbc://MyDsn?uid=bob&pwd={SECRET}", "odbc://MyDsn?uid=bob&pwd=***"),
        (
            f"Driver={{PostgreSQL Unicode}};Server=h;UID=bob;PWD={{{SECRET};x}};Database=d",
            "Driver={PostgreSQL Unicode};Server=h;UID=bob;PWD=***;Database=d",
        ),
        (
            f"odbc://Driver={{SQLite3}};Database=/x.db;api_key={SECRET}",
            "Driver={SQLite3};Database=/x.db;api_key=***",
        ),
    ],
)
def test_connection_strings_are_redacted(conn: str, expected: str) -> None:
    info = parse_connection(conn)
    assert info.redacted == expected
    assert SECRET not in repr(info)
    assert SECRET not in json.dumps(info.to_config())
    assert SECRET not in redact_text(f"driver said: bad password {SECRET} for {conn}")


def test_percent_encoded_password_is_masked_in_both_forms() -> None:
    info = parse_connection("postgresql://u:p%40ss%2Fw0rd!@h/db")
    assert info.redacted == "postgresql://u:***@h/db"
    assert redact_text("p@ss/w0rd! and p%40ss%2Fw0rd!") == "*** and ***"


def test_unparsed_text_with_secrets_is_masked() -> None:
    text = "connect mysql://root:hunter2@x/db failed; Password=abc123; token: t0k3n"
    masked = redact_text(text)
    for secret in ("hunter2", "abc123", "t0k3n"):
        assert secret not in masked


def _assert_clean(result_output: str, root: Path) -> None:
    assert SECRET not in result_output
    written = _everything_written(root)
    assert written, "the run folder should hold config.json and logs.ndjson"
    assert SECRET not in written


def test_secret_on_command_line_never_leaks(tmp_path: Path) -> None:
    port = _closed_port()
    conn = f"postgresql://ana:{SECRET}@127.0.0.1:{port}/crm?token={SECRET}"
    result = CliRunner().invoke(
        app, ["introspect", "--conn", conn, "--run-dir", str(tmp_path), "--json"]
    )
    assert result.exit_code == 5, result.output
    payload = json.loads(result.stdout)
    assert payload["status"] == "error"
    assert payload["error"]["code"] == "unreachable"
    _assert_clean(result.output, tmp_path)
    config = json.loads(next(tmp_path.rglob("config.json")).read_text())
    assert config["connection"]["redacted"].startswith("postgresql://ana:***@127.0.0.1")
    events = [
        json.loads(line) for line in next(tmp_path.rglob("logs.ndjson")).read_text().splitlines()
    ]
    assert events[-1]["event"] == "run_failed"


def test_secret_in_database_url_never_leaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"postgresql://ana:{SECRET}@127.0.0.1:{_closed_port()}/crm")
    result = CliRunner().invoke(app, ["introspect", "--run-dir", str(tmp_path)])
    assert result.exit_code == 5
    assert "unreachable" in result.output
    _assert_clean(result.output, tmp_path)


def test_secret_inside_odbc_string_never_leaks(tmp_path: Path) -> None:
    conn = f"Driver={{PostgreSQL Unicode}};Server=127.0.0.1;UID=bob;PWD={SECRET};Database=crm"
    result = CliRunner().invoke(
        app, ["introspect", "--conn", conn, "--run-dir", str(tmp_path), "--json"]
    )
    # ODBC introspection arrives with issue #8; the error and the artifacts stay clean meanwhile.
    assert result.exit_code != 0
    _assert_clean(result.output, tmp_path)


def test_wrong_password_against_real_server(pg_server: PostgresServer, tmp_path: Path) -> None:
    url = pg_server.url("postgres").replace(pg_server.password, SECRET)
    result = CliRunner().invoke(
        app, ["introspect", "--conn", url, "--run-dir", str(tmp_path), "--json"]
    )
    assert result.exit_code == 5
    payload = json.loads(result.stdout)
    assert payload["error"]["code"] == "auth_failed"
    assert "password" in payload["error"]["hint"]
    _assert_clean(result.output, tmp_path)


def test_debug_traceback_is_redacted_too(tmp_path: Path) -> None:
    conn = f"postgresql://ana:{SECRET}@127.0.0.1:{_closed_port()}/crm"
    result = CliRunner().invoke(
        app, ["--debug", "introspect", "--conn", conn, "--run-dir", str(tmp_path)]
    )
    assert result.exit_code == 5
    assert "Traceback" in result.output  # --debug shows it...
    assert SECRET not in result.output  # ...without the secret


def test_a_one_letter_password_does_not_mask_every_word() -> None:
    from datalchemy.db.urls import parse_connection, redact_text

    info = parse_connection("postgresql://ana:p@127.0.0.1:5432/db")
    assert info.redacted == "postgresql://ana:***@127.0.0.1:5432/db"
    assert redact_text("duplicate key violates items_pkey") == "duplicate key violates items_pkey"
    assert (
        redact_text("dsn postgresql://ana:p@h/db pwd=p") == "dsn postgresql://ana:***@h/db pwd=***"
    )
