"""What the CLI says: user types in --help, brackets kept, hints that point the right way."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import datalchemy
from datalchemy.cli import app

runner = CliRunner()


def _commands(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "datalchemy")
def test_help_shows_user_types(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(list\[|str|int|bool|path|float|%Y)", result.output), result.output


def test_help_types_read_as_people_expect() -> None:
    out = runner.invoke(app, ["load", "--help"], env={"COLUMNS": "160"}).output
    assert "INTEGER" in out and "PATH" in out and "TEXT" in out
    assert "append|truncate|recreate" in out
    assert "N|TABLE=N" in runner.invoke(app, ["plan", "suggest", "--help"]).output
    assert "DATE" in runner.invoke(app, ["plan", "suggest", "--help"]).output


def test_brackets_in_help_texts_are_printed_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    out = runner.invoke(app, ["generate", "--help"]).output
    assert "Needs datalchemy[dask]." in out, out
    command = typer.main.get_command(app).commands["generate"]  # type: ignore[attr-defined]
    cluster = next(p for p in command.params if p.name == "cluster")
    assert cluster.help.endswith("Needs datalchemy[dask].")  # raw until help is shown
    for _ in range(2):  # shown twice from the same objects: escaped once, not twice
        shown = io.StringIO()
        with typer.Context(command, info_name="generate") as ctx, redirect_stdout(shown):
            command.format_help(ctx, ctx.make_formatter())
        assert "Needs datalchemy[dask]." in " ".join(shown.getvalue().split())


def test_brackets_in_catalog_text_are_printed() -> None:
    shown = runner.invoke(app, ["generators", "show", "semantic.markdown.link"]).output
    assert "A [word](https://...) link." in shown
    assert "['text', 'unknown']" in shown  # fits, a list
    listed = runner.invoke(app, ["generators", "list"], env={"COLUMNS": "300"}).output
    assert "A [word](https://...) link." in listed


@pytest.fixture(scope="module")
def car_rental(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("messages")
    datalchemy.create_fixture("car-rental", f"sqlite:///{root / 'car.db'}")
    schema = datalchemy.introspect(f"sqlite:///{root / 'car.db'}").schema
    (root / "schema.json").write_text(schema.to_json())
    return root


def test_rows_typo_gets_did_you_mean(car_rental: Path) -> None:
    result = runner.invoke(
        app,
        ["plan", "suggest", "--schema", str(car_rental / "schema.json"), "--rows", "clientez=5",
         "--out", str(car_rental / "typo.json")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "did you mean main.clientes?" in result.output


def test_plan_suggest_prints_rows_per_table(car_rental: Path) -> None:
    result = runner.invoke(
        app,
        ["plan", "suggest", "--schema", str(car_rental / "schema.json"), "--rows", "20",
         "--out", str(car_rental / "plan.json")],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "rows per table" in result.output
    assert re.search(r"main\.multas\s+│\s+20\b", result.output)
    assert "main.clientes - " in result.output  # the table's own heading says its rows too


def test_plan_validate_lists_every_problem_even_with_a_structural_one(car_rental: Path) -> None:
    plan = json.loads((car_rental / "plan.json").read_text())
    plan["seed"] = "forty-two"  # structure
    plan["rules"].append({"type": "no_such_rule"})  # structure
    plan["targets"].append({"schema": "main", "table": "nope", "rows": 5})  # reference
    (car_rental / "broken.json").write_text(json.dumps(plan))
    result = runner.invoke(
        app,
        ["plan", "validate", str(car_rental / "broken.json"), "--schema",
         str(car_rental / "schema.json"), "--json"],
    )  # fmt: skip
    assert result.exit_code == 4
    codes = {(i["code"], i["path"]) for i in json.loads(result.output)["issues"]}
    assert ("schema_violation", "/seed") in codes
    assert any(code == "schema_violation" and path.startswith("/rules/") for code, path in codes)
    assert any(path.startswith("/targets/") and code != "schema_violation" for code, path in codes)


def test_fail_on_violation_still_prints_the_summary(car_rental: Path) -> None:
    schema = datalchemy.plan.io.load_schema(car_rental / "schema.json")
    plan, _ = datalchemy.suggest_plan(schema, rows=20)
    run = datalchemy.generate(plan, schema, car_rental / "out")
    data = run.path / "main.clientes.csv"
    lines = data.read_text().splitlines()
    data.write_text("\n".join([*lines, lines[1]]) + "\n")  # a duplicate key
    result = runner.invoke(
        app,
        ["evaluate", "--schema", str(car_rental / "schema.json"), "--data", str(run.path),
         "--fail-on-violation"],
        env={"COLUMNS": "160"},
    )  # fmt: skip
    assert result.exit_code == 9
    assert "violations" in result.output and "primary_key" in result.output
    assert result.output.index("primary_key") < result.output.index("error violations_found")


def test_cli_reference_is_not_stale() -> None:
    from datalchemy.cli.reference import render_reference

    committed = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    assert committed.read_text(encoding="utf-8") == render_reference(), (
        "docs/cli.md is stale: run `make docs` and commit it"
    )


def test_demo_paths_are_whole_lines_at_80_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    paths = lines[lines.index("where the results are:") + 1 :][:6]
    assert len(paths) == 6
    for line in paths:
        assert len(line) <= 80 and line.startswith("  demo-output/"), line
        assert Path(line.strip()).exists(), line  # copied as printed, it names the file
    assert not any("…" in line for line in lines)
