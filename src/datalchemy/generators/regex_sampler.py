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

import importlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.determinism import Stream, derive_key
from datalchemy.errors import GenerationError

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

#: Extra iterations allowed to an unbounded repeat (``*``, ``+``, ``{m,}``), as in the original.
DEFAULT_MAX_REPEAT = 32

_sre: Any = importlib.import_module("re._parser")  # the stdlib regex parser (no type stubs)

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
U8 = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]

_PRINTABLE = np.arange(0x20, 0x7F, dtype=np.int64)
_DIGITS = np.arange(ord("0"), ord("9") + 1, dtype=np.int64)
_WORD = np.array(
    sorted({*range(ord("a"), ord("z") + 1), *range(ord("A"), ord("Z") + 1), *_DIGITS.tolist(), 95}),
    dtype=np.int64,
)
_SPACE = np.array([ord(" ")], dtype=np.int64)
_IGNORECASE = 2  # re.IGNORECASE / SRE_FLAG_IGNORECASE
_BIG = 2**64  # index arithmetic is uint64; capacities stay below it
_CAP = 2**63  # index capacity of one node (a safe bound for uint64 arithmetic)
_CHUNK_BYTES = 1 << 25  # padded bytes per chunk of rows (bounds memory for long patterns)


def _fail(code: str, message: str, pattern: str, hint: str | None = None) -> GenerationError:
    return GenerationError(code, message, path=pattern, hint=hint)


# --------------------------------------------------------------------------------------------
# Character tables
# --------------------------------------------------------------------------------------------


def _utf8_table(cps: I64) -> tuple[U8, I64]:
    """UTF-8 bytes of code points, padded to a common width: (table (m, k), byte lengths (m,))."""
    c = cps.astype(np.int64)
    blen = np.where(c < 0x80, 1, np.where(c < 0x800, 2, np.where(c < 0x10000, 3, 4))).astype(
        np.int64
    )
    k = int(blen.max()) if c.size else 1
    t = np.zeros((c.size, k), dtype=np.int64)
    one, two, three, four = blen == 1, blen == 2, blen == 3, blen == 4
    t[one, 0] = c[one]
    if k >= 2:
        t[two, 0] = 0xC0 | (c[two] >> 6)
        t[two, 1] = 0x80 | (c[two] & 0x3F)
    if k >= 3:
        t[three, 0] = 0xE0 | (c[three] >> 12)
        t[three, 1] = 0x80 | ((c[three] >> 6) & 0x3F)
        t[three, 2] = 0x80 | (c[three] & 0x3F)
    if k >= 4:
        t[four, 0] = 0xF0 | (c[four] >> 18)
        t[four, 1] = 0x80 | ((c[four] >> 12) & 0x3F)
        t[four, 2] = 0x80 | ((c[four] >> 6) & 0x3F)
        t[four, 3] = 0x80 | (c[four] & 0x3F)
    return t.astype(np.uint8), blen


def _swapcase(cps: I64) -> I64:
    """Code points plus the other case of every ASCII letter among them."""
    lower = (cps >= ord("a")) & (cps <= ord("z"))
    upper = (cps >= ord("A")) & (cps <= ord("Z"))
    extra = np.concatenate([cps[lower] - 32, cps[upper] + 32])
    return np.union1d(cps, extra)


# --------------------------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------------------------


class _Node:
    """A node: ``min_chars`` / ``max_chars`` (length bounds), ``max_bytes`` (matrix width),
    ``space`` (exact count of distinct strings when provable, else None), ``cap`` (how many of
    them :func:`_decode` can address, at most 2**63) and ``path`` (its sub-stream name)."""

    __slots__ = ("cap", "max_bytes", "max_chars", "min_chars", "path", "space")

    min_chars: int
    max_chars: int
    max_bytes: int
    space: int | None
    cap: int
    path: str

    @property
    def fixed(self) -> bool:
        return self.min_chars == self.max_chars

    def positions(self) -> list[I64] | None:
        """Per-position alphabets when the language is a product of character sets."""
        return None

    def _finish(self, path: str) -> None:
        self.path = path
        self.cap = min(self.space, _CAP) if self.space is not None else 0


class _Lit(_Node):
    __slots__ = ("data", "text")

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        self.min_chars = self.max_chars = len(text)
        self.max_bytes = int(self.data.size)
        self.space = 1
        self._finish(path)

    def positions(self) -> list[I64] | None:
        return [np.array([ord(ch)], dtype=np.int64) for ch in self.text]


