"""Metrics contracts: the introspection summary and the evaluation result."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from datalchemy.contracts.common import Issue

__all__ = [
    "ColumnStats",
    "ConstraintKind",
    "ConstraintResult",
    "ConstraintSummary",
    "EvaluationMetrics",
    "FileCheck",
    "FkCardinality",
    "FkGraph",
    "Histogram",
    "HistogramBin",
    "IntentCheck",
    "IntrospectionCounts",
    "IntrospectionCoverage",
    "IntrospectionMetrics",
    "Provenance",
    "TableSummary",
    "ValueCount",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IntrospectionCounts(_Model):
    schemas: int = 0
    tables: int = Field(0, description="Generation targets: tables and partitioned tables.")
    partitions: int = 0
    views: int = Field(0, description="Views and materialized views.")
    foreign_tables: int = 0
    columns: int = Field(0, description="Columns of generation targets.")
    not_null_columns: int = 0
    primary_keys: int = 0
    foreign_keys: int = 0
    uniques: int = 0
    checks: int = Field(0, description="Table and column CHECKs (domain CHECKs counted apart).")
    domain_checks: int = 0
    exclusions: int = 0
    indexes: int = 0
    triggers: int = 0
    enums: int = 0
    domains: int = 0
    sequences: int = 0


class IntrospectionCoverage(_Model):
    tables_with_pk: float = Field(0.0, description="Fraction 0..1 of tables with a primary key.")
    tables_with_fk: float = 0.0
    not_null_ratio: float = 0.0


class FkGraph(_Model):
    nodes: int
    edges: int
    self_references: list[str] = Field(
        default_factory=list, description="'schema.table' of tables referencing themselves."
    )
    cycles: list[list[str]] = Field(
        default_factory=list, description="Every elementary cycle (length > 1), canonical order."
    )
    topo_order: list[str] = Field(
        description="Parents before children; cycle members ordered as if cut at their back edges."
    )


class IntrospectionMetrics(_Model):
    metrics_version: str = "0.1"
    engine: str
    schema_fingerprint: str | None = None
    counts: IntrospectionCounts
    coverage: IntrospectionCoverage
    fk_graph: FkGraph
    warnings: list[Issue] = Field(default_factory=list)
    duration_ms: int | None = None


ConstraintKind = Literal[
    "primary_key",
    "unique",
    "foreign_key",
    "not_null",
    "check",
    "type",
    "length",
    "numeric_precision",
    "numeric_scale",
    "enum",
    "file_hash",
    "trigger",
]


class ConstraintResult(_Model):
    """One constraint verified over the files (one row of the report's constraint table)."""

    kind: ConstraintKind
    name: str | None
    table: str = Field(description="'schema.table'.")
    columns: list[str] = Field(default_factory=list)
    status: Literal["ok", "violated", "not_evaluated"]
    violations: int = Field(0, description="Offending rows (duplicates: rows beyond the first).")
    examples: list[str] = Field(default_factory=list, description="PII values masked.")
    expression: str | None = Field(None, description="CHECK expression as in the schema.")
    note: str | None = None


class ConstraintSummary(_Model):
    kind: ConstraintKind
    checked: int = 0
    violated: int = Field(0, description="Constraints with at least one violation.")
    violations: int = 0
    not_evaluated: int = 0


class ValueCount(_Model):
    value: str
    count: int


class HistogramBin(_Model):
    label: str
    count: int


class Histogram(_Model):
    kind: Literal["value", "length", "category"] = Field(
        description="value: equal-width bins of the values; length: of the text lengths "
        "(PII columns, text); category: counts per value (booleans, small domains)."
    )
    bins: list[HistogramBin] = Field(default_factory=list)


class ColumnStats(_Model):
    table: str
    column: str
    family: str = "unknown"
    pii: bool = False
    rows: int
    nulls: int = 0
    null_fraction: float
    distinct: int | None = None
    distinct_approx: bool = Field(False, description="HyperLogLog estimate (large tables).")
    min: str | None = Field(None, description="Never set for PII columns.")
    max: str | None = None
    top_values: list[ValueCount] | None = Field(None, description="Non-PII columns only.")
    histogram: Histogram | None = None


class FkCardinality(_Model):
    """Children per parent row of one foreign key (after fix-ups)."""

    foreign_key: str
    child: str
    parent: str
    columns: list[str]
    parents: int
    children: int = Field(description="Child rows with a non-NULL key that match a parent.")
    null_children: int = 0
    min: int = 0
    mean: float = 0.0
    max: int = 0
    distribution: list[tuple[int, int]] = Field(
        default_factory=list, description="(children per parent, parents) pairs; bucketed lows."
    )


class IntentCheck(_Model):
    """The data against what the plan asked for, within a stated tolerance."""

    kind: Literal["rows", "null_rate", "weights", "range", "children_per_parent"]
    table: str
    column: str | None = None
    expected: str
    observed: str
    tolerance: str
    ok: bool


class FileCheck(_Model):
    path: str
    expected_sha256: str | None = None
    actual_sha256: str | None = None
    expected_rows: int | None = None
    rows: int | None = None
    ok: bool


class Provenance(_Model):
    run_id: str | None = None
    generation_status: str | None = None
    seed: int | None = None
    algorithm_version: str | None = None
    generator_version: str | None = Field(None, description="datalchemy version that evaluated.")
    plan_fingerprint: str | None = None
    plan_fingerprint_ok: bool | None = Field(None, description="None: nothing to compare with.")
    schema_fingerprint: str | None = None
    schema_fingerprint_ok: bool | None = None
    files: list[FileCheck] = Field(default_factory=list)
    generator_usage: dict[str, int] = Field(default_factory=dict)


class TableSummary(_Model):
    table: str
    file: str | None
    format: Literal["csv", "parquet"] | None = None
    rows_expected: int | None = None
    rows_found: int = 0


class EvaluationMetrics(_Model):
    metrics_version: str = "0.2"
    status: Literal["ok", "violations", "incomplete", "failed"] = Field(
        description="violations: at least one; incomplete: none, but some constraint could not "
        "be evaluated; failed: the evaluation itself failed."
    )
    dataset: str = Field(description="Dataset folder name.")
    tables: list[TableSummary] = Field(default_factory=list)
    summary: list[ConstraintSummary] = Field(default_factory=list)
    constraints: list[ConstraintResult] = Field(default_factory=list)
    columns: list[ColumnStats] = Field(default_factory=list)
    foreign_keys: list[FkCardinality] = Field(default_factory=list)
    intent: list[IntentCheck] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)
    warnings: list[Issue] = Field(default_factory=list)
    violations_total: int = 0
    not_evaluated_total: int = 0
    as_of: date | None = Field(
        None,
        description="The day time-relative CHECKs (CURRENT_DATE, now()) were evaluated for "
        "(evaluate --as-of; default: the day evaluate ran).",
    )
    duration_ms: int | None = Field(
        None, description="Wall time; the only non-deterministic field."
    )
