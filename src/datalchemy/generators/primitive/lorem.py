"""``primitive.text.lorem``: lorem ipsum words, within the length limits by construction."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators import assets
from datalchemy.generators.base import (
    TEXTUAL,
    ColumnFacts,
    GenContext,
    Generator,
    Rows,
    as_u64,
)
from datalchemy.generators.primitive._common import (
    I64,
    issue,
)
from datalchemy.generators.primitive.text import TextLimits, length_bounds, length_issues
from datalchemy.generators.registry import register

__all__ = ["TextLorem", "lorem_words"]


def lorem_words() -> tuple[str, ...]:
    """The original datalchemy's 19 lorem words (``assets/common/lorem_words.txt``)."""
    return assets.words("common", "lorem_words.txt")


class _LoremTable:
    """The lorem words sorted by length (so the words of a length range are a slice)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = sorted(words, key=lambda w: (len(w), w))
        self.lens = np.array([len(w) for w in self.words], dtype=np.int64)
        self.shortest = int(self.lens.min())
        self.longest = int(self.lens.max())
        self.vocab = pa.array(self.words, type=pa.string())


@cache
def _lorem() -> _LoremTable:
    return _LoremTable(lorem_words())


class LoremParams(TextLimits):
    words: int | None = Field(
        None, ge=0, le=1000, description="Exact number of words (overrides min/max_words)."
    )
    min_words: int = Field(3, ge=0, le=1000, description="Fewest words.")
    max_words: int = Field(8, ge=0, le=1000, description="Most words.")

    @model_validator(mode="after")
    def _counts(self) -> LoremParams:
        lo, hi = self.word_bounds
        if lo > hi:
            raise ValueError(f"min_words ({lo}) must be <= max_words ({hi})")
        if lo == 0 and not self.allow_empty:
            raise ValueError("0 words makes an empty string; set allow_empty or min_words >= 1")
        return self

    @property
    def word_bounds(self) -> tuple[int, int]:
        if self.words is not None:
            return self.words, self.words
        return self.min_words, self.max_words


def _lorem_counts(params: LoremParams, facts: ColumnFacts) -> tuple[int, int, int, int | None]:
    """(fewest words, most words, min chars, max chars) that can all be met together."""
    lo_c, hi_c = length_bounds(params, facts, None)
    wmin, wmax = params.word_bounds
    t = _lorem()
    cmin = max(wmin, -(-(lo_c + 1) // (t.longest + 1)) if lo_c > 0 else wmin)
    cmax = wmax if hi_c is None else min(wmax, (hi_c + 1) // (t.shortest + 1))
    if cmin > cmax or (cmax == 0 and lo_c > 0):
        raise GenerationError(
            "lorem_unsatisfiable",
            f"{wmin}..{wmax} lorem words cannot make a text of {lo_c}..{hi_c} characters",
            path="primitive.text.lorem",
            hint="adjust min_words/max_words or min_len/max_len",
        )
    return cmin, cmax, lo_c, hi_c


@register
class TextLorem(Generator[LoremParams]):
    id = "primitive.text.lorem"
    summary = "Lorem ipsum words joined by spaces, within the length limits by construction."
    params_model = LoremParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def generate(self, ctx: GenContext, params: LoremParams, rows: Rows) -> pa.Array:
        cmin, cmax, lo_c, hi_c = _lorem_counts(params, ctx.facts)
        t = _lorem()
        s = ctx.stream(self.id, params)
        counters = as_u64(rows)
        n = counters.size
        count = (
            np.full(n, cmin, dtype=np.int64)
            if cmin == cmax
            else s.sub("count").integers(counters, cmin, cmax)
        )
        if cmax == 0:
            return pa.array(np.full(n, "", dtype=object), type=pa.string())
        m_key = max(1, params.word_bounds[1])  # counters of word j: row * m_key + j
        picks = np.zeros((n, cmax), dtype=np.int64)
        used = np.zeros(n, dtype=np.int64)  # characters so far (with separators)
        nwords = len(t.words)
        ws = s.sub("word")
        step_min, step_max = t.shortest + 1, t.longest + 1
        loose = (hi_c is None or cmax * step_max - 1 <= hi_c) and lo_c <= cmin * step_min - 1
        for j in range(cmax):
            with np.errstate(over="ignore"):
                u = ws.uniform(counters * np.uint64(m_key) + np.uint64(j))
            if loose:
                picks[:, j] = (u * nwords).astype(np.int64)
            else:
                sep = 1 if j else 0
                rest = np.maximum(count - j - 1, 0)
                lo_w = np.full(n, t.shortest, dtype=np.int64)
                hi_w = np.full(n, t.longest, dtype=np.int64)
                if hi_c is not None:
                    hi_w = np.minimum(hi_w, hi_c - used - sep - rest * step_min)
                if lo_c > 0:
                    lo_w = np.maximum(lo_w, lo_c - used - sep - rest * step_max)
                a = np.searchsorted(t.lens, lo_w, side="left")
                b = np.searchsorted(t.lens, hi_w, side="right")
                empty = b <= a  # a gap in the lengths: prefer fitting the maximum
                a = np.where(empty, np.maximum(b - 1, 0), a)
                b = np.where(empty, np.maximum(b, 1), b)
                picks[:, j] = a + (u * (b - a)).astype(np.int64)
            active = count > j
            used += np.where(active, t.lens[picks[:, j]] + (1 if j else 0), 0)
        if (lo_c > 0 and np.any(used < lo_c)) or (hi_c is not None and np.any(used > hi_c)):
            raise GenerationError(
                "lorem_unsatisfiable",
                f"lorem text cannot meet the length bounds [{lo_c}, {hi_c}] for some rows",
                path=self.id,
                hint="widen min_len/max_len or adjust the word counts",
            )
        return _lorem_strings(picks, count)

    def check(self, params: LoremParams, facts: ColumnFacts) -> list[Issue]:
        issues = length_issues(params, facts)
        try:
            _lorem_counts(params, facts)
        except GenerationError as exc:
            issues.append(issue("error", exc.code, exc.message, "/max_words", exc.hint))
        return issues


def _lorem_strings(picks: I64, count: I64) -> pa.Array:
    """Space-joined words: ``picks[r, :count[r]]`` of every row (Arrow's C++ list join)."""
    n, m = picks.shape
    active = np.arange(m)[None, :] < count[:, None]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(count, out=offsets[1:])
    words = pc.take(_lorem().vocab, pa.array(picks[active]))
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), words), " ")
