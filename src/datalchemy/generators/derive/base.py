"""What every derive is (:class:`Derive`: a generator that declares the columns it reads) and how
it reads them."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import (
    ALL_FAMILIES,
    GenContext,
    Generator,
    Params,
    Rows,
)

__all__ = [
    "DP",
    "Derive",
    "InputParams",
    "ParentRef",
    "Scalar",
    "aligned",
    "input_column",
    "is_derive",
    "nulls_as",
    "text_of",
]


DP = TypeVar("DP", bound=Params)
#: A JSON scalar param value.
Scalar = StrictStr | StrictInt | StrictFloat | StrictBool


@dataclass(frozen=True)
class ParentRef:
    """A parent column a derive reads: ``ctx.parent(local_column, parent_column)``."""

    local_column: str
    parent_table: str  # schema.table
    parent_column: str


class Derive(Generator[DP]):
    """Base class of derives: a generator that declares the columns it reads."""

    fits = ALL_FAMILIES
    output = TypeFamily.UNKNOWN  # the type of the input (pass-through derives)

    @abstractmethod
    def inputs(self, params: DP) -> list[str]:
        """Same-row columns this derive reads (generated before it)."""

    def parent_refs(self, params: DP) -> list[ParentRef]:
        """Parent columns this derive reads through ``ctx.parent``."""
        return []

    def distinct_per_row(self, params: DP) -> bool:
        """True when distinct row indices always give distinct values."""
        return False


def is_derive(gen: object) -> bool:
    """Whether ``gen`` is a derive (declares ``inputs``)."""
    return isinstance(gen, Derive)


class InputParams(Params):
    input_columns: list[str] = Field(
        ..., min_length=1, description="Same-row columns this derive reads (reserved name)."
    )


def input_column(ctx: GenContext, name: str, gen_id: str, rows: Rows) -> pa.Array:
    """Input column ``name`` (aligned with ``rows``) as one Arrow array.

    Raises:
        GenerationError: the column is missing, or its length differs from ``rows``.
    """
    try:
        value = ctx.inputs[name]
    except KeyError:
        raise GenerationError(
            "derive_input_missing",
            f"{gen_id} needs column {name!r}, which was not generated before it",
            path=ctx.where,
            hint="check input_columns, or that the column exists in the same table",
        ) from None
    return aligned(value, rows, f"input column {name!r}", ctx)


def aligned(value: pa.Array | pa.ChunkedArray, rows: Rows, what: str, ctx: GenContext) -> pa.Array:
    """A column as one Arrow array of the rows' length (GenerationError if it is not)."""
    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    if len(value) != rows.shape[0]:
        raise GenerationError(
            "derive_input_misaligned",
            f"{what} has {len(value)} values for {rows.shape[0]} rows",
            path=ctx.where,
            hint="inputs must be aligned with the rows being generated",
        )
    return value


def text_of(values: pa.Array) -> pa.Array:
    """Values as ``string`` (booleans as ``true``/``false``, dates ISO)."""
    if pa.types.is_string(values.type):
        return values
    if pa.types.is_large_string(values.type) or pa.types.is_dictionary(values.type):
        return values.cast(pa.string())
    return pc.cast(values, pa.string())


def nulls_as(values: pa.Array, null_mask: npt.NDArray[np.bool_] | None) -> pa.Array:
    """``values`` with NULL where ``null_mask`` is true."""
    if null_mask is None or not null_mask.any():
        return values
    return pc.if_else(pa.array(null_mask), pa.scalar(None, values.type), values)
