"""``plan suggest --profile``: generators fitted to a profile's safe statistics.

The suggestion from names and types comes first (it knows CPFs and e-mails); the profile then
replaces what it measured better, column by column:

- frequent values covering most rows become a weighted choice (``fitted.categorical`` keeps the
  name's generator for the long tail); booleans get their measured share of ``true``;
- numbers and dates follow their measured quantiles (``fitted.numeric``, ``fitted.temporal``);
- a date that always follows another one of the row is derived from it with the measured gaps
  (``derive.gap_after`` with ``quantiles``);
- text with one dominant shape (``AAA-99999``) becomes a pattern;
- numbers that move together (cost with price) keep their link: the second is derived from the
  first by the measured ratios (``derive.scaled``);
- PII columns, whose values the profile never kept, keep the name's generator with the measured
  format (``(11) 91234-5678`` or ``+5511912345678``), or blurred quantiles for numbers and dates;
- NULL rates are the measured ones; foreign keys get the engine fan-out closest to the measured
  children per parent (even picks, a range of counts, or Zipf with a fitted exponent).

Columns whose values a CHECK, an enum or a key decides keep their generator (only their NULL
rate is fitted): constraints win.

Example:
    >>> from datalchemy.contracts.profile import ColumnProfile, Frequent
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> status = ColumnProfile(name="status", family=TypeFamily.TEXT, null_rate=0.0,
    ...     distinct_ratio=0.0001, frequent=[Frequent(value="entregue", share=0.7),
    ...     Frequent(value="cancelado", share=0.3)], frequent_share=1.0)
    >>> categorical(status, ("primitive.choice", {"values": ["a"]}))
    ('primitive.choice.weighted', {'values': ['entregue', 'cancelado'], 'weights': [0.7, 0.3]})
"""

from __future__ import annotations

import re
from typing import Any

from datalchemy.contracts.plan import (
    ColumnGeneratorRule,
    ForeignKeyCardinalityRule,
    GeneratorSpec,
    Rule,
)
from datalchemy.contracts.profile import ColumnProfile, DatabaseProfile, TableProfile
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedPlan, ResolvedTable
from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.derive import is_derive
from datalchemy.generators.registry import get_generator

__all__ = ["categorical", "fit_column", "fit_rules"]

_T = TypeFamily
#: Frequent values must cover this share of rows to replace the generator.
CATEGORICAL_SHARE = 0.9
#: Reasons whose generator the profile must not replace (constraints and keys decide).
_KEEP = frozenset({"check_domain", "check_order", "enum", "identity", "rule"})
_GENERIC = frozenset(
    {"text.title", "text.paragraph", "primitive.text.lorem", "primitive.text.pattern"}
)
Pick = tuple[str, dict[str, Any]]


def _thin(values: list[Any], most: int = 101) -> list[Any]:
    if len(values) <= most:
        return values
    step = (len(values) - 1) / (most - 1)
    return [values[round(i * step)] for i in range(most)]


def categorical(p: ColumnProfile, default: Pick | None) -> Pick | None:
    """A weighted choice of the frequent values (the default generator for the rest)."""
    if not p.frequent or p.frequent_share < CATEGORICAL_SHARE:
        return None
    values = [f.value for f in p.frequent]
    weights = [f.share for f in p.frequent]
    if p.family == _T.BOOLEAN:
        share = sum(f.share for f in p.frequent if f.value in (True, "true"))
        return "primitive.bool", {"p_true": round(share / max(p.frequent_share, 1e-9), 4)}
    if p.frequent_share >= 0.995 or default is None or is_derive(get_generator(default[0])):
        return "primitive.choice.weighted", {"values": values, "weights": weights}
    rest = {"generator": default[0], "params": default[1]}
    return "fitted.categorical", {"values": values, "weights": weights, "rest": rest}


def _shape_pattern(shape: str) -> str:
    classes = {"A": "[A-Z]", "a": "[a-z]", "9": "[0-9]"}
    return "".join(classes.get(ch, re.escape(ch)) for ch in shape)


def _formatted(c: ResolvedColumn, p: ColumnProfile) -> Pick | None:
    """A PII generator's format set from the column's dominant shape (``(99) 99999-9999``)."""
    if p.text is None or not p.text.shapes or c.generator is None:
        return None
    shape = str(p.text.shapes[0].value)
    if p.text.shapes[0].share < 0.5:
        return None
    params = dict(c.params)
    if c.generator == "semantic.br.phone":
        fmt = "national" if shape.startswith("(") else "e164" if shape.startswith("+") else None
        fmt = fmt or ("digits" if set(shape) <= {"9"} else None)
        if fmt is None or params.get("format", "e164") == fmt:
            return None
        return c.generator, {**params, "format": fmt}
    if c.generator in ("semantic.br.cpf", "semantic.br.cnpj", "semantic.br.cep"):
        punctuated = bool(set(shape) & set(".-/"))
        if bool(params.get("formatted", False)) == punctuated:
            return None
        return c.generator, {**params, "formatted": punctuated}
    return None


def _measured(p: ColumnProfile, c: ResolvedColumn) -> Pick | None:
    """Numbers and dates through their measured quantiles."""
    if p.numeric is not None and c.family in (_T.INTEGER, _T.DECIMAL, _T.FLOAT, _T.MONEY):
        params: dict[str, Any] = {"quantiles": _thin(p.numeric.quantiles)}
        if p.numeric.integer or c.family == _T.INTEGER:
            params["integer"] = True
        elif p.numeric.scale is not None:
            params["scale"] = p.numeric.scale
        return "fitted.numeric", params
    if p.temporal is not None and c.family in (_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ):
        return "fitted.temporal", {"quantiles": _thin(p.temporal.quantiles)}
    return None


