"""The original tool's 13 example plans, unchanged, on the CRM schema: plans never dead-end.

Each plan (byte-identical copies, ``tests/data/original_plans/PROVENANCE.md``) validates with
its repairs listed, generates, and loads clean with every constraint on, into an empty CRM
database and into one holding the fixture's seed rows (``generate --existing``). ``--strict``
refuses the repairs: every problem is an error, as before. The repaired output is the same
bytes for every run and worker count.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import datalchemy
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.plan import validate_plan

ROOT = Path(__file__).parents[2]
FOLDER = ROOT / "tests/data/original_plans"
PLANS = sorted(FOLDER.glob("*.plan.json"))
CRM = DatabaseSchema.model_validate_json((ROOT / "tests/golden/crm.schema.json").read_text())
#: "Today" for the data: tarefas.data_limite >= CURRENT_DATE is checked by the server on load.
TODAY = date.today()

#: The repairs each plan needs on the CRM schema: (code, action) -> count.
REPAIRS: dict[str, Counter[tuple[str, str]]] = {
    "minimal": Counter(),
    "m2_primitives": Counter(),
    "m3_ptbr": Counter(
        {
            ("unique_transform_collision", "disambiguate"): 3,  # masked e-mails and CNPJs
            ("check_unsatisfiable", "column_default"): 1,  # semantic.br.uf into tipo
        }
    ),
    "m4_derives": Counter(),
    "m5_relationships": Counter(),
    "faker_baseline": Counter(),
    "faker_enus": Counter({("unique_capacity", "switch_generator"): 4}),
    "faker_ptbr": Counter(
        {
            ("unique_capacity", "switch_generator"): 3,
            ("unique_capacity", "disambiguate"): 1,  # CompanySuffix for 15 listas_precos
        }
    ),
    "finance_domain": Counter(),
    "logistics_domain": Counter(),
    "crm_domain": Counter({("unique_capacity", "disambiguate"): 1}),  # 5 funis, 3 names
    "full_stack_ptbr": Counter({("unique_capacity", "disambiguate"): 1}),  # 8 funis
    "crm_realistic": Counter(
        {
            ("unique_capacity", "disambiguate"): 3,
            ("value_too_long", "truncate"): 1,
            ("enum_label_invalid", "column_default"): 1,
            ("generator_type_mismatch", "convert"): 6,
            ("generator_type_mismatch", "column_default"): 4,
            ("unique_capacity_tight", "disambiguate"): 1,
            # at the load date, tarefas.data_limite >= CURRENT_DATE rejects every date asked
            ("check_unsatisfiable", "check_domain"): 1,
        }
    ),
}


def _name(path: Path) -> str:
    return path.name.removesuffix(".plan.json")


def _plan(path: Path) -> Plan:
    return Plan.model_validate_json(path.read_text(encoding="utf-8"))


def test_the_files_are_the_originals() -> None:
    table = (FOLDER / "PROVENANCE.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"\| `([a-z0-9_]+\.plan\.json)` \|.*\| `([0-9a-f]{64})` \|", table))
    assert sorted(listed) == [p.name for p in PLANS] and len(PLANS) == 13
    for path in PLANS:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[path.name], path.name
    assert sorted(REPAIRS) == sorted(_name(p) for p in PLANS)


@pytest.mark.parametrize("path", PLANS, ids=_name)
def test_every_plan_validates_with_its_repairs_listed_first(path: Path) -> None:
    plan = _plan(path).model_copy(update={"base_date": TODAY})
    report = validate_plan(plan, CRM)
    assert report.ok, [(i.code, i.path, i.message) for i in report.errors]
    got = Counter((r.code, r.action) for r in report.repairs)
    assert got == REPAIRS[_name(path)]
    # Repairs come first among the issues, as warnings with the problem's code and path.
    head = report.issues[: len(report.repairs)]
    assert [(i.severity, i.code, i.path) for i in head] == [
        ("warning", r.code, r.path) for r in report.repairs
    ]
    for r in report.repairs:
        assert r.asked and r.done and r.target.startswith("crm.")
    assert report.resolved is not None and report.resolved.repairs == (report.repairs or None)


@pytest.mark.parametrize("path", PLANS, ids=_name)
def test_strict_refuses_every_repair(path: Path) -> None:
    plan = _plan(path).model_copy(update={"base_date": TODAY})
    repaired = validate_plan(plan, CRM)
    strict = validate_plan(plan, CRM, strict=True)
    errors = {(i.code, i.path) for i in strict.errors}
    # Every repaired problem is an error under --strict, at the same path (a second repair of
    # a rule answers a problem of its first repair: the rule's first problem is the error).
    first: dict[str, str] = {}
    for r in repaired.repairs:
        first.setdefault(r.path, r.code)
    assert {(code, where) for where, code in first.items()} <= errors
    assert strict.ok == (not errors)
    assert (not strict.repairs and strict.resolved is None) or strict.ok


@pytest.mark.parametrize("path", PLANS, ids=_name)
def test_the_fixed_plan_needs_no_repair(path: Path) -> None:
    report = validate_plan(_plan(path).model_copy(update={"base_date": TODAY}), CRM)
    fixed = report.plan
    assert fixed is not None
    again = validate_plan(fixed.to_json(), CRM, repair=False)
    assert again.ok and not again.repairs
    assert [i for i in again.issues if i.code in {r.code for r in report.repairs}] == []
    assert (fixed.repairs or []) == report.repairs
    # Only the repaired rules changed; the fixed plan keeps the original's comments.
    original = _plan(path)
    targets = {r.target for r in report.repairs}
    for i, (a, b) in enumerate(zip(original.rules, fixed.rules, strict=False)):
        where = f"{a.schema_name}.{a.table}.{getattr(a, 'column', '')}"
        if f"/rules/{i}/" not in "".join(r.path + "/" for r in report.repairs) and (
            where not in targets
        ):
            assert a == b, i
    assert fixed.fingerprint() != original.fingerprint() or not report.repairs


def _files(run: datalchemy.generate.GenerationRun) -> dict[str, str]:  # type: ignore[name-defined]
    return {f.path: f.sha256 for t in run.report.tables for f in t.files}


@pytest.mark.parametrize("path", PLANS, ids=_name)
def test_repaired_output_is_the_same_bytes_for_any_run_and_worker_count(
    path: Path, tmp_path: Path
) -> None:
    plan = _plan(path)
    runs = [
        datalchemy.generate(plan, CRM, tmp_path / "a", workers=1, base_date=date(2026, 1, 1)),
        datalchemy.generate(plan, CRM, tmp_path / "b", workers=1, base_date=date(2026, 1, 1)),
        datalchemy.generate(plan, CRM, tmp_path / "c", workers=2, base_date=date(2026, 1, 1)),
    ]
    first = _files(runs[0])
    assert first and all(_files(r) == first for r in runs[1:])
    report = json.loads((runs[0].path / "generation_report.json").read_text())
    assert list(report)[:6] == ["report_version", "run_id", "status", "error", "repairs",
                                "existing"]  # fmt: skip
    assert len(report["repairs"]) == len(runs[0].report.repairs)


@pytest.mark.parametrize("name", ["crm_realistic", "m3_ptbr"])
def test_evaluation_reports_list_the_repairs_first(name: str, tmp_path: Path) -> None:
    plan = _plan(FOLDER / f"{name}.plan.json")
    run = datalchemy.generate(plan, CRM, tmp_path, base_date=TODAY)
    ev = datalchemy.evaluate(CRM, plan, run.path)
    assert ev.metrics.violations_total == 0, [
        (c.table, c.kind, c.name, c.examples) for c in ev.metrics.constraints if c.violations
    ]
    # the data belongs to the plan file as given: repairs and --base-date aside
    assert ev.metrics.provenance.plan_fingerprint_ok is True
    md = ev.files["report.md"].read_text()
    assert md.index("## Repairs") < md.index("## Run summary")
    assert f"{len(run.report.repairs)} rule(s) of the plan could not be honoured" in md
    html = ev.files["report.html"].read_text()
    assert html.index('id="repairs"') < html.index("status:")
    for r in run.report.repairs:
        assert r.target in md


# -------------------------------------------------------------------- into PostgreSQL


@pytest.fixture(scope="module")
def crm_schema(pg_server: object) -> DatabaseSchema:
    url = pg_server.create_database()  # type: ignore[attr-defined]
    datalchemy.create_fixture("crm", url, with_data=False)
    return datalchemy.introspect(url, schemas=["crm"]).schema


def _count(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(f"select count(*) from {table}").fetchone()  # type: ignore[arg-type]
        assert row is not None
        return int(row[0])


@pytest.mark.parametrize("seeded", [False, True], ids=["empty", "seeded"])
@pytest.mark.parametrize("path", PLANS, ids=_name)
def test_every_plan_loads_clean_into_the_crm_database(
    path: Path, seeded: bool, crm_schema: DatabaseSchema, pg_url: str, tmp_path: Path
) -> None:
    datalchemy.create_fixture("crm", pg_url, with_data=seeded)
    before = _count(pg_url, "crm.usuarios")
    run = datalchemy.generate(
        _plan(path),
        crm_schema,
        tmp_path,
        base_date=TODAY,
        existing=pg_url if seeded else None,
    )
    assert Counter((r.code, r.action) for r in run.report.repairs) == REPAIRS[_name(path)]
    assert (run.report.existing is not None) == seeded
    loaded = datalchemy.load(run.path, crm_schema, pg_url)
    assert loaded.report.status == "ok" and loaded.report.counts_verified
    assert loaded.report.rows_loaded == run.report.rows_written
    written = {f"{t.schema_name}.{t.table}": t.rows_written for t in run.report.tables}
    if "crm.usuarios" in written:
        assert _count(pg_url, "crm.usuarios") == before + written["crm.usuarios"]
