"""``transform.*``: whole-column rewrites applied after generation, in plan order.

Every transform takes the whole column (an Arrow array) and returns a new one of the same length,
using Arrow compute or NumPy over the raw buffers; none loops over rows in Python. NULL in gives
NULL out, except in ``transform.null_rate``, whose job is to make NULLs.

``transform.mask`` is the privacy tool (see ``docs/privacy_lgpd.md``):

- ``hash``: HMAC-SHA256 of the value's text with a secret ``salt`` (hex). The salt is a
  ``SecretStr``: it never appears in a dump of the params, a log or an error. Only the distinct
  values are hashed.
- ``redact``: ``***``.
- ``format_preserving``: e-mail ``a*****z@dominio.com``, CPF ``***.***.***-NN``, CNPJ
  ``**.***.***/****-NN``, phone ``(11) *****-4321`` (DDD and the last 4 digits kept); other text
  keeps its first and last character.
- ``keyed``: a keyed pseudorandom permutation. Text keeps its length and shape (digits stay
  digits, letters stay letters of the same case, punctuation stays) and integers keep their digit
  count, and distinct inputs always give distinct outputs, so UNIQUE columns stay unique (the
  original's masks collided).

Example:
    >>> import numpy as np
    >>> ctx = GenContext.for_column(seed=1, table="crm.contatos", column="email")
    >>> t = Mask()
    >>> p = t.parse_params({"mode": "format_preserving"})
    >>> t.apply(ctx, p, pa.array(["maria@x.com.br", None]), np.arange(2)).to_pylist()
    ['m***a@x.com.br', None]
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from numpy.lib.stride_tricks import sliding_window_view
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import FeistelPermutation, U64Array, derive_key
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import ascii_digits, join, strings_from_matrix
from datalchemy.generators.base import ColumnFacts, GenContext, Params, Rows, Transform
from datalchemy.generators.registry import register_transform

__all__ = [
    "Casing",
    "Format",
    "Mask",
    "NullRate",
    "PrefixSuffix",
    "Truncate",
    "WeightedChoice",
    "keyed_text_permutation",
    "permute_within_digit_count",
]

Bools = npt.NDArray[np.bool_]


def _where(ctx: GenContext) -> str:
    return f"{ctx.table}.{ctx.column}"


def _text(values: pa.Array, transform_id: str, ctx: GenContext) -> pa.Array:
    """The column as ``string``: text as is; numbers, booleans and temporals cast to their text."""
    t = values.type
    if pa.types.is_string(t):
        return values
    if pa.types.is_large_string(t) or pa.types.is_dictionary(t):
        return values.cast(pa.string())
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_nested(t):
        raise GenerationError(
            "transform_type",
            f"{transform_id} works on text values, not {t}",
            path=_where(ctx),
        )
    return pc.cast(values, pa.string())


def _null_mask(values: pa.Array) -> Bools | None:
    if values.null_count == 0:
        return None
    return np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)


def _restore_nulls(out: pa.Array, original: pa.Array) -> pa.Array:
    """``out`` with NULL wherever ``original`` is NULL."""
    if original.null_count == 0:
        return out
    return pc.if_else(pc.is_null(original), pa.scalar(None, out.type), out)


def _constant(text: str, like: pa.Array) -> pa.Array:
    """``text`` on every row of ``like``, NULL where ``like`` is NULL."""
    idx = pa.array(np.zeros(len(like), dtype=np.int64), mask=_null_mask(like))
    return pc.take(pa.array([text], pa.string()), idx)


# --------------------------------------------------------------------------------------------
# Simple transforms
# --------------------------------------------------------------------------------------------


class NullRateParams(Params):
    rate: float = Field(..., ge=0, le=1, description="Probability that a value becomes NULL.")


@register_transform
class NullRate(Transform[NullRateParams]):
    """Replace each value by NULL with probability ``rate`` (drawn per row, deterministic)."""

    id = "transform.null_rate"
    summary = "Replace values by NULL with probability `rate`."
    params_model = NullRateParams

    def apply(
        self, ctx: GenContext, params: NullRateParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        hit = ctx.stream(self.id, params).bernoulli(rows, params.rate)
        if not hit.any():
            return values
        return pc.if_else(pa.array(hit), pa.scalar(None, values.type), values)

    def check(self, params: NullRateParams, facts: ColumnFacts) -> list[Issue]:
        if params.rate > 0 and not facts.nullable:
            return [
                Issue(
                    severity="error",
                    code="null_rate_not_null",
                    message="transform.null_rate with rate > 0 on a NOT NULL column",
                    hint="remove the transform or make the column nullable",
                )
            ]
        return []


class TruncateParams(Params):
    max_len: int = Field(..., ge=0, description="Maximum length in characters (code points).")


@register_transform
class Truncate(Transform[TruncateParams]):
    """Keep the first ``max_len`` characters, never splitting a code point (``ação`` → ``aç``)."""

    id = "transform.truncate"
    summary = "Cut text to `max_len` characters (code points, never bytes)."
    params_model = TruncateParams

    def apply(
        self, ctx: GenContext, params: TruncateParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        return pc.utf8_slice_codeunits(_text(values, self.id, ctx), 0, params.max_len)


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
                return _constant(params.template, values)
            text = _text(values, self.id, ctx)
            parts: list[pa.Array | str] = [pieces[0]]
            for piece in pieces[1:]:
                parts += [text, piece]
            return join([p for p in parts if not (isinstance(p, str) and p == "")])
        assert params.format is not None
        return _strftime(values, params.format, ctx)

    def check(self, params: FormatParams, facts: ColumnFacts) -> list[Issue]:
        if params.format is not None and facts.family is not None and facts.family not in _TEMPORAL:
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


_TEMPORAL = frozenset(
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
    """Format from days since 1970 and µs of the day as an ASCII matrix (None: out of range)."""
    fields: dict[str, npt.NDArray[np.int64]] = {}
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
    columns: list[npt.NDArray[np.uint8]] = []
    for code, literal in tokens:
        if code:
            columns.append(ascii_digits(fields[code], _FAST_DIRECTIVES[code]))
        else:
            raw = np.frombuffer(literal.encode("utf-8"), dtype=np.uint8)
            columns.append(np.broadcast_to(raw, (n, raw.size)))
    if not columns:
        return pc.take(pa.array([""], pa.string()), pa.array(np.zeros(n, dtype=np.int64)))
    return strings_from_matrix(np.concatenate(columns, axis=1))


def _strftime(values: pa.Array, fmt: str, ctx: GenContext) -> pa.Array:
    t = values.type
    if not (pa.types.is_timestamp(t) or pa.types.is_time(t) or pa.types.is_date(t)):
        raise GenerationError(
            "transform_type",
            f"transform.format with `format` needs a date, time or timestamp column, got {t}",
            path=_where(ctx),
            hint="use `template` for other values",
        )
    n = len(values)
    tokens = _fast_tokens(fmt)
    days: npt.NDArray[np.int64] | None = None
    if pa.types.is_date(t):
        days = np.asarray(
            values.cast(pa.date32()).view(pa.int32()).fill_null(0).to_numpy(), np.int64
        )
        ints = np.zeros(n, dtype=np.int64)
    elif pa.types.is_timestamp(t):
        wall = pc.local_timestamp(values) if t.tz not in (None, "UTC", "+00:00") else values
        us = wall.cast(pa.timestamp("us"), safe=False)
        ints = np.asarray(us.view(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
        days = np.floor_divide(ints, _US_PER_DAY)
    else:
        us = values.cast(pa.time64("us"), safe=False)
        ints = np.asarray(us.view(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    if tokens is not None:
        out = _fast_strftime(
            tokens, n, days, ints - (days * _US_PER_DAY if days is not None else 0)
        )
        if out is not None:
            return _restore_nulls(out, values)
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
    micro = strings_from_matrix(ascii_digits(np.mod(ints, 1_000_000), 6))
    parts: list[pa.Array | str] = []
    for i, piece in enumerate(pieces):
        if i:
            parts.append(micro)
        if piece:
            parts.append(pc.strftime(secs, piece) if "%" in piece else piece)
    out = join(parts) if any(not isinstance(p, str) for p in parts) else _constant(fmt, values)
    return _restore_nulls(out, values)


class PrefixSuffixParams(Params):
    prefix: str = Field("", description="Text before the value.")
    suffix: str = Field("", description="Text after the value.")


@register_transform
class PrefixSuffix(Transform[PrefixSuffixParams]):
    """``prefix + value + suffix`` (values cast to text)."""

    id = "transform.prefix_suffix"
    summary = "Add a prefix and/or suffix to text."
    params_model = PrefixSuffixParams

    def apply(
        self, ctx: GenContext, params: PrefixSuffixParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        text = _text(values, self.id, ctx)
        parts = [p for p in (params.prefix, text, params.suffix) if not isinstance(p, str) or p]
        return text if len(parts) == 1 else join(parts)


class CasingParams(Params):
    mode: Literal["upper", "lower", "title"] = Field(..., description="upper, lower or title.")


@register_transform
class Casing(Transform[CasingParams]):
    """Upper, lower or title case (Unicode-aware: ``ação`` → ``AÇÃO``)."""

    id = "transform.casing"
    summary = "Change case: upper, lower or title."
    params_model = CasingParams

    def apply(
        self, ctx: GenContext, params: CasingParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        text = _text(values, self.id, ctx)
        if params.mode == "upper":
            return pc.utf8_upper(text)
        if params.mode == "lower":
            return pc.utf8_lower(text)
        return pc.utf8_title(text)


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: StrictStr | StrictInt | StrictFloat | StrictBool = Field(..., description="A value.")
    weight: float = Field(..., gt=0, description="Relative weight (> 0).")


class WeightedChoiceParams(Params):
    choices: list[Choice] = Field(..., min_length=1, description="[{value, weight}, ...]")


@register_transform
class WeightedChoice(Transform[WeightedChoiceParams]):
    """Replace each (non-NULL) value by a weighted pick from ``choices``."""

    id = "transform.weighted_choice"
    summary = "Replace values by a weighted pick from `choices`."
    params_model = WeightedChoiceParams

    def apply(
        self, ctx: GenContext, params: WeightedChoiceParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        raw = [c.value for c in params.choices]
        try:
            vocab = pa.array(raw)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            vocab = pa.array([str(v).lower() if isinstance(v, bool) else str(v) for v in raw])
        idx = ctx.stream(self.id, params).weighted(rows, [c.weight for c in params.choices])
        return pc.take(vocab, pa.array(idx, mask=_null_mask(values)))


# --------------------------------------------------------------------------------------------
# Keyed permutations
# --------------------------------------------------------------------------------------------


def _digit_buckets(upper: int, lower: int = 0) -> list[tuple[int, int]]:
    """[lo, lo + size) ranges of one digit count in ``[lower, upper)``, each at most 2**62 wide."""
    out: list[tuple[int, int]] = []
    lo, hi = 0, 10
    while lo < upper:
        top, start = min(hi, upper), max(lo, lower)
        while start < top:
            size = min(top - start, 2**62)
            out.append((start, size))
            start += size
        lo, hi = hi, hi * 10
    return out


def permute_within_digit_count(
    values: U64Array, key: int, upper: int = 2**64, *, lower: int = 0
) -> U64Array:
    """A keyed bijection of ``[lower, upper)`` that keeps the number of decimal digits.

    Values with ``k`` digits map to other values with ``k`` digits (a Feistel permutation per
    digit count), so distinct inputs give distinct outputs and no value grows or gains a leading
    zero. Used for e-mail tokens and for ``transform.mask`` keyed integers.

    Example:
        >>> out = permute_within_digit_count(np.arange(1000, dtype=np.uint64), key=7)
        >>> len(set(out.tolist())), int(out[10:100].min()) >= 10, int(out[10:100].max()) < 100
        (1000, True, True)
    """
    x = np.asarray(values, dtype=np.uint64)
    out = x.copy()
    if x.size == 0:
        return out
    buckets = _digit_buckets(upper, lower)
    starts = np.array([lo for lo, _ in buckets], dtype=np.uint64)
    which = np.searchsorted(starts, x, side="right") - 1
    for b in np.unique(which).tolist():
        lo, size = buckets[b]
        sel = np.flatnonzero(which == b)
        perm = FeistelPermutation(size, derive_key(key, "digits", lo))
        out[sel] = perm.apply(x[sel] - np.uint64(lo)) + np.uint64(lo)
    return out


def _substitution_table(alphabet: str) -> npt.NDArray[np.uint8]:
    """SUB[t * 256 + c]: byte ``c`` shifted by ``t`` within its class (others unchanged)."""
    if alphabet == "hex":
        classes = ["0123456789abcdef", "ABCDEF"]
    else:
        classes = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    table = np.tile(np.arange(256, dtype=np.uint8), (256, 1))
    for cls in classes:
        codes = np.frombuffer(cls.encode(), dtype=np.uint8)
        pos = np.arange(len(codes))
        for t in range(256):
            table[t, codes] = codes[(pos + t) % len(codes)]
    return table.reshape(-1)


_SUB = {"text": _substitution_table("text"), "hex": _substitution_table("hex")}
_MULT = np.uint32(0x9E3779B1)


def _keyed_pass(
    matrix: npt.NDArray[np.uint8], key: int, sub: npt.NDArray[np.uint8], reverse: bool
) -> None:
    """One chained substitution pass over a (width, rows) matrix, in place.

    The shift at position ``i`` comes from a state fed with the INPUT bytes before ``i`` (in pass
    order), so the pass can be undone left to right with the key: it is a bijection.
    """
    width, m = matrix.shape
    state = np.full(m, np.uint32(derive_key(key, width, reverse) & 0xFFFFFFFF), dtype=np.uint32)
    order = range(width - 1, -1, -1) if reverse else range(width)
    with np.errstate(over="ignore"):
        for i in order:
            c = matrix[i]
            t = (state >> np.uint32(24)).astype(np.intp)
            matrix[i] = sub[(t << 8) | c]
            state ^= c
            state *= _MULT
            state += np.uint32(i * 2 + 1)


def _bucket_width(lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Padded width for each length: multiples of 8 up to 64, then powers of two."""
    small = np.maximum(8, (lengths + 7) // 8 * 8)
    big = 2 ** np.ceil(np.log2(np.maximum(lengths, 1))).astype(np.int64)
    return np.where(lengths <= 64, small, big)


def _string_buffers(arr: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """(offsets from 0, data bytes) of a ``string`` array, whatever its slice offset."""
    n = len(arr)
    offs = np.frombuffer(arr.buffers()[1], np.int32, n + 1, arr.offset * 4).astype(np.int64)
    buf = arr.buffers()[2]
    base, end = int(offs[0]), int(offs[-1])
    data = np.frombuffer(buf, np.uint8)[base:end] if buf is not None else np.zeros(0, np.uint8)
    return offs - base, data


def keyed_text_permutation(values: pa.Array, key: int, alphabet: str = "text") -> pa.Array:
    """A keyed bijection of strings that keeps length and shape (NULL stays NULL).

    ASCII digits, lower-case and upper-case letters are substituted within their class (with
    ``alphabet="hex"``: ``0-9a-f`` and ``A-F``) and everything else is kept. Two chained passes
    (left to right, then right to left) make every output character depend on the whole value.
    Distinct inputs give distinct outputs. The cost is linear in the bytes of the column.

    Example:
        >>> out = keyed_text_permutation(pa.array(["ana@x.com", "ana@x.com", "Ana-42"]), key=1)
        >>> out[0] == out[1], len(out[2].as_py()), out[2].as_py()[3]
        (True, 6, '-')
    """
    n = len(values)
    offs, data_in = _string_buffers(values)
    if data_in.size == 0:
        return values
    lengths = np.diff(offs)
    width_of = _bucket_width(lengths)
    widths = np.unique(width_of).tolist()
    padded = np.concatenate([data_in, np.zeros(max(widths), np.uint8)])
    byte_width = np.repeat(width_of.astype(np.int32), lengths)
    data = np.empty_like(data_in)
    sub = _SUB[alphabet]
    for width in widths:
        members = np.flatnonzero(width_of == width)
        # one row per value (bytes past its end zeroed), then one row per position
        rows = sliding_window_view(padded, width)[offs[members]]
        valid = np.arange(width)[None, :] < lengths[members][:, None]
        rows *= valid
        mat = np.ascontiguousarray(rows.T)
        _keyed_pass(mat, key, sub, reverse=False)
        _keyed_pass(mat, key ^ 0x5BD1E995, sub, reverse=True)
        data[byte_width == width] = mat.T[valid]
    nulls = values.null_count
    return pa.StringArray.from_buffers(
        n,
        pa.py_buffer(offs.astype(np.int32).tobytes()),
        pa.py_buffer(data.tobytes()),
        pc.is_valid(values).buffers()[1] if nulls else None,
        nulls,
    )


# --------------------------------------------------------------------------------------------
# Format-preserving masks, on the UTF-8 bytes
# --------------------------------------------------------------------------------------------


class _Chars:
    """Byte-level view of a string array: per byte its row, whether it starts a character, and
    the character's index in its row."""

    def __init__(self, arr: pa.Array) -> None:
        n = len(arr)
        self.n = n
        offs, self.data = _string_buffers(arr)
        self.offs = offs.astype(np.int32)
        lengths = np.diff(self.offs)
        self.row = np.repeat(np.arange(n, dtype=np.int32), lengths)
        self.lead = (self.data & 0xC0) != 0x80
        if self.lead.all():  # ASCII: a character is a byte
            self.nchars = lengths
            self.ci = np.arange(self.data.size, dtype=np.int32) - self.offs[:-1][self.row]
        else:
            cum = np.zeros(self.data.size + 1, dtype=np.int32)
            np.cumsum(self.lead, out=cum[1:])
            first = cum[self.offs[:-1]]
            self.nchars = cum[self.offs[1:]] - first
            self.ci = cum[1:] - 1 - first[self.row]
        self.validity = pc.is_valid(arr)

    def rebuild(self, keep: Bools, mask_char: int) -> pa.Array:
        """Masked characters become one ``mask_char`` byte; kept ones stay as they are."""
        selected = keep | self.lead
        data = np.where(keep, self.data, np.uint8(mask_char))[selected]
        lengths = np.bincount(self.row[selected], minlength=self.n)
        offsets = np.zeros(self.n + 1, dtype=np.int32)
        np.cumsum(lengths, out=offsets[1:])
        nulls = self.validity.false_count
        return pa.StringArray.from_buffers(
            self.n,
            pa.py_buffer(offsets.tobytes()),
            pa.py_buffer(data.tobytes()),
            self.validity.buffers()[1] if nulls else None,
            nulls,
        )

    def per_row_first(self, hit: Bools, default: int) -> npt.NDArray[np.int64]:
        """Character index of the first byte with ``hit`` in each row (``default`` if none)."""
        out = np.full(self.n, default, dtype=np.int64)
        idx = np.flatnonzero(hit)
        rows, first = np.unique(self.row[idx], return_index=True)
        out[rows] = self.ci[idx[first]]
        return out


def _mask_generic(c: _Chars) -> Bools:
    nch = c.nchars[c.row]
    return np.asarray((nch > 2) & ((c.ci == 0) | (c.ci == nch - 1)), dtype=np.bool_)


def _mask_email(c: _Chars) -> Bools:
    at = c.per_row_first(c.data == ord("@"), -1)[c.row]
    has_at = at >= 0
    local_keep = (at > 2) & ((c.ci == 0) | (c.ci == at - 1))
    return np.where(has_at, (c.ci >= at) | local_keep, _mask_generic(c))


def _mask_phone(c: _Chars) -> Bools:
    digit = (c.data >= 48) & (c.data <= 57)
    idx = np.flatnonzero(digit)
    drow = c.row[idx]
    start = np.searchsorted(drow, np.arange(c.n))
    ndig = np.searchsorted(drow, np.arange(c.n), side="right") - start
    rank = np.zeros(c.data.size, dtype=np.int64)
    rank[idx] = np.arange(idx.size) - start[drow]
    first_two = np.full(c.n, -1, dtype=np.int64)
    two = np.flatnonzero(ndig >= 2)
    first_two[two] = (c.data[idx[start[two]]] - 48) * 10 + (c.data[idx[start[two] + 1]] - 48)
    # country code 55 + DDD, or just the DDD, stays visible; so do the last 4 digits
    prefix = np.where(
        ndig >= 12, np.where(first_two == 55, 4, np.maximum(ndig - 9, 0)), 0
    ) + np.where((ndig >= 10) & (ndig <= 11), 2, 0)
    last = np.where(ndig >= 8, 4, 0)
    r, nd = c.row, ndig[c.row]
    return ~digit | (rank < prefix[r]) | (rank >= nd - last[r])


_CPF_RE = r"^\d{3}\.?\d{3}\.?\d{3}-?\d{2}$"
_CNPJ_RE = r"^[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2}$"
_PHONE_RE = r"^[\s()+.-]*(?:\d[\s()+.-]*){8,13}$"  # 8 to 13 digits


def _mask_document(text: pa.Array, layout: str) -> pa.Array:
    tail = pc.utf8_slice_codeunits(pc.replace_substring_regex(text, r"[^0-9A-Za-z]", ""), -2)
    return join([layout, tail])


class MaskParams(Params):
    mode: Literal["hash", "redact", "format_preserving", "keyed"] = Field(
        ..., description="hash (HMAC-SHA256 with salt), redact, format_preserving or keyed."
    )
    mask_char: str = Field(
        "*", pattern=r"^[ -~]$", description="Masking character (one printable ASCII character)."
    )
    salt: SecretStr | None = Field(
        None,
        description="Secret key: required for hash; for keyed, gives the same mapping in every "
        "column (default: a key from the plan seed, table and column). Never logged.",
    )
    kind: Literal["auto", "email", "cpf", "cnpj", "phone", "generic"] = Field(
        "auto", description="format_preserving: what the values are (auto detects per value)."
    )
    hex_chars: int = Field(64, ge=8, le=64, description="hash: hex characters kept (64 = all).")
    alphabet: Literal["auto", "text", "hex"] = Field(
        "auto",
        description="keyed: `hex` keeps hex strings hex (UUIDs); auto = hex on UUID columns.",
    )

    @model_validator(mode="after")
    def _salt(self) -> MaskParams:
        if self.mode == "hash" and (self.salt is None or not self.salt.get_secret_value()):
            raise ValueError("mode hash needs a non-empty salt")
        return self


@register_transform
class Mask(Transform[MaskParams]):
    """Mask real values: ``hash`` (salted HMAC-SHA256), ``redact``, ``format_preserving`` or
    ``keyed`` (a distinctness-preserving keyed permutation; use it on UNIQUE columns)."""

    id = "transform.mask"
    summary = "Mask values: salted hash, redact, format-preserving, or keyed permutation."
    params_model = MaskParams

    def apply(self, ctx: GenContext, params: MaskParams, values: pa.Array, rows: Rows) -> pa.Array:
        if params.mode == "keyed":
            return self._keyed(ctx, params, values)
        text = _text(values, self.id, ctx)
        if params.mode == "redact":
            return _constant(params.mask_char * 3, text)
        if params.mode == "hash":
            assert params.salt is not None
            return _hmac_hex(text, params.salt.get_secret_value().encode(), params.hex_chars)
        return self._format_preserving(text, params)

    def check(self, params: MaskParams, facts: ColumnFacts) -> list[Issue]:
        if params.mode == "hash" and facts.length is not None and facts.length < params.hex_chars:
            return [
                Issue(
                    severity="error",
                    code="mask_hash_too_long",
                    message=f"hex hashes of {params.hex_chars} characters do not fit "
                    f"varchar({facts.length})",
                    hint=f"set hex_chars to {max(8, facts.length)} or less (collisions grow as "
                    "hashes get shorter)",
                )
            ]
        return []

    def _key(self, ctx: GenContext, params: MaskParams) -> int:
        if params.salt is not None:
            digest = hmac.digest(params.salt.get_secret_value().encode(), b"mask.keyed", "sha256")
            return int.from_bytes(digest[:8], "little")
        # NOTE: one mapping for every retry round, or retried rows could collide with kept ones.
        return ctx.with_attempt(0).stream(self.id, params, "keyed").key

    def _keyed(self, ctx: GenContext, params: MaskParams, values: pa.Array) -> pa.Array:
        key = self._key(ctx, params)
        t = values.type
        if pa.types.is_integer(t):
            return _keyed_integers(values, key)
        if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t)):
            raise GenerationError(
                "mask_keyed_type",
                f"transform.mask keyed works on text and integer columns, not {t}",
                path=_where(ctx),
                hint="use mode hash, or mask the column before converting it",
            )
        alphabet = params.alphabet
        if alphabet == "auto":
            alphabet = "hex" if ctx.facts.family == TypeFamily.UUID else "text"
        text = values.cast(pa.string()) if not pa.types.is_string(t) else values
        return keyed_text_permutation(text, key, alphabet)

    def _format_preserving(self, text: pa.Array, params: MaskParams) -> pa.Array:
        m = params.mask_char

        def by_char(rule: Callable[[_Chars], Bools]) -> Callable[[pa.Array], pa.Array]:
            def run(a: pa.Array) -> pa.Array:
                chars = _Chars(a)
                return chars.rebuild(rule(chars), ord(m))

            return run

        masks: dict[str, Callable[[pa.Array], pa.Array]] = {
            "email": by_char(_mask_email),
            "phone": by_char(_mask_phone),
            "generic": by_char(_mask_generic),
            "cpf": lambda a: _mask_document(a, f"{m * 3}.{m * 3}.{m * 3}-"),
            "cnpj": lambda a: _mask_document(a, f"{m * 2}.{m * 3}.{m * 3}/{m * 4}-"),
        }
        if params.kind != "auto":
            return _restore_nulls(masks[params.kind](text), text)
        kinds = ("email", "cpf", "cnpj", "phone", "generic")
        tests = [
            pc.match_substring(text, "@"),
            pc.match_substring_regex(text, _CPF_RE),
            pc.match_substring_regex(text, _CNPJ_RE),
            pc.match_substring_regex(text, _PHONE_RE),
        ]
        code = np.full(len(text), 4, dtype=np.int8)
        for i in range(len(tests) - 1, -1, -1):  # the first matching test wins
            hit = np.asarray(tests[i].fill_null(False).to_numpy(zero_copy_only=False), np.bool_)
            code[hit] = i
        present = np.unique(code).tolist()
        if len(present) == 1:
            return _restore_nulls(masks[kinds[present[0]]](text), text)
        order_parts, results = [], []
        for k in present:
            sel = np.flatnonzero(code == k)
            order_parts.append(sel)
            results.append(masks[kinds[k]](text.take(pa.array(sel))))
        order = np.concatenate(order_parts)
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        out = pa.concat_arrays([r.cast(pa.string()) for r in results]).take(pa.array(inverse))
        return _restore_nulls(out, text)


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


