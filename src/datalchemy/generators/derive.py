"""``derive.*``: values computed from other columns of the same row or of the parent row.

Derives read ``ctx.inputs`` (same-row columns, aligned with ``rows``) and ``ctx.parent`` (parent-row
columns through an FK, aligned with ``rows``). They never draw from another column's stream, so a
derive's value depends only on its inputs, its own stream and the row index.

Input declaration (the engine's contract with this module)
-----------------------------------------------------------
Every derive is a :class:`Derive` and answers three questions from its params alone:

- ``inputs(params) -> list[str]``: the same-row columns it reads. The engine generates (and
  transforms) them first and puts them in ``ctx.inputs``; a cycle is a plan error. For the original
  IDs this is ``params.input_columns``; ``derive.template`` and ``derive.expression`` return the
  column names their template or expression mentions.
- ``parent_refs(params) -> list[ParentRef]``: parent columns read through ``ctx.parent`` (only
  ``derive.parent_value``): the local FK column, the parent ``schema.table`` and the parent column.
- ``distinct_per_row(params) -> bool``: whether distinct row indices always give distinct values
  (``derive.email_from_name`` with ``unique: true``), so a UNIQUE column can use it without a
  value space.

``is_derive(gen)`` tells derives from other generators.

Example:
    >>> import numpy as np, pyarrow as pa
    >>> gen = Concat()
    >>> p = gen.parse_params({"input_columns": ["nome", "sobrenome"]})
    >>> gen.inputs(p)
    ['nome', 'sobrenome']
    >>> ctx = GenContext.for_column(seed=1, table="crm.contatos", column="nome_completo",
    ...     inputs={"nome": pa.array(["Ana", "Rui"]), "sobrenome": pa.array(["Lima", None])})
    >>> gen.generate(ctx, p, np.arange(2)).to_pylist()
    ['Ana Lima', 'Rui']
"""

from __future__ import annotations

import ast
import string
from abc import abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import decimals_from_unscaled, int_strings, join
from datalchemy.generators.base import (
    ALL_FAMILIES,
    TEXTUAL,
    GenContext,
    Generator,
    Params,
    Rows,
)
from datalchemy.generators.registry import register
from datalchemy.generators.transforms import permute_within_digit_count

__all__ = [
    "Age",
    "Coalesce",
    "Concat",
    "Copy",
    "Derive",
    "EmailFromName",
    "EndAfterStart",
    "Expression",
    "Fk",
    "MapValues",
    "MoneyTotal",
    "ParentRef",
    "ParentValue",
    "Template",
    "UpdatedAfterCreated",
    "is_derive",
    "sanitize_local_part",
]

DP = TypeVar("DP", bound=Params)
I64 = npt.NDArray[np.int64]
Scalar = StrictStr | StrictInt | StrictFloat | StrictBool

_US_PER_S = 1_000_000
_US_PER_DAY = 86_400 * _US_PER_S
_MAX_TIME_US = _US_PER_DAY - 1
#: Offsets are bounded to a century so that timestamp arithmetic cannot overflow.
_MAX_DAYS = 36_500
_MAX_SECONDS = _MAX_DAYS * 86_400


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


def _where(ctx: GenContext) -> str:
    return f"{ctx.table}.{ctx.column}"


def _input(ctx: GenContext, name: str, gen_id: str, rows: Rows) -> pa.Array:
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
            path=_where(ctx),
            hint="check input_columns, or that the column exists in the same table",
        ) from None
    return _aligned(value, rows, f"input column {name!r}", ctx)


def _aligned(value: pa.Array | pa.ChunkedArray, rows: Rows, what: str, ctx: GenContext) -> pa.Array:
    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    if len(value) != rows.shape[0]:
        raise GenerationError(
            "derive_input_misaligned",
            f"{what} has {len(value)} values for {rows.shape[0]} rows",
            path=_where(ctx),
            hint="inputs must be aligned with the rows being generated",
        )
    return value


def _text(values: pa.Array) -> pa.Array:
    """Values as ``string`` (booleans as ``true``/``false``, dates ISO)."""
    if pa.types.is_string(values.type):
        return values
    if pa.types.is_large_string(values.type) or pa.types.is_dictionary(values.type):
        return values.cast(pa.string())
    return pc.cast(values, pa.string())


def _nulls_as(values: pa.Array, null_mask: npt.NDArray[np.bool_] | None) -> pa.Array:
    if null_mask is None or not null_mask.any():
        return values
    return pc.if_else(pa.array(null_mask), pa.scalar(None, values.type), values)


def _null_mask(values: pa.Array) -> npt.NDArray[np.bool_] | None:
    if values.null_count == 0:
        return None
    return np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)


