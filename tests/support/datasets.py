"""Datasets shared by the load and evaluation tests."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.fixtures import create_fixture
from support.pgserver import PostgresServer

# CHECKs such as `data_limite >= CURRENT_DATE` are judged by the server at load time.
TODAY = date.today()

#: The original full-stack plan's targets and rows (reference §7.3 / §8.1).
FULL_STACK = {
    "crm.usuarios": 10_000, "crm.empresas": 10_000, "crm.contatos": 10_000, "crm.leads": 10_000,
    "crm.oportunidades": 10_000, "crm.atividades": 10_000, "crm.produtos": 5_000,
    "crm.faturas": 5_000, "crm.pagamentos": 5_000, "crm.funis": 8, "crm.etapas_funil": 24,
    "crm.fontes_lead": 20,
}  # fmt: skip

CYCLE_SQL = """
create table dept (
    id int generated always as identity primary key,
    name varchar(40) not null unique,
    manager_id int
);
create table emp (
    id bigserial primary key,
    dept_id int not null references dept,
    boss_id bigint references emp,
    name text not null
);
alter table dept add constraint dept_manager_fk foreign key (manager_id) references emp;
create index emp_name_idx on emp (name);
"""


class Crm:
    """The CRM schema and a generated full-stack dataset; ``target()`` makes an empty CRM db."""

    def __init__(self, server: PostgresServer, schema: DatabaseSchema, data: Path) -> None:
        self.server = server
        self.schema = schema
        self.data = data

    def target(self) -> str:
        url = self.server.create_database()
        create_fixture("crm", url, with_data=False)
        return url

    @property
    def written(self) -> dict[str, int]:
        report = json.loads((self.data / "generation_report.json").read_text())
        return {f"{t['schema']}.{t['table']}": t["rows_written"] for t in report["tables"]}


class Cycle:
    def __init__(self, server: PostgresServer, schema: DatabaseSchema, data: Path) -> None:
        self.server = server
        self.schema = schema
        self.data = data

    def target(self) -> str:
        import psycopg

        url = self.server.create_database()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(CYCLE_SQL)
        return url


class CarRental:
    def __init__(self, schema: DatabaseSchema, data: Path, root: Path) -> None:
        self.schema = schema
        self.data = data
        self._root = root
        self._n = 0

    def target(self) -> Path:
        self._n += 1
        path = self._root / f"target_{self._n}.db"
        create_fixture("car-rental", f"sqlite:///{path}")
        return path


def copy_dataset(src: Path, dest: Path) -> Path:
    """A private copy of a dataset (tests that tamper with files must not share them)."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("loads"))
    return dest


def tamper(dataset: Path, filename: str, edit: Callable[[list[str]], list[str]]) -> None:
    """Edit a data file's lines and record the new size and hash in the generation report,
    as a user who edits a dataset consistently would; the loader must then catch the database's
    rejection, not the hash check."""
    path = dataset / filename
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    report_path = dataset / "generation_report.json"
    report = json.loads(report_path.read_text())
    for table in report["tables"]:
        for f in table["files"]:
            if f["path"] == filename:
                f["bytes"] = path.stat().st_size
                f["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    report_path.write_text(json.dumps(report, indent=2))


def odbc_drivers_or_fail() -> None:
    """Skip without the Debian ODBC drivers, except in CI, where their absence is a failure."""
    import pytest

    from support.pgserver import running_in_ci

    ini = Path("/etc/odbcinst.ini")
    text = ini.read_text() if ini.exists() else ""
    missing = [d for d in ("PostgreSQL Unicode", "SQLite3") if f"[{d}]" not in text]
    if missing:
        message = f"ODBC drivers missing: {missing} (run scripts/ensure_test_tools.sh)"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
