"""Outputs: deterministic report.md / metrics.json, no PII anywhere, the HTML renders in a
real headless Chromium with its charts, and the CLI (exit codes, --json, coded errors)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from datalchemy.cli.evaluate import evaluate_command
from datalchemy.contracts.metrics import EvaluationMetrics
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.evaluate import run_evaluate

from .helpers import read_cells, set_cell

CHROMIUM = Path("/usr/bin/chromium")


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(evaluate_command)
    return app


def test_a_report_that_fails_to_render_leaves_no_metrics_file(
    shop: DatabaseSchema, shop_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is written until every report is rendered: no metrics.json that looks finished."""

    def broken(*args: object) -> str:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr("datalchemy.evaluate.report_html.render_html", broken)
    with pytest.raises(RuntimeError, match="renderer bug"):
        run_evaluate(shop, None, shop_data, out_dir=tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_reports_are_byte_identical_across_runs(
    shop: DatabaseSchema, shop_data: Path, tmp_path: Path
) -> None:
    one = run_evaluate(shop, None, shop_data, out_dir=tmp_path / "one")
    two = run_evaluate(shop, None, shop_data, out_dir=tmp_path / "two")
    for name in ("report.md", "report.html"):
        assert one.files[name].read_bytes() == two.files[name].read_bytes(), name

    def without_duration(path: Path) -> dict[str, object]:
        data: dict[str, object] = json.loads(path.read_text())
        data.pop("duration_ms")
        return data

    assert without_duration(one.files["metrics.json"]) == without_duration(
        two.files["metrics.json"]
    )
    EvaluationMetrics.model_validate_json(one.files["metrics.json"].read_text())  # the contract
    md = one.files["report.md"].read_text()
    sections = [line for line in md.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Run summary",
        "## Targets and row counts",
        "## Constraint summary",
        "## Plan agreement",
        "## Children per parent",
        "## Recommendations",
    ]
    assert "duration" not in md


def test_statistics_and_intent(shop: DatabaseSchema, shop_data: Path, tmp_path: Path) -> None:
    m = run_evaluate(shop, None, shop_data, out_dir=tmp_path).metrics
    cols = {(c.table, c.column): c for c in m.columns}
    status = cols[("shop.orders", "status")]
    assert status.top_values and {v.value for v in status.top_values} <= {"new", "paid", "shipped"}
    assert status.histogram is not None and status.histogram.kind == "category"
    total = cols[("shop.orders", "total")]
    assert total.histogram is not None and total.histogram.kind == "value"
    assert sum(b.count for b in total.histogram.bins) == total.rows - total.nulls
    # NULLs are counted apart, never in a bin (DuckDB's least() would put them in the last one).
    binned = [c for c in m.columns if c.histogram is not None and c.histogram.kind == "value"]
    assert any(c.nulls for c in binned)
    for c in binned:
        assert sum(b.count for b in c.histogram.bins) == c.rows - c.nulls, c.column  # type: ignore[union-attr]
    email = cols[("shop.customers", "email")]
    assert email.pii and email.min is None and email.top_values is None
    assert email.histogram is not None and email.histogram.kind == "length"
    assert email.distinct == email.rows  # unique
    card = next(c for c in m.foreign_keys if c.foreign_key == "orders_customer_fk")
    assert card.children == cols[("shop.orders", "id")].rows
    assert card.min <= card.mean <= card.max
    assert sum(n for _, n in card.distribution) == card.parents
    assert m.intent and all(i.ok for i in m.intent)
    assert {i.kind for i in m.intent} >= {"rows", "null_rate"}


def test_intent_mismatch_is_a_warning(shop: DatabaseSchema, shop_copy: Path) -> None:
    # Null out a nullable column the plan gives a 10% null rate: no constraint is broken, but the
    # data no longer says what the plan asked for.
    _, rows = read_cells(shop_copy / "shop.customers.csv")
    for i in range(len(rows)):
        set_cell(shop_copy / "shop.customers.csv", i, "nickname", "")
    m = run_evaluate(shop, None, shop_copy).metrics
    bad = [i for i in m.intent if not i.ok]
    assert [(i.kind, i.table, i.column) for i in bad] == [
        ("null_rate", "shop.customers", "nickname")
    ]
    assert any(w.code == "intent_null_rate" for w in m.warnings)


def test_pii_values_never_reach_an_output(shop: DatabaseSchema, shop_copy: Path) -> None:
    header, rows = read_cells(shop_copy / "shop.customers.csv")
    pii_values = {
        r[header.index(c)].strip('"') for r in rows for c in ("email", "name", "nickname")
    }
    pii_values.discard("")
    # Put PII into violations too: a duplicate e-mail (UNIQUE) and an overlong one (length).
    set_cell(shop_copy / "shop.customers.csv", 1, "email", rows[0][header.index("email")])
    long_mail = "x" * 70 + "@example.org"
    set_cell(shop_copy / "shop.customers.csv", 2, "email", f'"{long_mail}"')
    pii_values.add(long_mail)
    run = run_evaluate(shop, None, shop_copy)
    kinds = {(c.kind, *c.columns) for c in run.metrics.constraints if c.status == "violated"}
    assert {("unique", "email"), ("length", "email")} <= kinds
    for name, path in run.files.items():
        text = path.read_text(encoding="utf-8")
        leaked = sorted(v for v in pii_values if v in text)
        assert not leaked, (name, leaked[:3])
    assert "<masked>" in run.files["metrics.json"].read_text()


def test_report_html_renders_in_headless_chromium(
    shop: DatabaseSchema, shop_data: Path, tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (/usr/bin/chromium)")
        pytest.skip("chromium not installed")
    run = run_evaluate(shop, None, shop_data, out_dir=tmp_path / "out")
    html = run.files["report.html"]
    text = html.read_text()
    for needle in ("http://", "https://", "<script", "@import", "src="):
        if needle == "http://":  # the SVG namespace is an identifier, not a fetch
            text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert needle not in text, needle
    flags = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    png = tmp_path / "report.png"
    shot = subprocess.run(
        [*flags, f"--screenshot={png}", "--window-size=1280,2000", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert png.is_file() and png.stat().st_size > 10_000, shot.stderr[-2000:]
    print(f"report.html screenshot: {png}")
    dom = subprocess.run(
        [*flags, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    columns = len(run.metrics.columns)
    assert dom.count('<svg class="chart"') == columns  # a chart per column
    assert dom.count('class="bar"') >= columns
    assert dom.count('<svg class="fkgraph"') == 1
    assert dom.count('class="node"') == len(run.metrics.tables)  # Graphviz or the fallback
    assert dom.count('class="edge"') == 1  # orders -> customers
    every = dom.split('<table id="constraints">', 1)[1].split("</table>", 1)[0]
    assert every.count("<tr class=") == len(run.metrics.constraints)  # every check, folded
    assert "<summary>All " in dom


def test_cli_writes_files_then_exits_9_on_violation(
    shop: DatabaseSchema, shop_copy: Path, tmp_path: Path
) -> None:
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(shop.to_json())
    runner = CliRunner()
    ok = runner.invoke(
        _app(),
        ["--schema", str(schema_path), "--data", str(shop_copy), "--json", "--fail-on-violation"],
    )
    assert ok.exit_code == 0, ok.output
    payload = json.loads(ok.output)
    assert payload["status"] == "ok" and payload["evaluation_status"] == "ok"
    set_cell(shop_copy / "shop.orders.csv", 0, "total", "-1.00")
    for name in ("metrics.json", "report.md", "report.html"):
        (shop_copy / name).unlink()
    bad = runner.invoke(
        _app(),
        ["--schema", str(schema_path), "--data", str(shop_copy), "--json", "--fail-on-violation"],
    )
    assert bad.exit_code == 9, bad.output
    err = json.loads(bad.output)
    assert err["error"]["code"] == "violations_found"
    for name in ("metrics.json", "report.md", "report.html"):  # written before failing
        assert (shop_copy / name).is_file()
    soft = runner.invoke(
        _app(),
        [
            "--schema",
            str(schema_path),
            "--data",
            str(shop_copy),
            "--out",
            str(tmp_path / "elsewhere"),
        ],
    )
    assert soft.exit_code == 0  # without --fail-on-violation, violations are a report
    assert (tmp_path / "elsewhere" / "report.md").is_file()


def test_cli_errors_are_coded(shop: DatabaseSchema, shop_data: Path, tmp_path: Path) -> None:
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(shop.to_json())
    runner = CliRunner()
    missing = runner.invoke(
        _app(), ["--schema", str(schema_path), "--data", str(tmp_path / "nope"), "--json"]
    )
    assert missing.exit_code == 3
    assert json.loads(missing.output)["error"]["code"] == "dataset_not_found"
    # A report naming a file outside the dataset is refused, not followed.
    evil = tmp_path / "evil"
    shutil.copytree(shop_data, evil)
    report = json.loads((evil / "generation_report.json").read_text())
    report["tables"][0]["files"][0]["path"] = "../../etc/passwd.csv"
    (evil / "generation_report.json").write_text(json.dumps(report))
    unsafe = runner.invoke(_app(), ["--schema", str(schema_path), "--data", str(evil), "--json"])
    assert unsafe.exit_code == 3
    assert json.loads(unsafe.output)["error"]["code"] == "dataset_path_unsafe"
    # A ragged CSV is an input error, not a traceback.
    ragged = tmp_path / "ragged"
    shutil.copytree(shop_data, ragged)
    with (ragged / "shop.orders.csv").open("a") as fh:
        fh.write("1,2\n")
    broken = runner.invoke(_app(), ["--schema", str(schema_path), "--data", str(ragged), "--json"])
    assert broken.exit_code == 3, broken.output
    assert json.loads(broken.output)["error"]["code"] == "dataset_file_unreadable"
