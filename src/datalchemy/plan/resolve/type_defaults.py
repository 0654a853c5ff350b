"""The generator a column's type asks for when no name rule applies, and the unique fallback.

Every type a database reads gets values it accepts:

- :func:`literal_default`: types with a literal syntax of their own, chosen by the declared type
  and placed before any name rule (a ``tsvector`` named ``title`` must not get titles with
  apostrophes): geometric types and ``cube`` (``primitive.geo.*``), ranges and multiranges
  (``primitive.range.*``), ``interval``, ``bit(n)`` / ``varbit``, ``tsvector`` / ``tsquery``,
  ``hstore``, ``ltree`` (dotted labels), ``xml``, ``tid``, ``macaddr8``;
- :func:`type_default`: by family (integers, decimals and money inside the column's precision,
  dates around the base date, UUIDs, booleans, bytes of a size the name suggests, network
  addresses, JSON objects, arrays of any such element, text). Text columns of keys (``keyed``),
  and text whose name says key (``keyword``, ``tag``, ``slug``, ``code``, ``handle``, ...), get
  key-like words (:func:`key_text`): ``mar-azul``, ``MAR-AZUL-7``, ``Mar Azul``, or hex for
  tokens and digests;
- :func:`unique_fallback`: a generator with room for every row of a UNIQUE column, by type.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="area", declared_type="polygon",
    ...              family=TypeFamily.GEOMETRY, nullable=False)
    >>> literal_default(HeuristicInput(col, "zonas")).generator
    'primitive.geo.polygon'
    >>> tag = Column(ordinal=1, name="tag", declared_type="varchar(40)",
    ...              family=TypeFamily.TEXT, nullable=False, length=40)
    >>> key_text(HeuristicInput(tag, "posts")).params
    {}
"""

from __future__ import annotations

import math
import re

from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.generators.base import ColumnFacts, GenContext
from datalchemy.generators.registry import get_generator
from datalchemy.plan.resolve.names import (
    TEMPORAL,
    TEXTY,
    HeuristicInput,
    Params,
    Suggestion,
    code_prefix,
)
from datalchemy.plan.resolve.ranges import (
    days_from,
    decimal_params,
    int_range,
    temporal_range,
    years_from,
)

__all__ = [
    "PUNCTUATED_LENGTHS",
    "base_type",
    "formatted_params",
    "key_text",
    "literal_default",
    "type_default",
    "unique_fallback",
]

_T = TypeFamily

#: Declared base type -> (generator, params, why): types with a literal syntax of their own.
_LITERALS: dict[str, tuple[str, Params, str]] = {
    **{
        kind: (f"primitive.geo.{kind}", {}, f"a {kind}")
        for kind in ("point", "line", "lseg", "box", "path", "polygon", "circle")
    },
    "cube": ("primitive.geo.cube", {}, "a 3-dimensional cube point"),
    "interval": ("primitive.interval", {}, "a duration up to 7 days"),
    "tsvector": ("primitive.text.words", {"min_words": 2, "max_words": 6}, "a few words"),
    "tsquery": ("primitive.tsquery", {}, "words joined by &"),
    "hstore": ("primitive.hstore", {}, "key => value pairs"),
    "ltree": ("primitive.text.slug", {"separator": "."}, "a dotted label path"),
    "xml": ("primitive.xml", {}, "a small XML document"),
    "tid": ("primitive.tid", {}, "a tuple identifier"),
    "macaddr8": ("semantic.internet.mac", {}, "a MAC address (read as EUI-64)"),
}
_RANGES = {
    "int4": "primitive.range.int4",
    "int8": "primitive.range.int8",
    "num": "primitive.range.num",
    "date": "primitive.range.date",
    "ts": "primitive.range.ts",
    "tstz": "primitive.range.tstz",
}
_BITS = ("bit", "bit varying", "varbit")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Name tokens of text that identifies (its values should read like keys, not prose).
_KEY_WORDS = _words(
    "keyword keywords tag tags slug code codigo sku ref token hash digest checksum key chave "
    "locale label rotulo handle username login nick nickname apelido identifier alias"
)
_HEX_WORDS = _words(
    "token hash digest checksum secret nonce salt fingerprint sha sha1 sha256 sha512 md5"
)
_CODE_WORDS = _words("code codigo sku ref")
_HANDLE_WORDS = _words("handle username login nick nickname apelido")
_TITLE_WORDS = _words("name nome title titulo label rotulo")
#: Bytes of a digest or key named after its algorithm.
_BYTE_SIZES = {
    "md5": 16, "sha1": 20, "sha224": 28, "sha256": 32, "sha384": 48, "sha512": 64,
    "hash": 32, "digest": 32, "token": 32, "key": 32, "secret": 32, "signature": 64,
    "salt": 16, "iv": 16, "nonce": 12,
}  # fmt: skip


