"""CHECK constraints: parse them (sqlglot) into value domains, and verify residual checks.

The data model is in :mod:`.model`; :mod:`.checks` does the analysis
(:func:`analyze_check`, :func:`analyze_table`), :mod:`.verify` the block-wise verification
(:class:`CheckVerifier`). The analysis and the verifier are imported on first use, so importing
the model does not load sqlglot or DuckDB.
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
    from datalchemy.constraints.checks import analyze_check, analyze_table, merge_domain
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
    "merge_domain": "datalchemy.constraints.checks",
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
