"""Open a dataset folder: find its files, check their paths, and load them into DuckDB.

The tables are never read into Python. Each file is scanned by DuckDB (``read_csv`` with every
column as VARCHAR, or ``read_parquet``) and copied once into a table of a temporary DuckDB
database *on disk*, with each column ``TRY_CAST`` to the type the schema declares: a value that
does not parse becomes NULL there, while the raw text stays available from the file for the
type checks (:mod:`.constraints`). Fix-up files (FK cycles broken at generation) are applied to
that table with an ``UPDATE`` before anything is checked, exactly as the loader applies them.

DuckDB runs with a ``memory_limit`` and a ``temp_directory``, so sorts, joins and aggregations
over a 10M-row table spill to disk instead of growing the process.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from datalchemy.contracts.common import Issue
from datalchemy.contracts.report import GenerationReport
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import Column, DatabaseSchema, Table, TypeFamily
from datalchemy.dataset_files import (
    REPORT_NAME,
    Format,
    file_format,
    read_generation_report,
    read_header,
    read_model,
    safe_file,
)
from datalchemy.engines.base import quote_identifier, sql_literal
from datalchemy.errors import InputError

__all__ = [
    "Dataset",
    "Fixup",
    "Session",
    "TableData",
    "duck_type",
    "open_dataset",
    "q",
    "sql_literal",
    "try_cast",
]


q = quote_identifier  # short: it appears in every query of evaluate


def count_where(condition: str) -> str:
    """SQL counting the rows where ``condition`` is true: 0, never NULL, on no rows (DuckDB's
    ``count_if`` returns NULL when every input is NULL or there is no row)."""
    return f"count(*) FILTER (WHERE {condition})"


@dataclass
class Fixup:
    """A fix-up file: key columns identify the row, ``fk_columns`` get their final values."""

    path: Path
    rel: str
    foreign_key: str | None
    fk_columns: list[str]


@dataclass
class TableData:
    """One table of the dataset and where it is in DuckDB once loaded."""

    qualified: str
    table: Table
    path: Path
    rel: str
    format: Format
    header: list[str]
    fixups: list[Fixup] = field(default_factory=list)
    duck: str = ""  # name of the typed DuckDB table
    rows: int = 0

    @property
    def schema_name(self) -> str:
        """The schema part of ``qualified`` (dots in either name kept)."""
        return self.qualified[: -len(self.table.name) - 1]

    @property
    def columns(self) -> list[Column]:
        """Schema columns present in the file, in file order."""
        present = set(self.header)
        return [c for c in self.table.columns if c.name in present]

    def raw_source(self) -> str:
        """SQL ``FROM`` item scanning the file itself, every column as text."""
        if self.format == "parquet":
            return f"read_parquet({sql_literal(str(self.path))})"
        return csv_source(self.path, self.header)

    def raw(self, column: str) -> str:
        """SQL for a column's raw text in :meth:`raw_source`."""
        if self.format == "parquet":
            return f"CAST({q(column)} AS VARCHAR)"
        return q(column)


@dataclass
class Dataset:
    data_dir: Path
    report: GenerationReport | None
    resolved: ResolvedPlan | None
    tables: list[TableData]
    warnings: list[Issue] = field(default_factory=list)

    def table(self, qualified: str) -> TableData | None:
        return next((t for t in self.tables if t.qualified == qualified), None)


def csv_source(path: Path, header: list[str]) -> str:
    """``read_csv`` exactly as the sinks write: NULL is an empty unquoted field, ``""`` is an
    empty string (``allow_quoted_nulls=false``), no sniffing (a sniffed type could reject a
    value before we see it)."""
    cols = ", ".join(f"{sql_literal(h)}: 'VARCHAR'" for h in header)
    return (
        f"read_csv({sql_literal(str(path))}, header=true, auto_detect=false, delim=',', "
        f"quote='\"', escape='\"', nullstr='', allow_quoted_nulls=false, "
        f"columns={{{cols}}})"
    )


