"""``transform.format``: dates and times through strftime (natively for fixed-width directives),
or any value poured into a ``{value}`` template."""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    Field,
    model_validator,
)

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import join
from datalchemy.generators.base import (
    ColumnFacts,
    GenContext,
    Params,
    Rows,
    Transform,
)
from datalchemy.generators.fixed_text import FixedLayout, ascii_number, masked_number
from datalchemy.generators.registry import register_transform
from datalchemy.generators.transforms.common import constant, restore_nulls, text_of

__all__ = ["Format"]


class FormatParams(Params):
    format: str | None = Field(
        None, description="strftime format for date/time/timestamp values (`%d/%m/%Y`, `%f` = µs)."
    )
    template: str | None = Field(None, description="Text with `{value}` for the value.")

    @model_validator(mode="after")
    def _one(self) -> FormatParams:
        if (self.format is None) == (self.template is None):
            raise ValueError("give exactly one of format or template")
        return self


@register_transform
class Format(Transform[FormatParams]):
    """Dates and times to text with strftime (Python meaning: ``%S`` whole seconds, ``%f``
    microseconds), or any value poured into a ``{value}`` template."""

    id = "transform.format"
    summary = "strftime for dates/times (`format`) or a `{value}` template."
    params_model = FormatParams

    def apply(
        self, ctx: GenContext, params: FormatParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        if params.template is not None:
            pieces = params.template.split("{value}")
            if len(pieces) == 1:
                return constant(params.template, values)
            text = text_of(values, self.id, ctx)
            parts: list[pa.Array | str] = [pieces[0]]
            for piece in pieces[1:]:
                parts += [text, piece]
            return join([p for p in parts if not (isinstance(p, str) and p == "")])
        assert params.format is not None
        return _strftime(values, params.format, ctx)

    def check(self, params: FormatParams, facts: ColumnFacts) -> list[Issue]:
        if params.format is not None and facts.family is not None and facts.family not in TEMPORAL:
            return [
                Issue(
                    severity="error",
                    code="format_needs_temporal",
                    message=f"transform.format with `format` on a {facts.family} column",
                    hint="strftime formats apply to date, time and timestamp columns; "
                    "use `template` for others",
                )
            ]
        return []


TEMPORAL = frozenset(
    {TypeFamily.DATE, TypeFamily.TIME, TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ}
)


_US_PER_DAY = 86_400_000_000
#: strftime directives built natively (fixed-width digits); others go through Arrow's strftime.
_FAST_DIRECTIVES = {"Y": 4, "y": 2, "m": 2, "d": 2, "j": 3, "H": 2, "M": 2, "S": 2, "f": 6}
_DATE_DIRECTIVES = frozenset("Yymdj")


def _fast_tokens(fmt: str) -> list[tuple[str, str]] | None:
    """``fmt`` as (directive, "") and ("", literal) tokens, or None if it needs Arrow."""
    tokens: list[tuple[str, str]] = []
    literal: list[str] = []
    i = 0
    while i < len(fmt):
        if fmt[i] != "%":
            literal.append(fmt[i])
            i += 1
            continue
        code = fmt[i + 1] if i + 1 < len(fmt) else ""
        if code == "%":
            literal.append("%")
        elif code in _FAST_DIRECTIVES:
            if literal:
                tokens.append(("", "".join(literal)))
                literal = []
            tokens.append((code, ""))
        else:
            return None
        i += 2
    if literal:
        tokens.append(("", "".join(literal)))
    return tokens


def _fast_strftime(
    tokens: list[tuple[str, str]],
    n: int,
    days: npt.NDArray[np.int64] | None,
    us: npt.NDArray[np.int64],
) -> pa.Array | None:
    """Format from days since 1970 and µs of the day as fixed-width text (None: out of range)."""
    fields: dict[str, npt.NDArray[np.integer]] = {}
    if any(code in _DATE_DIRECTIVES for code, _ in tokens):
        if days is None:
            return None
        d = days.astype("datetime64[D]")
        year_start, month_start = d.astype("datetime64[Y]"), d.astype("datetime64[M]")
        year = year_start.astype(np.int64) + 1970
        if n and (year.min() < 0 or year.max() > 9999):
            return None
        fields["Y"], fields["y"] = year, year % 100
        fields["m"] = month_start.astype(np.int64) % 12 + 1
        fields["d"] = (d - month_start).astype(np.int64) + 1
        fields["j"] = (d - year_start).astype(np.int64) + 1
    fields["H"] = us // 3_600_000_000
    fields["M"] = us // 60_000_000 % 60
    fields["S"] = us // 1_000_000 % 60
    fields["f"] = us % 1_000_000
    codes = [code for code, _ in tokens if code]
    if not codes:  # literal text only
        text = "".join(literal for _, literal in tokens)
        return pc.take(pa.array([text], pa.string()), pa.array(np.zeros(n, dtype=np.int64)))
    digits = [ascii_number(fields[code], _FAST_DIRECTIVES[code]) for code in codes]
    return _layout(tuple(tokens)).render(digits)


@cache
def _layout(tokens: tuple[tuple[str, str], ...]) -> FixedLayout:
    """The fixed-width text of a format's tokens: literal text and directives' digits."""
    return FixedLayout.from_parts([_FAST_DIRECTIVES[code] if code else lit for code, lit in tokens])


def _strftime(values: pa.Array, fmt: str, ctx: GenContext) -> pa.Array:
    t = values.type
    if not (pa.types.is_timestamp(t) or pa.types.is_time(t) or pa.types.is_date(t)):
        raise GenerationError(
            "transform_type",
            f"transform.format with `format` needs a date, time or timestamp column, got {t}",
            path=ctx.where,
            hint="use `template` for other values",
        )
    n = len(values)
    tokens = _fast_tokens(fmt)
    days: npt.NDArray[np.int64] | None = None
    if pa.types.is_date(t):
        days = np.asarray(
            values.cast(pa.date32()).view(pa.int32()).fill_null(0).to_numpy(), np.int64
        )
        ints = of_day = np.zeros(n, dtype=np.int64)  # a date's time of day is 00:00:00
    elif pa.types.is_timestamp(t):
        wall = pc.local_timestamp(values) if t.tz not in (None, "UTC", "+00:00") else values
        us = wall.cast(pa.timestamp("us"), safe=False)
        ints = np.asarray(us.view(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
        days = np.floor_divide(ints, _US_PER_DAY)
        of_day = ints - days * _US_PER_DAY
    else:
        us = values.cast(pa.time64("us"), safe=False)
        ints = of_day = np.asarray(us.view(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    if tokens is not None:
        out = _fast_strftime(tokens, n, days, of_day)
        if out is not None:
            return restore_nulls(out, values)
    # Arrow's strftime: %S there carries the fraction, so format whole seconds and add %f.
    if pa.types.is_date(t):
        secs: pa.Array = values
    elif pa.types.is_timestamp(t):
        utc = values.cast(pa.timestamp("us", tz=t.tz), safe=False)
        ints = np.asarray(utc.view(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
        secs = pa.array(np.floor_divide(ints, 1_000_000)).view(pa.timestamp("s", tz=t.tz))
    else:
        secs = pa.array((ints // 1_000_000).astype(np.int32)).view(pa.time32("s"))
    pieces = fmt.split("%f")
    micro = masked_number(np.mod(ints, 1_000_000), "######")
    parts: list[pa.Array | str] = []
    for i, piece in enumerate(pieces):
        if i:
            parts.append(micro)
        if piece:
            parts.append(pc.strftime(secs, piece) if "%" in piece else piece)
    out = join(parts) if any(not isinstance(p, str) for p in parts) else constant(fmt, values)
    return restore_nulls(out, values)
