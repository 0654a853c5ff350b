"""`make fuzz`: a longer fuzz run that reports every finding instead of stopping at the first.

Usage: ``python tests/fuzz/run_fuzz.py [CASES] [SEED]`` (default 1000 cases, seed 0). Prints the
outcome counts and each finding (stage, code, message, the edits that made it); exits 1 when
there is one.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from fuzz.harness import Tally, run_case
from fuzz.strategies import Case, cases, seed_files


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    seeds = seed_files()
    tally = Tally()
    edits: list[tuple[str, ...]] = []
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="datalchemy-fuzz-"))

    # Generate only: every case is run and counted, nothing is shrunk (findings are listed).
    @settings(
        max_examples=count, deadline=None, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.generate],
    )  # fmt: skip
    @hypothesis_seed(seed)
    @given(case=cases(seeds))
    def one(case: Case) -> None:
        work = root / f"case_{sum(tally.outcomes.values()):05d}"
        try:
            outcome = run_case(case.schema, case.plan, work)
        except Exception as exc:  # the harness itself crashed: a finding too
            from fuzz.harness import Outcome

            outcome = Outcome("internal", "harness", type(exc).__name__, str(exc)[:500])
        tally.add(outcome, case.schema, case.plan)
        if outcome.kind not in ("ok", "coded"):
            edits.append(case.edits)

    one()
    print(f"{tally.summary()} in {time.perf_counter() - started:.0f}s (work in {root})")
    for (outcome, _, _), made in zip(tally.findings, edits, strict=True):
        print(f"FINDING {outcome.kind} at {outcome.stage}: {outcome.detail[:400]}\n  edits: {made}")
    return 1 if tally.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
