"""CHECK constraints: parse them (sqlglot) into value domains, and verify residual checks.

The data model is in :mod:`.model`; :mod:`.checks` is the analysis's entry point
(:func:`analyze_check`, :func:`analyze_table`), :mod:`.verify` the block-wise verification
(:class:`CheckVerifier`). The analysis and the verifier are imported on first use, so importing
the model does not load sqlglot or DuckDB.

Modules, in the order a CHECK goes through them:

- :mod:`.dialects`: the dialect a schema's CHECKs are written in, and its reading rules;
- :mod:`.context`: the setting of one CHECK; column names resolved to the table's;
- :mod:`.duckdb_sql`: the CHECK as a DuckDB expression (``verify_sql``), bound before use;
- :mod:`.analyzer`: the walk, dispatching on the node's class through ``SHAPES`` to the shape
  handlers in :mod:`.shapes` (:mod:`~.shapes.logic`, :mod:`~.shapes.comparisons`,
  :mod:`~.shapes.text`, :mod:`~.shapes.functions`);
- :mod:`.formulas`: row rules for what the domains do not capture (an OR of ANDs of
  single-column atoms, or a sum); :mod:`.construct`: which columns to derive so that every row
  satisfies a rule; :mod:`.apart`: foreign keys a CHECK keeps apart (``a <> b``);
- :mod:`.folding` (constant expressions), :mod:`.values` (intervals, dates, conversion to a
  column's family), :mod:`.patterns` (LIKE / SIMILAR TO / GLOB to regexes), :mod:`.sqltypes`
  (type groups), :mod:`.tree` (sqlglot helpers), :mod:`.domains` (intersecting domains);
- :mod:`.verify`: :class:`CheckVerifier`, the residual checks on each block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datalchemy.constraints.model import (
    CheckAnalysis,
    ColumnDomain,
    ColumnOrder,
    TableConstraints,
)

if TYPE_CHECKING:
    from datalchemy.constraints.checks import analyze_check, analyze_table
    from datalchemy.constraints.domains import merge_domain
    from datalchemy.constraints.verify import CheckVerifier

__all__ = [
    "CheckAnalysis",
    "CheckVerifier",
    "ColumnDomain",
    "ColumnOrder",
    "TableConstraints",
    "analyze_check",
    "analyze_table",
    "merge_domain",
]

_LAZY = {
    "analyze_check": "datalchemy.constraints.checks",
    "analyze_table": "datalchemy.constraints.checks",
    "merge_domain": "datalchemy.constraints.domains",
    "CheckVerifier": "datalchemy.constraints.verify",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
