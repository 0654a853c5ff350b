"""Row-level CHECKs met by construction: which columns are derived from which.

A CHECK that the column domains do not capture exactly comes with row rules
(:mod:`datalchemy.constraints.formulas`). :class:`RowRules` turns them into column decisions, in
two steps around the table's column resolution (:mod:`.columns`):

1. **before** (``RowRules(t)``): for every rule, choose the columns to derive
   (:func:`datalchemy.constraints.construct.construct` for a formula; the balancing column for a
   sum), so that the rules of all the table's CHECKs fit together (one forced value per column,
   no cycle of derived columns). *Guides* - sufficient domains such as "``x`` in ``('A', 'B')``"
   for ``upper(x) IN ('A', 'B')`` - are merged into the domains of the columns without a plan
   rule, so that their generators are fitted inside them;
2. **after** (``apply(columns)``): each derived column becomes ``derive.conditional`` around its
   own generator (NULL / not NULL / a value / a copy, by row cases) or ``derive.linear`` (the
   sum's balance); a column whose domain asks for a letter case gets ``transform.casing``. A
   column whose plan rule already is that derive (a plan written by ``plan suggest``) is kept as
   it is. Every CHECK whose rules all hold by construction becomes ``derive`` (``domain`` when
   guides alone meet it), with a note saying how; a ``<>`` between two foreign keys to the same
   parent is ``derive`` too (the engine picks different parent rows).

A rule that cannot be built leaves its CHECK ``verify`` (rows are verified and regenerated).
Columns with a plan rule of another generator, foreign keys, keys, identity and generated columns
are never derived; they only drive.

Example:
    A flag that must be true whenever an end year is set:

    >>> from datalchemy.contracts.schema import CheckConstraint, Column, Table, TypeFamily
    >>> table = Table(name="artist", columns=[
    ...     Column(ordinal=1, name="end_year", declared_type="smallint",
    ...            family=TypeFamily.INTEGER, nullable=True),
    ...     Column(ordinal=2, name="ended", declared_type="boolean",
    ...            family=TypeFamily.BOOLEAN, nullable=False)],
    ...     checks=[CheckConstraint(name="ended_chk",
    ...                             expression="end_year IS NULL OR ended = true")])
    >>> t = table_input(table)
    >>> rules = RowRules(t)
    >>> rules.targets
    {'ended': ['ended_chk']}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from datalchemy.constraints.construct import Action, Construction, Driver, construct
from datalchemy.constraints.domains import merge_domain
from datalchemy.constraints.model import (
    CheckAnalysis,
    ColumnDomain,
    RowFormula,
    TableConstraints,
)
from datalchemy.contracts.plan import TransformRef
from datalchemy.contracts.resolved import ResolvedColumn
from datalchemy.contracts.schema import Column, DatabaseSchema, Table, TypeFamily
from datalchemy.generators.registry import get_generator
from datalchemy.plan.resolve.columns import TableInput
from datalchemy.plan.resolve.fitting import fit_to_domain, json_value
from datalchemy.plan.resolve.names import HeuristicInput, Suggestion
from datalchemy.plan.resolve.orders import is_identity, plan_orders
from datalchemy.plan.resolve.row_sums import LINEAR, SumPlan, plan_sum, sum_guide
from datalchemy.plan.resolve.values import admits, derive_inputs

__all__ = ["CONDITIONAL", "LINEAR", "RowRules", "table_input"]

#: The derive row rules put on columns (sums: :data:`.row_sums.LINEAR`).
CONDITIONAL = "derive.conditional"
_T = TypeFamily


@dataclass
class _CheckPlan:
    """How one CHECK's rules are met (``complete``: every rule of it could be built)."""

    formulas: list[Construction] = field(default_factory=list)
    sums: list[SumPlan] = field(default_factory=list)
    #: Identity columns whose numbering skips values the CHECK singles out (``id <> 1 OR ...``).
    skips: dict[str, set[int]] = field(default_factory=dict)
    complete: bool = True


