"""A generated dataset as the loader sees it: which files, in which order, and are they intact.

The loader trusts nothing it has not checked: the generation must have finished (``status: ok``),
every file the report lists must exist with the size and SHA-256 the report recorded, and every
table must exist in the schema the data is loaded against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from datalchemy.contracts.report import BrokenCycleEdge, GenerationReport
from datalchemy.contracts.schema import DatabaseSchema, Table
from datalchemy.errors import InputError
from datalchemy.generate.sinks import file_sha256

__all__ = ["Dataset", "DatasetTable", "FixupFile", "open_dataset"]

REPORT_NAME = "generation_report.json"


@dataclass(frozen=True)
class FixupFile:
    """A cycle fix-up file: key columns plus the deferred FK columns to set after every insert."""

    path: Path
    rows: int
    fk_columns: tuple[str, ...]
    key_columns: tuple[str, ...]
    foreign_key: str | None
    columns: tuple[str, ...] = ()  # header order


@dataclass(frozen=True)
class DatasetTable:
    schema_name: str
    name: str
    path: Path
    format: str
    rows: int
    bytes: int
    columns: tuple[str, ...]
    table: Table
    fixups: tuple[FixupFile, ...] = ()
    sha256: str = ""
    #: The hash is checked by the target while it streams the file (one read instead of two).
    hash_while_reading: bool = False

    @property
    def qualified(self) -> str:
        return f"{self.schema_name}.{self.name}"


@dataclass(frozen=True)
class Dataset:
    path: Path
    report: GenerationReport
    tables: tuple[DatasetTable, ...] = field(default=())

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.tables)


def _read_report(path: Path) -> GenerationReport:
    file = path / REPORT_NAME
    if not path.is_dir():
        hint = "give the run folder that `datalchemy generate` printed"
        if path.with_name(path.name + ".partial").exists() or path.name.endswith(".partial"):
            hint = "this generation did not finish (a .partial folder); generate again"
        raise InputError(
            "dataset_not_found", f"no dataset folder at {path}", path=str(path), hint=hint
        )
    if not file.is_file():
        raise InputError(
            "dataset_report_missing",
            f"{file} is missing: the folder is not a dataset written by `datalchemy generate`",
            path=str(file),
            hint="give the run folder that `datalchemy generate` printed",
        )
    try:
        return GenerationReport.model_validate(json.loads(file.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, ValidationError, UnicodeDecodeError) as exc:
        raise InputError(
            "dataset_report_invalid",
            f"{file} is not a valid generation report: {str(exc).splitlines()[0]}",
            path=str(file),
            hint="the file was edited or truncated; generate the dataset again",
        ) from None


def _header(path: Path, fmt: str) -> tuple[str, ...]:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return tuple(pq.read_schema(path).names)
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(next(csv.reader(fh), []))


def _check_file(dataset: Path, rel: str, size: int, sha256: str, verify_hashes: bool) -> Path:
    path = (dataset / rel).resolve()
    if dataset.resolve() not in path.parents:
        raise InputError(
            "dataset_path_escape",
            f"the report names a file outside the dataset: {rel}",
            path=rel,
            hint="the generation report was tampered with; generate again",
        )
    if not path.is_file():
        raise InputError(
            "dataset_file_missing",
            f"{rel} is listed in the generation report but is missing",
            path=str(path),
            hint="the dataset is incomplete; generate it again",
        )
    actual = path.stat().st_size
    if actual != size or (verify_hashes and file_sha256(path) != sha256):
        what = f"size {actual} != {size}" if actual != size else "SHA-256 mismatch"
        raise InputError(
            "dataset_file_changed",
            f"{rel} differs from what the generation report recorded ({what})",
            path=str(path),
            hint="the file was edited after generation; generate again, or evaluate it first",
        )
    return path


def _fixup(path: Path, rows: int, fmt: str, edges: list[BrokenCycleEdge], rel: str) -> FixupFile:
    edge = next((e for e in edges if e.fixup_file == rel), None)
    if edge is None:
        raise InputError(
            "dataset_fixup_unknown",
            f"fix-up file {rel} is not named by any broken cycle edge of the report",
            path=str(path),
            hint="the generation report was edited; generate again",
        )
    cols = _header(path, fmt)
    fk = tuple(edge.columns)
    keys = tuple(c for c in cols if c not in fk)
    return FixupFile(path, rows, fk, keys, edge.foreign_key, cols)


def open_dataset(
    path: Path,
    schema: DatabaseSchema,
    *,
    verify_hashes: bool = True,
    hash_csv_while_reading: bool = False,
) -> Dataset:
    """Read and check the dataset at ``path`` against ``schema``; tables come parents first.

    Sizes are always checked; SHA-256 hashes when ``verify_hashes``. With
    ``hash_csv_while_reading`` the CSV data files are hashed by the target as it streams them.

    Example:
        >>> ds = open_dataset(Path("out/2024-..__generate_ab12"), schema)  # doctest: +SKIP
        >>> [t.qualified for t in ds.tables]  # doctest: +SKIP
        ['crm.usuarios', 'crm.empresas', ...]
    """
    report = _read_report(path)
    if report.status != "ok":
        raise InputError(
            "dataset_incomplete",
            f"the generation that wrote {path} ended with status {report.status!r}",
            path=str(path / REPORT_NAME),
            hint="only a dataset whose generation finished can be loaded; generate again",
        )
    tables = []
    for t in report.tables:
        if not t.files:
            continue
        table = schema.find_table(t.schema_name, t.table)
        if table is None:
            raise InputError(
                "dataset_table_not_in_schema",
                f"table {t.schema_name}.{t.table} of the dataset is not in the schema",
                path=f"{t.schema_name}.{t.table}",
                hint="load with the schema.json the data was generated from",
            )
        main, *extra = t.files
        fmt = "parquet" if main.path.endswith(".parquet") else "csv"
        later = verify_hashes and hash_csv_while_reading and fmt == "csv"
        data = _check_file(path, main.path, main.bytes, main.sha256, verify_hashes and not later)
        fixups = tuple(
            _fixup(
                _check_file(path, f.path, f.bytes, f.sha256, verify_hashes),
                f.rows,
                fmt,
                report.broken_cycle_edges,
                f.path,
            )
            for f in extra
        )
        columns = _header(data, fmt)
        unknown = [c for c in columns if not table.has_column(c)]
        if unknown:
            raise InputError(
                "dataset_column_not_in_schema",
                f"{t.schema_name}.{t.table} has columns the schema does not know: {unknown}",
                path=f"{t.schema_name}.{t.table}.{unknown[0]}",
                hint="load with the schema.json the data was generated from",
            )
        tables.append(
            DatasetTable(
                t.schema_name,
                t.table,
                data,
                fmt,
                main.rows,
                main.bytes,
                columns,
                table,
                fixups,
                sha256=main.sha256,
                hash_while_reading=later,
            )
        )
    return Dataset(path, report, tuple(tables))
