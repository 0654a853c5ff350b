"""ODBC introspection compared with the native introspectors on the built-in fixtures.

CRM (PostgreSQL) through psqlODBC and car-rental (SQLite) through libsqliteodbc must yield the
same tables, columns, primary keys, foreign keys and unique keys as the native readers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datalchemy.contracts.schema import DatabaseSchema, TypeFamily
from datalchemy.db.odbc import connection_string
from datalchemy.db.urls import parse_connection
from datalchemy.engines import check_dialect
from datalchemy.errors import InputError
from datalchemy.fixtures import create_fixture
from datalchemy.introspect import introspect
from datalchemy.introspect.odbc import odbc_type_facts


def shape(schema: DatabaseSchema) -> dict[str, object]:
    tables = {f"{s.name}.{t.name}": t for s, t in schema.iter_tables()}
    return {
        "tables": sorted(tables),
        "columns": {k: [c.name for c in t.columns] for k, t in tables.items()},
        "pk": {k: t.primary_key.columns if t.primary_key else None for k, t in tables.items()},
        "fk": {
            k: sorted(
                (tuple(f.columns), f.referenced, tuple(f.referenced_columns), f.on_delete.value)
                for f in t.foreign_keys
            )
            for k, t in tables.items()
        },
        "unique": {k: sorted(tuple(u.columns) for u in t.uniques) for k, t in tables.items()},
    }


def counts(schema: DatabaseSchema) -> tuple[int, int, int, int]:
    tables = [t for _, t in schema.iter_tables()]
    return (
        len(tables),
        sum(len(t.columns) for t in tables),
        sum(1 for t in tables if t.primary_key),
        sum(len(t.foreign_keys) for t in tables),
    )


def test_crm_through_psqlodbc_matches_native(pg_url: str, pg_odbc_info: object) -> None:
    create_fixture("crm", pg_url)
    native = introspect(pg_url)
    info = parse_connection(connection_string(parse_connection(pg_url), with_profile=False))
    via_odbc = introspect(info)
    assert via_odbc.schema.engine == "odbc"
    # The driver family is recorded, so CHECK text would be read in the source's dialect.
    assert via_odbc.schema.source_dialect == "postgres" == check_dialect(via_odbc.schema)
    assert via_odbc.schema.fingerprint == via_odbc.schema.compute_fingerprint()
    assert counts(via_odbc.schema) == counts(native.schema) == (20, 132, 20, 27)
    assert shape(via_odbc.schema) == shape(native.schema)
    # Types: every family agrees except enums, which ODBC only sees as text (with a warning).
    enum_columns = set()
    for s, t in native.schema.iter_tables():
        other = via_odbc.schema.find_table(s.name, t.name)
        assert other is not None
        for col in t.columns:
            got = other.column(col.name)
            assert got.nullable == col.nullable, f"{t.name}.{col.name}"
            if col.family is TypeFamily.ENUM:
                enum_columns.add(f"{s.name}.{t.name}.{col.name}")
                assert got.family is TypeFamily.TEXT
            else:
                assert got.family == col.family, f"{t.name}.{col.name}"
                assert (got.precision, got.scale) == (col.precision, col.scale)
    codes = {w.code for w in via_odbc.warnings}
    assert "odbc_catalog_limits" in codes
    assert {w.path for w in via_odbc.warnings if w.code == "odbc_user_type"} == enum_columns
    assert via_odbc.schema.fingerprint and via_odbc.schema.fingerprint.startswith("sha256:")


def test_car_rental_through_sqliteodbc_matches_native(
    tmp_path: Path, sqlite_odbc_info: object
) -> None:
    path = tmp_path / "car_rental.db"
    create_fixture("car-rental", f"sqlite:///{path}")
    native = introspect(f"sqlite:///{path}")
    via_odbc = introspect(f"Driver={{SQLite3}};Database={path}")
    assert via_odbc.schema.source_dialect == "sqlite" == check_dialect(via_odbc.schema)
    assert counts(via_odbc.schema) == counts(native.schema) == (20, 91, 20, 18)
    assert shape(via_odbc.schema) == shape(native.schema)
    for s, t in native.schema.iter_tables():
        other = via_odbc.schema.find_table(s.name, t.name)
        assert other is not None
        assert [c.family for c in other.columns] == [c.family for c in t.columns], t.name


def test_unknown_schema_is_input_error(tmp_path: Path, sqlite_odbc_info: object) -> None:
    path = tmp_path / "car_rental.db"
    create_fixture("car-rental", f"sqlite:///{path}")
    with pytest.raises(InputError) as err:
        introspect(f"Driver={{SQLite3}};Database={path}", schemas=["nope"])
    assert err.value.code == "schema_not_found"


def test_type_facts_mapping() -> None:
    assert odbc_type_facts(12, "varchar", 40, None).length == 40
    char = odbc_type_facts(1, "bpchar", 2, None)
    assert char.fixed_length and char.length == 2
    assert odbc_type_facts(93, "timestamptz", 26, 6).family is TypeFamily.TIMESTAMPTZ
    assert odbc_type_facts(93, "timestamp", 26, 6).family is TypeFamily.TIMESTAMP
    assert odbc_type_facts(-7, "bool", 1, None).family is TypeFamily.BOOLEAN
    assert odbc_type_facts(-3, "bytea", 255, None).family is TypeFamily.BYTES
    assert odbc_type_facts(5, "int2", 5, 0).int_bits == 16
    assert odbc_type_facts(12, "jsonb", 255, None).family is TypeFamily.JSON
    assert odbc_type_facts(1111, "weird", None, None).family is TypeFamily.UNKNOWN