def hmac_sha256_many(key: bytes, data: bytes, bounds: list[int]) -> bytes:
    """HMAC-SHA256 (RFC 2104) of ``data[bounds[i]:bounds[i+1]]`` for every i, digests joined.

    The keyed inner and outer states are computed once and copied per value, which is about
    twice as fast as ``hmac.digest`` per value.

    Example:
        >>> hmac_sha256_many(b"k", b"ab", [0, 1, 2])[32:] == hmac.digest(b"k", b"b", "sha256")
        True
    """
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    block = key.ljust(64, b"\0")
    inner, outer = hashlib.sha256(block.translate(_IPAD)), hashlib.sha256(block.translate(_OPAD))

    def one(a: int, b: int, icopy: Any = inner.copy, ocopy: Any = outer.copy) -> bytes:
        i = icopy()
        i.update(data[a:b])
        o = ocopy()
        o.update(i.digest())
        return o.digest()  # type: ignore[no-any-return]

    return b"".join(map(one, bounds[:-1], bounds[1:]))


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _hmac_hex(text: pa.Array, key: bytes, hex_chars: int) -> pa.Array:
    """Hex HMAC-SHA256 of each value's UTF-8 bytes.

    Columns with repeats hash each distinct value once (dictionary encoding); when a sample
    shows mostly distinct values the encoding would cost more than it saves and is skipped.
    Either way a value's hash is the same.
    """
    head = text.slice(0, 4096)
    if len(text) > len(head) and pc.count_distinct(head).as_py() > 0.8 * len(head):
        offs, data = _string_buffers(text)
        return _restore_nulls(_hex_digests(key, data, offs, hex_chars), text)
    encoded = pc.dictionary_encode(text)
    d = encoded.dictionary
    if len(d) == 0:
        return pa.nulls(len(text), pa.string())
    offs, data = _string_buffers(d)
    return pc.take(_hex_digests(key, data, offs, hex_chars), encoded.indices)


