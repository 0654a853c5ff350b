"""Introspection metrics (``metrics.json`` of an introspect run): counts, coverage, FK graph."""

from __future__ import annotations

from datalchemy.contracts.common import Issue
from datalchemy.contracts.metrics import (
    FkGraph as FkGraphMetrics,
)
from datalchemy.contracts.metrics import (
    IntrospectionCounts,
    IntrospectionCoverage,
    IntrospectionMetrics,
)
from datalchemy.contracts.schema import DatabaseSchema, TableKind
from datalchemy.graph import FkGraph

__all__ = ["schema_metrics"]


def schema_metrics(schema: DatabaseSchema, warnings: list[Issue]) -> IntrospectionMetrics:
    """Summarise ``schema``: what it holds, how constrained it is, and its FK graph."""
    counts = IntrospectionCounts(
        schemas=len(schema.schemas),
        enums=len(schema.enums),
        domains=len(schema.domains),
        sequences=len(schema.sequences),
        domain_checks=sum(len(d.checks) for d in schema.domains),
    )
    targets = 0
    with_pk = with_fk = 0
    for _, table in schema.iter_tables():
        if table.kind == TableKind.PARTITION:
            counts.partitions += 1
        elif table.kind in (TableKind.VIEW, TableKind.MATERIALIZED_VIEW):
            counts.views += 1
        elif table.kind == TableKind.FOREIGN_TABLE:
            counts.foreign_tables += 1
        counts.indexes += len(table.indexes)
        counts.triggers += len(table.triggers)
        if not table.is_generation_target:
            continue
        targets += 1
        counts.columns += len(table.columns)
        counts.not_null_columns += sum(not c.nullable for c in table.columns)
        counts.primary_keys += table.primary_key is not None
        counts.foreign_keys += len(table.foreign_keys)
        counts.uniques += len(table.uniques)
        counts.checks += len(table.checks)
        counts.exclusions += len(table.exclusions)
        with_pk += table.primary_key is not None
        with_fk += bool(table.foreign_keys)
    counts.tables = targets

    def ratio(part: int, whole: int) -> float:
        return round(part / whole, 6) if whole else 0.0

    graph = FkGraph.from_schema(schema)
    cycles = graph.cycles()
    all_warnings = list(warnings)
    if graph.cycles_truncated:
        all_warnings.append(
            Issue(
                severity="warning",
                code="fk_cycles_truncated",
                message=f"the FK graph has more than {len(cycles)} cycles; only those are listed",
            )
        )
    return IntrospectionMetrics(
        engine=schema.engine,
        schema_fingerprint=schema.fingerprint,
        counts=counts,
        coverage=IntrospectionCoverage(
            tables_with_pk=ratio(with_pk, targets),
            tables_with_fk=ratio(with_fk, targets),
            not_null_ratio=ratio(counts.not_null_columns, counts.columns),
        ),
        fk_graph=FkGraphMetrics(
            nodes=len(graph.nodes),
            edges=len(graph.edges),
            self_references=graph.self_references,
            cycles=cycles,
            topo_order=graph.topo_order(),
        ),
        warnings=all_warnings,
    )