# --------------------------------------------------------------------------------------------
# Temporal offsets (shared by the *_after_* derives and parent_value)
# --------------------------------------------------------------------------------------------


def _temporal_ints(values: pa.Array) -> tuple[str, I64, npt.NDArray[np.bool_] | None, Any]:
    """(kind, integers, null mask, tz): timestamps and times in µs rounded UP, dates in days."""
    t = values.type
    mask = _null_mask(values)
    if pa.types.is_timestamp(t) or pa.types.is_time(t):
        kind = "timestamp" if pa.types.is_timestamp(t) else "time"
        width = pa.int64() if t.bit_width == 64 else pa.int32()
        raw = values.view(width).fill_null(0).to_numpy().astype(np.int64)
        unit = t.unit
        if unit == "s":
            raw = raw * _US_PER_S
        elif unit == "ms":
            raw = raw * 1000
        elif unit == "ns":  # NOTE: ceiling, so the result is never before a ns-precision input
            raw = -((-raw) // 1000)
        tz = getattr(t, "tz", None)
        return kind, raw, mask, tz
    if pa.types.is_date32(t):
        return "date", values.view(pa.int32()).fill_null(0).to_numpy().astype(np.int64), mask, None
    if pa.types.is_date64(t):
        ms = values.view(pa.int64()).fill_null(0).to_numpy()
        return "date", np.floor_divide(ms, 86_400_000).astype(np.int64), mask, None
    raise TypeError(str(t))


def _temporal_array(kind: str, ints: I64, mask: npt.NDArray[np.bool_] | None, tz: Any) -> pa.Array:
    if kind == "date":
        return pa.array(ints.astype(np.int32), mask=mask).view(pa.date32())
    typ = pa.time64("us") if kind == "time" else pa.timestamp("us", tz="UTC" if tz else None)
    return pa.array(ints, mask=mask).view(typ)


def _shift(
    values: pa.Array,
    stream: Stream,
    rows: Rows,
    *,
    seconds: tuple[int, int],
    days: tuple[int, int],
    where: str,
    gen_id: str,
) -> pa.Array:
    """Add a uniform offset: ``seconds`` (µs resolution) to timestamps and times, ``days`` to dates.

    Times are clamped into the day (``00:00:00`` to ``23:59:59.999999``). NULL stays NULL.
    """
    try:
        kind, ints, mask, tz = _temporal_ints(values)
    except TypeError:
        raise GenerationError(
            "derive_input_type",
            f"{gen_id} needs a date, time or timestamp input, got {values.type}",
            path=where,
        ) from None
    if kind == "date":
        out = ints + stream.integers(rows, days[0], days[1])
    else:
        out = ints + stream.integers(rows, seconds[0] * _US_PER_S, seconds[1] * _US_PER_S)
        if kind == "time":
            out = np.clip(out, 0, _MAX_TIME_US)
    return _temporal_array(kind, out, mask, tz)


# --------------------------------------------------------------------------------------------
# Original derives
# --------------------------------------------------------------------------------------------


class EmailParams(InputParams):
    domain: str = Field(
        "example.com",
        pattern=r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$",
        description="Domain after the `@`.",
    )
    unique: bool = Field(
        True,
        description="Append a numeric token that is distinct for every row (UNIQUE-safe); "
        "false gives `first.last@domain` as the original did.",
    )


def sanitize_local_part(values: pa.Array) -> pa.Array:
    """Text → e-mail local part: accents folded, lower case, runs of spaces / ``-`` / ``_`` / ``.``
    to one ``.``, other characters dropped, no leading or trailing dot (NULL stays NULL).

    The work runs on the distinct values only (dictionary encoding), then is taken back per row.

    Example:
        >>> sanitize_local_part(pa.array(["João  da Silva", "O'Neil-Ávila", None])).to_pylist()
        ['joao.da.silva', 'oneil.avila', None]
    """
    encoded = pc.dictionary_encode(_text(values))
    s = encoded.dictionary
    s = pc.utf8_normalize(s, "NFKD")
    s = pc.replace_substring_regex(s, r"\p{M}+", "")
    s = pc.utf8_lower(s)
    s = pc.replace_substring_regex(s, r"[\s\-_.]+", ".")
    s = pc.replace_substring_regex(s, r"[^a-z0-9.]+", "")
    s = pc.replace_substring_regex(s, r"\.{2,}", ".")
    s = pc.utf8_trim(s, ".")
    return pc.take(s, encoded.indices)


@register
class EmailFromName(Derive[EmailParams]):
    """``ana.souza4821@example.com`` from name columns (accents folded, ASCII, lower case).

    Value space: with ``unique: true`` (default) the local part ends with a token that is a keyed
    permutation of the row index within its digit count (row 0-9 → a 1-digit token, 10-99 → 2
    digits, ...), separated by ``.`` when the name part ends in a digit. The token can be read
    back from the right end of the local part, so distinct rows always give distinct e-mails, for
    any number of rows and whatever the names (``distinct_per_row`` is true). With ``unique:
    false`` the e-mail is ``first.last@domain`` (the original's output) and may repeat. An empty
    name gives ``user<token>`` (``user<row+1>`` without the token).
    """

    id = "derive.email_from_name"
    summary = "E-mail built from name columns (ASCII-folded), with a per-row unique token."
    params_model = EmailParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    pii = frozenset({"pii.email"})

    def inputs(self, params: EmailParams) -> list[str]:
        return list(params.input_columns)

    def distinct_per_row(self, params: EmailParams) -> bool:
        return params.unique

    def generate(self, ctx: GenContext, params: EmailParams, rows: Rows) -> pa.Array:
        parts = [
            sanitize_local_part(_input(ctx, c, self.id, rows)).fill_null("")
            for c in params.input_columns
        ]
        local = parts[0] if len(parts) == 1 else join(parts, ".")
        if len(parts) > 1:  # empty parts leave stray dots behind
            local = pc.utf8_trim(pc.replace_substring_regex(local, r"\.{2,}", "."), ".")
        local = pc.utf8_trim(pc.utf8_slice_codeunits(local, 0, 40), ".")
        empty = pc.equal(pc.binary_length(local), 0)
        local = pc.if_else(empty, pa.scalar("user"), local)
        if params.unique:
            # NOTE: the same permutation in every retry round, so retried rows cannot collide
            # with rows kept from an earlier round.
            key = ctx.with_attempt(0).stream(self.id, params, "token").key
            token = int_strings(permute_within_digit_count(rows.astype(np.uint64), key))
            sep = pc.if_else(pc.match_substring_regex(local, r"[0-9]$"), ".", "")
            return join([local, sep, token, "@" + params.domain])
        fallback = join(["user", int_strings(rows + 1)])
        return join([pc.if_else(empty, fallback, local), "@" + params.domain])


class AfterParams(InputParams):
    min_seconds: int = Field(0, ge=0, le=_MAX_SECONDS, description="Smallest offset (s).")
    max_seconds: int | None = Field(
        None,
        ge=0,
        le=_MAX_SECONDS,
        description="Largest offset (s) for timestamps (added to max_days) and times "
        "(default: 86400 for timestamps, 3600 for times).",
    )
    min_days: int = Field(0, ge=0, le=_MAX_DAYS, description="Smallest offset in days.")
    max_days: int | None = Field(
        None,
        ge=0,
        le=_MAX_DAYS,
        description="Largest offset in days for dates (default 30) and timestamps.",
    )

    def timestamp_window(self) -> tuple[int, int]:
        """Offset range in seconds for timestamps: days and seconds add up."""
        lo = self.min_days * 86_400 + self.min_seconds
        if self.max_seconds is None and self.max_days is None:
            return lo, max(lo, 86_400)
        return lo, (self.max_days or 0) * 86_400 + (self.max_seconds or 0)

    def time_window(self) -> tuple[int, int]:
        hi = 3600 if self.max_seconds is None else self.max_seconds
        return self.min_seconds, max(hi, self.min_seconds) if self.max_seconds is None else hi

    def date_window(self) -> tuple[int, int]:
        hi = 30 if self.max_days is None else self.max_days
        return self.min_days, max(hi, self.min_days) if self.max_days is None else hi

    @model_validator(mode="after")
    def _order(self) -> AfterParams:
        for name, (lo, hi) in (
            ("timestamp", self.timestamp_window()),
            ("time", self.time_window()),
            ("date", self.date_window()),
        ):
            if lo > hi:
                raise ValueError(f"the minimum offset is above the maximum (for {name} inputs)")
        return self


class _After(Derive[AfterParams]):
    """Input column 0 plus a uniform offset: the result is never before the input, to the µs."""

    params_model = AfterParams
    output = TypeFamily.TIMESTAMP
    fits = frozenset(
        {TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ, TypeFamily.DATE, TypeFamily.TIME}
    )

    def inputs(self, params: AfterParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: AfterParams, rows: Rows) -> pa.Array:
        start = _input(ctx, params.input_columns[0], self.id, rows)
        seconds = (
            params.time_window() if pa.types.is_time(start.type) else params.timestamp_window()
        )
        return _shift(
            start,
            ctx.stream(self.id, params),
            rows,
            seconds=seconds,
            days=params.date_window(),
            where=_where(ctx),
            gen_id=self.id,
        )


@register
class UpdatedAfterCreated(_After):
    """``updated_at`` on or after ``created_at`` (default: up to 1 day later; dates 30 days)."""

    id = "derive.updated_after_created"
    summary = "A timestamp/date/time on or after input_columns[0] (offset within min..max)."


@register
class EndAfterStart(_After):
    """``end`` on or after ``start`` (same offsets as ``derive.updated_after_created``)."""

    id = "derive.end_after_start"
    summary = "An end date/time on or after the start in input_columns[0]."


class MoneyTotalParams(InputParams):
    input_columns: list[str] = Field(
        ..., min_length=2, max_length=3, description="[price, quantity] or [price, qty, discount]."
    )
    discount: Literal["amount", "percent"] = Field(
        "amount", description="Whether the discount column is an amount or a percentage (0-100)."
    )
    scale: int = Field(2, ge=0, le=18, description="Decimal places of the total.")


def _as_decimal(values: pa.Array, name: str, where: str) -> pa.Array:
    """An exact decimal array with the smallest precision that holds the values."""
    t = values.type
    if pa.types.is_integer(t):
        values = values.cast(pa.decimal128(20, 0))
    elif pa.types.is_floating(t):
        values = pc.cast(values, pa.decimal128(38, 6))  # floats: to the micro-unit
    elif not pa.types.is_decimal(t):
        raise GenerationError(
            "derive_input_type",
            f"derive.money_total needs numeric inputs; {name!r} is {t}",
            path=where,
        )
    scale = values.type.scale
    biggest = pc.max(pc.abs(values)).as_py()
    digits = len(str(int(biggest))) if biggest is not None else 1
    return values.cast(pa.decimal128(min(38, max(1, digits + max(scale, 0))), scale))


def _widen(values: pa.Array, precision: int) -> pa.Array:
    t = values.type
    if precision > 38 and not pa.types.is_decimal256(t):
        return values.cast(pa.decimal256(t.precision, t.scale))
    return values


def _mul(a: pa.Array, b: pa.Array) -> pa.Array:
    p = a.type.precision + b.type.precision + 1
    return pc.multiply(_widen(a, p), _widen(b, p))


@register
class MoneyTotal(Derive[MoneyTotalParams]):
    """``price * quantity - discount`` in exact decimal arithmetic, rounded half away from zero
    to ``scale`` places (``discount: percent`` gives ``price * qty * (100 - pct) / 100``).

    A NULL price or quantity gives NULL; a NULL discount counts as no discount.
    """

    id = "derive.money_total"
    summary = "price * quantity - discount (amount or percent), exact decimal."
    params_model = MoneyTotalParams
    output = TypeFamily.DECIMAL
    fits = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})

    def inputs(self, params: MoneyTotalParams) -> list[str]:
        return list(params.input_columns)

    def generate(self, ctx: GenContext, params: MoneyTotalParams, rows: Rows) -> pa.Array:
        where = _where(ctx)
        cols = [_as_decimal(_input(ctx, c, self.id, rows), c, where) for c in params.input_columns]
        try:
            total = _mul(cols[0], cols[1])
            if len(cols) == 3:
                disc = pc.coalesce(cols[2], pa.scalar(Decimal(0), cols[2].type))
                if params.discount == "percent":
                    factor = pc.subtract(pa.scalar(Decimal(100), pa.decimal128(3, 0)), disc)
                    total = _shift_scale(_mul(total, factor), 2)
                else:
                    p = max(total.type.precision, disc.type.precision) + 1
                    total = pc.subtract(_widen(total, p), _widen(disc, p))
            if total.type.scale > params.scale:
                total = pc.round(total, params.scale, round_mode="half_towards_infinity")
            return total.cast(pa.decimal128(38, params.scale))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise GenerationError(
                "derive_overflow",
                f"derive.money_total cannot compute the total exactly: {exc}",
                path=where,
                hint="check the magnitude of the inputs and the scale",
            ) from None


