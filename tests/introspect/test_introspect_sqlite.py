"""SQLite introspection on real database files: the car-rental golden, a hostile schema, bad input.

Regenerate the golden file with
``UPDATE_GOLDEN=1 pytest tests/introspect/test_introspect_sqlite.py``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import DatabaseSchema, FkAction, Table, TableKind, TypeFamily
from datalchemy.db.urls import parse_connection
from datalchemy.errors import ConnectionFailed, InputError
from datalchemy.fixtures import create_fixture
from datalchemy.introspect import sqlite as sqlite_introspect
from datalchemy.introspect.sqlite import _introspect_connection, introspect_sqlite
from datalchemy.introspect.sqlite_ddl import DdlError
from datalchemy.introspect.sqlite_types import map_type

HERE = Path(__file__).parents[1]  # tests/
GOLDEN = HERE / "golden" / "car_rental.schema.json"
HOSTILE_SQL = HERE / "sql" / "sqlite" / "hostile.sql"

Result = tuple[DatabaseSchema, list[Issue]]


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _build_car_rental(path: Path) -> Path:
    create_fixture("car-rental", _url(path))
    return path


def _build_from_sql(path: Path, sql: str) -> Path:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(sql)
    finally:
        conn.close()
    return path


def _normalized(schema: DatabaseSchema) -> dict[str, Any]:
    """The contract as JSON with the machine-dependent fields (not fingerprinted) blanked."""
    data: dict[str, Any] = json.loads(schema.to_json())
    data["engine_version"] = None
    data["database"] = None
    return data


def _table(schema: DatabaseSchema, name: str) -> Table:
    table = schema.find_table("main", name)
    assert table is not None, name
    return table


def _codes(issues: list[Issue]) -> set[tuple[str, str | None]]:
    return {(i.code, i.path) for i in issues}


# --------------------------------------------------------------------------------------------
# Car-rental fixture
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def car_rental(tmp_path_factory: pytest.TempPathFactory) -> Result:
    path = _build_car_rental(tmp_path_factory.mktemp("car") / "car_rental.db")
    return introspect_sqlite(parse_connection(_url(path)))


def test_car_rental_matches_golden(car_rental: Result) -> None:
    schema, _ = car_rental
    actual = _normalized(schema)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", "utf-8")
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert actual == expected
    assert schema.fingerprint == expected["fingerprint"] == schema.compute_fingerprint()
    # The golden file round-trips through the contract.
    assert DatabaseSchema.model_validate(expected).compute_fingerprint() == schema.fingerprint


def test_car_rental_header_and_no_warnings(car_rental: Result) -> None:
    schema, issues = car_rental
    assert schema.engine == "sqlite"
    assert schema.engine_version == sqlite3.sqlite_version
    assert schema.database == "car_rental.db"
    assert [s.name for s in schema.schemas] == ["main"]
    assert issues == []


def test_car_rental_counts(car_rental: Result) -> None:
    schema, _ = car_rental
    tables = [t for _, t in schema.iter_tables()]
    assert len(tables) == 20
    assert [t.name for t in tables] == sorted(t.name for t in tables)
    assert all(t.kind is TableKind.TABLE for t in tables)
    assert sum(len(t.foreign_keys) for t in tables) == 18
    assert "sqlite_sequence" not in {t.name for t in tables}


def test_car_rental_primary_keys_autoincrement(car_rental: Result) -> None:
    schema, _ = car_rental
    for _, table in schema.iter_tables():
        assert table.primary_key is not None and len(table.primary_key.columns) == 1
        pk = table.column(table.primary_key.columns[0])
        assert pk.autoincrement, table.name
        assert pk.family is TypeFamily.INTEGER and pk.int_bits == 64
        assert not pk.nullable  # a rowid alias is never NULL
        assert [c.name for c in table.columns if c.autoincrement] == [pk.name]


def test_car_rental_uniques(car_rental: Result) -> None:
    schema, _ = car_rental
    for table, column in [
        ("clientes", "cpf"),
        ("usuarios_sistema", "email"),
        ("veiculos", "placa"),
    ]:
        uniques = _table(schema, table).uniques
        assert [(u.columns, u.source, u.name) for u in uniques] == [([column], "constraint", None)]
    assert not _table(schema, "veiculos").column("placa").nullable
    assert _table(schema, "clientes").column("cpf").nullable
    total = sum(len(t.uniques) for _, t in schema.iter_tables())
    assert total == 3


def test_car_rental_checks(car_rental: Result) -> None:
    schema, _ = car_rental
    expected = {
        "usuarios_sistema": ("perfil", "perfil IN ('admin', 'atendente')"),
        "veiculos": ("status", "status IN ('disponivel', 'alugado', 'manutencao')"),
        "contratos": ("status", "status IN ('aberto', 'fechado', 'cancelado')"),
        "avaliacoes": ("nota", "nota BETWEEN 1 AND 5"),
    }
    for _, table in schema.iter_tables():
        if table.name in expected:
            column, expression = expected[table.name]
            [check] = table.checks
            assert check.expression == expression
            assert check.columns == [column]
            assert check.level == "column"
            assert check.name is None
        else:
            assert table.checks == []


def test_car_rental_defaults_and_families(car_rental: Result) -> None:
    schema, _ = car_rental
    criado = _table(schema, "clientes").column("criado_em")
    assert (criado.declared_type, criado.family) == ("DATETIME", TypeFamily.TIMESTAMP)
    assert criado.default == "CURRENT_TIMESTAMP"
    data_registro = _table(schema, "historico_km").column("data_registro")
    assert (data_registro.family, data_registro.default) == (TypeFamily.DATE, "CURRENT_DATE")
    assert _table(schema, "clientes").column("data_nascimento").family is TypeFamily.DATE
    assert _table(schema, "pagamentos").column("valor").family is TypeFamily.FLOAT
    assert _table(schema, "veiculos").column("status").default == "'disponivel'"
    assert _table(schema, "veiculos").column("km_atual").default == "0"
    assert _table(schema, "clientes").column("nome").family is TypeFamily.TEXT


def test_car_rental_foreign_keys(car_rental: Result) -> None:
    schema, _ = car_rental
    contratos = _table(schema, "contratos")
    assert [(f.columns, f.referenced, f.referenced_columns) for f in contratos.foreign_keys] == [
        (["id_cliente"], "main.clientes", ["id_cliente"]),
        (["id_usuario"], "main.usuarios_sistema", ["id_usuario"]),
    ]
    fk = contratos.foreign_keys[0]
    assert (fk.on_update, fk.on_delete, fk.match) == (
        FkAction.NO_ACTION,
        FkAction.NO_ACTION,
        "simple",
    )
    assert not fk.deferrable


def test_car_rental_fingerprint_stable_across_runs_and_files(
    car_rental: Result, tmp_path: Path
) -> None:
    schema, _ = car_rental
    other = _build_car_rental(tmp_path / "second copy.db")
    first, _ = introspect_sqlite(parse_connection(_url(other)))
    second, _ = introspect_sqlite(parse_connection(_url(other)))
    assert first.fingerprint == second.fingerprint == schema.fingerprint
    assert first.to_json() == second.to_json()
    assert first.database == "second copy.db"


def test_introspection_is_read_only(tmp_path: Path) -> None:
    path = _build_car_rental(tmp_path / "ro.db")
    before = path.read_bytes()
    introspect_sqlite(parse_connection(_url(path)))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ro.db"]  # no journal or WAL left


# --------------------------------------------------------------------------------------------
# Hostile schema
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Result:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    _build_from_sql(path, HOSTILE_SQL.read_text("utf-8"))
    return introspect_sqlite(parse_connection(_url(path)))


def test_hostile_names_survive_quoting(hostile: Result) -> None:
    schema, _ = hostile
    names = [t.name for t in schema.schemas[0].tables]
    assert names == sorted(names)
    assert set(names) == {
        "Order Items",
        'it\'s "odd"',
        "kv",
        "measures",
        "order",
        "order summary",
        "préférences ñ",
        "shipments",
    }
    items = _table(schema, "Order Items")
    assert [c.name for c in items.columns] == ["order id", "line no", 'qty "x"', "sku"]
    assert [c.ordinal for c in items.columns] == [1, 2, 3, 4]
    order = _table(schema, "order")
    assert [c.name for c in order.columns][:4] == ["id", "group", "select", "CustomerName"]
    pref = _table(schema, "préférences ñ")
    assert [c.name for c in pref.columns] == ["clé", "ünïcødé 列", "email"]


def test_hostile_types(hostile: Result) -> None:
    schema, issues = hostile
    order = _table(schema, "order")
    name = order.column("CustomerName")
    assert (name.declared_type, name.family, name.length) == ("NVARCHAR(40)", TypeFamily.TEXT, 40)
    assert not name.fixed_length
    assert order.column("placed_at").family is TypeFamily.TIMESTAMP
    assert order.column("select").family is TypeFamily.BOOLEAN
    total = order.column("total")
    assert (total.family, total.precision, total.scale) == (TypeFamily.DECIMAL, 10, 2)
    payload = order.column("payload")
    assert (payload.declared_type, payload.family) == ("", TypeFamily.UNKNOWN)
    assert ("untyped_column", "main.order.payload") in _codes(issues)
    sku = _table(schema, "Order Items").column("sku")
    assert (sku.declared_type, sku.family, sku.length) == ("VARYING CHARACTER(12)", "text", 12)
    assert _table(schema, "kv").column("v").family is TypeFamily.BYTES
    code = _table(schema, 'it\'s "odd"').column("code")
    assert (code.family, code.length, code.fixed_length) == (TypeFamily.TEXT, 3, False)


def test_hostile_collation_and_autoincrement(hostile: Result) -> None:
    schema, _ = hostile
    order = _table(schema, "order")
    assert order.column("group").collation == "NOCASE"
    assert order.column("CustomerName").collation is None
    assert order.column("id").autoincrement
    shipments_id = _table(schema, "shipments").column("id")
    assert not shipments_id.autoincrement  # a rowid alias, but no AUTOINCREMENT keyword
    assert shipments_id.rowid_alias and order.column("id").rowid_alias
    assert not shipments_id.nullable


def test_hostile_primary_keys_and_nullability(hostile: Result) -> None:
    schema, _ = hostile
    items = _table(schema, "Order Items")
    assert items.primary_key is not None
    assert items.primary_key.columns == ["order id", "line no"]
    assert _table(schema, "préférences ñ").primary_key is None
    kv = _table(schema, "kv")
    assert kv.without_rowid and not kv.strict
    assert not kv.column("k").nullable  # WITHOUT ROWID keys are NOT NULL
    odd = _table(schema, 'it\'s "odd"')
    assert odd.primary_key is not None and odd.primary_key.columns == ["code"]
    assert odd.column("code").nullable  # rowid table, non-integer key: SQLite accepts NULL
    assert not odd.column("code").rowid_alias and not kv.column("k").rowid_alias


def test_hostile_strict_and_generated(hostile: Result) -> None:
    schema, issues = hostile
    measures = _table(schema, "measures")
    assert measures.strict and not measures.without_rowid
    area = measures.column("area")
    assert (area.generated, area.generated_kind, area.is_generated) == (
        "width * height",
        "virtual",
        True,
    )
    perimeter = measures.column("perimeter")
    assert (perimeter.generated, perimeter.generated_kind) == ("2 * (width + height)", "stored")
    assert not measures.column("width").is_generated
    assert not measures.column("id").nullable  # STRICT primary key
    assert measures.column("extra").family is TypeFamily.UNKNOWN  # ANY in a STRICT table
    assert ("untyped_column", "main.measures.extra") in _codes(issues)
    assert not any(i.path == "main.measures.area" for i in issues)


def test_hostile_checks(hostile: Result) -> None:
    schema, _ = hostile
    order = _table(schema, "order")
    assert [(c.name, c.level, c.expression, c.columns) for c in order.checks] == [
        (None, "column", "total >= 0", ["total"]),
        (None, "table", "placed_at IS NOT NULL OR total IS NULL", ["placed_at", "total"]),
        # The trigger that rejects large totals (WHEN NEW.total > 1000000 ... RAISE).
        ("trg_order_total", "trigger", 'NOT ("total" > 1000000)', ["total"]),
    ]
    assert order.checks[-1].enforced_by == "trigger trg_order_total"
    [qty] = _table(schema, "Order Items").checks
    assert (qty.name, qty.level, qty.expression, qty.columns) == (
        "qty_positive",
        "column",
        '"qty ""x""" > 0',
        ['qty "x"'],
    )
    [small] = _table(schema, 'it\'s "odd"').checks
    assert (small.name, small.level, small.expression, small.columns) == (
        "n_small",
        "table",
        "n < 100",
        ["n"],
    )


