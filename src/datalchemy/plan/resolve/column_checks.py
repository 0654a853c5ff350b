"""Checks of one generated column: does its generator fit the column, its CHECKs and its keys?

Run by resolution for every column it decides to generate (plan rules and defaults alike), so
``plan validate`` reports, with the rule's JSON pointer (or ``schema.table.column`` when no rule
is involved):

- ``generator_type_mismatch``: the generator's output family does not fit the column's family
  (lorem words into an integer, an integer into a date);
- the generator's and transforms' own column checks (lengths, precision, integer width), with
  the codes ``value_too_long`` and ``numeric_out_of_range``;
- ``enum_label_invalid``: enumerable values that are not labels of the column's enum;
- ``check_unsatisfiable``: every value (enumerated, or the whole range) fails a CHECK domain;
  ``check_rejects_values`` (warning) when only some do: the engine regenerates those rows;
- ``unique_capacity``: a UNIQUE / PK column whose generator has fewer distinct values than rows
  (or cannot build distinct values at all); ``unique_transform_collision`` when a transform
  merges distinct values (``mask`` redact / format_preserving, ``weighted_choice``: errors;
  ``truncate``, ``casing``, short hashes: warnings).

Example (the original ``crm_realistic`` put a lorem word into ``tarefas.prioridade``)::

    generator_type_mismatch /rules/7/generator: faker.lorem.raw.Word makes text values; the
    column crm.tarefas.prioridade is integer
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.constraints.model import ColumnDomain
from datalchemy.constraints.values import Unfit, to_family
from datalchemy.contracts.resolved import ResolvedColumn
from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.generators.base import (
    ALL_FAMILIES,
    TEXTUAL,
    ColumnFacts,
    GenContext,
    Generator,
    Params,
)
from datalchemy.generators.derive import is_derive
from datalchemy.plan._common import IssueSink
from datalchemy.plan.resolve.ranges import decimal_limit, int_limits
from datalchemy.plan.resolve.values import (
    AppliedTransform,
    admits,
    distinct_per_row,
    enumerate_values,
    range_admits,
    value_range,
)

__all__ = ["ColumnUnderCheck", "check_column", "check_derive_cycles", "family_mismatch"]

_T = TypeFamily
_NUMERIC = frozenset({_T.INTEGER, _T.DECIMAL, _T.FLOAT, _T.MONEY})
#: Column families each output family may be loaded into (for generators that fit anything).
_OUTPUT_FITS: dict[TypeFamily, frozenset[TypeFamily]] = {
    _T.TEXT: ALL_FAMILIES - _NUMERIC - {_T.BOOLEAN},
    _T.INTEGER: _NUMERIC | {_T.TEXT, _T.UNKNOWN},
    _T.FLOAT: frozenset({_T.DECIMAL, _T.FLOAT, _T.MONEY, _T.TEXT, _T.UNKNOWN}),
    _T.BOOLEAN: frozenset({_T.BOOLEAN, _T.TEXT, _T.UNKNOWN}),
}
_CODE_MAP = {
    "max_len_exceeds_column": "value_too_long",
    "min_len_exceeds_column": "value_too_long",
    "pattern_too_long": "value_too_long",
    "uuid_too_long": "value_too_long",
    "mask_hash_too_long": "value_too_long",
    "value_exceeds_precision": "numeric_out_of_range",
    "range_exceeds_int_width": "numeric_out_of_range",
    "null_rate_not_null": "not_null_with_null_rate",
}


@dataclass
class ColumnUnderCheck:
    """One generated column with everything its checks need.

    ``path`` locates the generator (``/rules/3/generator`` or ``crm.leads.score``);
    ``params_path`` its params (None for defaults); ``transforms_path`` the rule's transforms.
    """

    qualified: str  # schema.table.column
    column: Column
    generator: Generator[Any]
    params: Params
    transforms: list[AppliedTransform]
    ctx: GenContext
    rows: int
    unique: bool
    domain: ColumnDomain | None
    path: str
    params_path: str | None = None
    transforms_path: str | None = None
    #: Part of a multi-column key: the generator must enumerate its values (any number).
    enumerable: bool = False
    #: The rule says ``disambiguate``: repeated values are numbered (datalchemy.generate.qualify).
    disambiguate: bool = False


def family_mismatch(gen: Generator[Any], params: Params, column: Column) -> str | None:
    """Why ``gen`` cannot fill ``column`` (None when it can)."""
    fam = column.family
    if fam == _T.UNKNOWN:
        return None  # unknown types take text that loads
    if fam not in gen.fits:
        declared = f" ({column.declared_type})" if column.declared_type != fam.value else ""
        return f"{gen.id} makes {gen.output_family(params).value} values; the column is " + (
            f"{fam.value}{declared}"
        )
    if is_derive(gen) or gen.fits != ALL_FAMILIES:
        return None
    unfit = _unfit_literal(getattr(params, "values", None), fam)
    if unfit is not None:
        return f"{gen.id} makes {unfit!r}, which is not a {fam.value} value"
    out = gen.output_family(params)
    allowed = _OUTPUT_FITS.get(out)
    if allowed is not None and fam not in allowed:
        return f"{gen.id} with these params makes {out.value} values; the column is {fam.value}"
    return None


#: Families whose values have a syntax of their own, checked in a rule's literal values.
_LITERAL_SYNTAX = frozenset(
    {_T.DATE, _T.TIME, _T.TIMESTAMP, _T.TIMESTAMPTZ, _T.UUID, _T.BOOLEAN} | _NUMERIC
)


def _unfit_literal(values: Any, fam: TypeFamily) -> Any:
    """The first of a rule's literal ``values`` the column's family cannot hold (None: all fit),
    so that ``primitive.choice`` of words into a uuid or date column is refused up front."""
    if not isinstance(values, list) or fam not in _LITERAL_SYNTAX:
        return None
    for v in values:
        if v is None:
            continue
        try:
            if fam == _T.UUID:
                UUID(str(v))
            else:
                to_family(v, fam)
        except (Unfit, ValueError):
            return v
    return None


def _sample(values: list[Any], n: int = 5) -> str:
    shown = ", ".join(repr(v) for v in values[:n])
    return shown + (f", ... ({len(values)} in all)" if len(values) > n else "")


def _facts(c: ColumnUnderCheck) -> ColumnFacts:
    facts = c.ctx.facts
    if c.domain is not None and c.domain.max_length is not None:
        limit = c.domain.max_length
        length = min(limit, facts.length) if facts.length is not None else limit
        facts = ColumnFacts(
            family=facts.family,
            nullable=facts.nullable,
            length=length,
            precision=facts.precision,
            scale=facts.scale,
            int_bits=facts.int_bits,
            enum_labels=facts.enum_labels,
            declared_type=facts.declared_type,
        )
    return facts


def _cut_length(c: ColumnUnderCheck) -> int | None:
    """The length the rule's last ``transform.truncate`` cuts values to, if any."""
    for t in reversed(c.transforms):
        if t.transform.id == "transform.truncate":
            return getattr(t.params, "max_len", None)
    return None


