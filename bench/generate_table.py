"""Generation throughput: one 10-column table, datalchemy vs Faker (pt_BR, row by row) vs Mimesis.

    .venv/bin/python bench/generate_table.py            # 100k and 1M rows, workers 1 and 2
    .venv/bin/python bench/generate_table.py --quick    # 100k rows only

The table: id, full name, e-mail, CPF, phone, birth date, city, amount numeric(12,2), weighted
status, created_at. Every measurement runs in a fresh subprocess so that peak RSS is its own.
datalchemy writes CSV through its engine (resolved plan -> blocks -> CSV file); the baselines
build the same values row by row and write them with the csv module, which is how those
libraries are used for this job. Prints rows/s, MB/s and peak RSS side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from datetime import date
from pathlib import Path

ROWS_DEFAULT = (100_000, 1_000_000)
WEIGHTS = OrderedDict([("ativo", 0.7), ("inativo", 0.2), ("pendente", 0.1)])


def _schema_and_plan(rows: int):  # type: ignore[no-untyped-def]
    from datalchemy.contracts.resolved import ResolvedColumn, ResolvedPlan, ResolvedTable
    from datalchemy.contracts.schema import (
        Column,
        DatabaseSchema,
        PrimaryKey,
        Schema,
        Table,
        TypeFamily,
    )

    cols = [
        ("id", "bigint", TypeFamily.INTEGER, {"int_bits": 64}),
        ("nome", "text", TypeFamily.TEXT, {}),
        ("email", "text", TypeFamily.TEXT, {}),
        ("cpf", "character(14)", TypeFamily.TEXT, {"length": 14}),
        ("telefone", "text", TypeFamily.TEXT, {}),
        ("nascimento", "date", TypeFamily.DATE, {}),
        ("cidade", "text", TypeFamily.TEXT, {}),
        ("valor", "numeric(12,2)", TypeFamily.DECIMAL, {"precision": 12, "scale": 2}),
        ("status", "text", TypeFamily.TEXT, {}),
        ("criado_em", "timestamp with time zone", TypeFamily.TIMESTAMPTZ, {}),
    ]
    table = Table(
        name="pessoas",
        columns=[
            Column(ordinal=i, name=n, declared_type=d, family=f, nullable=n != "id", **kw)
            for i, (n, d, f, kw) in enumerate(cols, start=1)
        ],
        primary_key=PrimaryKey(name="pessoas_pkey", columns=["id"]),
    )
    schema = DatabaseSchema(engine="postgres", schemas=[Schema(name="bench", tables=[table])])
    rules = {
        "id": ("primitive.int.sequence_hint", {"start": 1}),
        "nome": ("semantic.br.name", {}),
        "email": ("semantic.br.email.safe", {}),
        "cpf": ("semantic.br.cpf", {"formatted": True}),
        "telefone": ("semantic.br.phone", {"format": "national"}),
        "nascimento": ("primitive.date.range", {"min": "1950-01-01", "max": "2005-12-31"}),
        "cidade": ("semantic.br.city", {}),
        "valor": ("primitive.decimal.numeric", {"min": 10, "max": 5000, "scale": 2}),
        "status": (
            "primitive.choice.weighted",
            {"values": ["ativo", "inativo", "pendente"], "weights": [0.7, 0.2, 0.1]},
        ),
        "criado_em": (
            "primitive.timestamp.range",
            {"min": "2020-01-01T00:00:00", "max": "2023-12-31T23:59:59"},
        ),
    }
    rt = ResolvedTable(
        schema="bench",
        table="pessoas",
        rows=rows,
        columns=[
            ResolvedColumn(
                name=c.name, ordinal=c.ordinal, family=c.family, action="generate",
                generator=rules[c.name][0], params=rules[c.name][1], locale="pt_BR",
                unique=c.name == "email", reason="rule",
            )
            for c in table.columns
        ],
    )  # fmt: skip
    plan = ResolvedPlan(
        seed=7, base_date=date(2024, 1, 1), locale="pt_BR", plan_fingerprint="bench",
        schema_fingerprint=None, tables=[rt],
    )  # fmt: skip
    return schema, plan


def run_datalchemy(rows: int, workers: int, out: Path) -> dict[str, float]:
    from datalchemy.generate import run_generation

    schema, plan = _schema_and_plan(rows)
    t0 = time.perf_counter()
    run = run_generation(plan, schema, out, workers=workers)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "bytes": float(run.report.bytes_written)}


def _write_rows(out: Path, rows_iter) -> float:  # type: ignore[no-untyped-def]
    import csv

    path = out / "pessoas.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "nome", "email", "cpf", "telefone", "nascimento", "cidade", "valor",
                    "status", "criado_em"])  # fmt: skip
        w.writerows(rows_iter)
    return float(path.stat().st_size)


def run_faker(rows: int, workers: int, out: Path) -> dict[str, float]:
    from datetime import datetime

    from faker import Faker

    fake = Faker("pt_BR")
    fake.seed_instance(7)
    t0 = time.perf_counter()

    def gen():  # type: ignore[no-untyped-def]
        for i in range(1, rows + 1):
            yield (
                i, fake.name(), fake.unique.email(), fake.cpf(), fake.phone_number(),
                fake.date_between(date(1950, 1, 1), date(2005, 12, 31)), fake.city(),
                fake.pydecimal(left_digits=4, right_digits=2, positive=True),
                fake.random_element(WEIGHTS),
                fake.date_time_between(datetime(2020, 1, 1), datetime(2023, 12, 31)),
            )  # fmt: skip

    size = _write_rows(out, gen())
    return {"seconds": time.perf_counter() - t0, "bytes": size}


def run_mimesis(rows: int, workers: int, out: Path) -> dict[str, float]:
    from mimesis import Address, Datetime, Finance, Locale, Person
    from mimesis.random import Random

    person, address = Person(Locale.PT_BR, seed=7), Address(Locale.PT_BR, seed=7)
    dt, fin, rnd = Datetime(seed=7), Finance(seed=7), Random(7)
    t0 = time.perf_counter()

    def gen():  # type: ignore[no-untyped-def]
        for i in range(1, rows + 1):
            yield (
                i, person.full_name(), person.email(),  # unique=True refuses a seeded provider
                person.identifier("###.###.###-##"), person.phone_number(),
                dt.date(1950, 2005), address.city(), fin.price(10, 5000),
                rnd.weighted_choice(WEIGHTS),
                dt.datetime(2020, 2023),
            )  # fmt: skip

    size = _write_rows(out, gen())
    return {"seconds": time.perf_counter() - t0, "bytes": size}


TOOLS = {"datalchemy": run_datalchemy, "faker": run_faker, "mimesis": run_mimesis}


def _child(tool: str, rows: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = TOOLS[tool](rows, workers, Path(tmp))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_rss_mb"] = max(own, kids) / 1024
    print(json.dumps(result))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100k rows only")
    ap.add_argument("--rows", type=int, nargs="*", help="row counts to run")
    ap.add_argument("--no-baselines", action="store_true", help="datalchemy only")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    sizes = args.rows or ((100_000,) if args.quick else ROWS_DEFAULT)
    cases = []
    for rows in sizes:
        cases += [("datalchemy", rows, 1), ("datalchemy", rows, 2)]
        if rows <= 1_000_000 and not args.no_baselines:
            cases += [("faker", rows, 1), ("mimesis", rows, 1)]
    print(f"{'tool':<12}{'workers':>8}{'rows':>11}{'seconds':>10}{'rows/s':>12}{'MB/s':>8}"
          f"{'peak RSS MB':>13}")  # fmt: skip
    for tool, rows, workers in cases:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", tool, str(rows), str(workers)],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
        )  # fmt: skip
        if proc.returncode != 0:
            print(f"{tool:<12}{workers:>8}{rows:>11}  failed: {proc.stderr.strip()[-300:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"{tool:<12}{workers:>8}{rows:>11,}{r['seconds']:>10.2f}{rows / r['seconds']:>12,.0f}"
            f"{r['bytes'] / r['seconds'] / 1e6:>8.1f}{r['peak_rss_mb']:>13.0f}"
        )


if __name__ == "__main__":
    main()
