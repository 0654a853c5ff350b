"""``transform.mask``: salted hashes, redaction, format-preserving masks and keyed permutations."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    Field,
    SecretStr,
    model_validator,
)

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import (
    hex_matrix,
    join,
    strings_from_matrix,
)
from datalchemy.generators.base import (
    ColumnFacts,
    GenContext,
    Params,
    Rows,
    Transform,
)
from datalchemy.generators.registry import register_transform
from datalchemy.generators.transforms.common import constant, restore_nulls, text_of
from datalchemy.generators.transforms.keyed import (
    keyed_integers,
    keyed_text_permutation,
    string_buffers,
)

__all__ = ["Mask", "MaskParams", "hmac_sha256_many"]


Bools = npt.NDArray[np.bool_]


class _Chars:
    """Byte-level view of a string array: per byte its row, whether it starts a character, and
    the character's index in its row."""

    def __init__(self, arr: pa.Array) -> None:
        n = len(arr)
        self.n = n
        offs, self.data = string_buffers(arr)
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
        text = text_of(values, self.id, ctx)
        if params.mode == "redact":
            return constant(params.mask_char * 3, text)
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
            return keyed_integers(values, key)
        if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t)):
            raise GenerationError(
                "mask_keyed_type",
                f"transform.mask keyed works on text and integer columns, not {t}",
                path=ctx.where,
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
            return restore_nulls(masks[params.kind](text), text)
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
            return restore_nulls(masks[kinds[present[0]]](text), text)
        order_parts, results = [], []
        for k in present:
            sel = np.flatnonzero(code == k)
            order_parts.append(sel)
            results.append(masks[kinds[k]](text.take(pa.array(sel))))
        order = np.concatenate(order_parts)
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        out = pa.concat_arrays([r.cast(pa.string()) for r in results]).take(pa.array(inverse))
        return restore_nulls(out, text)


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


def _hmac_hex(text: pa.Array, key: bytes, hex_chars: int) -> pa.Array:
    """Hex HMAC-SHA256 of each value's UTF-8 bytes.

    Columns with repeats hash each distinct value once (dictionary encoding); when a sample
    shows mostly distinct values the encoding would cost more than it saves and is skipped.
    Either way a value's hash is the same.
    """
    head = text.slice(0, 4096)
    if len(text) > len(head) and pc.count_distinct(head).as_py() > 0.8 * len(head):
        offs, data = string_buffers(text)
        return restore_nulls(_hex_digests(key, data, offs, hex_chars), text)
    encoded = pc.dictionary_encode(text)
    d = encoded.dictionary
    if len(d) == 0:
        return pa.nulls(len(text), pa.string())
    offs, data = string_buffers(d)
    return pc.take(_hex_digests(key, data, offs, hex_chars), encoded.indices)


def _hex_digests(
    key: bytes, data: npt.NDArray[np.uint8], offs: npt.NDArray[np.int64], hex_chars: int
) -> pa.Array:
    digests = hmac_sha256_many(key, data.tobytes(), offs.tolist())
    mat = np.frombuffer(digests, dtype=np.uint8).reshape(offs.size - 1, 32)
    return strings_from_matrix(hex_matrix(mat)[:, :hex_chars])
