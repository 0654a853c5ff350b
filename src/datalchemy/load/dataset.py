"""A generated dataset as the loader sees it: which files, in which order, and are they intact.

The loader trusts nothing it has not checked: the generation must have finished (``status: ok``),
every file the report lists must exist with the size and SHA-256 the report recorded, and every
table must exist in the schema the data is loaded against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from datalchemy.contracts.report import BrokenCycleEdge, GenerationReport
from datalchemy.contracts.schema import DatabaseSchema, Table
from datalchemy.dataset_files import file_format, read_generation_report, read_header, safe_file
from datalchemy.errors import InputError
from datalchemy.generate.sinks import file_sha256

__all__ = ["Dataset", "DatasetTable", "FixupFile", "open_dataset"]


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


def _check_file(dataset: Path, rel: str, size: int, sha256: str, verify_hashes: bool) -> Path:
    path = safe_file(dataset, rel)
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


def _fixup(path: Path, rows: int, edges: list[BrokenCycleEdge], rel: str) -> FixupFile:
    edge = next((e for e in edges if e.fixup_file == rel), None)
    if edge is None:
        raise InputError(
            "dataset_fixup_unknown",
            f"fix-up file {rel} is not named by any broken cycle edge of the report",
            path=str(path),
            hint="the generation report was edited; generate again",
        )
    cols = tuple(read_header(path, "csv"))
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
        >>> import datalchemy
        >>> _ = datalchemy.create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = datalchemy.introspect("sqlite://car_rental.db").schema
        >>> plan, _ = datalchemy.suggest_plan(schema, rows=10)
        >>> run = datalchemy.generate(plan, schema, "out")
        >>> ds = open_dataset(run.path, schema)
        >>> [t.qualified for t in ds.tables][:3]
        ['main.categorias_veiculo', 'main.clientes', 'main.enderecos_clientes']
    """
    report = read_generation_report(path)
    assert report is not None  # required=True raises instead
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
        fmt = file_format(main.path)
        later = verify_hashes and hash_csv_while_reading and fmt == "csv"
        data = _check_file(path, main.path, main.bytes, main.sha256, verify_hashes and not later)
        fixups = tuple(
            _fixup(
                _check_file(path, f.path, f.bytes, f.sha256, verify_hashes),
                f.rows,
                report.broken_cycle_edges,
                f.path,
            )
            for f in extra
        )
        columns = tuple(read_header(data, fmt))
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
