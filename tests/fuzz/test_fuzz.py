"""The fuzzer: hostile schema.json and plan.json files end in a clean run or a coded error.

Every case goes through ``plan validate``, ``generate`` and ``evaluate --fail-on-violation``
(:mod:`fuzz.harness`). The suite runs a fixed, derandomized sample so that it stays fast and
stable (``DATALCHEMY_FUZZ_EXAMPLES`` cases, 30 by default); ``make fuzz`` runs thousands with a
report of every finding (``tests/fuzz/run_fuzz.py``).
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.harness import run_case
from fuzz.strategies import Case, cases, seed_files

EXAMPLES = int(os.environ.get("DATALCHEMY_FUZZ_EXAMPLES", "30"))


@functools.cache
def _seeds() -> tuple[object, object]:
    return seed_files()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=st.deferred(lambda: cases(_seeds())))
def test_every_outcome_is_a_clean_run_or_a_coded_error(case: Case) -> None:
    with tempfile.TemporaryDirectory(prefix="datalchemy-fuzz-") as work:
        outcome = run_case(case.schema, case.plan, Path(work), budget_s=60)
    assert outcome.kind in ("ok", "coded"), (outcome, case.edits)
