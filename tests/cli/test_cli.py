"""The command line: help, --json everywhere, coded errors without tracebacks, the demo."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datalchemy.cli import app

runner = CliRunner()


def test_help_shows_the_pipeline() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in (
        "introspect",
        "plan",
        "generate",
        "evaluate",
        "load",
        "generators",
        "fixtures",
        "demo",
    ):
        assert command in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("datalchemy ")


def test_missing_connection_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = runner.invoke(app, ["introspect", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "connection_missing"


def test_unknown_connection_kind_is_a_usage_error() -> None:
    result = runner.invoke(app, ["introspect", "--conn", "mysql://root:pw@h/db"])
    assert result.exit_code == 2
    assert "unsupported_connection" in result.output
    assert "pw" not in result.output.replace("postgresql://user:pass", "")


def test_file_that_is_not_sqlite(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not a database, just text\n" * 200)
    result = runner.invoke(
        app, ["introspect", "--conn", f"sqlite:///{bogus}", "--run-dir", str(tmp_path / "runs")]
    )
    assert result.exit_code == 3
    assert "not_sqlite" in result.output
    assert "Traceback" not in result.output


def test_missing_sqlite_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "introspect",
            "--conn",
            f"sqlite:///{tmp_path}/nope.db",
            "--run-dir",
            str(tmp_path),
            "--json",
        ],
    )
    assert result.exit_code == 5
    assert json.loads(result.stdout)["error"]["code"] == "database_not_found"


def test_fixtures_list_json() -> None:
    result = runner.invoke(app, ["fixtures", "list", "--json"])
    assert result.exit_code == 0
    names = [f["name"] for f in json.loads(result.stdout)["fixtures"]]
    assert names == ["crm", "car-rental"]


def test_unknown_fixture() -> None:
    result = runner.invoke(
        app, ["fixtures", "create", "nope", "--conn", "sqlite:///x.db", "--json"]
    )
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "unknown_fixture"


def test_fixture_engine_mismatch(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["fixtures", "create", "crm", "--conn", f"sqlite:///{tmp_path}/x.db"]
    )
    assert result.exit_code == 2
    assert "fixture_engine_mismatch" in result.output


def test_car_rental_fixture_in_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "cars.db"
    result = runner.invoke(
        app, ["fixtures", "create", "car-rental", "--conn", f"sqlite:///{db}", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["tables"] == 20
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        fks = sum(
            len(conn.execute(f"PRAGMA foreign_key_list('{name}')").fetchall())
            for (name,) in conn.execute(
                "select name from sqlite_schema where type='table' and name not like 'sqlite_%'"
            )
        )
        assert fks == 18
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("insert into avaliacoes (id_contrato, nota) values (1, 9)")


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    stages = {s["name"]: s for s in payload["stages"]}
    assert stages["fixture"]["status"] == "ok"
    assert stages["introspect"]["status"] == "ok"
    assert stages["plan suggest"]["status"] == "ok"
    assert stages["generate"]["status"] == "ok"
    report = json.loads((Path(stages["generate"]["path"]) / "generation_report.json").read_text())
    assert report["status"] == "ok" and len(report["tables"]) == 20
    assert stages["evaluate"]["status"] == "ok"
    assert Path(stages["evaluate"]["path"]).is_file()  # report.html
    assert stages["load"]["status"] == "ok"
    with sqlite3.connect(out / "car_rental.db") as conn:
        loaded = sum(
            conn.execute(f'select count(*) from "{t["table"]}"').fetchone()[0]
            for t in report["tables"]
        )
    assert loaded == report["rows_written"]
    schema_path = Path(stages["introspect"]["path"])
    schema = json.loads(schema_path.read_text())
    assert schema["engine"] == "sqlite"
    assert len(schema["schemas"][0]["tables"]) == 20
    # Run twice: the demo starts from a fresh database and leaves one run folder.
    again = runner.invoke(app, ["demo", "--out", str(out), "--json"])
    assert again.exit_code == 0
    assert len(list((out / "runs").iterdir())) == 1
    human = runner.invoke(app, ["demo", "--out", str(out)])
    assert "results are under" in human.output


def test_demo_never_touches_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "keep.txt").write_text("mine")
    (tmp_path / "plan.json").write_text('{"mine": true}')
    result = runner.invoke(app, ["demo", "--out", str(tmp_path), "--json"])
    assert result.exit_code == 2, result.output
    assert json.loads(result.stdout)["error"]["code"] == "demo_out_not_empty"
    assert (tmp_path / "runs" / "keep.txt").read_text() == "mine"
    assert (tmp_path / "plan.json").read_text() == '{"mine": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "runs"]
