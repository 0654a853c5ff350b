"""A password with ``@``, ``/``, ``#`` and ``?`` in it: the URL is parsed once, the driver gets
the parsed parts (so it connects where the redacted URL says), an unencoded one is refused with
a hint, and no artifact of a whole pipeline run holds the password or a piece of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

from datalchemy.db.urls import parse_connection
from datalchemy.errors import UsageError
from support.pgserver import PostgresServer

PASSWORD = "Zq9@Pw/se#cr3t?x:y"
#: Every piece the URL's special characters could cut the password into, and its encodings.
PIECES = [PASSWORD, quote(PASSWORD, safe=""), "Zq9@Pw", "Pw/se", "se#cr3t", "cr3t?x", "cr3t"]


@pytest.mark.parametrize(
    "conn",
    [
        f"postgresql://leaky:{PASSWORD}@127.0.0.1:5432/crm",
        "postgresql://u:p@ss@h/db",
        "postgresql://u:pa/ss@h/db",
        "postgresql://u:pa#ss@h/db",
        "postgresql://u:pa?ss@h/db",
    ],
)
def test_unencoded_specials_are_refused_without_showing_the_password(conn: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_connection(conn)
    assert caught.value.code == "ambiguous_connection_url"
    assert "%40" in (caught.value.hint or "") and "%2F" in (caught.value.hint or "")
    shown = str(caught.value.to_dict())
    assert not any(p in shown for p in ("Zq9", "cr3t", "p@ss", "pa/ss", "pa#ss", "pa?ss"))


def test_encoded_password_is_parsed_once_into_driver_parts() -> None:
    info = parse_connection(f"postgresql://leaky:{quote(PASSWORD, safe='')}@db:5433/crm?x=1")
    assert info.driver_params == {
        "host": "db", "port": "5433", "user": "leaky", "password": PASSWORD, "dbname": "crm",
        "x": "1",
    }  # fmt: skip
    assert info.redacted == "postgresql://leaky:***@db:5433/crm?x=1"
    assert info.host == "db" and info.port == 5433


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "datalchemy", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "200"}, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_no_artifact_of_a_pipeline_run_holds_the_password(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    admin = pg_server.url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE leaky LOGIN SUPERUSER PASSWORD {}").format(sql.Literal(PASSWORD))
        )
    source_db, copy_db = pg_server.create_database(), pg_server.create_database()
    try:
        base = f"postgresql://leaky:{quote(PASSWORD, safe='')}@{pg_server.host}:{pg_server.port}/"
        source = base + source_db.rsplit("/", 1)[1]
        target = base + copy_db.rsplit("/", 1)[1]
        outputs = [
            _run(["fixtures", "create", "crm", "--conn", source], tmp_path),
            _run(["introspect", "--conn", source, "--schema", "crm", "--out", "schema.json"],
                 tmp_path),
            _run(["plan", "suggest", "--schema", "schema.json", "--rows", "30", "--out",
                  "plan.json", "--base-date", date.today().isoformat()], tmp_path),
            _run(["generate", "--plan", "plan.json", "--schema", "schema.json", "--out", "out",
                  "--json"], tmp_path),
        ]  # fmt: skip
        data = json.loads(outputs[-1].stdout)["run_dir"]
        outputs += [
            _run(["evaluate", "--schema", "schema.json", "--plan", "plan.json", "--data", data],
                 tmp_path),
            _run(["load", "--data", data, "--schema", "schema.json", "--conn", target,
                  "--create-schema", "--json"], tmp_path),
            _run(["--debug", "load", "--data", data, "--schema", "schema.json", "--conn", target,
                  "--dry-run"], tmp_path),
        ]  # fmt: skip
        assert json.loads(outputs[-2].stdout)["counts_verified"] is True
    finally:
        for url in (source_db, copy_db):  # the role's objects live there
            pg_server.drop_database(url.rsplit("/", 1)[1])
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP ROLE leaky")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "load_report.json" for p in files)
    assert any(p.name == "config.json" for p in files)
    texts = [(str(p), p.read_bytes().decode("utf-8", "replace")) for p in files]
    texts += [("stdout/stderr", o.stdout + o.stderr) for o in outputs]
    for where, text in texts:
        for piece in PIECES:
            assert piece not in text, f"{piece!r} leaked into {where}"