class RowRules:
    """The row rules of one table (see the module docstring)."""

    def __init__(self, t: TableInput) -> None:
        self.t = t
        table = t.table
        self.columns: dict[str, Column] = {c.name: c for c in table.columns}
        self.fk_columns = {c for e in [*t.edges, *t.missing] for c in e.fk.columns}
        keys = [u.columns for u in table.uniques] + (
            [table.primary_key.columns] if table.primary_key else []
        )
        #: FK columns in no multi-column key: the engine fills them before any key.
        self._early_fks = self.fk_columns - {c for k in keys if len(k) > 1 for c in k}
        self.plans: dict[int, _CheckPlan] = {}
        #: Derived column -> the CHECKs (labels) whose rules derive it.
        self.targets: dict[str, list[str]] = {}
        self._forced: dict[str, set[Action]] = {}
        self._guides: dict[str, ColumnDomain] = {}
        self._reads: dict[str, set[str]] = self._existing_reads()
        self._cases: dict[str, list[dict[str, Any]]] = {}
        self._sums: dict[str, SumPlan] = {}
        self._skips: dict[str, set[int]] = {}
        for index, analysis in enumerate(t.constraints.checks):
            if analysis.strategy == "verify" and analysis.rules and t.check_policy != "ignore":
                self.plans[index] = self._plan(analysis)
        t.constraints = self._guided(t.constraints)

    # ------------------------------------------------------------------------------- planning

    def _existing_reads(self) -> dict[str, set[str]]:
        """Columns that already read others: ordering derives and derive rules of the plan."""
        t = self.t
        reads: dict[str, set[str]] = {}
        derived, _ = plan_orders(
            t.table.columns,
            t.constraints.orders,
            ruled=t.rules,
            blocked=self.fk_columns,
            unique=t.unique_columns,
        )
        for later, order in derived.items():
            reads.setdefault(later, set()).add(order.earlier)
        for name, (_, rule) in t.rules.items():
            if rule.generator_id in (CONDITIONAL, LINEAR):
                continue  # re-planned here
            try:
                gen = get_generator(rule.generator_id)
                inputs = derive_inputs(gen, gen.parse_params(rule.effective_params))
            except Exception:  # a bad rule: validation reports it
                continue
            reads.setdefault(name, set()).update(inputs)
        return reads

    def _candidate(self, name: str) -> bool:
        """Can ``name`` be a target: fitted into a guide, or derived (see :meth:`_free`)? A
        column of a composite key only to be made NULL (see :meth:`_can_force`)."""
        col = self.columns.get(name)
        if col is None or col.is_generated or is_identity(col):
            return False
        return not (name in self.fk_columns or name in self.t.unique_columns)

    def _free(self, name: str, generator: str) -> bool:
        """Can ``name`` be derived by ``generator``: a target without a plan rule of another
        generator (a column with one keeps its values; it can only meet a guide)."""
        if not self._candidate(name):
            return False
        rule = self.t.rules.get(name)
        return rule is None or rule[1].generator_id == generator

    def _plan(self, analysis: CheckAnalysis) -> _CheckPlan:
        plan = _CheckPlan()
        label = analysis.name or analysis.expression
        for rule in analysis.rules or []:
            if isinstance(rule, RowFormula):
                built = self._construct(rule)
                if built is None:
                    escape = self._numbering_escape(rule)
                    if escape is None:
                        plan.complete = False
                    else:
                        column, values = escape
                        plan.skips.setdefault(column, set()).update(values)
                        self._skips.setdefault(column, set()).update(values)
                    continue
                plan.formulas.append(built)
                self._adopt(built, label)
            else:
                summed = plan_sum(
                    rule,
                    self.columns,
                    self.t.constraints.domain,
                    lambda c: self._free(c, LINEAR) and c not in self.targets,
                )
                if summed is None or any(self._reaches(i, summed.target) for i in summed.inputs):
                    plan.complete = False
                    continue
                plan.sums.append(summed)
                self._sums[summed.target] = summed
                self.targets.setdefault(summed.target, []).append(label)
                self._reads.setdefault(summed.target, set()).update(summed.inputs)
        return plan

    def _numbering_escape(self, formula: RowFormula) -> tuple[str, set[int]] | None:
        """``(id, {1})`` for ``id <> 1 OR <what cannot be built>`` on an identity column: the
        row a CHECK singles out by its key (MusicBrainz's "Various Artists" is artist 1) is
        simply never numbered, so every row takes the first branch."""
        for branch in formula.branches:
            if len(branch) != 1:
                continue
            atom = branch[0]
            col = self.columns.get(atom.column)
            ints = [v for v in atom.values if isinstance(v, int) and not isinstance(v, bool)]
            if (
                atom.test == "not_in"
                and col is not None
                and is_identity(col)
                and ints
                and len(ints) == len(atom.values)
            ):
                return atom.column, set(ints)
        return None

    def _construct(self, formula: RowFormula) -> Construction | None:
        names = formula.columns
        if any(n not in self.columns for n in names):
            return None
        # Flags first, then the later columns: "ended is true when an end date is set" rather
        # than "the end date is NULL unless ended".
        ordered = sorted(self.t.table.columns, key=lambda c: (c.family != _T.BOOLEAN, -c.ordinal))
        candidates = [
            c.name
            for c in ordered
            if c.name in names and self._candidate(c.name) and c.name not in self._sums
        ]
        drivers = {n: self._driver(n) for n in names}
        return construct(
            formula,
            candidates=candidates,
            drivers=drivers,
            can_force=self._can_force,
            accept=self._fits_others,
        )

    def _driver(self, name: str) -> Driver:
        col = self.columns[name]
        domain = self.t.constraints.domain(name)
        pk = self.t.table.primary_key
        nullable = col.nullable and not (domain is not None and domain.not_null)
        nullable = nullable and not (pk is not None and name in pk.columns)
        values: tuple[Any, ...] | None = None
        if col.family == _T.BOOLEAN:
            values = (True, False)
        labels = self.t.enum_labels(col)
        if labels is not None:
            values = tuple(labels)
        if domain is not None and domain.allowed is not None:
            values = tuple(domain.allowed)
        return Driver(nullable, values)

    def _can_force(self, target: str, action: Action) -> bool:
        if action.kind != "keep" and not self._free(target, CONDITIONAL):
            return False
        col = self.columns[target]
        domain = self.t.constraints.domain(target)
        if target in self.t.key_columns and action.kind not in ("keep", "null", "not_null"):
            return False  # a key column keeps its distinct values, or is NULL (never equal)
        if action.kind == "null":
            return col.nullable and not (domain is not None and domain.not_null)
        if action.kind == "value":
            value = action.value
            labels = self.t.enum_labels(col)
            if labels is not None and str(value) not in labels:
                return False
            if col.family == _T.BOOLEAN and not isinstance(value, bool):
                return False
            return domain is None or value is None or admits(domain, value) is not False
        if action.kind == "copy":
            source = self.columns.get(action.source or "")
            if source is None or source.name == target:
                return False
            if source.family != col.family or source.enum != col.enum:
                return False
            return col.length is None or (source.length is not None and source.length <= col.length)
        return True

    def _fits_others(self, built: Construction) -> bool:
        """Whether ``built`` agrees with the rules already planned for the table."""
        for target in built.derived:
            known = self._forced.get(target)
            if known and len(known | _forcing(built, target)) > 1:
                return False  # two rules would force different things on one column
            if target in self._sums:
                return False
        for target, guide in built.guides.items():
            other = self._guides.get(target)
            if (other is not None and other != guide) or target in self.t.key_columns:
                return False  # one guide a column; a key column's values are its key's
        inputs = _inputs(built)
        for target in built.derived:
            # A key column is built with its key, after the FKs picked on their own only.
            if target in self.t.key_columns and not inputs[target] <= self._early_fks:
                return False
        return not any(self._reaches(i, t) for t in built.derived for i in inputs[t])

    def _reaches(self, start: str, goal: str) -> bool:
        """Does ``start`` (transitively) read ``goal``? (Or is it ``goal``?)"""
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node in seen:
                continue
            seen.add(node)
            stack.extend(self._reads.get(node, ()))
        return False

    def _adopt(self, built: Construction, label: str) -> None:
        inputs = _inputs(built)
        for target in built.derived:
            self._forced.setdefault(target, set()).update(_forcing(built, target))
            self._reads.setdefault(target, set()).update(inputs[target])
            self.targets.setdefault(target, []).append(label)
            self._cases.setdefault(target, []).append(_rule_cases(built, target, label))
        self._guides.update(built.guides)

    def _guided(self, constraints: TableConstraints) -> TableConstraints:
        """``constraints`` with the guides merged into the domains of columns without a rule."""
        guides = {c: g for c, g in self._guides.items() if c not in self.t.rules}
        for summed in self._sums.values():
            source = summed.inputs[0]
            free = source not in self.t.rules and self._candidate(source)
            if len(summed.inputs) == 1 and free and source not in self._sums:
                guide = sum_guide(summed, self.columns[source], self.t.constraints.domain)
                if guide is not None:
                    guides[source] = guide
        if not guides:
            return constraints
        domains = {name: replace(dom) for name, dom in constraints.domains.items()}
        for column, guide in guides.items():
            if column in domains:
                merge_domain(domains[column], guide)
            else:
                domains[column] = replace(guide)
        return TableConstraints(domains, list(constraints.orders), list(constraints.checks))

    # ----------------------------------------------------------------------------- applying

    def apply(self, columns: list[ResolvedColumn]) -> list[ResolvedColumn]:
        """The resolved columns with the derives of the row rules; updates the CHECKs' strategy
        (``t.constraints.checks``) with how each one is met."""
        out: list[ResolvedColumn] = []
        met: set[str] = set()
        for col in columns:
            new: ResolvedColumn | None = col
            if col.name in self._cases:
                new = self._conditional(col)
            elif col.name in self._sums:
                new = self._linear(col)
            elif col.name in self._skips:
                new = self._skipping(col)
            if new is not None and new.name in self.targets:
                met.add(new.name)
            out.append(self._cased(new if new is not None else col))
        self._claim(out, met)
        return out

    def _conditional(self, col: ResolvedColumn) -> ResolvedColumn | None:
        rules = self._cases[col.name]
        if col.action == "generate" and col.generator == CONDITIONAL:
            if col.params.get("rules") != rules:
                return None  # a plan rule with other cases: verified
            params = dict(col.params)
            if col.null_rate and not params.get("null_rate"):
                params["null_rate"] = col.null_rate  # the derive owns the column's NULLs
            inputs = _conditional_inputs(params)
            return col.model_copy(update={"params": params, "null_rate": 0.0, "inputs": inputs})
        if col.action == "generate" and col.generator is not None:
            params = {"generator": col.generator, "params": dict(col.params)}
            inputs = list(col.inputs)
        elif col.action == "constant":
            params, inputs = {"value": json_value(col.value)}, []
        else:
            return None
        if col.null_rate:
            params["null_rate"] = col.null_rate
        params["rules"] = rules
        for name in _conditional_inputs(params):
            if name not in inputs:
                inputs.append(name)
        why = "; ".join(_describe(col.name, rule) for rule in rules)
        return col.model_copy(
            update={
                "action": "generate",
                "generator": CONDITIONAL,
                "params": params,
                "value": None,
                "null_rate": 0.0,
                "inputs": inputs,
                "reason": "check_rule",
                "explanation": f"{col.explanation}; {why}" if col.explanation else why,
            }
        )

    def _skipping(self, col: ResolvedColumn) -> ResolvedColumn | None:
        """An identity's numbering started past the values a CHECK singles out."""
        if col.generator != "primitive.int.sequence_hint":
            return None
        params = dict(col.params)
        start, step = int(params.get("start", 1)), int(params.get("step", 1))
        ahead = [v for v in self._skips[col.name] if (v - start) * step >= 0]
        if not ahead or step == 0:
            return col
        params["start"] = max(ahead) + 1 if step > 0 else min(ahead) - 1
        why = f"numbered from {params['start']}: a CHECK singles out {sorted(ahead)}"
        return col.model_copy(update={"params": params, "explanation": why})

    def _linear(self, col: ResolvedColumn) -> ResolvedColumn | None:
        plan = self._sums[col.name]
        if col.action == "generate" and col.generator == LINEAR:
            keys = ("terms", "constant", "scale")
            same = all(col.params.get(k) == plan.params.get(k) for k in keys)
            return col if same else None
        if col.action != "generate":
            return None
        label = plan.rule.source or "a CHECK"
        return col.model_copy(
            update={
                "generator": LINEAR,
                "params": dict(plan.params),
                "inputs": list(plan.inputs),
                "reason": "check_rule",
                "explanation": f"{label}: balances {', '.join(plan.inputs)}",
            }
        )

    def _cased(self, col: ResolvedColumn) -> ResolvedColumn:
        """A text column whose values must equal their lower / upper form gets folded."""
        domain = self.t.constraints.domain(col.name)
        if domain is None or domain.case is None or col.action != "generate":
            return col
        if col.family not in (_T.TEXT, _T.UNKNOWN):
            return col
        if any(r.transform == "transform.casing" for r in col.transforms):
            return col
        ref = TransformRef(transform="transform.casing", params={"mode": domain.case})
        return col.model_copy(update={"transforms": [*col.transforms, ref]})

    def _claim(self, columns: list[ResolvedColumn], met: set[str]) -> None:
        """Say, per CHECK, how its rules are met (``t.constraints.checks`` is replaced)."""
        t = self.t
        by_name = {c.name: c for c in columns}
        checks = list(t.constraints.checks)
        for index, plan in self.plans.items():
            if not plan.complete:
                continue
            derived = [c for f in plan.formulas for c in f.derived] + [s.target for s in plan.sums]
            if any(c not in met for c in derived):
                continue
            guides = {c: g for f in plan.formulas for c, g in f.guides.items()}
            if not all(self._established(by_name.get(c), g) for c, g in guides.items()):
                continue
            strategy: Literal["derive", "domain"] = "derive" if derived else "domain"
            note = _how(plan, guides)
            checks[index] = replace(checks[index], strategy=strategy, note=note)
        for index, analysis in enumerate(checks):
            pair = self._apart(analysis)
            if pair is not None:
                note = f"the engine picks different parent rows for {pair[0]} and {pair[1]}"
                checks[index] = replace(analysis, strategy="derive", note=note)
        t.constraints = TableConstraints(t.constraints.domains, list(t.constraints.orders), checks)

    def _established(self, col: ResolvedColumn | None, guide: ColumnDomain) -> bool:
        """Is the column's generator inside its guide (fitting would leave it unchanged)?"""
        if col is None or col.action != "generate" or col.generator is None:
            return False
        gen, params = col.generator, dict(col.params)
        if gen == CONDITIONAL:
            if params.get("generator") is None:
                return False
            gen, params = params["generator"], dict(params.get("params") or {})
        domain = replace(guide)
        necessary = self.t.constraints.domain(col.name)
        if necessary is not None:
            merge_domain(domain, necessary)
        column = self.columns[col.name]
        info = HeuristicInput(
            column,
            self.t.table.name,
            locale=self.t.locale,
            base_date=self.t.base_date,
            enum_labels=self.t.enum_labels(column),
        )
        fitted = fit_to_domain(Suggestion(gen, params, "rule", 1.0, ""), domain, info)
        return fitted is not None and (fitted.generator, fitted.params) == (gen, params)

    def _apart(self, analysis: CheckAnalysis) -> tuple[str, str] | None:
        """``a <> b`` between two single-column FKs to the same parent column, else None."""
        if analysis.strategy != "domain" or len(analysis.columns) != 2:
            return None
        label = analysis.name or analysis.expression
        orders = [o for o in self.t.constraints.orders if o.source == label]
        if len(orders) != 1 or orders[0].op != "<>":
            return None
        edges = {e.fk.columns[0]: e for e in self.t.edges if len(e.fk.columns) == 1}
        a, b = edges.get(orders[0].left), edges.get(orders[0].right)
        if a is None or b is None or a.parent != b.parent or a.self_reference:
            return None
        if a.fk.referenced_columns != b.fk.referenced_columns or (a.one_to_one and b.one_to_one):
            return None
        return orders[0].left, orders[0].right