def test_hostile_uniques(hostile: Result) -> None:
    schema, _ = hostile
    order = _table(schema, "order")
    assert [(u.name, u.columns, u.source) for u in order.uniques] == [
        ("uq_group_customer", ["group", "CustomerName"], "constraint")
    ]
    items = _table(schema, "Order Items")
    assert [(u.name, u.columns, u.source, u.predicate) for u in items.uniques] == [
        (None, ["sku"], "constraint", None),
        ("ux_active_sku", ["sku"], "index", '"qty ""x""" > 0'),
    ]
    [expr] = _table(schema, "préférences ñ").uniques
    assert (expr.name, expr.columns, expr.expressions, expr.source) == (
        "ux_pref_email",
        [],
        ["lower(email)"],
        "index",
    )
    odd = _table(schema, 'it\'s "odd"')
    assert [(u.name, u.columns) for u in odd.uniques] == [(None, ["a b", "n"])]


def test_hostile_indexes(hostile: Result) -> None:
    schema, _ = hostile
    order = _table(schema, "order")
    by_name = {i.name: i for i in order.indexes}
    ix = by_name["ix_order_name"]
    assert (ix.unique, ix.columns, ix.expressions) == (
        False,
        ["placed_at"],
        ["lower(CustomerName)"],
    )
    assert ix.definition is not None and ix.definition.startswith("CREATE INDEX ix_order_name")
    auto = by_name["sqlite_autoindex_order_1"]
    assert (auto.unique, auto.primary, auto.columns) == (True, False, ["group", "CustomerName"])
    kv = _table(schema, "kv")
    [pk_index] = kv.indexes
    assert pk_index.primary and pk_index.columns == ["k"]
    partial = next(i for i in _table(schema, "Order Items").indexes if i.name == "ux_active_sku")
    assert partial.predicate == '"qty ""x""" > 0'
    assert [i.name for i in order.indexes] == sorted(i.name for i in order.indexes)


