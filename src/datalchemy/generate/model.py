"""Compute the rows of a resolved table, for any set of row indices.

:class:`PlanModel` holds one :class:`TableModel` per resolved table. ``TableModel.compute(rows)``
returns every emitted column for those rows. It is a pure function of (plan, row index), which is
what makes generation blockwise, parallel, resumable and prefix-stable. The same function lets a
child recompute its parent's key columns for the parent rows it picked: no parent table is kept
in memory.

Order inside a block:

1. foreign-key columns: a parent row per child row (:mod:`.layout`), then the parent's key
   values recomputed for those rows; two FKs a CHECK keeps apart (``a <> b``) never pick the
   same parent row (:mod:`datalchemy.constraints.apart`);
2. unique keys: single-column keys through the generator's ``from_index`` over a keyed
   permutation; composite keys through a mixed-radix split (per parent when they contain an FK);
3. the other generated columns, inputs before the derives that read them; transforms, then the
   null rate, are applied to each column as it is made, so derives read final values;
4. CHECK verification (DuckDB over the block); failing rows get their ordinary generated columns
   regenerated from retry streams (attempt 1, 2, ...). Key and FK columns are never retried, so a
   key a child recomputed stays right. Whether row *r* needs a retry depends on row *r* only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.constraints.apart import fk_partners, shift_apart, skip_partner
from datalchemy.constraints.keys import MAX_SPACE, Composite, plan_keys
from datalchemy.constraints.model import CheckAnalysis
from datalchemy.contracts.resolved import (
    ResolvedColumn,
    ResolvedForeignKey,
    ResolvedPlan,
    ResolvedTable,
)
from datalchemy.contracts.schema import Column, DatabaseSchema, Table
from datalchemy.determinism import FeistelPermutation, Stream, derive_key
from datalchemy.errors import GenerationError
from datalchemy.generate.avoid import HeldParents, RowFixes
from datalchemy.generate.cast import to_column_type
from datalchemy.generate.layout import ParentPicker, mixed_radix, ordered_pair
from datalchemy.generate.qualify import QualifiedGenerator
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, Params
from datalchemy.generators.registry import get_generator, get_transform

__all__ = ["MAX_ATTEMPTS", "BlockResult", "PlanModel", "TableModel"]

I64 = npt.NDArray[np.int64]

#: Retry rounds for rows that fail a CHECK before the run fails naming the check.
MAX_ATTEMPTS = 32
#: Fraction of a nullable self-referencing FK's rows that are roots (NULL parent).
SELF_REFERENCE_ROOTS = 0.1


@dataclass
class BlockResult:
    """One computed block: emitted columns in table order, fix-ups, retry counts."""

    columns: dict[str, pa.Array]
    fixups: dict[str, dict[str, pa.Array]] = field(default_factory=dict)
    retried: dict[int, int] = field(default_factory=dict)  # check index -> rows retried
    rows: int = 0
    #: Checks the verifier could not run (index -> reason); the database still enforces them.
    unverified: dict[int, str] = field(default_factory=dict)


@dataclass
class _Gen:
    column: ResolvedColumn
    generator: Generator[Any]
    params: Params
    facts: ColumnFacts


class PlanModel:
    """All tables of a resolved plan (table models are built on first use)."""

    def __init__(
        self, resolved: ResolvedPlan, schema: DatabaseSchema, *, verify_with: str | None = None
    ) -> None:
        self.resolved = resolved
        self.schema = schema
        #: A database that evaluates the CHECKs DuckDB cannot (``generate --verify-with``).
        self.verify_with = verify_with
        self._tables: dict[str, TableModel] = {}

    def release(self) -> None:
        """Close every table's DuckDB connection before the process forks workers."""
        for model in self._tables.values():
            model.release()

    def table(self, qualified: str) -> TableModel:
        model = self._tables.get(qualified)
        if model is None:
            rt = self.resolved.table(qualified)
            table = self.schema.find_table(rt.schema_name, rt.table)
            if table is None:
                raise GenerationError(
                    "unknown_table",
                    f"{qualified} is in the resolved plan but not in the schema",
                    path=qualified,
                    hint="resolve the plan again against this schema.json",
                )
            model = TableModel(self, rt, table)
            self._tables[qualified] = model
        return model


