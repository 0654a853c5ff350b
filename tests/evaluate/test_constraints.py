"""Corrupt generated files on purpose; each corruption is caught and attributed to the right
constraint, table and column (DuckDB decides; nothing is mocked)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from datalchemy.contracts.metrics import ConstraintResult, EvaluationMetrics
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.evaluate import run_evaluate
from datalchemy.fixtures import create_fixture
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan

from .helpers import BASE, cycle_schema, generate, read_cells, set_cell


def _violated(m: EvaluationMetrics) -> list[ConstraintResult]:
    return [c for c in m.constraints if c.status == "violated" and c.kind != "file_hash"]


def _dup_pk(d: Path) -> None:
    # A new row reusing the first id (changing an existing id would also orphan its orders).
    path = d / "shop.customers.csv"
    _, rows = read_cells(path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f'{rows[0][0]},"dup.only@example.org","Dup Licate",\n')


def _dup_composite(d: Path) -> None:
    header, rows = read_cells(d / "shop.orders.csv")
    cust, line = header.index("customer_id"), header.index("line_no")
    set_cell(d / "shop.orders.csv", 1, "customer_id", rows[0][cust])
    set_cell(d / "shop.orders.csv", 1, "line_no", rows[0][line])


def _orphan(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 2, "customer_id", "987654321")


def _check(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 3, "total", "-5.00")


def _check_tz(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 5, "created_at", '"1999-12-31 23:00:00.000000Z"')


def _overlong(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 4, "code", '"abcdefghijk"')


def _null(d: Path) -> None:
    set_cell(d / "shop.customers.csv", 5, "name", "")


def _enum(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 6, "status", '"lost"')


def _scale(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 7, "total", "12.345")


def _precision(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 8, "total", "123456789.00")


def _type(d: Path) -> None:
    set_cell(d / "shop.orders.csv", 9, "placed_on", '"2023-02-30"')


CASES: list[tuple[str, Callable[[Path], None], str, str, list[str], str | None]] = [
    ("duplicate_pk", _dup_pk, "primary_key", "shop.customers", ["id"], "customers_pkey"),
    (
        "duplicate_composite_unique",
        _dup_composite,
        "unique",
        "shop.orders",
        ["customer_id", "line_no"],
        "orders_customer_line_key",
    ),
    ("orphan_fk", _orphan, "foreign_key", "shop.orders", ["customer_id"], "orders_customer_fk"),
    ("check", _check, "check", "shop.orders", ["total"], "orders_total_chk"),
    ("check_timestamptz", _check_tz, "check", "shop.orders", ["created_at"], "orders_created_chk"),
    ("overlong_varchar", _overlong, "length", "shop.orders", ["code"], None),
    ("null_in_not_null", _null, "not_null", "shop.customers", ["name"], "name NOT NULL"),
    ("bad_enum_label", _enum, "enum", "shop.orders", ["status"], None),
    ("wrong_numeric_scale", _scale, "numeric_scale", "shop.orders", ["total"], None),
    ("numeric_precision_overflow", _precision, "numeric_precision", "shop.orders", ["total"], None),
    ("invalid_date", _type, "type", "shop.orders", ["placed_on"], None),
]


@pytest.mark.parametrize(
    ("corrupt", "kind", "table", "columns", "name"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_corruption_is_caught_and_attributed(
    shop: DatabaseSchema,
    shop_copy: Path,
    corrupt: Callable[[Path], None],
    kind: str,
    table: str,
    columns: list[str],
    name: str | None,
) -> None:
    corrupt(shop_copy)
    m = run_evaluate(shop, None, shop_copy).metrics
    violated = _violated(m)
    assert [(c.kind, c.table, c.columns, c.name) for c in violated] == [
        (kind, table, columns, name)
    ], violated
    assert violated[0].violations == 1
    assert violated[0].examples  # a few examples, masked where PII
    assert m.status == "violations"
    # Editing a file also changes its hash: provenance says so, attributed to the file.
    hashes = [c for c in m.constraints if c.kind == "file_hash" and c.status == "violated"]
    assert [c.table for c in hashes] == [table]


def test_clean_dataset_has_no_violations(shop: DatabaseSchema, shop_copy: Path) -> None:
    m = run_evaluate(shop, None, shop_copy).metrics
    assert m.status == "ok" and m.violations_total == 0 and m.not_evaluated_total == 0
    kinds = {s.kind: s for s in m.summary}
    # Every family of constraint was actually checked, not skipped.
    for kind in (
        "primary_key",
        "unique",
        "foreign_key",
        "not_null",
        "check",
        "type",
        "length",
        "numeric_precision",
        "numeric_scale",
        "enum",
        "file_hash",
    ):
        assert kinds[kind].checked > 0, kind
    assert all(f.ok for f in m.provenance.files)
    assert m.provenance.schema_fingerprint_ok is True
    assert m.provenance.plan_fingerprint_ok is True


def test_empty_string_is_not_null_but_empty_field_is(shop: DatabaseSchema, shop_copy: Path) -> None:
    # `""` is an empty string (allowed in a NOT NULL text column); an empty field is NULL.
    set_cell(shop_copy / "shop.customers.csv", 0, "name", '""')
    m = run_evaluate(shop, None, shop_copy).metrics
    assert _violated(m) == []
    set_cell(shop_copy / "shop.customers.csv", 1, "name", "")
    m = run_evaluate(shop, None, shop_copy).metrics
    assert [(c.kind, c.columns, c.violations) for c in _violated(m)] == [("not_null", ["name"], 1)]


def test_hash_mismatch_is_reported(shop: DatabaseSchema, shop_copy: Path) -> None:
    # A change that breaks no constraint: only provenance can tell.
    header, _ = read_cells(shop_copy / "shop.orders.csv")
    set_cell(shop_copy / "shop.orders.csv", 0, "code", '"zz"')
    m = run_evaluate(shop, None, shop_copy).metrics
    assert _violated(m) == []
    bad = [f for f in m.provenance.files if not f.ok]
    assert [f.path for f in bad] == ["shop.orders.csv"]
    assert bad[0].actual_sha256 != bad[0].expected_sha256
    hashes = [c for c in m.constraints if c.kind == "file_hash" and c.status == "violated"]
    assert [(c.name, c.table) for c in hashes] == [("shop.orders.csv", "shop.orders")]
    assert m.status == "violations" and m.violations_total == 1
    assert header  # the file still parses


def test_duplicate_rows_count_beyond_the_first(shop: DatabaseSchema, shop_copy: Path) -> None:
    path = shop_copy / "shop.orders.csv"
    _, rows = read_cells(path)
    with path.open("a", encoding="utf-8") as fh:  # three rows share the first id: two extra
        for line_no in (900001, 900002):
            fh.write(",".join([rows[0][0], rows[0][1], str(line_no), *rows[0][3:]]) + "\n")
    m = run_evaluate(shop, None, shop_copy).metrics
    pk = next(c for c in m.constraints if c.kind == "primary_key" and c.table == "shop.orders")
    assert pk.violations == 2
    assert pk.examples == [f"(id={rows[0][0]}) x3"]
    assert [c.kind for c in _violated(m)] == ["primary_key"]


def test_composite_unique_ignores_keys_with_null(
    tmp_path: Path, shop: DatabaseSchema, shop_copy: Path
) -> None:
    # SQL semantics: (NULL, 1) never collides with (NULL, 1) in a UNIQUE constraint. The
    # column is NOT NULL, so the NULLs are reported there, and only there.
    header, rows = read_cells(shop_copy / "shop.orders.csv")
    line = header.index("line_no")
    for i in (0, 1):
        set_cell(shop_copy / "shop.orders.csv", i, "customer_id", "")
        set_cell(shop_copy / "shop.orders.csv", i, "line_no", rows[0][line])
    m = run_evaluate(shop, None, shop_copy).metrics
    assert [(c.kind, c.columns, c.violations) for c in _violated(m)] == [
        ("not_null", ["customer_id"], 2)
    ]


def test_fixups_are_applied_before_fk_checks(tmp_path: Path) -> None:
    org = cycle_schema()
    data = generate(org, tmp_path / "org", rows={"org.emp": 200, "org.dept": 20})
    m = run_evaluate(org, None, data).metrics
    assert m.status == "ok", _violated(m)
    card = {c.foreign_key: c for c in m.foreign_keys}
    # The main file has every manager_id NULL; the fix-up file sets them.
    assert card["dept_manager_fk"].null_children == 0
    assert card["dept_manager_fk"].children == 20
    # A fix-up pointing at a missing employee is an orphan of that FK.
    fix = data / "org.dept.dept_manager_fk.fixups.csv"
    set_cell(fix, 0, "manager_id", "99999999")
    m = run_evaluate(org, None, data).metrics
    assert [(c.kind, c.name, c.violations) for c in _violated(m)] == [
        ("foreign_key", "dept_manager_fk", 1)
    ]


def test_parquet_dataset(tmp_path: Path, shop: DatabaseSchema) -> None:
    data = generate(shop, tmp_path / "pq", fmt="parquet")
    m = run_evaluate(shop, None, data).metrics
    assert m.status == "ok" and {t.format for t in m.tables} == {"parquet"}
    assert {s.kind for s in m.summary} >= {"primary_key", "unique", "foreign_key", "check"}
    assert sum(t.rows_found for t in m.tables) > 0


def test_unevaluable_check_is_listed_not_passed(
    tmp_path: Path, shop: DatabaseSchema, shop_data: Path
) -> None:
    from datalchemy.contracts.schema import CheckConstraint

    odd = shop.model_copy(deep=True)
    orders = odd.get_schema("shop").table("orders")
    orders.checks.append(
        CheckConstraint(name="orders_magic_chk", expression="my_udf(total) > 0", columns=["total"])
    )
    m = run_evaluate(odd, None, shop_data, out_dir=tmp_path / "out").metrics
    magic = next(c for c in m.constraints if c.name == "orders_magic_chk")
    assert magic.status == "not_evaluated" and magic.note
    assert m.status == "incomplete" and m.not_evaluated_total == 1
    assert any(w.code == "check_not_evaluated" for w in m.warnings)


def test_sqlite_car_rental_with_plan_file(tmp_path: Path) -> None:
    # The SQLite dialect (CHECKs parsed as SQLite), a plan given explicitly, and its fingerprint.
    url = f"sqlite:///{tmp_path / 'source.db'}"
    create_fixture("car-rental", url)
    schema = introspect(url).schema
    plan, _ = suggest_plan(schema, rows=200, locale="pt_BR", base_date=BASE)
    data = run_generation(resolve_plan(plan, schema), schema, tmp_path / "out").path
    m = run_evaluate(schema, plan, data).metrics
    assert m.status == "ok", _violated(m)
    assert m.provenance.plan_fingerprint_ok is True
    assert {s.kind for s in m.summary} >= {"primary_key", "foreign_key", "check"}
    other = plan.model_copy(update={"seed": plan.seed + 1})
    m = run_evaluate(schema, other, data, out_dir=tmp_path / "other").metrics
    assert m.provenance.plan_fingerprint_ok is False
    assert any(w.code == "plan_fingerprint_mismatch" for w in m.warnings)