def test_hostile_foreign_keys(hostile: Result) -> None:
    schema, _ = hostile
    [self_ref] = _table(schema, "order").foreign_keys
    assert (self_ref.columns, self_ref.referenced, self_ref.referenced_columns) == (
        ["parent_id"],
        "main.order",
        ["id"],
    )
    assert self_ref.on_delete is FkAction.SET_NULL
    [to_order] = _table(schema, "Order Items").foreign_keys
    # Written as REFERENCES "ORDER"(ID): recorded with the declared spelling.
    assert (to_order.referenced_table, to_order.referenced_columns) == ("order", ["id"])
    assert to_order.on_update is FkAction.CASCADE
    [composite] = _table(schema, "shipments").foreign_keys
    assert composite.name == "fk_item"
    assert composite.columns == ["order_id", "line_no"]
    assert composite.referenced == "main.Order Items"
    assert composite.referenced_columns == ["order id", "line no"]
    assert composite.deferrable and composite.initially_deferred
    [implicit] = _table(schema, "préférences ñ").foreign_keys
    assert (implicit.columns, implicit.referenced_table, implicit.referenced_columns) == (
        ["clé"],
        "kv",
        ["k"],
    )
    assert not implicit.deferrable


def test_hostile_view_and_trigger(hostile: Result) -> None:
    schema, issues = hostile
    view = _table(schema, "order summary")
    assert view.kind is TableKind.VIEW and not view.is_generation_target
    assert [c.name for c in view.columns] == ["id", "total", "items"]
    assert view.primary_key is None and view.checks == [] and view.indexes == []
    assert not any(i.path and i.path.startswith("main.order summary") for i in issues)
    [trigger] = _table(schema, "order").triggers
    assert (trigger.name, trigger.timing, trigger.events) == (
        "trg_order_total",
        "BEFORE",
        ["INSERT"],
    )
    assert trigger.definition is not None and "RAISE(ABORT" in trigger.definition
    assert trigger.classification == "row_check"
    assert trigger.reason == 'rejects rows unless NOT ("total" > 1000000)'
    assert ("trigger_enforced_as_check", "main.order.trg_order_total") in _codes(issues)