def _shift_scale(values: pa.Array, k: int) -> pa.Array:
    """Divide a decimal array by ``10**k`` exactly by reinterpreting its scale."""
    t = values.type
    p = t.precision + k
    typ = pa.decimal128(p, t.scale + k) if p <= 38 else pa.decimal256(p, t.scale + k)
    if p > 38 and pa.types.is_decimal128(t):
        values = values.cast(pa.decimal256(t.precision, t.scale))
    return pa.Array.from_buffers(typ, len(values), values.buffers(), offset=values.offset)


class FkParams(Params):
    input_columns: list[str] | None = Field(
        None, description="Ignored (accepted for old plans); the engine resolves the FK."
    )


@register
class Fk(Derive[FkParams]):
    """The FK value the engine assigned to this column (alias kept for old plans).

    The engine picks the parent row and places the referenced value in ``ctx.inputs[column]``.
    """

    id = "derive.fk"
    summary = "Foreign-key value resolved by the engine (kept for 0.2 plans)."
    params_model = FkParams

    def inputs(self, params: FkParams) -> list[str]:
        return []

    def generate(self, ctx: GenContext, params: FkParams, rows: Rows) -> pa.Array:
        if ctx.column not in ctx.inputs:
            raise GenerationError(
                "fk_not_resolved",
                f"derive.fk on {_where(ctx)}: the column is not part of a resolved foreign key",
                path=_where(ctx),
                hint="use derive.fk only on a foreign-key column whose parent table is generated",
            )
        return _input(ctx, ctx.column, self.id, rows)


