"""A vectorized regex sampler: strings that ``re.fullmatch`` a pattern, many rows at once.

The pattern is parsed once (with the standard library's own regex parser, ``re._parser``) into a
small tree of nodes, cached by pattern:

- ``Lit``: constant text (runs of literals are merged);
- ``Chars``: one character from an alphabet (``.``, ``[a-z0-9_]``, ``[^...]``, ``\\d \\w \\s`` ...);
- ``Seq``: concatenation; ``Alt``: alternation ``a|b``; ``Rep``: ``* + ? {m} {m,n}``.

Sampling a batch of rows never loops over rows in Python. Every node draws from its own
counter-based sub-stream (keyed by the node's position in the tree), so a row's string depends only
on the stream key and the row index. A node's sample is a padded ``uint8`` matrix (one row per
value, one column per byte slot) plus a mask of the slots in use; concatenation stacks matrices side
by side, a repeat samples its child for ``(row, iteration)`` counters and reshapes, an alternation
samples each branch on the rows that chose it. The final strings are the masked bytes of each row,
handed to Arrow without copying them again.

Length bounds (``min_len`` / ``max_len``, e.g. a ``varchar(n)`` column) are honoured by
construction: each node receives the per-row character budget left by its neighbours, repeats pick
their count inside it and alternations pick only among branches that fit.

Semantics worth knowing:

- ``.`` and negated classes draw from printable ASCII (space to ``~``); ``\\s`` is a space, ``\\d``
  ``0-9``, ``\\w`` ``[A-Za-z0-9_]`` (ASCII subsets of what Python matches, so ``fullmatch`` holds).
- Unbounded repeats (``*``, ``+``, ``{m,}``) take at most ``m + max_repeat`` iterations.
- ``^ $ \\A \\Z`` are ignored; ``(?i)`` draws letters in both cases.
- Backreferences, lookarounds, conditionals and ``\\b`` / ``\\B`` are rejected with a
  :class:`~datalchemy.errors.GenerationError` naming the construct.

Unique values: :func:`space_size` counts the distinct strings a pattern can produce when that count
is finite and provably exact (no two derivations of the same string), and :func:`from_index` maps
``[0, space)`` injectively onto them by a mixed-radix decode (``[A-Z]{3}-\\d{4}``: index ``i`` is
the letters ``i // 10**4`` in base 26 and the digits ``i % 10**4``).

Example:
    >>> import re
    >>> import numpy as np
    >>> from datalchemy.determinism import Stream
    >>> values = sample(r"[A-Z]{3}-\\d{4}", Stream(7), np.arange(3))
    >>> all(re.fullmatch(r"[A-Z]{3}-\\d{4}", v) for v in values.to_pylist())
    True
    >>> space_size(r"[A-Z]{3}-\\d{4}")
    175760000
    >>> from_index(r"[A-Z]{3}-\\d{4}", np.array([0, 1, 10000], dtype=np.uint64)).to_pylist()
    ['AAA-0000', 'AAA-0001', 'AAB-0000']
"""

from __future__ import annotations

import numpy.typing as npt
import pyarrow as pa

from datalchemy.determinism import Stream
from datalchemy.generators.regex_sampler.compiled import (
    DEFAULT_MAX_REPEAT,
    CompiledPattern,
    compile_charset,
    compile_pattern,
)

__all__ = [
    "DEFAULT_MAX_REPEAT",
    "CompiledPattern",
    "compile_charset",
    "compile_pattern",
    "from_index",
    "length_bounds",
    "sample",
    "space_size",
]


def length_bounds(pattern: str, max_repeat: int = DEFAULT_MAX_REPEAT) -> tuple[int, int]:
    """The shortest and longest strings ``pattern`` produces, in characters."""
    c = compile_pattern(pattern, max_repeat)
    return c.min_len, c.max_len


def sample(
    pattern: str,
    stream: Stream,
    rows: npt.ArrayLike,
    *,
    max_repeat: int = DEFAULT_MAX_REPEAT,
    min_len: int | None = None,
    max_len: int | None = None,
) -> pa.StringArray:
    """One string matching ``pattern`` per row index (see :meth:`CompiledPattern.sample`)."""
    return compile_pattern(pattern, max_repeat).sample(
        stream, rows, min_len=min_len, max_len=max_len
    )


def space_size(pattern: str, max_repeat: int = DEFAULT_MAX_REPEAT) -> int | None:
    """Exact number of distinct strings ``pattern`` produces, or None when not provable.

    None means the space is not finite in a way we can count exactly: alternatives or optional
    parts that may produce the same string twice (``a|a``, ``a*a*``).
    """
    return compile_pattern(pattern, max_repeat).space


def from_index(
    pattern: str,
    idx: npt.ArrayLike,
    *,
    max_repeat: int = DEFAULT_MAX_REPEAT,
    stream: Stream | None = None,
) -> pa.StringArray:
    """Distinct matching strings for distinct indices (see :meth:`CompiledPattern.from_index`)."""
    return compile_pattern(pattern, max_repeat).from_index(idx, stream)
