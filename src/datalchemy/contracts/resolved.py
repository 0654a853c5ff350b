"""``resolved_plan.json``: the plan with every decision made, ready for the engine.

Plan resolution (:mod:`datalchemy.plan.resolve`) turns a user's plan (a few rules) and a schema
into this: every table to generate in generation order (parents the plan did not list are added),
and for every column the effective generator, params, locale, transforms and null rate, with the
reason it was chosen. The engine (:mod:`datalchemy.generate`) only executes it.

Example (one column)::

    {"name": "score", "action": "generate", "generator": "primitive.int.range",
     "params": {"min": 0, "max": 100}, "reason": "check_domain",
     "explanation": "CHECK leads_score_chk bounds score to [0, 100]"}
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import Cardinality, Repair, TransformRef
from datalchemy.contracts.schema import TypeFamily

__all__ = [
    "RESOLVED_VERSION",
    "ColumnReason",
    "ResolvedCheck",
    "ResolvedColumn",
    "ResolvedForeignKey",
    "ResolvedPlan",
    "ResolvedTable",
    "ResolvedUnique",
    "ValueFix",
]

RESOLVED_VERSION = "0.1"

#: Why a column gets what it gets.
ColumnReason = Literal[
    "rule",  # a column_generator rule of the plan
    "foreign_key",  # filled from the parent row the engine picks
    "identity",  # identity / serial / autoincrement key: a sequence the loader moves past
    "generated_column",  # computed by the database: never written
    "default_value",  # a literal or function default mapped deterministically
    "enum",  # the column's enum labels
    "check_domain",  # params chosen inside the column's CHECK domain
    "check_order",  # a derive that keeps a CHECK ordering (end >= start)
    "check_rule",  # a derive that keeps a row-level CHECK (NULL patterns, implications, sums)
    "name_heuristic",  # the column name suggests a semantic generator (email, cpf, ...)
    "type_default",  # fallback by type family
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ValueFix(_Model):
    """One row of a unique column whose value is replaced, decided before generation so that
    every worker writes the same bytes (see :mod:`datalchemy.generate.avoid`).

    ``qualifier`` (text): the value gets that qualifier (``Site`` -> ``Site 2``);
    ``spill``: the value is the generator's value at key index ``rows + spill`` instead.
    """

    row: int = Field(ge=0)
    qualifier: int | None = Field(None, ge=2)
    spill: int | None = Field(None, ge=0)


class ResolvedColumn(_Model):
    """One column and how its values come about.

    ``action``:
      - ``generate``: ``generator`` with ``params`` fills it (then ``transforms``, ``null_rate``);
      - ``foreign_key``: the engine fills it from the parent row of FK ``foreign_key``;
      - ``constant``: every row gets ``value`` (e.g. a literal default such as ``'BRL'``);
      - ``omit``: not written at all (generated columns; the database computes them).
    ``unique`` is True when the column alone is a PK or UNIQUE key: the engine builds it with the
    generator's ``from_index`` over a keyed permutation, so values are distinct by construction.
    ``inputs`` lists same-row columns a derive reads (the engine generates those first).
    """

    name: str
    ordinal: int
    family: TypeFamily
    action: Literal["generate", "foreign_key", "constant", "omit"]
    generator: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    locale: str = "en_US"
    transforms: list[TransformRef] = Field(default_factory=list)
    null_rate: float = Field(0.0, ge=0.0, le=1.0)
    value: Any = None
    unique: bool = False
    foreign_key: str | None = Field(None, description="ResolvedForeignKey.key filling it.")
    inputs: list[str] = Field(default_factory=list)
    pii: list[str] = Field(default_factory=list, description="PII tags: values never logged.")
    reason: ColumnReason
    explanation: str = ""
    disambiguate: bool | None = Field(
        None,
        description="Unique column whose repeated values get a qualifier (`Funil Vendas 2`); "
        "see datalchemy.generate.qualify.",
    )
    fixes: list[ValueFix] | None = Field(
        None,
        description="Rows whose value is replaced to stay distinct from the other rows and "
        "from the rows already in the target (generate --existing).",
    )


class ResolvedForeignKey(_Model):
    """A foreign key the engine fills: how child rows spread over parent rows.

    ``one_to_one`` (the FK columns are themselves unique): each parent gets at most one child, via
    a permutation; needs child rows <= parent rows. ``self_reference``: the parent is the table
    itself; a row points to an earlier row (roots get NULL when ``nullable``). ``deferred``: the
    FK closes a cycle; it is written NULL first and a fix-up file sets it after every table of
    the cycle exists.
    """

    key: str = Field(description="Constraint name, or 'fk_<col>_<col>' when unnamed.")
    columns: list[str]
    parent_schema: str
    parent_table: str
    parent_columns: list[str]
    nullable: bool
    cardinality: Cardinality = Field(default_factory=Cardinality)
    null_rate: float = Field(0.0, ge=0.0, le=1.0)
    one_to_one: bool = False
    self_reference: bool = False
    deferred: bool = False
    existing_keys: list[list[Any]] | None = Field(
        None,
        description="foreign_key_strategy existing: the parent keys already in the target "
        "(sorted), which the child rows pick from instead of generated parent rows.",
    )

    @property
    def parent(self) -> str:
        return f"{self.parent_schema}.{self.parent_table}"


class ResolvedUnique(_Model):
    """A PK or UNIQUE key the engine meets by construction: of more than one column, of an FK
    column, or a unique index with expressions or a predicate (see
    :mod:`datalchemy.constraints.keys` for how; ``met_by`` says it)."""

    name: str | None
    columns: list[str] = Field(description="The columns the key reads (for an index: all of them).")
    primary: bool = False
    nulls_distinct: bool = True
    expressions: list[str] = Field(
        default_factory=list, description="Index key parts that are expressions, as written."
    )
    predicate: str | None = Field(
        None, description="WHERE of a partial index: the engine keeps the key on every row."
    )
    met_by: str | None = Field(None, description="How generation makes the key distinct.")


class ResolvedCheck(_Model):
    name: str | None
    expression: str
    columns: list[str]
    strategy: Literal["domain", "derive", "verify", "unsupported"]
    verify_sql: str | None = Field(None, description="DuckDB boolean expression over the row.")
    note: str | None = None


class ResolvedTable(_Model):
    schema_name: str = Field(alias="schema")
    table: str
    rows: int = Field(ge=0)
    auto_added: bool = Field(False, description="A parent the plan did not list.")
    rows_reason: str = ""
    columns: list[ResolvedColumn]
    foreign_keys: list[ResolvedForeignKey] = Field(default_factory=list)
    uniques: list[ResolvedUnique] = Field(default_factory=list)
    checks: list[ResolvedCheck] = Field(default_factory=list)
    max_rows: int | None = Field(
        None, description="The most rows the table's unique keys can hold (None: no limit)."
    )
    max_rows_reason: str | None = None
    existing_parents: list[str] | None = Field(
        None,
        description="foreign_key_strategy existing: keys of the FKs whose values come from "
        "parent rows already in the target (filled by generate --existing).",
    )

    @property
    def qualified_name(self) -> str:
        return f"{self.schema_name}.{self.table}"

    def column(self, name: str) -> ResolvedColumn:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


class ResolvedPlan(_Model):
    resolved_version: str = RESOLVED_VERSION
    seed: int
    base_date: date
    locale: str
    format: Literal["csv", "parquet"] = "csv"
    strict: bool = False
    plan_fingerprint: str
    schema_fingerprint: str | None
    tables: list[ResolvedTable] = Field(description="In generation order: parents first.")
    warnings: list[Issue] = Field(default_factory=list)
    repairs: list[Repair] | None = Field(
        None, description="Rules that could not be honoured as written and what is done instead."
    )

    def table(self, qualified: str) -> ResolvedTable:
        for t in self.tables:
            if t.qualified_name == qualified:
                return t
        raise KeyError(qualified)