class ParentValueParams(InputParams):
    parent_schema: str = Field(..., min_length=1, description="Schema of the parent table.")
    parent_table: str = Field(..., min_length=1, description="Parent table.")
    parent_column: str = Field(..., min_length=1, description="Parent column to copy.")
    min_offset_days: int = Field(0, ge=-_MAX_DAYS, le=_MAX_DAYS, description="Date offset (min).")
    max_offset_days: int = Field(0, ge=-_MAX_DAYS, le=_MAX_DAYS, description="Date offset (max).")
    min_offset_seconds: int = Field(
        0, ge=-_MAX_SECONDS, le=_MAX_SECONDS, description="Offset in seconds (min)."
    )
    max_offset_seconds: int = Field(
        0, ge=-_MAX_SECONDS, le=_MAX_SECONDS, description="Offset in seconds (max)."
    )

    @model_validator(mode="after")
    def _order(self) -> ParentValueParams:
        if self.min_offset_days > self.max_offset_days:
            raise ValueError("min_offset_days must be <= max_offset_days")
        if self._seconds()[0] > self._seconds()[1]:
            raise ValueError("the minimum offset is above the maximum")
        return self

    def _seconds(self) -> tuple[int, int]:
        return (
            self.min_offset_days * 86_400 + self.min_offset_seconds,
            self.max_offset_days * 86_400 + self.max_offset_seconds,
        )

    def has_offset(self) -> bool:
        return any(
            (
                self.min_offset_days,
                self.max_offset_days,
                self.min_offset_seconds,
                self.max_offset_seconds,
            )
        )


