"""``primitive.text.lorem`` and ``primitive.text.words``: words joined by spaces, within the
length limits by construction, and unique by construction where every sequence fits.

Both run the same machinery over a vocabulary (:class:`WordTable`): lorem over the original's 19
lorem words, ``words`` over the locale's key words (``assets/<lang>/key_nouns.tsv`` and
``key_adjectives.txt``), which read like real text (``mar azul alegria``) and, as plain words,
are valid ``tsvector`` input.

Unique values: a sequence of *k* words is a number of *k* digits in base *V* (the vocabulary
size), so ``from_index`` is a mixed-radix decode over the word counts whose every sequence fits
the length limits (``V + V**2 + ...``). Word positions that indices below 2**62 can never reach
are filled from the stream, so long texts do not all start with the same words.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> gen = TextWords()
    >>> ctx = GenContext.for_column(seed=1, table="t", column="tags", locale="pt_BR")
    >>> p = gen.parse_params({"min_words": 1, "max_words": 2})
    >>> values = gen.from_index(ctx, p, np.arange(3, dtype=np.uint64)).to_pylist()
    >>> len(set(values)), all(1 <= len(v.split()) <= 2 for v in values)
    (3, True)
"""

from __future__ import annotations

from functools import cache
from itertools import accumulate

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
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
    MAX_SPACE,
    U64,
    capped_space,
    issue,
)
from datalchemy.generators.primitive.text import TextLimits, length_bounds, length_issues
from datalchemy.generators.registry import register

__all__ = ["TextLorem", "TextWords", "WordTable", "lorem_words"]


def lorem_words() -> tuple[str, ...]:
    """The original datalchemy's 19 lorem words (``assets/common/lorem_words.txt``)."""
    return assets.words("common", "lorem_words.txt")


class WordTable:
    """Words sorted by length (so the words of a length range are a slice)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = sorted(dict.fromkeys(words), key=lambda w: (len(w), w))
        self.lens = np.array([len(w) for w in self.words], dtype=np.int64)
        self.shortest = int(self.lens.min())
        self.longest = int(self.lens.max())
        self.vocab = pa.array(self.words, type=pa.string())


@cache
def _lorem() -> WordTable:
    return WordTable(lorem_words())


@cache
def _locale_words(folder: str) -> WordTable:
    nouns = assets.words(folder, "key_nouns.tsv")
    adjectives = assets.words(folder, "key_adjectives.txt")
    return WordTable(nouns + adjectives)


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


def _counts(
    t: WordTable, params: LoremParams, facts: ColumnFacts, gen_id: str
) -> tuple[int, int, int, int | None]:
    """(fewest words, most words, min chars, max chars) that can all be met together."""
    lo_c, hi_c = length_bounds(params, facts, None)
    wmin, wmax = params.word_bounds
    cmin = max(wmin, -(-(lo_c + 1) // (t.longest + 1)) if lo_c > 0 else wmin)
    cmax = wmax if hi_c is None else min(wmax, (hi_c + 1) // (t.shortest + 1))
    if cmin > cmax or (cmax == 0 and lo_c > 0):
        raise GenerationError(
            "lorem_unsatisfiable",
            f"{wmin}..{wmax} words cannot make a text of {lo_c}..{hi_c} characters",
            path=gen_id,
            hint="adjust min_words/max_words or min_len/max_len",
        )
    return cmin, cmax, lo_c, hi_c


def _sample(
    t: WordTable, params: LoremParams, facts: ColumnFacts, s: Stream, rows: Rows, gen_id: str
) -> pa.Array:
    """Random texts of ``t``'s words, each within the length limits by construction."""
    cmin, cmax, lo_c, hi_c = _counts(t, params, facts, gen_id)
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
            f"the text cannot meet the length bounds [{lo_c}, {hi_c}] for some rows",
            path=gen_id,
            hint="widen min_len/max_len or adjust the word counts",
        )
    return _strings(t, picks, count)


def _strings(t: WordTable, picks: I64, count: I64) -> pa.Array:
    """Space-joined words: ``picks[r, :count[r]]`` of every row (Arrow's C++ list join)."""
    n, m = picks.shape
    active = np.arange(m)[None, :] < count[:, None]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(count, out=offsets[1:])
    words = pc.take(t.vocab, pa.array(picks[active]))
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), words), " ")


def _exact_counts(
    t: WordTable, params: LoremParams, facts: ColumnFacts, gen_id: str
) -> tuple[int, int] | None:
    """The word counts whose every sequence fits the length limits (None: no such count)."""
    cmin, cmax, lo_c, hi_c = _counts(t, params, facts, gen_id)
    k_lo, k_hi = max(cmin, 1), cmax
    while k_lo <= k_hi and k_lo * (t.shortest + 1) - 1 < lo_c:
        k_lo += 1
    while k_hi >= k_lo and hi_c is not None and k_hi * (t.longest + 1) - 1 > hi_c:
        k_hi -= 1
    return (k_lo, k_hi) if k_lo <= k_hi else None


