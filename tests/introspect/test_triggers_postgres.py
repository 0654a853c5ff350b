"""PostgreSQL triggers read from their PL/pgSQL functions: the reader on its own, then every
classification introspected from a real server (small DDL of our own)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import DatabaseSchema, Table, Trigger
from datalchemy.db.urls import parse_connection
from datalchemy.introspect.postgres import introspect_postgres
from datalchemy.triggers import generation_risks
from datalchemy.triggers.plpgsql import read_plpgsql


def _conditions(body: str, *, before_row: bool = True) -> list[str]:
    facts = read_plpgsql(body, own=("s", "t"), before_row=before_row)
    return [r.condition.sql("postgres") if r.condition else f"? {r.why}" for r in facts.rejections]


@pytest.mark.parametrize(
    ("body", "conditions"),
    [
        (
            "BEGIN IF new.qty < 0 THEN RAISE EXCEPTION 'neg'; END IF; RETURN NEW; END",
            ["new.qty < 0"],
        ),
        # ELSIF after a branch that raises: the row is rejected either way.
        (
            "BEGIN IF NEW.a IS NULL THEN RAISE 'a'; ELSIF NEW.b = '' THEN RAISE 'b'; END IF; "
            "RETURN NEW; END",
            ["NEW.a IS NULL", "NEW.b = ''"],
        ),
        # A branch that returns guards what follows.
        (
            "BEGIN IF NEW.kind = 'x' THEN RETURN NEW; END IF; "
            "IF NEW.n > 9 THEN RAISE EXCEPTION USING MESSAGE = 'big'; END IF; RETURN NEW; END",
            ["(NOT COALESCE(NEW.kind = 'x', FALSE)) AND (NEW.n > 9)"],
        ),
        ("BEGIN IF NEW.n = 0 THEN RETURN NULL; END IF; RETURN NEW; END", ["NEW.n = 0"]),
        (
            "BEGIN ASSERT NEW.n > 0, 'positive'; RETURN NEW; END",
            ["NOT COALESCE(NEW.n > 0, FALSE)"],
        ),
        ("BEGIN RAISE NOTICE 'hello %', NEW.id; RETURN NEW; END", []),
        (
            "BEGIN FOR i IN 1..3 LOOP RAISE EXCEPTION 'x'; END LOOP; RETURN NEW; END",
            ["? under conditions not read"],
        ),
    ],
)
def test_plpgsql_rejections(body: str, conditions: list[str]) -> None:
    assert _conditions(body) == conditions


def test_plpgsql_effects() -> None:
    body = """
    DECLARE
        n integer := 0;
    BEGIN
        NEW.updated_at := now();
        INSERT INTO s.audit (id) VALUES (NEW.id) ON CONFLICT (id) DO UPDATE SET n = 1;
        UPDATE stats SET n = n + 1 WHERE id = NEW.id;
        DELETE FROM s.t WHERE id = -1;
        PERFORM pg_notify('ch', NEW.id::text);
        RETURN NEW;
    END
    """
    facts = read_plpgsql(body, own=("s", "t"), before_row=True)
    assert facts.writes == ["s.audit", "stats"]
    assert facts.rewrites == ["sets NEW.updated_at", "deletes rows of its own table"]
    assert facts.rejections == [] and facts.unrecognized == []
    # AFTER triggers cannot change the row: their NEW assignments are no rewrite.
    assert read_plpgsql(body, own=("s", "t"), before_row=False).rewrites == [
        "deletes rows of its own table"
    ]
    loop = read_plpgsql(
        "BEGIN FOR r IN SELECT 1 LOOP INSERT INTO x.y VALUES (1); END LOOP; RETURN NULL; END",
        own=("s", "t"),
        before_row=False,
    )
    assert (loop.unrecognized, loop.writes) == (["a FOR construct"], ["x.y"])


DDL = """
create schema shop;
create table shop.customers (id int primary key, name text not null, region int);
create table shop.orders (id int primary key, customer_id int, qty int not null, note text,
                          total numeric(10, 2));
create table shop.order_stats (order_id int primary key, n int not null default 0);
create table shop.log (id bigint generated always as identity, what text);

create function shop.orders_check() returns trigger language plpgsql as $$
begin
  if new.customer_id is not null
     and not exists (select 1 from shop.customers c where c.id = new.customer_id) then
    raise exception 'customer % does not exist', new.customer_id using errcode = '23503';
  end if;
  if new.qty <= 0 then
    raise exception 'qty must be positive';
  end if;
  return new;
end $$;
create trigger orders_check before insert or update on shop.orders
  for each row execute function shop.orders_check();

create function shop.orders_stats() returns trigger language plpgsql as $$
begin
  insert into shop.order_stats (order_id) select id from new_rows;
  return null;
end $$;
create trigger orders_stats after insert on shop.orders referencing new table as new_rows
  for each statement execute function shop.orders_stats();

create function shop.orders_note() returns trigger language plpgsql as $$
begin new.note := coalesce(new.note, 'n/a'); return new; end $$;
create trigger orders_note before insert on shop.orders
  for each row execute function shop.orders_note();

