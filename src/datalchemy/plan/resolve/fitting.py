"""Move a suggested generator inside a column's CHECK domain.

Given a :class:`~datalchemy.plan.resolve.names.Suggestion` and the column's
:class:`~datalchemy.constraints.model.ColumnDomain`, :func:`fit_to_domain` returns a suggestion
whose values satisfy the domain by construction where that can be arranged:

- an IN list becomes ``primitive.choice`` over the list (unless the suggestion's own values all
  lie in it, e.g. ``domain.crm.activity_type`` for ``tipo IN ('tarefa', 'reuniao', 'anotacao')``);
- bounds clamp the ``min``/``max`` params of range generators (integers, decimals, money, dates,
  timestamps); when the clamped range is empty, a primitive range generator over the domain
  replaces the suggestion. ``CURRENT_DATE`` bounds arrive here as the base date, so
  ``data_nascimento <= CURRENT_DATE`` keeps birth dates in the past (the original's crash);
- lengths switch text generators that cannot fit to ``primitive.text.lorem`` with limits;
- ``LIKE`` patterns and anchored regexes become ``primitive.text.pattern``;
- ``position('@' in x)`` keeps an e-mail generator (or picks one);
- element counts bound ``primitive.array`` lengths; ``jsonb_typeof`` picks JSON values of the
  allowed types; byte lengths of a ``bytea`` pick hex values of that many bytes.

Example:
    >>> from datalchemy.constraints.model import ColumnDomain
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> from datalchemy.plan.resolve.names import HeuristicInput, Suggestion
    >>> col = Column(ordinal=1, name="score", declared_type="integer",
    ...              family=TypeFamily.INTEGER, nullable=False)
    >>> s = Suggestion("primitive.int.range", {"min": 0, "max": 10000}, "type_default", 0.3, "")
    >>> fit_to_domain(s, ColumnDomain("score", minimum=0, maximum=100),
    ...               HeuristicInput(col, "leads")).params
    {'min': 0, 'max': 100}
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from datalchemy.constraints.model import ColumnDomain
from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import GenContext
from datalchemy.generators.registry import get_generator
from datalchemy.plan.resolve.names import TEXTY, HeuristicInput, Suggestion
from datalchemy.plan.resolve.ranges import decimal_limit, int_limits, timestamp_param
from datalchemy.plan.resolve.values import admits, enumerate_values, like_to_regex

__all__ = ["domain_is_useful", "fit_to_domain", "json_value"]

_T = TypeFamily
_INT_GENS = {"primitive.int", "primitive.int.range", "domain.finance.installments"}
_NUM_GENS = {
    "primitive.decimal.numeric",
    "primitive.float",
    "primitive.float.range",
    "semantic.br.money.brl",
    "domain.crm.deal_value",
    "domain.logistics.weight_kg",
    "semantic.number.amount",  # realism: its min / max clamp like a range's
}
_DATE_GENS = {"primitive.date", "primitive.date.range"}
_TS_GENS = {"primitive.timestamp", "primitive.timestamp.range"}


def domain_is_useful(domain: ColumnDomain | None) -> bool:
    """Whether the domain says anything about values (not only ``NOT NULL``)."""
    if domain is None:
        return False
    return bool(
        domain.allowed is not None
        or domain.forbidden
        or domain.minimum is not None
        or domain.maximum is not None
        or domain.min_length is not None
        or domain.max_length is not None
        or domain.like
        or domain.regex
        or domain.contains
        or domain.min_items is not None
        or domain.max_items is not None
        or domain.min_bytes is not None
        or domain.max_bytes is not None
        or domain.json_types is not None
    )


def json_value(value: Any) -> Any:
    """A CHECK constant as a JSON scalar for generator params."""
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return timestamp_param(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _label(domain: ColumnDomain) -> str:
    return ", ".join(domain.sources) or "a CHECK"


def _ctx(info: HeuristicInput) -> GenContext:
    from datalchemy.generators.base import ColumnFacts

    facts = ColumnFacts.from_column(
        info.column, list(info.enum_labels) if info.enum_labels is not None else None
    )
    return GenContext(
        seed=0, table=info.table, column=info.column.name, locale=info.locale,
        base_date=info.base_date, facts=facts,
    )  # fmt: skip


def _all_admitted(s: Suggestion, domain: ColumnDomain, info: HeuristicInput) -> bool | None:
    """Whether every value of the suggestion passes (None: cannot enumerate)."""
    try:
        gen = get_generator(s.generator)
        params = gen.parse_params(s.params)
    except Exception:
        return None
    values = enumerate_values(gen, params, _ctx(info))
    if values is None:
        return None
    return all(admits(domain, v) is not False for v in values)


def _bounds_numeric(domain: ColumnDomain, step: Decimal) -> tuple[Decimal | None, Decimal | None]:
    lo = hi = None
    if domain.minimum is not None and not isinstance(domain.minimum, (date, str, bool)):
        lo = Decimal(str(domain.minimum))
        if not domain.minimum_inclusive:
            lo += step
    if domain.maximum is not None and not isinstance(domain.maximum, (date, str, bool)):
        hi = Decimal(str(domain.maximum))
        if not domain.maximum_inclusive:
            hi -= step
    return lo, hi


def _as_moment(value: Any, family: TypeFamily) -> date | datetime | None:
    if family == _T.DATE:
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


def _fit_numeric(s: Suggestion, domain: ColumnDomain, info: HeuristicInput) -> Suggestion:
    col = info.column
    integer = col.family == _T.INTEGER
    scale = int(s.params.get("scale", col.scale if col.scale is not None else 2))
    step = Decimal(1) if integer else Decimal(1).scaleb(-max(scale, 0))
    dlo, dhi = _bounds_numeric(domain, step)
    if integer:
        dlo = Decimal(math.ceil(dlo)) if dlo is not None else None
        dhi = Decimal(math.floor(dhi)) if dhi is not None else None
    if dlo is None and dhi is None:
        return s
    gid = s.generator
    known = gid in _INT_GENS or gid in _NUM_GENS
    cur_lo = s.params.get("min")
    cur_hi = s.params.get("max")
    if known and cur_lo is not None and cur_hi is not None:
        lo = max(Decimal(str(cur_lo)), dlo) if dlo is not None else Decimal(str(cur_lo))
        hi = min(Decimal(str(cur_hi)), dhi) if dhi is not None else Decimal(str(cur_hi))
        if lo <= hi:
            if lo == Decimal(str(cur_lo)) and hi == Decimal(str(cur_hi)):
                return s  # already inside
            params = {**s.params, "min": _num(lo, integer), "max": _num(hi, integer)}
            if gid == "semantic.br.money.brl":
                params = {**params, "min": str(lo), "max": str(hi)}
            return _changed(s, params, domain, f"[{lo}, {hi}]")
    if _all_admitted(s, domain, info):
        return s
    # Replace by a primitive range over the domain (open sides get a sensible width).
    width = Decimal(10000) if dlo is None or dhi is None else None
    lo = dlo if dlo is not None else (dhi - width if dhi is not None and width else Decimal(0))
    hi = dhi if dhi is not None else lo + (width or Decimal(0))
    if integer:
        wlo, whi = int_limits(col)
        lo, hi = max(lo, Decimal(wlo)), min(hi, Decimal(whi))
        return _changed(
            replace(s, generator="primitive.int.range"),
            {"min": int(lo), "max": int(hi)},
            domain,
            f"[{int(lo)}, {int(hi)}]",
        )
    limit = decimal_limit(col)
    if limit is not None:
        hi = min(hi, Decimal(str(limit)))
    params = {"min": _num(lo, False), "max": _num(hi, False), "scale": scale}
    return _changed(
        replace(s, generator="primitive.decimal.numeric"), params, domain, f"[{lo}, {hi}]"
    )


def _num(x: Decimal, integer: bool) -> int | float:
    if integer or x == x.to_integral_value():
        return int(x)
    return float(x)


def _changed(s: Suggestion, params: dict[str, Any], domain: ColumnDomain, what: str) -> Suggestion:
    why = f"{_label(domain)} keeps values in {what}"
    return replace(s, params=params, reason="check_domain", why=why)


def _fit_temporal(s: Suggestion, domain: ColumnDomain, info: HeuristicInput) -> Suggestion:
    fam = info.column.family
    day = timedelta(days=1) if fam == _T.DATE else timedelta(seconds=1)
    dlo = _as_moment(domain.minimum, fam) if domain.minimum is not None else None
    dhi = _as_moment(domain.maximum, fam) if domain.maximum is not None else None
    if dlo is not None and not domain.minimum_inclusive:
        dlo = dlo + day
    if dhi is not None and not domain.maximum_inclusive:
        dhi = dhi - day
    if dlo is None and dhi is None:
        return s

    def parse(text: Any) -> date | datetime | None:
        if not isinstance(text, str):
            return None
        try:
            return date.fromisoformat(text) if fam == _T.DATE else datetime.fromisoformat(text)
        except ValueError:
            return None

    gid = s.generator
    cur_lo, cur_hi = parse(s.params.get("min")), parse(s.params.get("max"))
    known = (fam == _T.DATE and gid in _DATE_GENS) or (fam != _T.DATE and gid in _TS_GENS)
    lo: Any
    hi: Any
    if known and cur_lo is not None and cur_hi is not None:
        lo = max(cur_lo, dlo) if dlo is not None else cur_lo
        hi = min(cur_hi, dhi) if dhi is not None else cur_hi
        if lo <= hi:
            if (lo, hi) == (cur_lo, cur_hi):
                return s
            return _changed(s, _temporal_params(fam, lo, hi), domain, f"[{lo}, {hi}]")
    # Outside, or not a range generator: a range of a year on the open side.
    year = timedelta(days=365)
    edge: Any = dhi
    lo = dlo if dlo is not None else edge - 2 * year
    hi = dhi if dhi is not None else lo + year
    gen = "primitive.date.range" if fam == _T.DATE else "primitive.timestamp.range"
    return _changed(
        replace(s, generator=gen), _temporal_params(fam, lo, hi), domain, f"[{lo}, {hi}]"
    )


def _temporal_params(fam: TypeFamily, lo: date | datetime, hi: date | datetime) -> dict[str, Any]:
    if fam == _T.DATE:
        return {"min": lo.isoformat(), "max": hi.isoformat()}
    return {"min": timestamp_param(lo), "max": timestamp_param(hi)}


def _fit_text(s: Suggestion, domain: ColumnDomain, info: HeuristicInput) -> Suggestion:
    ok = _all_admitted(s, domain, info)
    if ok:
        return s
    if domain.like:
        regex = like_to_regex(domain.like[0]).replace(".*", "[A-Za-z0-9]{0,8}")
        regex = regex.replace(".", "[A-Za-z0-9]")
        return replace(
            s,
            generator="primitive.text.pattern",
            params={"pattern": regex},
            reason="check_domain",
            why=f"{_label(domain)}: values match LIKE {domain.like[0]!r}",
        )
    anchored = [r for r in domain.regex if r.startswith("^") and r.endswith("$")]
    anchored.sort(key=lambda r: "(?s:" not in r)  # a union of LIKE patterns first
    if anchored:
        # LIKE wildcards in a union of patterns: readable text rather than any character.
        pattern = anchored[0][1:-1].replace("(?s:.*)", "[A-Za-z0-9]{0,8}")
        return replace(
            s,
            generator="primitive.text.pattern",
            params={"pattern": pattern.replace("(?s:.)", "[A-Za-z0-9]")},
            reason="check_domain",
            why=f"{_label(domain)}: values match {anchored[0]!r}",
        )
    if "@" in domain.contains and "email" not in s.generator:
        gen = "semantic.br.email.safe" if info.pt else "semantic.person.email"
        return replace(
            s, generator=gen, params={}, reason="check_domain",
            why=f"{_label(domain)} requires an '@': an e-mail address",
        )  # fmt: skip
    other = [n for n in domain.contains if n != "@"]
    if other and ok is False:
        needle = re.escape(other[0])
        return replace(
            s,
            generator="primitive.text.pattern",
            params={"pattern": f"[a-z]{{3,8}}{needle}[a-z]{{3,8}}"},
            reason="check_domain",
            why=f"{_label(domain)}: values contain {other[0]!r}",
        )
    if domain.min_length is not None or domain.max_length is not None:
        params: dict[str, Any] = {}
        if domain.min_length is not None:
            params["min_len"] = domain.min_length
        if domain.max_length is not None:
            params["max_len"] = domain.max_length
        if s.generator == "primitive.text.lorem" or _too_long(s, domain, info):
            base = s.params if s.generator == "primitive.text.lorem" else {}
            return replace(
                s,
                generator="primitive.text.lorem",
                params={**base, **params},
                reason="check_domain",
                why=f"{_label(domain)} limits the length",
            )
    return s


def _too_long(s: Suggestion, domain: ColumnDomain, info: HeuristicInput) -> bool:
    from datalchemy.generators.base import ColumnFacts

    try:
        gen = get_generator(s.generator)
        params = gen.parse_params(s.params)
    except Exception:
        return True
    limit = domain.max_length
    if info.column.length is not None:
        limit = min(limit, info.column.length) if limit is not None else info.column.length
    facts = ColumnFacts(family=info.column.family, length=limit)
    return any(i.severity != "info" for i in gen.check(params, facts))


def fit_to_domain(
    s: Suggestion, domain: ColumnDomain | None, info: HeuristicInput
) -> Suggestion | None:
    """``s`` adjusted to satisfy ``domain`` (None when the domain is empty: nothing passes)."""
    if domain is None or not domain_is_useful(domain):
        return s
    if domain.is_empty:
        return None
    fam = info.column.family
    if domain.allowed is not None:
        allowed = [v for v in domain.allowed if not any(str(v) == str(f) for f in domain.forbidden)]
        if info.enum_labels is not None:
            allowed = [v for v in allowed if str(v) in info.enum_labels]
        if not allowed:
            return None
        if _all_admitted(s, domain, info):
            return replace(s, why=f"{s.why}; every value is allowed by {_label(domain)}")
        values = [json_value(v) for v in allowed]
        return Suggestion(
            "primitive.choice",
            {"values": values},
            "check_domain",
            max(s.confidence, 0.9),
            f"{_label(domain)} allows only these values",
        )
    if fam in (_T.INTEGER, _T.DECIMAL, _T.FLOAT, _T.MONEY):
        return _fit_numeric(s, domain, info)
    if fam in (_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ):
        return _fit_temporal(s, domain, info)
    if fam in TEXTY:
        return _fit_text(s, domain, info)
    if fam == _T.ARRAY:
        return _fit_array(s, domain)
    if fam == _T.JSON and domain.json_types is not None:
        return _fit_json(s, domain)
    if fam == _T.BYTES and (domain.min_bytes is not None or domain.max_bytes is not None):
        return _fit_bytes(s, domain)
    return s


def _fit_array(s: Suggestion, domain: ColumnDomain) -> Suggestion:
    """Element counts (``cardinality``, ``array_length``) as ``primitive.array`` lengths."""
    if s.generator != "primitive.array" or (domain.min_items is None and domain.max_items is None):
        return s
    low = int(s.params.get("min_len", 0))
    high = int(s.params.get("max_len", 5))
    if domain.min_items is not None:
        low = max(low, domain.min_items)
    if domain.max_items is not None:
        high = min(high, domain.max_items)
    high = max(high, low)
    if (low, high) == (s.params.get("min_len", 0), s.params.get("max_len", 5)):
        return s
    return _changed(
        s, {**s.params, "min_len": low, "max_len": high}, domain, f"{low}..{high} items"
    )


#: A JSON value of each ``jsonb_typeof`` type, for columns whose CHECK asks for one.
_JSON_SAMPLES: dict[str, list[str]] = {
    "array": ["[]", "[1, 2]", '["a", "b", "c"]'],
    "string": ['"a"', '"value"'],
    "number": ["0", "1", "2.5"],
    "boolean": ["true", "false"],
    "null": ["null"],
}


def _fit_json(s: Suggestion, domain: ColumnDomain) -> Suggestion:
    """``jsonb_typeof(x) = ...``: objects from the template generator, samples otherwise."""
    allowed = domain.json_types or []
    if "object" in allowed and s.generator == "primitive.json.template":
        return s
    values = [v for kind in allowed for v in _JSON_SAMPLES.get(kind, [])]
    if "object" in allowed:
        values.append('{"versao": 1}')
    if not values:
        return s
    why = f"{_label(domain)} allows JSON {', '.join(allowed)}"
    return Suggestion("primitive.choice", {"values": values}, "check_domain", 0.9, why)


def _fit_bytes(s: Suggestion, domain: ColumnDomain) -> Suggestion:
    """``octet_length(b) = 32``: values of that many bytes (the engine holds a ``bytea`` as its
    bytes, and writes them as PostgreSQL's ``\\x`` hex): hex digits, one byte each."""
    size = max(domain.min_bytes or 0, min(domain.max_bytes or 16, 16))
    if domain.max_bytes is not None:
        size = min(size, domain.max_bytes)
    digest = "".join(hashlib.sha256(str(k).encode()).hexdigest() for k in range(size // 64 + 1))
    values = [(digest[k:] + digest[:k])[:size] for k in range(8)]
    why = f"{_label(domain)}: {size} bytes"
    return Suggestion("primitive.choice", {"values": values}, "check_domain", 0.8, why)
