"""Datasets for the load tests, generated once per session from the project's fixtures."""

from __future__ import annotations

import pytest

from datalchemy.fixtures import create_fixture
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan
from support.datasets import CYCLE_SQL, FULL_STACK, TODAY, CarRental, Crm, Cycle
from support.pgserver import PostgresServer


@pytest.fixture(scope="session")
def crm(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Crm:
    source = pg_server.create_database()
    create_fixture("crm", source, with_data=False)
    schema = introspect(source, schemas=["crm"]).schema
    plan, _ = suggest_plan(schema, rows=FULL_STACK, locale="pt_BR", base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, tmp_path_factory.mktemp("crm"))
    return Crm(pg_server, schema, run.path)


@pytest.fixture(scope="session")
def cycle(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A schema with an FK cycle (fix-ups), a self-reference, identity and serial columns."""
    import psycopg

    source = pg_server.create_database()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(CYCLE_SQL)
    schema = introspect(source, schemas=["public"]).schema
    rows = {"public.dept": 40, "public.emp": 300}
    plan, _ = suggest_plan(schema, rows=rows, locale="pt_BR", base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, tmp_path_factory.mktemp("cycle"))
    return Cycle(pg_server, schema, run.path)


@pytest.fixture(scope="session")
def car_rental(tmp_path_factory: pytest.TempPathFactory) -> CarRental:
    root = tmp_path_factory.mktemp("car_rental")
    source = root / "source.db"
    create_fixture("car-rental", f"sqlite:///{source}")
    schema = introspect(f"sqlite:///{source}").schema
    plan, _ = suggest_plan(schema, rows=2000, locale="pt_BR", base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, root / "out")
    return CarRental(schema, run.path, root)
