"""Metrics contracts: the introspection summary and the evaluation result."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from datalchemy.contracts.common import Issue

__all__ = [
    "ColumnStats",
    "ConstraintResult",
    "EvaluationMetrics",
    "FkGraph",
    "IntrospectionCounts",
    "IntrospectionCoverage",
    "IntrospectionMetrics",
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


class ConstraintResult(_Model):
    kind: Literal["primary_key", "unique", "foreign_key", "not_null", "check", "type"]
    name: str | None
    table: str
    columns: list[str] = Field(default_factory=list)
    status: Literal["ok", "violated", "not_evaluated"]
    violations: int = 0
    examples: list[str] = Field(default_factory=list, description="PII values masked.")
    note: str | None = None


class ColumnStats(_Model):
    table: str
    column: str
    rows: int
    null_fraction: float
    distinct: int | None = None
    min: str | None = None
    max: str | None = None
    top_values: list[tuple[str, int]] | None = Field(None, description="Non-PII columns only.")


class EvaluationMetrics(_Model):
    metrics_version: str = "0.2"
    status: Literal["ok", "violations", "failed"]
    dataset: str
    constraints: list[ConstraintResult] = Field(default_factory=list)
    columns: list[ColumnStats] = Field(default_factory=list)
    warnings: list[Issue] = Field(default_factory=list)
    violations_total: int = 0