def duck_type(col: Column) -> str | None:
    """The DuckDB type a column is cast to, or None to keep its text (no reliable cast)."""
    fam = col.family
    if col.array is not None or fam is TypeFamily.ARRAY:
        return None
    if fam is TypeFamily.INTEGER:
        return {8: "SMALLINT", 16: "SMALLINT", 32: "INTEGER"}.get(col.int_bits or 64, "BIGINT")
    if fam is TypeFamily.TIME and "zone" in col.declared_type.lower():
        return None  # timetz: DuckDB's TIME has no offset and would reject '08:00:00+00'
    if fam is TypeFamily.DECIMAL:
        if col.precision is not None and col.precision <= 38:
            return f"DECIMAL({col.precision}, {col.scale or 0})"
        return "DOUBLE"
    if fam is TypeFamily.FLOAT and col.precision is not None and col.precision <= 24:
        return "FLOAT"  # real / float4: PostgreSQL rejects values past its range
    simple = {
        TypeFamily.FLOAT: "DOUBLE",
        TypeFamily.BOOLEAN: "BOOLEAN",
        TypeFamily.UUID: "UUID",
        TypeFamily.DATE: "DATE",
        TypeFamily.TIME: "TIME",
        TypeFamily.TIMESTAMP: "TIMESTAMP",
        TypeFamily.TIMESTAMPTZ: "TIMESTAMPTZ",
    }
    return simple.get(fam)


def open_dataset(schema: DatabaseSchema, data_dir: Path) -> Dataset:
    """Find the dataset's files from ``generation_report.json`` (or by name without one)."""
    warnings: list[Issue] = []
    report = read_generation_report(data_dir, required=False)
    if report is None:
        warnings.append(
            Issue(
                severity="warning",
                code="missing_generation_report",
                path=REPORT_NAME,
                message="no generation_report.json: provenance cannot be checked",
                hint="evaluate the folder written by `datalchemy generate`",
            )
        )
    resolved: ResolvedPlan | None = None
    resolved_path = data_dir / "resolved_plan.json"
    if resolved_path.is_file():
        resolved = read_model(resolved_path, ResolvedPlan, "resolved_plan")

    tables: list[TableData] = []
    if report is not None:
        edges = {e.fixup_file: e for e in report.broken_cycle_edges if e.fixup_file}
        for tr in report.tables:
            qualified = f"{tr.schema_name}.{tr.table}"
            table = schema.find_table(tr.schema_name, tr.table)
            if table is None:
                warnings.append(
                    _warn(
                        "missing_schema_table",
                        qualified,
                        "the dataset has this table but the schema does not",
                        "evaluate with the schema.json the plan was made for",
                    )
                )
                continue
            if not tr.files:
                continue
            main, *rest = tr.files
            path = safe_file(data_dir, main.path)
            fmt: Format = file_format(main.path)
            fixups = []
            for f in rest:
                fpath = safe_file(data_dir, f.path)
                edge = edges.get(f.path)
                if edge is None:
                    continue
                fixups.append(Fixup(fpath, f.path, edge.foreign_key, list(edge.columns)))
            tables.append(
                TableData(qualified, table, path, main.path, fmt, read_header(path, fmt), fixups)
            )
    else:
        for s, t in schema.iter_tables():
            if not t.is_generation_target:
                continue
            for ext in ("csv", "parquet"):
                rel = f"{s.name}.{t.name}.{ext}"
                if (data_dir / rel).is_file():
                    path = safe_file(data_dir, rel)
                    fmt = "parquet" if ext == "parquet" else "csv"
                    fixups = []
                    for fk in t.foreign_keys:
                        frel = f"{s.name}.{t.name}.{fk.name}.fixups.csv"
                        if fk.name and (data_dir / frel).is_file():
                            fixups.append(
                                Fixup(safe_file(data_dir, frel), frel, fk.name, list(fk.columns))
                            )
                    tables.append(
                        TableData(
                            f"{s.name}.{t.name}", t, path, rel, fmt, read_header(path, fmt), fixups
                        )
                    )
                    break
    if not tables:
        raise InputError(
            "dataset_empty",
            f"no data files for the schema's tables in {data_dir}",
            path=str(data_dir),
            hint="files are named <schema>.<table>.csv or .parquet",
        )
    for td in tables:
        names = {c.name for c in td.table.columns}
        extra = sorted(h for h in td.header if h not in names)
        if extra:
            warnings.append(
                _warn(
                    "extra_columns",
                    td.qualified,
                    f"columns not in the schema are ignored: {', '.join(extra)}",
                    "regenerate with the current schema",
                )
            )
    if resolved is not None:
        have = {t.qualified for t in tables}
        for rt in resolved.tables:
            if rt.qualified_name not in have:
                warnings.append(
                    _warn(
                        "missing_table",
                        rt.qualified_name,
                        "the plan generates this table but it has no file",
                        "ensure generation produced the file",
                    )
                )
    tables.sort(key=lambda t: t.qualified)
    return Dataset(data_dir, report, resolved, tables, warnings)


