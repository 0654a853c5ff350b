"""``semantic.br.pix_key``: PIX keys of every kind (CPF, CNPJ, e-mail, phone, random UUID) or
a realistic mix, unique by construction."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.determinism import Stream, derive_key, mix64
from datalchemy.generators import pii
from datalchemy.generators._arrow import (
    take,
    uuid_text,
)
from datalchemy.generators.base import GenContext, Params, Rows, as_i64
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    BrGenerator,
)
from datalchemy.generators.semantic_br.documents import (
    CnpjParams,
    cnpj_render,
    cnpj_roots,
    cpf_from_index,
    cpf_space,
)
from datalchemy.generators.semantic_br.emails import (
    email_from_index,
    email_space_size,
    email_values,
)
from datalchemy.generators.semantic_br.phones import (
    PhoneParams,
    phone_from_index,
    phone_space,
    phone_values,
)
from datalchemy.generators.vocab import WeightedIndex

__all__ = ["PixKey"]


I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
PixKind = Literal["cpf", "cnpj", "email", "phone", "random", "mixed"]
_PIX_KINDS: tuple[str, ...] = ("cpf", "phone", "email", "random", "cnpj")
_PIX_WEIGHTS = (0.35, 0.25, 0.2, 0.15, 0.05)
_PIX_DIST = WeightedIndex.of(_PIX_WEIGHTS)
#: Slots of one block of the unique path for ``mixed`` (proportions of the kinds).
_PIX_SLOTS = (("cpf", 7), ("phone", 5), ("email", 4), ("random", 3), ("cnpj", 1))
_PIX_BLOCK = sum(k for _, k in _PIX_SLOTS)
_CNPJ_RAW = CnpjParams()
_PHONE_E164 = PhoneParams()


class PixParams(Params):
    kind: PixKind = Field(
        "mixed",
        description="cpf / cnpj (digits), email, phone (+55...), random (UUID v4) or mixed "
        "(35% cpf, 25% phone, 20% email, 15% random, 5% cnpj).",
    )


def _random_uuid(hi: npt.NDArray[np.uint64], lo: npt.NDArray[np.uint64]) -> pa.Array:
    n = hi.shape[0]
    raw = np.empty((n, 16), dtype=np.uint8)
    raw[:, :8] = hi.astype("<u8").view(np.uint8).reshape(n, 8)
    raw[:, 8:] = lo.astype("<u8").view(np.uint8).reshape(n, 8)
    return _uuid4_text(raw)


def _uuid4_text(raw: U8) -> pa.Array:
    """UUID text of 16 bytes once the version (4) and RFC 4122 variant bits are set."""
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return uuid_text(raw)


def _uuid_from_index(i: I64, key: int) -> pa.Array:
    # A bijective mix of the index fills 64 bits that the version and variant never touch.
    word = mix64(i.astype(np.uint64) ^ np.uint64(key & 0xFFFFFFFFFFFFFFFF))
    filler = mix64(word ^ np.uint64(0x5DEECE66D))
    n = i.shape[0]
    w = word.astype("<u8").view(np.uint8).reshape(n, 8)
    raw = np.empty((n, 16), dtype=np.uint8)
    raw[:, 8:] = filler.astype("<u8").view(np.uint8).reshape(n, 8)
    raw[:, 6] = raw[:, 8]
    raw[:, [0, 1, 2, 3, 4, 5, 7, 9]] = w
    return _uuid4_text(raw)


_PIX_SPACES = {
    "cpf": lambda: cpf_space(None),
    "cnpj": lambda: cnpj_roots(False),
    "email": lambda: email_space_size("any", None),
    "phone": lambda: int(phone_space(None, "mobile")[1][-1]),
    "random": lambda: 2**62,
}


@register
class PixKey(BrGenerator):
    """PIX key: CPF, CNPJ, e-mail, phone (+55...) or random key (UUID v4), or a realistic mix."""

    id = "semantic.br.pix_key"
    summary = "PIX key of a chosen kind (cpf, cnpj, email, phone, random UUID) or a mix."
    params_model = PixParams
    pii = pii.PIX

    def _kind_values(self, kind: str, s: Stream, rows: Rows) -> pa.Array:
        sub = s.sub(kind)
        if kind == "cpf":
            return cpf_from_index(sub.integers(rows, 0, cpf_space(None) - 1), None, False)
        if kind == "cnpj":
            return cnpj_render(
                sub.integers(rows, 0, 10**8 - 1), np.ones(rows.shape[0], np.int64), _CNPJ_RAW
            )
        if kind == "email":
            return email_values(sub.sub("person"), sub, rows, "any", None)
        if kind == "phone":
            return phone_values(sub.sub("place"), sub, rows, _PHONE_E164, None)
        return _random_uuid(sub.sub("hi").words(rows), sub.sub("lo").words(rows))

    def _kind_from_index(self, kind: str, i: I64, key: int) -> pa.Array:
        if kind == "cpf":
            return cpf_from_index(i, None, False)
        if kind == "cnpj":
            return cnpj_render(i, np.ones_like(i), _CNPJ_RAW)
        if kind == "email":
            return email_from_index(i, "any", None)
        if kind == "phone":
            return phone_from_index(i, _PHONE_E164, None)
        return _uuid_from_index(i, key)

    @staticmethod
    def _scatter(kind_of_row: I64, values: dict[int, pa.Array]) -> pa.Array:
        """Reassemble per-kind results into row order."""
        order = np.concatenate([np.flatnonzero(kind_of_row == k) for k in sorted(values)])
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.shape[0])
        merged = pa.concat_arrays([values[k] for k in sorted(values)])
        return take(merged, inverse)

    def generate(self, ctx: GenContext, params: PixParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        if params.kind != "mixed":
            return self._kind_values(params.kind, s, rows)
        kind = _PIX_DIST.draw(s.sub("kind"), rows)
        values = {
            k: self._kind_values(name, s, rows[kind == k]) for k, name in enumerate(_PIX_KINDS)
        }
        return self._scatter(kind, values)

    def value_space(self, ctx: GenContext, params: PixParams) -> int:
        if params.kind != "mixed":
            return int(_PIX_SPACES[params.kind]())
        return _PIX_BLOCK * min(int(_PIX_SPACES[k]()) // n for k, n in _PIX_SLOTS)

    def from_index(self, ctx: GenContext, params: PixParams, idx: Any) -> pa.Array:
        i = as_i64(idx)
        key = derive_key(ctx.seed, ctx.table, ctx.column, self.id, "uuid")
        if params.kind != "mixed":
            return self._kind_from_index(params.kind, i, key)
        # Mixed: blocks of 20 slots, each slot a kind; a kind's k-th value in block b is its
        # (b * slots_of_kind + k)-th value, so kinds never collide (their texts differ anyway).
        block, slot = i // _PIX_BLOCK, i % _PIX_BLOCK
        slot_kind = np.repeat(np.arange(len(_PIX_SLOTS)), [n for _, n in _PIX_SLOTS])
        slot_rank = np.concatenate([np.arange(n) for _, n in _PIX_SLOTS])
        kind = slot_kind[slot]
        values = {}
        for k, (name, n) in enumerate(_PIX_SLOTS):
            mine = kind == k
            values[k] = self._kind_from_index(name, block[mine] * n + slot_rank[slot[mine]], key)
        return self._scatter(kind, values)
