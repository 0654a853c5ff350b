"""Sampling a node tree for many rows at once: padded byte matrices, never a loop over rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.determinism import Stream
from datalchemy.generators.regex_sampler.nodes import Alt, Chars, Lit, Node, Rep, Seq

__all__ = [
    "Piece",
    "chars_piece",
    "concat",
    "empty_piece",
    "node_stream",
    "rep_counters",
    "sample_node",
]


I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
U8 = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]


class Piece:
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


def empty_piece(n: int) -> Piece:
    """No characters, for ``n`` rows."""
    return Piece(np.zeros((n, 0), dtype=np.uint8), None, 0)


def concat(pieces: list[Piece], n: int) -> Piece:
    """The pieces side by side, as one."""
    if not pieces:
        return empty_piece(n)
    if len(pieces) == 1:
        return pieces[0]
    mat = np.concatenate([p.mat for p in pieces], axis=1)
    mask = None
    if any(p.mask is not None for p in pieces):
        mask = np.concatenate([p.full_mask() for p in pieces], axis=1)
    nchars: I64 | int = 0
    for p in pieces:
        nchars = nchars + p.nchars
    return Piece(mat, mask, nchars)


def node_stream(root: Stream, node: Node) -> Stream:
    """The sub-stream a node draws from (keyed by its path in the tree)."""
    return root.sub(node.path)


def rep_counters(counters: U64, m: int, j: npt.ArrayLike) -> U64:
    """Counter of iteration ``j`` of a repeat of at most ``m`` iterations: ``row * m + j``."""
    with np.errstate(over="ignore"):
        return counters * np.uint64(m) + np.asarray(j, dtype=np.uint64)


def sample_node(node: Node, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> Piece:
    """Strings of ``node`` for ``counters``, each within its row's character bounds."""
    n = counters.size
    if isinstance(node, Lit):
        return Piece(np.broadcast_to(node.data, (n, node.data.size)), None, node.min_chars)
    if isinstance(node, Chars):
        return _sample_chars(node, root, counters)
    if isinstance(node, Seq):
        return _sample_seq(node, root, counters, lo, hi)
    if isinstance(node, Alt):
        return _sample_alt(node, root, counters, lo, hi)
    if isinstance(node, Rep):
        return _sample_rep(node, root, counters, lo, hi)
    raise TypeError(node)  # pragma: no cover


def chars_piece(node: Chars, pick: npt.NDArray[Any]) -> Piece:
    """The characters ``pick`` (1-D: one per row; 2-D: a row of characters per row)."""
    n = pick.shape[0]
    k = node.table.shape[1]
    table = node.table[:, 0] if k == 1 else node.table
    mat = table[pick].reshape(n, -1)
    if node.uniform_width:
        return Piece(mat, None, 1 if pick.ndim == 1 else pick.shape[1])
    mask = (np.arange(k) < node.blen[pick][..., None]).reshape(n, -1)
    return Piece(mat, mask, 1 if pick.ndim == 1 else pick.shape[1])


def _sample_chars(node: Chars, root: Stream, counters: U64) -> Piece:
    m = node.cps.size
    if m == 1:
        return chars_piece(node, np.zeros(counters.size, dtype=np.int64))
    return chars_piece(node, node_stream(root, node).choice(counters, m))


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
    w = s.words(rep_counters(counters[:, None], groups_key, np.arange(groups)[None, :]))
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


def _sample_seq(node: Seq, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> Piece:
    n = counters.size
    pieces: list[Piece] = []
    used: I64 | int = 0
    for k, item in enumerate(node.items):
        hi_k = None if hi is None else hi - used - node.min_suffix[k + 1]
        lo_k = None if lo is None else lo - used - node.max_suffix[k + 1]
        if hi_k is not None and n and item.max_chars <= int(hi_k.min()):
            hi_k = None  # not binding for any row
        if lo_k is not None and n and item.min_chars >= int(lo_k.max()):
            lo_k = None
        p = sample_node(item, root, counters, lo_k, hi_k)
        pieces.append(p)
        if lo is not None or hi is not None:
            used = used + p.nchars
    return concat(pieces, n)


def _sample_alt(node: Alt, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> Piece:
    n = counters.size
    b = len(node.branches)
    s = node_stream(root, node)
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
        return Piece(mat, mask, node.lit_nchars[choice])
    width = node.max_bytes
    mat = np.zeros((n, width), dtype=np.uint8)
    mask = np.zeros((n, width), dtype=np.bool_)
    nchars = np.zeros(n, dtype=np.int64)
    for k_branch, br in enumerate(node.branches):
        sel = np.flatnonzero(choice == k_branch)
        if sel.size == 0:
            continue
        p = sample_node(
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
    return Piece(mat, mask, nchars)


def _sample_rep(node: Rep, root: Stream, counters: U64, lo: I64 | None, hi: I64 | None) -> Piece:
    n = counters.size
    child = node.child
    s = node_stream(root, node)
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
        return empty_piece(n)
    w = child.max_bytes
    if child.fixed:
        if isinstance(child, Chars) and 1 < child.cps.size <= _PACKED_MAX_ALPHABET:
            picks = _packed_picks(
                node_stream(root, child), counters, node.hi, m_eff, child.cps.size
            )
            p = chars_piece(child, picks)
        else:
            flat = rep_counters(counters[:, None], node.hi, np.arange(m_eff)[None, :]).ravel()
            p = sample_node(child, root, flat, None, None)
        mat = p.mat.reshape(n, m_eff * w)
        child_mask = None if p.mask is None else p.mask.reshape(n, m_eff * w)
        if node.lo == node.hi == m_eff:
            return Piece(mat, child_mask, node.lo * child.min_chars)
        pos = np.arange(m_eff)[None, :] < count[:, None]
        if w > 1:
            pos = np.repeat(pos, w, axis=1)
        mask = pos if child_mask is None else pos & child_mask
        return Piece(mat, mask, count * child.min_chars)
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
        p = sample_node(child, root, rep_counters(counters[act], node.hi, j), lo_j, hi_j)
        pw = p.mat.shape[1]
        mat[act, j * w : j * w + pw] = p.mat
        mask[act, j * w : j * w + pw] = p.full_mask()
        used[act] += p.nchars
    return Piece(mat, mask, used)