class _Chars(_Node):
    __slots__ = ("blen", "cps", "table", "uniform_width")

    def __init__(self, cps: I64, path: str) -> None:
        self.cps = np.unique(cps)
        self.table, self.blen = _utf8_table(self.cps)
        self.uniform_width = bool((self.blen == self.table.shape[1]).all())
        self.min_chars = self.max_chars = 1
        self.max_bytes = int(self.table.shape[1])
        self.space = int(self.cps.size)
        self._finish(path)

    def positions(self) -> list[I64] | None:
        return [self.cps]


class _Seq(_Node):
    __slots__ = ("items", "max_suffix", "min_suffix")

    def __init__(self, items: list[_Node], path: str) -> None:
        self.items = items
        self.min_chars = sum(i.min_chars for i in items)
        self.max_chars = sum(i.max_chars for i in items)
        self.max_bytes = sum(i.max_bytes for i in items)
        mins = [i.min_chars for i in items]
        maxs = [i.max_chars for i in items]
        # suffix sums: the minimum / maximum length of items[k:]
        self.min_suffix = [sum(mins[k:]) for k in range(len(items) + 1)]
        self.max_suffix = [sum(maxs[k:]) for k in range(len(items) + 1)]
        # Unambiguous when at most one item has a variable length: the fixed-length items sit at
        # known offsets, so the variable one is what is left in between.
        variable = sum(1 for i in items if not i.fixed)
        space: int | None = None
        if variable <= 1 and all(i.space is not None for i in items):
            space = 1
            for i in items:
                space *= i.space or 0
        self.space = space
        self._finish(path)

    def positions(self) -> list[I64] | None:
        out: list[I64] = []
        for item in self.items:
            p = item.positions()
            if p is None:
                return None
            out.extend(p)
        return out


class _Alt(_Node):
    __slots__ = ("branches", "lit_lens", "lit_nchars", "lit_table", "maxs", "mins")

    def __init__(self, branches: list[_Node], path: str) -> None:
        self.branches = branches
        self.mins = np.array([b.min_chars for b in branches], dtype=np.int64)
        self.maxs = np.array([b.max_chars for b in branches], dtype=np.int64)
        self.min_chars = int(self.mins.min())
        self.max_chars = int(self.maxs.max())
        self.max_bytes = max(b.max_bytes for b in branches)
        self.lit_table: U8 | None = None
        self.lit_lens: I64 | None = None
        self.lit_nchars: I64 | None = None
        if all(isinstance(b, _Lit) for b in branches):  # a vocabulary: one gather, no loop
            table = np.zeros((len(branches), max(1, self.max_bytes)), dtype=np.uint8)
            lens = np.zeros(len(branches), dtype=np.int64)
            for k, b in enumerate(branches):
                assert isinstance(b, _Lit)
                table[k, : b.data.size] = b.data
                lens[k] = b.data.size
            self.lit_table, self.lit_lens, self.lit_nchars = table, lens, self.mins
        self.space = self._disjoint_space()
        self._finish(path)

    def _disjoint_space(self) -> int | None:
        bs = self.branches
        if any(b.space is None for b in bs):
            return None
        if all(isinstance(b, _Lit) for b in bs):
            texts = [b.text for b in bs if isinstance(b, _Lit)]
            return len(bs) if len(set(texts)) == len(texts) else None
        if len(bs) > 64:
            return None
        forms = [b.positions() for b in bs]
        for i in range(len(bs)):
            for j in range(i + 1, len(bs)):
                a, b = bs[i], bs[j]
                if a.max_chars < b.min_chars or b.max_chars < a.min_chars:
                    continue  # lengths never meet
                fa, fb = forms[i], forms[j]
                if fa is None or fb is None or len(fa) != len(fb):
                    return None
                if not any(np.intersect1d(x, y).size == 0 for x, y in zip(fa, fb, strict=True)):
                    return None  # the two branches share a string
        return sum(b.space or 0 for b in bs)


