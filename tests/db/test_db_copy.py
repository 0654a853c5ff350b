"""COPY helpers against the real server: CSV bytes and Arrow batches, NULL vs empty string."""

from __future__ import annotations

import datetime as dt
import decimal
import io
from pathlib import Path

import psycopg
import pyarrow as pa
import pytest

from datalchemy.db.copy import copy_arrow, copy_csv
from datalchemy.db.metrics import DbMetrics
from datalchemy.errors import ConstraintViolation

DDL = "create table t (id int primary key, name text, price numeric(12,2), seen timestamp)"
COLUMNS = ["id", "name", "price", "seen"]


@pytest.fixture
def conn(pg_url: str) -> psycopg.Connection[tuple[object, ...]]:
    c = psycopg.connect(pg_url)
    c.execute(DDL)
    c.commit()
    yield c
    c.close()


def test_copy_csv_file_streams_bytes(conn: psycopg.Connection, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    lines = ["id,name,price,seen"] + [
        f'{i},"n{i}",{i}.50,2024-01-01 00:00:0{i % 10}' for i in range(1, 2001)
    ]
    path.write_text("\n".join(lines) + "\n")
    metrics = DbMetrics()
    assert copy_csv(conn, "public.t", COLUMNS, path, block_size=4096, metrics=metrics) == 2000
    conn.commit()
    assert conn.execute("select count(*), sum(price) from t").fetchone() == (
        2000,
        decimal.Decimal("2002000.00"),
    )
    snap = metrics.snapshot()
    assert snap.rows_written == 2000
    assert snap.bytes_written == path.stat().st_size


def test_copy_arrow_keeps_null_and_empty_apart(conn: psycopg.Connection) -> None:
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array([1, 2, 3], pa.int32()),
            pa.array(["a", "", None]),
            pa.array(
                [decimal.Decimal("1.20"), None, decimal.Decimal("-3.00")], pa.decimal128(12, 2)
            ),
            pa.array([dt.datetime(2024, 1, 1, 1, 2, 3, 4), None, dt.datetime(2024, 2, 1)]),
        ],
        names=COLUMNS,
    )
    assert copy_arrow(conn, "t", COLUMNS, [batch, batch.slice(0, 0)]) == 3
    rows = conn.execute("select id, name, price, seen from t order by id").fetchall()
    assert rows == [
        (1, "a", decimal.Decimal("1.20"), dt.datetime(2024, 1, 1, 1, 2, 3, 4)),
        (2, "", None, None),
        (3, None, decimal.Decimal("-3.00"), dt.datetime(2024, 2, 1)),
    ]


def test_copy_violation_is_mapped_and_rolls_back(conn: psycopg.Connection) -> None:
    data = io.BytesIO(b"1,a,1,2024-01-01\n1,b,2,2024-01-01\n")
    with pytest.raises(ConstraintViolation) as err:
        copy_csv(conn, "t", COLUMNS, data, header=False)
    assert err.value.constraint == "t_pkey"
    conn.rollback()
    assert conn.execute("select count(*) from t").fetchone() == (0,)
