"""Shared helpers of the constraint tests: the shape catalogue's columns, analysing one CHECK."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from datalchemy.constraints import (
    CheckAnalysis,
    ColumnDomain,
    ColumnOrder,
    analyze_check,
)
from datalchemy.contracts.schema import (
    CheckConstraint,
    DatabaseSchema,
    Table,
    TypeFamily,
)

#: tests/ (the golden schemas and SQL scripts live there).
HERE = Path(__file__).parent.parent
CRM = HERE / "golden" / "crm.schema.json"
CAR_RENTAL = HERE / "golden" / "car_rental.schema.json"
BASE = date(2024, 1, 1)
F = TypeFamily

#: Columns of the shape catalogue (and of the PostgreSQL cross-check table).
FAMILIES: dict[str, TypeFamily] = {
    "x": F.INTEGER,
    "y": F.INTEGER,
    "n": F.DECIMAL,
    "f": F.FLOAT,
    "t": F.TEXT,
    "vc": F.TEXT,
    "d": F.DATE,
    "ts": F.TIMESTAMP,
    "ts2": F.TIMESTAMP,
    "tstz": F.TIMESTAMPTZ,
    "tt": F.TIME,
    "b": F.BOOLEAN,
    "e": F.ENUM,
    "arr": F.ARRAY,
    "j": F.JSON,
    "bin": F.BYTES,
}


def load(path: Path) -> DatabaseSchema:
    return DatabaseSchema.model_validate_json(path.read_text(encoding="utf-8"))


def analyze(
    expression: str,
    *,
    dialect: str = "postgres",
    families: Mapping[str, TypeFamily] | None = None,
    name: str | None = "chk",
    value_column: str | None = None,
    level: str = "table",
) -> tuple[CheckAnalysis, list[ColumnDomain], list[ColumnOrder]]:
    check = CheckConstraint(name=name, expression=expression, level=level)  # type: ignore[arg-type]
    return analyze_check(
        check,
        dialect=dialect,  # type: ignore[arg-type]
        base_date=BASE,
        families=FAMILIES if families is None else families,
        value_column=value_column,
    )


def one_domain(expression: str, **kwargs: Any) -> tuple[CheckAnalysis, ColumnDomain]:
    analysis, domains, orders = analyze(expression, **kwargs)
    assert len(domains) == 1, (expression, domains)
    assert not orders
    return analysis, domains[0]


def arrow_type(family: TypeFamily) -> pa.DataType:
    return {
        F.BOOLEAN: pa.bool_(),
        F.INTEGER: pa.int64(),
        F.DECIMAL: pa.decimal128(38, 10),
        F.MONEY: pa.decimal128(38, 2),
        F.FLOAT: pa.float64(),
        F.DATE: pa.date32(),
        F.TIME: pa.time64("us"),
        F.TIMESTAMP: pa.timestamp("us"),
        F.TIMESTAMPTZ: pa.timestamp("us", tz="UTC"),
        F.INTERVAL: pa.month_day_nano_interval(),
        F.BYTES: pa.binary(),
        F.ARRAY: pa.list_(pa.string()),
    }.get(family, pa.string())


def empty_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, arrow_type(c.family)) for c in table.columns])
