"""``generation_report.json``: what a generation run did, always written, also on failure."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from datalchemy.contracts.common import ErrorInfo, Issue
from datalchemy.contracts.plan import Repair

__all__ = [
    "REPORT_VERSION",
    "BrokenCycleEdge",
    "CheckReport",
    "ColumnUsage",
    "ExistingReport",
    "ExistingTable",
    "GenerationReport",
    "OutputFile",
    "TableReport",
]

REPORT_VERSION = "0.1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OutputFile(_Model):
    path: str = Field(description="Path relative to the dataset directory.")
    bytes: int
    sha256: str
    rows: int


class ColumnUsage(_Model):
    column: str
    generator: str | None = Field(None, description="Effective generator ID (None: not emitted).")
    reason: str = Field(description="rule, default, type_default, foreign_key, identity, ...")
    transforms: list[str] = Field(default_factory=list)


class CheckReport(_Model):
    """How one CHECK was met.

    ``strategy``: ``domain`` (the columns' values lie in its domain by construction),
    ``derive`` (columns are derived from others so that every row satisfies it), ``verified``
    (rows are verified and the failing ones regenerated), ``ignored`` (plan policy) or
    ``unsupported`` (left to the database). ``rows_retried`` counts the rows regenerated because
    of it (0 for a CHECK met by construction).
    """

    name: str | None
    expression: str
    strategy: Literal["domain", "derive", "verified", "ignored", "unsupported"]
    rows_retried: int = 0
    met_by: str | None = Field(
        None, description="How it is met (the derive's cases), or why it is verified."
    )


class TableReport(_Model):
    schema_name: str = Field(alias="schema")
    table: str
    rows_requested: int
    rows_written: int = 0
    auto_added: bool = Field(False, description="Added as a parent the plan did not list.")
    duration_ms: int = 0
    bytes: int = 0
    rows_per_sec: float = 0.0
    columns: list[ColumnUsage] = Field(default_factory=list)
    checks: list[CheckReport] = Field(default_factory=list)
    files: list[OutputFile] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class BrokenCycleEdge(_Model):
    foreign_key: str | None
    child: str = Field(description="'schema.table' holding the FK.")
    parent: str
    columns: list[str]
    fixup_file: str | None = None


class ExistingTable(_Model):
    """What ``generate --existing`` read from one table of the target, and what it changed."""

    table: str = Field(description="'schema.table'.")
    rows: int = Field(description="Rows the table held.")
    key_maxima: dict[str, int] = Field(
        default_factory=dict,
        description="Integer key columns: the largest value held (generated keys start past it).",
    )
    values_read: dict[str, int] = Field(
        default_factory=dict, description="Unique columns: distinct values read."
    )
    rows_changed: dict[str, int] = Field(
        default_factory=dict,
        description="Unique columns: generated rows whose value was changed to avoid a value "
        "already held (or repeated by a transform).",
    )
    parent_keys: dict[str, int] = Field(
        default_factory=dict,
        description="Foreign keys with strategy existing: parent keys the rows pick from.",
    )


class ExistingReport(_Model):
    """The populated target a run was generated for (``generate --existing URL``)."""

    source: str = Field(description="The target, password masked.")
    on_disk: bool = Field(
        False, description="Some value sets were larger than the memory limit and kept on disk."
    )
    tables: list[ExistingTable] = Field(default_factory=list)


class GenerationReport(_Model):
    report_version: str = REPORT_VERSION
    run_id: str
    status: Literal["running", "ok", "failed", "interrupted"]
    error: ErrorInfo | None = None
    repairs: list[Repair] = Field(
        default_factory=list,
        description="Rules that could not be honoured as written and what was done instead "
        "(read these first; `--strict` refuses them).",
    )
    existing: ExistingReport | None = Field(
        None, description="The populated target the data avoids (generate --existing)."
    )
    seed: int
    algorithm_version: str
    plan_fingerprint: str | None = None
    schema_fingerprint: str | None = None
    format: Literal["csv", "parquet"] = "csv"
    workers: int = 1
    #: The Dask cluster the blocks ran on (``local:N`` or the scheduler address), if any.
    cluster: str | None = None
    #: Blocks computed more than once because a worker was lost (their bytes are identical).
    blocks_retried: int = 0
    started_at: str
    finished_at: str | None = None
    duration_ms: int = 0
    tables: list[TableReport] = Field(default_factory=list)
    generator_usage: dict[str, int] = Field(default_factory=dict)
    transform_usage: dict[str, int] = Field(default_factory=dict)
    warnings_by_code: dict[str, int] = Field(default_factory=dict)
    warnings: list[Issue] = Field(default_factory=list)
    broken_cycle_edges: list[BrokenCycleEdge] = Field(default_factory=list)
    rows_written: int = 0
    bytes_written: int = 0
    rows_per_sec: float = 0.0
    peak_rss_bytes: int | None = None