def _hex_digests(
    key: bytes, data: npt.NDArray[np.uint8], offs: npt.NDArray[np.int64], hex_chars: int
) -> pa.Array:
    digests = hmac_sha256_many(key, data.tobytes(), offs.tolist())
    mat = np.frombuffer(digests, dtype=np.uint8).reshape(offs.size - 1, 32)
    hexm = np.empty((mat.shape[0], 64), dtype=np.uint8)
    hexm[:, 0::2] = _HEX[mat >> 4]
    hexm[:, 1::2] = _HEX[mat & 15]
    return strings_from_matrix(hexm[:, :hex_chars])


def _keyed_integers(values: pa.Array, key: int) -> pa.Array:
    """Integers through a keyed permutation that keeps sign and digit count within the type."""
    t = values.type
    bits = t.bit_width
    mask = _null_mask(values)
    if not pa.types.is_signed_integer(t):
        u = np.asarray(values.cast(pa.uint64()).fill_null(0).to_numpy(), dtype=np.uint64)
        return pa.array(permute_within_digit_count(u, key, 2**bits), mask=mask).cast(t)
    v = np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    neg = v < 0
    u = v.view(np.uint64)
    with np.errstate(over="ignore"):
        magnitude = np.where(neg, np.uint64(0) - u, u)  # |v|, exact even for the minimum
        out = magnitude.copy()
        top = 2 ** (bits - 1)
        pos_sel, neg_sel = np.flatnonzero(~neg), np.flatnonzero(neg)
        out[pos_sel] = permute_within_digit_count(magnitude[pos_sel], key, top)
        out[neg_sel] = permute_within_digit_count(magnitude[neg_sel], key ^ 1, top + 1, lower=1)
        res = np.where(neg, np.uint64(0) - out, out).view(np.int64)
    return pa.array(res, mask=mask).cast(t)
