"""Repairs that make a rule fit its column: type, enum labels, CHECK domain, length, width.

Each function takes the rule (:class:`~.context.RuleSite`), the issue and the column's own
generator (what resolution gives the column without the rule), and returns the repaired rule
with its :class:`~datalchemy.contracts.plan.Repair`, or None when it has nothing better to
offer (the issue then stays an error).

- ``generator_type_mismatch``: a conversion that keeps the rule's meaning (a timestamp range
  into a date column becomes the same range of dates; a number of days into a date that a CHECK
  orders after another date becomes that many days after it), else the column's own generator;
- ``enum_label_invalid``: the labels the enum does not have are dropped from the choice; when
  none is left, the column's own generator (the enum's labels);
- ``check_unsatisfiable``: the CHECK's domain wins: a range is moved inside it (same width),
  anything else gets the column's own generator, which resolution fits to the domain;
- ``value_too_long``: values are cut to the column's length (``transform.truncate``);
- ``numeric_out_of_range``: min/max are clamped to what the column's type holds.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import ColumnGeneratorRule, Repair, TransformRef
from datalchemy.contracts.resolved import ResolvedColumn
from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.domain.labels import LabelPick
from datalchemy.plan.repair.context import RuleSite, with_generator
from datalchemy.plan.resolve.ranges import decimal_limit, int_limits
from datalchemy.plan.resolve.values import enumerate_values, value_range

__all__ = [
    "Fixed",
    "check_domain",
    "column_default",
    "enum_labels",
    "fit_length",
    "numeric_width",
    "type_mismatch",
]

#: A repaired rule and what was done.
Fixed = tuple[ColumnGeneratorRule, Repair]

_T = TypeFamily
_DATES = frozenset({"primitive.date", "primitive.date.range"})
_STAMPS = frozenset({"primitive.timestamp", "primitive.timestamp.range"})
_INTS = frozenset({"primitive.int", "primitive.int.range"})
_TIMESTAMP_FAMILIES = frozenset({_T.TIMESTAMP, _T.TIMESTAMPTZ})


def _repair(site: RuleSite, issue: Issue, action: str, asked: str, done: str) -> Repair:
    return Repair(
        code=issue.code,
        action=action,
        path=issue.path or f"/rules/{site.index}",
        target=site.qualified,
        asked=asked,
        done=done,
    )


def _described(rc: ResolvedColumn) -> str:
    if rc.action == "constant":
        return f"the constant {rc.value!r}"
    params = f" {rc.params}" if rc.params else ""
    return f"{rc.generator}{params} ({rc.explanation})" if rc.explanation else f"{rc.generator}"


def column_default(
    site: RuleSite, issue: Issue, default: ResolvedColumn | None, asked: str, why: str
) -> Fixed | None:
    """The rule replaced by the column's own generator (what ``plan suggest`` would choose)."""
    if default is None or default.action not in ("generate", "constant"):
        return None
    if default.action == "constant":
        rule = with_generator(site.rule, "primitive.choice", {"values": [default.value]})
    else:
        assert default.generator is not None
        update = {}
        if list(default.transforms) != list(site.rule.transforms):
            update["transforms"] = list(default.transforms)  # the rule's fit its generator only
        rule = with_generator(site.rule, default.generator, dict(default.params), **update)
    done = f"{why}; the column's own generator is used: {_described(default)}"
    return rule, _repair(site, issue, "column_default", asked, done)


# -------------------------------------------------------------------- type mismatch


