"""Values/s of every generator in the catalog (native vectorized vs Faker-backed).

    .venv/bin/python bench/generators_throughput.py [--rows 100000] [--filter semantic.br]

Each generator runs with its default (or example) params on a column context at seed 42; the
time of one call over ``rows`` row indices is measured after a warm-up call. Generators that need
inputs or params (derives, json templates, ...) are listed as skipped.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from datalchemy.generators import all_generators
from datalchemy.generators.catalog import _example_context  # the docs' sample context


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--filter", default="", help="only IDs starting with this prefix")
    args = ap.parse_args()
    print(f"{'generator':<46}{'kind':>8}{'values/s':>14}")
    for gen in all_generators():
        if not gen.id.startswith(args.filter):
            continue
        faker = gen.id.startswith("faker.") or type(gen).__module__.endswith("faker_bridge")
        rows = np.arange(args.rows // (20 if faker else 1), dtype=np.int64)
        try:
            params = gen.parse_params(gen.example_params)
            ctx = _example_context(gen)
            gen.generate(ctx, params, rows[:100])
            t0 = time.perf_counter()
            gen.generate(ctx, params, rows)
            rate = len(rows) / (time.perf_counter() - t0)
        except Exception as exc:
            print(f"{gen.id:<46}{'':>8}{'skipped':>14}  ({type(exc).__name__})")
            continue
        print(f"{gen.id:<46}{'faker' if faker else 'native':>8}{rate:>14,.0f}")


if __name__ == "__main__":
    main()
