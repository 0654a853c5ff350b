"""Label lists: a fixed list of labels picked with realistic weights, read from
``assets/pt_BR/domain_labels.tsv`` (one row per label: generator ID, label, weight, extra).

``uniform: true`` picks the labels evenly, as the original did. The value space is the number of
labels, so a UNIQUE column gets distinct labels by construction.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets
from datalchemy.generators._arrow import take, vocabulary
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, Params, Rows
from datalchemy.generators.vocab import ascii_fold

__all__ = ["ENUM_FITS", "ChoiceParams", "LabelParams", "LabelPick"]

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

#: Label lists that fill enum columns as well as text.
ENUM_FITS = TEXTUAL | {TypeFamily.ENUM}


class ChoiceParams(Params):
    uniform: bool = Field(
        False, description="Pick every label with the same probability (the original's behaviour)."
    )


class LabelParams(ChoiceParams):
    ascii: bool = Field(False, description="Drop accents (`Indicação` becomes `Indicacao`).")


class LabelPick(Generator[ChoiceParams]):
    """A pick from :attr:`labels` with :attr:`weights` (or uniform); value space = number of labels.

    Subclasses set ``id`` and ``summary``; their labels are the rows of ``domain_labels.tsv``
    with that ID (a subclass with another source overrides :meth:`_label_rows`).
    """

    params_model = ChoiceParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def _label_rows(self) -> list[tuple[str, ...]]:
        """(label, weight or "", extra or "") of every label, in order."""
        rows = [r[1:] for r in assets.rows("pt_BR", "domain_labels.tsv") if r[0] == self.id]
        if not rows:
            raise ValueError(f"domain_labels.tsv has no labels for {self.id}")
        return [(*r, "", "")[:3] for r in rows]

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """The labels, in order."""
        return tuple(r[0] for r in self._label_rows())

    @cached_property
    def weights(self) -> tuple[float, ...] | None:
        """Relative frequencies, aligned with :attr:`labels`; None means uniform."""
        weights = [r[1] for r in self._label_rows()]
        return tuple(float(w) for w in weights) if any(weights) else None

    @cached_property
    def extra(self) -> tuple[str, ...]:
        """The third field of every label (display name, win probability, ...)."""
        return tuple(r[2] for r in self._label_rows())

    @cached_property
    def _vocab(self) -> pa.Array:
        return vocabulary(self.labels)

    @cached_property
    def _vocab_ascii(self) -> pa.Array:
        return vocabulary([ascii_fold(s) for s in self.labels])

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        return self._vocab_ascii if getattr(params, "ascii", False) else self._vocab

    def pick(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> I64:
        """Label indices for ``rows`` (weighted unless ``uniform``)."""
        stream = ctx.stream(self.id, params)
        if params.uniform or self.weights is None:
            return stream.choice(rows, len(self.labels))
        return stream.weighted(rows, self.weights)

    def generate(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> pa.Array:
        return take(self._vocabulary(params), self.pick(ctx, params, rows))

    def value_space(self, ctx: GenContext, params: ChoiceParams) -> int | None:
        return len(self.labels)

    def from_index(self, ctx: GenContext, params: ChoiceParams, idx: U64) -> pa.Array:
        return take(self._vocabulary(params), idx.astype(np.int64))
