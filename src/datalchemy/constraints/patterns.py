r"""SQL text patterns (LIKE, SIMILAR TO, SQLite GLOB) as LIKE with ``\`` escapes or as regexes.

Pure string functions: a :class:`~.model.ColumnDomain` keeps LIKE patterns with ``\`` as their
escape character (whatever ``ESCAPE`` the CHECK used) and every other pattern as a Python regex,
which the regex sampler and DuckDB's ``regexp_matches`` both read.

Example:
    >>> like_to_regex(like_with_backslash("a!_b%", "!"))
    '^a_b.*$'
    >>> similar_to_regex("(a|x)%")
    '^(?:(a|x).*)$'
    >>> glob_to_regex("A[0-9]*")
    '^A[0-9].*$'
"""

from __future__ import annotations

import re

__all__ = ["glob_to_regex", "like_to_regex", "like_with_backslash", "similar_to_regex"]


def like_with_backslash(pattern: str, escape: str) -> str:
    r"""A LIKE pattern rewritten so that ``\`` is its escape character.

    ``escape`` is the pattern's own escape character ("" for none); a literal backslash is
    escaped.

    Example:
        >>> like_with_backslash("50!%", "!"), like_with_backslash("a\\b", "")
        ('50\\%', 'a\\\\b')
    """
    if escape == "\\":
        return pattern
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append("\\" + nxt)
            i += 2
            continue
        out.append("\\\\" if ch == "\\" else ch)
        i += 1
    return "".join(out)


def like_to_regex(pattern: str, *, dotall: bool = False) -> str:
    r"""A LIKE pattern (``\`` escapes) → an anchored regex.

    With ``dotall`` the wildcards are ``(?s:.*)`` and ``(?s:.)``: they match newlines too, as
    LIKE's do, and stay recognisable as wildcards (generation draws readable text for them).

    Example:
        >>> like_to_regex("ab%"), like_to_regex("a\\_b"), like_to_regex("a%", dotall=True)
        ('^ab.*$', '^a_b$', '^a(?s:.*)$')
    """
    many, one = ("(?s:.*)", "(?s:.)") if dotall else (".*", ".")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(many if ch == "%" else one if ch == "_" else re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"


def similar_to_regex(pattern: str, escape: str = "\\") -> str:
    """SQL ``SIMILAR TO`` pattern → an anchored POSIX / Python regex (as PostgreSQL does it).

    Example:
        >>> similar_to_regex("a%b_")
        '^(?:a.*b.)$'
    """
    out: list[str] = []
    i = 0
    in_bracket = False
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if in_bracket:
            out.append(ch)
            if ch == "]":
                in_bracket = False
        elif ch == "[":
            in_bracket = True
            out.append(ch)
            if i + 1 < len(pattern) and pattern[i + 1] in "^]":
                out.append(pattern[i + 1])
                i += 1
        elif ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        elif ch in "|*+?{}()":
            out.append(ch)
        elif ch in ".^$\\":
            out.append("\\" + ch)
        else:
            out.append(ch)
        i += 1
    return "^(?:" + "".join(out) + ")$"


def glob_to_regex(pattern: str) -> str:
    """SQLite ``GLOB`` pattern → an anchored regex.

    Example:
        >>> glob_to_regex("[^a]?.txt")
        '^[^a].\\\\.txt$'
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("^"):
                    body = "^" + body[1:].replace("\\", "\\\\")
                else:
                    body = body.replace("\\", "\\\\")
                out.append("[" + body + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"