# ------------------------------------------------------------------------------------ helpers


def _forcing(built: Construction, target: str) -> set[Action]:
    if target in built.not_null and target not in built.targets:
        return {Action("not_null")}
    return {acts[target] for _, _, acts in built.cases if acts[target].kind != "keep"}


def _inputs(built: Construction) -> dict[str, set[str]]:
    """Columns each derived column of ``built`` reads."""
    drivers = {a.column for atoms in built.conditions for a in atoms}
    out: dict[str, set[str]] = {}
    for target in built.derived:
        reads = set(drivers) if target in built.targets else set()
        for _, _, acts in built.cases:
            action = acts.get(target)
            if action is not None and action.source:
                reads.add(action.source)
        out[target] = reads - {target}
    return out


def _rule_cases(built: Construction, target: str, label: str) -> dict[str, Any]:
    """The ``derive.conditional`` rule (JSON) that derives ``target`` for ``built``."""
    if target not in built.targets:  # a driver made NOT NULL
        return {"check": label, "cases": [{"when": [], "then": "not_null"}]}
    cases = []
    for atoms, (_, match, acts) in zip(built.conditions, built.cases, strict=True):
        action = acts[target]
        case: dict[str, Any] = {
            "when": [
                {"column": a.column, "test": a.test, "values": [json_value(v) for v in a.values]}
                if a.values
                else {"column": a.column, "test": a.test}
                for a in atoms
            ],
            "then": action.kind,
        }
        if match != "true":
            case["match"] = match
        if action.kind == "value":
            case["value"] = json_value(action.value)
        if action.kind == "copy":
            case["column"] = action.source
        cases.append(case)
    while cases and cases[-1]["then"] == "keep":
        cases.pop()
    return {"check": label, "cases": cases}