def fit_column(p: ColumnProfile, c: ResolvedColumn) -> Pick | None:
    """The fitted generator of one column (None: keep the suggestion's)."""
    default: Pick | None = (c.generator, dict(c.params)) if c.generator else None
    if c.unique or c.reason in _KEEP:
        return None
    if p.pii:  # no value was kept: blurred quantiles, or the format of the name's generator
        return _measured(p, c) or _formatted(c, p)
    picked = categorical(p, default) or _measured(p, c)
    if picked is not None:
        return picked
    if p.text is not None and p.text.shapes and c.generator in _GENERIC:
        top = p.text.shapes[0]
        if top.share >= 0.9 and isinstance(top.value, str):
            return "primitive.text.pattern", {"pattern": _shape_pattern(top.value)}
    return None


def _ratio_rules(tp: TableProfile, rt: ResolvedTable, fitted: dict[str, Pick]) -> None:
    """A number that moves with another (cost with price) derived from it by the measured
    ratios, so their correlation holds."""
    derived: set[str] = set()
    for corr in tp.correlations:
        if not corr.ratio_quantiles or corr.b in derived or corr.a in derived:
            continue
        a, b = fitted.get(corr.a), fitted.get(corr.b)
        if a is None or b is None or a[0] != "fitted.numeric" or b[0] != "fitted.numeric":
            continue
        derived.add(corr.b)
        params = {"input_columns": [corr.a], "quantiles": _thin(corr.ratio_quantiles)}
        scale = b[1].get("scale")
        fitted[corr.b] = ("derive.scaled", {**params, "scale": 0 if b[1].get("integer") else scale})


def _gap_rules(tp: TableProfile, rt: ResolvedTable, fitted: dict[str, Pick]) -> None:
    """Later dates derived from their earlier column with the measured gaps."""
    columns = {c.name: c for c in rt.columns}
    derived: dict[str, str] = {}

    def reads(a: str, b: str) -> bool:
        seen: set[str] = set()
        while a in derived and a not in seen:
            seen.add(a)
            a = derived[a]
            if a == b:
                return True
        return False

    for order in sorted(tp.date_orders, key=lambda o: o.gap_days[len(o.gap_days) // 2]):
        later, earlier = columns.get(order.later), columns.get(order.earlier)
        if later is None or earlier is None or later.name in derived:
            continue
        if later.unique or later.reason in _KEEP or later.action != "generate":
            continue
        if earlier.action == "omit" or reads(earlier.name, later.name):
            continue
        derived[later.name] = earlier.name
        fitted[later.name] = (
            "derive.gap_after",
            {
                "input_columns": [earlier.name],
                "quantiles": _thin([max(0.0, g) for g in order.gap_days]),
                "not_after_base_date": False,
            },
        )


def fit_rules(
    resolved: ResolvedPlan, profile: DatabaseProfile
) -> tuple[dict[tuple[str, str], tuple[Pick | None, float | None]], list[Rule]]:
    """Fitted (generator, NULL rate) per (table, column), and the fan-out rules."""
    # NOTE: imported here, so `import datalchemy` never loads DuckDB (profile.relations uses it)
    from datalchemy.profile.relations import fan_out_fit

    out: dict[tuple[str, str], tuple[Pick | None, float | None]] = {}
    fans: list[Rule] = []
    rows = {t.qualified_name: t.rows for t in resolved.tables}
    for rt in resolved.tables:
        tp = profile.table(rt.qualified_name)
        if tp is None:
            continue
        fitted: dict[str, Pick] = {}
        for c in rt.columns:
            p = tp.column(c.name)
            if p is None or c.action != "generate":
                continue
            pick = fit_column(p, c)
            if pick is not None:
                fitted[c.name] = pick
        _ratio_rules(tp, rt, fitted)
        _gap_rules(tp, rt, fitted)
        for c in rt.columns:
            p = tp.column(c.name)
            if p is None or c.action != "generate":
                continue
            out[(rt.qualified_name, c.name)] = (fitted.get(c.name), p.null_rate)
        keyed = {col for u in rt.uniques if len(u.columns) > 1 for col in u.columns}
        for fan in tp.fan_out:
            fk = next((f for f in rt.foreign_keys if f.columns == fan.columns), None)
            if fk is None or fk.one_to_one or fk.self_reference or fk.deferred:
                continue
            if set(fk.columns) & keyed:
                continue
            parents = rows.get(f"{fk.parent_schema}.{fk.parent_table}", 0)
            children = round(rt.rows * (1 - fan.null_rate))
            card = fan_out_fit(fan, parents, children)
            named = fk.key if not fk.key.startswith("fk_") else None
            fans.append(
                ForeignKeyCardinalityRule.model_validate(
                    {
                        "schema": rt.schema_name,
                        "table": rt.table,
                        "foreign_key": named,
                        "columns": None if named else list(fk.columns),
                        "children_per_parent": card,
                        "null_rate": round(fan.null_rate, 4) if fk.nullable else None,
                    }
                )
            )
    return out, fans


def fitted_rule(rule: ColumnGeneratorRule, pick: Pick | None, null_rate: float | None) -> Rule:
    """``rule`` with the fitted generator and NULL rate."""
    update: dict[str, Any] = {}
    if pick is not None:
        update["generator"] = GeneratorSpec(id=pick[0], params=pick[1] or None)
        update["params"] = None
    if null_rate is not None:
        update["null_rate"] = round(null_rate, 4) or None
    return rule.model_copy(update=update)
