"""Binders of the date and time IDs (``chrono.*`` and ``time.*``): Faker's
``date_time_between`` over ranges that count from the plan's ``base_date``, as ISO text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from datalchemy.errors import GenerationError
from datalchemy.generators.faker_bridge.params import AnchorParams, BetweenParams
from datalchemy.generators.faker_bridge.runner import Call, FakerEnv
from datalchemy.generators.faker_bridge.when import resolve_when

__all__ = ["after", "before", "between", "date", "datetime", "duration", "time"]

_EPOCH = dt.datetime(1970, 1, 1)
_ONE_MINUTE = dt.timedelta(minutes=1)
_FAKE_RS_MINUTES = dt.timedelta(minutes=1_000_000)  # ``fake``'s bound for DateTimeAfter/Before


def _between(env: FakerEnv, start: dt.datetime, end: dt.datetime) -> Callable[[], dt.datetime]:
    between = env.fake.date_time_between
    return lambda: between(start_date=start, end_date=end)


def _dt_text(f: Callable[[], dt.datetime]) -> Call:
    return lambda: f().isoformat(sep="T", timespec="seconds")


def date(env: FakerEnv, params: Any) -> Call:
    f = _between(env, _EPOCH, env.base)
    return lambda: f().date().isoformat()


def datetime(env: FakerEnv, params: Any) -> Call:
    return _dt_text(_between(env, _EPOCH, env.base))


def time(env: FakerEnv, params: Any) -> Call:
    f = _between(env, _EPOCH, env.base)
    return lambda: f().strftime("%H:%M:%S")


def duration(env: FakerEnv, params: Any) -> Call:
    ri = env.fake.random_int
    return lambda: str(ri(0, 31_536_000))


def _when(text: str, env: FakerEnv) -> dt.datetime:
    try:
        return resolve_when(text, env.base.date())
    except ValueError as exc:
        raise GenerationError("invalid_params", str(exc)) from None


def between(env: FakerEnv, params: BetweenParams) -> Call:
    start, end = _when(params.start, env), _when(params.end, env)
    if start > end:
        raise GenerationError(
            "invalid_params",
            f"start {params.start!r} ({start:%Y-%m-%d %H:%M}) is after end {params.end!r} "
            f"({end:%Y-%m-%d %H:%M}) for base_date {env.base:%Y-%m-%d}",
            hint="swap start and end, or use absolute dates",
        )
    return _dt_text(_between(env, start, end))


def after(env: FakerEnv, params: AnchorParams) -> Call:
    anchor = _when(params.date, env)
    return _dt_text(_between(env, anchor + _ONE_MINUTE, anchor + _FAKE_RS_MINUTES))


def before(env: FakerEnv, params: AnchorParams) -> Call:
    anchor = _when(params.date, env)
    return _dt_text(_between(env, anchor - _FAKE_RS_MINUTES, anchor - _ONE_MINUTE))
