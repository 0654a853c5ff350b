"""A parsed pattern, ready to sample or enumerate; compiled once per pattern (cached)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.determinism import Stream, derive_key
from datalchemy.errors import GenerationError
from datalchemy.generators.regex_sampler.decode import decode
from datalchemy.generators.regex_sampler.nodes import Chars, Lit, Node, Rep, fail
from datalchemy.generators.regex_sampler.parser import expand_charset, parse
from datalchemy.generators.regex_sampler.sampler import sample_node

__all__ = ["DEFAULT_MAX_REPEAT", "CompiledPattern", "compile_charset", "compile_pattern"]

#: Extra iterations allowed to an unbounded repeat (``*``, ``+``, ``{m,}``), as in the original.
DEFAULT_MAX_REPEAT = 32
_CHUNK_BYTES = 1 << 25  # padded bytes per chunk of rows (bounds memory for long patterns)


class CompiledPattern:
    """A parsed pattern, ready to sample; build it with :func:`compile_pattern` (cached).

    Attributes:
        pattern: the regex text.
        min_len, max_len: the shortest and longest strings it produces (in characters).
        space: the exact number of distinct strings when finite and provable, else None.
    """

    def __init__(self, pattern: str, root: Node) -> None:
        self.pattern = pattern
        self._root = root
        self.min_len = root.min_chars
        self.max_len = root.max_chars
        self.space = root.space

    # -- sampling ----------------------------------------------------------------------------

    def sample(
        self,
        stream: Stream,
        rows: npt.ArrayLike,
        *,
        min_len: int | None = None,
        max_len: int | None = None,
    ) -> pa.StringArray:
        """One matching string per row index, ``min_len <= len <= max_len`` by construction.

        Raises:
            GenerationError: ``regex_length_unsatisfiable`` when no string of the pattern has a
                length inside the bounds.
        """
        counters = np.asarray(rows).astype(np.uint64, copy=False).ravel()
        root = self._root
        lo = None if min_len is None or min_len <= root.min_chars else int(min_len)
        hi = None if max_len is None or max_len >= root.max_chars else int(max_len)
        if (lo is not None and lo > root.max_chars) or (hi is not None and hi < root.min_chars):
            raise self._length_error(min_len, max_len)
        if lo is not None and hi is not None and lo > hi:
            raise self._length_error(min_len, max_len)
        step = max(1024, _CHUNK_BYTES // max(1, root.max_bytes))
        chunks = []
        for start in range(0, max(1, counters.size), step):
            part = counters[start : start + step]
            n = part.size
            lo_a = None if lo is None else np.full(n, lo, dtype=np.int64)
            hi_a = None if hi is None else np.full(n, hi, dtype=np.int64)
            piece = sample_node(root, stream, part, lo_a, hi_a)
            if lo is not None or hi is not None:
                nch = np.broadcast_to(np.asarray(piece.nchars, dtype=np.int64), (n,))
                bad = ((nch < lo) if lo is not None else False) | (
                    (nch > hi) if hi is not None else False
                )
                if np.any(bad):
                    raise self._length_error(min_len, max_len)
            chunks.append(piece.strings())
        return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)

    def _length_error(self, min_len: int | None, max_len: int | None) -> GenerationError:
        return fail(
            "regex_length_unsatisfiable",
            f"pattern {self.pattern!r} makes strings of {self.min_len}..{self.max_len} "
            f"characters, which cannot meet the bounds [{min_len}, {max_len}]",
            self.pattern,
            hint="widen min_len / max_len or the column length, or change the pattern",
        )

    # -- unique values -----------------------------------------------------------------------

    @property
    def capacity(self) -> int:
        """How many indices :meth:`from_index` accepts (``min(space, 2**63)``; 0: none)."""
        return self._root.cap

    def from_index(self, idx: npt.ArrayLike, stream: Stream | None = None) -> pa.StringArray:
        """Distinct strings for distinct indices in ``[0, capacity)`` (mixed-radix decode).

        ``stream`` fills the positions that indices below 2**64 can never reach (patterns with
        more than 2**64 strings), so those do not all read ``A``; omitted, a fixed stream is used.

        Raises:
            GenerationError: ``regex_not_enumerable`` when the pattern has no provable space.
            ValueError: an index at or above the capacity.
        """
        root = self._root
        if root.space is None:
            raise fail(
                "regex_not_enumerable",
                f"pattern {self.pattern!r} has no exact value space (alternatives or repeats "
                "that can produce the same string), so it cannot make unique values",
                self.pattern,
                hint="use a fixed-structure pattern such as [A-Z]{3}-\\d{4}",
            )
        x = np.asarray(idx).astype(np.uint64, copy=False).ravel()
        if x.size and int(x.max()) >= root.cap:
            raise ValueError(f"index out of range for a pattern with {root.cap} values")
        fill = stream if stream is not None else Stream(derive_key("regex.fill", self.pattern))
        step = max(1024, _CHUNK_BYTES // max(1, root.max_bytes))
        chunks = [
            decode(root, x[s : s + step], fill, x[s : s + step]).strings()
            for s in range(0, max(1, x.size), step)
        ]
        return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


@lru_cache(maxsize=512)
def compile_pattern(pattern: str, max_repeat: int = DEFAULT_MAX_REPEAT) -> CompiledPattern:
    """Parse ``pattern`` once (cached by pattern and ``max_repeat``).

    Raises:
        GenerationError: ``regex_invalid`` (does not parse), ``regex_unsupported`` (backreference,
            lookaround, conditional, word boundary) or ``regex_empty_class``.
    """
    if max_repeat < 0:
        raise ValueError("max_repeat must be >= 0")
    return CompiledPattern(pattern, parse(pattern, max_repeat))


@lru_cache(maxsize=256)
def compile_charset(charset: str, min_len: int, max_len: int) -> CompiledPattern:
    """Strings of ``min_len..max_len`` characters drawn from ``charset`` (cached).

    ``charset`` lists characters and ``x-y`` ranges (``a-zA-Z0-9``); a ``-`` at either end is a
    literal hyphen, ``\\`` escapes the next character.

    Raises:
        ValueError: an empty charset or a reversed range.
    """
    cps = expand_charset(charset)
    if max_len < min_len:
        raise ValueError("max_len must be >= min_len")
    child = Chars(cps, "0.r")
    root: Node = Rep(child, min_len, max_len, "0") if max_len > 0 else Lit("", "0")
    return CompiledPattern(f"[{charset}]{{{min_len},{max_len}}}", root)
