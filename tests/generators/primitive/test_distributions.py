"""Normal, log-normal, exponential and Zipf values."""

from __future__ import annotations

import math

import numpy as np

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import ColumnFacts

from .helpers import GENERATORS, param_error, run

# Distributions


def test_normal() -> None:
    values = run("primitive.normal", {"mean": 100, "std": 15}, 100_000).to_numpy()
    assert abs(values.mean() - 100) < 0.3
    assert abs(values.std() - 15) < 0.3
    clamped = run(
        "primitive.normal", {"mean": 0, "std": 10, "min": -1, "max": 1.234, "decimals": 2}
    )
    c = clamped.to_numpy()
    assert c.min() == -1 and c.max() == 1.23
    assert np.allclose(c, np.round(c, 2))
    assert param_error("primitive.normal", {"std": -1}).problems
    assert param_error("primitive.normal", {"min": 2, "max": 1}).problems
    assert param_error("primitive.normal", {"min": 0.001, "max": 0.002, "decimals": 2}).problems


def test_lognormal_and_exponential() -> None:
    logn = run("primitive.lognormal", {"mean": 3, "sigma": 0.5}, 100_000).to_numpy()
    assert logn.min() > 0 and abs(np.median(logn) - math.exp(3)) < 0.5
    expo = run("primitive.exponential", {"scale": 30, "loc": 5}, 100_000).to_numpy()
    assert expo.min() >= 5 and abs(expo.mean() - 35) < 0.5
    assert param_error("primitive.exponential", {"scale": 0}).problems


def test_zipf() -> None:
    values = run("primitive.zipf", {"n": 50, "s": 1.1}, 100_000).to_numpy()
    assert values.min() == 1 and values.max() <= 50
    counts = np.bincount(values, minlength=51)[1:]
    assert counts.argmax() == 0
    assert counts[0] > counts[1] > counts[4] > counts[20]
    expected = 1 / np.sum(np.arange(1, 51) ** -1.1)
    assert abs(counts[0] / values.size - expected) < 0.01
    assert param_error("primitive.zipf", {"n": 0}).problems
    assert param_error("primitive.zipf", {"s": 0}).problems


def test_distribution_column_checks() -> None:
    gen = GENERATORS["primitive.normal"]
    issues = gen.check(gen.parse_params(None), ColumnFacts(family=TypeFamily.INTEGER))
    assert [i.code for i in issues] == ["decimals_for_integer"]
    assert (
        gen.check(gen.parse_params({"decimals": 0}), ColumnFacts(family=TypeFamily.INTEGER)) == []
    )
