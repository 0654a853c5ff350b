"""``primitive.enum``, ``primitive.choice`` and ``primitive.choice.weighted``."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AfterValidator, Field, field_validator, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import (
    ALL_FAMILIES,
    ColumnFacts,
    GenContext,
    Generator,
    Rows,
    as_u64,
)
from datalchemy.generators.primitive._common import (
    F64,
    INT64_MAX,
    INT64_MIN,
    U64,
    StrictParams,
    issue,
)
from datalchemy.generators.registry import register

__all__ = ["Choice", "Enum", "WeightedChoice"]


# primitive.enum


NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class EnumParams(StrictParams):
    weights: list[NonNegative] | dict[str, NonNegative] | None = Field(
        None,
        description="Relative weights: a list aligned with the enum's labels, or label -> "
        "weight (missing labels weigh 0). Default: uniform.",
    )

    @field_validator("weights")
    @classmethod
    def _some_weight(
        cls, v: list[float] | dict[str, float] | None
    ) -> list[float] | dict[str, float] | None:
        if v is not None:
            total = sum(v.values()) if isinstance(v, dict) else sum(v)
            if not total > 0:
                raise ValueError("weights must not all be 0")
        return v


def _enum_labels(facts: ColumnFacts) -> tuple[str, ...]:
    if facts.enum_labels is None:
        raise GenerationError(
            "not_an_enum",
            "primitive.enum fills enum columns only, and this column is not an enum",
            hint="use primitive.choice with the values instead",
        )
    if not facts.enum_labels:
        raise GenerationError("enum_without_labels", "the column's enum type has no labels")
    return facts.enum_labels


def _enum_weights(params: EnumParams, labels: tuple[str, ...]) -> F64 | None:
    w = params.weights
    if w is None:
        return None
    if isinstance(w, dict):
        unknown = sorted(set(w) - set(labels))
        if unknown:
            raise GenerationError(
                "unknown_enum_label",
                f"weights name labels the enum does not have: {', '.join(unknown)}",
                hint=f"labels: {', '.join(labels)}",
            )
        arr = np.array([w.get(label, 0.0) for label in labels], dtype=np.float64)
    else:
        if len(w) != len(labels):
            raise GenerationError(
                "weights_length_mismatch",
                f"{len(w)} weights for {len(labels)} enum labels",
                hint="give one weight per label, in the enum's order, or a label -> weight map",
            )
        arr = np.array(w, dtype=np.float64)
    if not arr.sum() > 0:
        raise GenerationError("weights_all_zero", "every enum label has weight 0")
    return arr


@register
class Enum(Generator[EnumParams]):
    id = "primitive.enum"
    summary = "A label of the column's enum type, uniform or weighted."
    params_model = EnumParams
    output = TypeFamily.ENUM
    fits = frozenset({TypeFamily.ENUM})

    def generate(self, ctx: GenContext, params: EnumParams, rows: Rows) -> pa.Array:
        labels = _enum_labels(ctx.facts)
        w = _enum_weights(params, labels)
        s = ctx.stream(self.id, params)
        idx = s.choice(rows, len(labels)) if w is None else s.weighted(rows, w)
        return pc.take(pa.array(labels, type=pa.string()), pa.array(idx))

    def value_space(self, ctx: GenContext, params: EnumParams) -> int | None:
        return len(_enum_labels(ctx.facts))

    def from_index(self, ctx: GenContext, params: EnumParams, idx: U64) -> pa.Array:
        labels = _enum_labels(ctx.facts)
        return pc.take(pa.array(labels, type=pa.string()), pa.array(as_u64(idx).astype(np.int64)))

    def check(self, params: EnumParams, facts: ColumnFacts) -> list[Issue]:
        try:
            _enum_weights(params, _enum_labels(facts))
        except GenerationError as exc:
            return [issue("error", exc.code, exc.message, None, exc.hint)]
        return []


# Choices

Scalar = str | bool | int | float | None


def _scalar_ok(values: list[Scalar]) -> list[Scalar]:
    for v in values:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("values must be finite")
    return values


Values = Annotated[
    list[Scalar], Field(min_length=1, max_length=1_000_000), AfterValidator(_scalar_ok)
]


def _values_type(values: list[Scalar]) -> tuple[TypeFamily, pa.DataType]:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return TypeFamily.BOOLEAN, pa.bool_()
    if (
        present
        and all(isinstance(v, int) and not isinstance(v, bool) for v in present)
        and all(INT64_MIN <= int(v) <= INT64_MAX for v in present if v is not None)
    ):
        return TypeFamily.INTEGER, pa.int64()
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return TypeFamily.FLOAT, pa.float64()
    return TypeFamily.TEXT, pa.string()


def _vocabulary(values: list[Scalar]) -> pa.Array:
    _, typ = _values_type(values)
    if typ == pa.string():
        return pa.array(
            [v if isinstance(v, str) or v is None else json.dumps(v) for v in values],
            type=pa.string(),
        )
    if typ == pa.float64():
        return pa.array([None if v is None else float(v) for v in values], type=typ)
    return pa.array(values, type=typ)


def _distinct(values: list[Scalar]) -> list[Scalar]:
    """Values without repeats (1, 1.0 and true are told apart by their JSON text and type)."""
    seen: set[str] = set()
    out: list[Scalar] = []
    for v in values:
        key = f"{type(v).__name__}:{json.dumps(v)}"
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


class ChoiceParams(StrictParams):
    values: Values = Field(description="The values to pick from (JSON scalars; null is NULL).")


class WeightedChoiceParams(StrictParams):
    values: Values = Field(description="The values to pick from (JSON scalars; null is NULL).")
    weights: list[NonNegative] = Field(
        description="Relative weight of each value (same length as values; not all 0)."
    )

    @model_validator(mode="after")
    def _aligned(self) -> WeightedChoiceParams:
        if len(self.weights) != len(self.values):
            raise ValueError(
                f"{len(self.weights)} weights for {len(self.values)} values; give one each"
            )
        if not sum(self.weights) > 0:
            raise ValueError("weights must not all be 0")
        return self


class _ChoiceBase(Generator[Any]):
    output = TypeFamily.TEXT
    fits = ALL_FAMILIES

    def output_family(self, params: Any) -> TypeFamily:
        """The family of what these params emit (the values decide: all ints -> INTEGER...)."""
        return _values_type(params.values)[0]

    def _space_values(self, params: Any) -> list[Scalar]:
        return _distinct(list(params.values))

    def value_space(self, ctx: GenContext, params: Any) -> int | None:
        return len(self._space_values(params))

    def from_index(self, ctx: GenContext, params: Any, idx: U64) -> pa.Array:
        distinct = self._space_values(params)
        vocab = _vocabulary(distinct)
        # Same Arrow type as generate(): typed from all the values, not just the distinct ones.
        vocab = vocab.cast(_values_type(params.values)[1])
        return pc.take(vocab, pa.array(as_u64(idx).astype(np.int64)))


@register
class Choice(_ChoiceBase):
    id = "primitive.choice"
    summary = "A uniform pick from a list of values (categorical)."
    params_model = ChoiceParams

    def generate(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> pa.Array:
        idx = ctx.stream(self.id, params).choice(rows, len(params.values))
        return pc.take(_vocabulary(params.values), pa.array(idx))


@register
class WeightedChoice(_ChoiceBase):
    id = "primitive.choice.weighted"
    summary = "A pick from a list of values with relative weights."
    params_model = WeightedChoiceParams

    def generate(self, ctx: GenContext, params: WeightedChoiceParams, rows: Rows) -> pa.Array:
        idx = ctx.stream(self.id, params).weighted(rows, params.weights)
        return pc.take(_vocabulary(params.values), pa.array(idx))

    def _space_values(self, params: Any) -> list[Scalar]:
        return _distinct([v for v, w in zip(params.values, params.weights, strict=True) if w > 0])
