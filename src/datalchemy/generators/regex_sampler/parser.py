"""Regex text to a node tree, with the standard library's own parser (``re._parser``), and
charsets (``a-zA-Z0-9``) to a class of characters."""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from datalchemy.errors import GenerationError
from datalchemy.generators.regex_sampler.nodes import (
    DIGITS,
    PRINTABLE,
    SPACE,
    WORD,
    Alt,
    Chars,
    Lit,
    Node,
    Rep,
    Seq,
    fail,
    swapcase,
)

__all__ = ["Builder", "expand_charset", "parse"]


I64 = npt.NDArray[np.int64]
_sre: Any = importlib.import_module("re._parser")  # the stdlib regex parser (no type stubs)
IGNORECASE = 2  # re.IGNORECASE / SRE_FLAG_IGNORECASE


_UNSUPPORTED = {
    "GROUPREF": "backreference (\\1 or (?P=name))",
    "GROUPREF_EXISTS": "conditional group (?(id)yes|no)",
}


class Builder:
    """Turns the standard parser's tree into nodes (one builder per pattern)."""

    def __init__(self, pattern: str, max_repeat: int) -> None:
        self.pattern = pattern
        self.max_repeat = max_repeat

    def unsupported(self, what: str) -> GenerationError:
        return fail(
            "regex_unsupported",
            f"the regex sampler does not support {what} (pattern {self.pattern!r})",
            self.pattern,
            hint="rewrite the pattern without it, or use another generator",
        )

    def seq(self, items: Sequence[tuple[Any, Any]], flags: int, path: str) -> Node:
        nodes: list[Node] = []
        lit: list[str] = []

        def flush() -> None:
            if lit:
                nodes.append(Lit("".join(lit), f"{path}.{len(nodes)}"))
                lit.clear()

        for op, av in items:
            name = str(op)
            if name == "LITERAL" and not (flags & IGNORECASE and chr(av).swapcase() != chr(av)):
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
        return Seq(nodes, path)

    def node(self, name: str, av: Any, flags: int, path: str) -> Node | None:
        if name == "LITERAL":  # only with IGNORECASE (plain literals are merged by seq)
            return Chars(swapcase(np.array([av], dtype=np.int64)), path)
        if name == "NOT_LITERAL":
            excluded = np.array([av], dtype=np.int64)
            if flags & IGNORECASE:
                excluded = swapcase(excluded)
            return self.chars(np.setdiff1d(PRINTABLE, excluded), path)
        if name == "ANY":
            return Chars(PRINTABLE, path)
        if name == "IN":
            return self.chars(self.in_set(av, flags), path)
        if name == "BRANCH":
            _, branches = av
            return Alt([self.seq(b, flags, f"{path}.{k}") for k, b in enumerate(branches)], path)
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
            if isinstance(child, Lit) and lo == hi:
                return Lit(child.text * lo, path)
            return Rep(child, lo, hi, path)
        if name in {"ASSERT", "ASSERT_NOT"}:
            direction, _ = av
            kind = "lookahead" if direction == 1 else "lookbehind"
            neg = "negative " if name == "ASSERT_NOT" else ""
            raise self.unsupported(f"{neg}{kind} assertions")
        if name in _UNSUPPORTED:
            raise self.unsupported(_UNSUPPORTED[name])
        raise self.unsupported(f"the construct {name}")

    def chars(self, cps: I64, path: str) -> Chars:
        if cps.size == 0:
            raise fail(
                "regex_empty_class",
                f"a character class in {self.pattern!r} matches no printable character",
                self.pattern,
            )
        return Chars(cps, path)

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
        if flags & IGNORECASE:
            cps = swapcase(cps)
        if negate:
            cps = np.setdiff1d(PRINTABLE, cps)
        return cps

    def category(self, name: str) -> I64:
        table = {
            "CATEGORY_DIGIT": DIGITS,
            "CATEGORY_NOT_DIGIT": np.setdiff1d(PRINTABLE, DIGITS),
            "CATEGORY_WORD": WORD,
            "CATEGORY_NOT_WORD": np.setdiff1d(PRINTABLE, WORD),
            "CATEGORY_SPACE": SPACE,
            "CATEGORY_NOT_SPACE": np.setdiff1d(PRINTABLE, SPACE),
        }
        if name not in table:
            raise self.unsupported(f"the class {name}")
        return table[name]


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


def expand_charset(charset: str) -> I64:
    """The code points a charset lists (``a-zA-Z0-9``), sorted."""
    return np.array(_expand_charset_cached(charset), dtype=np.int64)


def parse(pattern: str, max_repeat: int) -> Node:
    """The node tree of ``pattern`` (unbounded repeats take at most ``max_repeat`` extra turns).

    Raises:
        GenerationError: ``regex_invalid`` (does not parse), ``regex_unsupported`` (backreference,
            lookaround, conditional, word boundary) or ``regex_empty_class``.
    """
    try:
        parsed = _sre.parse(pattern)
    except re.error as exc:
        raise fail("regex_invalid", f"invalid regex {pattern!r}: {exc}", pattern) from None
    return Builder(pattern, max_repeat).seq(list(parsed), int(parsed.state.flags), "0")
