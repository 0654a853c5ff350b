"""Generating for a populated target (``generate --existing``), numbered repeats, append checks."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest

import datalchemy
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.schema import Column, DatabaseSchema, TypeFamily
from datalchemy.errors import ConstraintViolation, GenerationError
from datalchemy.generate.existing import ValueSet, as_text, key_rules, read_existing
from datalchemy.generate.qualify import QualifiedGenerator, qualify, vocabulary
from datalchemy.generators.base import GenContext
from datalchemy.generators.registry import get_generator

ROOT = Path(__file__).parents[2]
TODAY = date.today()


# -------------------------------------------------------------------- units


def test_value_set_moves_to_disk_past_its_limit() -> None:
    small = ValueSet(limit=3)
    small.add(["a", "b"])
    assert not small.on_disk and small.contains(["a", "z", None]).tolist() == [True, False, False]
    small.add(f"v{i}" for i in range(10))
    assert small.on_disk and len(small) == 12
    assert small.contains(["v7", "a", "nope", None]).tolist() == [True, True, False, False]
    small.add(["v7", "new"])  # repeats are one value
    assert len(small) == 13
    small.close()


def test_values_read_compare_as_generated_text() -> None:
    import uuid

    text = Column(name="c", ordinal=1, declared_type="text", family=TypeFamily.TEXT, nullable=True)
    padded = Column(
        name="m", ordinal=2, declared_type="character(3)", family=TypeFamily.TEXT, nullable=True
    )
    u = uuid.UUID("00000001-0000-0000-0000-000000000001")
    assert as_text(u, text) == "00000001-0000-0000-0000-000000000001"
    assert as_text(date(2024, 1, 2), text) == "2024-01-02"
    assert as_text(7, text) == "7" and as_text(None, text) is None
    assert as_text("BR ", padded) == "BR"


def test_qualify_numbers_words_and_email_local_parts() -> None:
    assert qualify("Funil Vendas", 2) == "Funil Vendas 2"
    assert qualify("ana.souza@exemplo.com", 3) == "ana.souza.3@exemplo.com"
    assert qualify("Tabela Padrao", 12, limit=10) == "Tabela  12"
    assert len(qualify("Tabela Padrao", 12, limit=10)) == 10


def test_numbered_repeats_are_distinct_and_keep_the_values() -> None:
    gen = get_generator("domain.crm.pipeline_name")
    params = gen.parse_params(None)
    ctx = GenContext.for_column(seed=3, table="crm.funis", column="nome")
    wrapped = QualifiedGenerator.wrap(gen, rows=8)
    space = wrapped.value_space(ctx, params)
    assert space == 9 and wrapped.id == gen.id
    values = wrapped.from_index(ctx, params, np.arange(space, dtype=np.uint64)).to_pylist()
    assert len(set(values)) == 9
    assert set(values[:3]) == set(gen.labels)  # the first repeat: the labels themselves
    assert values[3] == f"{values[0]} 2" and values[8] == f"{values[2]} 3"
    # blockwise: any subset of indices gives the same values
    part = wrapped.from_index(ctx, params, np.array([8, 3], dtype=np.uint64)).to_pylist()
    assert part == [values[8], values[3]]


def test_a_sampled_vocabulary_for_generators_without_a_value_space() -> None:
    gen = get_generator("faker.company.raw.CompanySuffix")
    params = gen.parse_params(None)
    ctx = GenContext.for_column(seed=1, table="t", column="c", locale="pt_BR")
    vocab = vocabulary(gen, params, ctx)
    assert vocab is not None and not vocab.enumerated and 2 <= vocab.size <= 50
    # the vocabulary does not depend on the column's key (plan and engine agree on it)
    other = GenContext.for_column(seed=99, table="x", column="y", locale="pt_BR")
    again = vocabulary(gen, params, other)
    assert again is not None and again.values.equals(vocab.values)


def test_the_separator_changes_when_a_number_would_repeat_a_label() -> None:
    from datalchemy.generate.qualify import _unambiguous

    assert _unambiguous(["Lote", "Caixa"], "words", 3) == " "
    assert _unambiguous(["Lote", "Lote 2"], "words", 3) == " #"
    assert _unambiguous(["Lote", "Lote 9"], "words", 3) == " "  # 9 is never reached
    assert _unambiguous(["a@x.com", "a.2@x.com"], "email", 2) == "+"


# -------------------------------------------------------------------- PostgreSQL CRM


def _crm(url: str, *, seeded: bool) -> DatabaseSchema:
    datalchemy.create_fixture("crm", url, with_data=seeded)
    return datalchemy.introspect(url, schemas=["crm"]).schema


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def _plan(targets: dict[str, int], rules: list[dict[str, Any]] | None = None) -> Plan:
    return Plan.model_validate(
        {
            "plan_version": "0.3",
            "seed": 5,
            "schema_ref": {"schema_version": "0.3", "engine": "postgres"},
            "base_date": TODAY.isoformat(),
            "global": {"locale": "pt_BR"},
            "targets": [{"schema": "crm", "table": t, "rows": n} for t, n in targets.items()],
            "rules": rules or [],
        }
    )


def test_the_same_plan_appended_twice_avoids_every_key_it_wrote(
    pg_url: str, tmp_path: Path
) -> None:
    schema = _crm(pg_url, seeded=False)
    plan = Plan.model_validate_json(
        (ROOT / "tests/data/original_plans/m3_ptbr.plan.json").read_text()
    )
    first = datalchemy.generate(plan, schema, tmp_path / "1", base_date=TODAY)
    datalchemy.load(first.path, schema, pg_url)
    # Same plan, same seed: without --existing every key is already there.
    same = datalchemy.generate(plan, schema, tmp_path / "2", base_date=TODAY)
    with pytest.raises(ConstraintViolation) as caught:
        datalchemy.load(same.path, schema, pg_url)
    assert caught.value.code == "append_collision" and caught.value.constraint
    assert "nothing was written" in caught.value.message
    assert _rows(pg_url, "select count(*) from crm.usuarios")[0][0] == 20
    # With --existing, generated keys and unique values miss the rows held.
    second = datalchemy.generate(plan, schema, tmp_path / "3", base_date=TODAY, existing=pg_url)
    held = second.report.existing
    assert held is not None
    changed = {t.table: t.rows_changed for t in held.tables}
    assert changed["crm.usuarios"] == {"email": 20, "id": 20}
    loaded = datalchemy.load(second.path, schema, pg_url)
    assert loaded.report.status == "ok"
    assert _rows(pg_url, "select count(*) from crm.usuarios")[0][0] == 40
    emails = [r[0] for r in _rows(pg_url, "select email from crm.usuarios")]
    assert len(set(emails)) == 40
    # masked e-mails keep their shape: the number goes into the local part
    assert all(e.count("@") == 1 for e in emails)


def test_unique_values_the_seed_rows_hold_get_a_number(pg_url: str, tmp_path: Path) -> None:
    schema = _crm(pg_url, seeded=True)
    rule = {"type": "column_generator", "schema": "crm", "table": "fontes_lead",
            "column": "nome", "generator": "domain.crm.lead_source",
            "params": {"ascii": True}}  # fmt: skip
    gen = get_generator("domain.crm.lead_source")
    rows = len(gen.labels)  # every source once: 'Site' and 'Indicacao' are held already
    run = datalchemy.generate(_plan({"fontes_lead": rows}, [rule]), schema, tmp_path,
                              existing=pg_url)  # fmt: skip
    assert run.report.existing is not None
    fontes = next(t for t in run.report.existing.tables if t.table == "crm.fontes_lead")
    assert fontes.rows == 2 and fontes.values_read["nome"] == 2
    assert fontes.rows_changed["nome"] == 2
    datalchemy.load(run.path, schema, pg_url)
    names = {r[0] for r in _rows(pg_url, "select nome from crm.fontes_lead")}
    assert {"Site", "Indicacao", "Site 2", "Indicacao 2"} <= names
    assert len(names) == rows + 2


def test_foreign_keys_can_point_at_rows_already_there(pg_url: str, tmp_path: Path) -> None:
    schema = _crm(pg_url, seeded=True)
    strategy = {"type": "foreign_key_strategy", "schema": "crm", "table": "contatos",
                "mode": "existing"}  # fmt: skip
    plan = _plan({"contatos": 25}, [strategy])
    resolved = datalchemy.resolve_plan(plan, schema)
    assert [t.table for t in resolved.tables] == ["contatos"]  # no empresas generated
    with pytest.raises(GenerationError) as caught:
        datalchemy.generate(plan, schema, tmp_path / "no")
    assert caught.value.code == "existing_needs_target"
    run = datalchemy.generate(plan, schema, tmp_path, existing=pg_url)
    datalchemy.load(run.path, schema, pg_url)
    seeded = {r[0] for r in _rows(pg_url, "select id from crm.empresas")}
    picked = {r[0] for r in _rows(pg_url, "select empresa_id from crm.contatos")}
    assert len(seeded) == 2 and picked == seeded
    assert _rows(pg_url, "select count(*) from crm.contatos")[0][0] == 27
    # the same bytes again (parents are picked by key, in key order)
    again = datalchemy.generate(plan, schema, tmp_path / "again", workers=2, existing=pg_url)
    assert [f.sha256 for t in again.report.tables for f in t.files] != []


# -------------------------------------------------------------------- SQLite integer keys


DDL = """
create table dept (id integer primary key, name text not null unique);
create table emp (
    id integer primary key autoincrement,
    dept_id integer not null references dept(id),
    email text not null unique);