@register
class ParentValue(Derive[ParentValueParams]):
    """A column of the parent row (through the FK containing ``input_columns[0]``).

    Optional offsets move temporal values: e.g. ``min_offset_days: 0, max_offset_days: 15`` makes
    an invoice date on or after its quotation's date. Timestamps and times get
    ``days * 86400 + seconds``; dates get the days only.
    """

    id = "derive.parent_value"
    summary = "Copy a parent-row column through a FK (optionally offset in time)."
    params_model = ParentValueParams

    def inputs(self, params: ParentValueParams) -> list[str]:
        return [params.input_columns[0]]

    def parent_refs(self, params: ParentValueParams) -> list[ParentRef]:
        table = f"{params.parent_schema}.{params.parent_table}"
        return [ParentRef(params.input_columns[0], table, params.parent_column)]

    def generate(self, ctx: GenContext, params: ParentValueParams, rows: Rows) -> pa.Array:
        if ctx.parent is None:
            raise GenerationError(
                "parent_not_available",
                f"derive.parent_value on {_where(ctx)} has no parent lookup",
                path=_where(ctx),
                hint="the FK through input_columns[0] must point to a generated table",
            )
        values = _aligned(
            ctx.parent(params.input_columns[0], params.parent_column),
            rows,
            "the parent lookup",
            ctx,
        )
        if not params.has_offset():
            return values
        return _shift(
            values,
            ctx.stream(self.id, params),
            rows,
            seconds=params._seconds(),
            days=(params.min_offset_days, params.max_offset_days),
            where=_where(ctx),
            gen_id=self.id,
        )


# --------------------------------------------------------------------------------------------
# New derives
# --------------------------------------------------------------------------------------------


def _template_parts(template: str) -> list[tuple[str, str | None]]:
    """(literal, field) pairs of a ``{column}`` template; ``{{`` / ``}}`` are literal braces."""
    out: list[tuple[str, str | None]] = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        if field is not None:
            if not field:
                raise ValueError("empty {} in template: name a column, e.g. {nome}")
            if spec or conversion:
                raise ValueError(f"{{{field}}}: format specs and conversions are not supported")
        out.append((literal, field))
    return out


