"""CHECK constraints: parse them (sqlglot) into value domains, and verify residual checks.

The data model is in :mod:`.model`; :mod:`.checks` does the analysis, :mod:`.verify` the
block-wise verification.
"""

from datalchemy.constraints.model import (
    CheckAnalysis,
    ColumnDomain,
    ColumnOrder,
    TableConstraints,
)

__all__ = ["CheckAnalysis", "ColumnDomain", "ColumnOrder", "TableConstraints"]
