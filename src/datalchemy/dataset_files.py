"""A dataset folder written by ``datalchemy generate``, read safely by evaluate and load.

``generation_report.json`` is input we do not trust blindly: the files it names must be plain
names inside the folder (no ``..``, no absolute paths, no symlink leaving it), and a generation
that did not finish is not a dataset.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ValidationError

from datalchemy.contracts.report import GenerationReport
from datalchemy.errors import InputError

__all__ = [
    "REPORT_NAME",
    "Format",
    "file_format",
    "read_generation_report",
    "read_header",
    "read_model",
    "safe_file",
]

REPORT_NAME = "generation_report.json"

Format = Literal["csv", "parquet"]

#: Files a report may name: ``schema.table[.fk].csv|parquet``, no folders.
_SAFE_NAME = re.compile(r"^[^/\\\x00]+\.(csv|parquet)$")

M = TypeVar("M", bound=BaseModel)


def file_format(name: str) -> Format:
    return "parquet" if name.endswith(".parquet") else "csv"


def read_model(path: Path, model: type[M], what: str) -> M:
    """``path`` parsed as the contract ``model``, or a coded :class:`InputError`."""
    try:
        return model.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        raise InputError(
            f"dataset_{what}_invalid",
            f"{path.name} cannot be read: {str(exc).splitlines()[0]}",
            path=str(path),
            hint=f"{path.name} must be the file generation wrote; generate the dataset again",
        ) from None


def read_generation_report(data_dir: Path, *, required: bool = True) -> GenerationReport | None:
    """The dataset's generation report; ``None`` when absent and not ``required``.

    Raises ``dataset_not_found`` (no folder), ``dataset_report_missing``,
    ``dataset_report_invalid`` and ``dataset_incomplete`` (the generation did not finish: its
    report says so, or the folder still has the ``.partial`` suffix of a running generation).
    """
    if data_dir.name.endswith(".partial"):
        # A run folder keeps this suffix until generation finishes: killed runs leave it behind
        # with some of the files and often no report at all.
        raise InputError(
            "dataset_incomplete",
            f"{data_dir} is a generation that did not finish (a .partial folder)",
            path=str(data_dir),
            hint="generate the dataset again; only a finished run folder (without .partial) "
            "is a dataset",
        )
    if not data_dir.is_dir():
        hint = "give the run folder that `datalchemy generate` printed (out/<run>)"
        if data_dir.with_name(data_dir.name + ".partial").exists():
            hint += "; a .partial folder is a generation that did not finish"
        raise InputError(
            "dataset_not_found", f"no dataset folder at {data_dir}", path=str(data_dir), hint=hint
        )
    path = data_dir / REPORT_NAME
    if not path.is_file():
        if not required:
            return None
        raise InputError(
            "dataset_report_missing",
            f"{path} is missing: the folder is not a dataset written by `datalchemy generate`",
            path=str(path),
            hint="give the run folder that `datalchemy generate` printed",
        )
    report = read_model(path, GenerationReport, "report")
    if report.status != "ok":
        raise InputError(
            "dataset_incomplete",
            f"the generation that wrote {data_dir} ended with status {report.status!r}",
            path=str(path),
            hint="only a finished generation is a dataset; run `datalchemy generate` again",
        )
    return report


def safe_file(data_dir: Path, rel: str) -> Path:
    """The file ``rel`` inside ``data_dir``; refuses names that leave it and missing files."""
    if not _SAFE_NAME.match(rel) or rel.startswith("."):
        raise InputError(
            "dataset_path_unsafe",
            f"{REPORT_NAME} names a file outside the dataset: {rel!r}",
            path=str(data_dir / REPORT_NAME),
            hint="files must be plain names inside the dataset folder",
        )
    path = data_dir / rel
    if path.is_symlink() and data_dir.resolve() not in path.resolve().parents:
        raise InputError(
            "dataset_path_unsafe",
            f"{rel} is a symlink that leaves the dataset folder",
            path=str(path),
            hint="copy the file into the dataset folder instead",
        )
    if not path.is_file():
        raise InputError(
            "dataset_file_missing",
            f"{rel} is listed in {REPORT_NAME} but does not exist",
            path=str(path),
            hint="the dataset is incomplete; restore the file or generate again",
        )
    return path


def read_header(path: Path, fmt: Format) -> list[str]:
    """The column names of a data file (CSV header line, or the Parquet schema)."""
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(path).names)
        with path.open(encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh))
    except (OSError, StopIteration, UnicodeDecodeError, csv.Error, ValueError) as exc:
        raise InputError(
            "dataset_file_unreadable",
            f"{path.name} has no readable header: {type(exc).__name__}",
            path=str(path),
            hint="the file must be a CSV with a header line (or Parquet) written by generate",
        ) from None
