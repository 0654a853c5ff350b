"""Which generator a column's name and type suggest (resolution's defaults; ``plan suggest``).

Every column that no plan rule covers gets the first of :func:`suggestions` that fits it (see
:mod:`.columns`). The name rules are data: :data:`RULES` puts the text rules of
:mod:`.names_text` (with :mod:`.names_web` and :mod:`.names_categories`) and the JSON shapes of
:mod:`.names_json` before the number, flag and date rules of :mod:`.names_values` (with
:mod:`.names_numbers`); their type families do not overlap. :func:`suggestions` returns every
matching rule, best first, then the type default, so a caller that needs a unique column can skip
a candidate whose value space is too small (:func:`unique_fallback` gives one that is large
enough).

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="dataNascimento", declared_type="date",
    ...              family=TypeFamily.DATE, nullable=True)
    >>> best = suggestions(HeuristicInput(col, "clientes", ("dataNascimento",), "pt_BR"))[0]
    >>> best.generator, best.params
    ('primitive.date.range', {'min': '1944-01-01', 'max': '2006-01-01'})
"""

from __future__ import annotations

import math

from datalchemy.contracts.resolved import ResolvedColumn
from datalchemy.contracts.schema import DatabaseSchema, Table, TypeFamily
from datalchemy.plan.resolve.links import link_columns
from datalchemy.plan.resolve.names import (
    TEMPORAL,
    TEXTY,
    HeuristicInput,
    NameRule,
    Params,
    Suggestion,
    code_prefix,
)
from datalchemy.plan.resolve.names_json import JSON_RULES
from datalchemy.plan.resolve.names_text import TEXT_RULES
from datalchemy.plan.resolve.names_values import VALUE_RULES
from datalchemy.plan.resolve.ranges import (
    days_from,
    decimal_params,
    int_range,
    temporal_range,
    years_from,
)

__all__ = [
    "RULES",
    "group_defaults",
    "suggestions",
    "type_default",
    "unique_fallback",
]

_T = TypeFamily

#: Every name rule, best first.
RULES: tuple[NameRule, ...] = (*TEXT_RULES, *JSON_RULES, *VALUE_RULES)


# ---------------------------------------------------------------------------------------------
# Type defaults
# ---------------------------------------------------------------------------------------------

_PLACEHOLDERS: dict[TypeFamily, list[str]] = {
    _T.INTERVAL: ["1 day", "2 hours", "30 minutes", "7 days"],
    _T.BYTES: ["\\x00", "\\x0102", "\\xdeadbeef"],
    _T.XML: ["<item/>"],
    _T.RANGE: ["empty"],
}
_GEOMETRY = {
    "point": ["(0,0)", "(1,2)", "(-3.5,4)"],
    "line": ["{1,-1,0}"],
    "lseg": ["[(0,0),(1,1)]"],
    "box": ["(1,1),(0,0)"],
    "path": ["((0,0),(1,1),(2,0))"],
    "polygon": ["((0,0),(1,1),(1,0))"],
    "circle": ["<(0,0),1>"],
}


def _array_element(info: HeuristicInput) -> tuple[str, Params] | None:
    arr = info.column.array
    if arr is None:
        return None
    fam = arr.element_family
    simple: dict[TypeFamily, tuple[str, Params]] = {
        _T.TEXT: ("primitive.text.lorem", {"words": 1}),
        _T.INTEGER: ("primitive.int.range", {"min": 0, "max": 100}),
        _T.DECIMAL: ("primitive.decimal.numeric", {"min": 0, "max": 100, "scale": 2}),
        _T.FLOAT: ("primitive.float.range", {"min": 0.0, "max": 100.0}),
        _T.UUID: ("primitive.uuid.v4", {}),
        _T.BOOLEAN: ("primitive.bool", {}),
        _T.DATE: ("primitive.date.range", {}),
    }
    if fam == _T.ENUM and info.enum_labels:
        return "primitive.choice", {"values": list(info.enum_labels)}
    return simple.get(fam)


