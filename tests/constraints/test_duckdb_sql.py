"""``verify_sql``: every golden and hostile CHECK transpiles and runs in DuckDB, with the same
verdicts as the source database (today as the base date, full-precision timestamps, LIKE escapes,
SQLite's ``typeof`` and integer division)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from datalchemy.constraints import (
    CheckAnalysis,
    CheckVerifier,
    ColumnOrder,
    analyze_table,
)

from .helpers import (
    BASE,
    CAR_RENTAL,
    CRM,
    HERE,
    F,
    analyze,
    empty_schema,
    load,
    one_domain,
)


def test_sqlite_typeof_and_integer_division() -> None:
    fam = {"n": F.INTEGER, "r": F.FLOAT}
    analysis, _, _ = analyze("typeof(n) = 'integer'", dialect="sqlite", families=fam)
    assert analysis.strategy == "verify"
    masks = CheckVerifier([analysis]).failing(pa.table({"n": [1, None]}))
    assert masks[0].tolist() == [False, True]  # typeof(NULL) is 'null'
    analysis, _, _ = analyze("n / 2 = 1", dialect="sqlite", families=fam)
    assert "//" in (analysis.verify_sql or "")
    assert CheckVerifier([analysis]).failing(pa.table({"n": [2, 3, 4]}))[0].tolist() == [
        False,
        False,
        True,
    ]


# --------------------------------------------------------------------------------- timestamps


def test_timestamps_compared_at_full_precision() -> None:
    fam = {"inicio": F.TIMESTAMP, "fim": F.TIMESTAMP}
    analysis, _, orders = analyze("fim IS NULL OR fim >= inicio", families=fam)
    assert analysis.strategy == "domain"
    assert orders == [ColumnOrder("fim", ">=", "inicio", True, "chk")]
    start = datetime(2024, 3, 1, 12, 0, 0, 500_000)
    batch = pa.table(
        {
            "inicio": pa.array([start, start, start, start], pa.timestamp("us")),
            "fim": pa.array(
                [start, start - timedelta(microseconds=1), start + timedelta(microseconds=1), None],
                pa.timestamp("us"),
            ),
        }
    )
    assert CheckVerifier([analysis]).failing(batch)[0].tolist() == [False, True, False, False]


def test_timestamp_against_now_is_not_by_date() -> None:
    analysis, dom = one_domain("ts <= now()")
    assert dom.maximum == datetime(2024, 1, 1, 0, 0)
    batch = pa.table(
        {
            "ts": pa.array(
                [
                    datetime(2024, 1, 1),
                    datetime(2024, 1, 1, 0, 0, 0, 1),
                    datetime(2023, 12, 31, 23),
                ],
                pa.timestamp("us"),
            )
        }
    )
    assert CheckVerifier([analysis]).failing(batch)[0].tolist() == [False, True, False]


def test_timestamptz_against_now_in_utc() -> None:
    analysis, _ = one_domain("tstz <= now()")
    batch = pa.table(
        {
            "tstz": pa.array(
                [datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, 0, 0, 1, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            )
        }
    )
    assert CheckVerifier([analysis]).failing(batch)[0].tolist() == [False, True]


# ----------------------------------------------------------------- everything runs in DuckDB


@pytest.mark.parametrize("path", [CRM, CAR_RENTAL], ids=["crm", "car_rental"])
def test_every_golden_check_runs_in_duckdb(path: Path) -> None:
    schema = load(path)
    count = 0
    for _, table in schema.iter_tables():
        tc = analyze_table(schema, table, base_date=BASE)
        assert all(c.verify_sql for c in tc.checks)
        verifier = CheckVerifier(tc.checks, schema=empty_schema(table))
        assert verifier.unsupported == {}, (table.name, verifier.unsupported)
        count += len(tc.checks)
    assert count == (29 if path == CRM else 4)


def test_sqlite_hostile_checks_run_in_duckdb(tmp_path: Path) -> None:
    from datalchemy.db.urls import parse_connection
    from datalchemy.introspect.sqlite import introspect_sqlite

    path = tmp_path / "hostile.db"
    conn = sqlite3.connect(path)
    conn.executescript((HERE / "sql" / "sqlite" / "hostile.sql").read_text(encoding="utf-8"))
    conn.close()
    schema, _ = introspect_sqlite(parse_connection(f"sqlite:///{path}"))
    seen = {}
    for _, table in schema.iter_tables():
        tc = analyze_table(schema, table, base_date=BASE)
        verifier = CheckVerifier(tc.checks, schema=empty_schema(table))
        assert verifier.unsupported == {}, (table.name, verifier.unsupported)
        for check in tc.checks:
            seen[check.verify_sql] = check.strategy
        if table.name == "Order Items":
            dom = tc.domain('qty "x"')
            assert dom is not None and dom.minimum == 1
    assert seen == {
        '"qty ""x""" > 0': "domain",
        '"n" < 100': "domain",
        '"total" >= 0': "domain",
        'NOT "placed_at" IS NULL OR "total" IS NULL': "verify",
        # trg_order_total (WHEN NEW.total > 1000000 ... RAISE), recorded as a CHECK.
        'NOT ("total" > 1000000)': "domain",
    }


# ----------------------------------------------------------------------------------- escapes


def test_like_escape_semantics_in_duckdb() -> None:
    pg = analyze("t ~~ 'a\\_b%'::text")[0]
    lite = analyze("t LIKE 'a\\_b%'", dialect="sqlite")[0]
    batch = pa.table({"t": ["a_bc", "axbc", "a\\_bc", "A_BC"]})
    assert CheckVerifier([pg]).failing(batch)[0].tolist() == [False, True, True, True]
    # SQLite: no default escape (the backslash is literal) and ASCII case is ignored
    assert CheckVerifier([lite]).failing(batch)[0].tolist() == [True, True, False, True]


def test_postgres_hostile_checks_run_in_duckdb(pg_server: Any) -> None:
    import psycopg

    from datalchemy.db.urls import parse_connection
    from datalchemy.introspect.postgres import introspect_postgres

    url = pg_server.create_database()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                (HERE / "sql" / "postgres" / "hostile.sql").read_text(encoding="utf-8").encode()
            )
        schema, _ = introspect_postgres(parse_connection(url))
    finally:
        pg_server.drop_database(url.rsplit("/", 1)[-1].split("?")[0])
    analysed: dict[str, CheckAnalysis] = {}
    for _, table in schema.iter_tables():
        tc = analyze_table(schema, table, base_date=BASE)
        verifier = CheckVerifier(tc.checks, schema=empty_schema(table))
        assert verifier.unsupported == {}, (table.name, verifier.unsupported)
        for check in tc.checks:
            analysed[f"{table.name}.{check.name}"] = check
        if table.name == "types":
            qty = tc.domain("qty")
            assert qty is not None and (qty.minimum, qty.maximum, qty.not_null) == (1, 99, True)
            cost = tc.domain("cost")
            assert cost is not None and cost.minimum == Decimal(0)
    assert {k: v.strategy for k, v in analysed.items()} == {
        "no_pk.no_pk_amount_chk": "domain",
        "no_pk.no_pk_late_chk": "domain",
        "no_pk.no_pk_two_cols_chk": "domain",
        "types.small_positive_lt_100": "domain",
        "types.positive_int_check": "domain",
        "types.price_check": "domain",
        "types.tag_list_check": "domain",
        # The trigger identities_reject (if new.qty < 0 then raise ...), recorded as a CHECK.
        "identities.identities_reject": "domain",
    }