class _Rep(_Node):
    __slots__ = ("child", "hi", "lo")

    def __init__(self, child: _Node, lo: int, hi: int, path: str) -> None:
        self.child, self.lo, self.hi = child, lo, hi
        self.min_chars = lo * child.min_chars
        self.max_chars = hi * child.max_chars
        self.max_bytes = hi * child.max_bytes
        cs = child.space
        space: int | None
        if cs is None:
            space = None
        elif child.max_chars == 0:
            space = 1
        elif lo == hi:
            space = cs**lo if (lo <= 1 or child.fixed) else None
        elif child.fixed:  # distinct counts give distinct lengths
            space = sum(cs**c for c in range(lo, hi + 1))
        else:
            space = None
        self.space = space
        self._finish(path)

    def positions(self) -> list[I64] | None:
        if self.lo != self.hi:
            return None
        p = self.child.positions()
        return None if p is None else p * self.lo


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


_UNSUPPORTED = {
    "GROUPREF": "backreference (\\1 or (?P=name))",
    "GROUPREF_EXISTS": "conditional group (?(id)yes|no)",
}


class _Builder:
    def __init__(self, pattern: str, max_repeat: int) -> None:
        self.pattern = pattern
        self.max_repeat = max_repeat

    def unsupported(self, what: str) -> GenerationError:
        return _fail(
            "regex_unsupported",
            f"the regex sampler does not support {what} (pattern {self.pattern!r})",
            self.pattern,
            hint="rewrite the pattern without it, or use another generator",
        )

    def seq(self, items: Sequence[tuple[Any, Any]], flags: int, path: str) -> _Node:
        nodes: list[_Node] = []
        lit: list[str] = []

        def flush() -> None:
            if lit:
                nodes.append(_Lit("".join(lit), f"{path}.{len(nodes)}"))
                lit.clear()

        for op, av in items:
            name = str(op)
            if name == "LITERAL" and not (flags & _IGNORECASE and chr(av).swapcase() != chr(av)):
                lit.append(chr(av))
                continue
            if name == "AT":
                at = str(av)
                if at in {"AT_BOUNDARY", "AT_NON_BOUNDARY"}:
                    raise self.unsupported("word boundaries (\\b, \\B)")
                continue  # ^ $ \A \Z: every sample is a whole string already
            flush()
            node = self.node(name, av, flags, f"{path}.{len(nodes)}")
            if node is not None:
                nodes.append(node)
        flush()
        if len(nodes) == 1:
            return nodes[0]
        return _Seq(nodes, path)

    def node(self, name: str, av: Any, flags: int, path: str) -> _Node | None:
        if name == "LITERAL":  # only with IGNORECASE (plain literals are merged by seq)
            return _Chars(_swapcase(np.array([av], dtype=np.int64)), path)
        if name == "NOT_LITERAL":
            excluded = np.array([av], dtype=np.int64)
            if flags & _IGNORECASE:
                excluded = _swapcase(excluded)
            return self.chars(np.setdiff1d(_PRINTABLE, excluded), path)
        if name == "ANY":
            return _Chars(_PRINTABLE, path)
        if name == "IN":
            return self.chars(self.in_set(av, flags), path)
        if name == "BRANCH":
            _, branches = av
            return _Alt([self.seq(b, flags, f"{path}.{k}") for k, b in enumerate(branches)], path)
        if name == "SUBPATTERN":
            _group, add_flags, del_flags, items = av
            return self.seq(items, (flags | add_flags) & ~del_flags, path)
        if name == "ATOMIC_GROUP":
            return self.seq(av, flags, path)
        if name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            lo, hi, items = av
            lo = int(lo)
            hi = lo + self.max_repeat if hi == _sre.MAXREPEAT else int(hi)
            child = self.seq(items, flags, f"{path}.r")
            if hi == 0 or child.max_chars == 0:
                return None
            if lo == hi == 1:
                return child
            if isinstance(child, _Lit) and lo == hi:
                return _Lit(child.text * lo, path)
            return _Rep(child, lo, hi, path)
        if name in {"ASSERT", "ASSERT_NOT"}:
            direction, _ = av
            kind = "lookahead" if direction == 1 else "lookbehind"
            neg = "negative " if name == "ASSERT_NOT" else ""
            raise self.unsupported(f"{neg}{kind} assertions")
        if name in _UNSUPPORTED:
            raise self.unsupported(_UNSUPPORTED[name])
        raise self.unsupported(f"the construct {name}")

    def chars(self, cps: I64, path: str) -> _Chars:
        if cps.size == 0:
            raise _fail(
                "regex_empty_class",
                f"a character class in {self.pattern!r} matches no printable character",
                self.pattern,
            )
        return _Chars(cps, path)

    def in_set(self, items: Sequence[tuple[Any, Any]], flags: int) -> I64:
        negate = False
        parts: list[I64] = []
        for op, av in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                parts.append(np.array([av], dtype=np.int64))
            elif name == "RANGE":
                lo, hi = av
                r = np.arange(lo, hi + 1, dtype=np.int64)
                parts.append(r[(r < 0xD800) | (r > 0xDFFF)])  # surrogates cannot be encoded
            elif name == "CATEGORY":
                parts.append(self.category(str(av)))
            else:
                raise self.unsupported(f"the class item {name}")
        cps = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        if flags & _IGNORECASE:
            cps = _swapcase(cps)
        if negate:
            cps = np.setdiff1d(_PRINTABLE, cps)
        return cps

    def category(self, name: str) -> I64:
        table = {
            "CATEGORY_DIGIT": _DIGITS,
            "CATEGORY_NOT_DIGIT": np.setdiff1d(_PRINTABLE, _DIGITS),
            "CATEGORY_WORD": _WORD,
            "CATEGORY_NOT_WORD": np.setdiff1d(_PRINTABLE, _WORD),
            "CATEGORY_SPACE": _SPACE,
            "CATEGORY_NOT_SPACE": np.setdiff1d(_PRINTABLE, _SPACE),
        }
        if name not in table:
            raise self.unsupported(f"the class {name}")
        return table[name]


