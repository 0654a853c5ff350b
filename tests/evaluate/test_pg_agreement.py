"""Evaluation agrees with PostgreSQL: the CRM full-stack output evaluates clean *and* loads;
a corrupted file fails the load on the same constraint the evaluation names."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.evaluate import run_evaluate
from datalchemy.fixtures import create_fixture
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan
from support.datasets import FULL_STACK, TODAY  # the e2e test's full-stack plan
from support.pgload import load_dataset
from support.pgserver import PostgresServer

from .helpers import set_cell


@pytest.fixture(scope="module")
def crm(
    pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DatabaseSchema, Path]:
    source = pg_server.create_database()
    create_fixture("crm", source, with_data=False)
    schema = introspect(source, schemas=["crm"]).schema
    plan, _ = suggest_plan(schema, rows=FULL_STACK, locale="pt_BR", base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, tmp_path_factory.mktemp("crm"))
    return schema, run.path


def _target(pg_server: PostgresServer) -> str:
    url = pg_server.create_database()
    create_fixture("crm", url, with_data=False)
    return url


def test_full_stack_crm_is_clean_and_loads(
    crm: tuple[DatabaseSchema, Path], pg_server: PostgresServer, tmp_path: Path
) -> None:
    schema, data = crm
    m = run_evaluate(schema, None, data, out_dir=tmp_path).metrics
    assert m.violations_total == 0, [c for c in m.constraints if c.status == "violated"]
    assert m.not_evaluated_total == 0, [c for c in m.constraints if c.status == "not_evaluated"]
    assert m.status == "ok"
    checked = {s.kind: s.checked for s in m.summary}
    assert checked["foreign_key"] > 20 and checked["check"] > 10 and checked["unique"] > 0
    loaded = load_dataset(_target(pg_server), data)  # every constraint enabled
    assert loaded == {t.table: t.rows_found for t in m.tables}


@pytest.mark.parametrize(
    ("column", "value", "kind", "constraint"),
    [
        (
            "usuario_id",
            "00000000-0000-4000-8000-0000000000ff",
            "foreign_key",
            "atividades_usuario_id_fkey",
        ),
        ("tipo", '"visita"', "check", "atividades_tipo_chk"),
    ],
    ids=["orphan_fk", "check"],
)
def test_corruption_fails_the_load_on_the_constraint_evaluation_names(
    crm: tuple[DatabaseSchema, Path],
    pg_server: PostgresServer,
    tmp_path: Path,
    column: str,
    value: str,
    kind: str,
    constraint: str,
) -> None:
    schema, clean = crm
    data = tmp_path / clean.name
    shutil.copytree(clean, data)
    set_cell(data / "crm.atividades.csv", 10, column, value)
    m = run_evaluate(schema, None, data).metrics
    violated = [c for c in m.constraints if c.status == "violated" and c.kind != "file_hash"]
    assert [(c.kind, c.table, c.name, c.violations) for c in violated] == [
        (kind, "crm.atividades", constraint, 1)
    ]
    with pytest.raises(psycopg.errors.IntegrityError) as err:
        load_dataset(_target(pg_server), data)
    assert err.value.diag.constraint_name == constraint
