"""``profile.json`` (safe statistics of a real database) and ``similarity.json`` (how close a
generated dataset is to them).

A profile keeps no row and no value of a PII column. Per column: the NULL rate, the distinct
ratio, quantiles (numbers, dates), lengths and character classes (text), and the frequent values
only when each was seen at least ``k`` times in a column that is not PII. Per table: children per
parent for each foreign key, orderings between date columns, correlations between numbers.

Example:
    >>> p = DatabaseProfile(engine="postgres", k=10, tables=[])
    >>> p.profile_version, p.quantile_count
    ('0.1', 101)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from datalchemy.contracts.schema import TypeFamily

__all__ = [
    "PROFILE_VERSION",
    "ColumnProfile",
    "ColumnSimilarity",
    "Correlation",
    "DatabaseProfile",
    "DateOrder",
    "FanOut",
    "Frequent",
    "NumericStats",
    "PairSimilarity",
    "SimilarityReport",
    "TableProfile",
    "TemporalStats",
    "TextStats",
]

PROFILE_VERSION = "0.1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Frequent(_Model):
    """A value (or shape) seen at least ``k`` times, and its share of the non-NULL rows."""

    value: str | int | float | bool
    share: float


class NumericStats(_Model):
    """The distribution of a number column (non-NULL values)."""

    quantiles: list[float] = Field(
        description="Values at equally spaced probabilities 0, 1/(n-1), ..., 1."
    )
    cdf: list[float] = Field(description="Share of values <= each quantile (ties counted).")
    mean: float
    std: float
    integer: bool = Field(description="Every value is a whole number.")
    scale: int | None = Field(None, description="Decimal places the values use (at most 6).")


class TemporalStats(_Model):
    """The distribution of a date or timestamp column (non-NULL values)."""

    kind: Literal["date", "timestamp"]
    quantiles: list[str] = Field(description="ISO values at equally spaced probabilities.")
    cdf: list[float] = Field(description="Share of values <= each quantile (ties counted).")


class TextStats(_Model):
    """The shape of a text column's values (never the values)."""

    length_quantiles: list[float] = Field(description="Lengths at equally spaced probabilities.")
    classes: dict[str, float] = Field(
        description="Share of values with a digit, lower / upper case letter, space, punctuation, "
        "a character beyond ASCII."
    )
    shapes: list[Frequent] = Field(
        default_factory=list,
        description="Frequent shapes (A for upper case, a lower case, 9 digit; each seen at "
        "least k times), e.g. AAA-99999.",
    )


class ColumnProfile(_Model):
    """Safe statistics of one column."""

    name: str
    family: TypeFamily
    null_rate: float
    distinct_ratio: float = Field(description="Distinct values / non-NULL rows.")
    pii: list[str] = Field(
        default_factory=list, description="Why the column counts as PII (no value is kept)."
    )
    numeric: NumericStats | None = None
    temporal: TemporalStats | None = None
    text: TextStats | None = None
    frequent: list[Frequent] = Field(
        default_factory=list,
        description="Values seen at least k times (never for a PII column), most frequent first.",
    )
    frequent_share: float = Field(0.0, description="Share of non-NULL rows the frequent hold.")


class FanOut(_Model):
    """Children per parent row through one foreign key."""

    foreign_key: str
    columns: list[str]
    parent: str = Field(description="schema.table of the parent.")
    null_rate: float
    quantiles: list[float] = Field(description="Children per parent row (zeros included).")
    mean: float
    childless: float = Field(description="Share of parent rows with no child.")
    top_decile_share: float = Field(description="Share of children held by the busiest 10%.")


class DateOrder(_Model):
    """Two date columns of a row that (almost) always come in one order."""

    earlier: str
    later: str
    share: float = Field(description="Share of rows with both values where earlier <= later.")
    gap_days: list[float] = Field(description="Quantiles of later - earlier, in days.")


class Correlation(_Model):
    """Linear (Pearson) and rank (Spearman) correlation of two number columns."""

    a: str
    b: str
    pearson: float
    spearman: float
    ratio_quantiles: list[float] | None = Field(
        None, description="Quantiles of b / a when both move together (|spearman| >= 0.9)."
    )


class TableProfile(_Model):
    """Safe statistics of one table."""

    schema_name: str = Field(alias="schema")
    table: str
    rows: int
    columns: list[ColumnProfile]
    fan_out: list[FanOut] = Field(default_factory=list)
    date_orders: list[DateOrder] = Field(default_factory=list)
    correlations: list[Correlation] = Field(default_factory=list)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema_name}.{self.table}"

    def column(self, name: str) -> ColumnProfile | None:
        return next((c for c in self.columns if c.name == name), None)


class DatabaseProfile(_Model):
    """``profile.json``: what ``datalchemy profile`` learned from a database, safely."""

    profile_version: str = PROFILE_VERSION
    engine: str
    schema_fingerprint: str | None = None
    k: int = Field(description="Frequent values were seen at least k times.")
    quantile_count: int = Field(101, description="Number of quantiles per distribution.")
    tables: list[TableProfile]

    def table(self, qualified: str) -> TableProfile | None:
        return next((t for t in self.tables if t.qualified_name == qualified), None)


class ColumnSimilarity(_Model):
    """How close one generated column is to the profile (1 is identical)."""

    table: str
    column: str
    metric: Literal["ks", "tvd", "length_ks"] = Field(
        description="ks: 1 - Kolmogorov-Smirnov distance (numbers, dates); tvd: 1 - total "
        "variation distance (categories); length_ks: ks on text lengths."
    )
    score: float
    null_rate_source: float
    null_rate_generated: float


class PairSimilarity(_Model):
    """How well a relation between two columns (or a fan-out) is kept (1 is identical)."""

    table: str
    kind: Literal["correlation", "date_order", "fan_out"]
    columns: list[str]
    source: float
    generated: float
    score: float


class SimilarityReport(_Model):
    """``similarity.json``: a generated dataset compared with a profile."""

    overall: float = Field(description="Mean of the column scores (SDV's column shapes).")
    pair_trends: float | None = Field(
        None, description="Mean of the pair scores (correlations, date orders, fan-outs)."
    )
    quality: float = Field(description="Mean of overall and pair_trends (when there are pairs).")
    columns: list[ColumnSimilarity]
    pairs: list[PairSimilarity] = Field(default_factory=list)
    missing_tables: list[str] = Field(default_factory=list)