def _conditional_inputs(params: dict[str, Any]) -> list[str]:
    from datalchemy.generators.registry import get_generator

    gen = get_generator(CONDITIONAL)
    return list(gen.inputs(gen.parse_params(params)))  # type: ignore[attr-defined]


def _describe(column: str, rule: dict[str, Any]) -> str:
    """``chk: ended is True when end_year is not NULL`` (for explanations)."""
    return f"{rule.get('check') or 'a CHECK'}: {_cases_text(column, rule['cases'])}"


def _cases_text(column: str, cases: list[dict[str, Any]]) -> str:
    parts = []
    for case in cases:
        what = {
            "keep": "its own value",
            "null": "NULL",
            "not_null": "not NULL",
            "value": repr(case.get("value")),
            "copy": f"a copy of {case.get('column')}",
        }[case["then"]]
        when = " and ".join(_condition_text(c) for c in case["when"])
        if when:
            parts.append(f"{what} when {when}")
        else:  # no condition: every row the earlier cases left
            parts.append(f"{what} otherwise" if case is not cases[0] else f"{what} always")
    return f"{column} is " + ", ".join(parts)


def _condition_text(c: dict[str, Any]) -> str:
    test = c["test"]
    if test in ("null", "not_null"):
        return f"{c['column']} is {'NULL' if test == 'null' else 'not NULL'}"
    values = ", ".join(repr(v) for v in c.get("values", []))
    return f"{c['column']} {'in' if test == 'in' else 'not in'} ({values})"


