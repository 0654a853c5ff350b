"""``primitive.json.template`` and ``primitive.array``: values built from other generators."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import DatalchemyError, GenerationError
from datalchemy.generators.base import (
    ColumnFacts,
    GenContext,
    Generator,
    ParamError,
    Rows,
    as_i64,
    as_u64,
)
from datalchemy.generators.primitive._common import (
    MAX_SPACE,
    U64,
    StrictParams,
    capped_space,
    issue,
)
from datalchemy.generators.registry import get_generator, register

__all__ = ["Array", "JsonTemplate"]


def _resolve(generator_id: str, path: str) -> Generator[Any]:
    """The nested generator (any family: the registry loads them on first use)."""
    try:
        return get_generator(generator_id)
    except ImportError as exc:
        raise GenerationError(
            "generator_unavailable",
            f"{generator_id!r} cannot be loaded: {exc}",
            path=path,
        ) from None


def _parse_leaf(generator_id: str, raw: Any, path: str) -> tuple[Generator[Any], Any]:
    gen = _resolve(generator_id, path)
    try:
        return gen, gen.parse_params(raw)
    except ParamError as exc:
        detail = "; ".join(f"{p or '/'}: {m}" for p, m in exc.problems)
        raise GenerationError(
            "invalid_params", f"invalid params for {generator_id} at {path}: {detail}", path=path
        ) from None


def _sub_context(ctx: GenContext, suffix: str) -> GenContext:
    """The context of a nested generator: its own stream key, no column facts."""
    return dataclasses.replace(ctx, column=f"{ctx.column}{suffix}", facts=ColumnFacts())


# ---- vectorized JSON text --------------------------------------------------------------------

_ESCAPES = {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}


def _json_quote(arr: pa.Array) -> pa.Array:
    """JSON string literals of a string array (escaping done by Arrow kernels)."""
    s = pc.replace_substring(arr, "\\", "\\\\")
    s = pc.replace_substring(s, '"', '\\"')
    if pc.any(pc.match_substring_regex(s, "[\\x00-\\x1f]")).as_py():
        for c in range(32):
            s = pc.replace_substring(s, chr(c), _ESCAPES.get(c, f"\\u{c:04x}"))
    return pc.binary_join_element_wise(pa.scalar('"'), s, pa.scalar('"'), "")


def _json_fragments(arr: pa.Array) -> pa.Array:
    """JSON text of every value of an Arrow array (NULL becomes ``null``); no Python per row."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    if pa.types.is_null(t):
        out = pa.repeat(pa.scalar("null"), len(arr))
    elif pa.types.is_boolean(t):
        out = pc.if_else(arr, "true", "false")
    elif pa.types.is_integer(t) or pa.types.is_decimal(t):
        out = pc.cast(arr, pa.string())
    elif pa.types.is_floating(t):
        out = pc.if_else(pc.is_finite(arr), pc.cast(arr, pa.string()), "null")
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        out = _json_quote(arr.cast(pa.string()))
    elif pa.types.is_list(t) or pa.types.is_large_list(t):
        items = _json_fragments(arr.values)
        lists = type(arr).from_arrays(arr.offsets, items)
        joined = pc.binary_join(lists, ",")
        out = pc.binary_join_element_wise(pa.scalar("["), joined, pa.scalar("]"), "")
        out = pc.if_else(arr.is_null(), pa.scalar(None, pa.string()), out)
    elif pa.types.is_struct(t):
        parts: list[Any] = []
        for k in range(t.num_fields):
            sep = "{" if k == 0 else ","
            parts.append(pa.scalar(sep + json.dumps(t.field(k).name, ensure_ascii=False) + ":"))
            parts.append(_json_fragments(arr.field(k)))
        if not parts:
            return pa.repeat(pa.scalar("{}"), len(arr))
        parts.append(pa.scalar("}"))
        out = pc.binary_join_element_wise(*parts, "")
        out = pc.if_else(arr.is_null(), pa.scalar(None, pa.string()), out)
    else:  # dates, times, timestamps, binary: their text, quoted
        out = _json_quote(pc.cast(arr, pa.string()))
    return pc.fill_null(out, "null")


