"""Brazilian phone numbers: ``semantic.br.phone`` and the pt_BR numbers of
``semantic.person.phone`` and ``semantic.person.cell``.

One source of area codes: ``assets/pt_BR/ufs.tsv`` lists every state's DDDs (:func:`ddd_codes`)
and ``cities.tsv`` every city's. One layout table: :data:`LAYOUTS` writes a DDD followed by the
subscriber number (9 digits for mobiles, 8 for landlines) in every format either generator emits.

The two generators number phones differently, and each keeps its own numbering because their
values are pinned: ``semantic.br.phone`` takes the DDD of a city drawn by population (so it agrees
with the row's city in a group) and spreads unique numbers over each DDD in proportion to its
population; ``semantic.person.*`` in pt_BR enumerates :func:`ddd_codes` uniformly
(:func:`numbers_by_ddd`).

Example:
    >>> import numpy as np
    >>> phone_text(np.array([11912345678]), np.array([True]), "national").to_pylist()
    ['(11) 91234-5678']
    >>> phone_text(np.array([1932345678]), np.array([False]), "e164").to_pylist()
    ['+551932345678']
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from datalchemy.determinism import Stream
from datalchemy.generators import pii
from datalchemy.generators.base import GenContext, Params, Rows, as_i64
from datalchemy.generators.fixed_text import FixedLayout, ascii_number
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    BrGenerator,
    UfCode,
    group_field,
    place_stream,
    uf_field,
)
from datalchemy.generators.semantic_br.places import places, sample_places

__all__ = [
    "LAYOUTS",
    "Phone",
    "PhoneParams",
    "ddd_codes",
    "numbers_by_ddd",
    "numbers_by_ddd_space",
    "phone_from_index",
    "phone_space",
    "phone_text",
    "phone_values",
]

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
Bools = npt.NDArray[np.bool_]

#: Format -> (mobile layout, landline layout). Each ``#`` takes the next digit of the DDD and
#: subscriber number (2 + 9 digits for mobiles, 2 + 8 for landlines).
LAYOUTS: dict[str, tuple[str, str]] = {
    "e164": ("+55###########", "+55##########"),
    "national": ("(##) #####-####", "(##) ####-####"),
    "international": ("+55 (##) #####-####", "+55 (##) ####-####"),
    "spaced": ("+55 ## #####-####", "+55 ## ####-####"),
    "digits": ("###########", "##########"),
}

# Local numbers: mobile 9[5-9]XXXXXXX (5e7 per DDD), landline [2-5]XXXXXXX (4e7 per DDD).
_MOBILE_N, _LANDLINE_N = 50_000_000, 40_000_000
_PHONE_MULT = 7_777_777  # coprime with 2, 3 and 5: spreads unique numbers over the local space
_E4, _E7, _E8 = np.uint64(10**4), np.uint64(10**7), np.uint64(10**8)


@cache
def _layout(fmt: str, mobile: bool) -> FixedLayout:
    """Fields: the DDD, the subscriber number's digits but the last 4, its last 4."""
    return FixedLayout(LAYOUTS[fmt][0 if mobile else 1], (2, 5 if mobile else 4, 4))


def _render(number: U64, mobile: bool, fmt: str) -> pa.Array:
    head = number // _E4  # uint64: NumPy divides it by a scalar fast
    tail = number - head * _E4
    scale = np.uint64(10**5 if mobile else 10**4)
    ddd = head // scale
    head -= ddd * scale
    fields = (ascii_number(ddd, 2), ascii_number(head, 5 if mobile else 4), ascii_number(tail, 4))
    return _layout(fmt, mobile).render(fields)


def phone_text(number: npt.ArrayLike, mobile: Bools, fmt: str) -> pa.Array:
    """Phones in format ``fmt`` of :data:`LAYOUTS` from DDD + subscriber numbers (11 digits where
    ``mobile``, else 10)."""
    n = np.asarray(number, dtype=np.int64).view(np.uint64)  # non-negative: same values
    if mobile.all():
        return _render(n, True, fmt)
    land = _render(n, False, fmt)
    if not mobile.any():
        return land
    # Each layout renders every row (the other kind's rows as in-range garbage); if_else keeps one.
    return pc.if_else(pa.array(mobile), _render(n, True, fmt), land)


@cache
def ddd_codes() -> U64:
    """Every DDD in use, ascending (the union of the states' DDDs)."""
    codes = sorted({ddd for ddds in places().uf_ddds.values() for ddd in ddds})
    return np.asarray(codes, dtype=np.uint64)


def numbers_by_ddd_space(mobile: bool) -> int:
    """How many numbers :func:`numbers_by_ddd` enumerates."""
    return len(ddd_codes()) * (10**8 if mobile else 4 * 10**7)


