"""``semantic.product.*``: a product's name, its category and a price in its category's band.

The catalogue is ``assets/<lang>/products.tsv`` (name, category) and the price bands
``assets/<lang>/product_prices.tsv`` (median and log-spread per category): reais for Portuguese,
US dollars otherwise. Columns of one table that name the same ``group`` draw the same product in
each row, so a row reads ``Smartphone 128 GB | Electronics | 149.90`` and never
``Rice 5 lb | Electronics | 2,399.00``.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> def col(gen_id, column):
    ...     gen = get_generator(gen_id)
    ...     ctx = GenContext.for_column(seed=5, table="shop.products", column=column)
    ...     return gen.generate(ctx, gen.parse_params({"group": "p"}), np.arange(3)).to_pylist()
    >>> names, categories = col("semantic.product.name", "name"), col("semantic.product.category", "c")
    >>> from datalchemy.generators import assets
    >>> catalogue = dict(assets.rows("en", "products.tsv"))
    >>> [catalogue[n] for n in names] == categories
    True
"""  # noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.generators import assets
from datalchemy.generators._arrow import take, vocabulary
from datalchemy.generators.base import GenContext, Generator, Params, Rows, as_i64
from datalchemy.generators.fitted.output import column_numbers, inverse_normal
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import group_field, group_stream
from datalchemy.generators.text.templates import fit_length

__all__ = ["Catalogue", "ProductCategory", "ProductName", "ProductPrice", "catalogue"]

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Catalogue:
    """Products of one language with the index of their category and its price band."""

    name: pa.Array
    category: pa.Array  # category names
    category_of: I64  # per product
    median: npt.NDArray[np.float64]  # per category
    sigma: npt.NDArray[np.float64]  # per category
    longest_name: int
    longest_category: int


@cache
def catalogue(lang: str) -> Catalogue:
    """The catalogue of ``pt_BR`` or ``en``."""
    products = assets.rows(lang, "products.tsv")
    bands = {r[0]: (float(r[1]), float(r[2])) for r in assets.rows(lang, "product_prices.tsv")}
    names = sorted(bands)
    where = {c: i for i, c in enumerate(names)}
    return Catalogue(
        name=vocabulary([p[0] for p in products]),
        category=vocabulary(names),
        category_of=np.asarray([where[p[1]] for p in products], dtype=np.int64),
        median=np.asarray([bands[c][0] for c in names]),
        sigma=np.asarray([bands[c][1] for c in names]),
        longest_name=max(len(p[0]) for p in products),
        longest_category=max(len(c) for c in names),
    )


def _lang(ctx: GenContext) -> str:
    return "pt_BR" if ctx.locale.lower().startswith("pt") else "en"


class ProductParams(Params):
    group: str | None = group_field()


def _products(ctx: GenContext, gen_id: str, params: Params, group: str | None, rows: Rows) -> I64:
    stream: Stream = (
        group_stream(ctx, group).sub("product")
        if group is not None
        else ctx.stream(gen_id, params, "product")
    )
    return stream.choice(rows, len(catalogue(_lang(ctx)).name))


class _ProductText(Generator[ProductParams]):
    """Catalogue text, cut at a word boundary to fit a short column."""

    params_model = ProductParams


@register
class ProductName(_ProductText):
    """A product of the catalogue. Example: ``Café Torrado e Moído 500g``, ``Air Fryer 5 qt``."""

    id = "semantic.product.name"
    summary = "Product name from a catalogue (pt_BR or English), agreeing with its category."

    def generate(self, ctx: GenContext, params: ProductParams, rows: Rows) -> pa.Array:
        names = catalogue(_lang(ctx)).name
        picked = take(names, _products(ctx, self.id, params, params.group, rows))
        return fit_length(picked, ctx.facts.length)

    def value_space(self, ctx: GenContext, params: ProductParams) -> int | None:
        cat = catalogue(_lang(ctx))
        if ctx.facts.length is not None and ctx.facts.length < cat.longest_name:
            return None  # names are cut to fit, and cut names may repeat
        return len(cat.name)

    def from_index(self, ctx: GenContext, params: ProductParams, idx: npt.ArrayLike) -> pa.Array:
        # NOTE: whole names (never cut): cutting could make two distinct names equal.
        return take(catalogue(_lang(ctx)).name, as_i64(idx))


@register
class ProductCategory(_ProductText):
    """The category of the row's product. Example: ``Eletrônicos``, ``Home & Kitchen``."""

    id = "semantic.product.category"
    summary = "Product category (of the row's product when grouped)."

    def generate(self, ctx: GenContext, params: ProductParams, rows: Rows) -> pa.Array:
        cat = catalogue(_lang(ctx))
        products = _products(ctx, self.id, params, params.group, rows)
        return fit_length(take(cat.category, cat.category_of[products]), ctx.facts.length)


class PriceParams(ProductParams):
    min: float | None = Field(None, ge=0, description="Lowest price.")
    max: float | None = Field(None, gt=0, description="Highest price.")
    scale: int | None = Field(None, ge=0, le=6, description="Decimal places (default 2).")


@register
class ProductPrice(Generator[PriceParams]):
    """A price in the band of the row's product category (log-normal). Example: ``149.90``."""

    id = "semantic.product.price"
    summary = "Price in the band of the row's product category (log-normal, BRL or USD)."
    params_model = PriceParams
    output = TypeFamily.FLOAT  # decimals for decimal columns (see column_numbers)
    fits = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY, TypeFamily.INTEGER})

    def generate(self, ctx: GenContext, params: PriceParams, rows: Rows) -> pa.Array:
        cat = catalogue(_lang(ctx))
        which = cat.category_of[_products(ctx, self.id, params, params.group, rows)]
        z = inverse_normal(ctx.stream(self.id, params).uniform(rows))
        price = cat.median[which] * np.exp(cat.sigma[which] * np.clip(z, -2.5, 2.5))
        lo = params.min if params.min is not None else 0.5
        scale = params.scale if params.scale is not None else 2
        if scale >= 2:  # shop prices end in .90 / .99 more often than not
            cents = np.array([0.9, 0.99, 0.0, 0.5, 0.49])
            pick = ctx.stream(self.id, params, "cents").weighted(rows, [45, 25, 15, 10, 5])
            charm = np.floor(price) + cents[pick]
            price = np.where(price >= 3, charm, price)
        price = np.clip(price, lo, params.max if params.max is not None else np.inf)
        return column_numbers(price, ctx.facts, scale)
