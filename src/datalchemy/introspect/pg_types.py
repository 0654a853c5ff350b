"""Map PostgreSQL types onto datalchemy's :class:`~datalchemy.contracts.schema.TypeFamily`.

Types are described by :class:`PgType` rows (one per ``pg_type`` entry, read by the ``TYPES``
catalog query) and resolved by :func:`resolve_type`, which follows domains to their base (domains
over domains too) and arrays to their element, and decodes the type modifier (``atttypmod``) into
lengths, precision and scale.

Rules, in order:

* a domain resolves to its base type; the result names the (outermost) domain;
* an array (``typcategory 'A'``) has family ``array``; its element is resolved the same way and
  the element's facts (``int_bits``, ``length``, ``precision``, ``scale``, ``enum``) are kept on
  the result, since :class:`~datalchemy.contracts.schema.ArrayType` only carries the element's
  declared type and family;
* enums (``typtype 'e'``) → ``enum``; ranges and multiranges (``'r'``, ``'m'``) → ``range``;
* built-in base types of ``pg_catalog`` by name (``int4`` → integer / 32 bits, ``bpchar`` → text
  with a fixed length, ``numeric`` → decimal, ...); ``citext`` → text wherever it is installed;
* anything else (composite and pseudo types, extension types such as ``hstore``) → ``unknown``
  (an unknown string-category type falls back to ``text``), with ``unknown`` set to the reason so
  the caller can emit an ``unknown_type`` warning. Resolution never raises.

Example:
    >>> int4 = PgType(oid=23, schema="pg_catalog", name="int4", typtype="b", category="N")
    >>> facts = resolve_type(23, -1, {23: int4})
    >>> facts.family.value, facts.int_bits
    ('integer', 32)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from datalchemy.contracts.schema import ArrayType, TypeFamily

__all__ = [
    "BUILTIN_FAMILIES",
    "EXTENSION_FAMILIES",
    "PgType",
    "TypeFacts",
    "decode_numeric_typmod",
    "resolve_type",
]

# Variable-length header size that typmods of varchar / bpchar / numeric include.
_VARHDRSZ = 4
# Domains over domains over ... deeper than this are treated as a cycle (cannot happen in a
# consistent catalog, but resolution must never loop).
_MAX_DEPTH = 32

#: Family of each built-in base type of ``pg_catalog``, by ``pg_type.typname``.
BUILTIN_FAMILIES: dict[str, TypeFamily] = {
    "bool": TypeFamily.BOOLEAN,
    "int2": TypeFamily.INTEGER,
    "int4": TypeFamily.INTEGER,
    "int8": TypeFamily.INTEGER,
    "oid": TypeFamily.INTEGER,
    "numeric": TypeFamily.DECIMAL,
    "float4": TypeFamily.FLOAT,
    "float8": TypeFamily.FLOAT,
    "text": TypeFamily.TEXT,
    "varchar": TypeFamily.TEXT,
    "bpchar": TypeFamily.TEXT,
    "name": TypeFamily.TEXT,
    "char": TypeFamily.TEXT,  # the one-byte "char" type
    "uuid": TypeFamily.UUID,
    "date": TypeFamily.DATE,
    "time": TypeFamily.TIME,
    "timetz": TypeFamily.TIME,
    "timestamp": TypeFamily.TIMESTAMP,
    "timestamptz": TypeFamily.TIMESTAMPTZ,
    "interval": TypeFamily.INTERVAL,
    "json": TypeFamily.JSON,
    "jsonb": TypeFamily.JSON,
    "bytea": TypeFamily.BYTES,
    "inet": TypeFamily.NETWORK,
    "cidr": TypeFamily.NETWORK,
    "macaddr": TypeFamily.NETWORK,
    "macaddr8": TypeFamily.NETWORK,
    "bit": TypeFamily.BIT,
    "varbit": TypeFamily.BIT,
    "money": TypeFamily.MONEY,
    "xml": TypeFamily.XML,
    "point": TypeFamily.GEOMETRY,
    "line": TypeFamily.GEOMETRY,
    "lseg": TypeFamily.GEOMETRY,
    "box": TypeFamily.GEOMETRY,
    "path": TypeFamily.GEOMETRY,
    "polygon": TypeFamily.GEOMETRY,
    "circle": TypeFamily.GEOMETRY,
}

#: Extension base types with a sensible family, by name, whatever schema they are installed in.
EXTENSION_FAMILIES: dict[str, TypeFamily] = {
    "citext": TypeFamily.TEXT,
}

_INT_BITS = {"int2": 16, "int4": 32, "int8": 64, "oid": 32}


@dataclass(frozen=True)
class PgType:
    """One ``pg_type`` row, as far as type mapping needs it.

    Attributes:
        typtype: ``b`` base, ``c`` composite, ``d`` domain, ``e`` enum, ``p`` pseudo,
            ``r`` range, ``m`` multirange.
        category: ``typcategory`` (``A`` array, ``S`` string, ``N`` numeric, ``U`` user, ...).
        elem_oid: ``typelem`` (element of an array type), 0 if none.
        base_oid: ``typbasetype`` of a domain, 0 otherwise.
        typmod: ``typtypmod`` of a domain (the modifier applied to its base), -1 otherwise.
        display: ``format_type(oid, NULL)``.
        base_type: ``format_type(typbasetype, typtypmod)`` of a domain.
        element_type: the element of an array type (or of a domain over an array), formatted.
    """

    oid: int
    schema: str
    name: str
    typtype: str
    category: str
    elem_oid: int = 0
    base_oid: int = 0
    typmod: int = -1
    ndims: int = 0
    not_null: bool = False
    default_expr: str | None = None
    display: str | None = None
    base_type: str | None = None
    element_type: str | None = None
    enum_labels: list[str] | None = None

    @property
    def qualified_name(self) -> str:
        """``schema.name`` (unquoted)."""
        return f"{self.schema}.{self.name}"

    @property
    def is_domain(self) -> bool:
        return self.typtype == "d"

    @property
    def is_enum(self) -> bool:
        return self.typtype == "e"

    @property
    def is_array(self) -> bool:
        return self.category == "A" and self.elem_oid != 0 and self.typtype != "d"


@dataclass(frozen=True)
class TypeFacts:
    """What a column (or domain) of some type looks like to generators.

    ``unknown`` is None for a mapped type and otherwise says why the type is not understood (the
    family is then ``unknown``, or a fallback such as ``text``).
    """

    family: TypeFamily
    int_bits: int | None = None
    length: int | None = None
    fixed_length: bool = False
    precision: int | None = None
    scale: int | None = None
    time_precision: int | None = None
    enum: str | None = None
    domain: str | None = None
    array: ArrayType | None = None
    unknown: str | None = None


def decode_numeric_typmod(typmod: int) -> tuple[int | None, int | None]:
    """``(precision, scale)`` of ``numeric(p, s)`` from its typmod; ``(None, None)`` if unset.

    The scale is an 11-bit signed field (PostgreSQL 15 allows negative scales).

    Example:
        >>> decode_numeric_typmod(((12 << 16) | 2) + 4)
        (12, 2)
        >>> decode_numeric_typmod(-1)
        (None, None)
    """
    if typmod < _VARHDRSZ:
        return None, None
    packed = typmod - _VARHDRSZ
    precision = (packed >> 16) & 0xFFFF
    scale = ((packed & 0x7FF) ^ 1024) - 1024
    return precision, scale


def _builtin_facts(t: PgType, typmod: int) -> TypeFacts:
    family = BUILTIN_FAMILIES[t.name]
    facts = TypeFacts(family=family, int_bits=_INT_BITS.get(t.name))
    if t.name in ("varchar", "bpchar"):
        length = typmod - _VARHDRSZ if typmod >= _VARHDRSZ else None
        facts = replace(facts, length=length, fixed_length=t.name == "bpchar")
    elif t.name in ("bit", "varbit"):
        facts = replace(facts, length=typmod if typmod >= 0 else None, fixed_length=t.name == "bit")
    elif t.name == "char":
        facts = replace(facts, length=1)
    elif t.name == "name":
        facts = replace(facts, length=63)
    elif t.name == "numeric":
        precision, scale = decode_numeric_typmod(typmod)
        facts = replace(facts, precision=precision, scale=scale)
    elif t.name in ("time", "timetz", "timestamp", "timestamptz") and typmod >= 0:
        facts = replace(facts, time_precision=typmod)
    elif t.name == "interval" and typmod >= 0 and (typmod & 0xFFFF) != 0xFFFF:
        facts = replace(facts, time_precision=typmod & 0xFFFF)  # low 16 bits; 0xFFFF = unset
    return facts


def _unknown(reason: str, family: TypeFamily = TypeFamily.UNKNOWN) -> TypeFacts:
    return TypeFacts(family=family, unknown=reason)


def resolve_type(
    oid: int,
    typmod: int,
    types: Mapping[int, PgType],
    *,
    ndims: int = 0,
    element_type: str | None = None,
    _depth: int = 0,
) -> TypeFacts:
    """Resolve type ``oid`` used with modifier ``typmod`` (``atttypmod``; -1 when none).

    Args:
        types: every type reachable from ``oid`` (element and base types included).
        ndims: declared array dimensions (``attndims``); at least 1 is recorded for arrays.
        element_type: the declared element type of an array, as ``format_type`` prints it with
            the column's typmod; the element type's own display name is used when omitted.

    Never raises: a type that cannot be mapped comes back with family ``unknown`` (or a
    fallback) and ``unknown`` set to the reason.
    """
    if _depth > _MAX_DEPTH:
        return _unknown("its type nesting is too deep to resolve")
    t = types.get(oid)
    if t is None:
        return _unknown(f"type oid {oid} was not found in the catalog")

    if t.is_domain:
        base_typmod = t.typmod if t.typmod >= 0 else typmod
        base = resolve_type(
            t.base_oid,
            base_typmod,
            types,
            ndims=max(ndims, t.ndims),
            element_type=t.element_type,
            _depth=_depth + 1,
        )
        return replace(base, domain=t.qualified_name)

    if t.is_array:
        elem = resolve_type(t.elem_oid, typmod, types, _depth=_depth + 1)
        elem_display = element_type or (types[t.elem_oid].display if t.elem_oid in types else None)
        array = ArrayType(
            element_type=elem_display or elem.family.value,
            element_family=elem.family,
            dimensions=max(ndims, 1),
            element_length=elem.length,
            element_fixed_length=elem.fixed_length,
            element_precision=elem.precision,
            element_scale=elem.scale,
            element_int_bits=elem.int_bits,
            element_enum=elem.enum,
            element_domain=elem.domain,
        )
        return TypeFacts(
            family=TypeFamily.ARRAY,
            array=array,
            unknown=None if elem.unknown is None else f"array element type: {elem.unknown}",
        )

    if t.is_enum:
        return TypeFacts(family=TypeFamily.ENUM, enum=t.qualified_name)
    if t.typtype in ("r", "m"):
        return TypeFacts(family=TypeFamily.RANGE)
    if t.typtype == "c":
        return _unknown("composite types are not supported")
    if t.typtype == "p":
        return _unknown("pseudo-types are not supported")

    if t.schema == "pg_catalog" and t.name in BUILTIN_FAMILIES:
        return _builtin_facts(t, typmod)
    if t.name in EXTENSION_FAMILIES:
        return TypeFacts(family=EXTENSION_FAMILIES[t.name])
    if t.category == "S":
        return _unknown("an unrecognised string type, treated as text", TypeFamily.TEXT)
    return _unknown("not a built-in type; an extension's type, perhaps")