def type_mismatch(site: RuleSite, issue: Issue, default: ResolvedColumn | None) -> Fixed | None:
    gid = site.rule.generator_id
    params = site.rule.effective_params if isinstance(site.rule.effective_params, dict) else {}
    family = site.column.family
    asked = f"{gid} into {site.qualified} ({site.column.declared_type})"
    lo, hi = params.get("min"), params.get("max")
    if gid in _STAMPS and family == _T.DATE:
        new: dict[str, Any] = {
            k: str(v)[:10] for k, v in (("min", lo), ("max", hi)) if v is not None
        }
        rule = with_generator(site.rule, "primitive.date.range", new)
        done = "the same range as dates: primitive.date.range " + _bounds(new)
        return rule, _repair(site, issue, "convert", asked, done)
    if gid in _DATES and family in _TIMESTAMP_FAMILIES:
        new = {}
        if lo is not None:
            new["min"] = f"{str(lo)[:10]}T00:00:00"
        if hi is not None:
            new["max"] = f"{str(hi)[:10]}T23:59:59"
        rule = with_generator(site.rule, "primitive.timestamp.range", new)
        done = "the same days as instants: primitive.timestamp.range " + _bounds(new)
        return rule, _repair(site, issue, "convert", asked, done)
    if (
        gid in _INTS
        and family in (_T.DATE, *_TIMESTAMP_FAMILIES)
        and default is not None
        and default.generator == "derive.end_after_start"
        and isinstance(lo, int)
        and isinstance(hi, int)
        and 0 <= lo <= hi <= 36500
    ):
        start = default.params.get("input_columns", ["?"])[0]
        new = {**default.params, "min_days": lo, "max_days": hi}
        new.pop("max_seconds", None)
        rule = with_generator(site.rule, "derive.end_after_start", new)
        done = (
            f"{lo} to {hi} days after {start} (a CHECK keeps {site.column.name} on or after "
            f"it): derive.end_after_start"
        )
        return rule, _repair(site, issue, "convert", asked, done)
    why = issue.message.split(": ", 1)[-1]
    return column_default(site, issue, default, asked, why)


def _bounds(params: dict[str, Any]) -> str:
    return f"[{params.get('min', 'default')}, {params.get('max', 'default')}]"


# -------------------------------------------------------------------- enum labels


def enum_labels(site: RuleSite, issue: Issue, default: ResolvedColumn | None) -> Fixed | None:
    found = site.generator()
    labels = site.labels
    if found is None or labels is None:
        return None
    gen, params = found
    values = enumerate_values(gen, params, site.ctx)
    if not values:
        return None
    kept = [v for v in values if str(v) in labels]
    dropped = [v for v in values if str(v) not in labels]
    asked = f"{site.rule.generator_id}: {', '.join(map(str, values))}"
    if not kept:
        why = f"none of its values is a label of {site.column.enum} ({', '.join(labels)})"
        return column_default(site, issue, default, asked, why)
    weights = _weights(gen, params, kept)
    if weights is not None:
        rule = with_generator(
            site.rule, "primitive.choice.weighted", {"values": kept, "weights": weights}
        )
    else:
        rule = with_generator(site.rule, "primitive.choice", {"values": kept})
    done = f"dropped {', '.join(map(str, dropped))} (not labels of {site.column.enum}); " + (
        f"picks {', '.join(map(str, kept))}"
    )
    return rule, _repair(site, issue, "drop_labels", asked, done)


def _weights(gen: Any, params: Any, kept: list[Any]) -> list[float] | None:
    """The weights of the kept values, when the generator weighs its values."""
    values, weights = getattr(params, "values", None), getattr(params, "weights", None)
    if isinstance(values, list) and isinstance(weights, list) and len(values) == len(weights):
        by_value = {str(v): float(w) for v, w in zip(values, weights, strict=True)}
        kept_weights = [by_value.get(str(v), 0.0) for v in kept]
        return kept_weights if sum(kept_weights) > 0 else None
    if not isinstance(gen, LabelPick) or getattr(params, "uniform", False) or not gen.weights:
        return None
    by_label = dict(zip(gen.labels, gen.weights, strict=True))
    weights = [float(by_label.get(str(v), 0.0)) for v in kept]
    return weights if sum(weights) > 0 else None


# -------------------------------------------------------------------- CHECK domain


def check_domain(site: RuleSite, issue: Issue, default: ResolvedColumn | None) -> Fixed | None:
    domain = site.domain
    found = site.generator()
    asked = f"{site.rule.generator_id} into {site.qualified}"
    checks = ", ".join(domain.sources) if domain is not None and domain.sources else "a CHECK"
    if found is not None and domain is not None and domain.allowed is None:
        gen, params = found
        raw = site.rule.effective_params if isinstance(site.rule.effective_params, dict) else {}
        rng = value_range(gen, params, site.ctx, site.rows)
        fields = gen.params_model.model_fields
        if rng is not None and "min" in fields and "max" in fields:
            moved = _inside(rng.low, rng.high, domain, raw)
            if moved is not None:
                new = {**raw, "min": moved[0], "max": moved[1]}
                rule = with_generator(site.rule, site.rule.generator_id, new)
                done = (
                    f"{checks} wins: the range moves inside it, same width: "
                    f"[{moved[0]}, {moved[1]}] instead of [{rng.low}, {rng.high}]"
                )
                return rule, _repair(site, issue, "check_domain", asked, done)
    why = f"{checks} rejects every value of it"
    return column_default(site, issue, default, asked, why)