class CompiledPattern:
    """A parsed pattern, ready to sample; build it with :func:`compile_pattern` (cached).

    Attributes:
        pattern: the regex text.
        min_len, max_len: the shortest and longest strings it produces (in characters).
        space: the exact number of distinct strings when finite and provable, else None.
    """

    def __init__(self, pattern: str, root: _Node) -> None:
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
            piece = _sample(root, stream, part, lo_a, hi_a)
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
        return _fail(
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
            raise _fail(
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
            _decode(root, x[s : s + step], fill, x[s : s + step]).strings()
            for s in range(0, max(1, x.size), step)
        ]
        return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


def _normalize_max_repeat(max_repeat: int) -> int:
    if max_repeat < 0:
        raise ValueError("max_repeat must be >= 0")
    return max_repeat


@lru_cache(maxsize=512)
def compile_pattern(pattern: str, max_repeat: int = DEFAULT_MAX_REPEAT) -> CompiledPattern:
    """Parse ``pattern`` once (cached by pattern and ``max_repeat``).

    Raises:
        GenerationError: ``regex_invalid`` (does not parse), ``regex_unsupported`` (backreference,
            lookaround, conditional, word boundary) or ``regex_empty_class``.
    """
    max_repeat = _normalize_max_repeat(max_repeat)
    try:
        parsed = _sre.parse(pattern)
    except re.error as exc:
        raise _fail(
            "regex_invalid", f"invalid regex {pattern!r}: {exc}", pattern, hint=None
        ) from None
    flags = int(parsed.state.flags)
    root = _Builder(pattern, max_repeat).seq(list(parsed), flags, "0")
    return CompiledPattern(pattern, root)


@lru_cache(maxsize=256)
def compile_charset(charset: str, min_len: int, max_len: int) -> CompiledPattern:
    """Strings of ``min_len..max_len`` characters drawn from ``charset`` (cached).

    ``charset`` lists characters and ``x-y`` ranges (``a-zA-Z0-9``); a ``-`` at either end is a
    literal hyphen, ``\\`` escapes the next character.

    Raises:
        ValueError: an empty charset or a reversed range.
    """
    cps = _expand_charset(charset)
    if max_len < min_len:
        raise ValueError("max_len must be >= min_len")
    child = _Chars(cps, "0.r")
    root: _Node = _Rep(child, min_len, max_len, "0") if max_len > 0 else _Lit("", "0")
    return CompiledPattern(f"[{charset}]{{{min_len},{max_len}}}", root)


@lru_cache(maxsize=256)
def _expand_charset_cached(charset: str) -> tuple[int, ...]:
    out: set[int] = set()
    chars = list(charset)
    i = 0
    while i < len(chars):
        ch = chars[i]
        if ch == "\\" and i + 1 < len(chars):
            out.add(ord(chars[i + 1]))
            i += 2
            continue
        if i + 2 < len(chars) and chars[i + 1] == "-":
            lo, hi = ord(ch), ord(chars[i + 2])
            if hi < lo:
                raise ValueError(f"reversed range {ch}-{chars[i + 2]} in charset")
            out.update(c for c in range(lo, hi + 1) if not 0xD800 <= c <= 0xDFFF)
            i += 3
            continue
        out.add(ord(ch))
        i += 1
    if not out:
        raise ValueError("charset is empty")
    return tuple(sorted(out))


def _expand_charset(charset: str) -> I64:
    return np.array(_expand_charset_cached(charset), dtype=np.int64)


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


# --------------------------------------------------------------------------------------------
# Sampling
# --------------------------------------------------------------------------------------------


class _Piece:
    """Sampled values of one node: padded bytes, the mask of used slots (None: all), and the
    length of each value in characters (an int when all rows have the same)."""

    __slots__ = ("mask", "mat", "nchars")

    def __init__(self, mat: U8, mask: Mask | None, nchars: I64 | int) -> None:
        self.mat = mat
        self.mask = mask
        self.nchars = nchars

    @property
    def n(self) -> int:
        return int(self.mat.shape[0])

    def full_mask(self) -> Mask:
        if self.mask is None:
            return np.ones(self.mat.shape, dtype=np.bool_)
        return self.mask

    def strings(self) -> pa.StringArray:
        n, width = self.mat.shape
        if self.mask is None:
            data = np.ascontiguousarray(self.mat).reshape(-1)
            offsets = np.arange(n + 1, dtype=np.int64) * width
        else:
            data = self.mat[self.mask]
            offsets = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(self.mask.sum(axis=1), out=offsets[1:])
        data = np.ascontiguousarray(data)
        if offsets[-1] < 2**31:
            return pa.StringArray.from_buffers(
                n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)
            )
        big = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
        return big.cast(pa.string())


