"""PostgreSQL introspection against the real test server (no mocks).

* the CRM fixture reproduces ``tests/golden/crm.schema.json`` (regenerate it with
  ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/introspect/test_introspect_postgres.py -k golden``);
* a hostile schema (``tests/sql/postgres/hostile*.sql``) has each feature asserted;
* bad input gives coded errors without secrets;
* 500 generated tables introspect with the same number of queries as 5.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import DatabaseSchema, FkAction, Table, TableKind, TypeFamily
from datalchemy.db.urls import parse_connection
from datalchemy.errors import ConnectionFailed, InputError, UsageError
from datalchemy.fixtures import create_fixture
from datalchemy.introspect.postgres import (
    catalog_queries,
    check_expression,
    decode_trigger_type,
    introspect_connection,
    introspect_postgres,
)
from support.pgserver import PostgresServer

HERE = Path(__file__).parents[1]  # tests/
GOLDEN = HERE / "golden" / "crm.schema.json"
SQL_DIR = HERE / "sql" / "postgres"
EXTENSIONS = ("btree_gist", "hstore", "citext")


def introspect(url: str, **kwargs: Any) -> tuple[DatabaseSchema, list[Issue]]:
    return introspect_postgres(parse_connection(url), **kwargs)


def normalized_json(schema: DatabaseSchema) -> str:
    """The contract as JSON with the per-run facts (server version, database name) fixed."""
    fixed = schema.model_copy(update={"engine_version": "<server_version>", "database": "<db>"})
    return fixed.to_json()


def dbname(url: str) -> str:
    return str(conninfo_to_dict(url)["dbname"])


@dataclass
class Counts:
    tables: int
    columns: int
    not_null: int
    pks: int
    fks: int
    uniques: int
    checks: int


def counts(schema: DatabaseSchema, name: str) -> Counts:
    tables = schema.get_schema(name).tables
    cols = [c for t in tables for c in t.columns]
    return Counts(
        tables=len(tables),
        columns=len(cols),
        not_null=sum(not c.nullable for c in cols),
        pks=sum(t.primary_key is not None for t in tables),
        fks=sum(len(t.foreign_keys) for t in tables),
        uniques=sum(len(t.uniques) for t in tables),
        checks=sum(len(t.checks) for t in tables),
    )


# --------------------------------------------------------------------------- CRM fixture


@pytest.fixture
def crm_url(pg_url: str) -> str:
    create_fixture("crm", pg_url)
    return pg_url


def test_crm_matches_golden(crm_url: str) -> None:
    schema, warnings = introspect(crm_url)
    text = normalized_json(schema)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "golden file missing: rerun with UPDATE_GOLDEN=1"
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert warnings == []
    assert DatabaseSchema.model_validate_json(text).compute_fingerprint() == schema.fingerprint


def test_crm_counts(crm_url: str) -> None:
    schema, _ = introspect(crm_url)
    assert schema.engine == "postgres"
    assert schema.database == dbname(crm_url)
    assert schema.engine_version and schema.engine_version[0].isdigit()
    assert [s.name for s in schema.schemas] == ["crm", "public"]
    assert schema.get_schema("public").tables == []
    assert counts(schema, "crm") == Counts(
        tables=20, columns=132, not_null=106, pks=20, fks=27, uniques=17, checks=29
    )
    assert all(t.kind is TableKind.TABLE for t in schema.get_schema("crm").tables)
    assert [(e.qualified_name, e.labels) for e in schema.enums] == [
        ("crm.status_atividade", ["pendente", "concluida", "cancelada"]),
        ("crm.status_fatura", ["aberta", "paga", "cancelada"]),
        ("crm.status_lead", ["novo", "qualificado", "perdido"]),
        ("crm.status_oportunidade", ["aberta", "ganha", "perdida"]),
        ("crm.status_pagamento", ["pendente", "confirmado", "estornado"]),
        ("crm.status_tarefa", ["aberta", "em_andamento", "concluida", "cancelada"]),
    ]
    assert schema.domains == [] and schema.sequences == []


def test_crm_details(crm_url: str) -> None:
    schema, _ = introspect(crm_url)
    leads = schema.get_schema("crm").table("leads")
    check = next(c for c in leads.checks if c.name == "leads_score_chk")
    # PostgreSQL 15, pg_get_constraintdef(oid, true): BETWEEN is expanded, no extra parentheses.
    assert check.expression == "score >= 0 AND score <= 100"
    assert check.columns == ["score"] and check.level == "table" and check.validated
    assert [c.name for c in leads.checks] == ["leads_qualificacao_chk", "leads_score_chk"]
    assert [fk.name for fk in leads.foreign_keys] == sorted(
        fk.name or "" for fk in leads.foreign_keys
    )
    score = leads.column("score")
    assert (score.family, score.int_bits, score.precision, score.default) == (
        TypeFamily.INTEGER,
        32,
        None,
        "0",
    )
    status = leads.column("status")
    assert status.family is TypeFamily.ENUM and status.enum == "crm.status_lead"
    assert status.default == "'novo'::crm.status_lead"
    assert leads.column("id").default == "gen_random_uuid()"
    assert [c.ordinal for c in leads.columns] == list(range(1, 10))

    moeda = schema.get_schema("crm").table("listas_precos").column("moeda")
    assert (moeda.declared_type, moeda.length, moeda.fixed_length) == ("character(3)", 3, True)
    prob = schema.get_schema("crm").table("etapas_funil").column("probabilidade")
    assert (prob.family, prob.precision, prob.scale) == (TypeFamily.DECIMAL, 5, 2)

    etapas = schema.get_schema("crm").table("etapas_funil")
    assert [(u.name, u.columns, u.source) for u in etapas.uniques] == [
        ("etapas_funil_nome_unique", ["funil_id", "nome"], "constraint"),
        ("etapas_funil_ordem_unique", ["funil_id", "ordem"], "constraint"),
    ]
    contatos = schema.get_schema("crm").table("contatos")
    fk = contatos.foreign_keys[0]
    assert (fk.referenced, fk.columns, fk.referenced_columns, fk.on_delete) == (
        "crm.empresas",
        ["empresa_id"],
        ["id"],
        FkAction.CASCADE,
    )


def test_crm_fingerprint_is_stable(crm_url: str, pg_server: PostgresServer) -> None:
    first, _ = introspect(crm_url)
    second, _ = introspect(crm_url)
    assert first.fingerprint and first.fingerprint.startswith("sha256:")
    assert first.fingerprint == second.fingerprint
    assert first.to_json() == second.to_json()

    other = pg_server.create_database()
    try:
        create_fixture("crm", other)
        third, _ = introspect(other)
    finally:
        pg_server.drop_database(dbname(other))
    assert third.database != first.database
    assert third.fingerprint == first.fingerprint
    assert normalized_json(third) == normalized_json(first)


def test_schema_whitelist(crm_url: str) -> None:
    schema, _ = introspect(crm_url, schemas=["crm"])
    assert [s.name for s in schema.schemas] == ["crm"]
    assert len(schema.enums) == 6
    only_public, _ = introspect(crm_url, schemas=["public"])
    assert [s.name for s in only_public.schemas] == ["public"]
    assert only_public.enums == []


def test_unknown_schema_is_input_error(crm_url: str) -> None:
    with pytest.raises(InputError) as err:
        introspect(crm_url, schemas=["crm", "nope"])
    assert err.value.code == "schema_not_found"
    assert err.value.exit_code == 3
    assert "nope" in err.value.message
    assert err.value.hint == "available schemas: crm, public"


def test_system_schemas_never_abort(crm_url: str) -> None:
    schema, warnings = introspect(crm_url, include_system_schemas=True)
    names = [s.name for s in schema.schemas]
    assert {"crm", "public", "pg_catalog", "information_schema"} <= set(names)
    assert names == sorted(names)
    # pg_catalog is full of internal types (pg_node_tree, aclitem, ...): recorded, not fatal.
    assert any(w.code == "unknown_type" and w.path.startswith("pg_catalog.") for w in warnings)
    pg_class = schema.get_schema("pg_catalog").table("pg_class")
    assert pg_class.column("relname").family is TypeFamily.TEXT
    # An explicit whitelist may name a system schema.
    explicit, _ = introspect(crm_url, schemas=["information_schema"])
    assert [s.name for s in explicit.schemas] == ["information_schema"]


# --------------------------------------------------------------------------- hostile schema


@dataclass
class Hostile:
    schema: DatabaseSchema
    warnings: list[Issue]
    extensions: bool
    server_version: int

    def table(self, name: str, schema: str = "plain") -> Table:
        table = self.schema.find_table(schema, name)
        assert table is not None, f"{schema}.{name} missing"
        return table

    def warned(self, code: str, path: str) -> bool:
        return any(w.code == code and w.path == path for w in self.warnings)


@pytest.fixture(scope="module")
def hostile(pg_server: PostgresServer) -> Iterator[Hostile]:
    url = pg_server.create_database()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute((SQL_DIR / "hostile.sql").read_text(encoding="utf-8").encode())
            row = conn.execute(
                "select count(*) from pg_available_extensions where name = any(%s)",
                (list(EXTENSIONS),),
            ).fetchone()
            extensions = row is not None and row[0] == len(EXTENSIONS)
            if extensions:
                sql = (SQL_DIR / "hostile_extensions.sql").read_text(encoding="utf-8")
                conn.execute(sql.encode())
        schema, warnings = introspect(url)
        yield Hostile(schema, warnings, extensions, pg_server.version)
    finally:
        pg_server.drop_database(dbname(url))


def test_hostile_identifiers(hostile: Hostile) -> None:
    assert [s.name for s in hostile.schema.schemas] == ['Hostile "Schema"', "plain", "public"]
    table = hostile.table('Ação "Table"', schema='Hostile "Schema"')
    assert [c.name for c in table.columns] == [
        "order",
        "select",
        "user",
        "MixedCase",
        "naïve column",
        'with "quote"',
    ]
    assert table.comment == "a table with a hostile name"
    assert table.column("select").comment == "a reserved word"
    assert table.column("user").comment is None
    assert table.primary_key is not None and table.primary_key.columns == ["order"]
    assert table.primary_key.name == 'Ação "Table"_pkey'
    naive = table.column("naïve column")
    assert (naive.declared_type, naive.family, naive.length) == (
        "character varying(40)",
        TypeFamily.TEXT,
        40,
    )
    quoted = table.column('with "quote"')
    assert (quoted.length, quoted.fixed_length) == (3, True)


def test_hostile_domains(hostile: Hostile) -> None:
    types = hostile.table("types")
    qty = types.column("qty")
    assert (qty.family, qty.domain, qty.int_bits, qty.declared_type) == (
        TypeFamily.INTEGER,
        "plain.small_positive",
        32,
        "plain.small_positive",
    )
    assert qty.nullable  # the column is nullable as declared; the domain says NOT NULL

    small = hostile.schema.domain("plain.small_positive")
    assert small is not None
    assert (small.base_type, small.base_domain, small.base_family) == (
        "plain.positive_int",
        "plain.positive_int",
        TypeFamily.INTEGER,
    )
    assert small.not_null and small.default == "1"
    assert [c.name for c in small.checks] == ["small_positive_lt_100"]
    assert small.checks[0].expression == "VALUE::integer < 100"
    assert small.checks[0].level == "domain" and small.checks[0].columns == []

    positive = hostile.schema.domain("plain.positive_int")
    assert positive is not None and positive.base_domain is None and not positive.not_null
    assert [(c.name, c.expression) for c in positive.checks] == [
        ("positive_int_check", "VALUE > 0")
    ]

    price = hostile.schema.domain("plain.price")
    assert price is not None and (price.precision, price.scale) == (10, 3)
    cost = types.column("cost")
    assert (cost.family, cost.precision, cost.scale, cost.domain) == (
        TypeFamily.DECIMAL,
        10,
        3,
        "plain.price",
    )
    code = types.column("code")
    assert (code.family, code.length, code.domain) == (TypeFamily.TEXT, 3, "plain.code3")
    mood_d = types.column("mood_d")
    assert (mood_d.family, mood_d.enum, mood_d.domain) == (
        TypeFamily.ENUM,
        "plain.mood",
        "plain.mood_domain",
    )
    mood_domain = hostile.schema.domain("plain.mood_domain")
    assert mood_domain is not None and mood_domain.enum == "plain.mood"

    tag_list = types.column("tag_list")
    assert tag_list.family is TypeFamily.ARRAY and tag_list.domain == "plain.tag_list"
    assert tag_list.array is not None
    assert (tag_list.array.element_type, tag_list.array.element_family) == (
        "character varying(12)",
        TypeFamily.TEXT,
    )
    domains = [d.qualified_name for d in hostile.schema.domains]
    assert domains == sorted(domains)
    assert set(domains) >= {
        "plain.code3",
        "plain.mood_domain",
        "plain.positive_int",
        "plain.price",
        "plain.small_positive",
        "plain.tag_list",
    }


def test_hostile_arrays_and_enums(hostile: Hostile) -> None:
    types = hostile.table("types")
    mood = hostile.schema.enum("plain.mood")
    assert mood is not None and mood.labels == ["sad", "meh", "ok", "happy", "ecstatic"]

    def array_of(name: str) -> tuple[str, TypeFamily, int]:
        col = types.column(name)
        assert col.family is TypeFamily.ARRAY and col.array is not None
        return col.array.element_type, col.array.element_family, col.array.dimensions

    assert array_of("tags") == ("text", TypeFamily.TEXT, 1)
    assert array_of("grid") == ("integer", TypeFamily.INTEGER, 2)
    # Element facts live on the ArrayType, not on the column.
    grid = types.column("grid")
    assert grid.array is not None and grid.array.element_int_bits == 32
    assert grid.int_bits is None
    assert array_of("moods") == ("plain.mood", TypeFamily.ENUM, 1)
    moods = types.column("moods")
    assert moods.array is not None and moods.array.element_enum == "plain.mood"
    assert moods.enum is None
    assert array_of("sizes") == ("character varying(10)", TypeFamily.TEXT, 1)
    sizes = types.column("sizes")
    assert sizes.array is not None and sizes.array.element_length == 10
    assert sizes.length is None
    col = types.column("mood")
    assert (col.family, col.enum, col.nullable, col.default) == (
        TypeFamily.ENUM,
        "plain.mood",
        False,
        "'ok'::plain.mood",
    )


def test_hostile_scalar_types(hostile: Hostile) -> None:
    types = hostile.table("types")
    expected = {
        "v40": ("character varying(40)", TypeFamily.TEXT),
        "c3": ("character(3)", TypeFamily.TEXT),
        "num": ("numeric(10,3)", TypeFamily.DECIMAL),
        "num_plain": ("numeric", TypeFamily.DECIMAL),
        "b8": ("bit(8)", TypeFamily.BIT),
        "vb": ("bit varying(16)", TypeFamily.BIT),
        "j": ("json", TypeFamily.JSON),
        "jb": ("jsonb", TypeFamily.JSON),
        "raw": ("bytea", TypeFamily.BYTES),
        "ip": ("inet", TypeFamily.NETWORK),
        "net": ("cidr", TypeFamily.NETWORK),
        "mac": ("macaddr", TypeFamily.NETWORK),
        "span": ("interval", TypeFamily.INTERVAL),
        "at_tz": ("timestamp with time zone", TypeFamily.TIMESTAMPTZ),
        "at_local": ("timestamp(3) without time zone", TypeFamily.TIMESTAMP),
        "t": ("time without time zone", TypeFamily.TIME),
        "ttz": ("time with time zone", TypeFamily.TIME),
        "d": ("date", TypeFamily.DATE),
        "cash": ("money", TypeFamily.MONEY),
        "pt": ("point", TypeFamily.GEOMETRY),
        "poly": ("polygon", TypeFamily.GEOMETRY),
        "doc": ("xml", TypeFamily.XML),
        "u": ("uuid", TypeFamily.UUID),
        "f4": ("real", TypeFamily.FLOAT),
        "f8": ("double precision", TypeFamily.FLOAT),
        "i2": ("smallint", TypeFamily.INTEGER),
        "flag": ("boolean", TypeFamily.BOOLEAN),
        "r": ("int4range", TypeFamily.RANGE),
        "mr": ("datemultirange", TypeFamily.RANGE),
    }
    for name, (declared, family) in expected.items():
        col = types.column(name)
        assert (col.declared_type, col.family) == (declared, family), name
    assert (types.column("v40").length, types.column("v40").fixed_length) == (40, False)
    assert (types.column("c3").length, types.column("c3").fixed_length) == (3, True)
    assert (types.column("num").precision, types.column("num").scale) == (10, 3)
    assert (types.column("num_plain").precision, types.column("num_plain").scale) == (None, None)
    assert types.column("b8").length == 8
    assert types.column("i2").int_bits == 16
    assert types.column("id").int_bits == 64 and types.column("id").precision is None
    assert types.column("at_local").time_precision == 3
    assert types.column("at_tz").time_precision is None
    # A dropped column leaves a gap: ordinals are attnums.
    ordinals = [c.ordinal for c in types.columns]
    assert ordinals == sorted(ordinals)
    assert types.column("after_drop").ordinal == types.column("label").ordinal + 2


def test_hostile_collation(hostile: Hostile) -> None:
    types = hostile.table("types")
    assert types.column("label").collation == "C"  # COLLATE "C" differs from text's default
    assert types.column("v40").collation is None
    assert types.column("tags").collation is None


def test_hostile_serial_identity_generated(hostile: Hostile) -> None:
    types = hostile.table("types")
    assert types.column("id").default == "nextval('plain.types_id_seq'::regclass)"
    assert types.column("small_id").default == "nextval('plain.types_small_id_seq'::regclass)"
    sequences = {s.qualified_name: s for s in hostile.schema.sequences}
    assert list(sequences) == sorted(sequences)
    assert sequences["plain.types_id_seq"].owned_by == "plain.types.id"
    assert sequences["plain.types_id_seq"].data_type == "bigint"
    assert sequences["plain.types_small_id_seq"].data_type == "integer"
    assert sequences["plain.types_small_id_seq"].max_value == 2**31 - 1

    ident = hostile.table("identities")
    always, by_default = ident.column("always_id"), ident.column("default_id")
    assert (always.identity, always.default) == ("always", None)
    assert (by_default.identity, by_default.int_bits) == ("by_default", 64)
    seq = sequences["plain.identities_default_id_seq"]
    assert (seq.start, seq.increment, seq.owned_by) == (100, 5, "plain.identities.default_id")
    assert sequences["plain.identities_always_id_seq"].owned_by == "plain.identities.always_id"

    total = ident.column("total")
    assert total.generated == "(price * (qty)::numeric)"
    assert total.generated_kind == "stored" and total.default is None and total.is_generated
    assert (total.precision, total.scale) == (12, 2)

    free = sequences["plain.free_seq"]
    assert (free.data_type, free.start, free.increment, free.min_value, free.max_value) == (
        "integer",
        10,
        2,
        10,
        1000,
    )
    assert free.cycle and free.owned_by is None
    assert sequences["plain.owned_seq"].owned_by == "plain.no_pk.amount"


def test_hostile_keys(hostile: Hostile) -> None:
    parent = hostile.table("parent")
    assert parent.primary_key is not None
    assert parent.primary_key.columns == ["region", "number"]

    child = hostile.table("child")
    fks = {fk.name: fk for fk in child.foreign_keys}
    assert list(fks) == ["child_manager_id_fkey", "child_parent_fk"]
    composite = fks["child_parent_fk"]
    assert composite.columns == ["p_region", "p_number"]
    assert composite.referenced == "plain.parent"
    assert composite.referenced_columns == ["region", "number"]
    assert (composite.match, composite.on_update, composite.on_delete) == (
        "full",
        FkAction.CASCADE,
        FkAction.RESTRICT,
    )
    selfref = fks["child_manager_id_fkey"]
    assert selfref.referenced == "plain.child" and selfref.on_delete is FkAction.SET_NULL
    assert selfref.match == "simple" and not selfref.deferrable

    a, b = hostile.table("cycle_a"), hostile.table("cycle_b")
    (a_fk,) = a.foreign_keys
    (b_fk,) = b.foreign_keys
    assert (a_fk.referenced, a_fk.deferrable) == ("plain.cycle_b", False)
    assert (b_fk.referenced, b_fk.deferrable, b_fk.initially_deferred) == (
        "plain.cycle_a",
        True,
        True,
    )
    assert not a.column("b_id").nullable and b.column("a_id").nullable


def test_hostile_partitions(hostile: Hostile) -> None:
    events = hostile.table("events")
    assert events.kind is TableKind.PARTITIONED_TABLE and events.is_generation_target
    assert events.partition_key == "RANGE (happened)"
    assert events.primary_key is not None and events.primary_key.columns == ["id", "happened"]
    assert [fk.name for fk in events.foreign_keys] == ["events_child_id_fkey"]
    for name, year in (("events_2023", 2023), ("events_2024", 2024)):
        part = hostile.table(name)
        assert part.kind is TableKind.PARTITION and not part.is_generation_target
        assert part.partition_of == "plain.events"
        assert part.partition_bound == (f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')")
        assert part.foreign_keys == []  # the parent's FK is not duplicated
        assert [c.name for c in part.columns] == ["id", "happened", "child_id", "payload"]
    notes = hostile.table("event_notes")
    (fk,) = notes.foreign_keys  # one FK, not one per partition
    assert fk.referenced == "plain.events" and fk.columns == ["event_id", "event_day"]


def test_hostile_uniques_checks_exclusions(hostile: Hostile) -> None:
    no_pk = hostile.table("no_pk")
    assert no_pk.primary_key is None
    uniques = {u.name: u for u in no_pk.uniques}
    assert list(uniques) == sorted(uniques)
    partial = uniques["no_pk_active_email_idx"]
    assert (partial.source, partial.columns, partial.predicate) == (
        "index",
        ["email"],
        "deleted_at IS NULL",
    )
    expr = uniques["no_pk_lower_email_idx"]
    assert (expr.columns, expr.expressions, expr.predicate) == ([], ["lower(email)"], None)
    mixed = uniques["no_pk_code_lower_alt_idx"]
    assert (mixed.columns, mixed.expressions) == (["code"], ["lower(alt_code)"])
    constraint = uniques["no_pk_code_unique"]
    assert (constraint.source, constraint.columns) == ("constraint", ["code"])
    if hostile.server_version >= 15:
        assert constraint.nulls_not_distinct
    assert "no_pk_deleted_idx" not in uniques  # not unique

    indexes = {i.name: i for i in no_pk.indexes}
    assert indexes["no_pk_deleted_idx"].unique is False
    assert indexes["no_pk_active_email_idx"].predicate == "deleted_at IS NULL"
    assert indexes["no_pk_lower_email_idx"].expressions == ["lower(email)"]
    assert indexes["no_pk_lower_email_idx"].method == "btree"

    checks = {c.name: c for c in no_pk.checks}
    assert list(checks) == ["no_pk_amount_chk", "no_pk_late_chk", "no_pk_two_cols_chk"]
    assert checks["no_pk_late_chk"].expression == "amount < 1000"  # " NOT VALID" removed
    assert checks["no_pk_late_chk"].validated is False
    assert checks["no_pk_amount_chk"].validated is True
    assert checks["no_pk_two_cols_chk"].columns == ["code", "alt_code", "amount"]  # by attnum

    (excl,) = no_pk.exclusions
    assert excl.name == "no_pk_alt_code_excl"
    assert excl.definition == "EXCLUDE USING btree (alt_code WITH =)"
    assert hostile.warned("exclusion_constraint", "plain.no_pk.no_pk_alt_code_excl")


def test_hostile_triggers_and_views(hostile: Hostile) -> None:
    ident = hostile.table("identities")
    triggers = {t.name: t for t in ident.triggers}
    assert list(triggers) == ["identities_disabled", "identities_reject"]
    reject = triggers["identities_reject"]
    assert (reject.timing, reject.events, reject.function, reject.enabled) == (
        "BEFORE",
        ["INSERT", "UPDATE"],
        "plain.reject_negative",
        True,
    )
    assert reject.definition is not None and reject.definition.startswith(
        "CREATE TRIGGER identities_reject BEFORE INSERT OR UPDATE ON plain.identities"
    )
    disabled = triggers["identities_disabled"]
    assert (disabled.timing, disabled.events, disabled.enabled) == ("AFTER", ["DELETE"], False)
    # The function's PL/pgSQL (if new.qty < 0 then raise ...) is a check on the row itself.
    assert reject.classification == "row_check"
    check = next(c for c in ident.checks if c.enforced_by == "trigger identities_reject")
    assert (check.name, check.level, check.expression, check.columns) == (
        "identities_reject",
        "trigger",
        'NOT ("qty" < 0)',
        ["qty"],
    )
    assert hostile.warned("trigger_enforced_as_check", "plain.identities.identities_reject")
    assert not any(w.path == "plain.identities.identities_disabled" for w in hostile.warnings)
    # FK triggers are internal and never listed.
    assert hostile.table("child").triggers == []

    view = hostile.table("child_names")
    assert view.kind is TableKind.VIEW and not view.is_generation_target
    assert [c.name for c in view.columns] == ["id", "name"]
    matview = hostile.table("mood_counts")
    assert matview.kind is TableKind.MATERIALIZED_VIEW and not matview.is_generation_target
    assert matview.column("mood").enum == "plain.mood"


def test_hostile_unknown_types(hostile: Hostile) -> None:
    pair = hostile.table("composite_user").column("p")
    assert (pair.declared_type, pair.family) == ("plain.pair", TypeFamily.UNKNOWN)
    assert hostile.warned("unknown_type", "plain.composite_user.p")
    assert not any(
        w.code == "unknown_type" and (w.path or "").startswith("plain.types.")
        for w in hostile.warnings
    )
    if not hostile.extensions:
        pytest.skip("contrib extensions btree_gist / hstore / citext are not installed")
    bookings = hostile.table("bookings")
    attrs = bookings.column("attrs")
    assert (attrs.declared_type, attrs.family) == ("public.hstore", TypeFamily.UNKNOWN)
    # hstore has a literal generator of its own (by declared type): known, no warning
    assert not hostile.warned("unknown_type", "plain.bookings.attrs")
    email = bookings.column("guest_email")
    assert (email.declared_type, email.family) == ("public.citext", TypeFamily.TEXT)
    assert not hostile.warned("unknown_type", "plain.bookings.guest_email")
    assert bookings.column("during").family is TypeFamily.RANGE
    (excl,) = bookings.exclusions
    assert excl.definition == "EXCLUDE USING gist (room WITH =, during WITH &&)"
    assert hostile.warned("exclusion_constraint", "plain.bookings.bookings_no_overlap")


def test_hostile_warnings_and_order(hostile: Hostile) -> None:
    assert {w.code for w in hostile.warnings} <= {
        "unknown_type",
        "exclusion_constraint",
        "trigger_may_reject_rows",
        "trigger_enforced_as_check",
    }
    assert all(
        w.severity == "warning" and w.hint
        for w in hostile.warnings
        if w.code != "trigger_enforced_as_check"
    )
    for s in hostile.schema.schemas:
        names = [t.name for t in s.tables]
        assert names == sorted(names)
        for t in s.tables:
            for items in (t.foreign_keys, t.uniques, t.checks, t.indexes, t.triggers):
                keys = [i.name or "" for i in items]
                assert keys == sorted(keys), (t.name, keys)
    # The contract round-trips and its fingerprint is the content's.
    again = DatabaseSchema.model_validate_json(hostile.schema.to_json())
    assert again.compute_fingerprint() == hostile.schema.fingerprint


# --------------------------------------------------------------------------- bad input


def test_wrong_password(pg_server: PostgresServer, pg_url: str) -> None:
    bad = "Wr0ngPassw0rd-xyz"
    url = f"postgresql://{pg_server.user}:{bad}@{pg_server.host}:{pg_server.port}/{dbname(pg_url)}"
    with pytest.raises(ConnectionFailed) as err:
        introspect(url)
    assert err.value.code == "auth_failed"
    assert err.value.exit_code == 5 and err.value.hint
    for text in (str(err.value), err.value.message, err.value.hint, err.value.path or ""):
        assert bad not in text
        assert pg_server.password not in text


def test_missing_database(pg_server: PostgresServer) -> None:
    url = pg_server.url("no_such_database_here")
    with pytest.raises(ConnectionFailed) as err:
        introspect(url)
    assert err.value.code == "database_not_found"
    assert err.value.hint
    assert pg_server.password not in str(err.value) + err.value.message + (err.value.path or "")


def test_unreachable_host_fails_fast() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nobody listens
    started = time.monotonic()
    with pytest.raises(ConnectionFailed) as err:
        introspect(f"postgresql://someone:Sekr1t-pass@127.0.0.1:{port}/db")
    assert err.value.code == "unreachable"
    assert "Sekr1t-pass" not in str(err.value) + err.value.message + (err.value.path or "")
    assert time.monotonic() - started < 5  # refused at once, no connect timeout


def test_busy_connection_is_refused(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("select 1")  # opens a transaction
        with pytest.raises(UsageError) as err:
            introspect_connection(conn)
        assert err.value.code == "connection_busy"


def test_connection_settings_are_restored(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        schema, _ = introspect_connection(conn)
        assert [s.name for s in schema.schemas] == ["public"]
        assert conn.read_only is None and conn.isolation_level is None
        # search_path was pinned only for the introspection transaction
        row = conn.execute("show search_path").fetchone()
        assert row is not None and row[0] == '"$user", public'


# --------------------------------------------------------------------------- scale


class CountingCursor(psycopg.Cursor[Any]):
    """A real cursor that counts the statements sent through it."""

    executed = 0

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        CountingCursor.executed += 1
        return super().execute(*args, **kwargs)


def create_many_tables(url: str, n: int) -> None:
    """``n`` tables of 8 columns: PK, FK to the previous table, a UNIQUE and a CHECK each."""
    statements = []
    for i in range(n):
        ref = f"references bulk.t{i - 1:04d} (id)" if i else ""
        statements.append(
            f"create table bulk.t{i:04d} ("
            f" id integer primary key,"
            f" prev_id integer {ref},"
            f" code varchar(20) not null unique,"
            f" amount numeric(10, 2) check (amount >= 0),"
            f" name text not null,"
            f" created timestamptz not null default now(),"
            f" flag boolean,"
            f" note text)"
        )
    with psycopg.connect(url) as conn:
        conn.execute("create schema bulk")
        conn.execute(";\n".join(statements).encode())


def count_queries(url: str) -> tuple[int, DatabaseSchema]:
    with psycopg.connect(url, autocommit=True, cursor_factory=CountingCursor) as conn:
        before = CountingCursor.executed
        schema, _ = introspect_connection(conn, schemas=["bulk"])
        return CountingCursor.executed - before, schema


def test_500_tables_same_queries_as_5(pg_server: PostgresServer) -> None:
    small, large = pg_server.create_database(), pg_server.create_database()
    try:
        create_many_tables(small, 5)
        create_many_tables(large, 500)
        small_queries, _ = count_queries(small)
        started = time.perf_counter()
        large_queries, schema = count_queries(large)
        elapsed = time.perf_counter() - started
        print(f"introspected 500 tables in {elapsed:.2f}s with {large_queries} queries")
    finally:
        pg_server.drop_database(dbname(small))
        pg_server.drop_database(dbname(large))
    assert small_queries == large_queries == 2 + len(catalog_queries(150000))
    assert counts(schema, "bulk") == Counts(
        tables=500, columns=4000, not_null=2000, pks=500, fks=499, uniques=500, checks=500
    )
    t = schema.get_schema("bulk").table("t0042")
    assert t.foreign_keys[0].referenced == "bulk.t0041"
    assert t.column("code").length == 20


# --------------------------------------------------------------------------- pure helpers


def test_check_expression_strips_wrapper() -> None:
    assert check_expression("CHECK (a > 0)") == "a > 0"
    assert check_expression("CHECK ((a > 0) OR (b > 0)) NOT VALID") == "(a > 0) OR (b > 0)"
    assert check_expression("CHECK (a > 0) NO INHERIT") == "a > 0"


def test_decode_trigger_type() -> None:
    assert decode_trigger_type(0b0010111) == ("BEFORE", ["INSERT", "UPDATE"])
    assert decode_trigger_type(0b1000101) == ("INSTEAD OF", ["INSERT"])
    assert decode_trigger_type(0b0101000) == ("AFTER", ["DELETE", "TRUNCATE"])


def test_golden_file_is_valid_json() -> None:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert data["engine"] == "postgres" and data["database"] == "<db>"