def _own_checks(c: ColumnUnderCheck, sink: IssueSink) -> set[str]:
    """The generator's and transforms' column checks; returns the codes reported."""
    codes: set[str] = set()
    facts = _facts(c)
    found: list[tuple[str, Any]] = []
    try:
        found += [(c.params_path or c.path, i) for i in c.generator.check(c.params, facts)]
    except Exception as exc:  # a check that cannot run for this column
        sink.warning("generator_check_failed", c.path, f"{c.generator.id}: {exc}")
    for k, t in enumerate(c.transforms):
        base = f"{c.transforms_path}/{k}/params" if c.transforms_path else c.path
        try:
            found += [(base, i) for i in t.transform.check(t.params, facts)]
        except Exception as exc:
            sink.warning("transform_check_failed", c.path, f"{t.transform.id}: {exc}")
    cut = _cut_length(c)
    for base, issue in found:
        code = _CODE_MAP.get(issue.code, issue.code)
        if code == "value_too_long" and cut is not None and cut <= (facts.length or cut):
            continue  # a transform.truncate of the rule cuts the values to the column
        path = base + issue.path if issue.path and base.startswith("/") else base
        message = issue.message
        if code != issue.code:
            message += f" ({issue.code})"
        sink.add(issue.severity, code, path, f"{c.qualified}: {message}", issue.hint)
        codes.add(code)
    return codes


