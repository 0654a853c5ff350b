"""Load a generated dataset into PostgreSQL for tests: COPY every file, apply fix-ups, in one
transaction with every constraint enabled. (The product's loader is `datalchemy load`; this
keeps the engine's tests independent of it.)"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import psycopg
from psycopg import sql


def _columns(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def load_dataset(url: str, dataset: Path) -> dict[str, int]:
    """COPY the dataset's CSV files into ``url``; return row counts per table in the database."""
    report = json.loads((dataset / "generation_report.json").read_text())
    assert report["status"] == "ok", report.get("error")
    counts: dict[str, int] = {}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL DEFERRED")
        pending = []  # fix-ups run once every table exists (they close FK cycles)
        for t in report["tables"]:
            target = sql.Identifier(t["schema"], t["table"])
            main, *fixups = t["files"]
            path = dataset / main["path"]
            cols = sql.SQL(", ").join(sql.Identifier(c) for c in _columns(path))
            copy = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv, HEADER true)").format(
                target, cols
            )
            with cur.copy(copy) as cp, path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    cp.write(chunk)
            pending += [(target, dataset / fix["path"], t) for fix in fixups]
        for target, path, t in pending:
            _apply_fixup(cur, target, path, report, t)
        for t in report["tables"]:
            cur.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t["schema"], t["table"]))
            )
            row = cur.fetchone()
            assert row is not None
            counts[f"{t['schema']}.{t['table']}"] = int(row[0])
    return counts


def _apply_fixup(
    cur: psycopg.Cursor,  # type: ignore[type-arg]
    target: sql.Composable,
    path: Path,
    report: dict,  # type: ignore[type-arg]
    table: dict,  # type: ignore[type-arg]
) -> None:
    edge = next(e for e in report["broken_cycle_edges"] if e["fixup_file"] == path.name)
    cols = _columns(path)
    fk_cols = edge["columns"]
    key_cols = [c for c in cols if c not in fk_cols]
    cur.execute("CREATE TEMP TABLE _fix AS SELECT * FROM " + target.as_string(cur) + " LIMIT 0")
    column_list = sql.SQL(", ").join(sql.Identifier(c) for c in cols)
    with cur.copy(
        sql.SQL("COPY _fix ({}) FROM STDIN WITH (FORMAT csv, HEADER true)").format(column_list)
    ) as cp:
        cp.write(path.read_bytes())
    sets = sql.SQL(", ").join(
        sql.SQL("{} = f.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in fk_cols
    )
    match = sql.SQL(" AND ").join(
        sql.SQL("t.{} = f.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in key_cols
    )
    cur.execute(sql.SQL("UPDATE {} AS t SET {} FROM _fix f WHERE {}").format(target, sets, match))
    cur.execute("DROP TABLE _fix")