class TemplateParams(Params):
    template: str = Field(
        ..., min_length=1, description='Text with `{column}` fields, e.g. "{nome} <{email}>".'
    )
    null_as: str | None = Field(
        None, description="Text for a NULL field; default: a NULL field gives NULL."
    )
    input_columns: list[str] | None = Field(
        None, description="Optional; the template's fields are the inputs."
    )

    @model_validator(mode="after")
    def _parse(self) -> TemplateParams:
        _template_parts(self.template)
        return self


@register
class Template(Derive[TemplateParams]):
    """Same-row columns poured into a template: ``"{nome} <{email}>"`` → ``Ana <ana@x.com>``."""

    id = "derive.template"
    summary = "Text from a template over same-row columns: `{nome} <{email}>`."
    params_model = TemplateParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def inputs(self, params: TemplateParams) -> list[str]:
        fields = [f for _, f in _template_parts(params.template) if f is not None]
        return list(dict.fromkeys(fields))

    def generate(self, ctx: GenContext, params: TemplateParams, rows: Rows) -> pa.Array:
        pieces: list[pa.Array | str] = []
        for literal, field in _template_parts(params.template):
            if literal:
                pieces.append(literal)
            if field is not None:
                col = _text(_input(ctx, field, self.id, rows))
                pieces.append(col if params.null_as is None else col.fill_null(params.null_as))
        if all(isinstance(p, str) for p in pieces):
            text = pa.array(["".join(map(str, pieces))], pa.string())
            return pc.take(text, pa.array(np.zeros(rows.shape[0], dtype=np.int64)))
        return join(pieces)


class ConcatParams(InputParams):
    separator: str = Field(" ", description="Text between the values.")
    skip_nulls: bool = Field(
        True, description="Leave NULL values out (all NULL gives NULL); false: any NULL gives NULL."
    )


@register
class Concat(Derive[ConcatParams]):
    """Columns joined with a separator, NULLs skipped (``Ana`` + ``Lima`` → ``Ana Lima``)."""

    id = "derive.concat"
    summary = "Same-row columns joined with a separator (NULLs skipped)."
    params_model = ConcatParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def inputs(self, params: ConcatParams) -> list[str]:
        return list(params.input_columns)

    def generate(self, ctx: GenContext, params: ConcatParams, rows: Rows) -> pa.Array:
        cols = [_text(_input(ctx, c, self.id, rows)) for c in params.input_columns]
        if not params.skip_nulls:
            return join(cols, params.separator)
        # NOTE: binary_join_element_wise(null_handling="skip") drops all-NULL rows in pyarrow 26,
        # so the skip is done by hand.
        out = cols[0]
        for col in cols[1:]:
            both = join([out, params.separator, col])
            out = pc.if_else(pc.is_null(col), out, pc.if_else(pc.is_null(out), col, both))
        return out


# ---- expression ---------------------------------------------------------------------------

_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}


def parse_expression(text: str) -> tuple[ast.expr, list[str]]:
    """Parse a safe arithmetic expression; return its tree and the column names it uses.

    Allowed: numbers, column names, ``+ - * / // % **``, unary ``+``/``-`` and parentheses.

    Raises:
        ValueError: naming the first construct that is not allowed.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"not a valid expression: {exc.msg}") from None
    names: list[str] = []

    def check(node: ast.AST) -> None:
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise ValueError(f"operator {type(node.op).__name__} is not allowed")
            check(node.left)
            check(node.right)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.UAdd | ast.USub):
                raise ValueError(f"operator {type(node.op).__name__} is not allowed")
            check(node.operand)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ValueError(f"only numeric literals are allowed, not {node.value!r}")
        elif isinstance(node, ast.Name):
            if node.id.startswith("__"):
                raise ValueError(f"name {node.id!r} is not allowed")
            names.append(node.id)
        else:
            what = type(node).__name__
            raise ValueError(
                f"{what} is not allowed: use numbers, column names, + - * / // % ** and ()"
            )

    check(tree.body)
    return tree.body, list(dict.fromkeys(names))


class ExpressionParams(Params):
    expression: str = Field(
        ...,
        min_length=1,
        max_length=2000,
        description="Arithmetic over same-row numeric columns: `preco * quantidade - desconto`.",
    )
    result: Literal["auto", "float", "integer", "decimal"] = Field(
        "auto",
        description="Type of the result: auto (integer when the arithmetic stayed integer, else "
        "float), float, integer or decimal (integer and decimal round half to even).",
    )
    scale: int = Field(2, ge=0, le=9, description="Decimal places when result is decimal.")
    input_columns: list[str] | None = Field(
        None, description="Optional; the names in the expression are the inputs."
    )

    @model_validator(mode="after")
    def _parse(self) -> ExpressionParams:
        parse_expression(self.expression)
        return self


class _Evaluator:
    """Evaluates a checked expression tree on NumPy arrays; tracks rows that become NULL."""

    def __init__(self, env: dict[str, npt.NDArray[Any]], invalid: npt.NDArray[np.bool_]) -> None:
        self.env = env
        self.invalid = invalid

    def eval(self, node: ast.expr) -> Any:
        """The node's value: an array, or a NumPy scalar for literals."""
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, int) and -(2**63) <= v < 2**63:
                return np.int64(v)
            assert isinstance(v, int | float)
            return np.float64(float(v))
        if isinstance(node, ast.Name):
            return self.env[node.id]
        if isinstance(node, ast.UnaryOp):
            x = self.eval(node.operand)
            return -x if isinstance(node.op, ast.USub) else x
        assert isinstance(node, ast.BinOp)
        a, b = self.eval(node.left), self.eval(node.right)
        op = _BINOPS[type(node.op)]
        ints = np.asarray(a).dtype.kind == "i" and np.asarray(b).dtype.kind == "i"
        with np.errstate(all="ignore"):
            if op == "+":
                return np.add(a, b)
            if op == "-":
                return np.subtract(a, b)
            if op == "*":
                return np.multiply(a, b)
            if op == "/":
                return np.true_divide(a, b)
            if op == "**":
                return np.power(np.asarray(a, dtype=np.float64), b)
            if ints:  # integer // and %: x // 0 is NULL (NumPy would give 0)
                self.invalid |= np.broadcast_to(np.asarray(b) == 0, self.invalid.shape)
                safe = np.where(np.asarray(b) == 0, 1, b)
                return np.floor_divide(a, safe) if op == "//" else np.mod(a, safe)
            return np.floor_divide(a, b) if op == "//" else np.mod(a, b)


