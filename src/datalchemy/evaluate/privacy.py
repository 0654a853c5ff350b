"""Which columns hold PII, and how their values are masked in every output.

A column is PII when the resolved plan tags it (``ResolvedColumn.pii``, set from the generator's
PII tags). Without a resolved plan nothing says which columns are safe, so every text-like
column is treated as PII: a report with masked examples is better than one that leaks.
"""

from __future__ import annotations

from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import Column, TypeFamily

__all__ = ["MASK", "PiiPolicy", "mask"]

MASK = "<masked>"

_TEXTLIKE = {
    TypeFamily.TEXT,
    TypeFamily.UNKNOWN,
    TypeFamily.JSON,
    TypeFamily.NETWORK,
    TypeFamily.ARRAY,
    TypeFamily.XML,
    TypeFamily.BYTES,
}


class PiiPolicy:
    """``is_pii(table, column)`` from the resolved plan, conservative without one."""

    def __init__(self, resolved: ResolvedPlan | None) -> None:
        self._known = resolved is not None
        self._pii: set[tuple[str, str]] = set()
        if resolved is not None:
            for t in resolved.tables:
                for c in t.columns:
                    if c.pii:
                        self._pii.add((t.qualified_name, c.name))

    def is_pii(self, table: str, column: Column) -> bool:
        if self._known:
            return (table, column.name) in self._pii
        return column.family in _TEXTLIKE


def mask(value: object, pii: bool) -> str:
    """A value as shown in a report: ``NULL``, the masked marker, or the text (shortened)."""
    if value is None:
        return "NULL"
    if pii:
        return MASK
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
