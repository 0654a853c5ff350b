"""The whole guided flow on the SQLite car-rental fixture, driven with Textual's Pilot.

One app session covers the pipeline and the screens around it (each session runs the wizard and
the pipeline again, which costs seconds), a second one cancels a generation with Esc.
"""

from __future__ import annotations

import csv
import sqlite3
import threading
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from datalchemy.cli import app as cli_app
from datalchemy.tui.app import _Control
from datalchemy.tui.screens.plan import EditColumnScreen, PlanScreen
from datalchemy.tui.screens.preview import PreviewScreen

from .pilot import Driver, manifest, run_app


def _only(folder: Path) -> Path:
    children = [p for p in folder.iterdir() if p.is_dir()]
    assert len(children) == 1, children
    return children[0]


async def _palette(d: Driver, ws: Path) -> None:
    """Prefix filter, Up/Down + Tab completion, sub-palettes of real IDs and setting values."""
    palette = d.app.palette
    await d.type("/pl", keys=True)
    assert palette.display
    assert palette.completions[:4] == ["/plan new", "/plan show", "/plan edit", "/plan validate"]
    assert "/plans list" in palette.completions and "/generate" not in palette.completions
    await d.pilot.press("down", "tab")
    assert d.app.command_input.value == "/plan show "
    await d.pilot.press("ctrl+u")
    run_id = _only(ws / "runs").name
    await d.type("/runs set ")
    assert f"/runs set {run_id}" in palette.completions
    await d.pilot.press("ctrl+u")
    await d.type("/settings set mode ")
    modes = ("readonly_csv", "insert", "explore")
    assert palette.completions[1:] == [f"/settings set mode {m}" for m in modes]
    await d.pilot.press("escape")  # clears the input and hides the palette
    assert d.app.command_input.value == "" and not palette.display


async def _plan_screen(d: Driver) -> None:
    """The plan screen explains every column; Enter edits one in place (after a y/n)."""
    await d.run("/plan show", approve=None)
    screen = d.app.screen
    assert isinstance(screen, PlanScreen)
    table = screen.query_one("DataTable")
    assert table.row_count > 50
    index = screen.keys.index(("main", "clientes", "email"))
    assert str(table.get_row_at(index)[4]).startswith("name_heuristic: ")  # why, from notes.json
    table.move_cursor(row=index)
    await d.pilot.press("enter")
    await d.pilot.pause()
    dialog = d.app.screen
    assert isinstance(dialog, EditColumnScreen)
    dialog.query_one("#generator").value = "semantic.person.email"
    dialog.query_one("#params").value = ""  # the old generator's params do not fit the new one
    dialog.query_one("#null-rate").value = "0"
    await d.pilot.click("#save")
    await d.pilot.pause()
    await d.pilot.press("y")  # ask_each_time: the write is confirmed
    await d.settle()
    assert d.app.screen is screen
    assert str(table.get_row_at(index)[3]) == "semantic.person.email"
    assert str(table.get_row_at(index)[4]).startswith("rule: ")  # edited: the plan's own rule
    await d.pilot.press("escape")


async def _preview(d: Driver) -> None:
    """/out preview: the files as DataTables, read with a real CSV reader."""
    await d.run("/out preview", approve=None)
    screen = d.app.screen
    assert isinstance(screen, PreviewScreen)
    table = screen.query_one("#rows")
    with screen.files[0].open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert [str(c.label) for c in table.columns.values()] == rows[0]
    assert table.row_count == len(rows) - 1
    await d.pilot.press("down")
    await d.pilot.pause()
    assert screen.files[1].name in str(screen.query_one("#preview-title").render())
    await d.pilot.press("escape")


