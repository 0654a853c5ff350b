"""The profile round trip: a real database -> profile.json -> fitted plan -> data -> similarity.

:func:`round_trip` builds the ``vendas`` database (:mod:`source_db`), profiles it, suggests a plan
fitted to the profile, generates, evaluates (constraints and similarity) and scans profile.json
for the source's PII values. The test runs it small; run it full size by hand::

    .venv/bin/python tests/profile/roundtrip.py --scale 1 --out /tmp/roundtrip
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from source_db import PII_COLUMNS, fill  # noqa: E402

import datalchemy  # noqa: E402
from datalchemy.evaluate.similarity import compare_to_profile  # noqa: E402
from datalchemy.plan.suggest import suggest_plan  # noqa: E402
from datalchemy.profile import run_profile  # noqa: E402

__all__ = ["pii_leaks", "round_trip"]


def pii_leaks(url: str, profile_text: str) -> list[str]:
    """Source values of PII columns found anywhere in ``profile_text``."""
    leaks = []
    with psycopg.connect(url) as conn:
        for table, column in PII_COLUMNS:
            for (value,) in conn.execute(f"SELECT DISTINCT {column}::text FROM {table}"):
                if value is None:
                    continue
                if json.dumps(value, ensure_ascii=False) in profile_text or (
                    len(value) >= 6 and value in profile_text
                ):
                    leaks.append(f"{table}.{column}: {value}")
    return leaks


def round_trip(url: str, out: Path, scale: float) -> dict[str, Any]:
    """The whole round trip on the empty database ``url``; its figures."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    counts = fill(url, scale)
    timings["build"] = time.perf_counter() - t
    t = time.perf_counter()
    profile = run_profile(url, out / "profile.json", k=10)
    timings["profile"] = time.perf_counter() - t
    text = (out / "profile.json").read_text(encoding="utf-8")
    schema = datalchemy.introspect(url).schema
    plan, notes = suggest_plan(schema, profile=profile, base_date=date(2024, 6, 1))
    (out / "plan.json").write_text(plan.to_json(), encoding="utf-8")
    report = datalchemy.validate_plan(plan, schema)
    errors = [(i.code, i.path, i.message) for i in report.issues if i.severity == "error"]
    t = time.perf_counter()
    run = datalchemy.generate(plan, schema, out / "out")
    timings["generate"] = time.perf_counter() - t
    ev = datalchemy.evaluate(schema, plan, run.path)
    t = time.perf_counter()
    similarity = compare_to_profile(schema, profile, run.path)
    timings["similarity"] = time.perf_counter() - t
    (out / "similarity.json").write_text(similarity.model_dump_json(indent=1), encoding="utf-8")
    return {
        "rows": counts,
        "plan_errors": errors,
        "violations": ev.metrics.violations_total,
        "overall": similarity.overall,
        "pair_trends": similarity.pair_trends,
        "quality": similarity.quality,
        "columns": {f"{c.table}.{c.column}": (c.metric, c.score) for c in similarity.columns},
        "pairs": [(p.table, p.kind, p.columns, p.score) for p in similarity.pairs],
        "fitted": sum(1 for n in notes if n.reason == "profile"),
        "leaks": pii_leaks(url, text),
        "profile_bytes": len(text),
        "seconds": {k: round(v, 1) for k, v in timings.items()},
    }


def main() -> None:
    from support.pgserver import PostgresServer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/datalchemy-roundtrip"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with PostgresServer() as server:
        result = round_trip(server.create_database(), args.out, args.scale)
    print(json.dumps(result, indent=1, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