create function shop.region_ok(r int) returns boolean language sql as $$ select r > 0 $$;
create function shop.customers_region() returns trigger language plpgsql as $$
begin
  if not shop.region_ok(new.region) then raise exception 'bad region'; end if;
  return new;
end $$;
create trigger customers_region before insert on shop.customers
  for each row when (new.region is not null) execute function shop.customers_region();

create function shop.big_total() returns trigger language plpgsql as $$
begin raise exception 'total too large'; end $$;
create trigger orders_big before insert on shop.orders
  for each row when (new.total > 1000) execute function shop.big_total();

create function shop.log_it() returns trigger language plpgsql as $$
begin insert into shop.log (what) values (tg_op); return null; end $$;
create trigger customers_log after delete on shop.customers
  for each row execute function shop.log_it();
create trigger customers_log_off after insert on shop.customers
  for each row execute function shop.log_it();
alter table shop.customers disable trigger customers_log_off;
"""


@pytest.fixture
def shop(pg_url: str) -> tuple[DatabaseSchema, list[Issue]]:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(DDL)
    return introspect_postgres(parse_connection(pg_url), schemas=["shop"])


def _table(schema: DatabaseSchema, name: str) -> Table:
    return schema.get_schema("shop").table(name)


def _trigger(schema: DatabaseSchema, table: str, name: str) -> Trigger:
    return next(t for t in _table(schema, table).triggers if t.name == name)


def test_postgres_trigger_classifications(shop: tuple[DatabaseSchema, list[Issue]]) -> None:
    schema, issues = shop
    got: dict[str, Any] = {
        t.name: (t.classification, t.writes)
        for name in ("orders", "customers")
        for t in _table(schema, name).triggers
    }
    assert got == {
        "orders_check": ("emulated_foreign_key", []),
        "orders_stats": ("writes_other_tables", ["shop.order_stats"]),
        "orders_note": ("rewrites_row", []),
        "orders_big": ("row_check", []),
        "customers_region": ("rejects_rows", []),
        "customers_log": ("writes_other_tables", ["shop.log"]),
        "customers_log_off": ("writes_other_tables", ["shop.log"]),
    }
    assert _trigger(schema, "customers", "customers_region").reason == (
        "rejects rows under a condition that calls region_ok()"
    )
    orders = _table(schema, "orders")
    [fk] = orders.foreign_keys
    assert (fk.name, fk.columns, fk.referenced, fk.enforced_by) == (
        "orders_check",
        ["customer_id"],
        "shop.customers",
        "trigger orders_check",
    )
    checks = {c.name: (c.expression, c.level, c.enforced_by) for c in orders.checks}
    assert checks == {
        # pg_get_triggerdef prints the WHEN clause as "(new.total > (1000)::numeric)".
        "orders_big": ('NOT ("total" > CAST((1000) AS DECIMAL))', "trigger", "trigger orders_big"),
        "orders_check": ('NOT ("qty" <= 0)', "trigger", "trigger orders_check"),
    }
    codes = {i.path: (i.severity, i.code) for i in issues if i.code.startswith("trigger_")}
    assert codes == {
        "shop.orders.orders_check": ("info", "trigger_enforced_as_foreign_key"),
        "shop.orders.orders_big": ("info", "trigger_enforced_as_check"),
        "shop.orders.orders_stats": ("warning", "trigger_writes_other_tables"),
        "shop.orders.orders_note": ("warning", "trigger_rewrites_row"),
        "shop.customers.customers_region": ("warning", "trigger_may_reject_rows"),
    }
    risks = generation_risks(schema, ["shop.orders", "shop.customers", "shop.order_stats"])
    assert [(i.path, i.code) for i in risks] == [
        ("shop.customers.customers_region", "trigger_may_reject_rows"),
        ("shop.orders.orders_note", "trigger_rewrites_row"),
        ("shop.orders.orders_stats", "trigger_writes_other_tables"),
    ]
    stats = next(i for i in risks if i.path == "shop.orders.orders_stats")
    assert "shop.order_stats is generated too" in stats.message
    assert stats.hint is not None and "--triggers disable" in stats.hint


def test_postgres_trigger_constraints_are_planned_and_met(
    shop: tuple[DatabaseSchema, list[Issue]], tmp_path: Any
) -> None:
    """The recorded FK and CHECKs go through plan and generation like declared ones."""
    import datalchemy

    schema, _ = shop
    plan, _ = datalchemy.suggest_plan(schema, rows={"shop.orders": 300, "shop.customers": 20})
    assert datalchemy.validate_plan(plan, schema).ok
    run = datalchemy.generate(plan, schema, tmp_path)
    metrics = datalchemy.evaluate(schema, plan, run.path).metrics
    by_name = {(c.kind, c.name): c for c in metrics.constraints}
    assert by_name[("foreign_key", "orders_check")].status == "ok"
    assert by_name[("check", "orders_check")].status == "ok"
    assert by_name[("check", "orders_big")].status == "ok"
    assert metrics.violations_total == 0