def _empty(n: int) -> _Piece:
    return _Piece(np.zeros((n, 0), dtype=np.uint8), None, 0)


def _concat(pieces: list[_Piece], n: int) -> _Piece:
    if not pieces:
        return _empty(n)
    if len(pieces) == 1:
        return pieces[0]
    mat = np.concatenate([p.mat for p in pieces], axis=1)
    mask = None
    if any(p.mask is not None for p in pieces):
        mask = np.concatenate([p.full_mask() for p in pieces], axis=1)
    nchars: I64 | int = 0
    for p in pieces:
        nchars = nchars + p.nchars
    return _Piece(mat, mask, nchars)


def _node_stream(root: Stream, node: _Node) -> Stream:
    return root.sub(node.path)


def _rep_counters(counters: U64, m: int, j: npt.ArrayLike) -> U64:
    """Counter of iteration ``j`` of a repeat of at most ``m`` iterations: ``row * m + j``."""
    with np.errstate(over="ignore"):
        return counters * np.uint64(m) + np.asarray(j, dtype=np.uint64)


def _sample(node: _Node, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> _Piece:
    n = counters.size
    if isinstance(node, _Lit):
        return _Piece(np.broadcast_to(node.data, (n, node.data.size)), None, node.min_chars)
    if isinstance(node, _Chars):
        return _sample_chars(node, root, counters)
    if isinstance(node, _Seq):
        return _sample_seq(node, root, counters, lo, hi)
    if isinstance(node, _Alt):
        return _sample_alt(node, root, counters, lo, hi)
    if isinstance(node, _Rep):
        return _sample_rep(node, root, counters, lo, hi)
    raise TypeError(node)  # pragma: no cover


def _chars_piece(node: _Chars, pick: npt.NDArray[Any]) -> _Piece:
    """The characters ``pick`` (1-D: one per row; 2-D: a row of characters per row)."""
    n = pick.shape[0]
    k = node.table.shape[1]
    table = node.table[:, 0] if k == 1 else node.table
    mat = table[pick].reshape(n, -1)
    if node.uniform_width:
        return _Piece(mat, None, 1 if pick.ndim == 1 else pick.shape[1])
    mask = (np.arange(k) < node.blen[pick][..., None]).reshape(n, -1)
    return _Piece(mat, mask, 1 if pick.ndim == 1 else pick.shape[1])


def _sample_chars(node: _Chars, root: Stream, counters: U64) -> _Piece:
    m = node.cps.size
    if m == 1:
        return _chars_piece(node, np.zeros(counters.size, dtype=np.int64))
    return _chars_piece(node, _node_stream(root, node).choice(counters, m))


#: Alphabets up to 256 characters take 16 bits of a random word per character (4 per word; the
#: bias, below size / 2**16, is far under sampling noise), up to 4096 take 21 bits (3 per word);
#: larger ones a whole word.
_PACKED_MAX_ALPHABET = 4096


def _packed_picks(s: Stream, counters: U64, m_key: int, m_eff: int, size: int) -> npt.NDArray[Any]:
    """Indices in ``[0, size)`` for the first ``m_eff`` iterations of a repeat, shape (n, m_eff).

    Iteration ``j`` of row ``r`` reads chunk ``j % per`` of the word keyed
    ``r * ceil(m_key / per) + j // per``, so a row's characters depend on its counter only.
    """
    n = counters.size
    per, bits = (4, 16) if size <= 256 else (3, 21)
    groups_key = -(-m_key // per)
    groups = -(-m_eff // per)
    w = s.words(_rep_counters(counters[:, None], groups_key, np.arange(groups)[None, :]))
    if per == 4:  # the four little-endian 16-bit chunks of each word, on any platform
        c16 = w.astype("<u8", copy=False).view("<u2").reshape(n, groups * 4)[:, :m_eff]
        return (c16.astype(np.uint32) * np.uint32(size)) >> np.uint32(16)
    mask = np.uint64((1 << bits) - 1)
    chunks = np.empty((n, groups, per), dtype=np.uint64)
    for k in range(per):
        chunks[:, :, k] = (w >> np.uint64(bits * k)) & mask
    chunks *= np.uint64(size)
    chunks >>= np.uint64(bits)
    return chunks.reshape(n, groups * per)[:, :m_eff]


def _sample_seq(node: _Seq, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> _Piece:
    n = counters.size
    pieces: list[_Piece] = []
    used: I64 | int = 0
    for k, item in enumerate(node.items):
        hi_k = None if hi is None else hi - used - node.min_suffix[k + 1]
        lo_k = None if lo is None else lo - used - node.max_suffix[k + 1]
        if hi_k is not None and n and item.max_chars <= int(hi_k.min()):
            hi_k = None  # not binding for any row
        if lo_k is not None and n and item.min_chars >= int(lo_k.max()):
            lo_k = None
        p = _sample(item, root, counters, lo_k, hi_k)
        pieces.append(p)
        if lo is not None or hi is not None:
            used = used + p.nchars
    return _concat(pieces, n)


def _sample_alt(node: _Alt, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> _Piece:
    n = counters.size
    b = len(node.branches)
    s = _node_stream(root, node)
    if lo is None and hi is None:
        choice = s.choice(counters, b)
    else:
        elig = np.ones((n, b), dtype=np.bool_)
        if hi is not None:
            elig &= node.mins[None, :] <= hi[:, None]
        if lo is not None:
            elig &= node.maxs[None, :] >= lo[:, None]
        cnt = elig.sum(axis=1)
        none = cnt == 0
        if np.any(none):  # infeasible rows: any branch (the caller reports the violation)
            elig[none] = True
            cnt = elig.sum(axis=1)
        k = np.floor(s.uniform(counters) * cnt).astype(np.int64)
        choice = np.argmax(np.cumsum(elig, axis=1) > k[:, None], axis=1).astype(np.int64)
    if node.lit_table is not None:
        assert node.lit_lens is not None and node.lit_nchars is not None
        mat = node.lit_table[choice]
        mask = np.arange(mat.shape[1])[None, :] < node.lit_lens[choice][:, None]
        return _Piece(mat, mask, node.lit_nchars[choice])
    width = node.max_bytes
    mat = np.zeros((n, width), dtype=np.uint8)
    mask = np.zeros((n, width), dtype=np.bool_)
    nchars = np.zeros(n, dtype=np.int64)
    for k_branch, br in enumerate(node.branches):
        sel = np.flatnonzero(choice == k_branch)
        if sel.size == 0:
            continue
        p = _sample(
            br,
            root,
            counters[sel],
            None if lo is None else lo[sel],
            None if hi is None else hi[sel],
        )
        w = p.mat.shape[1]
        mat[sel, :w] = p.mat
        mask[sel, :w] = p.full_mask()
        nchars[sel] = p.nchars
    return _Piece(mat, mask, nchars)


def _sample_rep(node: _Rep, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> _Piece:
    n = counters.size
    child = node.child
    s = _node_stream(root, node)
    # how many iterations, per row, inside the budget
    if node.lo == node.hi and lo is None and hi is None:
        count: I64 = np.full(n, node.lo, dtype=np.int64)
    else:
        cmin = np.full(n, node.lo, dtype=np.int64)
        cmax = np.full(n, node.hi, dtype=np.int64)
        if hi is not None and child.min_chars > 0:
            cmax = np.minimum(cmax, hi // child.min_chars)
        if lo is not None and child.max_chars > 0:
            cmin = np.maximum(cmin, -(-lo // child.max_chars))
        cmin = np.minimum(cmin, cmax)
        cmax = np.maximum(cmax, cmin)
        count = cmin + np.floor(s.uniform(counters) * (cmax - cmin + 1)).astype(np.int64)
    m_eff = int(count.max()) if n else 0
    if m_eff == 0:
        return _empty(n)
    w = child.max_bytes
    if child.fixed:
        if isinstance(child, _Chars) and 1 < child.cps.size <= _PACKED_MAX_ALPHABET:
            picks = _packed_picks(
                _node_stream(root, child), counters, node.hi, m_eff, child.cps.size
            )
            p = _chars_piece(child, picks)
        else:
            flat = _rep_counters(counters[:, None], node.hi, np.arange(m_eff)[None, :]).ravel()
            p = _sample(child, root, flat, None, None)
        mat = p.mat.reshape(n, m_eff * w)
        child_mask = None if p.mask is None else p.mask.reshape(n, m_eff * w)
        if node.lo == node.hi == m_eff:
            return _Piece(mat, child_mask, node.lo * child.min_chars)
        pos = np.arange(m_eff)[None, :] < count[:, None]
        if w > 1:
            pos = np.repeat(pos, w, axis=1)
        mask = pos if child_mask is None else pos & child_mask
        return _Piece(mat, mask, count * child.min_chars)
    # variable-length child: iterate, each iteration on the rows that still repeat
    mat = np.zeros((n, m_eff * w), dtype=np.uint8)
    mask = np.zeros((n, m_eff * w), dtype=np.bool_)
    used = np.zeros(n, dtype=np.int64)
    for j in range(m_eff):
        act = np.flatnonzero(count > j)
        rest = count[act] - j - 1
        hi_j = None if hi is None else hi[act] - used[act] - rest * child.min_chars
        lo_j = None if lo is None else lo[act] - used[act] - rest * child.max_chars
        if hi_j is not None and act.size and child.max_chars <= int(hi_j.min()):
            hi_j = None
        if lo_j is not None and act.size and child.min_chars >= int(lo_j.max()):
            lo_j = None
        p = _sample(child, root, _rep_counters(counters[act], node.hi, j), lo_j, hi_j)
        pw = p.mat.shape[1]
        mat[act, j * w : j * w + pw] = p.mat
        mask[act, j * w : j * w + pw] = p.full_mask()
        used[act] += p.nchars
    return _Piece(mat, mask, used)


# --------------------------------------------------------------------------------------------
# Enumeration (from_index)
# --------------------------------------------------------------------------------------------


def _decode(node: _Node, x: U64, fill: Stream, counters: U64) -> _Piece:
    """The ``x``-th string of ``node`` (``x < node.cap``), injective in ``x``."""
    n = x.size
    if isinstance(node, _Lit):
        return _Piece(np.broadcast_to(node.data, (n, node.data.size)), None, node.min_chars)
    if isinstance(node, _Chars):
        return _chars_piece(node, x.astype(np.int64))
    if isinstance(node, _Seq):
        return _decode_seq(node, x, fill, counters)
    if isinstance(node, _Alt):
        starts = _capped_cumsum([b.cap for b in node.branches])
        which = np.searchsorted(starts[1:], x, side="right").astype(np.int64)
        if node.lit_table is not None:
            assert node.lit_lens is not None and node.lit_nchars is not None
            mat = node.lit_table[which]
            mask = np.arange(mat.shape[1])[None, :] < node.lit_lens[which][:, None]
            return _Piece(mat, mask, node.lit_nchars[which])
        width = node.max_bytes
        mat = np.zeros((n, width), dtype=np.uint8)
        mask = np.zeros((n, width), dtype=np.bool_)
        nchars = np.zeros(n, dtype=np.int64)
        for k, br in enumerate(node.branches):
            sel = np.flatnonzero(which == k)
            if sel.size == 0:
                continue
            p = _decode(br, x[sel] - starts[k], fill, counters[sel])
            w = p.mat.shape[1]
            mat[sel, :w] = p.mat
            mask[sel, :w] = p.full_mask()
            nchars[sel] = p.nchars
        return _Piece(mat, mask, nchars)
    if isinstance(node, _Rep):
        return _decode_rep(node, x, fill, counters)
    raise TypeError(node)  # pragma: no cover


def _capped_cumsum(caps: list[int]) -> U64:
    """``[0, c0, c0+c1, ...]`` with every entry capped at 2**63 (later entries unreachable)."""
    out = [0]
    for c in caps:
        out.append(min(out[-1] + c, _CAP))
    return np.array(out, dtype=np.uint64)


def _digits(x: U64, radices: list[int]) -> tuple[list[U64 | None], U64]:
    """Mixed-radix digits of ``x``, least significant first; None where the digit is always 0
    for ``x < 2**64`` (those positions are free to be filled at random)."""
    out: list[U64 | None] = []
    rest = x.copy()
    reach = 1
    for r in radices:
        if reach >= _BIG:
            out.append(None)
            continue
        if r >= _BIG:
            out.append(rest)
            rest = np.zeros_like(rest)
        else:
            out.append(rest % np.uint64(r))
            rest = rest // np.uint64(r)
        reach *= r
    return out, rest


def _decode_seq(node: _Seq, x: U64, fill: Stream, counters: U64) -> _Piece:
    digits, _ = _digits(x, [it.cap for it in reversed(node.items)])
    pieces: list[_Piece] = []
    for it, d in zip(reversed(node.items), digits, strict=True):
        if d is None:
            pieces.append(_sample(it, fill, counters, None, None))
        else:
            pieces.append(_decode(it, d, fill, counters))
    pieces.reverse()
    return _concat(pieces, x.size)


def _decode_rep(node: _Rep, x: U64, fill: Stream, counters: U64) -> _Piece:
    n = x.size
    child = node.child
    if child.max_chars == 0:
        return _empty(n)
    if node.lo == node.hi and isinstance(child, _Chars):  # fast path: a fixed run of characters
        picks = np.empty((n, node.lo), dtype=np.int64)
        digits, _ = _digits(x, [child.cap] * node.lo)
        for pos, d in enumerate(digits):
            j = node.lo - 1 - pos  # digit `pos` (least significant first) is position j
            if d is None:
                picks[:, j] = _node_stream(fill, child).choice(
                    _rep_counters(counters, node.hi, j), child.cap
                )
            else:
                picks[:, j] = d
        return _chars_piece(child, picks)
    if node.lo == node.hi:
        count = np.full(n, node.lo, dtype=np.int64)
        rest = x
    else:  # child is fixed-length: pick the count, then decode within that count
        starts = _capped_cumsum([child.cap**c for c in range(node.lo, node.hi + 1)])
        k = np.searchsorted(starts[1:], x, side="right").astype(np.int64)
        count = node.lo + k
        rest = x - starts[k]
    m = int(count.max()) if n else 0
    if m == 0:
        return _empty(n)
    # digit e_k (k = 0 least significant) belongs to position count - 1 - k
    digs, _ = _digits(rest, [child.cap] * m)
    w = child.max_bytes
    mat = np.zeros((n, m * w), dtype=np.uint8)
    mask = np.zeros((n, m * w), dtype=np.bool_)
    nchars = np.zeros(n, dtype=np.int64)
    for j in range(m):
        act = np.flatnonzero(count > j)
        if act.size == 0:
            continue
        kpos = count[act] - 1 - j  # significance of position j in each active row
        d = np.zeros(act.size, dtype=np.uint64)
        free = np.zeros(act.size, dtype=np.bool_)
        for kk in np.unique(kpos).tolist():
            rows_k = kpos == kk
            dk = digs[kk]
            if dk is None:
                free |= rows_k
            else:
                d[rows_k] = dk[act[rows_k]]
        p = _decode(child, d, fill, counters[act])
        if np.any(free):
            fr = np.flatnonzero(free)
            q = _sample(child, fill, _rep_counters(counters[act[fr]], node.hi, j), None, None)
            pm = p.full_mask().copy()
            pmat = np.array(p.mat, copy=True)
            pmat[fr] = q.mat
            pm[fr] = q.full_mask()
            p = _Piece(pmat, pm, p.nchars)
        pw = p.mat.shape[1]
        mat[act, j * w : j * w + pw] = p.mat
        mask[act, j * w : j * w + pw] = p.full_mask()
        nchars[act] += np.broadcast_to(np.asarray(p.nchars, dtype=np.int64), (act.size,))
    return _Piece(mat, mask, nchars)
