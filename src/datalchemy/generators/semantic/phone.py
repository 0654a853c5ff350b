"""``semantic.person.phone`` and ``semantic.person.cell``: US numbers in en_US, and in pt_BR the
Brazilian numbers of :mod:`datalchemy.generators.semantic_br.phones` (its DDDs, numbering and
layouts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from datalchemy.determinism import Stream, U64Array
from datalchemy.generators import pii
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.semantic.alias import Alias, Build, Index, Kind, Space, declare
from datalchemy.generators.semantic.helpers import choose, digit_cols, fill, weighted
from datalchemy.generators.semantic.locale_data import LocaleData
from datalchemy.generators.semantic_br import phones as br_phones

__all__: list[str] = []


@dataclass(frozen=True)
class _PhonePlan:
    """Digits of a number (a function of idx) and the templates that lay them out."""

    templates: tuple[str, ...]  # '#' = next digit; templates[0] is the canonical one
    weights: tuple[float, ...]
    space: Callable[[], int]
    digits: Callable[[U64Array], U64Array]  # idx in [0, space) -> the number's digits as an int
    width: int


def _us_digits(idx: U64Array) -> U64Array:
    area = np.uint64(200) + idx % np.uint64(800)
    r = idx // np.uint64(800)
    exchange = np.uint64(200) + r % np.uint64(800)
    line = r // np.uint64(800)
    return (area * np.uint64(1000) + exchange) * np.uint64(10_000) + line


_BR_FORMATS = ("national", "international", "spaced")
_US_TEMPLATES = ("(###) ###-####", "###-###-####", "###.###.####", "+1-###-###-####")
_PHONES: dict[tuple[str, bool], _PhonePlan] = {
    ("en", False): _PhonePlan(
        (*_US_TEMPLATES, "###-###-####x###"),
        (0.3, 0.3, 0.15, 0.15, 0.1),
        lambda: 800 * 800 * 10_000,
        _us_digits,
        10,
    ),
    ("en", True): _PhonePlan(
        _US_TEMPLATES, (0.35, 0.35, 0.15, 0.15), lambda: 800 * 800 * 10_000, _us_digits, 10
    ),
    # pt_BR: the Brazilian phones of semantic_br.phones (its DDDs and layouts)
    ("pt", False): _PhonePlan(
        tuple(br_phones.LAYOUTS[f][1] for f in _BR_FORMATS),
        (0.5, 0.25, 0.25),
        lambda: br_phones.numbers_by_ddd_space(mobile=False),
        lambda idx: br_phones.numbers_by_ddd(idx, mobile=False),
        10,
    ),
    ("pt", True): _PhonePlan(
        tuple(br_phones.LAYOUTS[f][0] for f in _BR_FORMATS),
        (0.5, 0.25, 0.25),
        lambda: br_phones.numbers_by_ddd_space(mobile=True),
        lambda idx: br_phones.numbers_by_ddd(idx, mobile=True),
        11,
    ),
}


def _phone_plan(d: LocaleData, cell: bool) -> _PhonePlan:
    return _PHONES[("pt" if d.lang == "pt" else "en", cell)]


def _phone_build(cell: bool) -> Build:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        plan = _phone_plan(d, cell)
        number = plan.digits(s.words(rows) % np.uint64(plan.space()))
        cols = digit_cols(number, plan.width)
        ext = digit_cols(s.sub("ext").integers(rows, 100, 999), 3)
        arrays = [
            fill(t, cols + (ext if t.count("#") > plan.width else [])) for t in plan.templates
        ]
        return choose(weighted(s.sub("fmt"), rows, plan.weights), arrays)

    return build


def _phone_space(cell: bool) -> Space:
    return lambda d, ctx, p: _phone_plan(d, cell).space()


def _phone_index(cell: bool) -> Index:
    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        plan = _phone_plan(d, cell)
        return fill(plan.templates[0], digit_cols(plan.digits(idx), plan.width))

    return index


declare(
    __name__,
    [
        Alias(
            "semantic.person.phone",
            "faker.phone_number.raw.PhoneNumber",
            Kind(
                "A phone number ((11) 3456-7890 in pt_BR; (212) 555-0142 in en_US).",
                pii.PHONE,
                _phone_build(False),
                _phone_space(False),
                _phone_index(False),
            ),
        ),
        Alias(
            "semantic.person.cell",
            "faker.phone_number.raw.CellNumber",
            Kind(
                "A mobile number ((11) 98765-4321 in pt_BR).",
                pii.PHONE,
                _phone_build(True),
                _phone_space(True),
                _phone_index(True),
            ),
        ),
    ],
)
