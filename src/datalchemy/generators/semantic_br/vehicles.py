"""Vehicle identifiers: plates (Mercosul and the old format) and RENAVAM numbers."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.generators import checkdigits, pii
from datalchemy.generators._arrow import ascii_digits, strings_from_matrix
from datalchemy.generators.base import GenContext, NoParams, Params, Rows, as_i64
from datalchemy.generators.fixed_text import FixedLayout
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    BrGenerator,
)

__all__ = ["Plate", "Renavam"]


I64 = npt.NDArray[np.int64]
_ZERO = np.uint8(ord("0"))
_UPPER = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)

# RENAVAM: 10 digits + a mod-11 check digit ((sum * 10) % 11, 10 -> 0, which is the rule of
# mod11_zero with weights 2..9 from the right); the bases cover current issuance.
_RENAVAM_LOW, _RENAVAM_HIGH = 100_000_000, 1_400_000_000
_RENAVAM_LAYOUT = FixedLayout("#" * 11, (10, 1))


def _renavam_from_index(i: I64) -> pa.Array:
    chars = ascii_digits(i + _RENAVAM_LOW, 10)
    dv = checkdigits.mod11_zero(chars - _ZERO, checkdigits.weights_from_right(10))
    return _RENAVAM_LAYOUT.render([chars, (dv + 48).view(np.uint64)])


@register
class Renavam(BrGenerator):
    """RENAVAM vehicle registry number: 11 digits, the last a check digit."""

    id = "semantic.br.renavam"
    summary = "Brazilian RENAVAM (vehicle registry) number with a valid check digit."
    params_model = NoParams
    pii = pii.RENAVAM

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        space = _RENAVAM_HIGH - _RENAVAM_LOW
        return _renavam_from_index(ctx.stream(self.id, params).integers(rows, 0, space - 1))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return _RENAVAM_HIGH - _RENAVAM_LOW

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return _renavam_from_index(as_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 11, 11


class PlateParams(Params):
    format: Literal["mercosul", "old", "any"] = Field(
        "mercosul", description="mercosul: AAA9A99; old: AAA-9999; any: either."
    )
    formatted: bool = Field(True, description="Hyphen in old plates (AAA-9999 vs AAA9999).")


_PLATE_MERCOSUL = 26**3 * 10 * 26 * 100
_PLATE_OLD = 26**3 * 10**4


def _plate_from_index(i: I64, p: PlateParams) -> pa.Array:
    n = i.shape[0]
    merc = np.ones(n, dtype=bool) if p.format == "mercosul" else np.zeros(n, dtype=bool)
    if p.format == "any":
        merc = i < _PLATE_MERCOSUL
        i = np.where(merc, i, i - _PLATE_MERCOSUL)
    chars = np.empty((n, 8), dtype=np.uint8)
    r = i.copy()
    # Last four: D D (mercosul: D L D D)
    for col in (6, 5):
        chars[:, col] = (r % 10).astype(np.uint8) + _ZERO
        r //= 10
    middle = np.where(merc, r % 26, r % 10)
    r = np.where(merc, r // 26, r // 10)
    chars[:, 4] = np.where(merc, _UPPER[middle % 26], middle.astype(np.uint8) + _ZERO)
    chars[:, 3] = (r % 10).astype(np.uint8) + _ZERO
    r //= 10
    for col in (2, 1, 0):
        chars[:, col] = _UPPER[r % 26]
        r //= 26
    if not p.formatted or p.format == "mercosul":
        return strings_from_matrix(chars[:, :7])
    hyphen = ~merc
    out = chars.copy()  # old plates: AAA-9999 (8 chars); mercosul stay 7
    out[:, 3] = np.where(hyphen, ord("-"), chars[:, 3])
    out[:, 4:8] = np.where(hyphen[:, None], chars[:, 3:7], chars[:, 4:8])
    return strings_from_matrix(out, np.where(hyphen, 8, 7).astype(np.int64))


@register
class Plate(BrGenerator):
    """Vehicle plate: Mercosul ``ABC1D23`` or the old ``ABC-1234``."""

    id = "semantic.br.plate"
    summary = "Brazilian vehicle plate (Mercosul AAA9A99 or old AAA-9999)."
    params_model = PlateParams
    pii = pii.PLATE

    def _space(self, p: PlateParams) -> int:
        return {
            "mercosul": _PLATE_MERCOSUL,
            "old": _PLATE_OLD,
            "any": _PLATE_MERCOSUL + _PLATE_OLD,
        }[p.format]

    def generate(self, ctx: GenContext, params: PlateParams, rows: Rows) -> pa.Array:
        i = ctx.stream(self.id, params).integers(rows, 0, self._space(params) - 1)
        return _plate_from_index(i, params)

    def value_space(self, ctx: GenContext, params: PlateParams) -> int:
        return self._space(params)

    def from_index(self, ctx: GenContext, params: PlateParams, idx: Any) -> pa.Array:
        return _plate_from_index(as_i64(idx), params)

    def _length_bounds(self, params: PlateParams) -> tuple[int, int]:
        long = 8 if params.formatted and params.format != "mercosul" else 7
        short = 7 if params.format != "old" else long
        return short, long