insert into dept values (1, 'Vendas'), (7, 'Suporte');
insert into emp (dept_id, email) values (1, 'ana@example.com'), (7, 'bia@example.com');
"""


def test_numbered_keys_start_past_the_largest_key_held(tmp_path: Path) -> None:
    db = tmp_path / "held.db"
    with sqlite3.connect(db) as con:
        con.executescript(DDL)
    url = f"sqlite:///{db}"
    schema = datalchemy.introspect(url).schema
    plan, _ = datalchemy.suggest_plan(schema, rows={"main.emp": 30}, seed=3)
    resolved = datalchemy.resolve_plan(plan, schema)
    held = read_existing(url, schema, resolved)
    try:
        assert held.tables["main.dept"].key_maxima == {"id": 7}
        assert held.tables["main.emp"].key_maxima == {"id": 2}
        keyed = key_rules(plan, resolved, held)  # what `plan suggest --conn` writes
    finally:
        held.close()
    starts = {
        (r.table, r.column): r.effective_params["start"]
        for r in keyed.rules
        if getattr(r, "generator_id", "") == "primitive.int.sequence_hint"
    }
    assert starts == {("dept", "id"): 8, ("emp", "id"): 3}
    # A value set past its memory limit moves to disk and says so; the data is the same.
    from datalchemy.generate import run_generation

    on_disk = read_existing(url, schema, resolved, limit=1)
    try:
        assert on_disk.report().on_disk
        spilled = run_generation(resolved, schema, tmp_path / "disk", existing=on_disk)
    finally:
        on_disk.close()
    run = datalchemy.generate(plan, schema, tmp_path / "out", existing=url)
    files = {f.path: f.sha256 for t in run.report.tables for f in t.files}
    assert files == {f.path: f.sha256 for t in spilled.report.tables for f in t.files}
    loaded = datalchemy.load(run.path, schema, url)
    assert loaded.report.status == "ok"
    with sqlite3.connect(db) as con:
        ids = [r[0] for r in con.execute("select id from dept order by id")]
        assert ids[:2] == [1, 7] and ids[2] == 8
        assert con.execute("select count(*) from emp").fetchone()[0] == 32


# -------------------------------------------------------------------- the command line


def _cli(*args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from datalchemy.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _held_db(tmp_path: Path) -> tuple[str, Path]:
    db = tmp_path / "held.db"
    with sqlite3.connect(db) as con:
        con.executescript(DDL)
    url = f"sqlite:///{db}"
    schema = tmp_path / "schema.json"
    schema.write_text(datalchemy.introspect(url).schema.model_dump_json(by_alias=True))
    return url, schema


def test_cli_append_checks_collisions_and_generate_existing_avoids_them(tmp_path: Path) -> None:
    url, schema = _held_db(tmp_path)
    plan = tmp_path / "plan.json"
    code, out, _ = _cli("plan", "suggest", "--schema", str(schema), "--rows", "main.emp=20",
                        "--out", str(plan), "--json")  # fmt: skip
    assert code == 0, out
    code, out, _ = _cli("generate", "--plan", str(plan), "--schema", str(schema), "--out",
                        str(tmp_path / "plain"), "--json")  # fmt: skip
    assert code == 0, out
    plain = json.loads(out)["run_dir"]
    code, out, _ = _cli("load", "--data", plain, "--schema", str(schema), "--conn", url, "--json")
    assert code == 6, out
    error = json.loads(out)["error"]
    assert error["code"] == "append_collision" and error["path"] == "main.dept"
    assert "row 1 of main.dept.csv has id = 1" in error["message"]
    with sqlite3.connect(tmp_path / "held.db") as con:  # nothing was written
        assert con.execute("select count(*) from emp").fetchone()[0] == 2
    code, out, _ = _cli("generate", "--plan", str(plan), "--schema", str(schema), "--out",
                        str(tmp_path / "for"), "--existing", url, "--json")  # fmt: skip
    assert code == 0, out
    payload = json.loads(out)
    held = {t["table"]: t for t in payload["existing"]["tables"]}
    assert held["main.dept"]["key_maxima"] == {"id": 7} and "***" not in url
    code, out, _ = _cli("load", "--data", payload["run_dir"], "--schema", str(schema), "--conn",
                        url, "--json")  # fmt: skip
    assert code == 0, out
    # `plan suggest --conn` writes the key starts into the plan itself
    keyed = tmp_path / "keyed.json"
    code, out, _ = _cli("plan", "suggest", "--schema", str(schema), "--rows", "main.emp=20",
                        "--conn", url, "--out", str(keyed), "--json")  # fmt: skip
    assert code == 0, out
    rules = json.loads(keyed.read_text())["rules"]
    starts = {r["table"]: r["generator"]["params"]["start"] for r in rules
              if r["type"] == "column_generator"
              and r["generator"]["id"] == "primitive.int.sequence_hint"}  # fmt: skip
    with sqlite3.connect(tmp_path / "held.db") as con:  # past the rows held after the load
        tops = {t: con.execute(f"select max(id) from {t}").fetchone()[0] for t in ("dept", "emp")}
    assert starts == {"dept": tops["dept"] + 1, "emp": tops["emp"] + 1} and tops["emp"] == 22


def test_cli_generate_strict_refuses_repairs_and_lists_them_first(tmp_path: Path) -> None:
    plan = str(ROOT / "tests/data/original_plans/crm_domain.plan.json")
    schema = str(ROOT / "tests/golden/crm.schema.json")
    code, out, _ = _cli("generate", "--plan", plan, "--schema", schema, "--strict", "--json",
                        "--out", str(tmp_path))  # fmt: skip
    assert code == 4
    issues = json.loads(out)["issues"]
    assert ("unique_capacity", "/rules/3/generator") in {(i["code"], i["path"]) for i in issues}
    assert not list(tmp_path.iterdir())  # nothing generated
    code, out, _ = _cli("generate", "--plan", plan, "--schema", schema, "--out", str(tmp_path),
                        "--base-date", "2026-01-01")  # fmt: skip
    assert code == 0, out
    flat = " ".join(out.split())
    assert flat.index("1 repair(s)") < flat.index("generated into")
    assert "unique_capacity" in flat and "disambiguate" in flat
