"""Load throughput: the same generated files into PostgreSQL and SQLite, every method side by side.

    .venv/bin/python bench/load_dataset.py             # 200k-row table + full-stack CRM
    .venv/bin/python bench/load_dataset.py --rows 1000000
    .venv/bin/python bench/load_dataset.py --rows 50000 --crm-scale 10   # CRM at 100k rows/table

Starts its own PostgreSQL (tests/support/pgserver.py), generates the 10-column ``pessoas`` table of
bench/generate_table.py and the full-stack CRM dataset once, then loads them with:

- datalchemy ``load`` (COPY CSV streamed from the file: the product's PostgreSQL path)
- COPY BINARY through psycopg (CSV parsed by Arrow, rows written with ``write_row``)
- psycopg ``executemany`` (pipelined INSERTs; a 50k-row slice, it is slow)
- datalchemy ``load`` through psqlODBC (pyodbc inserts in one transaction)
- ``psql \\copy`` of the same file (the reference)
- the CRM dataset: one table at a time (one transaction) vs tables in parallel (2 workers)
- SQLite: datalchemy ``load`` (executemany) vs the SQLite3 ODBC driver

Each measurement runs in a fresh subprocess, so its peak RSS is its own. Prints rows/s, MB/s, RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

PESSOAS_DDL = """
create schema if not exists bench;
create table bench.pessoas (
    id bigint primary key, nome text, email text unique, cpf character(14), telefone text,
    nascimento date, cidade text, valor numeric(12,2), status text, criado_em timestamptz
)"""
SQLITE_DDL = """
create table pessoas (
    id integer primary key, nome text, email text unique, cpf text, telefone text,
    nascimento text, cidade text, valor numeric, status text, criado_em text
)"""


def _rss_mb() -> float:
    # VmHWM, not ru_maxrss: ru_maxrss survives exec and would report the parent's size.
    status = Path("/proc/self/status").read_text()
    own = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _odbc(url: str) -> str:
    from urllib.parse import unquote, urlsplit

    p = urlsplit(url)
    return (
        f"Driver={{PostgreSQL Unicode}};Server={p.hostname};Port={p.port};"
        f"Database={p.path.lstrip('/')};UID={unquote(p.username or '')};"
        f"PWD={unquote(p.password or '')}"
    )


# ------------------------------------------------------------------ child measurements


def _load(data: str, schema_file: str, conn: str, **kw: Any) -> dict[str, float]:
    from datalchemy.load import run_load
    from datalchemy.plan.io import load_schema

    t0 = time.perf_counter()
    report = run_load(Path(data), load_schema(Path(schema_file)), conn, **kw).report
    return {"seconds": time.perf_counter() - t0, "rows": report.rows_loaded}


def _copy_binary(url: str, csv_path: str) -> dict[str, float]:
    import psycopg
    import pyarrow.csv as pacsv

    t0 = time.perf_counter()
    rows = 0
    types = ["int8", "text", "text", "text", "text", "date", "text", "numeric", "text",
             "timestamptz"]  # fmt: skip
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("truncate bench.pessoas")
        import pyarrow as pa

        # Binary COPY needs Python values of the column types (Decimal, date, datetime).
        reader = pacsv.open_csv(
            csv_path,
            convert_options=pacsv.ConvertOptions(
                column_types={
                    "valor": pa.decimal128(12, 2),
                    "nascimento": pa.date32(),
                    "criado_em": pa.timestamp("us", tz="UTC"),
                }
            ),
        )
        with cur.copy("COPY bench.pessoas FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for batch in reader:
                cols = [c.to_pylist() for c in batch.columns]
                for row in zip(*cols, strict=True):
                    copy.write_row(row)
                rows += batch.num_rows
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def _executemany(url: str, csv_path: str, limit: int) -> dict[str, float]:
    import psycopg
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(csv_path).slice(0, limit)
    rows = list(zip(*(c.to_pylist() for c in table.columns), strict=True))
    t0 = time.perf_counter()
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("truncate bench.pessoas")
        cur.executemany(
            "insert into bench.pessoas values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows
        )
    return {"seconds": time.perf_counter() - t0, "rows": len(rows)}


def _psql_copy(url: str, csv_path: str, psql: str) -> dict[str, float]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("truncate bench.pessoas")
    t0 = time.perf_counter()
    subprocess.run(
        [psql, url, "-v", "ON_ERROR_STOP=1", "-q", "-c",
         f"\\copy bench.pessoas from '{csv_path}' with (format csv, header true)"],
        check=True,
    )  # fmt: skip
    rows = sum(1 for _ in open(csv_path, "rb")) - 1  # noqa: SIM115
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def _child(spec: dict[str, Any]) -> None:
    kind = spec.pop("kind")
    if kind == "load":
        result = _load(**spec)
    elif kind == "binary":
        result = _copy_binary(**spec)
    elif kind == "executemany":
        result = _executemany(**spec)
    else:
        result = _psql_copy(**spec)
    result["peak_rss_mb"] = _rss_mb()
    print(json.dumps(result))


# ------------------------------------------------------------------ orchestration


def _generate(rows: int, root: Path) -> tuple[Path, Path]:
    from generate_table import _schema_and_plan

    from datalchemy.generate import run_generation

    schema, plan = _schema_and_plan(rows)
    run = run_generation(plan, schema, root / "pessoas")
    schema_file = root / "pessoas.schema.json"
    schema_file.write_text(schema.model_dump_json(by_alias=True))
    return run.path, schema_file


def _generate_crm(server: Any, root: Path, scale: int) -> tuple[Path, Path]:
    from datalchemy.fixtures import create_fixture
    from datalchemy.generate import run_generation
    from datalchemy.introspect import introspect
    from datalchemy.plan import resolve_plan
    from datalchemy.plan.suggest import suggest_plan
    from support.datasets import FULL_STACK

    source = server.create_database()
    create_fixture("crm", source, with_data=False)
    schema = introspect(source, schemas=["crm"]).schema
    # Lookup tables (funis, etapas, fontes) keep their size; the main tables grow with scale.
    rows = {t: n * scale if n >= 5_000 else n for t, n in FULL_STACK.items()}
    plan, _ = suggest_plan(schema, rows=rows, locale="pt_BR", base_date=date.today())
    run = run_generation(resolve_plan(plan, schema), schema, root / "crm")
    schema_file = root / "crm.schema.json"
    schema_file.write_text(schema.model_dump_json(by_alias=True))
    return run.path, schema_file


def _measure(label: str, spec: dict[str, Any], nbytes: int) -> None:
    """Run one measurement in a child; ``_rows`` in ``spec`` is the file's full row count when the
    child loads only a slice of it (MB/s is scaled to the slice)."""
    spec = dict(spec)
    file_rows = spec.pop("_rows", None)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    if proc.returncode != 0:
        print(f"{label:<44} failed: {proc.stderr.strip()[-300:]}")
        return
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    mb = nbytes * (r["rows"] / (file_rows or r["rows"])) / 1e6
    print(
        f"{label:<44}{r['rows']:>11,}{r['seconds']:>9.2f}{r['rows'] / r['seconds']:>12,.0f}"
        f"{mb / r['seconds']:>8.1f}{r['peak_rss_mb']:>10.0f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--crm-scale", type=int, default=1, help="CRM main tables x N (10: 100k rows)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(json.loads(args.child))
        return
    import sqlite3
    import tempfile

    import psycopg

    from support.pgserver import PostgresServer

    with tempfile.TemporaryDirectory() as tmp, PostgresServer() as server:
        root = Path(tmp)
        data, schema_file = _generate(args.rows, root)
        csv_path = str(data / "bench.pessoas.csv")
        nbytes = Path(csv_path).stat().st_size
        url = server.create_database()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(PESSOAS_DDL)
        common = {"data": str(data), "schema_file": str(schema_file)}
        print(f"pessoas: {args.rows:,} rows, {nbytes / 1e6:.1f} MB of CSV; PostgreSQL "
              f"{server.version} on loopback, client and server on the same 2 cores\n")  # fmt: skip
        print(f"{'method':<44}{'rows':>11}{'seconds':>9}{'rows/s':>12}{'MB/s':>8}{'RSS MB':>10}")
        runs: list[tuple[str, dict[str, Any]]] = [
            ("datalchemy load (COPY CSV stream)", {"kind": "load", **common, "conn": url,
                                                    "mode": "truncate"}),
            ("COPY BINARY (psycopg write_row)", {"kind": "binary", "url": url,
                                                 "csv_path": csv_path}),
            ("psql \\copy (reference)", {"kind": "psql", "url": url, "csv_path": csv_path,
                                         "psql": str(server.psql_path)}),
            ("psycopg executemany (50k slice)", {"kind": "executemany", "url": url,
                                                 "csv_path": csv_path, "limit": 50_000,
                                                 "_rows": args.rows}),
        ]  # fmt: skip
        for label, spec in runs:
            _measure(label, spec, nbytes)
        # ODBC is ~10x slower; measure it on a 50k-row dataset of the same table.
        small, small_schema = _generate(50_000, root / "small")
        small_bytes = (small / "bench.pessoas.csv").stat().st_size
        _measure("datalchemy load via psqlODBC (50k rows)",
                 {"kind": "load", "data": str(small), "schema_file": str(small_schema),
                  "conn": _odbc(url), "mode": "truncate"}, small_bytes)  # fmt: skip
        db = root / "pessoas.db"
        sqlite3.connect(db).executescript(SQLITE_DDL)
        _measure("SQLite: datalchemy load (executemany)",
                 {"kind": "load", **common, "conn": f"sqlite:///{db}", "mode": "truncate"},
                 nbytes)  # fmt: skip
        _measure("SQLite: datalchemy load via SQLite3 ODBC (50k)",
                 {"kind": "load", "data": str(small), "schema_file": str(small_schema),
                  "conn": f"Driver={{SQLite3}};Database={db}", "mode": "truncate"},
                 small_bytes)  # fmt: skip
        crm, crm_schema = _generate_crm(server, root, args.crm_scale)
        crm_bytes = sum(p.stat().st_size for p in crm.glob("*.csv"))
        print(f"\nfull-stack CRM: 20 tables, {crm_bytes / 1e6:.1f} MB of CSV")
        for label, extra in [
            ("CRM: one transaction, tables in order", {"transaction": "all"}),
            ("CRM: per-table transactions, 1 worker", {"transaction": "table", "workers": 1}),
            ("CRM: per-table transactions, 2 workers", {"transaction": "table", "workers": 2}),
            ("CRM: recreate (indexes/FKs after load)", {"transaction": "all",
                                                        "mode": "recreate"}),
        ]:  # fmt: skip
            target = server.create_database()
            from datalchemy.fixtures import create_fixture

            create_fixture("crm", target, with_data=False)
            _measure(label, {"kind": "load", "data": str(crm), "schema_file": str(crm_schema),
                             "conn": target, **extra}, crm_bytes)  # fmt: skip


if __name__ == "__main__":
    main()
