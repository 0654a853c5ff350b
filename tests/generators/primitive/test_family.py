"""Every primitive.* generator: registered, deterministic, typed, unique values by from_index."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from datalchemy.generators.primitive._common import MAX_SPACE

from .helpers import ARROW, CASES, GENERATORS, ctx_for, family, run

#: The 19 ``primitive.*`` IDs of the original catalog.
ORIGINAL_IDS = (
    "primitive.bool",
    "primitive.date",
    "primitive.date.range",
    "primitive.decimal.numeric",
    "primitive.enum",
    "primitive.float",
    "primitive.float.range",
    "primitive.int",
    "primitive.int.range",
    "primitive.int.sequence_hint",
    "primitive.text",
    "primitive.text.lorem",
    "primitive.text.pattern",
    "primitive.time",
    "primitive.time.range",
    "primitive.timestamp",
    "primitive.timestamp.range",
    "primitive.uuid",
    "primitive.uuid.v4",
)

# The catalog surface


def test_all_ids_are_registered() -> None:
    assert set(ORIGINAL_IDS) <= set(GENERATORS)
    assert len(ORIGINAL_IDS) == 19
    assert set(CASES) == set(GENERATORS)
    for gen in GENERATORS.values():
        assert gen.summary and gen.fits
        for name, field in gen.params_model.model_fields.items():
            assert field.description, f"{gen.id}: param {name} has no description"


@pytest.mark.parametrize("gen_id", sorted(CASES))
def test_determinism_and_types(gen_id: str) -> None:
    raw, facts = CASES[gen_id]
    gen = GENERATORS[gen_id]
    values = run(gen_id, raw, 50, facts)
    assert len(values) == 50
    assert values.null_count == 0
    assert ARROW[family(gen, raw)](values.type), (gen_id, values.type)
    assert run(gen_id, raw, 50, facts).equals(values)
    assert run(gen_id, raw, [5, 6], facts).to_pylist() == values.to_pylist()[5:7]
    assert run(gen_id, raw, [42, 3], facts).to_pylist() == [values[42].as_py(), values[3].as_py()]
    if gen_id != "primitive.int.sequence_hint":  # a sequence has no randomness, by design
        assert run(gen_id, raw, 50, facts, seed=2).to_pylist() != values.to_pylist()


@pytest.mark.parametrize("gen_id", sorted(CASES))
def test_from_index_is_injective(gen_id: str) -> None:
    raw, facts = CASES[gen_id]
    gen = GENERATORS[gen_id]
    ctx = ctx_for(facts)
    params = gen.parse_params(raw)
    space = gen.value_space(ctx, params)
    if space is None:
        with pytest.raises(NotImplementedError):
            gen.from_index(ctx, params, np.arange(3, dtype=np.uint64))
        return
    assert 1 <= space <= MAX_SPACE
    if space <= 100_000:
        idx = np.arange(space, dtype=np.uint64)
    else:
        rng = np.random.default_rng(3)
        idx = np.unique(rng.integers(0, space, 100_000, dtype=np.uint64))
        idx = np.unique(np.concatenate([idx, np.array([0, space - 1], dtype=np.uint64)]))
    values = gen.from_index(ctx, params, idx)
    assert len(values) == idx.size
    if pa.types.is_list(values.type):  # no distinct-count kernel for lists: compare as text
        assert len({repr(v) for v in values.to_pylist()}) == idx.size
    else:
        assert pc.count_distinct(values).as_py() == idx.size
    assert gen.from_index(ctx, params, idx[:7]).to_pylist() == values.to_pylist()[:7]
    assert ARROW[family(gen, raw)](values.type), (gen_id, values.type)
