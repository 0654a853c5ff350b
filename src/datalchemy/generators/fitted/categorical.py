"""``fitted.categorical``: frequent values with their measured shares, and another generator
for the rest of the rows (the long tail a profile does not keep).

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("fitted.categorical")
    >>> ctx = GenContext.for_column(seed=1, table="loja.clientes", column="cidade",
    ...                             locale="pt_BR")
    >>> p = gen.parse_params({"values": ["São Paulo", "Campinas"], "weights": [0.5, 0.2],
    ...                       "rest": {"generator": "semantic.br.city"}})
    >>> v = gen.generate(ctx, p, np.arange(2000)).to_pylist()
    >>> 0.45 < v.count("São Paulo") / 2000 < 0.6
    True
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import ALL_FAMILIES, GenContext, Generator, Params, Rows
from datalchemy.generators.registry import get_generator, register

__all__ = ["FittedCategorical"]

Scalar = str | int | float | bool


class Rest(BaseModel):
    """The generator of the rows that get no frequent value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    generator: str = Field(description="Generator ID.")
    params: dict[str, Any] = Field(default_factory=dict, description="Its params.")


class CategoricalParams(Params):
    values: list[Scalar] = Field(..., min_length=1, max_length=10_000, description="Values.")
    weights: list[float] = Field(
        ..., min_length=1, description="Share of rows of each value (sum at most 1)."
    )
    rest: Rest | None = Field(
        None, description="Generator of the other rows (share 1 - sum of weights)."
    )

    @model_validator(mode="after")
    def _aligned(self) -> CategoricalParams:
        if len(self.values) != len(self.weights):
            raise ValueError("values and weights must have the same length")
        if any(w < 0 for w in self.weights) or not 0 < sum(self.weights) <= 1 + 1e-9:
            raise ValueError("weights must be >= 0 and sum to (0, 1]")
        return self


@register
class FittedCategorical(Generator[CategoricalParams]):
    """Frequent values at their shares, the rest from another generator."""

    id = "fitted.categorical"
    summary = "Measured frequent values at their shares; the other rows from another generator."
    params_model = CategoricalParams
    output = TypeFamily.TEXT
    fits = ALL_FAMILIES
    example_params: ClassVar[dict[str, Any] | None] = {
        "values": ["ativo", "inativo"],
        "weights": [0.7, 0.2],
        "rest": {"generator": "primitive.choice", "params": {"values": ["bloqueado"]}},
    }

    def output_family(self, params: CategoricalParams) -> TypeFamily:
        v = params.values[0]
        if isinstance(v, bool):
            return TypeFamily.BOOLEAN
        if isinstance(v, int):
            return TypeFamily.INTEGER
        if isinstance(v, float):
            return TypeFamily.FLOAT
        return TypeFamily.TEXT

    def generate(self, ctx: GenContext, params: CategoricalParams, rows: Rows) -> pa.Array:
        covered = float(sum(params.weights))
        weights = [*params.weights, max(0.0, 1.0 - covered)]
        pick = ctx.stream(self.id, params).weighted(rows, weights)
        vocab = pa.array(params.values)
        frequent = pc.take(vocab, pa.array(np.minimum(pick, len(params.values) - 1)))
        if params.rest is None or covered >= 1.0 - 1e-9:
            if params.rest is None:  # no tail: its share goes to the frequent values
                scaled = ctx.stream(self.id, params, "all").weighted(rows, params.weights)
                return pc.take(vocab, pa.array(scaled))
            return frequent
        gen = get_generator(params.rest.generator)
        try:
            rest_params = gen.parse_params(params.rest.params)
        except Exception as exc:
            raise GenerationError(
                "invalid_params", f"{self.id}: rest {params.rest.generator}: {exc}", path=ctx.where
            ) from None
        sub = dataclasses.replace(ctx, column=f"{ctx.column}#rest")
        tail = gen.generate(sub, rest_params, rows)
        if tail.type != frequent.type:
            try:
                tail = tail.cast(frequent.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                frequent = frequent.cast(pa.string())
                tail = pc.cast(tail, pa.string())
        return pc.if_else(pa.array(pick >= len(params.values)), tail, frequent)
