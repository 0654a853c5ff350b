"""Brazilian documents with valid check digits, unique by construction: CPF, CNPJ (numeric and
the 2026 alphanumeric format), RG (SP), PIS/PASEP/NIT and CNH."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.generators import checkdigits, pii
from datalchemy.generators._arrow import ascii_digits, digit_matrix, strings_from_matrix
from datalchemy.generators.base import GenContext, NoParams, Params, Rows, as_i64
from datalchemy.generators.fixed_text import FixedLayout, ascii_number
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    BrGenerator,
    UfCode,
    formatted_field,
)

__all__ = [
    "Cnh",
    "Cnpj",
    "CnpjParams",
    "Cpf",
    "Pis",
    "Rg",
    "cnpj_render",
    "cnpj_roots",
    "cpf_from_index",
    "cpf_space",
]


I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
_ZERO = np.uint8(ord("0"))
_ALNUM = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)


def _skip(idx: I64, excluded: Sequence[int]) -> I64:
    """The ``idx``-th integer not in ``excluded`` (sorted ascending): a bijection onto the rest."""
    out = idx.copy()
    for e in excluded:
        out += out >= e
    return out


#: The ninth CPF digit is the fiscal region that issued it.
_CPF_REGION = {
    "DF": 1, "GO": 1, "MS": 1, "MT": 1, "TO": 1, "AC": 2, "AM": 2, "AP": 2, "PA": 2, "RO": 2,
    "RR": 2, "CE": 3, "MA": 3, "PI": 3, "AL": 4, "PB": 4, "PE": 4, "RN": 4, "BA": 5, "SE": 5,
    "MG": 6, "ES": 7, "RJ": 7, "SP": 8, "PR": 9, "SC": 9, "RS": 0,
}  # fmt: skip


class CpfParams(Params):
    formatted: bool = formatted_field("123.456.789-09", "12345678909")
    uf: UfCode | None = Field(
        None, description="State whose fiscal region issued the CPF (sets the ninth digit)."
    )


def cpf_space(uf: str | None) -> int:
    """How many valid CPFs there are (of one fiscal region when ``uf`` is set)."""
    # Bases made of one repeated digit (000000000, 111111111, ...) give invalid CPFs.
    return 10**9 - 10 if uf is None else 10**8 - 1


def _cpf_group_sums(weights: tuple[int, int, int], weights2: tuple[int, int, int]) -> U64:
    """For every 3-digit group 000-999: its weighted digit sum for the first check digit in the low
    16 bits, for the second above them (three groups add up without carries between the two)."""
    d = digit_matrix(np.arange(1000), 3).astype(np.uint64)
    first = d @ np.asarray(weights, dtype=np.uint64)
    second = d @ np.asarray(weights2, dtype=np.uint64)
    out: U64 = first | (second << np.uint64(16))
    return out


#: Weighted sums of the three groups of a CPF base: weights 10-2 (first digit), 11-3 (second).
_CPF_SUMS = (
    _cpf_group_sums((10, 9, 8), (11, 10, 9)),
    _cpf_group_sums((7, 6, 5), (8, 7, 6)),
    _cpf_group_sums((4, 3, 2), (5, 4, 3)),
)
#: Weighted sum -> ASCII of its mod-11 check digit (the rule of ``checkdigits.mod11_zero``).
_MOD11_ASCII = np.asarray(
    [ord("0") + (0 if s % 11 < 2 else 11 - s % 11) for s in range(11 * 63)], dtype=np.uint64
)
_CPF_LAYOUTS = {
    True: FixedLayout("###.###.###-##", (3, 3, 3, 2)),
    False: FixedLayout("#" * 11, (3, 3, 3, 2)),
}
_LOW16, _S16, _E3 = np.uint64(0xFFFF), np.uint64(16), np.uint64(1000)


def cpf_from_index(i: I64, uf: str | None, formatted: bool) -> pa.Array:
    """The valid CPF of every index in ``[0, cpf_space(uf))``, distinct for distinct indices."""
    if uf is None:
        # _skip of the bases 0, 111111111, ..., 999999999: the k-th of them is skipped from index
        # k * 111111110 on, so a division counts the skips below each index.
        base = i + i // 111_111_110 + 1
    else:
        region = _CPF_REGION[uf]
        base = _skip(i, [region * 11_111_111]) * 10 + region
    b = base.view(np.uint64)  # uint64: NumPy divides it by a scalar much faster than int64
    q = b // _E3
    low = b - q * _E3
    high = q // _E3
    mid = q - high * _E3
    groups = [g.view(np.int64) for g in (high, mid, low)]
    sums = _CPF_SUMS[0][groups[0]] + _CPF_SUMS[1][groups[1]] + _CPF_SUMS[2][groups[2]]
    dv1 = _MOD11_ASCII[(sums & _LOW16).view(np.int64)]
    # The second digit also weighs the first by 2.
    second = (sums >> _S16) + np.uint64(2) * (dv1 - np.uint64(ord("0")))
    dv2 = _MOD11_ASCII[second.view(np.int64)]
    digits = [ascii_number(g, 3) for g in groups]
    return _CPF_LAYOUTS[formatted].render([*digits, dv1 | (dv2 << np.uint64(8))])


@register
class Cpf(BrGenerator):
    """CPF with valid mod-11 check digits. Example: ``529.982.247-25`` when formatted."""

    id = "semantic.br.cpf"
    summary = "Brazilian CPF (valid check digits; optional punctuation and issuing region)."
    params_model = CpfParams
    pii = pii.CPF

    def generate(self, ctx: GenContext, params: CpfParams, rows: Rows) -> pa.Array:
        space = cpf_space(params.uf)
        i = ctx.stream(self.id, params).integers(rows, 0, space - 1)
        return cpf_from_index(i, params.uf, params.formatted)

    def value_space(self, ctx: GenContext, params: CpfParams) -> int:
        return cpf_space(params.uf)

    def from_index(self, ctx: GenContext, params: CpfParams, idx: Any) -> pa.Array:
        return cpf_from_index(as_i64(idx), params.uf, params.formatted)

    def _length_bounds(self, params: CpfParams) -> tuple[int, int]:
        n = 14 if params.formatted else 11
        return n, n


class CnpjParams(Params):
    formatted: bool = formatted_field("12.345.678/0001-95", "12345678000195")
    alphanumeric: bool = Field(
        False,
        description=(
            "The alphanumeric CNPJ of 2026: root of 8 characters in [0-9A-Z], numeric check "
            "digits computed from ASCII code - 48."
        ),
    )
    branch: Literal["headquarters", "any"] = Field(
        "headquarters",
        description="headquarters: order number 0001; any: mostly 0001, some branches 0002+ "
        "(the unique path uses 0001-9999).",
    )


_CNPJ_W1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_W2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
#: Fields: the 12 characters of root and branch, the two check digits.
_CNPJ_LAYOUTS = {
    True: FixedLayout("##.###.###/####-##", (12, 2)),
    False: FixedLayout("#" * 14, (12, 2)),
}


def cnpj_roots(alphanumeric: bool) -> int:
    """How many 8-character roots a CNPJ can have."""
    return 36**8 if alphanumeric else 10**8


def cnpj_render(root: I64, branch: I64, p: CnpjParams) -> pa.Array:
    """CNPJs of these roots and branch numbers, with their two check digits."""
    n = root.shape[0]
    # The 12 characters of root and branch as two words (a FixedLayout field; its bytes are the
    # characters the check digits weigh).
    words = np.empty((n, 2), dtype=np.uint64)
    if p.alphanumeric:
        chars = words.view(np.uint8)
        r = root.copy()
        for col in range(7, -1, -1):
            chars[:, col] = _ALNUM[r % 36]
            r //= 36
    else:
        words[:, 0] = ascii_number(root, 8)
    words[:, 1] = ascii_number(branch, 4)
    values = np.empty((n, 13), dtype=np.uint8)  # ASCII code - 48 (letters too), then dv1
    np.subtract(words.view(np.uint8)[:, :12], _ZERO, out=values[:, :12])
    dv1 = checkdigits.mod11_zero(values[:, :12], _CNPJ_W1)
    values[:, 12] = dv1
    dv2 = checkdigits.mod11_zero(values, _CNPJ_W2)
    check = (dv1 + 48) | ((dv2 + 48) << 8)  # the two ASCII digits as one word
    return _CNPJ_LAYOUTS[p.formatted].render([words, check.view(np.uint64)])


@register
class Cnpj(BrGenerator):
    """CNPJ with valid check digits, numeric or alphanumeric (2026). ``12.ABC.345/0001-xx``."""

    id = "semantic.br.cnpj"
    summary = "Brazilian CNPJ (numeric or the 2026 alphanumeric format, valid check digits)."
    params_model = CnpjParams
    pii = pii.CNPJ

    def generate(self, ctx: GenContext, params: CnpjParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        root = s.sub("root").integers(rows, 0, cnpj_roots(params.alphanumeric) - 1)
        branch = np.ones(rows.shape[0], dtype=np.int64)
        if params.branch == "any":
            extra = s.sub("branch")
            other = extra.bernoulli(rows, 0.2)
            branch = np.where(other, extra.sub("n").integers(rows, 2, 40), branch)
        return cnpj_render(root, branch, params)

    def value_space(self, ctx: GenContext, params: CnpjParams) -> int:
        roots = cnpj_roots(params.alphanumeric)
        return roots if params.branch == "headquarters" else roots * 9999

    def from_index(self, ctx: GenContext, params: CnpjParams, idx: Any) -> pa.Array:
        i = as_i64(idx)
        roots = cnpj_roots(params.alphanumeric)
        if params.branch == "headquarters":
            return cnpj_render(i, np.ones_like(i), params)
        return cnpj_render(i % roots, i // roots + 1, params)

    def _length_bounds(self, params: CnpjParams) -> tuple[int, int]:
        n = 18 if params.formatted else 14
        return n, n


class RgParams(Params):
    formatted: bool = formatted_field("12.345.678-X", "12345678X")


_RG_LOW, _RG_HIGH = 1_000_000, 100_000_000
_RG_LAYOUTS = {True: FixedLayout("##.###.###-#", (8, 1)), False: FixedLayout("#" * 9, (8, 1))}


def _rg_from_index(i: I64, formatted: bool) -> pa.Array:
    chars = ascii_digits(i + _RG_LOW, 8)
    dv = checkdigits.mod11(chars - _ZERO, range(2, 10))  # 10 is written X
    check = np.where(dv == 10, ord("X"), dv + 48).view(np.uint64)
    return _RG_LAYOUTS[formatted].render([chars, check])


@register
class Rg(BrGenerator):
    """RG in the São Paulo format: 8 digits and a mod-11 check digit (``X`` for 10)."""

    id = "semantic.br.rg"
    summary = "Brazilian RG (SP algorithm: 8 digits + check digit, X for 10)."
    params_model = RgParams
    pii = pii.RG

    def generate(self, ctx: GenContext, params: RgParams, rows: Rows) -> pa.Array:
        i = ctx.stream(self.id, params).integers(rows, 0, _RG_HIGH - _RG_LOW - 1)
        return _rg_from_index(i, params.formatted)

    def value_space(self, ctx: GenContext, params: RgParams) -> int:
        return _RG_HIGH - _RG_LOW

    def from_index(self, ctx: GenContext, params: RgParams, idx: Any) -> pa.Array:
        return _rg_from_index(as_i64(idx), params.formatted)

    def _length_bounds(self, params: RgParams) -> tuple[int, int]:
        n = 12 if params.formatted else 9
        return n, n


class PisParams(Params):
    formatted: bool = formatted_field("120.54321.45-6", "12054321456")


# PIS/PASEP/NIT numbers start with 1 or 2.
_PIS_LOW, _PIS_HIGH = 1_000_000_000, 3_000_000_000
_PIS_LAYOUTS = {
    True: FixedLayout("###.#####.##-#", (10, 1)),
    False: FixedLayout("#" * 11, (10, 1)),
}


def _pis_from_index(i: I64, formatted: bool) -> pa.Array:
    chars = ascii_digits(i + _PIS_LOW, 10)
    dv = checkdigits.mod11_zero(chars - _ZERO, checkdigits.weights_from_right(10))
    return _PIS_LAYOUTS[formatted].render([chars, (dv + 48).view(np.uint64)])


@register
class Pis(BrGenerator):
    """PIS/PASEP/NIT: 10 digits (starting with 1 or 2) and a mod-11 check digit."""

    id = "semantic.br.pis"
    summary = "Brazilian PIS/PASEP/NIT number with a valid check digit."
    params_model = PisParams
    pii = pii.PIS

    def generate(self, ctx: GenContext, params: PisParams, rows: Rows) -> pa.Array:
        i = ctx.stream(self.id, params).integers(rows, 0, _PIS_HIGH - _PIS_LOW - 1)
        return _pis_from_index(i, params.formatted)

    def value_space(self, ctx: GenContext, params: PisParams) -> int:
        return _PIS_HIGH - _PIS_LOW

    def from_index(self, ctx: GenContext, params: PisParams, idx: Any) -> pa.Array:
        return _pis_from_index(as_i64(idx), params.formatted)

    def _length_bounds(self, params: PisParams) -> tuple[int, int]:
        n = 14 if params.formatted else 11
        return n, n


# CNH: the first check digit is sum(d_i * (9..1)) % 11. Validators disagree on what follows when
# that remainder is 10, so we only emit bases whose remainder is 0-9 (the ninth digit is chosen
# among the 9 values that avoid 10), where every common variant agrees. Index j = first8 * 9 +
# pick; the bases of one repeated digit 0-8 (999999999 cannot occur) are skipped.
_CNH_EXCLUDED = [r * 11_111_111 * 9 + r for r in range(9)]
_CNH_SPACE = 10**8 * 9 - 9


def _cnh_from_index(i: I64) -> pa.Array:
    j = _skip(i, _CNH_EXCLUDED)
    first8, pick = j // 9, j % 9
    d = np.empty((i.shape[0], 11), dtype=np.int64)
    d[:, :8] = digit_matrix(first8, 8)
    s8 = checkdigits.weighted_sum(d[:, :8], range(9, 1, -1)) % 11
    bad = (10 - s8) % 11  # the ninth digit that would make the remainder 10 (none when 10)
    d[:, 8] = pick + ((bad <= 9) & (pick >= bad))
    d[:, 9] = (s8 + d[:, 8]) % 11
    r2 = checkdigits.weighted_sum(d[:, :9], range(1, 10)) % 11
    d[:, 10] = np.where(r2 >= 10, 0, r2)
    return strings_from_matrix(d.astype(np.uint8) + _ZERO)


@register
class Cnh(BrGenerator):
    """CNH registration number: 9 digits and two check digits (11 digits)."""

    id = "semantic.br.cnh"
    summary = "Brazilian driver's licence (CNH) number with valid check digits."
    params_model = NoParams
    pii = pii.CNH

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        return _cnh_from_index(ctx.stream(self.id, params).integers(rows, 0, _CNH_SPACE - 1))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return _CNH_SPACE

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return _cnh_from_index(as_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 11, 11
