"""Describe the catalog: for `datalchemy generators list/show` and the generated
``docs/generators.md`` (``python -m datalchemy.generators.catalog docs/generators.md``).

Everything here is derived from the registered classes (IDs, params models, output families,
value spaces, PII tags, locales) and from sample values at a fixed seed, so the docs cannot drift
from the code: a test compares the committed file with :func:`render_markdown`.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import numpy as np
from pydantic.fields import FieldInfo

from datalchemy.generators.base import ColumnFacts, GenContext, Generator, ParamError, Transform
from datalchemy.generators.registry import all_generators, all_transforms, index_entries

__all__ = [
    "EXAMPLE_SEED",
    "ParamDoc",
    "describe_generator",
    "example_values",
    "family_of",
    "param_docs",
    "render_markdown",
]

#: Seed of the example values shown in the docs and by `generators show`.
EXAMPLE_SEED = 42
_EXAMPLE_LABELS = ("aberta", "ganha", "perdida")


@dataclass(frozen=True)
class ParamDoc:
    name: str
    type: str
    required: bool
    default: Any
    constraints: str
    description: str


def family_of(item_id: str) -> str:
    """``semantic.br.cpf`` → ``semantic.br``; ``primitive.int`` → ``primitive``."""
    parts = item_id.split(".")
    if parts[0] in ("semantic", "faker", "domain") and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0]


def _type_name(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is Annotated:  # validators are implementation details, not part of the type
        return _type_name(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return " | ".join(_type_name(a) for a in get_args(annotation))
    if origin is not None:
        args = ", ".join(_type_name(a) for a in get_args(annotation))
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{args}]" if args else name
    if annotation is type(None):
        return "null"
    return getattr(annotation, "__name__", str(annotation)).replace("typing.", "")


def _constraints(field: FieldInfo) -> str:
    out = []
    for meta in field.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            value = getattr(meta, attr, None)
            if value is not None:
                out.append(f"{sym} {value}")
        for attr in ("min_length", "max_length"):
            value = getattr(meta, attr, None)
            if value is not None:
                out.append(f"{attr} {value}")
    return ", ".join(out)


def param_docs(item: Generator[Any] | Transform[Any]) -> list[ParamDoc]:
    """The params of a generator or transform, from its pydantic model."""
    docs = []
    for name, field in item.params_model.model_fields.items():
        required = field.is_required()
        default = None if required else field.get_default(call_default_factory=True)
        docs.append(
            ParamDoc(
                name=field.alias or name,
                type=_type_name(field.annotation),
                required=required,
                default=default,
                constraints=_constraints(field),
                description=(field.description or "").strip(),
            )
        )
    return docs


def _example_context(gen: Generator[Any]) -> GenContext:
    facts = ColumnFacts(
        family=gen.output,
        enum_labels=_EXAMPLE_LABELS,
        length=None,
    )
    locale = gen.locales[0] if gen.locales else "en_US"
    return GenContext(
        seed=EXAMPLE_SEED, table="example.table", column="value", locale=locale, facts=facts
    )


def example_values(gen: Generator[Any], n: int = 3) -> list[str] | str:
    """``n`` sample values with default params at :data:`EXAMPLE_SEED`, or why there are none."""
    try:
        params = gen.parse_params(gen.example_params)
        values = gen.generate(_example_context(gen), params, np.arange(n, dtype=np.int64))
    except ParamError as exc:  # required params (derives need their input columns)
        return "needs params: " + "; ".join(f"{p.lstrip('/')} ({m})" for p, m in exc.problems)
    except Exception as exc:  # a generator that needs inputs or a column says so
        return f"needs {_first_line(str(exc))}"
    return [str(v) for v in values.to_pylist()]


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "configuration"
    return line if len(line) <= 120 else line[:117] + "..."


def _value_space(gen: Generator[Any]) -> int | str | None:
    try:
        return gen.value_space(_example_context(gen), gen.parse_params(gen.example_params))
    except Exception:
        return "depends on params"


def describe_generator(gen: Generator[Any]) -> dict[str, Any]:
    """A JSON-ready description of one generator (used by `generators show --json`)."""
    return {
        "id": gen.id,
        "family": family_of(gen.id),
        "summary": gen.summary,
        "output": gen.output.value,
        "fits": sorted(f.value for f in gen.fits),
        "pii": sorted(gen.pii),
        "locales": list(gen.locales) if gen.locales else None,
        "value_space": _value_space(gen),
        "params": [p.__dict__ for p in param_docs(gen)],
        "examples": example_values(gen),
    }


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _params_cell(item: Generator[Any] | Transform[Any]) -> str:
    parts = []
    for p in param_docs(item):
        spec = f"`{p.name}`: {p.type}"
        if p.required:
            spec += " (required)"
        elif p.default is not None:
            spec += f" = `{p.default!r}`"
        if p.constraints:
            spec += f" ({p.constraints})"
        parts.append(spec)
    return "<br>".join(_md_escape(x) for x in parts) or "-"


def _space_cell(space: int | str | None) -> str:
    if space is None:
        return "-"
    if isinstance(space, int):
        return f"{space:.3g}" if space >= 10**6 else str(space)
    return space


def render_markdown() -> str:
    """The full text of ``docs/generators.md``."""
    gens = all_generators()
    transforms = all_transforms()
    lines = [
        "# Generator catalog",
        "",
        "<!-- Generated by `python -m datalchemy.generators.catalog docs/generators.md`; "
        "do not edit by hand (a test fails when this file is stale). -->",
        "",
        f"{len(gens)} generators and {len(transforms)} transforms. Examples use seed "
        f"{EXAMPLE_SEED} and default params; `datalchemy generators show ID` prints one entry.",
        "Value space: how many distinct values the generator can build for a UNIQUE or PK column",
        "with default params (`-`: no unique construction).",
        "",
    ]
    families: dict[str, list[Generator[Any]]] = {}
    for g in gens:
        families.setdefault(family_of(g.id), []).append(g)
    lines.append("Families: " + ", ".join(f"`{f}` ({len(v)})" for f, v in families.items()))
    lines.append("")
    for family, members in families.items():
        lines += [f"## {family}", ""]
        lines += [
            "| id | output | params | value space | PII | examples |",
            "|---|---|---|---|---|---|",
        ]
        for g in members:
            ex = example_values(g)
            ex_text = ", ".join(f"`{_md_escape(v)}`" for v in ex) if isinstance(ex, list) else ex
            summary = f"<br>{_md_escape(g.summary)}" if g.summary else ""
            lines.append(
                f"| `{g.id}`{summary} | {g.output.value} | {_params_cell(g)} | "
                f"{_space_cell(_value_space(g))} | {', '.join(sorted(g.pii)) or '-'} | "
                f"{_md_escape(ex_text)} |"
            )
        lines.append("")
    lines += ["## transform", "", "| id | params |", "|---|---|"]
    for t in transforms:
        summary = f"<br>{_md_escape(t.summary)}" if t.summary else ""
        lines.append(f"| `{t.id}`{summary} | {_params_cell(t)} |")
    lines.append("")
    return "\n".join(lines)


def render_index() -> str:
    """The full text of ``generators/_index.py``: the module that defines each ID."""
    gens, transforms = index_entries()
    lines = [
        '"""Which module defines each catalog ID, so that a lookup imports only that module.',
        "",
        "Generated by `python -m datalchemy.generators.catalog` (`make docs`) from the catalog;",
        "do not edit by hand (tests/generators/test_catalog.py fails when it is stale). An ID",
        "missing here still works: the registry then imports every family module.",
        '"""',
        "",
        "GENERATORS: dict[str, str] = {",
        *(f'    "{k}": "{v}",' for k, v in gens.items()),
        "}",
        "",
        "TRANSFORMS: dict[str, str] = {",
        *(f'    "{k}": "{v}",' for k, v in transforms.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


INDEX_PATH = Path(__file__).with_name("_index.py")

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/generators.md")
    target.write_text(render_markdown(), encoding="utf-8")
    INDEX_PATH.write_text(render_index(), encoding="utf-8")
    print(target, INDEX_PATH)