def _numeric(values: pa.Array, name: str, where: str) -> npt.NDArray[Any]:
    t = values.type
    if pa.types.is_integer(t):
        return np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return np.asarray(pc.cast(values, pa.float64()).fill_null(0.0).to_numpy(), dtype=np.float64)
    if pa.types.is_boolean(t):
        return np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    raise GenerationError(
        "derive_input_type",
        f"derive.expression needs numeric columns; {name!r} is {t}",
        path=where,
    )


@register
class Expression(Derive[ExpressionParams]):
    """Arithmetic over same-row numeric columns, e.g. ``preco * quantidade * (1 - desconto/100)``.

    The expression is parsed with :mod:`ast` and only numbers, column names, ``+ - * / // % **``,
    unary signs and parentheses are accepted (no calls, attributes, subscripts or dunder names).
    It is evaluated on NumPy arrays: integer columns with ``+ - * // %`` stay exact 64-bit
    integers (wrapping on overflow) and ``result: auto`` returns them as integers; anything with
    ``/``, ``**``, floats or decimals is computed in float64 (use ``derive.money_total`` for exact
    money). A NULL input, a division by zero or an infinite result gives NULL.
    """

    id = "derive.expression"
    summary = "Safe arithmetic over same-row numeric columns (+ - * / // % **)."
    params_model = ExpressionParams
    output = TypeFamily.FLOAT
    fits = frozenset({TypeFamily.FLOAT, TypeFamily.DECIMAL, TypeFamily.INTEGER, TypeFamily.MONEY})

    def inputs(self, params: ExpressionParams) -> list[str]:
        return parse_expression(params.expression)[1]

    def generate(self, ctx: GenContext, params: ExpressionParams, rows: Rows) -> pa.Array:
        tree, names = parse_expression(params.expression)
        n = rows.shape[0]
        invalid = np.zeros(n, dtype=np.bool_)
        env: dict[str, npt.NDArray[Any]] = {}
        for name in names:
            col = _input(ctx, name, self.id, rows)
            env[name] = _numeric(col, name, _where(ctx))
            mask = _null_mask(col)
            if mask is not None:
                invalid |= mask
        ev = _Evaluator(env, invalid)
        out = np.broadcast_to(np.asarray(ev.eval(tree)), (n,))
        invalid = ev.invalid
        if out.dtype.kind == "f":
            invalid = invalid | ~np.isfinite(out)
        if params.result == "auto" and out.dtype.kind == "i":
            return pa.array(out.astype(np.int64), mask=invalid if invalid.any() else None)
        if params.result in ("auto", "float"):
            return pa.array(out.astype(np.float64), mask=invalid if invalid.any() else None)
        with np.errstate(all="ignore"):
            if params.result == "integer":
                rounded = np.rint(out) if out.dtype.kind == "f" else out
                invalid = invalid | (np.abs(rounded) >= 2.0**63)
                ints = np.where(invalid, 0, rounded).astype(np.int64)
                return pa.array(ints, mask=invalid if invalid.any() else None)
            units = np.rint(out * 10**params.scale)
        invalid = invalid | (np.abs(units) >= 2.0**63)
        dec = decimals_from_unscaled(np.where(invalid, 0, units).astype(np.int64), params.scale)
        return _nulls_as(dec, invalid)


