"""Intersecting two domains of one column (merge_domain) and the conjunction of captures."""

from __future__ import annotations

from datetime import date

from datalchemy.constraints import ColumnDomain, ColumnOrder, merge_domain
from datalchemy.constraints.domains import Capture, dedup, only_allowed, useful


def test_bounds_take_the_tighter_side() -> None:
    target = ColumnDomain("x", minimum=1, maximum=10)
    assert merge_domain(target, ColumnDomain("x", minimum=4, maximum=20, maximum_inclusive=False))
    assert (target.minimum, target.maximum, target.maximum_inclusive) == (4, 10, True)
    # an equal bound is strict when either side is
    assert merge_domain(target, ColumnDomain("x", maximum=10, maximum_inclusive=False))
    assert (target.maximum, target.maximum_inclusive) == (10, False)


def test_incomparable_bounds_keep_the_target_and_say_so() -> None:
    target = ColumnDomain("x", minimum=1)
    assert not merge_domain(target, ColumnDomain("x", minimum=date(2020, 1, 1)))
    assert target.minimum == 1


def test_in_lists_intersect_and_are_pruned_by_every_condition() -> None:
    target = ColumnDomain("t", allowed=["a", "bb", "ccc", "d@", "e@e"])
    merge_domain(target, ColumnDomain("t", allowed=["e@e", "bb", "d@", "ccc"]))
    assert target.allowed == ["bb", "ccc", "d@", "e@e"]  # the target's order
    merge_domain(target, ColumnDomain("t", max_length=2, contains=["@"]))
    assert target.allowed == ["d@"]
    merge_domain(target, ColumnDomain("t", forbidden=["d@"]))
    assert target.allowed == [] and target.is_empty


def test_lists_accumulate_and_flags_combine() -> None:
    target = ColumnDomain("t", like=["a%"], null_ok=True, sources=["c1"])
    merge_domain(
        target, ColumnDomain("t", like=["a%", "%z"], regex=["^a"], not_null=True, sources=["c2"])
    )
    assert (target.like, target.regex, target.sources) == (["a%", "%z"], ["^a"], ["c1", "c2"])
    assert (target.null_ok, target.not_null) == (False, True)
    merge_domain(target, ColumnDomain("t", min_length=2, max_length=9))
    merge_domain(target, ColumnDomain("t", min_length=1, max_length=5))
    assert (target.min_length, target.max_length) == (2, 5)


def test_capture_conjunction() -> None:
    order = ColumnOrder("b", ">", "a")
    left = Capture.of(ColumnDomain("x", minimum=1))
    left.add(Capture({"x": ColumnDomain("x", maximum=5)}, [order], True))
    left.add(Capture({}, [order], False, ["verified"]))
    assert (left.domains["x"].minimum, left.domains["x"].maximum) == (1, 5)
    assert left.orders == [order] and not left.exact and left.notes == ["verified"]
    clash = Capture.of(ColumnDomain("x", minimum=1))
    clash.add(Capture.of(ColumnDomain("x", minimum="a")))
    assert not clash.exact and clash.notes == ["could not intersect the conditions on x"]


def test_small_helpers() -> None:
    assert dedup([1, True, 1, 1.0, "1"]) == [1, True, 1.0, "1"]  # equal but of another type stays
    assert only_allowed(ColumnDomain("x", allowed=[1]))
    assert not only_allowed(ColumnDomain("x", allowed=[1], not_null=True))
    assert not useful(ColumnDomain("x", sources=["c"]))
    assert useful(ColumnDomain("x", null_ok=True))
