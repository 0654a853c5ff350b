"""The ``plan.json`` contract: what to generate, how many rows, with which generators.

Original 0.2 plan files parse unchanged: generator references may be a string ID or an object
``{id, locale, params}``, rule-level ``params`` (the legacy place) are kept, and unknown keys are
tolerated (kept in ``model_extra`` so validation can warn about them instead of failing).

Ours on top of 0.2: ``base_date`` ("today" for data), per-column ``null_rate``, the
``foreign_key_cardinality`` and ``column_null_rate`` rules, and ``output`` options.

Example:
    >>> plan = Plan.model_validate({
    ...     "plan_version": "0.2", "seed": 42,
    ...     "schema_ref": {"schema_version": "0.2", "engine": "postgres"},
    ...     "targets": [{"schema": "crm", "table": "usuarios", "rows": 50}],
    ...     "rules": [{"type": "column_generator", "schema": "crm", "table": "usuarios",
    ...                "column": "email", "generator": "semantic.br.email.safe"}]})
    >>> plan.rules[0].generator_id, plan.effective_base_date.isoformat()
    ('semantic.br.email.safe', '2024-01-01')
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from datalchemy.contracts.common import Issue

__all__ = [
    "DEFAULT_BASE_DATE",
    "PLAN_VERSION",
    "SUPPORTED_PLAN_VERSIONS",
    "Cardinality",
    "ColumnGeneratorRule",
    "ColumnNullRateRule",
    "ConstraintPolicyRule",
    "ForeignKeyCardinalityRule",
    "ForeignKeyStrategyRule",
    "GeneratorRef",
    "GeneratorSpec",
    "GlobalSettings",
    "OutputOptions",
    "Plan",
    "PlanOptions",
    "Repair",
    "Rule",
    "SchemaRef",
    "Target",
    "TargetStrategy",
    "TransformRef",
    "UnsupportedReference",
    "UnsupportedRule",
]

PLAN_VERSION = "0.3"
SUPPORTED_PLAN_VERSIONS = ("0.2", "0.3")
#: "Today" for generated data when the plan gives no ``base_date`` (determinism contract §3).
DEFAULT_BASE_DATE = date(2024, 1, 1)

_UINT64_MAX = 2**64 - 1


class _PlanModel(BaseModel):
    # "allow": 0.2 files carried stray keys (e.g. options.null_rate) that must not break parsing.
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class SchemaRef(_PlanModel):
    """Which ``schema.json`` the plan was written for."""

    schema_version: str
    engine: str
    schema_fingerprint: str | None = None


class GlobalSettings(_PlanModel):
    locale: str | None = Field(None, description="Default locale, e.g. 'pt_BR' or 'en_US'.")


class TargetStrategy(_PlanModel):
    insert_order: str | None = None
    batch_size: int | None = Field(None, ge=1)


class Target(_PlanModel):
    """A table to generate and how many rows."""

    schema_name: str = Field(alias="schema")
    table: str
    rows: int = Field(ge=0, le=_UINT64_MAX)
    strategy: TargetStrategy | None = None

    @property
    def qualified_name(self) -> str:
        return f"{self.schema_name}.{self.table}"


class GeneratorSpec(_PlanModel):
    """Object form of a generator reference."""

    id: str
    locale: str | None = None
    params: Any = None


#: A generator reference: a string ID (short form) or a :class:`GeneratorSpec`.
GeneratorRef = str | GeneratorSpec


class TransformRef(_PlanModel):
    transform: str
    params: Any = None


class ColumnGeneratorRule(_PlanModel):
    """Generate one column with a generator, then apply transforms in order."""

    type: Literal["column_generator"] = "column_generator"
    schema_name: str = Field(alias="schema")
    table: str
    column: str
    generator: GeneratorRef
    params: Any = Field(None, description="Legacy place for params (0.2); generator.params wins.")
    transforms: list[TransformRef] = Field(default_factory=list)
    null_rate: float | None = Field(None, ge=0.0, le=1.0)
    disambiguate: bool | None = Field(
        None,
        description="On a UNIQUE column: values that would repeat get a qualifier "
        "(`Funil Vendas`, `Funil Vendas 2`, ...), so the generator's values stay as they are "
        "while the rows stay distinct. Set by `plan fix` for unique_capacity and "
        "unique_transform_collision.",
    )

    @property
    def generator_id(self) -> str:
        return self.generator if isinstance(self.generator, str) else self.generator.id

    @property
    def effective_params(self) -> Any:
        """``generator.params`` when given, else the legacy rule-level ``params``."""
        if isinstance(self.generator, GeneratorSpec) and self.generator.params is not None:
            return self.generator.params
        return self.params

    @property
    def params_pointer(self) -> str:
        """JSON-pointer suffix of the params in effect, relative to the rule."""
        if isinstance(self.generator, GeneratorSpec) and self.generator.params is not None:
            return "/generator/params"
        return "/params"

    @property
    def locale(self) -> str | None:
        return self.generator.locale if isinstance(self.generator, GeneratorSpec) else None


class ConstraintPolicyRule(_PlanModel):
    type: Literal["constraint_policy"] = "constraint_policy"
    schema_name: str = Field(alias="schema")
    table: str
    constraint: Literal["check", "unique", "not_null", "primary_key", "foreign_key"]
    mode: Literal["enforce", "warn", "ignore"] = "enforce"


class ForeignKeyStrategyRule(_PlanModel):
    """How the foreign keys of a table are filled.

    ``respect``: from rows generated for the parent; ``disable``: ordinary generated values
    (needs ``options.allow_fk_disable``); ``existing``: from the parent rows already in the
    target database (``generate --existing URL``), picked by key.
    """

    type: Literal["foreign_key_strategy"] = "foreign_key_strategy"
    schema_name: str = Field(alias="schema")
    table: str
    mode: Literal["respect", "disable", "existing"] = "respect"


class Cardinality(_PlanModel):
    """Children per parent row.

    ``uniform`` picks parents uniformly; ``fixed`` gives every parent ``per_parent`` children;
    ``range`` between ``min`` and ``max``; ``zipf`` skews with exponent ``s`` (> 0: parent of
    rank *r* weighs ``1 / r**s``; below 1 a long tail without one giant parent).
    """

    distribution: Literal["uniform", "fixed", "range", "zipf"] = "uniform"
    per_parent: int | None = Field(None, ge=0)
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, ge=0)
    s: float | None = Field(None, gt=0.0)

    @model_validator(mode="after")
    def _check_shape(self) -> Cardinality:
        if self.distribution == "fixed" and self.per_parent is None:
            raise ValueError("distribution 'fixed' needs per_parent")
        if self.distribution == "range":
            if self.min is None or self.max is None:
                raise ValueError("distribution 'range' needs min and max")
            if self.min > self.max:
                raise ValueError("min must be <= max")
        return self


class ForeignKeyCardinalityRule(_PlanModel):
    """How child rows spread over parent rows for one foreign key (ours)."""

    type: Literal["foreign_key_cardinality"] = "foreign_key_cardinality"
    schema_name: str = Field(alias="schema")
    table: str
    foreign_key: str | None = Field(None, description="Constraint name of the FK.")
    columns: list[str] | None = Field(None, description="FK columns, when the FK has no name.")
    children_per_parent: Cardinality = Field(default_factory=Cardinality)
    null_rate: float | None = Field(None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _names_fk(self) -> ForeignKeyCardinalityRule:
        if not self.foreign_key and not self.columns:
            raise ValueError("give foreign_key (its name) or columns")
        return self


class ColumnNullRateRule(_PlanModel):
    """Fraction of NULLs in a nullable column, whatever generates it (ours)."""

    type: Literal["column_null_rate"] = "column_null_rate"
    schema_name: str = Field(alias="schema")
    table: str
    column: str
    rate: float = Field(ge=0.0, le=1.0)


Rule = Annotated[
    ColumnGeneratorRule
    | ConstraintPolicyRule
    | ForeignKeyStrategyRule
    | ForeignKeyCardinalityRule
    | ColumnNullRateRule,
    Field(discriminator="type"),
]


class UnsupportedReference(_PlanModel):
    schema_name: str = Field(alias="schema")
    table: str
    column: str | None = None


class UnsupportedRule(_PlanModel):
    """An intent the plan records but the engine cannot execute (validated, never run)."""

    description: str
    reason: str
    reference: UnsupportedReference | None = None


class PlanOptions(_PlanModel):
    strict: bool | None = None
    allow_fk_disable: bool | None = None


class OutputOptions(_PlanModel):
    format: Literal["csv", "parquet"] = "csv"
    compression: Literal["none", "gzip", "zstd", "snappy"] | None = None


class Repair(BaseModel):
    """A rule that could not be honoured as written, and what generation does instead.

    Written by ``plan fix`` into the repaired plan, and listed first in ``plan validate``,
    ``generation_report.json`` and the evaluation reports. ``--strict`` refuses every repair
    (the problem is then an error with the same ``code``).
    """

    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="The problem: unique_capacity, check_unsatisfiable, ...")
    action: str = Field(
        description="What was done: disambiguate, switch_generator, check_domain, "
        "column_default, convert, drop_labels, truncate, lower_rows."
    )
    path: str = Field(description="JSON pointer of what the plan asked (/rules/3/generator).")
    target: str = Field(description="schema.table.column (or schema.table) it is about.")
    asked: str = Field(description="What the plan asked.")
    done: str = Field(description="What generation does instead.")


class Plan(_PlanModel):
    """A generation plan (``plan.json``)."""

    plan_version: str
    seed: int = Field(ge=0, le=_UINT64_MAX)
    schema_ref: SchemaRef
    global_: GlobalSettings | None = Field(None, alias="global")
    base_date: date | None = Field(None, description="'Today' for data; default 2024-01-01.")
    targets: list[Target]
    rules: list[Rule] = Field(default_factory=list)
    rules_unsupported: list[UnsupportedRule] = Field(default_factory=list)
    options: PlanOptions | None = None
    output: OutputOptions | None = None
    issues: list[Issue] | None = Field(
        None,
        description="Problems `plan suggest` could not solve, written so that the plan file is "
        "never lost; validation ignores this field and reports the problems itself.",
    )
    repairs: list[Repair] | None = Field(
        None,
        description="What `plan fix` changed and why (documentation: validation ignores it).",
    )

    @property
    def effective_base_date(self) -> date:
        return self.base_date or DEFAULT_BASE_DATE

    @property
    def locale(self) -> str | None:
        return self.global_.locale if self.global_ else None

    @property
    def strict(self) -> bool:
        return bool(self.options and self.options.strict)

    def fingerprint(self) -> str:
        """sha256 over the canonical JSON of the plan."""
        content = self.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude={"issues", "repairs"}
        )
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def to_json(self) -> str:
        """Pretty JSON text without empty optional fields."""
        return self.model_dump_json(by_alias=True, indent=2, exclude_none=True) + "\n"
