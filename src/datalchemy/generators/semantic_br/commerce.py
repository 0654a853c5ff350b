"""Brazilian commerce: amounts in reais, company names and product names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets
from datalchemy.generators._arrow import (
    decimals_from_unscaled,
    join,
    take,
    vocabulary,
)
from datalchemy.generators.base import GenContext, NoParams, Params, Rows, as_i64
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    BrGenerator,
    max_chars,
)
from datalchemy.generators.vocab import WeightedIndex

__all__ = ["CompanyName", "MoneyBrl", "ProductName"]


I64 = npt.NDArray[np.int64]


class MoneyParams(Params):
    min: Decimal = Field(Decimal("10.00"), ge=-(10**12), le=10**12, description="Lowest amount.")
    max: Decimal = Field(Decimal("10000.00"), ge=-(10**12), le=10**12, description="Highest.")

    @model_validator(mode="after")
    def _ordered(self) -> MoneyParams:
        if _cents(self.min, ROUND_CEILING) > _cents(self.max, ROUND_FLOOR):
            raise ValueError("min must not exceed max (and the range must hold a whole cent)")
        return self


def _cents(value: Decimal, rounding: str) -> int:
    return int((value * 100).to_integral_value(rounding=rounding))


@register
class MoneyBrl(BrGenerator):
    """Amount in reais, uniform in [min, max] with cents: ``decimal128(38, 2)``."""

    id = "semantic.br.money.brl"
    summary = "Amount in BRL (decimal, 2 places), uniform in [min, max]."
    params_model = MoneyParams
    output = TypeFamily.DECIMAL
    fits = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})
    locales = None

    def _bounds(self, params: MoneyParams) -> tuple[int, int]:
        return _cents(params.min, ROUND_CEILING), _cents(params.max, ROUND_FLOOR)

    def generate(self, ctx: GenContext, params: MoneyParams, rows: Rows) -> pa.Array:
        lo, hi = self._bounds(params)
        return decimals_from_unscaled(ctx.stream(self.id, params).integers(rows, lo, hi), 2)

    def value_space(self, ctx: GenContext, params: MoneyParams) -> int:
        lo, hi = self._bounds(params)
        return hi - lo + 1

    def from_index(self, ctx: GenContext, params: MoneyParams, idx: Any) -> pa.Array:
        return decimals_from_unscaled(self._bounds(params)[0] + as_i64(idx), 2)


class CompanyParams(Params):
    legal_suffix: bool = Field(
        True, description="End with the legal form (Ltda, S.A., ME, EPP, EIRELI)."
    )


@dataclass(frozen=True)
class _Companies:
    prefix: pa.Array
    activity: pa.Array  # " Engenharia" ... plus "" (none) at the end
    legal: pa.Array
    legal_dist: WeightedIndex
    max_len: int


@cache
def _companies() -> _Companies:
    prefix = assets.words("pt_BR", "companies_prefix.txt")
    activity = [" " + a for a in assets.words("pt_BR", "companies_suffix.txt")] + [""]
    forms = assets.rows("pt_BR", "company_legal_forms.tsv")
    legal = [(" " + form, float(weight)) for form, weight in forms]
    max_len = max_chars(prefix) + max_chars(activity) + max(len(s) for s, _ in legal)
    return _Companies(
        vocabulary(prefix),
        vocabulary(activity),
        vocabulary([s for s, _ in legal]),
        WeightedIndex.of([w for _, w in legal]),
        max_len,
    )


@register
class CompanyName(BrGenerator):
    """Company name. Example: ``Horizonte Engenharia e Construções Ltda``."""

    id = "semantic.br.company.name"
    summary = "Brazilian company name: distinctive part, line of business, legal form."
    params_model = CompanyParams

    def _render(self, params: CompanyParams, prefix: I64, activity: I64, legal: I64) -> pa.Array:
        c = _companies()
        parts: list[pa.Array | str] = [take(c.prefix, prefix), take(c.activity, activity)]
        if params.legal_suffix:
            parts.append(take(c.legal, legal))
        return join(parts)

    def generate(self, ctx: GenContext, params: CompanyParams, rows: Rows) -> pa.Array:
        c = _companies()
        s = ctx.stream(self.id, params)
        prefix = s.sub("prefix").choice(rows, len(c.prefix))
        # One in five names has no line of business ("Alvorada Ltda").
        activity = s.sub("activity").choice(rows, len(c.activity) - 1)
        activity = np.where(s.sub("bare").bernoulli(rows, 0.2), len(c.activity) - 1, activity)
        return self._render(params, prefix, activity, c.legal_dist.draw(s.sub("legal"), rows))

    def value_space(self, ctx: GenContext, params: CompanyParams) -> int:
        c = _companies()
        return len(c.prefix) * len(c.activity) * (len(c.legal) if params.legal_suffix else 1)

    def from_index(self, ctx: GenContext, params: CompanyParams, idx: Any) -> pa.Array:
        c = _companies()
        i = as_i64(idx)
        prefix, rest = i % len(c.prefix), i // len(c.prefix)
        activity, legal = rest % len(c.activity), rest // len(c.activity)
        return self._render(params, prefix, activity, legal)

    def _length_bounds(self, params: CompanyParams) -> tuple[int, int]:
        return 3, _companies().max_len


@cache
def _products() -> pa.Array:
    return vocabulary(assets.words("pt_BR", "products.tsv"))


@register
class ProductName(BrGenerator):
    """Product name from a catalogue of everyday goods. Example: ``Café Torrado e Moído 500g``."""

    id = "semantic.br.product.name"
    summary = "Product name (groceries, electronics, home, clothing, ...)."
    params_model = NoParams

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        names = _products()
        return take(names, ctx.stream(self.id, params).choice(rows, len(names)))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return len(assets.words("pt_BR", "products.tsv"))

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(_products(), as_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 4, max_chars(assets.words("pt_BR", "products.tsv"))
