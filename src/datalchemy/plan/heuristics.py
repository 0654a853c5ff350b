"""Which generator a column's name and type suggest (shared by resolution and ``plan suggest``).

A column name is normalised first: accents dropped (``descrição`` → ``descricao``), camelCase
split (``dataNascimento`` → ``data_nascimento``), lower-cased and cut into tokens. Rules match
tokens (``uf``, ``cpf``), substrings of the joined name (``email`` in ``emailcontato``) or whole
names (``razaosocial``), restricted to the column's type family, in order of specificity. Each
rule gives a generator for ``pt_BR`` and one for other locales, a confidence (0..1) and a reason.

The rules are registered by :mod:`.names_text` (text columns) and :mod:`.names_values`
(numbers, flags, dates) with :func:`add_rule`. :func:`suggestions` returns every matching rule,
best first, then the type default, so a caller that needs a unique column can skip a candidate
whose value space is too small.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="dataNascimento", declared_type="date",
    ...              family=TypeFamily.DATE, nullable=True)
    >>> best = suggestions(HeuristicInput(col, "clientes", ("dataNascimento",), "pt_BR"))[0]
    >>> best.generator, best.params
    ('primitive.date.range', {'min': '1944-01-01', 'max': '2006-01-01'})
    >>> name_tokens("Descrição_CurtaProduto")
    ('descricao', 'curta', 'produto')
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from datalchemy.contracts.plan import DEFAULT_BASE_DATE
from datalchemy.contracts.resolved import ColumnReason, ResolvedColumn
from datalchemy.contracts.schema import Column, TypeFamily

__all__ = [
    "RULES",
    "HeuristicInput",
    "NameRule",
    "Suggestion",
    "add_rule",
    "code_prefix",
    "days_from",
    "decimal_limit",
    "decimal_params",
    "group_defaults",
    "has_words",
    "int_limits",
    "int_range",
    "name_tokens",
    "order_params",
    "singular_label",
    "suggestions",
    "temporal_range",
    "timestamp_param",
    "type_default",
    "unique_fallback",
    "years_from",
]

Params = dict[str, Any]
_T = TypeFamily
TEXTY = frozenset({_T.TEXT, _T.UNKNOWN})
INTS = frozenset({_T.INTEGER})
NUMS = frozenset({_T.DECIMAL, _T.FLOAT, _T.MONEY})
TEMPORAL = frozenset({_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ})
BOOLS = frozenset({_T.BOOLEAN})


@dataclass(frozen=True)
class Suggestion:
    """A generator for a column, with why and how sure."""

    generator: str
    params: Params
    reason: ColumnReason
    confidence: float
    why: str


@dataclass(frozen=True)
class HeuristicInput:
    """What the rules look at: the column, its table, its siblings, the locale, "today"."""

    column: Column
    table: str
    siblings: tuple[str, ...] = ()
    locale: str = "en_US"
    base_date: date = DEFAULT_BASE_DATE
    enum_labels: tuple[str, ...] | None = None
    tokens: tuple[str, ...] = field(init=False)
    compact: str = field(init=False)
    table_tokens: tuple[str, ...] = field(init=False)
    sibling_tokens: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens", name_tokens(self.column.name))
        object.__setattr__(self, "compact", "".join(self.tokens))
        object.__setattr__(self, "table_tokens", name_tokens(self.table))
        sib = {t for s in self.siblings if s != self.column.name for t in name_tokens(s)}
        object.__setattr__(self, "sibling_tokens", frozenset(sib))

    @property
    def pt(self) -> bool:
        return self.locale.lower().startswith("pt")

    @property
    def family(self) -> TypeFamily:
        return self.column.family


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a column or table name (accents, camelCase, separators)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return tuple(t for t in re.split(r"[^0-9a-zA-Z]+", text.lower()) if t)


def _singular(word: str) -> str:
    for plural, single in (("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el")):
        if word.endswith(plural) and len(word) > 4:
            return word[: -len(plural)] + single
    if word.endswith("ns") and len(word) > 3:
        return word[:-2] + "m"  # itens -> item
    if word.endswith("is") and len(word) > 3 and word[-3] in "nu":
        return word[:-1] + "l"  # funis -> funil
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("res", "zes")) and len(word) > 4:
        return word[:-2]  # fornecedores -> fornecedor
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def singular_label(table: str) -> str:
    """A readable singular label for a table: ``categorias_veiculo`` → ``Categoria``."""
    tokens = name_tokens(table) or ("item",)
    return _singular(tokens[0]).capitalize()


def code_prefix(table: str) -> str:
    """Three-letter code prefix from the table name: ``cotacoes`` → ``COT``."""
    letters = re.sub(r"[^a-z]", "", "".join(name_tokens(table)))
    return (letters[:3] or "cod").upper()


# ---------------------------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------------------------


def int_limits(column: Column) -> tuple[int, int]:
    """Smallest and largest value of the column's integer width (64 bits when unknown)."""
    bits = column.int_bits or 64
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def decimal_limit(column: Column) -> float | None:
    """Largest absolute value ``numeric(p, s)`` holds (None when unbounded)."""
    if column.precision is None:
        return None
    scale = column.scale or 0
    return float(10 ** (column.precision - scale)) - 10.0 ** (-scale)


def days_from(d: date, n: float) -> date:
    return d + timedelta(days=round(n))


def years_from(d: date, n: float) -> date:
    return days_from(d, 365.25 * n)


