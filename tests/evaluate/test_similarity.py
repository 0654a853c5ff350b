"""``evaluate --profile``: per-column similarity (KS / TVD) and an overall score."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import datalchemy
from datalchemy.cli import app
from datalchemy.evaluate.similarity import compare_to_profile
from datalchemy.plan.suggest import suggest_plan
from datalchemy.profile import run_profile
from datalchemy.profile.distance import ks_from_quantiles, tvd

QS = np.linspace(0, 1, 101)


def test_ks_of_identical_and_shifted_distributions() -> None:
    rng = np.random.default_rng(1)
    a = np.quantile(rng.lognormal(3, 1, 50_000), QS)
    b = np.quantile(rng.lognormal(3, 1, 50_000), QS)
    c = np.quantile(rng.lognormal(3.5, 1, 50_000), QS)
    assert ks_from_quantiles(a, b) < 0.02
    assert 0.15 < ks_from_quantiles(a, c) < 0.25  # the exact KS of this shift is 0.197
    ints = np.quantile(rng.integers(1, 4, 5_000), QS)
    assert ks_from_quantiles(ints, np.quantile(rng.integers(1, 4, 5_000), QS)) < 0.03
    assert ks_from_quantiles(ints, np.quantile(rng.integers(2, 5, 5_000), QS)) > 0.3


def test_tvd() -> None:
    assert tvd({"a": 1.0}, {"a": 1.0}) == 0.0
    assert tvd({"a": 1.0}, {"b": 1.0}) == 1.0
    assert tvd({"a": 0.6, "b": 0.4}, {"a": 0.4, "b": 0.6}) == pytest.approx(0.2)


def _source(path: Path, rows: int = 3000) -> str:
    rng = np.random.default_rng(11)
    with sqlite3.connect(path) as con:
        con.execute(
            "create table vendas (id integer primary key, canal text not null, "
            "valor numeric(10,2) not null, itens integer not null, criado_em date not null)"
        )
        canal = rng.choice(["web", "app", "loja"], rows, p=[0.6, 0.3, 0.1])
        valor = np.round(np.exp(rng.normal(5, 0.8, rows)), 2)
        itens = 1 + rng.geometric(0.5, rows)
        day = rng.integers(0, 900, rows)
        con.executemany(
            "insert into vendas values (?, ?, ?, ?, ?)",
            [
                (
                    i + 1,
                    str(canal[i]),
                    float(valor[i]),
                    int(itens[i]),
                    (date(2022, 1, 1) + timedelta(days=int(day[i]))).isoformat(),
                )
                for i in range(rows)
            ],
        )
    return f"sqlite:///{path}"


def _generate(url: str, tmp: Path, fitted: bool) -> tuple[float, Path, object]:
    profile = run_profile(url, tmp / "profile.json")
    schema = datalchemy.introspect(url).schema
    plan, _ = suggest_plan(schema, rows=3000, profile=profile if fitted else None)
    run = datalchemy.generate(plan, schema, tmp / ("fitted" if fitted else "plain"))
    report = compare_to_profile(schema, profile, run.path)
    return report.overall, run.path, schema


def test_a_plan_fitted_to_the_profile_scores_higher(tmp_path: Path) -> None:
    url = _source(tmp_path / "src.db")
    fitted, _, _ = _generate(url, tmp_path, fitted=True)
    plain, _, _ = _generate(url, tmp_path, fitted=False)
    assert fitted >= 0.9
    assert plain < fitted - 0.1


def test_evaluate_profile_writes_similarity_json(tmp_path: Path) -> None:
    url = _source(tmp_path / "src.db")
    _, data, schema = _generate(url, tmp_path, fitted=True)
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(schema.to_json())  # type: ignore[attr-defined]
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "--schema",
            str(schema_path),
            "--data",
            str(data),
            "--profile",
            str(tmp_path / "profile.json"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    report = json.loads((data / "similarity.json").read_text())
    assert out["similarity"]["overall"] == report["overall"] >= 0.9
    metrics = {c["column"]: c["metric"] for c in report["columns"]}
    assert metrics == {"canal": "tvd", "valor": "ks", "itens": "tvd", "criado_em": "ks"}