def numbers_by_ddd(idx: U64, mobile: bool) -> U64:
    """The ``idx``-th DDD + number, the DDDs taking turns: mobiles 9 + 8 digits, landlines a first
    digit 2-5 + 7 digits."""
    ddds = ddd_codes()
    ddd: U64 = ddds[(idx % np.uint64(len(ddds))).astype(np.intp)]
    rest = idx // np.uint64(len(ddds))
    if mobile:
        out: U64 = (ddd * np.uint64(10) + np.uint64(9)) * _E8 + rest
        return out
    first = np.uint64(2) + rest % np.uint64(4)  # landlines start with 2-5
    land: U64 = ddd * _E8 + first * _E7 + rest // np.uint64(4)
    return land


class PhoneParams(Params):
    format: Literal["e164", "national", "digits"] = Field(
        "e164",
        description="e164: +5511912345678; national: (11) 91234-5678; digits: 11912345678.",
    )
    kind: Literal["mobile", "landline", "any"] = Field(
        "mobile",
        description="mobile: 9 digits starting with 9; landline: 8 digits starting with 2-5; "
        "any: 80% mobile.",
    )
    uf: UfCode | None = uf_field("phones")
    group: str | None = group_field()


def _with_ddd(ddd: I64, local: I64, mobile: Bools) -> I64:
    number = ddd * np.where(mobile, 10**9, 10**8)
    number += local
    return number


def phone_values(
    place: Stream, own: Stream, rows: Rows, p: PhoneParams, uf: str | None
) -> pa.Array:
    """Phones whose DDD is that of a city drawn from ``place`` (see :func:`sample_places`)."""
    city = sample_places(place, rows, uf)
    ddd = places().ddd[city]
    if p.kind == "any":
        mobile = own.sub("kind").bernoulli(rows, 0.8)
    else:
        mobile = np.full(rows.shape[0], p.kind == "mobile")
    local = _local_numbers(own, rows, p.kind, mobile)
    return phone_text(_with_ddd(ddd, local, mobile), mobile, p.format)


def _local_numbers(own: Stream, rows: Rows, kind: str, mobile: Bools) -> I64:
    """Subscriber numbers, drawing only the kinds that occur: mobile 9[5-9]XXXXXXX, landline
    [2-5]XXXXXXX."""

    def draw(is_mobile: bool) -> I64:
        if is_mobile:
            return own.sub("mobile").integers(rows, 950_000_000, 950_000_000 + _MOBILE_N - 1)
        return own.sub("landline").integers(rows, 20_000_000, 20_000_000 + _LANDLINE_N - 1)

    if kind == "any":
        return np.where(mobile, draw(True), draw(False))
    return draw(kind == "mobile")


@cache
def phone_space(uf: str | None, kind: str) -> tuple[I64, I64, int]:
    """(DDDs, cumulative capacities, local space): capacity per DDD follows its population."""
    table = places()
    lo, hi = table.span[uf]
    ddds = table.ddd[lo:hi]
    unique = np.unique(ddds)
    weight = np.asarray([table.population[lo:hi][ddds == d].sum() for d in unique])
    local = {"mobile": _MOBILE_N, "landline": _LANDLINE_N, "any": _MOBILE_N + _LANDLINE_N}[kind]
    caps = np.maximum(1, np.floor(local * weight / weight.max())).astype(np.int64)
    cum = np.zeros(len(unique) + 1, dtype=np.int64)
    np.cumsum(caps, out=cum[1:])
    return unique.astype(np.int64), cum, local


def phone_from_index(i: I64, p: PhoneParams, uf: str | None) -> pa.Array:
    """Distinct phones for distinct ``i`` in ``[0, value space)``."""
    ddds, cum, local = phone_space(uf, p.kind)
    d = np.searchsorted(cum, i, side="right") - 1
    number = (i - cum[d]) * _PHONE_MULT % local
    mobile = number < _MOBILE_N if p.kind != "landline" else np.zeros(i.shape[0], dtype=bool)
    value = np.where(
        mobile, 950_000_000 + number, 20_000_000 + number - _MOBILE_N * (p.kind == "any")
    )
    return phone_text(_with_ddd(ddds[d], value, mobile), mobile, p.format)


@register
class Phone(BrGenerator):
    """Phone with a DDD of the drawn city. Example: ``+5511912345678``, ``(19) 3234-5678``."""

    id = "semantic.br.phone"
    summary = "Brazilian phone: DDD of the city (agrees with a group), mobile 9 digits."
    params_model = PhoneParams
    pii = pii.PHONE

    def generate(self, ctx: GenContext, params: PhoneParams, rows: Rows) -> pa.Array:
        place = place_stream(ctx, self.id, params, params.group)
        return phone_values(place, ctx.stream(self.id, params), rows, params, params.uf)

    def value_space(self, ctx: GenContext, params: PhoneParams) -> int:
        return int(phone_space(params.uf, params.kind)[1][-1])

    def from_index(self, ctx: GenContext, params: PhoneParams, idx: Any) -> pa.Array:
        return phone_from_index(as_i64(idx), params, params.uf)

    def _length_bounds(self, params: PhoneParams) -> tuple[int, int]:
        base = {"e164": 13, "national": 14, "digits": 10}[params.format]
        short = base + (params.kind == "mobile")
        return short, base + (params.kind != "landline")
