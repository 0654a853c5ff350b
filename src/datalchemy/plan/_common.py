"""Small helpers shared by the plan modules: issue collection, JSON pointers, locales.

Example:
    >>> sink = IssueSink()
    >>> sink.error("rows_zero", pointer("targets", 0, "rows"), "rows must be at least 1")
    >>> sink.issues[0].path, sink.has_errors
    ('/targets/0/rows', True)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from datalchemy.contracts.common import Issue, Severity

__all__ = [
    "DEFAULT_LOCALE",
    "IssueSink",
    "column_path",
    "error_pointer",
    "normalize_locale",
    "pointer",
    "valid_locale",
]

#: Locale of generators when neither the rule nor the plan names one.
DEFAULT_LOCALE = "en_US"


def pointer(*parts: str | int) -> str:
    """A JSON pointer from path parts (``~`` and ``/`` escaped as RFC 6901 says)."""
    if not parts:
        return "/"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def error_pointer(raw: Any, loc: tuple[int | str, ...], kind: str) -> str:
    """JSON pointer of a pydantic error location in ``raw`` (union tags and model names left
    out; a missing key is kept as the last part)."""
    parts: list[str | int] = []
    node = raw
    for k, key in enumerate(loc):
        last = k == len(loc) - 1
        in_dict = isinstance(node, dict) and isinstance(key, str) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        if in_dict or in_list:
            parts.append(key)
            node = node[key]
        elif last and isinstance(key, str) and isinstance(node, dict) and kind == "missing":
            parts.append(key)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        parts.append("type")
    return pointer(*parts)


def column_path(schema: str, table: str, column: str | None = None) -> str:
    """``schema.table[.column]``: where a problem is when no plan rule is involved."""
    return f"{schema}.{table}" + (f".{column}" if column else "")


class IssueSink:
    """Collects issues in the order they are found (which is deterministic)."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self._seen: set[tuple[str, str | None, str]] = set()

    def add(
        self,
        severity: Severity,
        code: str,
        path: str | None,
        message: str,
        hint: str | None = None,
    ) -> None:
        key = (code, path, message)
        if key in self._seen:  # the same finding reached twice (e.g. two passes)
            return
        self._seen.add(key)
        self.issues.append(
            Issue(severity=severity, code=code, path=path, message=message, hint=hint)
        )

    def error(self, code: str, path: str | None, message: str, hint: str | None = None) -> None:
        self.add("error", code, path, message, hint)

    def warning(self, code: str, path: str | None, message: str, hint: str | None = None) -> None:
        self.add("warning", code, path, message, hint)

    def info(self, code: str, path: str | None, message: str, hint: str | None = None) -> None:
        self.add("info", code, path, message, hint)

    def extend(self, issues: Iterable[Issue]) -> None:
        for i in issues:
            self.add(i.severity, i.code, i.path, i.message, i.hint)

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


def normalize_locale(raw: str) -> str:
    """``pt-BR`` and ``pt_br`` are read as ``pt_BR``."""
    text = raw.strip().replace("-", "_")
    if "_" in text:
        lang, region = text.split("_", 1)
        return f"{lang.lower()}_{region.upper()}"
    return text.lower()


@cache
def _available_locales() -> frozenset[str]:
    from faker.config import AVAILABLE_LOCALES

    return frozenset(str(x) for x in AVAILABLE_LOCALES)


def valid_locale(raw: str) -> bool:
    """Whether ``raw`` names a locale datalchemy can generate for (Faker's list)."""
    return normalize_locale(raw) in _available_locales()
