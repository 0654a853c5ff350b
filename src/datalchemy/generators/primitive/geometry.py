"""``primitive.geo.*``: PostgreSQL geometric values and ``cube`` as the literals the database
reads (``(1.5,2)``, ``[(0,0),(1,1)]``, ``<(0,0),2.5>``, ``(1, 2, 3)``).

Coordinates are uniform decimals in ``[min, max]`` at ``scale`` digits, so values print exactly
(``12.34``, never ``12.340000000000002``). Lines are ``{A,B,C}`` with ``A`` at least 1 (a line
needs A and B not both zero); circles have a radius up to half the coordinate span. Of these
types only ``cube`` has b-tree equality (it can be UNIQUE): points and cubes have a value space,
their coordinates by mixed radix over the grid of ``[min, max]`` at ``scale``.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("primitive.geo.point")
    >>> ctx = GenContext.for_column(seed=1, table="t", column="pos")
    >>> gen.generate(ctx, gen.parse_params({"scale": 0}), np.arange(2)).to_pylist()
    ['(25,68)', '(30,68)']
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.generators._arrow import decimals_from_unscaled, join
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, Rows, as_u64
from datalchemy.generators.primitive._common import U64, Finite, StrictParams, capped_space
from datalchemy.generators.registry import define

__all__ = ["GeoParams"]


class GeoParams(StrictParams):
    min: Finite = Field(0.0, description="Smallest coordinate.")
    max: Finite = Field(100.0, description="Largest coordinate.")
    scale: int = Field(2, ge=0, le=6, description="Digits after the point.")
    dims: int = Field(3, ge=1, le=100, description="Dimensions (cube only).")

    @model_validator(mode="after")
    def _ordered(self) -> GeoParams:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


class _Coords:
    """Coordinate text drawn from one stream: ``c(name)`` is a fresh coordinate per row."""

    def __init__(self, s: Stream, params: GeoParams, rows: Rows) -> None:
        q = Decimal(10) ** params.scale
        self.lo = int((Decimal(str(params.min)) * q).to_integral_value())
        self.hi = int((Decimal(str(params.max)) * q).to_integral_value())
        self.s, self.rows, self.scale = s, rows, params.scale

    def _text(self, units: Any) -> pa.Array:
        return pc.cast(decimals_from_unscaled(units, self.scale), pa.string())

    def c(self, name: str) -> pa.Array:
        return self._text(self.s.sub(name).integers(self.rows, self.lo, self.hi))

    def radius(self) -> pa.Array:
        return self._text(self.s.sub("r").integers(self.rows, 0, max(0, (self.hi - self.lo) // 2)))

    def coefficient(self, name: str, low: int) -> pa.Array:
        return pc.cast(pa.array(self.s.sub(name).integers(self.rows, low, 9)), pa.string())

    def point(self, name: str) -> list[pa.Array | str]:
        return ["(", self.c(name + "x"), ",", self.c(name + "y"), ")"]


def _points(c: _Coords, n: int) -> list[pa.Array | str]:
    parts: list[pa.Array | str] = []
    for i in range(n):
        parts += ([","] if i else []) + c.point(f"p{i}")
    return parts


def _cube(c: _Coords, dims: int) -> list[pa.Array | str]:
    parts: list[pa.Array | str] = ["("]
    for i in range(dims):
        parts += ([", "] if i else []) + [c.c(f"d{i}")]
    return [*parts, ")"]


#: kind -> (summary, literal parts from the coordinates)
_KINDS: dict[str, tuple[str, Callable[[_Coords, GeoParams], list[pa.Array | str]]]] = {
    "point": ("A point (x,y).", lambda c, p: c.point("")),
    "line": (
        "A line {A,B,C} (Ax + By + C = 0, A >= 1).",
        lambda c, p: ["{", c.coefficient("a", 1), ",", c.coefficient("b", -9), ",", c.c("c"), "}"],
    ),
    "lseg": ("A line segment [(x1,y1),(x2,y2)].", lambda c, p: ["[", *_points(c, 2), "]"]),
    "box": ("A box (x1,y1),(x2,y2).", lambda c, p: _points(c, 2)),
    "path": ("An open path [(x1,y1),...] of 3 points.", lambda c, p: ["[", *_points(c, 3), "]"]),
    "polygon": ("A triangle ((x1,y1),(x2,y2),(x3,y3)).", lambda c, p: ["(", *_points(c, 3), ")"]),
    "circle": (
        "A circle <(x,y),r> (r up to half the coordinate span).",
        lambda c, p: ["<", *c.point(""), ",", c.radius(), ">"],
    ),
    "cube": ("A cube point (x1, ..., xn) of dims coordinates.", lambda c, p: _cube(c, p.dims)),
}


#: Kinds with a value space: the number of coordinates of a value.
_ENUMERABLE: dict[str, Callable[[GeoParams], int]] = {
    "point": lambda p: 2,
    "cube": lambda p: p.dims,
}


class _GeoBase(Generator[GeoParams]):
    params_model = GeoParams
    output = TypeFamily.GEOMETRY
    fits = TEXTUAL | {TypeFamily.GEOMETRY}
    kind: str = "point"

    def generate(self, ctx: GenContext, params: GeoParams, rows: Rows) -> pa.Array:
        coords = _Coords(ctx.stream(self.id, params), params, rows)
        return join(_KINDS[self.kind][1](coords, params))

    def value_space(self, ctx: GenContext, params: GeoParams) -> int | None:
        if self.kind not in _ENUMERABLE:
            return None
        c = _Coords(ctx.stream(self.id, params), params, np.zeros(0, np.int64))
        return capped_space((c.hi - c.lo + 1) ** _ENUMERABLE[self.kind](params))

    def from_index(self, ctx: GenContext, params: GeoParams, idx: U64) -> pa.Array:
        if self.kind not in _ENUMERABLE:
            return super().from_index(ctx, params, idx)
        x = as_u64(idx)
        c = _Coords(ctx.stream(self.id, params), params, x.astype(np.int64))
        grid = np.uint64(c.hi - c.lo + 1)
        texts = []
        for _ in range(_ENUMERABLE[self.kind](params)):
            texts.append(c._text((x % grid).astype(np.int64) + c.lo))
            x = x // grid
        sep = "," if self.kind == "point" else ", "
        parts: list[pa.Array | str] = ["("]
        for i, t in enumerate(texts):
            parts += ([sep] if i else []) + [t]
        return join([*parts, ")"])


for _kind, (_summary, _) in _KINDS.items():
    define(
        _GeoBase,
        f"Geo{_kind.capitalize()}",
        __name__,
        id=f"primitive.geo.{_kind}",
        summary=_summary + " Coordinates in [min, max] at scale digits.",
        kind=_kind,
    )