class AgeParams(InputParams):
    pass


@register
class Age(Derive[AgeParams]):
    """Age in whole years at ``ctx.base_date`` from a birth date (or timestamp) column.

    A birthday later in the year than ``base_date`` has not happened yet; 29 February counts as
    reached on 1 March in common years. Birth dates after ``base_date`` give 0; NULL gives NULL.
    """

    id = "derive.age"
    summary = "Age in whole years at base_date from a birth-date column."
    params_model = AgeParams
    output = TypeFamily.INTEGER
    fits = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT})

    def inputs(self, params: AgeParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: AgeParams, rows: Rows) -> pa.Array:
        born = _input(ctx, params.input_columns[0], self.id, rows)
        if not (pa.types.is_date(born.type) or pa.types.is_timestamp(born.type)):
            raise GenerationError(
                "derive_input_type",
                f"derive.age needs a date or timestamp column, got {born.type}",
                path=_where(ctx),
            )
        mask = _null_mask(born)

        def part(fn: Any) -> I64:
            return np.asarray(fn(born).fill_null(0).to_numpy(), dtype=np.int64)

        y, m, d = part(pc.year), part(pc.month), part(pc.day)
        base = ctx.base_date
        age = base.year - y - ((base.month * 100 + base.day) < (m * 100 + d))
        return pa.array(np.maximum(age, 0), mask=mask)


@register
class Copy(Derive[InputParams]):
    """The value of ``input_columns[0]`` in the same row."""

    id = "derive.copy"
    summary = "Copy of another column of the same row."
    params_model = InputParams

    def inputs(self, params: InputParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: InputParams, rows: Rows) -> pa.Array:
        return _input(ctx, params.input_columns[0], self.id, rows)


class CoalesceParams(InputParams):
    default: Scalar | None = Field(
        None, description="Value when every input is NULL (cast to the first input's type)."
    )


@register
class Coalesce(Derive[CoalesceParams]):
    """The first non-NULL of ``input_columns``, then ``default``."""

    id = "derive.coalesce"
    summary = "First non-NULL of the input columns, then an optional default."
    params_model = CoalesceParams

    def inputs(self, params: CoalesceParams) -> list[str]:
        return list(params.input_columns)

    def generate(self, ctx: GenContext, params: CoalesceParams, rows: Rows) -> pa.Array:
        cols = [_input(ctx, c, self.id, rows) for c in params.input_columns]
        typ = cols[0].type
        try:
            args: list[pa.Array | pa.Scalar] = [c if c.type == typ else c.cast(typ) for c in cols]
            if params.default is not None:
                args.append(pa.scalar(params.default).cast(typ))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise GenerationError(
                "derive_input_type",
                f"derive.coalesce: the inputs and default must share the type {typ}: {exc}",
                path=_where(ctx),
            ) from None
        return pc.coalesce(*args) if len(args) > 1 else args[0]


class MapParams(InputParams):
    mapping: dict[str, Scalar | None] = Field(
        ..., min_length=1, description='Input value (as text) → output value: {"M": "Masculino"}.'
    )
    default: Scalar | None = Field(None, description="Output for values not in the mapping.")
    unmapped: Literal["default", "keep"] = Field(
        "default", description="`default`: use `default`; `keep`: keep the input value."
    )


@register
class MapValues(Derive[MapParams]):
    """Value mapping: the input's text form looked up in ``mapping`` (NULL stays NULL)."""

    id = "derive.map"
    summary = "Map input values through a dictionary, with a default."
    params_model = MapParams

    def inputs(self, params: MapParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: MapParams, rows: Rows) -> pa.Array:
        raw = _input(ctx, params.input_columns[0], self.id, rows)
        key = _text(raw)
        values = list(params.mapping.values())
        if params.default is not None:
            values.append(params.default)
        try:
            out_values = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            out_values = pa.array([None if v is None else _json_text(v) for v in values])
        if params.unmapped == "keep" and not pa.types.is_string(out_values.type):
            out_values = pc.cast(out_values, pa.string())
        idx = pc.index_in(key, value_set=pa.array(list(params.mapping), pa.string()))
        out = pc.take(out_values, idx)
        missing = pc.and_(pc.is_null(idx), pc.is_valid(key))
        if params.unmapped == "keep":
            fill: pa.Array | pa.Scalar = key
        elif params.default is not None:
            fill = out_values[len(values) - 1]
        else:
            return out
        return pc.if_else(missing, fill, out)


def _json_text(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