def _warn(code: str, path: str, message: str, hint: str | None = None) -> Issue:
    return Issue(severity="warning", code=code, path=path, message=message, hint=hint)


class Session:
    """A DuckDB database on disk (in a temporary folder) holding the typed tables.

    Args:
        memory_limit: DuckDB ``memory_limit`` (e.g. ``"1GB"``); larger work spills to disk.
        threads: DuckDB threads.
        temp_root: where the temporary folder goes (default: the system's).
    """

    def __init__(
        self, *, memory_limit: str = "512MB", threads: int = 2, temp_root: Path | None = None
    ) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="datalchemy-eval-", dir=temp_root)
        tmp = Path(self._tmp.name)
        self.con = duckdb.connect(str(tmp / "eval.duckdb"))
        self.con.execute(f"SET memory_limit = {sql_literal(memory_limit)}")
        self.con.execute(f"SET temp_directory = {sql_literal(str(tmp / 'spill'))}")
        self.con.execute(f"SET threads = {max(1, int(threads))}")
        # Timestamps with time zone are compared and printed in UTC on every machine.
        self.con.execute("SET TimeZone = 'UTC'")
        # Insertion order is irrelevant to every query here; dropping it lets scans stream.
        self.con.execute("SET preserve_insertion_order = false")

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def one(self, sql: str) -> tuple[Any, ...]:
        row = self.con.execute(sql).fetchone()
        assert row is not None  # aggregates always return a row
        return tuple(row)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """A small result (callers always ``LIMIT`` or aggregate)."""
        return [tuple(r) for r in self.con.execute(sql).fetchall()]

    def load(self, td: TableData, index: int) -> None:
        """Copy the file into a typed table ``t<index>`` and apply its fix-ups."""
        td.duck = f"t{index}"
        select = ", ".join(_typed(td, c, q(c.name)) for c in td.columns) or "NULL AS _empty"
        try:
            self.con.execute(f"CREATE TABLE {td.duck} AS SELECT {select} FROM {td.raw_source()}")
            for fx in td.fixups:
                self._apply_fixup(td, fx)
            td.rows = int(self.one(f"SELECT count(*) FROM {td.duck}")[0])
        except duckdb.Error as exc:
            raise InputError(
                "dataset_file_unreadable",
                f"{td.rel} cannot be read: {str(exc).strip().splitlines()[0]}",
                path=str(td.path),
                hint="the file must be the CSV/Parquet generate wrote (header, quoting, columns)",
            ) from None

    def _apply_fixup(self, td: TableData, fx: Fixup) -> None:
        header = read_header(fx.path, "csv")
        keys = [h for h in header if h not in fx.fk_columns]
        cols = [td.table.column(h) for h in header if td.table.has_column(h)]
        select = ", ".join(_typed(td, c, q(c.name)) for c in cols)
        src = f"(SELECT {select} FROM {csv_source(fx.path, header)})"
        sets = ", ".join(f"{q(c)} = f.{q(c)}" for c in fx.fk_columns)
        match = " AND ".join(f"{td.duck}.{q(k)} = f.{q(k)}" for k in keys)
        self.con.execute(f"UPDATE {td.duck} SET {sets} FROM {src} AS f WHERE {match}")


def try_cast(expr: str, target: str) -> str:
    """``TRY_CAST`` that really returns NULL on a bad CSV value.

    DuckDB 2.0 pushes a bare ``TRY_CAST`` of a CSV column into the CSV reader, which then fails
    the whole read on the first bad value; the (identity) CASE keeps the cast out of the reader.
    """
    return f"CASE WHEN {expr} IS NULL THEN NULL ELSE TRY_CAST({expr} AS {target}) END"


def _typed(td: TableData, col: Column, expr: str) -> str:
    if col.family is TypeFamily.BYTES and td.format == "csv":
        # PostgreSQL hex text (\\x0a1b) as bytes, so CHECKs such as octet_length(x) = 32 run.
        hexed = f"regexp_full_match({expr}, '\\\\x([0-9a-fA-F]{{2}})*')"
        return f"CASE WHEN {hexed} THEN from_hex(substr({expr}, 3)) END AS {q(col.name)}"
    target = duck_type(col)
    if target is None:
        return f"CAST({expr} AS VARCHAR) AS {q(col.name)}"
    return f"{try_cast(expr, target)} AS {q(col.name)}"
