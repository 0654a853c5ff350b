"""How a table's unique keys are met by construction: one layout for validation and generation.

Plan resolution calls :func:`plan_keys` to check capacity and to record how each key is met; the
engine calls it to build the keys. Both see the same answer because it is one function of the
resolved table, the parents' row counts and the columns' value spaces.

A key is met, in this order of preference:

1. **by a unique column**: one of its columns is unique on its own (a single-column key, a
   one-to-one FK, or a column *promoted* to unique because it has room for every row);
2. **by a smaller key**: it contains a key already met (a superset of a unique key is unique);
3. **one to one**: the key is exactly one FK's columns: each parent row gets at most one child;
4. **as a composite**: rows are grouped under the parent of a *lead* FK (or, without an FK, the
   whole table is one group), and the siblings of a group take distinct points of the space
   spanned by the key's other FKs (their parents' rows) and generated columns (their value
   spaces), by a mixed-radix split of the rank.

Overlapping keys are solved together: a generated column that several keys share is promoted to
unique when it can hold every row (then all of them are met), the lead FK of a key is the FK that
the most keys share (so keys sharing an FK group the same way), and a column or FK is placed by
one composite only. What cannot be solved that way is a :class:`KeyProblem`.

Example:
    >>> from datalchemy.contracts.resolved import ResolvedColumn, ResolvedTable, ResolvedUnique
    >>> cols = [ResolvedColumn(name=n, ordinal=i, family="integer", action="generate",
    ...                        generator="g", reason="rule") for i, n in enumerate("abc", 1)]
    >>> rt = ResolvedTable(schema="s", table="t", rows=100, columns=cols, uniques=[
    ...     ResolvedUnique(name="k1", columns=["a", "b"]),
    ...     ResolvedUnique(name="k2", columns=["b", "c"])])
    >>> layout = plan_keys(rt, parent_rows=lambda fk: 0, space={"a": 10, "b": 1000, "c": 5}.get)
    >>> layout.promoted, layout.met
    (['b'], {'k1': 'column b is unique', 'k2': 'column b is unique'})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # sqlglot is imported when an index expression is read, not with the engine
    from sqlglot import exp

from datalchemy.contracts.resolved import ResolvedForeignKey, ResolvedTable, ResolvedUnique

__all__ = [
    "MAX_SPACE",
    "Composite",
    "KeyLayout",
    "KeyPart",
    "KeyProblem",
    "key_label",
    "ordered_pairs",
    "plan_keys",
    "read_key_part",
]

#: Largest space a keyed permutation covers; larger products are used up to this size.
MAX_SPACE = 2**62


def key_label(u: ResolvedUnique) -> str:
    """The name a report uses for a key: its constraint name, or its columns."""
    return u.name or "+".join(u.columns)


@dataclass
class Composite:
    """A key built by construction: siblings under ``lead`` (or all rows) get distinct points of
    ``spaces`` (the parents of ``others``, then the value spaces of ``columns``)."""

    key: ResolvedUnique
    lead: str | None
    others: list[str]
    columns: list[str]
    spaces: list[int]
    #: ``others`` are two FKs to the same parent whose values a CHECK orders (``tag1 < tag2``):
    #: the rows take distinct *pairs* of parent rows ``i < j`` (``spaces`` holds how many).
    ordered: bool = False

    @property
    def label(self) -> str:
        return key_label(self.key)

    @property
    def capacity(self) -> int:
        """Distinct points per group (capped at :data:`MAX_SPACE`)."""
        total = 1
        for s in self.spaces:
            total = min(total * min(s, MAX_SPACE), MAX_SPACE)
        return total


@dataclass(frozen=True)
class KeyProblem:
    """A key that cannot be met as the plan stands (validation reports it, the engine raises)."""

    code: str
    key: str
    column: str | None
    message: str
    hint: str
    #: For a key short of room: the most rows it can hold (the table's rows must not exceed it).
    capacity: int | None = None


@dataclass
class KeyLayout:
    """How every unique key of one table is met."""

    #: Generated columns built unique on their own (single keys and promotions), table order.
    unique: list[str] = field(default_factory=list)
    #: Of those, the ones promoted because composite keys needed them.
    promoted: list[str] = field(default_factory=list)
    #: FKs whose columns form a key alone: each parent row at most once.
    one_to_one: list[str] = field(default_factory=list)
    composites: list[Composite] = field(default_factory=list)
    #: key label -> how it is met (for the resolved plan and the report).
    met: dict[str, str] = field(default_factory=dict)
    problems: list[KeyProblem] = field(default_factory=list)

    @property
    def grouped(self) -> set[str]:
        """FKs whose children are laid out per parent (leads of composites)."""
        return {c.lead for c in self.composites if c.lead is not None}

    @property
    def placed(self) -> set[str]:
        """FKs whose parent row is a digit of a composite (not picked on their own)."""
        return {k for c in self.composites for k in c.others}

    @property
    def composite_columns(self) -> set[str]:
        return {c for comp in self.composites for c in comp.columns}


@dataclass(frozen=True)
class KeyPart:
    """What one expression of a unique index means for generation.

    ``columns``: the columns it reads (none for a constant such as ``(true)``); ``normalize``:
    ``lower`` / ``upper`` when the index compares the text folded to one case, so the values are
    generated already folded; ``exact``: distinct column values give distinct key values (after
    ``normalize``); ``nulls_count``: NULL is a value of the key (``coalesce(x, 0)``).
    """

    columns: tuple[str, ...]
    normalize: Literal["lower", "upper"] | None = None
    exact: bool = True
    nulls_count: bool = False


def read_key_part(text: str, dialect: str) -> KeyPart:
    """Read one expression of a unique index (``lower(email)``, ``coalesce(a, 0)``, ``(true)``).

    Example:
        >>> read_key_part("lower((email)::text)", "postgres")
        KeyPart(columns=('email',), normalize='lower', exact=True, nulls_count=False)
        >>> read_key_part("(true)", "postgres").columns
        ()
        >>> read_key_part("date(created_at)", "postgres").exact
        False
    """
    from datalchemy.constraints.parsing import parse_expression

    try:
        node = parse_expression(text, dialect)
    except Exception:
        return KeyPart((), exact=False)
    return _part(node)


def _part(node: exp.Expression) -> KeyPart:
    from sqlglot import exp

    # Casts, trims and collations keep distinct generated text distinct (no blanks at the ends).
    while isinstance(node, exp.Paren | exp.Cast | exp.Trim | exp.Collate):
        node = node.this
    if isinstance(node, exp.Column):
        return KeyPart((node.name,))
    if isinstance(node, exp.Boolean | exp.Literal | exp.Null):
        return KeyPart(())
    if isinstance(node, exp.Lower | exp.Upper):
        inner = _part(node.this)
        if len(inner.columns) == 1 and inner.exact:
            mode: Literal["lower", "upper"] = "lower" if isinstance(node, exp.Lower) else "upper"
            return KeyPart(inner.columns, mode, True, inner.nulls_count)
        return KeyPart(inner.columns, exact=False)
    if isinstance(node, exp.Coalesce) and all(
        isinstance(a, exp.Literal | exp.Boolean) for a in node.expressions
    ):
        inner = _part(node.this)
        return KeyPart(inner.columns, inner.normalize, inner.exact, nulls_count=True)
    columns = tuple(sorted({c.name for c in node.find_all(exp.Column)}))
    return KeyPart(columns, exact=False)


def _ordered_pair(
    u: ResolvedUnique,
    dims: list[str],
    gens: list[str],
    fks: dict[str, ResolvedForeignKey],
    pairs: dict[frozenset[str], tuple[str, str]],
) -> tuple[str, str] | None:
    """The FKs (smaller, larger) of a key of two one-column FKs to the same parent that a
    CHECK orders, else None."""
    if gens or len(dims) != 2 or set(u.columns) != {c for k in dims for c in fks[k].columns}:
        return None
    a, b = (fks[k] for k in dims)
    if len(a.columns) != 1 or len(b.columns) != 1 or a.parent != b.parent:
        return None
    order = pairs.get(frozenset({a.columns[0], b.columns[0]}))
    if order is None or a.self_reference:
        return None
    by_col = {a.columns[0]: a.key, b.columns[0]: b.key}
    return by_col[order[0]], by_col[order[1]]


def _order(u: ResolvedUnique) -> tuple[int, int, str, list[str]]:
    # Smaller keys first, so that a larger key containing one is met by it; the PK first.
    return (len(u.columns), 0 if u.primary else 1, u.name or "", u.columns)


def ordered_pairs(rt: ResolvedTable) -> dict[frozenset[str], tuple[str, str]]:
    """``{{a, b}: (smaller, larger)}`` for CHECKs ``a < b`` / ``a > b`` between two columns.

    Example:
        >>> from datalchemy.contracts.resolved import ResolvedCheck
        >>> rt = ResolvedTable(schema="s", table="t", rows=1, columns=[], checks=[
        ...     ResolvedCheck(name="c", expression="(tag1 < tag2)", columns=["tag1", "tag2"],
        ...                   strategy="verify")])
        >>> ordered_pairs(rt)[frozenset({"tag1", "tag2"})]
        ('tag1', 'tag2')
    """
    from sqlglot import exp

    from datalchemy.constraints.parsing import parse_expression

    out: dict[frozenset[str], tuple[str, str]] = {}
    for check in rt.checks:
        if len(check.columns) != 2:
            continue
        try:
            node = parse_expression(check.expression, "postgres")
        except Exception:
            continue
        if not isinstance(node, exp.LT | exp.GT):
            continue
        left, right = node.this, node.expression
        if not isinstance(left, exp.Column) or not isinstance(right, exp.Column):
            continue
        small, large = (
            (left.name, right.name) if isinstance(node, exp.LT) else (right.name, left.name)
        )
        out[frozenset({small, large})] = (small, large)
    return out


def plan_keys(
    rt: ResolvedTable,
    *,
    parent_rows: Callable[[ResolvedForeignKey], int],
    space: Callable[[str], int | None],
) -> KeyLayout:
    """The layout of ``rt``'s unique keys.

    Args:
        rt: the resolved table (its ``uniques`` and columns' ``unique`` flags).
        parent_rows: rows of an FK's parent table (the table's own rows for a self-reference).
        space: distinct values a generated column's generator can build (None: it cannot
            enumerate them; constants have 1).
    """
    layout = KeyLayout()
    cols = {c.name: c for c in rt.columns}
    fks = {fk.key: fk for fk in rt.foreign_keys}
    fk_of = {c: fk.key for fk in rt.foreign_keys for c in fk.columns}
    unique = {c.name for c in rt.columns if c.unique and c.action == "generate"}
    one_to_one = {k for k, fk in fks.items() if fk.one_to_one}

    def roomy(c: str) -> bool:
        """Can ``c`` be promoted: generated, enumerable, with room for every row."""
        col = cols.get(c)
        if col is None or col.action != "generate" or col.inputs:
            return False
        s = space(c)
        return s is not None and s >= max(rt.rows, 1)

    def fk_dims(u: ResolvedUnique) -> list[str]:
        # A self-reference points to an earlier row of its own and is never laid out: the rest
        # of the key is made distinct on its own (a stronger key, so the key holds).
        return sorted(
            {fk_of[c] for c in u.columns if c in fk_of and not fks[fk_of[c]].self_reference}
        )

    def gen_cols(u: ResolvedUnique) -> list[str]:
        return [c for c in u.columns if c not in fk_of and c in cols and cols[c].action != "omit"]

    def met_alone(u: ResolvedUnique) -> str | None:
        for c in u.columns:
            if c in unique:
                return f"column {c} is unique"
        for k in fk_dims(u):
            if k in one_to_one and set(fks[k].columns) <= set(u.columns):
                return f"foreign key {k} is one to one"
        return None

    keys = sorted(rt.uniques, key=_order)
    pairs = ordered_pairs(rt) if rt.checks else {}
    # Generated columns several open keys share: promoted when they can hold every row.
    shared: dict[str, int] = {}
    for u in keys:
        if met_alone(u) is None:
            for c in gen_cols(u):
                shared[c] = shared.get(c, 0) + 1
    for c in sorted(shared, key=lambda n: cols[n].ordinal):
        if shared[c] > 1 and roomy(c):
            unique.add(c)
            layout.promoted.append(c)
    # FKs shared by the most keys lead (so that those keys group their rows the same way).
    fk_count: dict[str, int] = {}
    for u in keys:
        for k in fk_dims(u):
            fk_count[k] = fk_count.get(k, 0) + 1

    built: list[ResolvedUnique] = []
    assigned: dict[str, str] = {}  # generated column or placed FK -> the composite placing it
    leads: set[str] = set()
    for u in keys:
        label = key_label(u)
        reason = met_alone(u)
        if reason is None:
            inner = next((b for b in built if set(b.columns) <= set(u.columns)), None)
            if inner is not None:
                reason = f"contains key {key_label(inner)}"
        if reason is not None:
            layout.met[label] = reason
            continue
        dims, gens = fk_dims(u), gen_cols(u)
        if len(dims) == 1 and not gens and set(fks[dims[0]].columns) == set(u.columns):
            one_to_one.add(dims[0])
            layout.one_to_one.append(dims[0])
            layout.met[label] = f"foreign key {dims[0]} is one to one"
            built.append(u)
            continue
        free = [k for k in dims if k not in assigned]
        # max() keeps the first of equals: ties go to the FK whose name sorts first.
        lead = max(free, key=lambda k: (k in leads, fk_count[k])) if free else None
        others = [k for k in dims if k != lead]
        clash = [x for x in others + gens if x in assigned or x in leads]
        if clash:
            fix = next((c for c in gens if roomy(c)), None)
            if fix is not None:
                unique.add(fix)
                layout.promoted.append(fix)
                layout.met[label] = f"column {fix} is unique"
                built.append(u)
                continue
            x = clash[0]
            layout.problems.append(
                KeyProblem(
                    "unique_keys_overlap",
                    label,
                    None if x in fks else x,
                    f"unique key {label} of {rt.qualified_name} shares {x} with key "
                    f"{assigned.get(x, 'another key')}, and no column of it can be unique on "
                    "its own",
                    f"give one of {', '.join(gens) or 'its columns'} a generator with at least "
                    f"{rt.rows} distinct values, or lower the rows",
                )
            )
            continue
        spaces: list[int] = []
        missing = False
        for k in others:
            spaces.append(parent_rows(fks[k]))
        for c in gens:
            s = space(c)
            if s is None:
                missing = True
                layout.problems.append(
                    KeyProblem(
                        "unique_capacity",
                        label,
                        c,
                        f"{rt.qualified_name}.{c} is part of unique key {label} but "
                        f"{cols[c].generator or cols[c].action} cannot enumerate distinct values",
                        "give it a generator with a value space",
                    )
                )
            else:
                spaces.append(s)
        if missing:
            continue
        comp = Composite(u, lead, others, gens, spaces)
        pair = _ordered_pair(u, dims, gens, fks, pairs)
        if pair is not None:
            n = parent_rows(fks[pair[0]])
            comp = Composite(u, None, list(pair), [], [n * (n - 1) // 2], ordered=True)
        if lead is None and rt.rows > comp.capacity:
            layout.problems.append(
                KeyProblem(
                    "unique_capacity",
                    label,
                    None,
                    f"unique key {label} of {rt.qualified_name}: {rt.rows} rows but only "
                    f"{comp.capacity} distinct combinations",
                    f"lower the rows to {comp.capacity} or less, or widen the columns' generators",
                    capacity=comp.capacity,
                )
            )
            continue
        layout.composites.append(comp)
        for x in others + gens:
            assigned[x] = label
        if lead is not None:
            leads.add(lead)
        built.append(u)
        layout.met[label] = (
            f"rows grouped by {lead}; the rest of the key is distinct within each group"
            if lead
            else "distinct combinations by construction"
        )
    layout.unique = [c.name for c in rt.columns if c.name in unique]
    return layout