class TableModel:
    """How to compute any rows of one resolved table."""

    def __init__(self, plan: PlanModel, resolved: ResolvedTable, table: Table) -> None:
        self.plan = plan
        self.rt = resolved
        self.table = table
        self.name = resolved.qualified_name
        self.rows = resolved.rows
        self.seed = plan.resolved.seed
        self.columns: dict[str, ResolvedColumn] = {c.name: c for c in resolved.columns}
        self.schema_columns: dict[str, Column] = {c.name: c for c in table.columns}
        self.emitted = [c.name for c in resolved.columns if c.action != "omit"]
        self.fks: dict[str, ResolvedForeignKey] = {fk.key: fk for fk in resolved.foreign_keys}
        self.gens: dict[str, _Gen] = {}
        for col in resolved.columns:
            if col.action == "generate":
                self.gens[col.name] = self._load_generator(col)
        #: Rows whose unique value is replaced (decided before the run, see :mod:`.avoid`).
        self.fixes = {
            c.name: RowFixes(c.fixes, self.schema_columns[c.name])
            for c in resolved.columns
            if c.fixes
        }
        #: Parent keys held in the target (``foreign_key_strategy: existing``).
        self.held_parents = {
            fk.key: HeldParents(fk) for fk in resolved.foreign_keys if fk.existing_keys is not None
        }
        self._pickers: dict[str, ParentPicker] = {}
        self._perms: dict[str, FeistelPermutation] = {}
        self._apart = fk_partners(resolved)  # FKs a CHECK keeps apart (a <> b)
        self._plan_keys()
        self._order = self._generation_order()
        self._checks = [
            CheckAnalysis(c.name, c.expression, c.columns, c.strategy, c.verify_sql, c.note)
            for c in resolved.checks
        ]
        self._verifier: Any = None
        self._db_verifier: Any = None

    # ------------------------------------------------------------------ set-up

    def _facts(self, name: str) -> ColumnFacts:
        col = self.schema_columns[name]
        labels = None
        if col.enum:
            enum = self.plan.schema.enum(col.enum)
            labels = enum.labels if enum else None
        return ColumnFacts.from_column(col, labels)

    def _load_generator(self, col: ResolvedColumn) -> _Gen:
        if col.generator is None:
            raise GenerationError(
                "missing_generator",
                f"{self.name}.{col.name} is to be generated but names no generator",
                path=f"{self.name}.{col.name}",
            )
        gen = get_generator(col.generator)
        if col.disambiguate:  # repeated values numbered: see datalchemy.generate.qualify
            gen = QualifiedGenerator.wrap(gen, self.rows)
        return _Gen(col, gen, gen.parse_params(col.params), self._facts(col.name))

    def _ctx(self, name: str, attempt: int = 0, **kw: Any) -> GenContext:
        g = self.gens.get(name)
        return GenContext(
            seed=self.seed,
            table=self.name,
            column=name,
            locale=(g.column.locale if g else "en_US"),
            base_date=self.plan.resolved.base_date,
            facts=g.facts if g else self._facts(name),
            attempt=attempt,
            **kw,
        )

    def _plan_keys(self) -> None:
        """Decide how unique keys are built (:func:`~datalchemy.constraints.keys.plan_keys`, the
        same layout plan validation checked): unique columns, one-to-one FKs, composites."""
        layout = plan_keys(self.rt, parent_rows=self._parent_rows, space=self._space_or_none)
        if layout.problems:
            p = layout.problems[0]
            where = f"{self.name}.{p.column}" if p.column else self.name
            raise GenerationError(p.code, p.message, path=where, hint=p.hint)
        for name in layout.promoted:  # a column several keys share, made unique on its own
            col = self.columns[name].model_copy(update={"unique": True})
            self.columns[name] = col
            g = self.gens[name]
            self.gens[name] = _Gen(col, g.generator, g.params, g.facts)
        for key in layout.one_to_one:
            self.fks[key] = self.fks[key].model_copy(update={"one_to_one": True})
        self.grouped_fks = layout.grouped
        self.dependent_fks = layout.placed  # FKs placed by a composite key's digits
        self.composites: list[Composite] = layout.composites
        self.composite_columns = layout.composite_columns
        fk_cols = {c for fk in self.rt.foreign_keys for c in fk.columns}
        uniques = {c.name for c in self.columns.values() if c.unique}
        consts = {c.name for c in self.rt.columns if c.action in ("constant", "omit")}
        #: Columns never regenerated by retries: keys, FK columns, constants.
        self.stable_columns = fk_cols | uniques | self.composite_columns | consts

    def _generation_order(self) -> list[str]:
        """Generated columns with each derive after the columns it reads."""
        pending = [c for c in self.gens if c not in self.composite_columns]
        order: list[str] = []
        placed = set(self.columns) - set(pending)
        while pending:
            progressed = False
            for name in list(pending):
                if all(i in placed or i not in self.columns for i in self.gens[name].column.inputs):
                    order.append(name)
                    placed.add(name)
                    pending.remove(name)
                    progressed = True
            if not progressed:
                raise GenerationError(
                    "derive_cycle",
                    f"derived columns of {self.name} read each other in a cycle: {pending}",
                    path=self.name,
                    hint="break the cycle: one of these columns must not be derived",
                )
        return order

    def picker(self, fk: ResolvedForeignKey) -> ParentPicker:
        picker = self._pickers.get(fk.key)
        if picker is None:
            picker = ParentPicker(
                key=derive_key(self.seed, self.name, "fk", fk.key),
                parent_rows=self._parent_rows(fk),
                child_rows=self.rows,
                cardinality=fk.cardinality,
                grouped=fk.key in self.grouped_fks,
                one_to_one=fk.one_to_one,
            )
            self._pickers[fk.key] = picker
        return picker

    def _perm(self, name: str, space: int) -> FeistelPermutation:
        perm = self._perms.get(name)
        if perm is None:
            perm = FeistelPermutation(space, derive_key(self.seed, self.name, "unique", name))
            self._perms[name] = perm
        return perm

    # ------------------------------------------------------------------ computing

    def compute(self, rows: I64, want: set[str] | None = None) -> BlockResult:
        """Every emitted column (or only ``want``, when those are all stable) for ``rows``."""
        rows = np.asarray(rows, dtype=np.int64)
        values: dict[str, pa.Array] = {}
        fixups: dict[str, dict[str, pa.Array]] = {}
        parents: dict[str, I64] = {}
        ranks: dict[str, I64] = {}
        only_stable = want is not None and want <= self.stable_columns
        needed = self._closure(want) if only_stable and want is not None else None
        for fk in self.rt.foreign_keys:
            if fk.key in self.dependent_fks:
                continue  # placed with its composite key below
            if needed is not None and not set(fk.columns) & needed:
                continue  # only keys were asked for: no need to follow (cycles stop here)
            self._fill_fk(fk, rows, values, parents, ranks, fixups)
        for comp in self.composites:
            if needed is not None and not set(comp.key.columns) & needed:
                continue
            self._fill_composite(comp, rows, values, parents, ranks, fixups)
        for col in self.rt.columns:
            if col.action == "constant" and (not only_stable or want is None or col.name in want):
                arr = pa.array([col.value] * len(rows))
                values[col.name] = self._cast(col.name, arr)
        for name in self._order:
            g = self.gens[name]
            if only_stable and want is not None and name not in want:
                continue
            values[name] = self._generate(name, g, rows, values, parents, attempt=0)
        retried: dict[int, int] = {}
        if not only_stable and self._checks and len(rows):
            retried = self._verify_and_retry(rows, values, parents)
        emitted = {n: values[n] for n in self.emitted if n in values}
        for key, cols in fixups.items():
            for c in cols:
                emitted[c] = pa.nulls(len(rows), values[c].type)  # written by the fix-up file
            fixups[key] = {**{k: values[k] for k in self._row_key()}, **cols}
        unverified = dict(getattr(self._verifier, "unsupported", {}) or {})
        return BlockResult(emitted, fixups, retried, rows=len(rows), unverified=unverified)

    def release(self) -> None:
        """Close this table's DuckDB connection (a forked worker opens its own)."""
        if self._verifier is not None:
            self._verifier.close()
            self._verifier = None
        if self._db_verifier is not None:
            self._db_verifier.close()
            self._db_verifier = None

    def _closure(self, want: set[str]) -> set[str]:
        """Stable columns needed to compute ``want``: a composite key's columns come together."""
        needed = set(want)
        for kept, other in self._apart.items():  # kept apart: computed from its partner
            if set(self.fks[kept].columns) & needed:
                needed |= set(self.fks[other].columns)
        for comp in self.composites:
            if set(comp.key.columns) & needed:
                needed |= set(comp.key.columns)
                for key in [comp.lead, *comp.others]:
                    if key is not None:
                        needed |= set(self.fks[key].columns)
        return needed

    def _row_key(self) -> list[str]:
        """Columns that identify a row (for fix-up files)."""
        pk = self.table.primary_key
        if pk:
            return list(pk.columns)
        for u in self.table.uniques:
            if u.columns and all(not self.schema_columns[c].nullable for c in u.columns):
                return list(u.columns)
        return [c for c in self.emitted]

    def _cast(self, name: str, arr: pa.Array) -> pa.Array:
        return to_column_type(arr, self.schema_columns[name], f"{self.name}.{name}")

    def _fill_fk(
        self,
        fk: ResolvedForeignKey,
        rows: I64,
        values: dict[str, pa.Array],
        parents: dict[str, I64],
        ranks: dict[str, I64],
        fixups: dict[str, dict[str, pa.Array]],
    ) -> None:
        stream = Stream(derive_key(self.seed, self.name, "fk-null", fk.key))
        if fk.self_reference:
            # A row points to an earlier row: the references form a forest (no cycles).
            pick = Stream(derive_key(self.seed, self.name, "self", fk.key))
            parent = (pick.uniform(rows) * rows).astype(np.int64)
            root = rows == 0
            if fk.nullable:
                root |= stream.bernoulli(rows, max(fk.null_rate, SELF_REFERENCE_ROOTS))
                parent = np.where(root, -1, parent)
            else:
                parent = np.where(root, rows, parent)  # the first row references itself
            rank = np.full(len(rows), -1, dtype=np.int64)
        else:
            parent, rank = self.picker(fk).pick(rows)
            if fk.nullable and fk.null_rate > 0:
                parent = np.where(stream.bernoulli(rows, fk.null_rate), -1, parent)
            partner = self._apart.get(fk.key)
            if partner in parents and not (fk.one_to_one or fk.key in self.grouped_fks):
                parent = shift_apart(parent, parents[partner], parents=self._parent_rows(fk))
        self._assign_fk(fk, parent, rank, values, parents, ranks, fixups)

    def _assign_fk(
        self,
        fk: ResolvedForeignKey,
        parent: I64,
        rank: I64,
        values: dict[str, pa.Array],
        parents: dict[str, I64],
        ranks: dict[str, I64],
        fixups: dict[str, dict[str, pa.Array]],
    ) -> None:
        """Record the parent rows picked for ``fk`` and copy the parents' key values."""
        parents[fk.key] = parent
        ranks[fk.key] = rank
        if fk.key in self.held_parents:  # parent rows already in the target
            keys = self.held_parents[fk.key].values(parent)
        else:
            model = self if fk.self_reference else self.plan.table(fk.parent)
            keys = model.key_values(fk.parent_columns, parent)
        cols: dict[str, pa.Array] = {}
        for child_col, parent_col in zip(fk.columns, fk.parent_columns, strict=True):
            cols[child_col] = self._cast(child_col, keys[parent_col])
        values.update(cols)
        # A nullable FK that closes a cycle is written NULL and set by a fix-up file; a
        # deferrable NOT NULL one keeps its values (the loader defers the constraint).
        if fk.deferred and fk.nullable:
            fixups[fk.key] = cols

    def key_values(self, columns: list[str], rows: I64) -> dict[str, pa.Array]:
        """Values of key ``columns`` for ``rows`` (NULL where the row index is -1)."""
        valid = rows >= 0
        safe = np.where(valid, rows, 0)
        block = self.compute(safe, want=set(columns))
        out = {}
        for c in columns:
            arr = block.columns.get(c)
            if arr is None:
                raise GenerationError(
                    "fk_target_not_generated",
                    f"{self.name}.{c} is referenced by a foreign key but is not written",
                    path=f"{self.name}.{c}",
                    hint="a foreign key must reference a column the plan generates",
                )
            out[c] = (
                arr
                if valid.all()
                else pc.if_else(pa.array(valid), arr, pa.nulls(len(arr), arr.type))
            )
        return out

    def _fill_composite(
        self,
        comp: Composite,
        rows: I64,
        values: dict[str, pa.Array],
        parents: dict[str, I64],
        ranks: dict[str, I64],
        fixups: dict[str, dict[str, pa.Array]],
    ) -> None:
        """Make ``comp``'s key distinct: siblings under the lead FK's parent (or all rows,
        without one) take distinct points of the space spanned by the other FKs' parents and
        the generated columns' value spaces."""
        others = [self.fks[k] for k in comp.others]
        if comp.ordered:  # two FKs a CHECK orders: distinct pairs of parent rows i < j
            self._fill_ordered_pair(comp, others, rows, values, parents, ranks, fixups)
            return
        spaces = [min(s, MAX_SPACE) for s in comp.spaces]
        # An FK kept apart from one placed before it takes one parent fewer (skip_partner).
        apart = {
            i: self._apart[k]
            for i, k in enumerate(comp.others)
            if self._apart.get(k) in {*parents, *comp.others[:i]} and spaces[i] > 1
        }
        for i in apart:
            spaces[i] -= 1
        total = Composite(comp.key, comp.lead, comp.others, comp.columns, spaces).capacity
        label = comp.label
        if comp.lead is not None:
            local = ranks.get(comp.lead)
            if local is None or (local < 0).any():
                raise GenerationError(
                    "composite_key_layout",
                    f"unique key {label} of {self.name} needs grouped parents for {comp.lead}",
                    path=self.name,
                    hint="this is a bug in datalchemy's key layout; please report it",
                )
            need = self.picker(self.fks[comp.lead]).max_children
            if need > total:
                raise GenerationError(
                    "unique_capacity",
                    f"unique key {label} of {self.name}: a parent gets up to {need} children "
                    f"but the rest of the key has only {total} distinct values",
                    path=self.name,
                    hint="add rows to the other parent tables, widen the generators' params, "
                    "or spread children over more parents",
                )
            # A keyed offset per parent spreads values across parents; siblings stay distinct.
            offset = Stream(derive_key(self.seed, self.name, "offset", label)).integers(
                parents[comp.lead], 0, total - 1
            )
            index = ((local.astype(object) + offset.astype(object)) % total).astype(np.uint64)
        else:
            if self.rows > total:
                raise GenerationError(
                    "unique_capacity",
                    f"unique key {label} of {self.name}: {self.rows} rows but only {total} "
                    "distinct combinations",
                    path=self.name,
                    hint="lower the rows or widen the columns' generators",
                )
            index = self._perm(f"composite:{label}", total).apply(rows)
        digits = mixed_radix(index, spaces)
        for i, (fk, d) in enumerate(zip(others, digits, strict=False)):
            rank = np.full(len(rows), -1, dtype=np.int64)
            parent = d.astype(np.int64)
            if i in apart:
                parent = skip_partner(parent, parents[apart[i]])
            self._assign_fk(fk, parent, rank, values, parents, ranks, fixups)
        for c, d in zip(comp.columns, digits[len(others) :], strict=True):
            g = self.gens.get(c)
            if g is None:  # a constant: its one value is written with the constants
                continue
            inputs = {i: values[i] for i in g.column.inputs if i in values}  # (row rules)
            arr = g.generator.from_index(self._ctx(c, inputs=inputs), g.params, d)
            values[c] = self._finish(c, g, arr, rows, attempt=0)

    def _fill_ordered_pair(
        self,
        comp: Composite,
        others: list[ResolvedForeignKey],
        rows: I64,
        values: dict[str, pa.Array],
        parents: dict[str, I64],
        ranks: dict[str, I64],
        fixups: dict[str, dict[str, pa.Array]],
    ) -> None:
        """``(tag1, tag2)`` with ``tag1 < tag2``: every row takes a distinct pair of parent rows
        ``i < j`` and gives the smaller of the two keys to ``tag1`` (distinct parent keys make
        distinct unordered pairs, so the key stays unique)."""
        total = comp.capacity
        if self.rows > total:
            raise GenerationError(
                "unique_capacity",
                f"unique key {comp.label} of {self.name}: {self.rows} rows but only {total} "
                "ordered pairs of parent rows",
                path=self.name,
                hint=f"give {others[0].parent} more rows or lower the rows",
            )
        index = self._perm(f"composite:{comp.label}", total).apply(rows)
        small, large = ordered_pair(index, self._parent_rows(others[0]))
        none = np.full(len(rows), -1, dtype=np.int64)
        model = self.plan.table(others[0].parent)
        key = others[0].parent_columns[0]
        first = model.key_values([key], small)[key]
        second = model.key_values([key], large)[key]
        swap = np.asarray(pc.greater(first, second).to_numpy(zero_copy_only=False), dtype=bool)
        small, large = np.where(swap, large, small), np.where(swap, small, large)
        self._assign_fk(others[0], small, none, values, parents, ranks, fixups)
        self._assign_fk(others[1], large, none, values, parents, ranks, fixups)

    def _parent_rows(self, fk: ResolvedForeignKey) -> int:
        if fk.existing_keys is not None:
            return len(fk.existing_keys)
        return self.rows if fk.self_reference else self.plan.table(fk.parent).rows

    def _space_or_none(self, name: str) -> int | None:
        """Distinct values ``name`` can take: its generator's space, 1 for a constant."""
        col = self.columns.get(name)
        if col is not None and col.action == "constant":
            return 1
        g = self.gens.get(name)
        if g is None:
            return None
        space = g.generator.value_space(self._ctx(name), g.params)
        return int(space) if space is not None else None

    def _space(self, name: str) -> int:
        g = self.gens.get(name)
        space = g.generator.value_space(self._ctx(name), g.params) if g else None
        if space is None:
            raise GenerationError(
                "unique_not_constructible",
                f"{self.name}.{name} must be unique but its generator has no value space",
                path=f"{self.name}.{name}",
                hint="choose a generator that can enumerate distinct values (see "
                "`datalchemy generators show ID`)",
            )
        return int(space)

    def _generate(
        self,
        name: str,
        g: _Gen,
        rows: I64,
        values: dict[str, pa.Array],
        parents: dict[str, I64],
        attempt: int,
        subset: npt.NDArray[np.bool_] | None = None,
    ) -> pa.Array:
        inputs = {i: values[i] for i in g.column.inputs if i in values}
        if subset is not None:
            mask = pa.array(subset)
            inputs = {k: v.filter(mask) for k, v in inputs.items()}
        ctx = self._ctx(
            name,
            attempt,
            inputs=inputs,
            parent=self._parent_lookup(rows, parents, subset),
        )
        if g.column.unique and not _distinct_by_row(g):
            space = min(self._space(name), MAX_SPACE)
            if self.rows > space:
                raise GenerationError(
                    "unique_capacity",
                    f"{self.name}.{name} needs {self.rows} distinct values but its generator "
                    f"{g.column.generator} has {space}",
                    path=f"{self.name}.{name}",
                    hint="lower the rows or widen the generator's params",
                )
            arr = g.generator.from_index(ctx, g.params, self._perm(name, space).apply(rows))
        else:
            arr = g.generator.generate(ctx, g.params, rows)
        out = self._finish(name, g, arr, rows, attempt)
        fixes = self.fixes.get(name)
        if fixes is not None and subset is None:
            out = fixes.apply(out, rows, lambda extra: self.spare_values(name, extra))
        return out

    def spare_values(self, name: str, extra: I64) -> pa.Array:
        """Values of unique column ``name`` at key indices ``rows + extra``, past the table's
        rows: values no row takes, for rows whose own value must change (:mod:`.avoid`)."""
        g = self.gens[name]
        space = min(self._space(name), MAX_SPACE)
        index = np.asarray(extra, dtype=np.int64) + self.rows
        if len(index) and int(index.max()) >= space:
            raise GenerationError(
                "unique_capacity",
                f"{self.name}.{name} has {space} distinct values; none is spare",
                path=f"{self.name}.{name}",
            )
        arr = g.generator.from_index(
            self._ctx(name), g.params, self._perm(name, space).apply(index)
        )
        return self._finish(name, g, arr, index, attempt=0)

    def _finish(self, name: str, g: _Gen, arr: pa.Array, rows: I64, attempt: int) -> pa.Array:
        """Transforms, null rate and cast, in that order."""
        ctx = self._ctx(name, attempt)
        for ref in g.column.transforms:
            t = get_transform(ref.transform)
            arr = t.apply(ctx, t.parse_params(ref.params), arr, rows)
        if g.column.null_rate > 0:
            nulls = Stream(derive_key(self.seed, self.name, "null", name, attempt)).bernoulli(
                rows, g.column.null_rate
            )
            arr = pc.if_else(pa.array(nulls), pa.nulls(len(arr), arr.type), arr)
        return self._cast(name, arr)

    def _parent_lookup(
        self, rows: I64, parents: dict[str, I64], subset: npt.NDArray[np.bool_] | None
    ) -> Callable[[str, str], pa.Array]:
        def lookup(local_fk_column: str, parent_column: str) -> pa.Array:
            fk = next((f for f in self.rt.foreign_keys if local_fk_column in f.columns), None)
            if fk is None or fk.key not in parents:
                raise GenerationError(
                    "parent_lookup_failed",
                    f"{self.name}.{local_fk_column} is not a foreign key column of this table",
                    path=f"{self.name}.{local_fk_column}",
                )
            picked = parents[fk.key] if subset is None else parents[fk.key][subset]
            model = self if fk.self_reference else self.plan.table(fk.parent)
            valid = picked >= 0
            block = model.compute(np.where(valid, picked, 0))
            arr = block.columns[parent_column]
            return pc.if_else(pa.array(valid), arr, pa.nulls(len(arr), arr.type))

        return lookup

    def _verify_and_retry(
        self, rows: I64, values: dict[str, pa.Array], parents: dict[str, I64]
    ) -> dict[int, int]:
        from datalchemy.constraints.verify import CheckVerifier

        if self._verifier is None:
            self._verifier = CheckVerifier(self._checks)
        retryable = [n for n in self._order if n not in self.stable_columns]
        retried: dict[int, int] = {}
        active = np.arange(len(rows))
        for attempt in range(1, MAX_ATTEMPTS + 1):
            batch = pa.table({n: values[n].take(pa.array(active)) for n in values})
            failing = self._failing(batch)
            bad = np.zeros(len(active), dtype=bool)
            for idx, mask in failing.items():
                if mask.any():
                    retried[idx] = retried.get(idx, 0) + int(mask.sum())
                    bad |= mask
            if not bad.any():
                return retried
            active = active[bad]
            if not retryable:
                self._unsatisfied(failing, active, rows)
            subset = np.zeros(len(rows), dtype=bool)
            subset[active] = True
            sub_rows = rows[subset]
            for name in retryable:
                fresh = self._generate(
                    name, self.gens[name], sub_rows, values, parents, attempt, subset=subset
                )
                values[name] = _replace(values[name], subset, fresh)
        batch = pa.table({n: values[n].take(pa.array(active)) for n in values})
        failing = self._failing(batch)
        if self._null_optional_parents(failing, active, values):
            batch = pa.table({n: values[n].take(pa.array(active)) for n in values})
            failing = self._failing(batch)
            if not any(m.any() for m in failing.values()):
                return retried
        self._unsatisfied(failing, active, rows)
        return retried

    def _null_optional_parents(
        self, failing: dict[int, npt.NDArray[np.bool_]], active: npt.NDArray[Any],
        values: dict[str, pa.Array],
    ) -> bool:  # fmt: skip
        """Last resort for rows a CHECK still rejects: one nullable FK it reads, outside every
        unique key, is set NULL in those rows (NULL always satisfies an FK; MusicBrainz's
        ``gender IS NULL`` for group artists). The FK the CHECK names least goes first, so the
        one it says most about keeps its values. Row-local: still a function of the row."""
        keyed = {c for u in self.rt.uniques for c in u.columns} | {
            c.name for c in self.columns.values() if c.unique
        }
        changed = False
        for idx, mask in failing.items():
            if not mask.any():
                continue
            check = self._checks[idx]
            reads = set(check.columns)
            text = check.expression
            candidates = [
                fk
                for fk in self.rt.foreign_keys
                if fk.nullable
                and not fk.self_reference
                and set(fk.columns) <= reads
                and not set(fk.columns) & keyed
            ]
            candidates.sort(key=lambda fk: sum(_mentions(text, c) for c in fk.columns))
            rows_left = active[mask]
            for fk in candidates:
                if not len(rows_left):
                    break
                where = np.zeros(len(next(iter(values.values()))), dtype=bool)
                where[rows_left] = True
                for c in fk.columns:
                    values[c] = pc.if_else(
                        pa.array(where), pa.nulls(len(where), values[c].type), values[c]
                    )
                changed = True
                batch = pa.table({n: values[n].take(pa.array(rows_left)) for n in values})
                rows_left = rows_left[self._failing(batch).get(idx, np.zeros(0, bool))]
        return changed

    def _failing(self, batch: pa.Table) -> dict[int, npt.NDArray[np.bool_]]:
        """Masks of DuckDB's verdicts, and the database's for the CHECKs DuckDB cannot
        evaluate when ``--verify-with`` gave one."""
        failing: dict[int, npt.NDArray[np.bool_]] = self._verifier.failing(batch)
        if self.plan.verify_with and self._verifier.unsupported:
            indices = sorted(self._verifier.unsupported)  # grows when a CHECK fails at run time
            if self._db_verifier is not None and self._db_verifier.indices != indices:
                self._db_verifier.close()
                self._db_verifier = None
            if self._db_verifier is None:
                from datalchemy.generate.verify_with import DatabaseVerifier

                self._db_verifier = DatabaseVerifier(
                    self.plan.verify_with,
                    self.rt.schema_name,
                    self._checks,
                    indices,
                    self.schema_columns,
                )
            failing.update(self._db_verifier.failing(batch))
        return failing

    def _unsatisfied(
        self, failing: dict[int, npt.NDArray[np.bool_]], active: npt.NDArray[Any], rows: I64
    ) -> None:
        idx = next(i for i, m in failing.items() if m.any())
        check = self._checks[idx]
        first_row = int(rows[active[0]]) if len(active) else -1
        raise GenerationError(
            "check_unsatisfiable",
            f"CHECK {check.name or check.expression} of {self.name} still fails for "
            f"{int(failing[idx].sum())} rows (first: row {first_row}) after {MAX_ATTEMPTS} "
            "retries",
            path=f"{self.name}.{check.name}" if check.name else self.name,
            hint="give the columns it reads generators whose values satisfy it "
            f"({check.expression})",
        )


def _mentions(expression: str, column: str) -> int:
    """How often ``expression`` names ``column`` (as a whole word, any case)."""
    return len(re.findall(rf"(?<![\w$]){re.escape(column)}(?![\w$])", expression, re.IGNORECASE))


def _distinct_by_row(g: _Gen) -> bool:
    """Generators whose values are already distinct per row index (sequences, unique derives):
    they keep row order instead of going through a permutation."""
    if g.generator.id == "primitive.int.sequence_hint":
        return True
    distinct = getattr(g.generator, "distinct_per_row", None)
    return bool(distinct(g.params)) if callable(distinct) else False


def _replace(old: pa.Array, subset: npt.NDArray[np.bool_], fresh: pa.Array) -> pa.Array:
    """``old`` with the positions in ``subset`` replaced, in order, by ``fresh``."""
    positions = np.flatnonzero(subset)
    index = np.arange(len(old), dtype=np.int64)
    index[positions] = len(old) + np.arange(len(positions))
    combined = pa.concat_arrays([old, fresh.cast(old.type)])
    return combined.take(pa.array(index))
