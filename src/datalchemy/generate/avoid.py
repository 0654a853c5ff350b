"""Unique values that stay unique: past the rows a target already holds, and after transforms.

:func:`prepare_run` runs before any block is written and returns the resolved plan every worker
then runs, so the bytes never depend on the worker count:

1. with what the target holds (:class:`~.existing.ExistingData`): numbered keys
   (``primitive.int.sequence_hint``) start past the largest key held, and the foreign keys of
   ``foreign_key_strategy: existing`` tables pick among the parent keys held;
2. every unique column that has values held in the target, or whose rule says ``disambiguate``
   and has transforms (a mask can turn distinct values into equal ones), is computed once, block
   by block; a row whose value is held already, or was taken by an earlier row, gets a
   :class:`~datalchemy.contracts.resolved.ValueFix`: a qualifier for text (``Site`` becomes
   ``Site 2``, the first number free among the generated and held values, see
   :func:`~.qualify.qualify`), else the generator's value at a spare key index (past the table's
   rows, so no row has it).

:class:`RowFixes` applies the fixes while blocks are computed (:mod:`.model`). A fixed row's value
depends on the other rows' values and on the target's: that is the price of a unique column that
must miss values it cannot know by construction; it is still the same for every run and every
worker count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.contracts.report import ExistingReport
from datalchemy.contracts.resolved import (
    ResolvedColumn,
    ResolvedForeignKey,
    ResolvedPlan,
    ResolvedTable,
    ValueFix,
)
from datalchemy.contracts.schema import Column, DatabaseSchema, Table, TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generate.existing import COMPARED, ExistingData, ValueSet, arrow_text
from datalchemy.generate.qualify import qualify

__all__ = ["HeldParents", "RowFixes", "prepare_run"]

I64 = npt.NDArray[np.int64]
#: Rows computed at a time by the pass.
_BLOCK = 65_536
_TEXT = frozenset({TypeFamily.TEXT, TypeFamily.UNKNOWN})


class RowFixes:
    """The fixes of one column, looked up by row index (vectorized)."""

    def __init__(self, fixes: list[ValueFix], column: Column) -> None:
        ordered = sorted(fixes, key=lambda f: f.row)
        self.rows = np.array([f.row for f in ordered], dtype=np.int64)
        self.qualifier = np.array([f.qualifier or 0 for f in ordered], dtype=np.int64)
        self.spill = np.array([-1 if f.spill is None else f.spill for f in ordered], np.int64)
        self.limit = column.length if column.family in _TEXT else None

    def apply(self, values: pa.Array, rows: I64, spare: Callable[[I64], pa.Array]) -> pa.Array:
        """``values`` (for ``rows``) with the fixed rows replaced; ``spare(extra)`` gives the
        values at spare key indices ``rows + extra``."""
        if not len(self.rows) or not len(rows):
            return values
        pos = np.searchsorted(self.rows, rows)
        inside = pos < len(self.rows)
        hit = np.zeros(len(rows), dtype=bool)
        hit[inside] = self.rows[pos[inside]] == rows[inside]
        if not hit.any():
            return values
        where = np.flatnonzero(hit)
        which = pos[where]
        fresh: list[Any] = [None] * len(where)
        spilled = self.spill[which] >= 0
        if spilled.any():
            extra = spare(self.spill[which][spilled]).to_pylist()
            for k, v in zip(np.flatnonzero(spilled), extra, strict=True):
                fresh[k] = v
        current = values.take(pa.array(where)).to_pylist()
        for k in np.flatnonzero(~spilled):
            fresh[k] = qualify(str(current[k]), int(self.qualifier[which[k]]), limit=self.limit)
        index = np.arange(len(values), dtype=np.int64)
        index[where] = len(values) + np.arange(len(where))
        combined = pa.concat_arrays([values, pa.array(fresh, values.type)])
        return combined.take(pa.array(index))


class HeldParents:
    """The parent keys a ``foreign_key_strategy: existing`` FK picks from, as Arrow columns."""

    def __init__(self, fk: ResolvedForeignKey) -> None:
        keys = fk.existing_keys or []
        self.columns = {
            column: pa.array([key[k] for key in keys]) for k, column in enumerate(fk.parent_columns)
        }

    def values(self, parents: I64) -> dict[str, pa.Array]:
        """Key values of the parent rows ``parents`` picked (-1: NULL)."""
        missing = pa.array(parents < 0)
        safe = pa.array(np.where(parents >= 0, parents, 0))
        out = {}
        for column, held in self.columns.items():
            picked = held.take(safe) if len(held) else pa.nulls(len(parents), held.type)
            out[column] = pc.if_else(missing, pa.nulls(len(picked), picked.type), picked)
        return out


# -------------------------------------------------------------------- before the run


def prepare_run(
    resolved: ResolvedPlan, schema: DatabaseSchema, existing: ExistingData | None
) -> tuple[ResolvedPlan, ExistingReport | None]:
    """``resolved`` with every fix decided (see the module docstring), and what was read.

    Returns ``resolved`` itself when nothing needs a fix.

    Raises:
        GenerationError: ``existing_parents_missing`` (a NOT NULL foreign key with strategy
            existing whose parent holds no row), ``unique_capacity`` (no spare value left).
    """
    report = existing.report() if existing is not None else None
    tables = [_with_holdings(rt, schema, existing) for rt in resolved.tables]
    plan = resolved.model_copy(update={"tables": tables})
    guarded = {
        rt.qualified_name: [c for c in rt.columns if _guarded(rt, c, existing)] for rt in tables
    }
    if not any(guarded.values()):
        return (plan if tables != resolved.tables else resolved), report
    from datalchemy.generate.model import PlanModel

    model = PlanModel(plan, schema)
    fixed: list[ResolvedTable] = []
    counts: dict[str, dict[str, int]] = {}
    for rt in tables:
        table = schema.find_table(rt.schema_name, rt.table)
        columns = {c.name: c for c in rt.columns}
        for c in guarded[rt.qualified_name]:
            assert table is not None
            held = existing.tables.get(rt.qualified_name) if existing is not None else None
            values = held.values.get(c.name) if held is not None else None
            fixes = _column_fixes(model, rt, table.column(c.name), values)
            if fixes:
                columns[c.name] = c.model_copy(update={"fixes": fixes})
                counts.setdefault(rt.qualified_name, {})[c.name] = len(fixes)
        fixed.append(rt.model_copy(update={"columns": [columns[c.name] for c in rt.columns]}))
    model.release()
    if report is not None:
        for t in report.tables:
            t.rows_changed = dict(sorted(counts.get(t.table, {}).items()))
    return plan.model_copy(update={"tables": fixed}), report


def _guarded(rt: ResolvedTable, c: ResolvedColumn, existing: ExistingData | None) -> bool:
    if not c.unique or c.action != "generate" or c.generator == "primitive.int.sequence_hint":
        return False
    if c.family not in COMPARED:
        return False
    if c.disambiguate and c.transforms:
        return True
    held = existing.tables.get(rt.qualified_name) if existing is not None else None
    return held is not None and c.name in held.values and len(held.values[c.name]) > 0


def _with_holdings(
    rt: ResolvedTable, schema: DatabaseSchema, existing: ExistingData | None
) -> ResolvedTable:
    """Sequences past the keys held; existing-strategy FKs filled from the parents held."""
    held = existing.tables.get(rt.qualified_name) if existing is not None else None
    if rt.existing_parents and held is None:
        raise GenerationError(
            "existing_needs_target",
            f"{rt.qualified_name} takes foreign keys from rows already in the target "
            "(foreign_key_strategy existing), but no target was read",
            path=rt.qualified_name,
            hint="generate with --existing URL (the database the data will be loaded into)",
        )
    if held is None:
        return rt
    columns = []
    for c in rt.columns:
        top = held.key_maxima.get(c.name)
        start = int(c.params.get("start", 1))
        step = int(c.params.get("step", 1))
        if top is not None and step > 0 and start <= top:
            params = {**c.params, "start": top + step}
            why = f"{c.explanation}; starts at {top + step}, past the {held.rows} rows held"
            c = c.model_copy(update={"params": params, "explanation": why})
        columns.append(c)
    fks = list(rt.foreign_keys)
    table = schema.find_table(rt.schema_name, rt.table)
    for key in rt.existing_parents or []:
        assert table is not None
        fks.append(_existing_fk(rt, table, key, held.parent_keys.get(key, [])))
    by_fk = {col: fk.key for fk in fks if fk.existing_keys is not None for col in fk.columns}
    columns = [
        c.model_copy(
            update={
                "action": "foreign_key",
                "foreign_key": by_fk[c.name],
                "generator": None,
                "params": {},
                "transforms": [],
                "reason": "foreign_key",
                "explanation": "from a row already in the target (foreign_key_strategy existing)",
            }
        )
        if c.name in by_fk
        else c
        for c in columns
    ]
    return rt.model_copy(update={"columns": columns, "foreign_keys": fks})


def _existing_fk(rt: ResolvedTable, table: Table, key: str, keys: list[list[Any]]) -> Any:
    fk = next(f for f in table.foreign_keys if (f.name or "fk_" + "_".join(f.columns)) == key)
    nullable = all(table.column(c).nullable for c in fk.columns)
    if not keys and not nullable:
        raise GenerationError(
            "existing_parents_missing",
            f"{rt.qualified_name} takes {key} from rows already in {fk.referenced} "
            "(foreign_key_strategy existing), but that table holds none",
            path=f"{rt.qualified_name}.{key}",
            hint="load parent rows first, or use foreign_key_strategy respect",
        )
    return ResolvedForeignKey(
        key=key,
        columns=list(fk.columns),
        parent_schema=fk.referenced_schema,
        parent_table=fk.referenced_table,
        parent_columns=list(fk.referenced_columns),
        nullable=nullable,
        null_rate=1.0 if not keys else 0.0,
        existing_keys=keys,
    )


def _column_fixes(
    model: Any, rt: ResolvedTable, column: Column, held: ValueSet | None
) -> list[ValueFix]:
    """The rows of ``column`` whose value is held or taken by an earlier row, and their fix."""
    tm = model.table(rt.qualified_name)
    seen = ValueSet()
    needs: list[tuple[int, str]] = []
    try:
        for start in range(0, rt.rows, _BLOCK):
            rows = np.arange(start, min(rt.rows, start + _BLOCK), dtype=np.int64)
            text = arrow_text(tm.compute(rows, want={column.name}).columns[column.name], column)
            present = np.array([t is not None for t in text], dtype=bool)
            clash = held.contains(text) if held is not None else np.zeros(len(text), bool)
            clash |= seen.contains(text) | _repeated(text)
            needs += [(int(rows[k]), str(text[k])) for k in np.flatnonzero(clash & present)]
            seen.add(t for t in text if t is not None)
        if not needs:
            return []
        if column.family in _TEXT:
            return _qualified(needs, seen, held, column.length)
        return _spilled(tm, rt, column, needs, seen, held)
    finally:
        seen.close()


def _repeated(text: list[str | None]) -> npt.NDArray[np.bool_]:
    """Positions whose value an earlier position of the block has (the first one stays)."""
    codes = pc.dictionary_encode(pa.array(text, pa.string())).indices
    index = np.asarray(pc.fill_null(codes, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    _, first = np.unique(index, return_index=True)
    out = np.ones(len(text), dtype=bool)
    out[first] = False
    return out


def _taken(value: str, seen: ValueSet, held: ValueSet | None, assigned: set[str]) -> bool:
    if value in assigned:
        return True
    if held is not None and held.contains([value])[0]:
        return True
    return bool(seen.contains([value])[0])


def _qualified(
    needs: list[tuple[int, str]], seen: ValueSet, held: ValueSet | None, limit: int | None
) -> list[ValueFix]:
    fixes = []
    assigned: set[str] = set()
    next_k: dict[str, int] = {}
    for row, value in needs:
        k = next_k.get(value, 2)
        while _taken(qualify(value, k, limit=limit), seen, held, assigned):
            k += 1
        assigned.add(qualify(value, k, limit=limit))
        next_k[value] = k + 1
        fixes.append(ValueFix(row=row, qualifier=k))
    return fixes


def _spilled(
    tm: Any,
    rt: ResolvedTable,
    column: Column,
    needs: list[tuple[int, str]],
    seen: ValueSet,
    held: ValueSet | None,
) -> list[ValueFix]:
    fixes = []
    assigned: set[str] = set()
    extra = 0
    pending = list(needs)
    while pending:
        batch = np.arange(extra, extra + max(64, 2 * len(pending)), dtype=np.int64)
        try:
            values = tm.spare_values(column.name, batch)
        except GenerationError as exc:
            raise GenerationError(
                "unique_capacity",
                f"{rt.qualified_name}.{column.name}: {len(pending)} generated values are held "
                f"in the target already and no spare value is left ({exc.message})",
                path=f"{rt.qualified_name}.{column.name}",
                hint="widen the column's generator (more distinct values than rows + held rows)",
            ) from None
        for j, text in zip(batch, arrow_text(values, column), strict=True):
            if not pending:
                break
            if text is None or _taken(text, seen, held, assigned):
                continue
            assigned.add(text)
            row, _ = pending.pop(0)
            fixes.append(ValueFix(row=row, spill=int(j)))
        extra = int(batch[-1]) + 1
    return fixes