# ---- templates -------------------------------------------------------------------------------

GEN_KEY = "$gen"


class _Leaf:
    __slots__ = ("generator_id", "params", "path")

    def __init__(self, generator_id: str, params: Any, path: str) -> None:
        self.generator_id, self.params, self.path = generator_id, params, path


def _walk_template(node: Any, path: str) -> Iterator[_Leaf]:
    if isinstance(node, dict):
        if GEN_KEY in node:
            extra = sorted(set(node) - {GEN_KEY, "params"})
            if extra:
                raise ValueError(f"{path or '/'}: a generator leaf has unknown keys {extra}")
            if not isinstance(node[GEN_KEY], str):
                raise ValueError(f"{path or '/'}: $gen must be a generator ID string")
            params = node.get("params")
            if params is not None and not isinstance(params, dict):
                raise ValueError(f"{path or '/'}: params must be an object")
            yield _Leaf(node[GEN_KEY], params, path or "/")
            return
        for k, v in node.items():
            yield from _walk_template(v, f"{path}/{_pointer_escape(str(k))}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_template(v, f"{path}/{i}")
    elif isinstance(node, float) and not math.isfinite(node):
        raise ValueError(f"{path or '/'}: numbers must be finite")


def _pointer_escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class JsonTemplateParams(StrictParams):
    template: dict[str, Any] = Field(
        description='A JSON object; a leaf {"$gen": "<generator id>", "params": {...}} is '
        "filled by that generator, anything else is copied as is."
    )

    @field_validator("template")
    @classmethod
    def _leaves(cls, v: dict[str, Any]) -> dict[str, Any]:
        for _ in _walk_template(v, ""):
            pass
        return v


def _template_parts(
    node: Any, path: str, leaf_value: Callable[[str, str, Any], pa.Array]
) -> list[Any]:
    """The template as a flat list of constant JSON text (str) and per-row fragment arrays."""
    if isinstance(node, dict):
        if GEN_KEY in node:
            return [leaf_value(node[GEN_KEY], path or "/", node.get("params"))]
        parts: list[Any] = ["{"]
        for k, (key, v) in enumerate(node.items()):
            parts.append(("," if k else "") + json.dumps(str(key), ensure_ascii=False) + ":")
            parts.extend(_template_parts(v, f"{path}/{_pointer_escape(str(key))}", leaf_value))
        parts.append("}")
        return parts
    if isinstance(node, list):
        parts = ["["]
        for i, v in enumerate(node):
            if i:
                parts.append(",")
            parts.extend(_template_parts(v, f"{path}/{i}", leaf_value))
        parts.append("]")
        return parts
    return [json.dumps(node, ensure_ascii=False, separators=(",", ":"))]


def _embedded(gen: Generator[Any], values: pa.Array) -> pa.Array:
    """A leaf's values as JSON text fragments."""
    if gen.output == TypeFamily.JSON and pa.types.is_string(values.type):
        return pc.fill_null(values, "null")  # nested JSON text is embedded, not quoted
    return _json_fragments(values)


def _joined(parts: list[Any], n: int) -> pa.Array:
    """The template's constant text and per-row fragments joined into one string per row."""
    merged: list[Any] = []  # adjacent constants joined once
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    if all(isinstance(p, str) for p in merged):
        return pa.repeat(pa.scalar("".join(merged)), n)
    cols = [pa.scalar(p) if isinstance(p, str) else p for p in merged]
    return pc.binary_join_element_wise(*cols, "")


@register
class JsonTemplate(Generator[JsonTemplateParams]):
    id = "primitive.json.template"
    summary = "JSON objects from a template whose leaves may be other generators."
    params_model = JsonTemplateParams
    output = TypeFamily.JSON
    fits = frozenset({TypeFamily.JSON, TypeFamily.TEXT, TypeFamily.UNKNOWN})

    def generate(self, ctx: GenContext, params: JsonTemplateParams, rows: Rows) -> pa.Array:
        r = as_i64(rows)

        def leaf_value(generator_id: str, path: str, raw: Any) -> pa.Array:
            gen, p = _parse_leaf(generator_id, raw, f"{self.id}:{path}")
            return _embedded(gen, gen.generate(_sub_context(ctx, f"#{path}"), p, r))

        return _joined(_template_parts(params.template, "", leaf_value), r.size)

    def _spaces(self, ctx: GenContext, params: JsonTemplateParams) -> list[int | None]:
        """The value space of every leaf, in template order (None: the leaf has none)."""
        out: list[int | None] = []
        for leaf in _walk_template(params.template, ""):
            gen, p = _parse_leaf(leaf.generator_id, leaf.params, f"{self.id}:{leaf.path}")
            out.append(gen.value_space(_sub_context(ctx, f"#{leaf.path}"), p))
        return out

    def value_space(self, ctx: GenContext, params: JsonTemplateParams) -> int | None:
        """The product of the leaves' value spaces (leaves without one do not count); None
        when no leaf has one."""
        spaces = [s for s in self._spaces(ctx, params) if s is not None]
        if not spaces:
            return None
        return capped_space(math.prod(spaces))

    def from_index(self, ctx: GenContext, params: JsonTemplateParams, idx: U64) -> pa.Array:
        """Objects by mixed radix: each leaf with a value space takes one digit of the index
        (through its ``from_index``) until the digits hold the whole index; the other leaves
        are generated as usual, keyed by the index."""
        x = as_u64(idx)
        spaces = iter(self._spaces(ctx, params))
        rest = [x.copy()]  # the part of the index no leaf has taken yet
        room = [1]  # how many indices the digits taken so far tell apart

        def leaf_value(generator_id: str, path: str, raw: Any) -> pa.Array:
            gen, p = _parse_leaf(generator_id, raw, f"{self.id}:{path}")
            sub = _sub_context(ctx, f"#{path}")
            space = next(spaces)
            if space is None or room[0] >= MAX_SPACE:
                return _embedded(gen, gen.generate(sub, p, x.astype(np.int64)))
            digit = rest[0] % np.uint64(space)
            rest[0] = rest[0] // np.uint64(space)
            room[0] *= space
            return _embedded(gen, gen.from_index(sub, p, digit))

        return _joined(_template_parts(params.template, "", leaf_value), x.size)

    def check(self, params: JsonTemplateParams, facts: ColumnFacts) -> list[Issue]:
        issues: list[Issue] = []
        for leaf in _walk_template(params.template, ""):
            issues.extend(_leaf_issues(leaf.generator_id, leaf.params, f"/template{leaf.path}"))
        return issues


def _leaf_issues(generator_id: str, raw: Any, path: str) -> list[Issue]:
    try:
        _parse_leaf(generator_id, raw, path)
    except DatalchemyError as exc:
        return [issue("error", exc.code, exc.message, path, exc.hint)]
    return []


class ArrayParams(StrictParams):
    element: str = Field(description="Generator ID of the elements (e.g. primitive.int.range).")
    element_params: dict[str, Any] = Field(
        default_factory=dict, description="Params of the element generator."
    )
    min_len: int = Field(0, ge=0, le=100_000, description="Fewest elements per array.")
    max_len: int = Field(5, ge=0, le=100_000, description="Most elements per array.")

    @model_validator(mode="after")
    def _lengths(self) -> ArrayParams:
        if self.min_len > self.max_len:
            raise ValueError(f"min_len ({self.min_len}) must be <= max_len ({self.max_len})")
        return self


def _element_context(ctx: GenContext) -> GenContext:
    """The elements' context: their own stream key, the array column's element facts."""
    facts = ctx.facts.element or ColumnFacts()
    return dataclasses.replace(ctx, column=f"{ctx.column}[]", facts=facts)


def _array_tiers(params: ArrayParams, element_space: int) -> list[tuple[int, int]]:
    """(length, arrays of that length) reachable below 2**62, shortest first."""
    out: list[tuple[int, int]] = []
    total = 0
    for length in range(params.min_len, params.max_len + 1):
        size = element_space**length
        if size == 0:
            continue
        out.append((length, size))
        total += size
        if total >= MAX_SPACE:
            break
    return out


@register
class Array(Generator[ArrayParams]):
    id = "primitive.array"
    summary = (
        "Arrays of min_len..max_len values of another generator (unique by construction when "
        "the element generator has a value space)."
    )
    params_model = ArrayParams
    output = TypeFamily.ARRAY
    fits = frozenset({TypeFamily.ARRAY})

    def generate(self, ctx: GenContext, params: ArrayParams, rows: Rows) -> pa.Array:
        r = as_i64(rows)
        gen, p = _parse_leaf(params.element, params.element_params, f"{self.id}:/element")
        if params.min_len == params.max_len:
            lengths = np.full(r.size, params.min_len, dtype=np.int64)
        else:
            lengths = ctx.stream(self.id, params).integers(r, params.min_len, params.max_len)
        offsets = np.zeros(r.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        total = int(offsets[-1])
        # element (row, position) is keyed by row * max_len + position
        owner = np.repeat(np.arange(r.size), lengths)
        position = np.arange(total, dtype=np.int64) - offsets[owner]
        m = max(1, params.max_len)
        with np.errstate(over="ignore"):
            keys = r[owner] * np.int64(m) + position
        values = gen.generate(_element_context(ctx), p, keys)
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), values)

    def _element_space(self, ctx: GenContext, params: ArrayParams) -> int | None:
        gen, p = _parse_leaf(params.element, params.element_params, f"{self.id}:/element")
        return gen.value_space(_element_context(ctx), p)

    def value_space(self, ctx: GenContext, params: ArrayParams) -> int | None:
        element = self._element_space(ctx, params)
        if element is None:
            return None
        return capped_space(sum(size for _, size in _array_tiers(params, element)))

    def from_index(self, ctx: GenContext, params: ArrayParams, idx: U64) -> pa.Array:
        """Arrays by mixed radix: the length's tier, then one digit per element (base: the
        element space), each digit through the element generator's ``from_index``."""
        gen, p = _parse_leaf(params.element, params.element_params, f"{self.id}:/element")
        ectx = _element_context(ctx)
        base = gen.value_space(ectx, p)
        if base is None:
            raise GenerationError(
                "not_enumerable", f"{params.element} has no value space", path=self.id
            )
        tiers = _array_tiers(params, base)
        x = as_u64(idx)
        ends = np.array([min(e, 2**63) for e in accumulate(s for _, s in tiers)], np.uint64)
        if x.size and (not tiers or int(x.max()) >= int(ends[-1])):
            raise ValueError("index out of range for the array's value space")
        tier = np.searchsorted(ends, x, side="right")
        starts = np.concatenate([np.zeros(1, np.uint64), ends[:-1]])
        rank = x - starts[tier]
        lengths = np.array([length for length, _ in tiers], dtype=np.int64)[tier]
        offsets = np.zeros(x.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        owner = np.repeat(np.arange(x.size), lengths)
        position = np.arange(int(offsets[-1]), dtype=np.int64) - offsets[owner]
        # Digit j of each rank in base ``base``; past what 2**62 reaches, drawn from the stream.
        digits = np.zeros(position.size, dtype=np.uint64)
        reach = max(1, math.floor(62 / math.log2(base))) if base > 1 else 1
        b = np.uint64(max(base, 1))
        fill = ctx.stream(self.id, params, "from_index")
        for j in range(int(lengths.max()) if lengths.size else 0):
            at = position == j
            if j < reach:
                digits[at] = (rank[owner[at]] // (b ** np.uint64(j))) % b
            else:
                with np.errstate(over="ignore"):
                    key = x[owner[at]] * np.uint64(params.max_len + 1) + np.uint64(j)
                digits[at] = fill.integers(key, 0, base - 1).astype(np.uint64)
        values = gen.from_index(ectx, p, digits)
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), values)

    def check(self, params: ArrayParams, facts: ColumnFacts) -> list[Issue]:
        issues = _leaf_issues(params.element, params.element_params, "/element_params")
        if issues or facts.element is None:
            return issues
        gen, p = _parse_leaf(params.element, params.element_params, f"{self.id}:/element")
        return [
            i.model_copy(update={"path": "/element_params" + (i.path or "")})
            for i in gen.check(p, facts.element)
        ]