def test_hostile_warnings_are_exactly_these(hostile: Result) -> None:
    _, issues = hostile
    assert sorted(_codes(issues)) == [
        ("trigger_enforced_as_check", "main.order.trg_order_total"),
        ("untyped_column", "main.measures.extra"),
        ("untyped_column", "main.order.payload"),
    ]
    assert all(
        i.severity == "warning" and i.hint for i in issues if i.code != "trigger_enforced_as_check"
    )
    assert [i.severity for i in issues if i.code == "trigger_enforced_as_check"] == ["info"]


def test_hostile_fingerprint_is_stable(hostile: Result, tmp_path: Path) -> None:
    schema, _ = hostile
    again = _build_from_sql(tmp_path / "again.db", HOSTILE_SQL.read_text("utf-8"))
    other, _ = introspect_sqlite(parse_connection(_url(again)))
    assert other.fingerprint == schema.fingerprint
    assert _normalized(other) == _normalized(schema)


# --------------------------------------------------------------------------------------------
# Less common shapes
# --------------------------------------------------------------------------------------------


def test_attached_databases_are_schemas(tmp_path: Path) -> None:
    main = _build_from_sql(tmp_path / "main.db", "CREATE TABLE a (id INTEGER PRIMARY KEY);")
    aux = _build_from_sql(
        tmp_path / "aux.db",
        "CREATE TABLE b (id INTEGER PRIMARY KEY, x TEXT CHECK (x <> ''));"
        "CREATE TABLE c (b_id INTEGER REFERENCES b(id));",
    )
    conn = sqlite3.connect(main)
    try:
        conn.execute("ATTACH DATABASE ? AS [my aux]", (str(aux),))
        conn.execute("CREATE TEMP TABLE scratch (t)")
        schema, issues = _introspect_connection(conn, database="main.db", schemas=None)
        assert [s.name for s in schema.schemas] == ["main", "my aux"]  # never temp
        assert [t.name for t in schema.get_schema("my aux").tables] == ["b", "c"]
        [fk] = schema.get_schema("my aux").table("c").foreign_keys
        assert fk.referenced == "my aux.b"
        assert schema.get_schema("my aux").table("b").checks[0].expression == "x <> ''"
        only, _ = _introspect_connection(conn, database="main.db", schemas=["MY AUX"])
        assert [s.name for s in only.schemas] == ["my aux"]
        assert issues == []
    finally:
        conn.close()