def timestamp_param(value: date | datetime) -> str:
    """Param text for a timestamp bound (a date means its midnight)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None) - (value.utcoffset() or timedelta(0))
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def temporal_range(info: HeuristicInput, lo: date, hi: date) -> tuple[str, Params]:
    if info.family == _T.DATE:
        return "primitive.date.range", {"min": lo.isoformat(), "max": hi.isoformat()}
    return "primitive.timestamp.range", {"min": timestamp_param(lo), "max": timestamp_param(hi)}


def int_range(info: HeuristicInput, lo: int, hi: int) -> tuple[str, Params]:
    wlo, whi = int_limits(info.column)
    lo, hi = max(lo, wlo), min(hi, whi)
    return "primitive.int.range", {"min": lo, "max": max(lo, hi)}


def decimal_params(info: HeuristicInput, lo: float, hi: float, scale: int | None = None) -> Params:
    col = info.column
    if scale is None:
        scale = col.scale if col.scale is not None else 2
    if col.scale is not None:
        scale = min(scale, col.scale)
    limit = decimal_limit(col)
    if limit is not None:
        hi = min(hi, limit)
        lo = max(lo, -limit)
    lo, hi = _clean(lo), _clean(max(lo, hi))
    return {"min": lo, "max": hi, "scale": scale}


def _clean(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------

Make = Callable[[HeuristicInput], "tuple[str, Params] | None"]


@dataclass(frozen=True)
class NameRule:
    families: frozenset[TypeFamily]
    tokens: frozenset[str]
    substrings: tuple[str, ...]
    make: Make
    confidence: float
    why: str
    when: Callable[[HeuristicInput], bool] | None = None

    def matches(self, info: HeuristicInput) -> bool:
        if info.family not in self.families:
            return False
        hit = bool(self.tokens.intersection(info.tokens)) or info.compact in self.tokens
        hit = hit or any(s in info.compact for s in self.substrings)
        return hit and (self.when is None or self.when(info))


RULES: list[NameRule] = []


def add_rule(
    families: frozenset[TypeFamily],
    words: str,
    make: Make | tuple[str, Params] | tuple[tuple[str, Params], tuple[str, Params]],
    confidence: float,
    why: str,
    *,
    substrings: str = "",
    when: Callable[[HeuristicInput], bool] | None = None,
) -> None:
    """Add a rule. ``make`` is a function, one (id, params) or a (pt_BR, other) pair."""
    if callable(make):
        fn: Make = make
    elif isinstance(make[0], tuple):
        pt_choice, other = make

        def fn(info: HeuristicInput, a: Any = pt_choice, b: Any = other) -> tuple[str, Params]:
            out: tuple[str, Params] = a if info.pt else b
            return out

    else:
        single: Any = make

        def fn(info: HeuristicInput, a: Any = single) -> tuple[str, Params]:
            out: tuple[str, Params] = a
            return out

    RULES.append(
        NameRule(
            families,
            frozenset(words.split()),
            tuple(substrings.split()),
            fn,
            confidence,
            why,
            when,
        )
    )


def has_words(info: HeuristicInput, words: str) -> bool:
    pool = set(info.table_tokens) | set(info.tokens) | set(info.sibling_tokens)
    return bool(pool.intersection(words.split()))


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


# ---------------------------------------------------------------------------------------------
# Orderings
# ---------------------------------------------------------------------------------------------


def order_params(later: Column, strict: bool) -> Params:
    """Offsets for ``derive.end_after_start`` on ``later`` (``strict``: ``>`` rather than ``>=``).

    Dates: up to 30 days later (365 for ``*_fim`` / ``end`` periods). Timestamps: up to 4 hours
    for ``fim`` / ``end`` (an activity), 90 days for updates, 30 days otherwise.
    """
    tokens = set(name_tokens(later.name))
    if later.family == _T.DATE:
        hi = 365 if tokens & {"fim", "end", "termino", "final"} else 30
        return {"min_days": 1 if strict else 0, "max_days": hi}
    if later.family == _T.TIME:
        return {"min_seconds": 1 if strict else 0, "max_seconds": 4 * 3600}
    low = {"min_seconds": 1} if strict else {}
    if tokens & {"fim", "end", "termino", "final", "ended"}:
        return {**low, "max_seconds": 4 * 3600}
    if tokens & {"atualizado", "atualizacao", "updated", "modificado", "modified", "alteracao"}:
        return {**low, "max_days": 90}
    return {**low, "max_days": 30}


#: Generators that agree within a row when they share a ``group`` param (semantic.br).
_GROUPS = {
    "endereco": frozenset(
        {"semantic.br.city", "semantic.br.uf", "semantic.br.cep", "semantic.br.address"}
    ),
    "pessoa": frozenset({"semantic.br.name", "semantic.br.email.safe"}),
}


def group_defaults(columns: list[ResolvedColumn]) -> list[ResolvedColumn]:
    """Give default Brazilian place (person) columns of one table a shared ``group``, so a row's
    city, UF and CEP (name and e-mail) agree. Rule columns and unique columns are left alone."""
    out = list(columns)
    for group, members in _GROUPS.items():
        picked = [
            i
            for i, c in enumerate(out)
            if c.reason not in ("rule", "identity")
            and c.generator in members
            and not c.unique
            and "group" not in c.params
        ]
        if len(picked) < 2:
            continue
        for i in picked:
            c = out[i]
            out[i] = c.model_copy(
                update={
                    "params": {**c.params, "group": group},
                    "explanation": c.explanation + f" (group {group!r}: agrees within the row)",
                }
            )
    return out


# The rules themselves live in two modules that register them with add_rule on import.
from datalchemy.plan import names_text, names_values  # noqa: E402, F401