def _check_values(c: ColumnUnderCheck, values: list[Any], sink: IssueSink, codes: set[str]) -> None:
    col = c.column
    labels = c.ctx.facts.enum_labels
    if col.family == _T.ENUM and labels is not None:
        bad = [v for v in values if str(v) not in labels]
        if bad:
            sink.error(
                "enum_label_invalid",
                c.path,
                f"{c.qualified} is enum {col.enum} ({', '.join(labels)}) but {c.generator.id} "
                f"can produce {_sample(bad)}",
                hint="use primitive.enum, or a generator whose values are the enum's labels",
            )
    length = _facts(c).length
    if length is not None and "value_too_long" not in codes:
        long = [v for v in values if len(str(v)) > length]
        if long:
            every = len(long) == len(values)
            sink.add(
                "error" if every else "warning",
                "value_too_long",
                c.path,
                f"{c.qualified} holds {length} characters; {len(long)} of the "
                f"{len(values)} values of {c.generator.id} are longer ({_sample(long, 3)})",
                hint="choose a generator with shorter values, or add transform.truncate",
            )
    _numeric_limits(c, [Decimal(str(v)) for v in values if _is_number(v)], sink, codes)
    if c.domain is not None:
        verdict = [admits(c.domain, v) for v in values]
        rejected = [v for v, ok in zip(values, verdict, strict=True) if ok is False]
        _domain_verdict(c, sink, len(values), rejected)


#: Values drawn to see whether a generator's text fits a varchar(n) / char(n) column.
_LENGTH_SAMPLE = 256


def _check_sampled_length(c: ColumnUnderCheck, sink: IssueSink, codes: set[str]) -> None:
    """``value_too_long`` for a generator whose values cannot be listed (e-mails, names):
    judged on a sample of its values at the plan's key."""
    length = _facts(c).length
    if length is None or "value_too_long" in codes or c.column.family not in TEXTUAL:
        return
    try:
        sample = c.generator.generate(c.ctx, c.params, np.arange(_LENGTH_SAMPLE, dtype=np.int64))
        for t in c.transforms:
            sample = t.transform.apply(c.ctx, t.params, sample, np.arange(len(sample)))
        lengths = pc.utf8_length(pc.cast(sample, pa.string())).to_numpy(zero_copy_only=False)
    except Exception:  # a generator that needs inputs: judged at generation
        return
    valid = lengths[~np.isnan(lengths.astype(float))]  # NULLs come back as NaN
    if not len(valid):
        return
    long = int((valid > length).sum())
    if long:
        sink.add(
            "error" if long == len(valid) else "warning",
            "value_too_long",
            c.path,
            f"{c.qualified} holds {length} characters; {long} of {len(valid)} sampled values of "
            f"{c.generator.id} are longer (up to {int(valid.max())})",
            hint="choose a generator with shorter values; otherwise values are cut to fit",
        )


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float | Decimal) and not isinstance(v, bool)