def test_schema_filter_main(tmp_path: Path) -> None:
    path = _build_car_rental(tmp_path / "c.db")
    schema, _ = introspect_sqlite(parse_connection(_url(path)), schemas=["main"])
    assert [s.name for s in schema.schemas] == ["main"]


def test_ddl_parse_failure_falls_back_to_pragmas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _build_car_rental(tmp_path / "c.db")

    def refuse(sql: str) -> Any:
        raise DdlError("simulated")

    monkeypatch.setattr(sqlite_introspect, "parse_create_table", refuse)
    schema, issues = introspect_sqlite(parse_connection(_url(path)))
    assert len([i for i in issues if i.code == "ddl_parse_failed"]) == 20
    veiculos = _table(schema, "veiculos")
    assert veiculos.checks == []  # only the CREATE text has them
    assert [u.columns for u in veiculos.uniques] == [["placa"]]  # from the automatic index
    assert veiculos.column("id_veiculo").autoincrement  # keyword found in the text
    assert len(veiculos.foreign_keys) == 1
    assert sum(len(t.foreign_keys) for _, t in schema.iter_tables()) == 18


def test_virtual_table_skips_hidden_columns(tmp_path: Path) -> None:
    try:
        path = _build_from_sql(
            tmp_path / "v.db", "CREATE VIRTUAL TABLE docs USING fts5(title, body);"
        )
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no fts5")
    schema, issues = introspect_sqlite(parse_connection(_url(path)))
    assert [t.name for t in schema.schemas[0].tables] == ["docs"]  # shadow tables skipped
    docs = _table(schema, "docs")
    assert [c.name for c in docs.columns] == ["title", "body"]  # hidden docs/rank skipped
    assert ("virtual_table", "main.docs") in _codes(issues)