def base_type(declared: str) -> str:
    """The bare type name: no schema, quotes, modifier or array brackets.

    Example:
        >>> base_type('public."ltree"[]'), base_type("bit varying(8)"), base_type("numeric(5,2)")
        ('ltree', 'bit varying', 'numeric')
    """
    text = declared.strip().lower().replace('"', "")
    text = re.sub(r"\[\d*\]", "", text)
    text = re.sub(r"\(.*?\)", "", text).strip()
    return text.rsplit(".", 1)[-1].strip()


#: Generators with a ``formatted`` param, and the length of their punctuated values.
PUNCTUATED_LENGTHS = {
    "semantic.br.cpf": 14,
    "semantic.br.cnpj": 18,
    "semantic.br.cep": 9,
    "semantic.br.rg": 12,
    "semantic.br.pis": 14,
}


def formatted_params(info: HeuristicInput, generator: str) -> Params:
    """``{"formatted": true}`` when the column is ``char(n)`` wide enough for the punctuated
    value (a CPF in ``char(14)`` reads ``000.000.000-00``, not 11 digits and 3 blanks).

    Example:
        >>> cpf = Column(ordinal=1, name="cpf", declared_type="character(14)",
        ...              family=TypeFamily.TEXT, nullable=False, length=14, fixed_length=True)
        >>> formatted_params(HeuristicInput(cpf, "clientes"), "semantic.br.cpf")
        {'formatted': True}
    """
    col = info.column
    width = PUNCTUATED_LENGTHS.get(generator)
    if width is not None and col.fixed_length and (col.length or 0) >= width:
        return {"formatted": True}
    return {}


def _s(gen: str, params: Params, why: str, conf: float = 0.3) -> Suggestion:
    return Suggestion(gen, params, "type_default", conf, why)


def literal_default(info: HeuristicInput) -> Suggestion | None:
    """The generator of a type with its own literal syntax (None: not such a type)."""
    col = info.column
    name = base_type(col.declared_type)
    if col.family == _T.ARRAY:
        return None
    if name in _LITERALS:
        gen, literal, why = _LITERALS[name]
        return _s(gen, literal, why, 0.9)
    params: Params
    kind = re.fullmatch(r"(int4|int8|num|date|tstz|ts)(multi)?range", name)
    if kind is not None:
        params = {"multirange": True} if kind[2] else {}
        return _s(_RANGES[kind[1]], params, f"a {name} literal", 0.9)
    if col.family == _T.RANGE:
        why = "the empty range (the type of its bounds is not known)"
        return _s("primitive.choice", {"values": ["empty"]}, why)
    if name in _BITS or col.family == _T.BIT:
        varying = name != "bit"
        params = {"min_len": 1} if varying else {}
        return _s("primitive.bits", params, "bit strings of the column's length", 0.9)
    return None


def _hex(info: HeuristicInput) -> tuple[str, Params]:
    n = min(64, info.column.length or 64)
    return "primitive.text.pattern", {"pattern": f"[0-9a-f]{{{n}}}"}


def key_text(info: HeuristicInput) -> Suggestion:
    """Key-like text for an identifying text column: hex for tokens and digests, upper-case
    codes, handles, title-case names and labels, slugs otherwise (``mar-azul``)."""
    tokens = set(info.tokens)
    length = info.column.length
    if tokens & _HEX_WORDS and (length is None or length >= 16):
        gen, params = _hex(info)
        return _s(gen, params, "hex digits (a token or digest)", 0.5)
    if tokens & _CODE_WORDS:
        return _s("primitive.text.slug", {"case": "upper"}, "a code of words (MAR-AZUL-7)", 0.5)
    if tokens & _HANDLE_WORDS:
        return _s("primitive.text.slug", {"separator": "_"}, "a handle (mar_azul)", 0.5)
    if tokens & _TITLE_WORDS:
        params = {"case": "title", "separator": " "}
        return _s("primitive.text.slug", params, "a name of words (Mar Azul)", 0.5)
    return _s("primitive.text.slug", {}, "key words (mar-azul, mar-azul-2)", 0.5)


def _element_column(col: Column) -> Column:
    """An array's elements as a column of their own (their type facts)."""
    arr = col.array
    assert arr is not None
    return Column(
        ordinal=col.ordinal,
        name=col.name,
        declared_type=arr.element_type,
        family=arr.element_family,
        nullable=True,
        length=arr.element_length,
        fixed_length=arr.element_fixed_length,
        precision=arr.element_precision,
        scale=arr.element_scale,
        int_bits=arr.element_int_bits,
        enum=arr.element_enum,
    )


def _array_element(info: HeuristicInput) -> tuple[str, Params] | None:
    col = info.column
    if col.array is None:
        return None
    if col.array.element_family == _T.ENUM:
        if not info.enum_labels:
            return None
        return "primitive.choice", {"values": list(info.enum_labels)}
    element = HeuristicInput(
        _element_column(col), info.table, (), info.locale, info.base_date, info.enum_labels
    )
    if element.family == _T.TEXT:
        return "primitive.text.slug", {"max_words": 1}
    made = literal_default(element) or type_default(element)
    if made is None or made.generator == "primitive.array":
        return None
    return made.generator, made.params


