"""``derive.expression``: safe arithmetic over same-row numeric columns."""

from __future__ import annotations

import ast
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    Field,
    model_validator,
)

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import (
    decimals_from_unscaled,
    null_mask,
)
from datalchemy.generators.base import (
    GenContext,
    Params,
    Rows,
)
from datalchemy.generators.derive.base import (
    Derive,
    input_column,
    nulls_as,
)
from datalchemy.generators.registry import register

__all__ = ["Expression", "parse_expression"]


_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}


def parse_expression(text: str) -> tuple[ast.expr, list[str]]:
    """Parse a safe arithmetic expression; return its tree and the column names it uses.

    Allowed: numbers, column names, ``+ - * / // % **``, unary ``+``/``-`` and parentheses.

    Raises:
        ValueError: naming the first construct that is not allowed.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"not a valid expression: {exc.msg}") from None
    names: list[str] = []

    def check(node: ast.AST) -> None:
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise ValueError(f"operator {type(node.op).__name__} is not allowed")
            check(node.left)
            check(node.right)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.UAdd | ast.USub):
                raise ValueError(f"operator {type(node.op).__name__} is not allowed")
            check(node.operand)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ValueError(f"only numeric literals are allowed, not {node.value!r}")
        elif isinstance(node, ast.Name):
            if node.id.startswith("__"):
                raise ValueError(f"name {node.id!r} is not allowed")
            names.append(node.id)
        else:
            what = type(node).__name__
            raise ValueError(
                f"{what} is not allowed: use numbers, column names, + - * / // % ** and ()"
            )

    check(tree.body)
    return tree.body, list(dict.fromkeys(names))


class ExpressionParams(Params):
    expression: str = Field(
        ...,
        min_length=1,
        max_length=2000,
        description="Arithmetic over same-row numeric columns: `preco * quantidade - desconto`.",
    )
    result: Literal["auto", "float", "integer", "decimal"] = Field(
        "auto",
        description="Type of the result: auto (integer when the arithmetic stayed integer, else "
        "float), float, integer or decimal (integer and decimal round half to even).",
    )
    scale: int = Field(2, ge=0, le=9, description="Decimal places when result is decimal.")
    input_columns: list[str] | None = Field(
        None, description="Optional; the names in the expression are the inputs."
    )

    @model_validator(mode="after")
    def _parse(self) -> ExpressionParams:
        parse_expression(self.expression)
        return self


class _Evaluator:
    """Evaluates a checked expression tree on NumPy arrays; tracks rows that become NULL."""

    def __init__(self, env: dict[str, npt.NDArray[Any]], invalid: npt.NDArray[np.bool_]) -> None:
        self.env = env
        self.invalid = invalid

    def eval(self, node: ast.expr) -> Any:
        """The node's value: an array, or a NumPy scalar for literals."""
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, int) and -(2**63) <= v < 2**63:
                return np.int64(v)
            assert isinstance(v, int | float)
            return np.float64(float(v))
        if isinstance(node, ast.Name):
            return self.env[node.id]
        if isinstance(node, ast.UnaryOp):
            x = self.eval(node.operand)
            return -x if isinstance(node.op, ast.USub) else x
        assert isinstance(node, ast.BinOp)
        a, b = self.eval(node.left), self.eval(node.right)
        op = _BINOPS[type(node.op)]
        ints = np.asarray(a).dtype.kind == "i" and np.asarray(b).dtype.kind == "i"
        with np.errstate(all="ignore"):
            if op == "+":
                return np.add(a, b)
            if op == "-":
                return np.subtract(a, b)
            if op == "*":
                return np.multiply(a, b)
            if op == "/":
                return np.true_divide(a, b)
            if op == "**":
                return np.power(np.asarray(a, dtype=np.float64), b)
            if ints:  # integer // and %: x // 0 is NULL (NumPy would give 0)
                self.invalid |= np.broadcast_to(np.asarray(b) == 0, self.invalid.shape)
                safe = np.where(np.asarray(b) == 0, 1, b)
                return np.floor_divide(a, safe) if op == "//" else np.mod(a, safe)
            return np.floor_divide(a, b) if op == "//" else np.mod(a, b)


def _numeric(values: pa.Array, name: str, where: str) -> npt.NDArray[Any]:
    t = values.type
    if pa.types.is_integer(t):
        return np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return np.asarray(pc.cast(values, pa.float64()).fill_null(0.0).to_numpy(), dtype=np.float64)
    if pa.types.is_boolean(t):
        return np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    raise GenerationError(
        "derive_input_type",
        f"derive.expression needs numeric columns; {name!r} is {t}",
        path=where,
    )


@register
class Expression(Derive[ExpressionParams]):
    """Arithmetic over same-row numeric columns, e.g. ``preco * quantidade * (1 - desconto/100)``.

    The expression is parsed with :mod:`ast` and only numbers, column names, ``+ - * / // % **``,
    unary signs and parentheses are accepted (no calls, attributes, subscripts or dunder names).
    It is evaluated on NumPy arrays: integer columns with ``+ - * // %`` stay exact 64-bit
    integers (wrapping on overflow) and ``result: auto`` returns them as integers; anything with
    ``/``, ``**``, floats or decimals is computed in float64 (use ``derive.money_total`` for exact
    money). A NULL input, a division by zero or an infinite result gives NULL.
    """

    id = "derive.expression"
    summary = "Safe arithmetic over same-row numeric columns (+ - * / // % **)."
    params_model = ExpressionParams
    output = TypeFamily.FLOAT
    fits = frozenset({TypeFamily.FLOAT, TypeFamily.DECIMAL, TypeFamily.INTEGER, TypeFamily.MONEY})

    def inputs(self, params: ExpressionParams) -> list[str]:
        return parse_expression(params.expression)[1]

    def generate(self, ctx: GenContext, params: ExpressionParams, rows: Rows) -> pa.Array:
        tree, names = parse_expression(params.expression)
        n = rows.shape[0]
        invalid = np.zeros(n, dtype=np.bool_)
        env: dict[str, npt.NDArray[Any]] = {}
        for name in names:
            col = input_column(ctx, name, self.id, rows)
            env[name] = _numeric(col, name, ctx.where)
            mask = null_mask(col)
            if mask is not None:
                invalid |= mask
        ev = _Evaluator(env, invalid)
        out = np.broadcast_to(np.asarray(ev.eval(tree)), (n,))
        invalid = ev.invalid
        if out.dtype.kind == "f":
            invalid = invalid | ~np.isfinite(out)
        if params.result == "auto" and out.dtype.kind == "i":
            return pa.array(out.astype(np.int64), mask=invalid if invalid.any() else None)
        if params.result in ("auto", "float"):
            return pa.array(out.astype(np.float64), mask=invalid if invalid.any() else None)
        with np.errstate(all="ignore"):
            if params.result == "integer":
                rounded = np.rint(out) if out.dtype.kind == "f" else out
                invalid = invalid | (np.abs(rounded) >= 2.0**63)
                ints = np.where(invalid, 0, rounded).astype(np.int64)
                return pa.array(ints, mask=invalid if invalid.any() else None)
            units = np.rint(out * 10**params.scale)
        invalid = invalid | (np.abs(units) >= 2.0**63)
        dec = decimals_from_unscaled(np.where(invalid, 0, units).astype(np.int64), params.scale)
        return nulls_as(dec, invalid)
