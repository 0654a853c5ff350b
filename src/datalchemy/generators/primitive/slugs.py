"""``primitive.text.slug``: key-like text made of real words (``alegria``, ``mar-azul``,
``mar-azul-2``), unique by construction and within ``varchar(n)``.

For the text columns of keys: keywords, tags, slugs, codes, handles, labels, names and titles
that must be distinct. Values are built from the locale's key words (Portuguese for ``pt*``
locales, English otherwise; ``assets/<lang>/key_nouns.tsv`` and ``key_adjectives.txt``) in tiers:

1. a noun: ``alegria``;
2. a noun and an adjective (``mar-azul``, ``casa-antiga``: in Portuguese the adjective follows
   the noun and agrees with its gender; in English it comes first: ``blue-harbor``);
3. that pair and a number: ``mar-azul-2`` ... ``mar-azul-9``, then two digits, three, ...

``from_index`` is a mixed-radix decode over the tiers, so distinct indices give distinct values
(words hold no separator, numbers have no leading zero). Under a length limit only the words
that fit count: words are sorted by length, so the adjectives that fit after a noun are a
prefix of the list, and the space shrinks with ``n`` instead of values being cut.
``generate`` draws from tiers 1 and 2 (no numbers), which read as words.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> gen = TextSlug()
    >>> ctx = GenContext.for_column(seed=1, table="t", column="slug", locale="pt_BR")
    >>> p = gen.parse_params({})
    >>> space = gen.value_space(ctx, p)
    >>> gen.from_index(ctx, p, np.array([0, 400, space - 1], dtype=np.uint64)).to_pylist()
    ['asa', 'asa-azul', 'eclipse-calido-56799758823867']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators import assets
from datalchemy.generators._arrow import int_strings
from datalchemy.generators.base import TEXTUAL, ColumnFacts, GenContext, Generator, Rows, as_u64
from datalchemy.generators.primitive._common import (
    I64,
    MAX_SPACE,
    U64,
    StrictParams,
    capped_space,
    issue,
)
from datalchemy.generators.registry import register

__all__ = ["SlugParams", "TextSlug", "slug_space"]

Case = Literal["lower", "upper", "title"]
#: Most digits of the numbered tiers (9 * 10**14 numbers: the space reaches 2**62 well before).
_MAX_DIGITS = 15


class SlugParams(StrictParams):
    separator: Literal["-", "_", " ", "."] = Field(
        "-", description="Between words and before the number: - (slug), _ (snake), space, ."
    )
    case: Case = Field("lower", description="lower (mar-azul), upper (MAR-AZUL) or title.")
    max_words: int = Field(
        2, ge=1, le=2, description="1: a noun (then noun-2, ...); 2: also noun-adjective pairs."
    )
    numbers: bool = Field(True, description="Add numbered tiers (mar-azul-2) for more values.")
    ascii: bool = Field(True, description="Fold accents (coração -> coracao).")
    max_len: int | None = Field(
        None, ge=1, le=1_000_000, description="Longest value (default: the column's varchar(n))."
    )


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _cased(word: str, case: Case) -> str:
    if case == "upper":
        return word.upper()
    if case == "title":
        return word[:1].upper() + word[1:]
    return word


def _feminine(adjective: str) -> str:
    """The feminine of a Portuguese adjective (alto -> alta, encantador -> encantadora)."""
    if adjective.endswith("o"):
        return adjective[:-1] + "a"
    if adjective.endswith("or"):
        return adjective + "a"
    return adjective


@dataclass(frozen=True)
class _Words:
    """One vocabulary sorted by length (so the words up to a length are a prefix)."""

    vocab: pa.StringArray
    lens: I64
    #: Per word: a feminine noun (its adjective takes the feminine form).
    feminine: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, words: list[tuple[str, bool]], ascii: bool, case: Case) -> _Words:
        shaped = {_cased(_fold(w) if ascii else w, case): fem for w, fem in words}
        ordered = sorted(shaped, key=lambda w: (len(w), w))
        return cls(
            pa.array(ordered, pa.string()),
            np.array([len(w) for w in ordered], np.int64),
            np.array([shaped[w] for w in ordered], np.bool_),
        )

    def upto(self, n: int) -> int:
        """How many words have at most ``n`` characters."""
        return int(np.searchsorted(self.lens, n, side="right"))


@dataclass(frozen=True)
class _Vocabulary:
    nouns: _Words
    masculine: _Words  # adjectives after a masculine noun (every adjective in English)
    feminine: _Words
    adjective_first: bool


@cache
def _vocabulary(folder: str, ascii: bool, case: Case) -> _Vocabulary:
    nouns = [(r[0], len(r) > 1 and r[1] == "f") for r in assets.rows(folder, "key_nouns.tsv")]
    adjectives = assets.words(folder, "key_adjectives.txt")
    portuguese = folder == "pt_BR"
    return _Vocabulary(
        _Words.of(nouns, ascii, case),
        _Words.of([(a, False) for a in adjectives], ascii, case),
        _Words.of([(_feminine(a) if portuguese else a, False) for a in adjectives], ascii, case),
        adjective_first=not portuguese,
    )


@dataclass(frozen=True)
class _Tier:
    """``size`` values: ``words`` (1 or 2) words within ``budget`` characters, then a number
    of ``digits`` digits (0: none)."""

    words: int
    digits: int
    budget: int | None
    size: int


def _pair_counts(v: _Vocabulary, budget: int | None, sep: int) -> I64:
    """For each noun, how many adjectives (of its gender) fit beside it within ``budget``."""
    fem = v.nouns.feminine
    if budget is None:
        return np.where(fem, len(v.feminine.lens), len(v.masculine.lens)).astype(np.int64)
    room = budget - sep - v.nouns.lens
    m = np.searchsorted(v.masculine.lens, room, side="right")
    f = np.searchsorted(v.feminine.lens, room, side="right")
    return np.where(fem, f, m).astype(np.int64)


def _base_count(v: _Vocabulary, words: int, budget: int | None, sep: int) -> int:
    if words == 1:
        return len(v.nouns.lens) if budget is None else v.nouns.upto(budget)
    return int(_pair_counts(v, budget, sep).sum())


def _numbers(digits: int) -> tuple[int, int]:
    """(first, count) of the numbers with ``digits`` digits (one digit: 2..9)."""
    if digits == 1:
        return 2, 8
    return 10 ** (digits - 1), 9 * 10 ** (digits - 1)


def _tiers(v: _Vocabulary, p: SlugParams, limit: int | None) -> list[_Tier]:
    sep = len(p.separator)
    tiers = [_Tier(1, 0, limit, _base_count(v, 1, limit, sep))]
    if p.max_words == 2:
        tiers.append(_Tier(2, 0, limit, _base_count(v, 2, limit, sep)))
    total = sum(t.size for t in tiers)
    if p.numbers:
        for digits in range(1, _MAX_DIGITS + 1):
            budget = None if limit is None else limit - sep - digits
            base = _base_count(v, p.max_words, budget, sep)
            if base == 0 or total >= MAX_SPACE:
                break
            size = base * _numbers(digits)[1]
            tiers.append(_Tier(p.max_words, digits, budget, size))
            total += size
    return [t for t in tiers if t.size > 0]


def _limit(p: SlugParams, facts: ColumnFacts) -> int | None:
    limits = [n for n in (p.max_len, facts.length) if n is not None]
    return min(limits) if limits else None


def _setup(ctx: GenContext, p: SlugParams) -> tuple[_Vocabulary, list[_Tier]]:
    folder = assets.language_folder(ctx.locale.split("_")[0].lower())
    v = _vocabulary(folder, p.ascii, p.case)
    return v, _tiers(v, p, _limit(p, ctx.facts))


def slug_space(ctx: GenContext, params: SlugParams) -> int:
    """How many distinct values ``from_index`` makes for this column (0: none fits)."""
    _, tiers = _setup(ctx, params)
    return capped_space(sum(t.size for t in tiers))


def _decode(v: _Vocabulary, tier: _Tier, rank: U64, sep: str) -> pa.Array:
    """The values of ranks ``[0, tier.size)`` of one tier."""
    if tier.digits:
        first, _ = _numbers(tier.digits)
        base = _base_count(v, tier.words, tier.budget, len(sep))
        number = int_strings((rank // np.uint64(base)).astype(np.int64) + first)
        rank = rank % np.uint64(base)
    r = rank.astype(np.int64)
    if tier.words == 1:
        text = pc.take(v.nouns.vocab, pa.array(r))
    else:
        counts = _pair_counts(v, tier.budget, len(sep))
        ends = np.cumsum(counts)
        noun = np.searchsorted(ends, r, side="right")
        adjective = r - (ends[noun] - counts[noun])
        fem = v.nouns.feminine[noun]
        forms = pc.if_else(
            pa.array(fem),
            pc.take(v.feminine.vocab, pa.array(np.where(fem, adjective, 0))),
            pc.take(v.masculine.vocab, pa.array(np.where(fem, 0, adjective))),
        )
        parts = [pc.take(v.nouns.vocab, pa.array(noun)), forms]
        if v.adjective_first:
            parts.reverse()
        text = pc.binary_join_element_wise(*parts, sep)
    if tier.digits:
        text = pc.binary_join_element_wise(text, number, sep)
    return text


@register
class TextSlug(Generator[SlugParams]):
    id = "primitive.text.slug"
    summary = (
        "Key-like words of the locale (alegria, mar-azul, mar-azul-2): unique by construction, "
        "within varchar(n); for keywords, tags, slugs, codes and labels."
    )
    params_model = SlugParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    locales = ("en_US", "pt_BR")

    def generate(self, ctx: GenContext, params: SlugParams, rows: Rows) -> pa.Array:
        v, tiers = _setup(ctx, params)
        words = sum(t.size for t in tiers if not t.digits)
        total = capped_space(sum(t.size for t in tiers))
        if total == 0:
            raise self._too_short(ctx.facts, params)
        idx = ctx.stream(self.id, params).integers(rows, 0, (words or total) - 1)
        return self._values(v, tiers, params, as_u64(idx))

    def value_space(self, ctx: GenContext, params: SlugParams) -> int | None:
        return slug_space(ctx, params)

    def from_index(self, ctx: GenContext, params: SlugParams, idx: U64) -> pa.Array:
        v, tiers = _setup(ctx, params)
        return self._values(v, tiers, params, as_u64(idx))

    def _values(self, v: _Vocabulary, tiers: list[_Tier], p: SlugParams, x: U64) -> pa.Array:
        ends = np.array([min(e, 2**63) for e in np.cumsum([t.size for t in tiers], dtype=object)])
        ends = ends.astype(np.uint64)
        if x.size and (not tiers or int(x.max()) >= int(ends[-1])):
            raise ValueError(f"index out of range for {int(ends[-1]) if tiers else 0} values")
        which = np.searchsorted(ends, x, side="right")
        starts = np.concatenate([np.zeros(1, np.uint64), ends[:-1]])
        pieces: list[pa.Array] = []
        where: list[I64] = []
        for k in np.unique(which):
            rows = np.flatnonzero(which == k)
            pieces.append(_decode(v, tiers[int(k)], x[rows] - starts[k], p.separator))
            where.append(rows)
        if not pieces:
            return pa.array([], pa.string())
        order = np.concatenate(where)
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        return pc.take(pa.concat_arrays(pieces), pa.array(inverse))

    def _too_short(self, facts: ColumnFacts, p: SlugParams) -> GenerationError:
        return GenerationError(
            "slug_too_long",
            f"no word fits {_limit(p, facts)} characters",
            path=self.id,
            hint="use primitive.text.pattern for columns this short",
        )

    def check(self, params: SlugParams, facts: ColumnFacts) -> list[Issue]:
        limit = _limit(params, facts)
        shortest = min(
            int(_vocabulary(f, params.ascii, params.case).nouns.lens[0]) for f in ("en", "pt_BR")
        )
        if limit is not None and limit < shortest:
            return [
                issue(
                    "error",
                    "value_too_long",
                    f"the shortest key word has {shortest} characters; the column holds {limit}",
                    "/max_len",
                    hint="use primitive.text.pattern for columns this short",
                )
            ]
        return []