def _bytes(info: HeuristicInput) -> Suggestion:
    sizes = [_BYTE_SIZES[t] for t in info.tokens if t in _BYTE_SIZES]
    n = sizes[0] if sizes else 16
    return _s("primitive.bytes", {"min_len": n, "max_len": n}, f"{n} random bytes")


def _json() -> Params:
    return {
        "template": {
            "id": {"$gen": "primitive.int.range", "params": {"min": 1, "max": 100_000}},
            "tag": {"$gen": "primitive.text.slug", "params": {"max_words": 1}},
            "ativo": {"$gen": "primitive.bool"},
        }
    }


def type_default(info: HeuristicInput, keyed: bool = False) -> Suggestion | None:
    """The generator for the column's type when no name rule applies (None: no value loads).

    ``keyed``: the column is unique or part of a unique key, so text gets key-like words.
    """
    fam, col = info.family, info.column
    base = info.base_date
    literal = literal_default(info)
    if literal is not None:
        return literal
    if fam == _T.ENUM:
        return Suggestion("primitive.enum", {}, "enum", 0.9, "a label of the column's enum")
    if fam == _T.UUID:
        return _s("primitive.uuid.v4", {}, "a random UUID")
    if fam == _T.BOOLEAN:
        return _s("primitive.bool", {}, "true or false")
    if fam == _T.INTEGER:
        gen, params = int_range(info, 0, 10_000)
        return _s(gen, params, "an integer in [0, 10000]")
    if fam in (_T.DECIMAL, _T.MONEY):
        params = decimal_params(info, 0, 10_000)
        return _s("primitive.decimal.numeric", params, "a decimal within the column's precision")
    if fam == _T.FLOAT:
        return _s("primitive.float.range", {"min": 0.0, "max": 10000.0}, "a float in [0, 10000]")
    if fam in TEMPORAL:
        gen, params = temporal_range(info, years_from(base, -2), base)
        return _s(gen, params, "a date in the 2 years before base_date")
    if fam == _T.TIME:
        return _s("primitive.time", {}, "a time of day")
    if fam == _T.NETWORK:
        if "mac" in col.declared_type.lower():
            return _s("semantic.internet.mac", {}, "a MAC address")
        return _s("semantic.internet.ipv4", {}, "an IPv4 address")
    if fam == _T.JSON:
        return _s("primitive.json.template", _json(), "a small JSON object")
    if fam == _T.BYTES:
        return _bytes(info)
    if fam == _T.ARRAY:
        element = _array_element(info)
        if element is None:
            return None
        params = {"element": element[0], "element_params": element[1], "max_len": 3}
        return _s("primitive.array", params, "a short array of element values")
    if fam == _T.GEOMETRY:
        return _s("primitive.geo.point", {}, "a point")
    if fam == _T.XML:
        return _s("primitive.xml", {}, "a small XML document")
    if fam == _T.INTERVAL:
        return _s("primitive.interval", {}, "a duration up to 7 days")
    if fam in TEXTY and (keyed or set(info.tokens) & _KEY_WORDS) and _fits_words(info):
        return key_text(info)
    if col.fixed_length and col.length is not None and col.length <= 8:
        pattern = f"[A-Z]{{{col.length}}}"
        return _s("primitive.text.pattern", {"pattern": pattern}, f"{col.length} letters")
    return _s("primitive.text.lorem", {"min_words": 1, "max_words": 4}, "a few words")


def _fits_words(info: HeuristicInput) -> bool:
    """Whether key words fit the column (the shortest has 3 letters)."""
    return info.column.length is None or info.column.length >= 3


def _space(s: Suggestion, info: HeuristicInput) -> int:
    """The value space of a suggestion on this column (0 when it has none)."""
    try:
        gen = get_generator(s.generator)
        params = gen.parse_params(s.params)
        facts = ColumnFacts.from_column(info.column)
        ctx = GenContext(seed=0, table=info.table, column=info.column.name, locale=info.locale,
                         base_date=info.base_date, facts=facts)  # fmt: skip
        return int(gen.value_space(ctx, params) or 0)
    except Exception:
        return 0


def unique_fallback(info: HeuristicInput, rows: int) -> Suggestion | None:
    """A generator with at least ``rows`` distinct values for a UNIQUE column, by type."""
    fam, col = info.family, info.column
    digits = max(6, len(str(max(rows, 1))))
    why = f"unique: a value space of at least {rows} values"
    literal = literal_default(info)
    if literal is not None:  # only its own syntax loads: enough values, or none
        return literal if _space(literal, info) >= rows else None
    if fam in TEXTY:
        if _fits_words(info):
            words = key_text(info)
            if _space(words, info) >= rows:
                return Suggestion(words.generator, words.params, "type_default", 0.3, why)
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
    if fam == _T.INTERVAL:
        params = {"unit": "second", "min": 1, "max": max(rows, 604_800)}
        return Suggestion("primitive.interval", params, "type_default", 0.3, why)
    default = type_default(info, keyed=True)
    if default is not None and _space(default, info) >= rows:
        return Suggestion(default.generator, default.params, "type_default", 0.3, why)
    return None
