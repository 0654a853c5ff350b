"""Qualified values: a unique column keeps its generator's values and still gets enough of them.

When a UNIQUE column needs more rows than its generator has values (8 pipelines, 3 pipeline
names), or its generator cannot enumerate values at all (a raw Faker ID), a repaired plan marks
the rule ``disambiguate``. The column's generator is then wrapped in a
:class:`QualifiedGenerator`: its ``n`` values (its value space, or a vocabulary sampled from it)
are repeated ``ceil(rows / n)`` times, and every repeat after the first carries a number::

    Funil Vendas, Funil Vendas 2, Funil Vendas 3        (words)
    ana.souza@exemplo.com, ana.souza.2@exemplo.com      (e-mail addresses: in the local part)

Key index ``i`` is value ``i % n`` of repeat ``i // n``, so the wrapped generator is injective
and unique columns stay distinct by construction, blockwise, for any worker count. A value is
never replaced by a placeholder such as ``value_00001``.

:func:`qualify` is the same numbering for single values; :mod:`.existing` uses it for the rows
whose value is already in the target or repeated by a transform.

Example:
    >>> qualify("Funil Vendas", 2), qualify("ana.souza@exemplo.com", 3)
    ('Funil Vendas 2', 'ana.souza.3@exemplo.com')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import GenContext, Generator, Params, Rows

__all__ = [
    "SAMPLE_ROWS",
    "QualifiedGenerator",
    "Style",
    "qualified_space",
    "qualify",
    "vocabulary",
]

#: Draws taken from a generator that cannot enumerate its values, to find its vocabulary.
SAMPLE_ROWS = 4096
#: Largest value space used as a vocabulary as it is (beyond: the space is already ample).
_MAX_VOCABULARY = 1 << 20

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")

Style = Literal["words", "email"]
#: Separators tried in order until the numbering cannot be confused with a value.
_SEPARATORS: dict[Style, tuple[str, ...]] = {"words": (" ", " #", " nº "), "email": (".", "+", "_")}


def _style(values: list[str]) -> Style:
    return "email" if values and all(_EMAIL.match(v) for v in values) else "words"


def qualify(value: str, k: int, *, separator: str | None = None, limit: int | None = None) -> str:
    """``value`` with qualifier ``k`` (2, 3, ...), cut to ``limit`` characters if given.

    E-mail addresses get the number at the end of the local part, anything else after a space.
    When the result would be longer than ``limit``, the value (not the number) is shortened.
    """
    style: Style = "email" if _EMAIL.match(value) else "words"
    sep = separator if separator is not None else _SEPARATORS[style][0]
    suffix = f"{sep}{k}"
    if style == "email":
        local, _, domain = value.rpartition("@")
        if limit is not None:
            local = local[: max(1, limit - len(suffix) - len(domain) - 1)]
        return f"{local}{suffix}@{domain}"
    if limit is not None:
        value = value[: max(0, limit - len(suffix))]
    return f"{value}{suffix}"


def _unambiguous(labels: list[str], style: Style, repeats: int) -> str:
    """The first separator whose numbered values cannot equal a label of the vocabulary.

    Numbered values never equal each other (the number follows the last separator and has no
    separator in it); a number could only make a value equal to another label, e.g. ``Lote`` +
    ``2`` and a label ``Lote 2``.
    """
    known = set(labels)
    for sep in _SEPARATORS[style]:
        pattern = re.compile(rf"^(.*){re.escape(sep)}([1-9][0-9]*)(@[^@]*)?$")
        clash = False
        for label in labels:
            m = pattern.match(label)
            if m is None:
                continue
            base = m.group(1) + (m.group(3) or "")
            if base in known and 2 <= int(m.group(2)) <= repeats:
                clash = True
                break
        if not clash:
            return sep
    return _SEPARATORS[style][-1] + "#"


@dataclass(frozen=True)
class Vocabulary:
    """The values a generator can make for one column: enumerated, or sampled."""

    values: pa.Array  # distinct, in index order
    enumerated: bool  # True: from the generator's own from_index

    @property
    def size(self) -> int:
        return len(self.values)


def _sample_context(ctx: GenContext, generator_id: str) -> GenContext:
    # NOTE: the vocabulary depends on (generator, params, locale, base_date) only, not on the
    # column's key: plan validation and every worker see the same one.
    return GenContext(
        seed=0,
        table="datalchemy.vocabulary",
        column=generator_id,
        locale=ctx.locale,
        base_date=ctx.base_date,
        facts=ctx.facts,
    )


def vocabulary(gen: Generator[Any], params: Params, ctx: GenContext) -> Vocabulary | None:
    """The distinct values of ``gen`` in index order: its value space when it has one of
    reasonable size, else the distinct values of :data:`SAMPLE_ROWS` draws (first seen first).
    None when it makes no text-like value at all."""
    try:
        space = gen.value_space(ctx, params)
    except Exception:
        space = None
    if space is not None and 0 < space <= _MAX_VOCABULARY:
        idx = np.arange(space, dtype=np.uint64)
        values = pc.cast(gen.from_index(_sample_context(ctx, gen.id), params, idx), pa.string())
        return Vocabulary(values, True)
    rows = np.arange(SAMPLE_ROWS, dtype=np.int64)
    try:
        drawn = gen.generate(_sample_context(ctx, gen.id), params, rows)
    except Exception:
        return None
    text = pc.cast(drawn, pa.string()).drop_null()
    distinct = list(dict.fromkeys(text.to_pylist()))
    if not distinct:
        return None
    return Vocabulary(pa.array(distinct, pa.string()), False)


def qualified_space(gen: Generator[Any], params: Params, ctx: GenContext, rows: int) -> int | None:
    """Distinct values a ``disambiguate`` column has for ``rows`` rows (None: none at all)."""
    vocab = vocabulary(gen, params, ctx)
    if vocab is None:
        return None
    repeats = max(1, math.ceil(rows / vocab.size))
    return vocab.size * repeats


class QualifiedGenerator(Generator[Params]):
    """``base`` with its values repeated and numbered, for a unique column of ``rows`` rows.

    Not in the catalog: the engine wraps a column's generator in it when the column's rule says
    ``disambiguate``. Row values that are not unique (``generate``) are the base's own.
    """

    output = TypeFamily.TEXT

    def __init__(self, base: Generator[Any], rows: int) -> None:
        self.base = base
        self.rows = rows
        self._cache: dict[tuple[str, str, str], tuple[Vocabulary, int, str]] = {}

    @classmethod
    def wrap(cls, base: Generator[Any], rows: int) -> QualifiedGenerator:
        """``base`` wrapped for a column of ``rows`` rows (same ID, params, fits and PII)."""
        attrs = {
            "id": base.id,
            "summary": f"{base.id}, numbered when repeated",
            "params_model": base.params_model,
            "fits": base.fits,
            "pii": base.pii,
        }
        wrapper: type[QualifiedGenerator] = type(f"Qualified{type(base).__name__}", (cls,), attrs)
        return wrapper(base, rows)

    def _layout(self, ctx: GenContext, params: Params) -> tuple[Vocabulary, int, str] | None:
        key = (ctx.locale, str(ctx.base_date), params.model_dump_json())
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        vocab = vocabulary(self.base, params, ctx)
        if vocab is None:
            return None
        repeats = max(1, math.ceil(self.rows / vocab.size))
        labels = vocab.values.to_pylist() if repeats > 1 else []
        sep = _unambiguous(labels, _style(labels), repeats) if repeats > 1 else " "
        self._cache[key] = (vocab, repeats, sep)
        return self._cache[key]

    def examples(self, ctx: GenContext, params: Params) -> list[str]:
        """A value and its first numbered repeat (``['Prospeccao', 'Prospeccao 2']``)."""
        layout = self._layout(ctx, params)
        if layout is None:
            return []
        vocab, repeats, _ = layout
        picks = [0, vocab.size] if repeats > 1 else [0]
        return [
            str(v) for v in self.from_index(ctx, params, np.array(picks, np.uint64)).to_pylist()
        ]

    def output_family(self, params: Params) -> TypeFamily:
        return self.base.output_family(params)

    def generate(self, ctx: GenContext, params: Params, rows: Rows) -> pa.Array:
        return self.base.generate(ctx, params, rows)

    def value_space(self, ctx: GenContext, params: Params) -> int | None:
        layout = self._layout(ctx, params)
        if layout is None:
            return None
        vocab, repeats, _ = layout
        return vocab.size * repeats

    def from_index(self, ctx: GenContext, params: Params, idx: npt.NDArray[np.uint64]) -> pa.Array:
        layout = self._layout(ctx, params)
        if layout is None:
            raise NotImplementedError(f"{self.id} has no values to number")
        vocab, _, sep = layout
        n = np.uint64(vocab.size)
        index = np.asarray(idx, dtype=np.uint64)
        base_idx = (index % n).astype(np.int64)
        repeat = (index // n).astype(np.int64)
        values = vocab.values.take(pa.array(base_idx))
        if not (repeat > 0).any():
            return values
        return _numbered(values, repeat + 1, repeat > 0, sep)


def _numbered(
    values: pa.Array, numbers: npt.NDArray[np.int64], where: npt.NDArray[np.bool_], sep: str
) -> pa.Array:
    """``values`` with ``numbers`` appended where ``where`` (vectorized; e-mails in the local
    part)."""
    text = pc.cast(pa.array(numbers), pa.string())
    mask = pa.array(where)
    is_email = pc.match_substring_regex(values, _EMAIL.pattern)
    parts = pc.extract_regex(values, r"^(?P<local>.*)@(?P<domain>[^@]*)$")
    local = pc.struct_field(parts, "local")
    domain = pc.struct_field(parts, "domain")
    email_sep = sep if sep in _SEPARATORS["email"] else "."
    words_sep = sep if sep not in _SEPARATORS["email"] else " "
    as_email = pc.binary_join_element_wise(
        pc.binary_join_element_wise(local, text, email_sep), domain, "@"
    )
    as_words = pc.binary_join_element_wise(values, text, words_sep)
    numbered = pc.if_else(pc.fill_null(is_email, False), as_email, as_words)
    return pc.if_else(mask, numbered, values)
