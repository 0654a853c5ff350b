"""The verifier's masks on hand-built Arrow batches (NULL passes), hostile names, bad checks set
aside, pickling, and no file access."""

from __future__ import annotations

import pickle
from datetime import datetime

import numpy as np
import pyarrow as pa

from datalchemy.constraints import (
    CheckAnalysis,
    CheckVerifier,
)

from .helpers import (
    F,
    analyze,
)

# ---------------------------------------------------------------------------------- verifier


def test_verifier_masks_with_nulls() -> None:
    checks = [
        analyze("x BETWEEN 1 AND 10")[0],
        analyze("t = ANY (ARRAY['a'::text, 'b'::text])")[0],
        analyze("POSITION(('@'::text) IN (t)) > 1")[0],
        analyze("ts2 IS NULL OR ts2 >= ts")[0],
        analyze("x IS NOT NULL")[0],
    ]
    batch = pa.table(
        {
            "x": pa.array([0, 5, None, 11], pa.int64()),
            "t": pa.array(["a", "@b", None, "b@"], pa.string()),
            "ts": pa.array([datetime(2024, 1, 1)] * 4, pa.timestamp("us")),
            "ts2": pa.array(
                [None, datetime(2023, 1, 1), datetime(2024, 1, 1), datetime(2025, 1, 1)],
                pa.timestamp("us"),
            ),
        }
    )
    masks = CheckVerifier(checks).failing(batch)
    assert {i: m.tolist() for i, m in masks.items()} == {
        0: [True, False, False, True],
        1: [False, True, False, True],
        2: [True, True, False, False],
        3: [False, True, False, False],
        4: [False, False, True, False],
    }
    assert all(m.dtype == np.bool_ for m in masks.values())


def test_verifier_hostile_names() -> None:
    names = ['qty "x"', "a b", "naïve 列", "select", "Order", "it's"]
    fam = dict.fromkeys(names, F.INTEGER)
    checks = [
        analyze('"qty ""x""" > 0', families=fam)[0],
        analyze('"a b" >= "naïve 列"', families=fam)[0],
        analyze('"select" IN (1, 2)', families=fam)[0],
        analyze('"Order" <> 3 AND "it\'s" < 10', families=fam)[0],
        analyze("[a b] > 0", dialect="sqlite", families=fam)[0],
        analyze("`it's` > 0", dialect="sqlite", families=fam)[0],
    ]
    assert [c.strategy for c in checks] == ["domain"] * 6
    batch = pa.table({n: pa.array([1, 0, None], pa.int64()) for n in names})
    verifier = CheckVerifier(checks)
    masks = verifier.failing(batch)
    assert verifier.unsupported == {}
    assert {i: m.tolist() for i, m in masks.items()} == {
        0: [False, True, False],
        1: [False, False, False],
        2: [False, True, False],
        3: [False, False, False],
        4: [False, True, False],
        5: [False, True, False],
    }


def test_verifier_sets_bad_checks_aside() -> None:
    good = analyze("x > 0")[0]
    missing = CheckAnalysis("missing", "zz > 0", ["zz"], "verify", '"zz" > 0')
    bad_fn = CheckAnalysis("bad_fn", "nope(x)", ["x"], "verify", 'no_such_fn("x") > 0')
    none = CheckAnalysis("none", "junk", [], "unsupported", None, "cannot parse")
    runtime = CheckAnalysis("runtime", "cast", ["t"], "verify", 'CAST("t" AS INTEGER) > 0')
    verifier = CheckVerifier([good, missing, bad_fn, none, runtime])
    batch = pa.table({"x": [1, -1], "t": ["5", "five"]})
    masks = verifier.failing(batch)
    assert set(masks) == {0}
    assert masks[0].tolist() == [False, True]
    assert set(verifier.unsupported) == {1, 2, 3, 4}
    assert verifier.unsupported[3] == "cannot parse"
    assert all(verifier.unsupported[i].startswith("DuckDB:") for i in (1, 2, 4))
    assert verifier.verified == [0]
    # with the schema up front, bind errors are known at construction
    early = CheckVerifier([good, missing], schema=batch.schema)
    assert set(early.unsupported) == {1}


def test_verifier_batches_pickle_and_edge_cases() -> None:
    checks = [analyze("x > 0")[0], analyze("t <> ''::text")[0]]
    verifier = CheckVerifier(checks)
    batch = pa.table({"x": [1, 0], "t": ["", "a"]})
    assert verifier.failing(batch)[1].tolist() == [True, False]
    # a RecordBatch works too, and a schema change re-prepares
    rb = pa.record_batch({"x": pa.array([0], pa.int32()), "t": ["b"]})
    assert {i: m.tolist() for i, m in verifier.failing(rb).items()} == {0: [True], 1: [False]}
    empty = verifier.failing(batch.slice(0, 0))
    assert [len(m) for m in empty.values()] == [0, 0]
    clone = pickle.loads(pickle.dumps(verifier))
    assert clone.failing(batch)[0].tolist() == [False, True]
    verifier.close()
    assert verifier.failing(batch)[0].tolist() == [False, True]
    assert CheckVerifier([]).failing(batch) == {}


def test_verifier_cannot_read_files() -> None:
    check = CheckAnalysis(
        "sneaky", "x", ["x"], "verify", "(SELECT count(*) FROM read_csv('/etc/passwd')) > 0"
    )
    verifier = CheckVerifier([check])
    assert verifier.failing(pa.table({"x": [1]})) == {}
    assert "DuckDB" in verifier.unsupported[0]
