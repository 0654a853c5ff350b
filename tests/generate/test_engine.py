"""The generation engine on a hand-resolved plan: determinism, streaming files, failure reports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from datalchemy.contracts.plan import Cardinality
from datalchemy.contracts.resolved import (
    ResolvedColumn,
    ResolvedForeignKey,
    ResolvedPlan,
    ResolvedTable,
    ResolvedUnique,
)
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import GenerationError
from datalchemy.generate import BLOCK_SIZE, run_generation

SCHEMA = DatabaseSchema.model_validate_json(
    (Path(__file__).parents[1] / "golden" / "crm.schema.json").read_text()
)

#: SHA-256 of every file for the plan below (seed 101). Changing a generator's output is a
#: deliberate event: bump ALGORITHM_VERSION and update these in the same change.
GOLDEN = {
    "crm.funis.csv": "c509f988772b7c14cc98347366314c438d4b7bcc162764111e9a6e42b68c5f80",
    "crm.etapas_funil.csv": "c6fbb4742f17c07df3e1690a74a0266558f3f4a7a421b19afe7694d56b637a02",
    "crm.usuarios.csv": "618f4e98b3bc178bcd8598a239e71da3fc623b62579cf7fa0e2d353ddef0d551",
}


def _col(table: str, name: str, **kw: object) -> ResolvedColumn:
    found = SCHEMA.find_table("crm", table)
    assert found is not None
    c = found.column(name)
    kw.setdefault("action", "generate")
    kw.setdefault("reason", "rule")
    return ResolvedColumn(name=name, ordinal=c.ordinal, family=c.family, **kw)  # type: ignore[arg-type]


def plan(users: int = 1000, *, extra_column: bool = False, bad: bool = False) -> ResolvedPlan:
    user_cols = [
        _col("usuarios", "id", generator="primitive.uuid.v4", unique=True),
        _col("usuarios", "nome", generator="semantic.br.name"),
        _col("usuarios", "email", generator="semantic.br.email.safe", unique=True),
        _col("usuarios", "ativo", generator="primitive.bool"),
        _col("usuarios", "data_criacao", generator="primitive.timestamp.range",
             params={"min": "2022-01-01T00:00:00", "max": "2023-12-31T23:59:59"}),
        _col("usuarios", "data_atualizacao", generator="derive.end_after_start",
             params={"input_columns": ["data_criacao"], "max_days": 30}, inputs=["data_criacao"]),
    ]  # fmt: skip
    if extra_column:
        user_cols.insert(3, _col("usuarios", "telefone", generator="semantic.br.phone"))
    if bad:  # a derive whose input column does not exist fails mid-run
        user_cols[5] = _col("usuarios", "data_atualizacao", generator="derive.end_after_start",
                            params={"input_columns": ["missing"]}, inputs=[])  # fmt: skip
    fk = ResolvedForeignKey(
        key="etapas_funil_funil_id_fkey", columns=["funil_id"], parent_schema="crm",
        parent_table="funis", parent_columns=["id"], nullable=False,
        cardinality=Cardinality(distribution="fixed", per_parent=3),
    )  # fmt: skip
    tables = [
        ResolvedTable(schema="crm", table="funis", rows=8, columns=[
            _col("funis", "id", generator="primitive.uuid.v4", unique=True),
            _col("funis", "nome", generator="primitive.text.pattern",
                 params={"pattern": "Funil [A-Z]{4}"}, unique=True),
            _col("funis", "descricao", generator="primitive.text.lorem", null_rate=0.3),
            _col("funis", "ativo", action="constant", value=True, reason="default_value"),
            _col("funis", "data_criacao", generator="primitive.timestamp"),
        ]),
        ResolvedTable(schema="crm", table="etapas_funil", rows=24, columns=[
            _col("etapas_funil", "id", generator="primitive.uuid.v4", unique=True),
            _col("etapas_funil", "funil_id", action="foreign_key", foreign_key=fk.key,
                 reason="foreign_key"),
            _col("etapas_funil", "nome", generator="domain.crm.pipeline_stage"),
            _col("etapas_funil", "ordem", generator="primitive.int.range",
                 params={"min": 1, "max": 20}),
            _col("etapas_funil", "probabilidade", generator="primitive.decimal.numeric",
                 params={"min": 0, "max": 100, "scale": 2}),
        ], foreign_keys=[fk], uniques=[
            ResolvedUnique(name="etapas_funil_nome_unique", columns=["funil_id", "nome"]),
            ResolvedUnique(name="etapas_funil_ordem_unique", columns=["funil_id", "ordem"]),
        ]),
        ResolvedTable(schema="crm", table="usuarios", rows=users, columns=user_cols),
    ]  # fmt: skip
    return ResolvedPlan(
        seed=101, base_date=date(2024, 1, 1), locale="pt_BR", plan_fingerprint="test",
        schema_fingerprint=SCHEMA.fingerprint, tables=tables,
    )  # fmt: skip


def _hashes(run_path: Path) -> dict[str, str]:
    report = json.loads((run_path / "generation_report.json").read_text())
    return {f["path"]: f["sha256"] for t in report["tables"] for f in t["files"]}


def test_golden_hashes(tmp_path: Path) -> None:
    run = run_generation(plan(), SCHEMA, tmp_path)
    hashes = _hashes(run.path)
    assert hashes == GOLDEN, f"outputs drifted; new hashes: {json.dumps(hashes, indent=2)}"


def test_same_bytes_for_one_and_two_workers(tmp_path: Path) -> None:
    p = plan(users=BLOCK_SIZE * 2 + 123)
    one = run_generation(p, SCHEMA, tmp_path / "one", workers=1)
    two = run_generation(p, SCHEMA, tmp_path / "two", workers=2)
    assert _hashes(one.path) == _hashes(two.path)
    assert one.report.workers == 1 and two.report.workers == 2


def test_prefix_stability(tmp_path: Path) -> None:
    small = run_generation(plan(users=10_000), SCHEMA, tmp_path / "small")
    big = run_generation(plan(users=100_000), SCHEMA, tmp_path / "big")
    a = (small.path / "crm.usuarios.csv").read_text().splitlines()
    b = (big.path / "crm.usuarios.csv").read_text().splitlines()
    assert len(a) == 10_001 and len(b) == 100_001
    assert a == b[: len(a)]


def test_adding_a_column_changes_no_other_column(tmp_path: Path) -> None:
    import csv

    base = run_generation(plan(), SCHEMA, tmp_path / "a")
    more = run_generation(plan(extra_column=True), SCHEMA, tmp_path / "b")
    with (
        (base.path / "crm.usuarios.csv").open() as fa,
        (more.path / "crm.usuarios.csv").open() as fb,
    ):
        rows_a, rows_b = list(csv.DictReader(fa)), list(csv.DictReader(fb))
    assert all("telefone" in r for r in rows_b)
    for ra, rb in zip(rows_a, rows_b, strict=True):
        assert ra == {k: v for k, v in rb.items() if k != "telefone"}


def test_keys_are_unique_and_fks_resolve(tmp_path: Path) -> None:
    import csv

    run = run_generation(plan(users=5000), SCHEMA, tmp_path)
    read = lambda name: list(csv.DictReader((run.path / name).open()))  # noqa: E731
    users, funis, etapas = (
        read("crm.usuarios.csv"),
        read("crm.funis.csv"),
        read("crm.etapas_funil.csv"),
    )
    assert len({u["id"] for u in users}) == 5000
    assert len({u["email"] for u in users}) == 5000
    assert all(u["data_atualizacao"] >= u["data_criacao"] for u in users)
    funil_ids = {f["id"] for f in funis}
    assert {e["funil_id"] for e in etapas} == funil_ids  # fixed 3 per parent: every parent used
    assert len({(e["funil_id"], e["nome"]) for e in etapas}) == 24
    assert len({(e["funil_id"], e["ordem"]) for e in etapas}) == 24
    assert sum(f["descricao"] == "" for f in funis) < 8  # null rate 0.3 over 8 rows
    report = json.loads((run.path / "generation_report.json").read_text())
    assert report["status"] == "ok"
    assert report["rows_written"] == 5000 + 8 + 24
    assert report["generator_usage"]["primitive.uuid.v4"] == 5000 + 8 + 24
    assert not list(tmp_path.glob("*.partial"))
    assert (run.path / "resolved_plan.json").is_file()


def test_a_failing_generator_leaves_a_failed_report_and_nothing_complete(tmp_path: Path) -> None:
    with pytest.raises(GenerationError):
        run_generation(plan(bad=True), SCHEMA, tmp_path)
    [partial] = tmp_path.iterdir()
    assert partial.name.endswith(".partial")
    report = json.loads((partial / "generation_report.json").read_text())
    assert report["status"] == "failed"
    assert report["error"]["code"]
    assert [t["table"] for t in report["tables"]] == ["funis", "etapas_funil"]  # what was written
    assert (partial / "resolved_plan.json").is_file()


def test_sigterm_leaves_an_interrupted_report(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_engine import SCHEMA, plan
        from datalchemy.generate import run_generation
        run_generation(plan(users=5_000_000), SCHEMA, {str(tmp_path)!r})
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob("*.partial/crm.usuarios.csv")):
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    [partial] = tmp_path.iterdir()
    assert partial.name.endswith(".partial")
    report = json.loads((partial / "generation_report.json").read_text())
    assert report["status"] == "interrupted"
    assert report["error"]["code"] == "interrupted"
    assert not os.path.exists(str(partial)[: -len(".partial")])