def test_broken_objects_warn_instead_of_failing(tmp_path: Path) -> None:
    path = _build_from_sql(
        tmp_path / "b.db",
        "CREATE TABLE gone (x INTEGER);"
        "CREATE VIEW stale AS SELECT x FROM gone;"
        "DROP TABLE gone;"
        "CREATE TABLE orphan (a INTEGER REFERENCES nowhere(id), b INTEGER REFERENCES nokey);"
        "CREATE TABLE odd (m MONEY, p POINT, s VARCHAR2(10));",
    )
    schema, issues = introspect_sqlite(parse_connection(_url(path)))
    codes = _codes(issues)
    assert ("relation_unreadable", "main.stale") in codes
    assert _table(schema, "stale").kind is TableKind.VIEW
    assert ("fk_target_missing", "main.orphan") in codes
    assert ("fk_target_invalid", "main.orphan") in codes
    [fk] = _table(schema, "orphan").foreign_keys
    assert (fk.columns, fk.referenced_table, fk.referenced_columns) == (["a"], "nowhere", ["id"])
    odd = _table(schema, "odd")
    assert odd.column("m").family is TypeFamily.DECIMAL
    assert ("unknown_type", "main.odd.m") in codes
    assert odd.column("p").family is TypeFamily.INTEGER  # contains "INT": integer affinity
    assert (odd.column("s").family, odd.column("s").length) == (TypeFamily.TEXT, 10)


def test_memory_database(tmp_path: Path) -> None:
    schema, issues = introspect_sqlite(parse_connection("sqlite:///:memory:"))
    assert (schema.database, [s.name for s in schema.schemas], issues) == (None, ["main"], [])
    assert schema.schemas[0].tables == []


@pytest.mark.parametrize(
    ("declared", "family", "facts"),
    [
        ("INTEGER", "integer", {"int_bits": 64}),
        ("int", "integer", {"int_bits": 64}),
        ("BIGINT", "integer", {"int_bits": 64}),
        ("UNSIGNED BIG INT", "integer", {"int_bits": 64}),
        ("SMALLINT", "integer", {"int_bits": 16}),
        ("INT2", "integer", {"int_bits": 16}),
        ("TINYINT", "integer", {"int_bits": 16}),
        ("MEDIUMINT", "integer", {"int_bits": 32}),
        ("INT8", "integer", {"int_bits": 64}),
        ("BOOL", "boolean", {}),
        ("DATE", "date", {}),
        ("TIMESTAMP", "timestamp", {}),
        ("TIME", "time", {}),
        ("NUMERIC", "decimal", {"precision": None, "scale": None}),
        ("NUMERIC(8)", "decimal", {"precision": 8, "scale": 0}),
        ("decimal( 12 , 4 )", "decimal", {"precision": 12, "scale": 4}),
        ("DOUBLE PRECISION", "float", {}),
        ("FLOAT", "float", {}),
        ("NCHAR(5)", "text", {"length": 5}),
        ("CLOB", "text", {"length": None}),
        ("NATIVE CHARACTER(70)", "text", {"length": 70}),
        ("BLOB", "bytes", {}),
        ("UUID", "uuid", {}),
        ("GUID", "uuid", {}),
        ("JSON", "json", {}),
        ("", "unknown", {}),
        ("ANY", "decimal", {}),  # outside STRICT tables, ANY has NUMERIC affinity
        ("FLOATING POINT", "integer", {}),  # "INT" wins over "FLOA" in SQLite's rules
        ("STRING", "decimal", {}),
    ],
)
def test_type_mapping(declared: str, family: str, facts: dict[str, Any]) -> None:
    mapped = map_type(declared)
    assert mapped.family == family
    for key, value in facts.items():
        assert getattr(mapped, key) == value


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_not_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputError) as err:
        introspect_sqlite(parse_connection(_url(path)))
    assert err.value.code == "not_sqlite"
    assert err.value.hint


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConnectionFailed) as err:
        introspect_sqlite(parse_connection(_url(tmp_path / "nope.db")))
    assert err.value.code == "database_not_found"
    assert not (tmp_path / "nope.db").exists()


def test_missing_schema(tmp_path: Path) -> None:
    path = _build_car_rental(tmp_path / "c.db")
    with pytest.raises(InputError) as err:
        introspect_sqlite(parse_connection(_url(path)), schemas=["main", "crm"])
    assert err.value.code == "schema_not_found"
    assert err.value.path == "crm"
    assert err.value.hint is not None and "main" in err.value.hint
