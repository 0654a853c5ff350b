"""``semantic.barcode.ean13``: EAN-13 product barcodes with a valid check digit.

The first digits are a GS1 prefix (``789`` is Brazil, ``0`` the United States and Canada), the
rest a product number, and the last digit the mod-10 check digit (weights 1 and 3). Unique by
construction: ``from_index`` writes the index as the product number.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("semantic.barcode.ean13")
    >>> ctx = GenContext.for_column(seed=1, table="loja.produtos", column="ean")
    >>> code = gen.from_index(ctx, gen.parse_params({"prefix": "789"}), np.array([0])).to_pylist()[0]
    >>> code, ean13_valid(code)
    ('7890000000000', True)
"""  # noqa: E501

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.generators._arrow import digit_matrix, strings_from_matrix
from datalchemy.generators.base import GenContext, Generator, Params, Rows, as_u64
from datalchemy.generators.registry import register

__all__ = ["Ean13", "ean13_valid"]

_WEIGHTS = np.array([1, 3] * 6, dtype=np.int64)


def ean13_valid(code: str) -> bool:
    """Whether ``code`` is 13 digits with a correct check digit."""
    if len(code) != 13 or not code.isdigit():
        return False
    digits = np.array([int(c) for c in code], dtype=np.int64)
    return int((10 - (digits[:12] * _WEIGHTS).sum() % 10) % 10) == int(digits[12])


class Ean13Params(Params):
    prefix: str = Field(
        "789", pattern=r"^[0-9]{1,6}$", description="GS1 prefix: 789 Brazil, 0 USA/Canada, ..."
    )


def _codes(prefix: str, numbers: npt.NDArray[np.uint64]) -> pa.Array:
    body = 12 - len(prefix)
    m = np.empty((numbers.shape[0], 13), dtype=np.uint8)
    m[:, : len(prefix)] = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8) - ord("0")
    m[:, len(prefix) : 12] = digit_matrix(numbers, body)
    check = (10 - (m[:, :12].astype(np.int64) @ _WEIGHTS) % 10) % 10
    m[:, 12] = check
    return strings_from_matrix(m + np.uint8(ord("0")))


@register
class Ean13(Generator[Ean13Params]):
    """An EAN-13 barcode. Example: ``7891234567895``."""

    id = "semantic.barcode.ean13"
    summary = "EAN-13 barcode with a GS1 prefix and a valid check digit (unique by construction)."
    params_model = Ean13Params

    def generate(self, ctx: GenContext, params: Ean13Params, rows: Rows) -> pa.Array:
        space = np.uint64(10 ** (12 - len(params.prefix)))
        return _codes(params.prefix, ctx.stream(self.id, params).words(rows) % space)

    def value_space(self, ctx: GenContext, params: Ean13Params) -> int:
        return int(10 ** (12 - len(params.prefix)))

    def from_index(self, ctx: GenContext, params: Ean13Params, idx: npt.ArrayLike) -> pa.Array:
        return _codes(params.prefix, as_u64(idx))
