"""Enumeration: the ``x``-th string of a node tree, injective in ``x`` (mixed-radix decode)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from datalchemy.determinism import Stream
from datalchemy.generators.regex_sampler.nodes import BIG, CAP, Alt, Chars, Lit, Node, Rep, Seq
from datalchemy.generators.regex_sampler.sampler import (
    Piece,
    chars_piece,
    concat,
    empty_piece,
    node_stream,
    rep_counters,
    sample_node,
)

__all__ = ["decode"]


U64 = npt.NDArray[np.uint64]


def decode(node: Node, x: U64, fill: Stream, counters: U64) -> Piece:
    """The ``x``-th string of ``node`` (``x < node.cap``), injective in ``x``."""
    n = x.size
    if isinstance(node, Lit):
        return Piece(np.broadcast_to(node.data, (n, node.data.size)), None, node.min_chars)
    if isinstance(node, Chars):
        return chars_piece(node, x.astype(np.int64))
    if isinstance(node, Seq):
        return _decode_seq(node, x, fill, counters)
    if isinstance(node, Alt):
        starts = _capped_cumsum([b.cap for b in node.branches])
        which = np.searchsorted(starts[1:], x, side="right").astype(np.int64)
        if node.lit_table is not None:
            assert node.lit_lens is not None and node.lit_nchars is not None
            mat = node.lit_table[which]
            mask = np.arange(mat.shape[1])[None, :] < node.lit_lens[which][:, None]
            return Piece(mat, mask, node.lit_nchars[which])
        width = node.max_bytes
        mat = np.zeros((n, width), dtype=np.uint8)
        mask = np.zeros((n, width), dtype=np.bool_)
        nchars = np.zeros(n, dtype=np.int64)
        for k, br in enumerate(node.branches):
            sel = np.flatnonzero(which == k)
            if sel.size == 0:
                continue
            p = decode(br, x[sel] - starts[k], fill, counters[sel])
            w = p.mat.shape[1]
            mat[sel, :w] = p.mat
            mask[sel, :w] = p.full_mask()
            nchars[sel] = p.nchars
        return Piece(mat, mask, nchars)
    if isinstance(node, Rep):
        return _decode_rep(node, x, fill, counters)
    raise TypeError(node)  # pragma: no cover


def _capped_cumsum(caps: list[int]) -> U64:
    """``[0, c0, c0+c1, ...]`` with every entry capped at 2**63 (later entries unreachable)."""
    out = [0]
    for c in caps:
        out.append(min(out[-1] + c, CAP))
    return np.array(out, dtype=np.uint64)


def _digits(x: U64, radices: list[int]) -> tuple[list[U64 | None], U64]:
    """Mixed-radix digits of ``x``, least significant first; None where the digit is always 0
    for ``x < 2**64`` (those positions are free to be filled at random)."""
    out: list[U64 | None] = []
    rest = x.copy()
    reach = 1
    for r in radices:
        if reach >= BIG:
            out.append(None)
            continue
        if r >= BIG:
            out.append(rest)
            rest = np.zeros_like(rest)
        else:
            out.append(rest % np.uint64(r))
            rest = rest // np.uint64(r)
        reach *= r
    return out, rest


def _decode_seq(node: Seq, x: U64, fill: Stream, counters: U64) -> Piece:
    digits, _ = _digits(x, [it.cap for it in reversed(node.items)])
    pieces: list[Piece] = []
    for it, d in zip(reversed(node.items), digits, strict=True):
        if d is None:
            pieces.append(sample_node(it, fill, counters, None, None))
        else:
            pieces.append(decode(it, d, fill, counters))
    pieces.reverse()
    return concat(pieces, x.size)


def _decode_rep(node: Rep, x: U64, fill: Stream, counters: U64) -> Piece:
    n = x.size
    child = node.child
    if child.max_chars == 0:
        return empty_piece(n)
    if node.lo == node.hi and isinstance(child, Chars):  # fast path: a fixed run of characters
        picks = np.empty((n, node.lo), dtype=np.int64)
        digits, _ = _digits(x, [child.cap] * node.lo)
        for pos, d in enumerate(digits):
            j = node.lo - 1 - pos  # digit `pos` (least significant first) is position j
            if d is None:
                picks[:, j] = node_stream(fill, child).choice(
                    rep_counters(counters, node.hi, j), child.cap
                )
            else:
                picks[:, j] = d
        return chars_piece(child, picks)
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
        return empty_piece(n)
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
        p = decode(child, d, fill, counters[act])
        if np.any(free):
            fr = np.flatnonzero(free)
            q = sample_node(child, fill, rep_counters(counters[act[fr]], node.hi, j), None, None)
            pm = p.full_mask().copy()
            pmat = np.array(p.mat, copy=True)
            pmat[fr] = q.mat
            pm[fr] = q.full_mask()
            p = Piece(pmat, pm, p.nchars)
        pw = p.mat.shape[1]
        mat[act, j * w : j * w + pw] = p.mat
        mask[act, j * w : j * w + pw] = p.full_mask()
        nchars[act] += np.broadcast_to(np.asarray(p.nchars, dtype=np.int64), (act.size,))
    return Piece(mat, mask, nchars)
