"""The parsed pattern: a small tree of nodes with length bounds and exact value spaces."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from datalchemy.errors import GenerationError

__all__ = [
    "BIG",
    "CAP",
    "DIGITS",
    "PRINTABLE",
    "SPACE",
    "WORD",
    "Alt",
    "Chars",
    "Lit",
    "Node",
    "Rep",
    "Seq",
    "fail",
    "swapcase",
]


I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
#: What ``.`` and negated classes draw from: printable ASCII, space to ``~``.
PRINTABLE = np.arange(0x20, 0x7F, dtype=np.int64)
DIGITS = np.arange(ord("0"), ord("9") + 1, dtype=np.int64)
WORD = np.array(
    sorted({*range(ord("a"), ord("z") + 1), *range(ord("A"), ord("Z") + 1), *DIGITS.tolist(), 95}),
    dtype=np.int64,
)
SPACE = np.array([ord(" ")], dtype=np.int64)
BIG = 2**64  # index arithmetic is uint64; capacities stay below it
CAP = 2**63  # index capacity of one node (a safe bound for uint64 arithmetic)


def fail(code: str, message: str, pattern: str, hint: str | None = None) -> GenerationError:
    """The error about ``pattern`` (its path is the pattern)."""
    return GenerationError(code, message, path=pattern, hint=hint)


# ---- character tables ------------------------------------------------------------------------


def utf8_table(cps: I64) -> tuple[U8, I64]:
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


def swapcase(cps: I64) -> I64:
    """Code points plus the other case of every ASCII letter among them."""
    lower = (cps >= ord("a")) & (cps <= ord("z"))
    upper = (cps >= ord("A")) & (cps <= ord("Z"))
    extra = np.concatenate([cps[lower] - 32, cps[upper] + 32])
    return np.union1d(cps, extra)


# ---- the tree --------------------------------------------------------------------------------


class Node:
    """A node: ``min_chars`` / ``max_chars`` (length bounds), ``max_bytes`` (matrix width),
    ``space`` (exact count of distinct strings when provable, else None), ``cap`` (how many of
    them :func:`decode` can address, at most 2**63) and ``path`` (its sub-stream name)."""

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
        self.cap = min(self.space, CAP) if self.space is not None else 0


class Lit(Node):
    """Constant text."""

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


class Chars(Node):
    """One character of a class."""

    __slots__ = ("blen", "cps", "table", "uniform_width")

    def __init__(self, cps: I64, path: str) -> None:
        self.cps = np.unique(cps)
        self.table, self.blen = utf8_table(self.cps)
        self.uniform_width = bool((self.blen == self.table.shape[1]).all())
        self.min_chars = self.max_chars = 1
        self.max_bytes = int(self.table.shape[1])
        self.space = int(self.cps.size)
        self._finish(path)

    def positions(self) -> list[I64] | None:
        return [self.cps]


class Seq(Node):
    """Items one after another."""

    __slots__ = ("items", "max_suffix", "min_suffix")

    def __init__(self, items: list[Node], path: str) -> None:
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


class Alt(Node):
    """One of several branches."""

    __slots__ = ("branches", "lit_lens", "lit_nchars", "lit_table", "maxs", "mins")

    def __init__(self, branches: list[Node], path: str) -> None:
        self.branches = branches
        self.mins = np.array([b.min_chars for b in branches], dtype=np.int64)
        self.maxs = np.array([b.max_chars for b in branches], dtype=np.int64)
        self.min_chars = int(self.mins.min())
        self.max_chars = int(self.maxs.max())
        self.max_bytes = max(b.max_bytes for b in branches)
        self.lit_table: U8 | None = None
        self.lit_lens: I64 | None = None
        self.lit_nchars: I64 | None = None
        if all(isinstance(b, Lit) for b in branches):  # a vocabulary: one gather, no loop
            table = np.zeros((len(branches), max(1, self.max_bytes)), dtype=np.uint8)
            lens = np.zeros(len(branches), dtype=np.int64)
            for k, b in enumerate(branches):
                assert isinstance(b, Lit)
                table[k, : b.data.size] = b.data
                lens[k] = b.data.size
            self.lit_table, self.lit_lens, self.lit_nchars = table, lens, self.mins
        self.space = self._disjoint_space()
        self._finish(path)

    def _disjoint_space(self) -> int | None:
        bs = self.branches
        if any(b.space is None for b in bs):
            return None
        if all(isinstance(b, Lit) for b in bs):
            texts = [b.text for b in bs if isinstance(b, Lit)]
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


class Rep(Node):
    """A child repeated ``lo`` to ``hi`` times."""

    __slots__ = ("child", "hi", "lo")

    def __init__(self, child: Node, lo: int, hi: int, path: str) -> None:
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