def _step(value: Any) -> Any:
    if isinstance(value, datetime):
        return timedelta(seconds=1)
    if isinstance(value, date):
        return timedelta(days=1)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return Decimal(1)
    return Decimal("0.01")


def _inside(low: Any, high: Any, domain: Any, raw: dict[str, Any]) -> tuple[Any, Any] | None:
    """``[low, high]`` moved inside the domain's bounds keeping its width (cut to fit)."""
    try:
        width = high - low
        lo, hi = low, high
        floor = None
        if domain.minimum is not None:
            floor = _typed(domain.minimum, low)
            floor = floor if domain.minimum_inclusive else floor + _step(low)
            if lo < floor:
                lo, hi = floor, floor + width
        if domain.maximum is not None:
            ceil = _typed(domain.maximum, high)
            ceil = ceil if domain.maximum_inclusive else ceil - _step(high)
            if hi > ceil:
                hi = ceil
                lo = hi - width if floor is None else max(hi - width, floor)
        if lo > hi:
            return None
    except (TypeError, ValueError, ArithmeticError):
        return None
    return _param_text(lo, raw.get("min")), _param_text(hi, raw.get("max"))


def _typed(bound: Any, like: Any) -> Any:
    if isinstance(like, datetime) and isinstance(bound, date) and not isinstance(bound, datetime):
        return datetime(bound.year, bound.month, bound.day)
    if isinstance(like, Decimal) and isinstance(bound, (int, float)):
        return Decimal(str(bound))
    return bound


def _param_text(value: Any, original: Any) -> Any:
    """``value`` in the JSON shape the plan used for the bound it replaces."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if isinstance(original, int) or (original is None and value == value.to_integral_value()):
            return int(value)
        return float(value)
    return value


# -------------------------------------------------------------------- lengths and widths


def fit_length(site: RuleSite, issue: Issue, default: ResolvedColumn | None) -> Fixed | None:
    length = site.column.length
    if site.domain is not None and site.domain.max_length is not None:
        length = min(length or site.domain.max_length, site.domain.max_length)
    if length is None:
        return None
    if any(t.transform == "transform.truncate" for t in site.rule.transforms):
        return None  # already cut: the issue is about something else
    cut = TransformRef(transform="transform.truncate", params={"max_len": length})
    update: dict[str, Any] = {"transforms": [*site.rule.transforms, cut]}
    done = f"values cut to {length} characters (transform.truncate)"
    if site.unique:
        update["disambiguate"] = True
        done += "; values the cut makes equal get a number"
    rule = site.rule.model_copy(update=update)
    asked = f"{site.rule.generator_id} into {site.qualified} ({site.column.declared_type})"
    return rule, _repair(site, issue, "truncate", asked, done)


def numeric_width(site: RuleSite, issue: Issue, default: ResolvedColumn | None) -> Fixed | None:
    raw = site.rule.effective_params if isinstance(site.rule.effective_params, dict) else {}
    lo, hi = raw.get("min"), raw.get("max")
    col = site.column
    if col.family == _T.INTEGER:
        wlo, whi = int_limits(col)
        limits: tuple[float, float] = (wlo, whi)
    elif (top := decimal_limit(col)) is not None:
        limits = (-top, top)
    else:
        return None
    if not isinstance(lo, (int, float)) or not isinstance(hi, (int, float)):
        why = f"{site.rule.generator_id} makes values {col.declared_type} cannot hold"
        return column_default(site, issue, default, f"{site.rule.generator_id}", why)
    new_lo, new_hi = max(lo, limits[0]), min(hi, limits[1])
    if new_lo > new_hi:
        return None
    cast = int if col.family == _T.INTEGER else float
    new = {**raw, "min": cast(new_lo), "max": cast(new_hi)}
    rule = with_generator(site.rule, site.rule.generator_id, new)
    asked = f"{site.rule.generator_id} [{lo}, {hi}] into {col.declared_type}"
    done = f"[{new['min']}, {new['max']}]: the range {col.declared_type} holds"
    return rule, _repair(site, issue, "clamp", asked, done)
