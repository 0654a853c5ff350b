"""Evaluation throughput: generate one 10-column table with the engine, then evaluate it.

    .venv/bin/python bench/evaluate_table.py                  # 1M and 10M rows
    .venv/bin/python bench/evaluate_table.py --rows 1000000   # one size

The table and plan are bench/generate_table.py's (imported, not copied). Generation and
evaluation each run in a fresh subprocess so that the peak RSS printed is the evaluation's own
(``resource.getrusage(RUSAGE_CHILDREN)`` read by the parent right after each child exits, as
the growth of the children's maximum, and the child's own ``RUSAGE_SELF`` as a cross-check).
DuckDB works under ``--memory-limit`` (default 512MB, as ``run_evaluate``) and spills to a temporary
folder, so peak RSS follows the limit, not the row count.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROWS_DEFAULT = (1_000_000, 10_000_000)


def _generate(rows: int, out: Path) -> None:
    from generate_table import _schema_and_plan

    from datalchemy.generate import run_generation

    schema, plan = _schema_and_plan(rows)
    run = run_generation(plan, schema, out, workers=1)
    (out / "schema.json").write_text(schema.to_json())
    print(json.dumps({"dataset": str(run.path), "peak_rss_mb": _own_rss_mb()}))


def _evaluate(dataset: Path, schema_path: Path, memory_limit: str) -> None:
    from datalchemy.evaluate import run_evaluate
    from datalchemy.plan.io import load_schema

    t0 = time.perf_counter()
    run = run_evaluate(load_schema(schema_path), None, dataset, memory_limit=memory_limit)
    seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "seconds": seconds,
                "violations": run.metrics.violations_total,
                "status": run.metrics.status,
                "peak_rss_mb": _own_rss_mb(),
            }
        )
    )


def _child(args: list[str]) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {proc.stderr.strip()[-2000:]}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    # RUSAGE_CHILDREN is the max over every child waited for so far, so it only identifies this
    # child when it grew; the child's own RUSAGE_SELF (``peak_rss_mb``, printed) is exact.
    result["children_max_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def _own_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="*", help="row counts to run")
    ap.add_argument("--tmp", type=Path, help="folder for the generated data (default: system temp)")
    ap.add_argument("--generate", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--memory-limit", default="512MB", help="DuckDB memory_limit (default 512MB)")
    ap.add_argument("--evaluate", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate:
        _generate(int(args.generate[0]), Path(args.generate[1]))
        return
    if args.evaluate:
        _evaluate(Path(args.evaluate[0]), Path(args.evaluate[1]), args.evaluate[2])
        return
    print(
        f"{'rows':>11}{'gen s':>8}{'eval s':>8}{'eval rows/s':>13}{'gen RSS MB':>12}"
        f"{'eval RSS MB':>13}  status"
    )
    for rows in args.rows or ROWS_DEFAULT:
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            t0 = time.perf_counter()
            gen = _child(["--generate", str(rows), tmp])
            gen_s = time.perf_counter() - t0
            ev = _child(
                [
                    "--evaluate",
                    str(gen["dataset"]),
                    str(Path(tmp) / "schema.json"),
                    args.memory_limit,
                ]
            )
            seconds = float(ev["seconds"])  # type: ignore[arg-type]
            print(
                f"{rows:>11,}{gen_s:>8.1f}{seconds:>8.1f}{rows / seconds:>13,.0f}"
                f"{gen['peak_rss_mb']:>12.0f}{ev['peak_rss_mb']:>13.0f}  "
                f"{ev['status']} ({ev['violations']} violations)",
                flush=True,
            )


if __name__ == "__main__":
    main()