def _tiers(t: WordTable, counts: tuple[int, int]) -> list[tuple[int, int]]:
    """(word count, sequences of that count) reachable below 2**62, fewest words first."""
    v = len(t.words)
    out: list[tuple[int, int]] = []
    total = 0
    for k in range(counts[0], counts[1] + 1):
        size = v**k
        out.append((k, size))
        total += size
        if total >= MAX_SPACE:
            break
    return out


def _space(t: WordTable, params: LoremParams, facts: ColumnFacts, gen_id: str) -> int | None:
    counts = _exact_counts(t, params, facts, gen_id)
    if counts is None:
        return None
    return capped_space(sum(size for _, size in _tiers(t, counts)))


def _from_index(
    t: WordTable, params: LoremParams, facts: ColumnFacts, s: Stream, idx: U64, gen_id: str
) -> pa.Array:
    counts = _exact_counts(t, params, facts, gen_id)
    if counts is None:
        raise GenerationError(
            "not_enumerable", f"{gen_id}: no word count fits the length limits", path=gen_id
        )
    tiers = _tiers(t, counts)
    x = as_u64(idx)
    # Tier boundaries below 2**62 are exact; the last one may be far beyond (capped, unused).
    ends = np.array([min(e, 2**63) for e in accumulate(size for _, size in tiers)], np.uint64)
    if x.size and int(x.max()) >= int(ends[-1]):
        raise ValueError(f"index out of range for {int(ends[-1])} word sequences")
    tier = np.searchsorted(ends, x, side="right")
    starts = np.concatenate([np.zeros(1, np.uint64), ends[:-1]])
    v = len(t.words)
    kmax = max(k for k, _ in tiers)
    picks = np.zeros((x.size, kmax), dtype=np.int64)
    count = np.array([k for k, _ in tiers], dtype=np.int64)[tier]
    rank = x - starts[tier]
    # Digits of the rank in base v; positions past what 2**62 indices reach come from the stream.
    reach = 1
    while v**reach < MAX_SPACE and reach < kmax:
        reach += 1
    fill = s.sub("fill")
    for j in range(kmax):
        if j < reach:
            picks[:, j] = (rank % np.uint64(v)).astype(np.int64)
            rank = rank // np.uint64(v)
        else:
            with np.errstate(over="ignore"):
                key = x * np.uint64(kmax) + np.uint64(j)
            picks[:, j] = fill.integers(key, 0, v - 1)
    return _strings(t, picks, count)


@register
class TextLorem(Generator[LoremParams]):
    id = "primitive.text.lorem"
    summary = "Lorem ipsum words joined by spaces, within the length limits by construction."
    params_model = LoremParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def generate(self, ctx: GenContext, params: LoremParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        return _sample(_lorem(), params, ctx.facts, s, rows, self.id)

    def value_space(self, ctx: GenContext, params: LoremParams) -> int | None:
        return _space(_lorem(), params, ctx.facts, self.id)

    def from_index(self, ctx: GenContext, params: LoremParams, idx: U64) -> pa.Array:
        s = ctx.stream(self.id, params, "from_index")
        return _from_index(_lorem(), params, ctx.facts, s, idx, self.id)

    def check(self, params: LoremParams, facts: ColumnFacts) -> list[Issue]:
        return _check(_lorem(), params, facts, self.id)


def _check(t: WordTable, params: LoremParams, facts: ColumnFacts, gen_id: str) -> list[Issue]:
    issues = length_issues(params, facts)
    try:
        _counts(t, params, facts, gen_id)
    except GenerationError as exc:
        issues.append(issue("error", exc.code, exc.message, "/max_words", exc.hint))
    return issues


class WordsParams(LoremParams):
    min_words: int = Field(2, ge=0, le=1000, description="Fewest words.")
    max_words: int = Field(5, ge=0, le=1000, description="Most words.")


@register
class TextWords(Generator[WordsParams]):
    id = "primitive.text.words"
    summary = (
        "Words of the locale (pt_BR or English nouns and adjectives) joined by spaces, within "
        "the length limits; also valid tsvector text."
    )
    params_model = WordsParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    locales = ("en_US", "pt_BR")

    @staticmethod
    def _table(ctx: GenContext) -> WordTable:
        return _locale_words(assets.language_folder(ctx.locale.split("_")[0].lower()))

    def generate(self, ctx: GenContext, params: WordsParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        return _sample(self._table(ctx), params, ctx.facts, s, rows, self.id)

    def value_space(self, ctx: GenContext, params: WordsParams) -> int | None:
        return _space(self._table(ctx), params, ctx.facts, self.id)

    def from_index(self, ctx: GenContext, params: WordsParams, idx: U64) -> pa.Array:
        s = ctx.stream(self.id, params, "from_index")
        return _from_index(self._table(ctx), params, ctx.facts, s, idx, self.id)

    def check(self, params: WordsParams, facts: ColumnFacts) -> list[Issue]:
        # The locale is not known here: judged with the vocabulary whose lengths are wider.
        tables = [_locale_words(f) for f in ("en", "pt_BR")]
        return _check(max(tables, key=lambda t: t.longest), params, facts, self.id)
