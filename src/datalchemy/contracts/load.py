"""``load_report.json``: what a load did to the target database, always written, also on failure."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from datalchemy.contracts.common import EngineName, ErrorInfo
from datalchemy.contracts.db_metrics import DbMetricsSnapshot

__all__ = [
    "LOAD_REPORT_VERSION",
    "LoadFailure",
    "LoadMode",
    "LoadReport",
    "LoadTableReport",
    "TransactionScope",
    "TriggersMode",
]

LOAD_REPORT_VERSION = "0.1"

LoadMode = Literal["append", "truncate", "recreate"]
TransactionScope = Literal["all", "table"]
TriggersMode = Literal["enable", "disable"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoadTableReport(_Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_name: str = Field(alias="schema")
    table: str
    file: str = Field(description="Data file, relative to the dataset directory.")
    rows_expected: int = Field(description="Rows the generation report says the file holds.")
    rows_loaded: int = 0
    rows_before: int | None = Field(None, description="Rows in the table before the load.")
    rows_after: int | None = Field(None, description="Rows counted in the table after the load.")
    status: Literal["pending", "loaded", "resumed", "failed", "rolled_back"] = "pending"
    bytes: int = 0
    duration_ms: int = 0
    rows_per_sec: float = 0.0
    fixup_rows: int = Field(0, description="Rows updated from cycle fix-up files.")
    sequences_moved: list[str] = Field(
        default_factory=list, description="Identity / serial sequences set past the loaded values."
    )


class LoadFailure(_Model):
    """Where a failed load stopped: table, the row range that was being loaded and why."""

    table: str
    first_row: int | None = Field(None, description="1-based first data row of the range.")
    last_row: int | None = Field(None, description="Last data row of that range.")
    failing_row: int | None = Field(None, description="Data row the database rejected, if known.")
    constraint: str | None = None
    sqlstate: str | None = None
    trigger: str | None = Field(
        None,
        description="'schema.table.trigger' that raised the error or wrote the rows that "
        "collided, when the database's error points to one.",
    )


class LoadReport(_Model):
    report_version: str = LOAD_REPORT_VERSION
    run_id: str
    status: Literal["running", "ok", "failed", "interrupted", "dry_run"]
    error: ErrorInfo | None = None
    failure: LoadFailure | None = None
    target: str = Field(description="Connection with secrets masked.")
    engine: EngineName
    strategy: str = Field(description="copy_csv, executemany or odbc_bulk.")
    mode: LoadMode
    transaction: TransactionScope
    workers: int = 1
    triggers: TriggersMode = Field(
        "enable",
        description="disable: user triggers of the loaded tables were off during the load.",
    )
    triggers_disabled: list[str] = Field(
        default_factory=list,
        description="'schema.table.trigger' of every trigger switched off during the load and "
        "restored before it committed.",
    )
    create_schema: bool = Field(
        False, description="The load made the schema's tables (--create-schema)."
    )
    schema_created: list[str] = Field(
        default_factory=list,
        description="With create_schema: every object made, in order ('table crm.leads', "
        "'primary key of crm.leads', ...).",
    )
    schema_not_created: list[str] = Field(
        default_factory=list,
        description="With create_schema: objects of schema.json not made, with the reason "
        "(views, triggers).",
    )
    dataset: str
    dataset_run_id: str | None = None
    resumed: bool = False
    target_unchanged: bool | None = Field(
        None, description="On failure: true when the target was rolled back to its prior state."
    )
    resumable: bool = Field(False, description="On failure: `--resume` can continue this load.")
    started_at: str
    finished_at: str | None = None
    duration_ms: int = 0
    tables: list[LoadTableReport] = Field(default_factory=list)
    rows_loaded: int = 0
    bytes_loaded: int = 0
    rows_per_sec: float = 0.0
    mb_per_sec: float = 0.0
    counts_verified: bool = False
    peak_rss_bytes: int | None = None
    db_metrics: DbMetricsSnapshot | None = None
