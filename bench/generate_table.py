"""Generation throughput: one 10-column table, datalchemy vs Faker (pt_BR, row by row) vs Mimesis.

    .venv/bin/python bench/generate_table.py                 # 1M rows; 1 and 2 workers, cluster
    .venv/bin/python bench/generate_table.py --rows 100000   # quick
    .venv/bin/python bench/generate_table.py --rows 1000000 10000000 --no-baselines
    .venv/bin/python bench/generate_table.py --rows 2000000 --repeat 3   # least CPU of 3 runs

The table: id, full name, e-mail (UNIQUE), CPF, phone, birth date, city, amount numeric(12,2),
weighted status, created_at. datalchemy runs as a user runs it: the whole CLI
(`datalchemy generate --plan --schema`) in a fresh process, start-up included, with 1 worker,
2 workers and `--cluster local:2` (when dask is installed). The baselines build the same values
row by row and write them with the csv module, which is how those libraries are used for this
job. Printed side by side: wall seconds, rows/s, CPU-seconds (user + system of the process and
all its workers), rows per CPU-second (fair on a busy machine), MB/s, and the peak RSS of the
whole process tree (sampled every 20 ms, parent and workers summed). A first line gives the fixed
cost: the CPU-seconds of a 1-row run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from datetime import date
from pathlib import Path

ROWS_DEFAULT = (1_000_000,)
WEIGHTS = OrderedDict([("ativo", 0.7), ("inativo", 0.2), ("pendente", 0.1)])
RULES = {
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


def bench_schema():  # type: ignore[no-untyped-def]
    """The benchmark table's schema.json contract."""
    from datalchemy.contracts.schema import (
        Column,
        DatabaseSchema,
        PrimaryKey,
        Schema,
        Table,
        TypeFamily,
        UniqueConstraint,
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
        uniques=[UniqueConstraint(name="pessoas_email_key", columns=["email"])],
    )
    return DatabaseSchema(engine="postgres", schemas=[Schema(name="bench", tables=[table])])


def bench_plan(rows: int) -> dict:  # type: ignore[type-arg]
    """The plan.json for the benchmark table (every column by rule, no nulls)."""
    return {
        "plan_version": "0.3",
        "seed": 7,
        "base_date": "2024-01-01",
        "locale": "pt_BR",
        "schema_ref": {"schema_version": "0.3", "engine": "postgres"},
        "targets": [{"schema": "bench", "table": "pessoas", "rows": rows}],
        "rules": [
            {"type": "column_generator", "schema": "bench", "table": "pessoas", "column": c,
             "generator": g, "params": p}
            for c, (g, p) in RULES.items()
        ],
    }  # fmt: skip


def _schema_and_plan(rows: int):  # type: ignore[no-untyped-def]
    """(schema, resolved plan) of the benchmark table, for in-process measurements."""
    from datalchemy.contracts.plan import Plan
    from datalchemy.plan import resolve_plan

    schema = bench_schema()
    return schema, resolve_plan(Plan.model_validate(bench_plan(rows)), schema)


class _TreeRss:
    """Peak of the summed RSS of a process and its descendants, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            todo += [int(k) for k in kids]
        return pids

    def _rss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree()))
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_datalchemy_cli(rows: int, workers: int, out: Path, cluster: str | None) -> dict:  # type: ignore[type-arg]
    """The whole CLI in a fresh process; CPU of the process and every worker it waited for."""
    (out / "schema.json").write_text(bench_schema().model_dump_json(by_alias=True))
    (out / "plan.json").write_text(json.dumps(bench_plan(rows)))
    cmd = [
        str(Path(sys.executable).with_name("datalchemy")), "generate", "--json",
        "--plan", str(out / "plan.json"), "--schema", str(out / "schema.json"),
        "--out", str(out / "data"), "--workers", str(workers),
    ]  # fmt: skip
    if cluster:
        cmd += ["--cluster", cluster]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_cli_env())  # fmt: skip
    rss = _TreeRss(proc.pid)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    peak = rss.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(stderr.strip()[-400:] or stdout.strip()[-400:])
    result = json.loads(stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": seconds, "cpu": cpu, "bytes": float(result["bytes"]), "peak_rss": peak}


def _cli_env() -> dict[str, str]:
    """The environment of an installed tool: bytecode cached (a shell that sets
    PYTHONDONTWRITEBYTECODE would make every run compile the whole package again)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def fixed_cost(repeat: int) -> float:
    """CPU-seconds of a 1-row run (start-up, plan resolution, report): the least of
    ``repeat`` runs after one untimed run that writes the bytecode caches."""
    runs = []
    for _ in range(repeat + 1):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(run_datalchemy_cli(1, 1, Path(tmp), None)["cpu"])
    return min(runs[1:])


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


