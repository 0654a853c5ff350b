"""Run datalchemy's pipeline over every corpus entry and print where each one stops.

Starts a private PostgreSQL server (tests/support/pgserver.py), then for every entry of
tests/corpus/ (or the ones named) runs tests/corpus/harness.py: build the database from
schema.sql, introspect, suggest a plan (``--rows`` per leaf table), validate, generate,
evaluate, load into a second fresh copy. Prints one line per entry: schema, engine, tables,
FKs, CHECKs, the last stage reached, the first error code and its message.

    .venv/bin/python scripts/corpus_report.py                  # every entry
    .venv/bin/python scripts/corpus_report.py lemmy zotero     # some entries
    .venv/bin/python scripts/corpus_report.py --json out.json  # plus every stage's details
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus.harness import PipelineResult, load_entries, run_pipeline  # noqa: E402
from support.pgserver import PostgresServer  # noqa: E402

COLUMNS = ("schema", "engine", "tables", "FKs", "CHECKs", "reached", "first error", "message")


def _row(result: PipelineResult, width: int) -> list[str]:
    failure = result.first_failure
    message = (failure.message or "") if failure else ""
    if failure is not None and failure.details.get("path"):
        message = f"[{failure.details['path']}] {message}"
    return [
        result.entry,
        "pg" if result.engine == "postgresql" else "sqlite",
        "" if result.tables is None else str(result.tables),
        "" if result.foreign_keys is None else str(result.foreign_keys),
        "" if result.checks is None else str(result.checks),
        result.reached,
        f"{failure.stage}: {failure.code}" if failure else "",
        " ".join(message.split())[:width],
    ]


def _print_table(rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    print(" | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entries", nargs="*", help="entry names (default: all)")
    parser.add_argument("--rows", type=int, default=200, help="rows per leaf table (200)")
    parser.add_argument("--json", type=Path, help="write every stage's details here")
    parser.add_argument("--workdir", type=Path, help="keep datasets here (default: temporary)")
    parser.add_argument("--width", type=int, default=140, help="message column width")
    args = parser.parse_args(argv)

    entries = load_entries()
    if args.entries:
        unknown = set(args.entries) - {e.name for e in entries}
        if unknown:
            parser.error(f"unknown entries: {', '.join(sorted(unknown))}")
        entries = [e for e in entries if e.name in args.entries]

    results: list[PipelineResult] = []
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        workdir = args.workdir or Path(tmp)
        server = PostgresServer() if any(e.engine == "postgresql" for e in entries) else None
        try:
            if server is not None:
                server.start()
            for entry in entries:
                t0 = time.perf_counter()
                result = run_pipeline(entry, workdir / entry.name, server=server, rows=args.rows)
                results.append(result)
                print(
                    f"{entry.name}: reached {result.reached} ({time.perf_counter() - t0:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
        finally:
            if server is not None:
                server.stop()

    _print_table([_row(r, args.width) for r in results])
    disagreements = [r.entry for r in results if r.evaluate_disagrees_with_database]
    if disagreements:
        print(f"\nevaluate found no violation but the load failed: {', '.join(disagreements)}")
    if args.json:
        args.json.write_text(json.dumps([r.to_dict() for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