def _numeric_limits(
    c: ColumnUnderCheck, numbers: list[Decimal], sink: IssueSink, codes: set[str]
) -> None:
    if not numbers or "numeric_out_of_range" in codes:
        return
    col = c.column
    lo, hi = min(numbers), max(numbers)
    if col.family == _T.INTEGER:
        wlo, whi = int_limits(col)
        if lo < wlo or hi > whi:
            sink.error(
                "numeric_out_of_range",
                c.path,
                f"{c.qualified} is a {col.int_bits or 64}-bit integer ([{wlo}, {whi}]) but "
                f"{c.generator.id} makes values in [{lo}, {hi}]",
                hint="narrow the generator's min/max",
            )
    elif col.family in (_T.DECIMAL, _T.MONEY):
        limit = decimal_limit(col)
        if limit is not None and (hi > Decimal(str(limit)) or lo < -Decimal(str(limit))):
            sink.error(
                "numeric_out_of_range",
                c.path,
                f"{c.qualified} is {col.declared_type} (at most {limit}) but "
                f"{c.generator.id} makes values in [{lo}, {hi}]",
                hint=f"keep max below {limit}",
            )


def _domain_verdict(c: ColumnUnderCheck, sink: IssueSink, total: int, rejected: list[Any]) -> None:
    assert c.domain is not None
    checks = ", ".join(c.domain.sources) or "a CHECK"
    if not rejected:
        return
    if len(rejected) == total:
        sink.error(
            "check_unsatisfiable",
            c.path,
            f"no value of {c.generator.id} satisfies {checks} on {c.qualified} "
            f"(e.g. {_sample(rejected, 3)})",
            hint=_domain_hint(c.domain),
        )
    else:
        sink.warning(
            "check_rejects_values",
            c.path,
            f"{len(rejected)} of the {total} values of {c.generator.id} fail {checks} on "
            f"{c.qualified} ({_sample(rejected, 3)}); those rows are regenerated",
            hint=_domain_hint(c.domain),
        )


def _domain_hint(d: ColumnDomain) -> str:
    if d.allowed is not None:
        return "allowed values: " + ", ".join(str(v) for v in d.allowed)
    parts = []
    if d.minimum is not None:
        parts.append(f"{'>=' if d.minimum_inclusive else '>'} {d.minimum}")
    if d.maximum is not None:
        parts.append(f"{'<=' if d.maximum_inclusive else '<'} {d.maximum}")
    if d.max_length is not None:
        parts.append(f"length <= {d.max_length}")
    return "values must be " + " and ".join(parts) if parts else "see the CHECK"


def _check_range(c: ColumnUnderCheck, sink: IssueSink, codes: set[str]) -> None:
    try:
        rng = value_range(c.generator, c.params, c.ctx, c.rows)
    except Exception:  # params this summary does not understand
        return
    if rng is None:
        return
    if isinstance(rng.low, Decimal) and isinstance(rng.high, Decimal):
        _numeric_limits(c, [rng.low, rng.high], sink, codes)
    if c.domain is None:
        return
    verdict = range_admits(c.domain, rng)
    if verdict is None:
        return
    some, every = verdict
    checks = ", ".join(c.domain.sources) or "a CHECK"
    if not some:
        sink.error(
            "check_unsatisfiable",
            c.path,
            f"{c.generator.id} makes values in [{rng.low}, {rng.high}]; none satisfies {checks} "
            f"on {c.qualified}",
            hint=_domain_hint(c.domain),
        )
    elif not every and c.domain.allowed is None:
        sink.warning(
            "check_rejects_values",
            c.path,
            f"{c.generator.id} makes values in [{rng.low}, {rng.high}], partly outside {checks} "
            f"on {c.qualified}; those rows are regenerated",
            hint="narrow min/max: " + _domain_hint(c.domain),
        )


_COLLAPSING = {"redact", "format_preserving"}


def _space_of(c: ColumnUnderCheck) -> int | None:
    """The generator's value space; numbered repeats included when the rule disambiguates."""
    try:
        if c.disambiguate:
            from datalchemy.generate.qualify import qualified_space

            return qualified_space(c.generator, c.params, c.ctx, c.rows)
        return c.generator.value_space(c.ctx, c.params)
    except Exception:
        return None