BASELINES = {"faker": run_faker, "mimesis": run_mimesis}


def _child(tool: str, rows: int) -> None:
    """A baseline in its own process (so that its CPU and peak RSS are its own)."""
    with tempfile.TemporaryDirectory() as tmp:
        result = BASELINES[tool](rows, 1, Path(tmp))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["peak_rss"] = usage.ru_maxrss * 1024
    print(json.dumps(result))


def _run_baseline(tool: str, rows: int) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, __file__, "--child", tool, str(rows)],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip()[-300:])
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _has_dask() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="*", help="row counts (default 1M)")
    ap.add_argument("--no-baselines", action="store_true", help="datalchemy only")
    ap.add_argument("--baseline-rows", type=int, default=1_000_000,
                    help="largest row count the slow baselines run (default 1M)")  # fmt: skip
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per datalchemy case (the least CPU is shown)")  # fmt: skip
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    sizes = args.rows or ROWS_DEFAULT
    cases: list[tuple[str, int, int, str | None]] = []
    for rows in sizes:
        cases += [("datalchemy", rows, 1, None), ("datalchemy", rows, 2, None)]
        if _has_dask():
            cases.append(("datalchemy", rows, 1, "local:2"))
        if rows <= args.baseline_rows and not args.no_baselines:
            cases += [("faker", rows, 1, None), ("mimesis", rows, 1, None)]
    # The interpreter's build matters for the fixed cost: an optimized (PGO + LTO) CPython, as
    # distributions and python.org ship it, starts about 15 % faster than a plain source build.
    print(f"Python {platform.python_version()} ({platform.python_implementation()}, "
          f"{sys.executable})")  # fmt: skip
    print(f"datalchemy fixed cost (a 1-row run, least of {max(3, args.repeat)}): "
          f"{fixed_cost(max(3, args.repeat)):.2f} CPU-s")  # fmt: skip
    print(f"{'tool':<12}{'mode':>14}{'rows':>12}{'wall s':>9}{'rows/s':>12}{'CPU s':>8}"
          f"{'rows/CPU-s':>12}{'MB/s':>7}{'peak RSS MB':>13}")  # fmt: skip
    for tool, rows, workers, cluster in cases:
        mode = (
            f"cluster {cluster}" if cluster else f"{workers} worker" + ("s" if workers > 1 else "")
        )
        try:
            if tool == "datalchemy":
                runs = []
                for _ in range(max(1, args.repeat)):
                    with tempfile.TemporaryDirectory() as tmp:
                        runs.append(run_datalchemy_cli(rows, workers, Path(tmp), cluster))
                r = min(runs, key=lambda run: run["cpu"])
            else:
                mode = "row by row"
                r = _run_baseline(tool, rows)
        except RuntimeError as exc:
            print(f"{tool:<12}{mode:>14}{rows:>12,}  failed: {exc}")
            continue
        print(
            f"{tool:<12}{mode:>14}{rows:>12,}{r['seconds']:>9.2f}{rows / r['seconds']:>12,.0f}"
            f"{r['cpu']:>8.2f}{rows / r['cpu']:>12,.0f}{r['bytes'] / r['seconds'] / 1e6:>7.1f}"
            f"{r['peak_rss'] / 2**20:>13.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