def type_default(info: HeuristicInput) -> Suggestion | None:
    """The generator for the column's type when no name rule applies (None: no value loads)."""
    fam, col = info.family, info.column
    base = info.base_date

    def s(gen: str, params: Params, why: str, conf: float = 0.3) -> Suggestion:
        return Suggestion(gen, params, "type_default", conf, why)

    if fam == _T.ENUM:
        return Suggestion("primitive.enum", {}, "enum", 0.9, "a label of the column's enum")
    if fam == _T.UUID:
        return s("primitive.uuid.v4", {}, "a random UUID")
    if fam == _T.BOOLEAN:
        return s("primitive.bool", {}, "true or false")
    if fam == _T.INTEGER:
        gen, params = int_range(info, 0, 10_000)
        return s(gen, params, "an integer in [0, 10000]")
    if fam in (_T.DECIMAL, _T.MONEY):
        params = decimal_params(info, 0, 10_000)
        return s("primitive.decimal.numeric", params, "a decimal within the column's precision")
    if fam == _T.FLOAT:
        return s("primitive.float.range", {"min": 0.0, "max": 10000.0}, "a float in [0, 10000]")
    if fam in TEMPORAL:
        gen, params = temporal_range(info, years_from(base, -2), base)
        return s(gen, params, "a date in the 2 years before base_date")
    if fam == _T.TIME:
        return s("primitive.time", {}, "a time of day")
    if fam == _T.NETWORK:
        if "mac" in col.declared_type.lower():
            return s("semantic.internet.mac", {}, "a MAC address")
        return s("semantic.internet.ipv4", {}, "an IPv4 address")
    if fam == _T.JSON:
        return s("primitive.json.template", {"template": {"versao": 1}}, "a small JSON object")
    if fam == _T.ARRAY:
        element = _array_element(info)
        if element is None:
            return None
        params = {"element": element[0], "element_params": element[1], "max_len": 3}
        return s("primitive.array", params, "a short array of element values")
    if fam == _T.BIT:
        n = col.length or 1
        return s("primitive.choice", {"values": ["0" * n, "1" * n]}, "bit strings")
    if fam == _T.GEOMETRY:
        kind = col.declared_type.lower().split("(")[0].strip()
        return s("primitive.choice", {"values": _GEOMETRY.get(kind, ["(0,0)"])}, "shapes")
    if fam in _PLACEHOLDERS:
        return s("primitive.choice", {"values": _PLACEHOLDERS[fam]}, "placeholder values")
    if col.fixed_length and col.length is not None and col.length <= 8:
        pattern = f"[A-Z]{{{col.length}}}"
        return s("primitive.text.pattern", {"pattern": pattern}, f"{col.length} letters")
    return s("primitive.text.lorem", {"min_words": 1, "max_words": 4}, "a few words")


def suggestions(info: HeuristicInput) -> list[Suggestion]:
    """Every suggestion for the column, best first, ending with the type default."""
    out: list[Suggestion] = []
    seen: set[str] = set()
    for rule in RULES:
        if not rule.matches(info):
            continue
        made = rule.make(info)
        if made is None:
            continue
        gen, params = made
        key = gen + repr(sorted(params.items()))
        if key in seen:
            continue
        seen.add(key)
        out.append(Suggestion(gen, params, "name_heuristic", rule.confidence, rule.why))
    default = type_default(info)
    if default is not None:
        out.append(default)
    return out


def unique_fallback(info: HeuristicInput, rows: int) -> Suggestion | None:
    """A generator with at least ``rows`` distinct values for a UNIQUE column, by type."""
    fam, col = info.family, info.column
    digits = max(6, len(str(max(rows, 1))))
    why = f"unique: a value space of at least {rows} values"
    if fam in TEXTY:
        prefix = code_prefix(info.table)
        if col.length is None or col.length >= len(prefix) + 1 + digits:
            pattern = f"{prefix}-[0-9]{{{digits}}}"
        else:
            pattern = f"[A-Z0-9]{{{max(1, col.length)}}}"
        return Suggestion("primitive.text.pattern", {"pattern": pattern}, "type_default", 0.3, why)
    if fam == _T.INTEGER:
        gen, params = int_range(info, 1, max(rows, 1_000_000))
        return Suggestion(gen, params, "type_default", 0.3, why)
    if fam in (_T.DECIMAL, _T.MONEY, _T.FLOAT):
        scale = col.scale if col.scale is not None else 2
        hi = max(10_000.0, math.ceil(rows / 10**scale) + 1.0)
        params = decimal_params(info, 0, hi, scale)
        return Suggestion("primitive.decimal.numeric", params, "type_default", 0.3, why)
    if fam == _T.DATE:
        lo = days_from(info.base_date, -max(rows, 730))
        gen, params = temporal_range(info, lo, info.base_date)
        return Suggestion(gen, params, "type_default", 0.3, why)
    if fam in (_T.TIMESTAMP, _T.TIMESTAMPTZ):
        lo = days_from(info.base_date, -max(730, rows // 86_400 + 1))
        gen, params = temporal_range(info, lo, info.base_date)
        return Suggestion(gen, params, "type_default", 0.3, why)
    if fam == _T.UUID:
        return Suggestion("primitive.uuid.v4", {}, "type_default", 0.3, why)
    return None


def group_defaults(
    columns: list[ResolvedColumn],
    schema: DatabaseSchema | None = None,
    table: Table | None = None,
) -> list[ResolvedColumn]:
    """Link the default choices of one table's columns so rows make sense as rows: dates in
    the order their names mean, e-mails from the row's names, one place / product / person per
    row, statuses weighted by meaning (see :mod:`.links`). Rule and unique columns are left
    alone."""
    labels: dict[str, list[str]] = {}
    if schema is not None and table is not None:
        for col in table.columns:
            enum = schema.enum(col.enum) if col.enum else None
            if enum is not None:
                labels[col.name] = list(enum.labels)
    return link_columns(columns, table, labels)
