"""Derives that pass values through: the FK value, a copy, the first non-NULL, a mapping."""

from __future__ import annotations

from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    Field,
)

from datalchemy.errors import GenerationError
from datalchemy.generators.base import (
    GenContext,
    Params,
    Rows,
)
from datalchemy.generators.derive.base import (
    Derive,
    InputParams,
    Scalar,
    input_column,
    text_of,
)
from datalchemy.generators.registry import register

__all__ = ["Coalesce", "Copy", "Fk", "MapValues"]


class FkParams(Params):
    input_columns: list[str] | None = Field(
        None, description="Ignored (accepted for old plans); the engine resolves the FK."
    )


@register
class Fk(Derive[FkParams]):
    """The FK value the engine assigned to this column (alias kept for old plans).

    The engine picks the parent row and places the referenced value in ``ctx.inputs[column]``.
    """

    id = "derive.fk"
    summary = "Foreign-key value resolved by the engine (kept for 0.2 plans)."
    params_model = FkParams

    def inputs(self, params: FkParams) -> list[str]:
        return []

    def generate(self, ctx: GenContext, params: FkParams, rows: Rows) -> pa.Array:
        if ctx.column not in ctx.inputs:
            raise GenerationError(
                "fk_not_resolved",
                f"derive.fk on {ctx.where}: the column is not part of a resolved foreign key",
                path=ctx.where,
                hint="use derive.fk only on a foreign-key column whose parent table is generated",
            )
        return input_column(ctx, ctx.column, self.id, rows)


@register
class Copy(Derive[InputParams]):
    """The value of ``input_columns[0]`` in the same row."""

    id = "derive.copy"
    summary = "Copy of another column of the same row."
    params_model = InputParams

    def inputs(self, params: InputParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: InputParams, rows: Rows) -> pa.Array:
        return input_column(ctx, params.input_columns[0], self.id, rows)


class CoalesceParams(InputParams):
    default: Scalar | None = Field(
        None, description="Value when every input is NULL (cast to the first input's type)."
    )


@register
class Coalesce(Derive[CoalesceParams]):
    """The first non-NULL of ``input_columns``, then ``default``."""

    id = "derive.coalesce"
    summary = "First non-NULL of the input columns, then an optional default."
    params_model = CoalesceParams

    def inputs(self, params: CoalesceParams) -> list[str]:
        return list(params.input_columns)

    def generate(self, ctx: GenContext, params: CoalesceParams, rows: Rows) -> pa.Array:
        cols = [input_column(ctx, c, self.id, rows) for c in params.input_columns]
        typ = cols[0].type
        try:
            args: list[pa.Array | pa.Scalar] = [c if c.type == typ else c.cast(typ) for c in cols]
            if params.default is not None:
                args.append(pa.scalar(params.default).cast(typ))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise GenerationError(
                "derive_input_type",
                f"derive.coalesce: the inputs and default must share the type {typ}: {exc}",
                path=ctx.where,
            ) from None
        return pc.coalesce(*args) if len(args) > 1 else args[0]


class MapParams(InputParams):
    mapping: dict[str, Scalar | None] = Field(
        ..., min_length=1, description='Input value (as text) → output value: {"M": "Masculino"}.'
    )
    default: Scalar | None = Field(None, description="Output for values not in the mapping.")
    unmapped: Literal["default", "keep"] = Field(
        "default", description="`default`: use `default`; `keep`: keep the input value."
    )


@register
class MapValues(Derive[MapParams]):
    """Value mapping: the input's text form looked up in ``mapping`` (NULL stays NULL)."""

    id = "derive.map"
    summary = "Map input values through a dictionary, with a default."
    params_model = MapParams

    def inputs(self, params: MapParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: MapParams, rows: Rows) -> pa.Array:
        raw = input_column(ctx, params.input_columns[0], self.id, rows)
        key = text_of(raw)
        values = list(params.mapping.values())
        if params.default is not None:
            values.append(params.default)
        try:
            out_values = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            out_values = pa.array([None if v is None else _json_text(v) for v in values])
        if params.unmapped == "keep" and not pa.types.is_string(out_values.type):
            out_values = pc.cast(out_values, pa.string())
        idx = pc.index_in(key, value_set=pa.array(list(params.mapping), pa.string()))
        out = pc.take(out_values, idx)
        missing = pc.and_(pc.is_null(idx), pc.is_valid(key))
        if params.unmapped == "keep":
            fill: pa.Array | pa.Scalar = key
        elif params.default is not None:
            fill = out_values[len(values) - 1]
        else:
            return out
        return pc.if_else(missing, fill, out)


def _json_text(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
