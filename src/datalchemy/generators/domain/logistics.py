"""``domain.logistics.*``: Correios tracking codes, shipment statuses, carriers, parcel
dimensions and weights."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets, checkdigits
from datalchemy.generators._arrow import (
    ascii_digits,
    decimals_from_unscaled,
    int_strings,
    join,
    vocabulary,
)
from datalchemy.generators.base import GenContext, Generator, NoParams, Params, Rows
from datalchemy.generators.domain.labels import ChoiceParams, LabelPick
from datalchemy.generators.fixed_text import FixedLayout
from datalchemy.generators.registry import register

__all__ = ["Carrier", "DimensionsCm", "ShipmentStatus", "TrackingCode", "WeightKg"]


U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
#: Column families an amount fits.
MONEY_FITS = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})
#: Fields: the service prefix, the 8-digit serial, its S10 check digit.
_TRACKING = FixedLayout("###########BR", (2, 8, 1))


#: Correios service prefixes (SEDEX, PAC, registered mail, international...), with weights.
def _tracking_prefixes() -> tuple[tuple[str, ...], ...]:
    """Correios service prefixes (SEDEX, PAC, registered mail, international...) and weights."""
    return assets.rows("pt_BR", "tracking_prefixes.tsv")


@register
class TrackingCode(Generator[ChoiceParams]):
    """Correios tracking code ``AA123456785BR``: service prefix, 8-digit serial, S10 check digit.

    Unique by construction over ``len(prefixes) * 10**8`` codes.
    """

    id = "domain.logistics.tracking_code"
    summary = "Correios tracking code (`SS123456785BR`, valid S10 check digit)."
    params_model = ChoiceParams

    @cached_property
    def _prefix_words(self) -> U64:
        """Each prefix's two letters as one word (the form FixedLayout fields take)."""
        text = "".join(p.ljust(8, "\0") for p, _ in _tracking_prefixes())
        return np.frombuffer(text.encode("ascii"), dtype="<u8").astype(np.uint64)

    def generate(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        if params.uniform:
            prefix = s.sub("prefix").choice(rows, len(_tracking_prefixes()))
        else:
            weights = [float(w) for _, w in _tracking_prefixes()]
            prefix = s.sub("prefix").weighted(rows, weights)
        return self._build(prefix, s.sub("serial").integers(rows, 0, 10**8 - 1))

    def value_space(self, ctx: GenContext, params: ChoiceParams) -> int | None:
        return len(_tracking_prefixes()) * 10**8

    def from_index(self, ctx: GenContext, params: ChoiceParams, idx: U64) -> pa.Array:
        i = idx.astype(np.int64)
        return self._build(i // 10**8, i % 10**8)

    def _build(self, prefix: I64, serial: I64) -> pa.Array:
        digits = ascii_digits(serial, 8)
        check = (checkdigits.s10(digits - np.uint8(48)) + 48).view(np.uint64)
        return _TRACKING.render([self._prefix_words[prefix], digits, check])


@register
class ShipmentStatus(LabelPick):
    id = "domain.logistics.shipment_status"
    summary = "Shipment status: criado, em_transito, entregue, cancelado."


class CarrierParams(ChoiceParams):
    output: Literal["code", "name"] = Field(
        "code", description="`code` (`total_express`) or display `name` (`Total Express`)."
    )


@register
class Carrier(LabelPick):
    id = "domain.logistics.carrier"
    summary = "Carrier: correios, jadlog, total_express, azul_cargo (or display names)."
    params_model = CarrierParams

    @cached_property
    def _names(self) -> pa.Array:
        return vocabulary(self.extra)  # display names, the third field in domain_labels.tsv

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        if isinstance(params, CarrierParams) and params.output == "name":
            return self._names
        return self._vocab


#: Side ranges of ``dimensions_cm``: length and width 10..100, height 5..80 (the original's).
_DIM_RANGES = ((10, 100), (10, 100), (5, 80))


@register
class DimensionsCm(Generator[NoParams]):
    """Parcel dimensions ``"<L>x<W>x<H>"`` in cm (L, W in 10..100; H in 5..80)."""

    id = "domain.logistics.dimensions_cm"
    summary = "Parcel dimensions in cm as `LxWxH` (L, W 10-100, H 5-80)."
    params_model = NoParams

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        sides = [s.sub(i).integers(rows, lo, hi) for i, (lo, hi) in enumerate(_DIM_RANGES)]
        return join([int_strings(v) for v in sides], "x")

    def value_space(self, ctx: GenContext, params: NoParams) -> int | None:
        return int(np.prod([hi - lo + 1 for lo, hi in _DIM_RANGES]))

    def from_index(self, ctx: GenContext, params: NoParams, idx: U64) -> pa.Array:
        rest = idx.astype(np.int64)
        sides = []
        for lo, hi in reversed(_DIM_RANGES):  # mixed radix, height is the lowest digit
            span = hi - lo + 1
            sides.append(int_strings(rest % span + lo))
            rest = rest // span
        return join(sides[::-1], "x")


class WeightParams(Params):
    min: float = Field(0.1, gt=0, description="Lightest parcel (kg).")
    max: float = Field(30.0, gt=0, le=1e9, description="Heaviest parcel (kg); 30 kg is Correios'.")
    scale: int = Field(3, ge=0, le=6, description="Decimal places (3 = grams).")

    @model_validator(mode="after")
    def _order(self) -> WeightParams:
        if self.min > self.max:
            raise ValueError("min must be <= max")
        if self.max * 10**self.scale < 1:
            raise ValueError("max is below the smallest unit of scale")
        return self


@register
class WeightKg(Generator[WeightParams]):
    """Parcel weight in kg (``decimal(…, scale)``), log-uniform in ``[min, max]``: light parcels
    are much more common than heavy ones."""

    id = "domain.logistics.weight_kg"
    summary = "Parcel weight in kg (decimal, skewed toward light parcels)."
    params_model = WeightParams
    output = TypeFamily.DECIMAL
    fits = MONEY_FITS

    def _units(self, params: WeightParams) -> tuple[int, int]:
        f = 10**params.scale
        lo, hi = int(np.ceil(params.min * f - 1e-6)), int(np.floor(params.max * f + 1e-6))
        return max(lo, 1), max(hi, 1)

    def generate(self, ctx: GenContext, params: WeightParams, rows: Rows) -> pa.Array:
        lo, hi = self._units(params)
        u = ctx.stream(self.id, params).uniform(rows)
        units = np.floor(np.exp(np.log(lo) + u * (np.log(hi + 1) - np.log(lo))))
        return decimals_from_unscaled(np.clip(units, lo, hi).astype(np.int64), params.scale)

    def value_space(self, ctx: GenContext, params: WeightParams) -> int | None:
        lo, hi = self._units(params)
        return hi - lo + 1

    def from_index(self, ctx: GenContext, params: WeightParams, idx: U64) -> pa.Array:
        lo, _ = self._units(params)
        return decimals_from_unscaled(idx.astype(np.int64) + lo, params.scale)