def test_full_flow_on_sqlite(tmp_path: Path, car_rental: Path, monkeypatch) -> None:
    ws = tmp_path / "ws"
    opened: list[str] = []
    editor = tmp_path / "editor.sh"  # /plan edit runs $EDITOR on plan.json
    editor.write_text('#!/bin/sh\nsed -i \'s/"seed": 42/"seed": 7/\' "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)

    async def scenario(d: Driver) -> None:
        d.app.opener = opened.append
        await d.wizard("local", f"sqlite:///{car_rental}")
        assert "Setup complete" in d.log_text()
        await d.run("/introspect", approve=False)
        assert "approval denied." in d.log_text() and not list((ws / "runs").iterdir())
        await d.run("/introspect")
        await _palette(d, ws)
        await d.run("/plan new --rows 12")
        await _plan_screen(d)
        await d.run("/plan edit")
        await d.run("/plan validate", approve=None)
        await d.run("/generate")
        await _preview(d)
        await d.run("/eval")
        await d.run("/eval open", approve=None)
        await d.run("/load", approve=None)  # refused: readonly_csv mode
        await d.run("/settings set mode insert")
        await d.run("/load")
        for line in ("/status", "/runs list", "/plans list", "/out list", "/help", "/doctor"):
            await d.run(line, approve=None)

    log = run_app(ws, scenario).log
    assert "plan created: 20 tables" in log and "plan validation ok." in log
    assert "error readonly_mode" in log and "counts verified" in log
    assert "doctor: no issues found." in log
    assert log.count("error ") == 1, log

    run = _only(ws / "runs")
    names = {p.name for p in run.iterdir()}
    assert {
        "schema.json",
        "metrics.json",
        "config.json",
        "logs.ndjson",
        "run_manifest.json",
        "config.redacted.json",
    } <= names
    rm = manifest(run, "run_manifest.json")
    assert rm["status"] == "OK" and rm["run_id"] == run.name and rm["db_profile"] == "local"
    assert rm["artifact_version"] == "0.1" and rm["finished_at"] and rm["schema_fingerprint"]

    plan = _only(ws / "plans")
    pm = manifest(plan, "plan.meta.json")
    assert pm["status"] == "OK" and pm["schema_run_id"] == run.name
    assert "edited_at" in pm["summary"]
    plan_text = (plan / "plan.json").read_text()
    assert '"seed": 7' in plan_text and "semantic.person.email" in plan_text

    out = _only(ws / "out")
    om = manifest(out, "out_manifest.json")
    assert om["status"] == "OK" and (om["plan_id"], om["schema_run_id"]) == (plan.name, run.name)
    assert om["seed"] == 7 and len(list(out.glob("*.csv"))) == 20
    assert manifest(out, "generation_report.json")["status"] == "ok"

    ev = _only(ws / "eval")
    em = manifest(ev, "eval_manifest.json")
    assert (
        em["status"] == "OK" and em["out_id"] == out.name and "foreign_key" in em["checks_enabled"]
    )
    assert manifest(ev, "metrics.json")["violations_total"] == 0
    assert {"report.html", "report.md", "evaluation_report.json"} <= {p.name for p in ev.iterdir()}
    assert opened == [(ev / "report.html").resolve().as_uri()]

    load = _only(ws / "loads")
    lm = manifest(load, "load_manifest.json")
    assert lm["status"] == "OK" and lm["out_id"] == out.name and lm["target_profile"] == "local"
    assert manifest(load, "load_report.json")["counts_verified"] is True
    with sqlite3.connect(car_rental) as db:
        assert db.execute("select count(*) from clientes").fetchone()[0] > 0

    settings = tomllib.loads((ws / "config" / "settings.toml").read_text())
    assert settings["mode"] == "insert"
    assert settings["active"] == {
        "run": run.name,
        "plan": plan.name,
        "out": out.name,
        "eval": ev.name,
    }
    profiles = tomllib.loads((ws / "config" / "profiles.toml").read_text())
    assert profiles["active"] == "local"
    assert profiles["profiles"]["local"]["schemas"] == ["main"]
    cli_log = (ws / "logs" / "cli.log").read_text()
    assert "► /generate" in cli_log and "plan created" in cli_log

    # The CLI reads what the TUI wrote.
    runner = CliRunner()
    schema = str(run / "schema.json")
    checked = runner.invoke(
        cli_app, ["plan", "validate", str(plan / "plan.json"), "--schema", schema]
    )
    assert checked.exit_code == 0, checked.output
    evaluated = runner.invoke(
        cli_app,
        ["evaluate", "--schema", schema, "--data", str(out), "--out", str(tmp_path / "cli-eval")],
    )
    assert evaluated.exit_code == 0, evaluated.output


def test_generate_and_load_cancelled_with_esc(
    tmp_path: Path, car_rental: Path, monkeypatch
) -> None:
    ws = tmp_path / "ws"
    holding, held = threading.Event(), threading.Event()
    real = _Control.progress

    def held_progress(self: _Control, table: str, done: int, total: int) -> None:
        real(self, table, done, total)
        if holding.is_set():
            held.set()
            self.event.wait(10)  # the task holds here until Esc is pressed

    monkeypatch.setattr(_Control, "progress", held_progress)

    async def hold_then_escape(d: Driver, line: str) -> None:
        held.clear()
        holding.set()
        await d.type(line)
        await d.pilot.press("enter")
        for _ in range(200):
            if held.is_set():
                break
            await d.pilot.pause(0.05)
        assert d.app.progress_panel.display and d.app.progress_panel.bars
        await d.type("/introspect")  # refused while a task runs
        await d.pilot.press("enter")
        await d.pilot.pause()
        await d.pilot.press("ctrl+u", "escape")
        await d.settle()
        holding.clear()
        assert not d.app.progress_panel.display

    async def scenario(d: Driver) -> None:
        await d.wizard("local", f"sqlite:///{car_rental}")
        await d.run("/settings set approval_policy always_allow")
        for line in ("/introspect", "/plan new --rows 10", "/generate --out-id done",
                     "/settings set mode insert"):  # fmt: skip
            await d.run(line, approve=None)
        await hold_then_escape(d, "/generate --out-id stopped")
        await hold_then_escape(d, "/load done")
        await d.run("/eval stopped", approve=None)

    log = run_app(ws, scenario).log
    assert log.count("error task_running") == 2
    assert log.count("cancelled: ") == 2 and "error out_not_ok" in log
    stopped = ws / "out" / "stopped"
    om = manifest(stopped, "out_manifest.json")
    assert om["status"] == "CANCELLED" and om["error"]["code"] == "interrupted"
    assert not list(stopped.glob("*.csv")), "a cancelled output must not look complete"
    partial = ws / om["stage_dir"]
    assert partial.name.endswith(".partial") and partial.parent == stopped
    assert manifest(partial, "generation_report.json")["status"] == "interrupted"
    assert not (ws / "eval").exists() or not list((ws / "eval").iterdir())
    load = _only(ws / "loads")
    lm = manifest(load, "load_manifest.json")
    assert lm["status"] == "CANCELLED" and lm["out_id"] == "done"
    report = manifest(ws / lm["stage_dir"], "load_report.json")
    assert report["status"] == "interrupted" and report["target_unchanged"] is True
    with sqlite3.connect(car_rental) as db:  # rolled back: the target is as it was
        assert db.execute("select count(*) from clientes").fetchone()[0] == 0


def test_explore_mode_writes_nothing(tmp_path: Path, car_rental: Path) -> None:
    ws = tmp_path / "ws"

    async def scenario(d: Driver) -> None:
        await d.wizard("local", f"sqlite:///{car_rental}")
        await d.run("/settings set approval_policy always_allow")
        await d.run("/settings set mode explore", approve=None)
        await d.run("/introspect", approve=None)
        await d.run("/settings set mode readonly_csv", approve=None)  # settings stay writable

    log = run_app(ws, scenario).log
    assert "error explore_mode" in log and "mode = readonly_csv" in log
    assert not list((ws / "runs").iterdir())
