"""primitive.uuid and primitive.uuid.v4."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import ColumnFacts

from .helpers import GENERATORS, UUID_V4, ctx_for, param_error, run

# UUIDs


@pytest.mark.parametrize("gen_id", ["primitive.uuid", "primitive.uuid.v4"])
def test_uuid_v4_format(gen_id: str) -> None:
    values = run(gen_id).to_pylist()
    assert all(UUID_V4.fullmatch(v) for v in values)
    assert len(set(values)) == len(values)
    import uuid

    assert all(uuid.UUID(v).version == 4 for v in values[:100])


def test_uuid_from_index_is_unique_over_a_million() -> None:
    gen = GENERATORS["primitive.uuid.v4"]
    ctx, p = ctx_for(), gen.parse_params(None)
    assert gen.value_space(ctx, p) == 2**62
    idx = np.arange(1_000_000, dtype=np.uint64)
    values = gen.from_index(ctx, p, idx)
    assert pc.count_distinct(values).as_py() == 1_000_000
    assert all(UUID_V4.fullmatch(v) for v in values.slice(0, 2000).to_pylist())
    top = gen.from_index(ctx, p, np.arange(2**62 - 1000, 2**62, dtype=np.uint64))
    assert pc.count_distinct(top).as_py() == 1000
    # the low 62 bits of the last half carry a bijection of the index: no clashes across a
    # random sample of the whole space either
    rng = np.random.default_rng(11)
    sample = np.unique(rng.integers(0, 2**62, 200_000, dtype=np.uint64))
    assert pc.count_distinct(gen.from_index(ctx, p, sample)).as_py() == sample.size
    with pytest.raises(ValueError):
        gen.from_index(ctx, p, np.array([2**62], dtype=np.uint64))


def test_uuid_into_short_text_column() -> None:
    gen = GENERATORS["primitive.uuid"]
    issues = gen.check(gen.parse_params(None), ColumnFacts(family=TypeFamily.TEXT, length=20))
    assert [i.code for i in issues] == ["uuid_too_long"]
    assert param_error("primitive.uuid", {"version": 4}).problems
