"""Every real application schema of the corpus goes from introspect to a clean load.

For each entry (``tests/corpus/<name>/``: a schema of an open-source application, with its
provenance), :func:`harness.run_pipeline` builds the database, then runs introspect, plan suggest,
validate, generate, evaluate and load into a fresh copy with every constraint on. The test
asserts zero errors at every stage and zero violations in evaluate; what evaluate cannot check
from the files (CHECKs calling application functions, triggers the schema alone cannot satisfy)
must be reported as ``not_evaluated``, never as clean, and the load takes the way through
datalchemy offers for them (triggers off, listed up front).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.harness import STAGES, load_entries, run_pipeline
from support.pgserver import PostgresServer

ENTRIES = load_entries()
#: Rows per table: enough for keys, fan-out and CHECKs to bite, small enough for the suite.
ROWS = 60


def test_the_corpus_has_real_schemas_of_both_engines() -> None:
    engines = [e.engine for e in ENTRIES]
    assert len(ENTRIES) >= 12
    assert engines.count("postgresql") >= 8 and engines.count("sqlite") >= 3
    for entry in ENTRIES:
        provenance = (entry.folder / "PROVENANCE.md").read_text(encoding="utf-8")
        assert "License" in provenance or "license" in provenance, entry.name


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_real_schema_end_to_end(
    entry,
    tmp_path: Path,
    request: pytest.FixtureRequest,  # type: ignore[no-untyped-def]
) -> None:
    server: PostgresServer | None = (
        request.getfixturevalue("pg_server") if entry.engine == "postgresql" else None
    )
    result = run_pipeline(entry, tmp_path, server=server, rows=ROWS)
    failure = result.first_failure
    assert failure is None, (
        f"{entry.name} stopped at {failure.stage}: {failure.code}: {failure.message}\n"
        f"{failure.details}"
    )
    # Every stage ran and passed: evaluate fails its stage on any violation.
    assert [s.stage for s in result.stages] == list(STAGES)