def _check_unique(c: ColumnUnderCheck, sink: IssueSink, values: list[Any] | None) -> None:
    gen = c.generator
    if is_derive(gen):
        if not distinct_per_row(gen, c.params):
            sink.error(
                "unique_capacity",
                c.path,
                f"{c.qualified} is unique but {gen.id} cannot guarantee distinct values",
                hint="use a generator with a value space (see `datalchemy generators list`)",
            )
        return
    space = _space_of(c)
    if space is None:
        sink.error(
            "unique_capacity",
            c.path,
            f"{c.qualified} is unique ({c.rows} rows) but {gen.id} cannot build distinct "
            "values (it has no enumerable value space)",
            hint="choose a generator whose catalog entry shows a value space, e.g. "
            "semantic.person.email or primitive.text.pattern",
        )
        return
    if space < c.rows:
        sink.error(
            "unique_capacity",
            c.path,
            f"{c.qualified} needs {c.rows} distinct values but {gen.id} with these params has "
            f"a value space of {space}",
            hint=f"lower the rows to {space} or less, or choose a wider generator",
        )
    if c.disambiguate:
        return  # repeats a transform makes are numbered before the run (generate.avoid)
    for k, t in enumerate(c.transforms):
        tid = t.transform.id
        where = f"{c.transforms_path}/{k}" if c.transforms_path else c.path
        mode = getattr(t.params, "mode", None)
        if tid == "transform.weighted_choice" or (tid == "transform.mask" and mode in _COLLAPSING):
            what = f"mode {mode}" if tid == "transform.mask" else "random picks"
            sink.error(
                "unique_transform_collision",
                where,
                f"{c.qualified} is unique but {tid} ({what}) turns distinct values into equal ones",
                hint="use transform.mask with mode keyed (distinct in, distinct out), or drop "
                "the transform",
            )
        elif tid in ("transform.truncate", "transform.casing") or (
            tid == "transform.mask" and mode == "hash" and getattr(t.params, "hex_chars", 64) < 16
        ):
            sink.warning(
                "unique_transform_collision",
                where,
                f"{c.qualified} is unique and {tid} may turn distinct values into equal ones",
                hint="check that the transformed values stay distinct, or drop the transform",
            )


def check_column(c: ColumnUnderCheck, sink: IssueSink) -> bool:
    """Report every problem of one generated column; False when the generator cannot fit."""
    why = family_mismatch(c.generator, c.params, c.column)
    if why is not None:
        sink.error(
            "generator_type_mismatch",
            c.path,
            f"{c.qualified}: {why}",
            hint="choose a generator for this type (`datalchemy generators list` shows what "
            "each fits)",
        )
        return False
    codes = _own_checks(c, sink)
    values = None
    if not is_derive(c.generator):
        values = enumerate_values(c.generator, c.params, c.ctx, c.transforms)
        if values is not None and values:
            _check_values(c, values, sink, codes)
        else:
            if not any(t.transform.id != "transform.null_rate" for t in c.transforms):
                _check_range(c, sink, codes)
            _check_sampled_length(c, sink, codes)
    if c.unique:
        _check_unique(c, sink, values)
    elif c.enumerable and not is_derive(c.generator) and _space_of(c) is None:
        sink.error(
            "unique_capacity",
            c.path,
            f"{c.qualified} is part of a unique key but {c.generator.id} cannot "
            "enumerate distinct values",
            hint="give it a generator with a value space (the catalog lists it)",
        )
    return True


def check_derive_cycles(table: str, columns: list[ResolvedColumn], sink: IssueSink) -> None:
    """``derive_cycle`` when derived columns of ``table`` read each other in a cycle."""
    reads = {c.name: [i for i in c.inputs if i != c.name] for c in columns}
    names = set(reads)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in reads.get(node, []):
            if nxt not in names:
                continue
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt]
                sink.error(
                    "derive_cycle",
                    table,
                    f"columns of {table} read each other in a cycle: " + " -> ".join(cycle),
                    hint="one of these columns must not be derived from the others",
                )
            elif state.get(nxt) is None:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(reads):
        if state.get(name) is None:
            visit(name, [name])
