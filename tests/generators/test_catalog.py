"""The whole catalog: every original ID resolves and works; docs/generators.md is not stale."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import (
    ColumnFacts,
    GenContext,
    all_generators,
    all_transforms,
    get_generator,
    get_transform,
)
from datalchemy.generators.catalog import INDEX_PATH, render_index, render_markdown

ROOT = Path(__file__).resolve().parents[2]
_DATA = Path(__file__).parents[1] / "data"
ORIGINAL_IDS = (_DATA / "original_generator_ids.txt").read_text().split()
ORIGINAL_TRANSFORMS = [
    "transform.casing",
    "transform.format",
    "transform.mask",
    "transform.null_rate",
    "transform.prefix_suffix",
    "transform.truncate",
    "transform.weighted_choice",
]
N = 64
ROWS = np.arange(N, dtype=np.int64)

#: Arrow types each output family may come as.
ARROW_TYPES: dict[TypeFamily, tuple[Any, ...]] = {
    TypeFamily.BOOLEAN: (pa.types.is_boolean,),
    TypeFamily.INTEGER: (pa.types.is_integer,),
    TypeFamily.DECIMAL: (pa.types.is_decimal,),
    TypeFamily.FLOAT: (pa.types.is_floating,),
    TypeFamily.DATE: (pa.types.is_date32,),
    TypeFamily.TIME: (pa.types.is_time64,),
    TypeFamily.TIMESTAMP: (pa.types.is_timestamp,),
    TypeFamily.TIMESTAMPTZ: (pa.types.is_timestamp,),
    TypeFamily.ARRAY: (pa.types.is_list, pa.types.is_large_list),
    TypeFamily.BYTES: (pa.types.is_binary, pa.types.is_large_binary),
}
_STRINGS = (pa.types.is_string, pa.types.is_large_string)


def _inputs() -> dict[str, pa.Array]:
    ts = pa.array([datetime(2023, 1, 1, 8, 0) for _ in range(N)], pa.timestamp("us"))
    return {
        "nome": pa.array([f"Ana Souza {i}" for i in range(N)]),
        "sobrenome": pa.array(["Lima"] * N),
        "data_criacao": ts,
        "data_inicio": ts,
        "data_abertura": pa.array([date(2023, 5, 1)] * N, pa.date32()),
        "preco": pa.array(np.linspace(1, 100, N)),
        "quantidade": pa.array(np.arange(1, N + 1)),
        "empresa_id": pa.array([f"id-{i}" for i in range(N)]),
        "value": pa.array([f"fk-{i}" for i in range(N)]),
    }


def _aligned(rows: np.ndarray) -> tuple[dict[str, pa.Array], Any]:
    """Inputs and a parent lookup aligned with ``rows``, as the engine provides them."""
    inputs = {k: v.take(pa.array(rows)) for k, v in _inputs().items()}

    def parent(local_fk: str, parent_column: str) -> pa.Array:
        return pa.array([datetime(2022, 12, 31, 23, 0)] * len(rows), pa.timestamp("us"))

    return inputs, parent


#: Params (and a context tweak) for IDs that cannot run on defaults.
PARAMS: dict[str, dict[str, Any]] = {
    "primitive.text.pattern": {"pattern": "[A-Z]{3}-\\d{4}"},
    "derive.email_from_name": {"input_columns": ["nome", "sobrenome"]},
    "derive.updated_after_created": {"input_columns": ["data_criacao"]},
    "derive.end_after_start": {"input_columns": ["data_inicio"]},
    "derive.money_total": {"input_columns": ["preco", "quantidade"]},
    "derive.parent_value": {
        "input_columns": ["empresa_id"],
        "parent_schema": "crm",
        "parent_table": "empresas",
        "parent_column": "data_criacao",
    },
}


def _context(gen_id: str, output: TypeFamily, seed: int = 7, rows: np.ndarray = ROWS) -> GenContext:
    inputs, parent = _aligned(rows)
    return GenContext(
        seed=seed,
        table="crm.example",
        column="value",
        locale="pt_BR",
        facts=ColumnFacts(family=output, enum_labels=("aberta", "ganha", "perdida")),
        inputs=inputs,
        parent=parent,
    )


def test_catalog_has_every_original_id() -> None:
    known = {g.id for g in all_generators()}
    missing = sorted(set(ORIGINAL_IDS) - known)
    assert not missing, f"{len(missing)} original IDs missing: {missing[:20]}"
    assert len(ORIGINAL_IDS) == 217
    assert sorted(t.id for t in all_transforms() if t.id in ORIGINAL_TRANSFORMS) == (
        ORIGINAL_TRANSFORMS
    )


@pytest.mark.parametrize("gen_id", ORIGINAL_IDS)
def test_original_id_produces_typed_deterministic_values(gen_id: str) -> None:
    gen = get_generator(gen_id)
    params = gen.parse_params(PARAMS.get(gen_id))
    output = gen.output_family(params)
    values = gen.generate(_context(gen_id, output), params, ROWS)
    assert len(values) == N
    assert values.null_count == 0, f"{gen_id} produced NULLs with default params"
    if output is not TypeFamily.UNKNOWN:  # pass-through derives keep their input's type
        checks = ARROW_TYPES.get(output, _STRINGS)
        assert any(check(values.type) for check in checks), (gen_id, output, values.type)
    again = gen.generate(_context(gen_id, output, rows=ROWS[10:20]), params, ROWS[10:20])
    assert again.to_pylist() == values.to_pylist()[10:20], f"{gen_id} is not counter-based"
    if gen_id not in NOT_RANDOM:
        other = gen.generate(_context(gen_id, output, seed=8), params, ROWS)
        if len(set(values.to_pylist())) > 2:
            assert other.to_pylist() != values.to_pylist(), f"{gen_id} ignores the seed"


#: IDs whose values do not depend on the seed by definition.
NOT_RANDOM = {
    "primitive.int.sequence_hint",  # start + row * step, as the original defines it
    "derive.fk",  # copies the engine's FK values
    "derive.parent_value",  # copies the parent's value
    "derive.money_total",  # price * quantity - discount
}


TRANSFORM_PARAMS: dict[str, dict[str, Any]] = {
    "transform.casing": {"mode": "upper"},
    "transform.format": {"template": "<{value}>"},
    "transform.mask": {"mode": "redact"},
    "transform.null_rate": {"rate": 0.5},
    "transform.prefix_suffix": {"prefix": "SKU-"},
    "transform.truncate": {"max_len": 3},
    "transform.weighted_choice": {
        "choices": [{"value": "a", "weight": 1}, {"value": "b", "weight": 3}]
    },
}


@pytest.mark.parametrize("transform_id", ORIGINAL_TRANSFORMS)
def test_original_transforms_work(transform_id: str) -> None:
    t = get_transform(transform_id)
    params = t.parse_params(TRANSFORM_PARAMS[transform_id])
    values = pa.array([f"ação-{i}" for i in range(N)])
    ctx = _context(transform_id, TypeFamily.TEXT)
    out = t.apply(ctx, params, values, ROWS)
    assert len(out) == N
    assert out.to_pylist() != values.to_pylist()
    assert t.apply(ctx, params, values, ROWS).to_pylist() == out.to_pylist()


def test_unknown_ids_get_a_hint() -> None:
    from datalchemy.generators import UnknownGenerator

    with pytest.raises(UnknownGenerator) as info:
        get_generator("semantic.br.cfp")
    assert info.value.code == "unknown_generator"
    assert info.value.hint is not None and "semantic.br.cpf" in info.value.hint


def test_generator_docs_are_current() -> None:
    committed = ROOT / "docs" / "generators.md"
    assert committed.read_text(encoding="utf-8") == render_markdown(), (
        "docs/generators.md is stale: run `make docs` and commit it"
    )


def test_the_id_index_is_not_stale() -> None:
    assert INDEX_PATH.read_text(encoding="utf-8") == render_index(), (
        "generators/_index.py is stale: run `make docs` and commit it"
    )


def test_a_lookup_imports_only_the_module_of_the_id() -> None:
    code = (
        "import sys\n"
        "from datalchemy.generators.registry import get_generator\n"
        "get_generator('primitive.int.range')\n"
        "families = ('primitive', 'semantic', 'semantic_br', 'faker_bridge', 'domain',\n"
        "            'transforms', 'regex_sampler')\n"
        "print(sorted(f for f in families if 'datalchemy.generators.' + f in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['primitive']", done.stdout
