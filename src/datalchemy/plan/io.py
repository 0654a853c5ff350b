"""Reading plan and schema files, with coded errors instead of tracebacks.

Every failure is an :class:`~datalchemy.errors.InputError` (exit code 3) whose code says what went
wrong and whose path says where:

- ``plan_file_not_found`` / ``schema_file_not_found``: no such file (or a directory);
- ``plan_file_unreadable`` / ``schema_file_unreadable``: permissions, not UTF-8;
- ``plan_invalid_json`` / ``schema_invalid_json``: JSON syntax, with line and column;
- ``plan_too_deep`` / ``schema_too_deep``: nesting deeper than :data:`MAX_JSON_DEPTH` (a real
  file is a dozen levels deep; a hostile one would exhaust the parser's recursion);
- ``plan_invalid_text`` / ``schema_invalid_text``: a ``\\uD800``-style escape of half a
  surrogate pair, which JSON allows but no UTF-8 file, database or CSV can hold;
- ``plan_contract_violation`` / ``schema_contract_violation``: the JSON does not match the
  contract; the message lists every violation at its JSON pointer.

Example:
    >>> from pathlib import Path
    >>> try:
    ...     load_schema(Path("missing.json"))
    ... except InputError as exc:
    ...     print(exc.code)
    schema_file_not_found
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ValidationError

from datalchemy.contracts.plan import Plan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import InputError
from datalchemy.plan._common import error_pointer
from datalchemy.runs import atomic_write_text

__all__ = [
    "MAX_JSON_DEPTH",
    "json_depth",
    "load_plan",
    "load_schema",
    "read_json",
    "read_text",
    "write_model",
]

Kind = Literal["plan", "schema"]
_MAX_LISTED = 20
#: Deepest nesting of arrays and objects a plan or schema file may have.
MAX_JSON_DEPTH = 64
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
#: A JSON escape of a high surrogate not followed by a low one, or a low one not after a high.
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<![89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of JSON ``text`` nest, without parsing it (so without
    recursion): strings are blanked, then brackets counted with NumPy.

    Example:
        >>> json_depth('{"a": [1, {"b": "[[["}]}'), json_depth("3")
        (3, 0)
    """
    brackets = re.sub(r"[^\[\]{}]", "", _STRINGS.sub('""', text)).encode("ascii")
    if not brackets:
        return 0
    raw = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((raw == ord("[")) | (raw == ord("{")), 1, -1).astype(np.int64)
    return int(np.cumsum(steps).max())


def _too_deep(path: Path, kind: Kind, depth: int) -> InputError:
    return InputError(
        f"{kind}_too_deep",
        f"{kind} file {str(path)!r} nests {depth} levels deep; the most a {kind} file may is "
        f"{MAX_JSON_DEPTH}",
        path=str(path),
        hint=f"this is not a {kind} file datalchemy wrote; "
        + ("introspect again" if kind == "schema" else "`datalchemy plan suggest` writes one"),
    )


def read_text(path: Path, kind: Kind) -> str:
    """The file's text (UTF-8)."""
    if not path.exists() or path.is_dir():
        raise InputError(
            f"{kind}_file_not_found",
            f"{kind} file {str(path)!r} does not exist"
            + (" (it is a folder)" if path.is_dir() else ""),
            path=str(path),
            hint="check the path"
            + (" (`datalchemy introspect` writes schema.json)" if kind == "schema" else ""),
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{kind}_file_unreadable",
            f"cannot read {kind} file {str(path)!r}: {exc}",
            path=str(path),
            hint="check the file's permissions and that it is UTF-8 text",
        ) from None
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise _too_deep(path, kind, depth)
    lone = _LONE_SURROGATE.search(text)
    if lone:
        line = text.count("\n", 0, lone.start()) + 1
        raise InputError(
            f"{kind}_invalid_text",
            f"{kind} file {str(path)!r} escapes half a surrogate pair ({lone.group(0)[-6:]}) at "
            f"line {line}: no UTF-8 text can hold it",
            path=f"{path}:{line}",
            hint="write the character itself, or its full surrogate pair",
        )
    return text


def read_json(path: Path, kind: Kind) -> Any:
    """The file parsed as JSON."""
    text = read_text(path, kind)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{kind}_invalid_json",
            f"{kind} file {str(path)!r} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}",
            path=f"{path}:{exc.lineno}:{exc.colno}",
            hint="fix the JSON syntax (a missing comma or quote, a trailing comma)",
        ) from None


def _violations(exc: ValidationError, raw: Any) -> list[str]:
    out = []
    for err in exc.errors():
        where = error_pointer(raw, tuple(err["loc"]), err["type"])
        out.append(f"{where}: {err['msg']}")
    return out


def _contract(path: Path, kind: Kind, exc: ValidationError, raw: Any) -> InputError:
    lines = _violations(exc, raw)
    shown = lines[:_MAX_LISTED]
    more = f"\n  ... and {len(lines) - len(shown)} more" if len(lines) > len(shown) else ""
    return InputError(
        f"{kind}_contract_violation",
        f"{kind} file {str(path)!r} does not match the {kind} contract "
        f"({len(lines)} problem(s)):\n  " + "\n  ".join(shown) + more,
        path=str(path),
        hint=(
            "`datalchemy plan validate` lists plan problems with hints"
            if kind == "plan"
            else "introspect again to get a schema.json of this version"
        ),
    )


def load_schema(path: Path) -> DatabaseSchema:
    """``schema.json`` as a :class:`DatabaseSchema`."""
    raw = read_json(path, "schema")
    try:
        return DatabaseSchema.model_validate(raw)
    except ValidationError as exc:
        raise _contract(path, "schema", exc, raw) from None


def load_plan(path: Path) -> Plan:
    """``plan.json`` as a :class:`Plan` (structure only: see ``validate_plan`` for the rest)."""
    raw = read_json(path, "plan")
    if not isinstance(raw, dict):
        raise InputError(
            "plan_contract_violation",
            f"plan file {str(path)!r} must hold a JSON object",
            path=str(path),
        )
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        raise _contract(path, "plan", exc, raw) from None


def write_model(
    path: Path, model: BaseModel, *, by_alias: bool = True, as_written: bool = False
) -> Path:
    """Write a contract as pretty JSON (atomically), creating the folder.

    ``as_written``: only the keys the file it was read from had, plus those changed since (what
    ``plan fix`` writes, so the repaired plan reads like the original).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    text = model.model_dump_json(
        by_alias=by_alias, indent=2, exclude_none=True, exclude_unset=as_written
    )
    return atomic_write_text(path, text + "\n")
