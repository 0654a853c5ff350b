"""`datalchemy load` on the command line: JSON results, dry run, exit codes, no secrets."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from datalchemy.cli import app
from support.datasets import CarRental, Crm

runner = CliRunner()


def _schema_file(schema: object, tmp_path: Path) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(schema.model_dump_json(by_alias=True))  # type: ignore[attr-defined]
    return path


def test_dry_run_then_load_then_conflict(car_rental: CarRental, tmp_path: Path) -> None:
    schema = _schema_file(car_rental.schema, tmp_path)
    db = car_rental.target()
    base = ["load", "--data", str(car_rental.data), "--schema", str(schema)]
    base += ["--conn", f"sqlite:///{db}"]
    dry = runner.invoke(app, [*base, "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    work = json.loads(dry.stdout)["work"]
    assert work["transaction"] == "all" and work["strategy"] == "executemany"
    assert [s["order"] for s in work["steps"]] == list(range(1, len(work["steps"]) + 1))
    human_dry = runner.invoke(app, [*base, "--dry-run"])
    assert "nothing was changed" in human_dry.output
    done = runner.invoke(app, [*base, "--json"])
    assert done.exit_code == 0, done.output
    payload = json.loads(done.stdout)
    assert payload["counts_verified"] is True and payload["rows"] > 0
    assert Path(payload["report"]).is_file()
    clash = runner.invoke(app, base)
    assert clash.exit_code == 6
    assert "append_collision" in clash.output and "load_report.json" in clash.output
    assert "Traceback" not in clash.output
    for extra, code in (
        (["--workers", "2", "--transaction", "all"], "workers_need_table_scope"),
        (["--workers", "2", "--transaction", "table"], "sqlite_single_writer"),
        (["--mode", "recreate", "--transaction", "table"], "recreate_needs_one_transaction"),
        (["--resume", "--transaction", "all"], "resume_needs_table_scope"),
    ):
        bad = runner.invoke(app, [*base, *extra, "--json"])
        assert bad.exit_code == 2, extra
        assert json.loads(bad.stdout)["error"]["code"] == code


def test_wrong_password_exit_5_without_the_secret(crm: Crm, tmp_path: Path) -> None:
    schema = _schema_file(crm.schema, tmp_path)
    url = crm.target().replace(crm.server.password, "Sup3rS3cret-xyz")
    args = ["load", "--data", str(crm.data), "--schema", str(schema), "--conn", url]
    for extra in ([], ["--json"]):
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 5
        assert "Sup3rS3cret-xyz" not in result.output
        assert "auth_failed" in result.output