def _how(plan: _CheckPlan, guides: dict[str, ColumnDomain]) -> str:
    parts: list[str] = []
    for built in plan.formulas:
        for target in built.derived:
            parts.append(_cases_text(target, _rule_cases(built, target, "")["cases"]))
    for s in plan.sums:
        parts.append(f"{s.target} balances {' + '.join(s.inputs)}")
    for column, skipped in plan.skips.items():
        parts.append(f"{column} is never numbered {', '.join(map(str, sorted(skipped)))}")
    for column, guide in guides.items():
        if guide.allowed is not None:
            values = ", ".join(repr(v) for v in guide.allowed)
            parts.append(f"{column} takes one of {values}")
        else:
            parts.append(f"{column} is generated inside the rule's domain")
    return ("by construction: " + "; ".join(parts)) if parts else "always true"


def table_input(table: Table, *, rows: int = 100, schema_name: str = "public") -> TableInput:
    """A :class:`TableInput` for ``table`` alone (no plan rules, no foreign keys): for tests
    and examples."""
    from datalchemy.constraints.checks import analyze_table

    schema = DatabaseSchema.model_validate(
        {"engine": "postgres", "schemas": [{"name": schema_name, "tables": [table]}]}
    )
    found = schema.find_table(schema_name, table.name)
    assert found is not None
    return TableInput(
        schema=schema,
        schema_name=schema_name,
        table=found,
        rows=rows,
        seed=1,
        locale="en_US",
        base_date=date(2024, 1, 1),
        constraints=analyze_table(schema, found, base_date=date(2024, 1, 1)),
        rules={},
        null_rules={},
        edges=[],
        missing=[],
        unique_columns=set(),
    )
