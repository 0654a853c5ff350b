"""Running Faker row by row: per-thread Faker instances, row reseeding and the determinism
probe that refuses calls reading the clock or the global random generators."""

from __future__ import annotations

import datetime as dt
import random as _stdlib_random
import sys
import threading
import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

import faker.generator as _faker_generator_module
from faker import Factory
from faker.config import AVAILABLE_LOCALES

from datalchemy.determinism import canonical_json
from datalchemy.errors import GenerationError
from datalchemy.generators.base import GenContext, Params, Rows

__all__ = [
    "Call",
    "FakerEnv",
    "FakerGen",
    "Unavailable",
    "faker_for",
    "faker_rows",
    "resolve_locale",
]


FakerGen = Any  # faker.generator.Generator: provider methods are attached at runtime


_AVAILABLE = frozenset(AVAILABLE_LOCALES)
_local = threading.local()


def resolve_locale(raw: str | None, generator_id: str) -> str:
    """``raw`` as a Faker locale name (``pt-BR`` is read as ``pt_BR``).

    Raises:
        GenerationError: ``unsupported_locale``, with Faker's locales as the hint.
    """
    locale = (raw or "en_US").strip().replace("-", "_")
    if locale not in _AVAILABLE:
        raise GenerationError(
            "unsupported_locale",
            f"locale {raw!r} is not a Faker locale",
            path=generator_id,
            hint="use one of: " + ", ".join(sorted(_AVAILABLE)),
        )
    return locale


def faker_for(locale: str, weighted: bool = False) -> FakerGen:
    """This thread's Faker generator for ``locale``, with its own ``random.Random``.

    ``weighted`` is Faker's ``use_weighting``: frequency-weighted picks from its lists (realistic,
    but ~100x slower for en_US names). The raw IDs pick uniformly, as the ``fake`` crate did;
    ``faker.provider`` keeps Faker's default (weighted). Instances are cached per thread because
    callers reseed them row by row.
    """
    cache: dict[tuple[str, bool], FakerGen] | None = getattr(_local, "fakers", None)
    if cache is None:
        cache = {}
        _local.fakers = cache
    fake = cache.get((locale, weighted))
    if fake is None:
        fake = Factory.create(locale, use_weighting=weighted)
        # A private Random before any call: providers that keep a reference to
        # ``generator.random`` (the color provider does) must never see the shared one.
        fake.seed_instance(0)
        cache[(locale, weighted)] = fake
    return fake


@dataclass(frozen=True)
class FakerEnv:
    """What a binder may use: the Faker generator (reseeded per row by the caller) and the dates."""

    fake: FakerGen
    locale: str
    base: dt.datetime  # base_date at midnight, naive UTC

    @property
    def lang(self) -> str:
        """The language part of the locale (``pt`` for ``pt_BR``)."""
        return self.locale.split("_", 1)[0]


#: A zero-argument Faker call, made once per row after reseeding.
Call = Callable[[], object]


class Unavailable(Exception):
    """The locale's Faker has no data for this ID."""


_probed: set[tuple[str, str, str]] = set()
_CLOCK_NAMES = frozenset({"now", "today", "utcnow"})
_CLOCK_FUNCS = (_time.time, _time.time_ns, _time.localtime, _time.ctime)
_PROBE_ROWS = 16


def _global_rngs() -> tuple[object, ...]:
    return (getattr(_stdlib_random, "_inst", None), _faker_generator_module.random)


def _offending(arg: object, rngs: tuple[object, ...]) -> str | None:
    owner = getattr(arg, "__self__", None)
    if owner is not None and any(owner is r for r in rngs):
        return "the process-wide random generator"
    if (
        isinstance(owner, type)
        and issubclass(owner, dt.date)
        and getattr(arg, "__name__", "") in _CLOCK_NAMES
    ):
        return "the clock"
    if any(arg is f for f in _CLOCK_FUNCS):
        return "the clock"
    return None


def _probe(fake: FakerGen, call: Call, generator_id: str, locale: str) -> None:
    """Run a few rows under a profiler hook; refuse calls that read the clock or global RNGs."""
    found: list[str] = []
    rngs = _global_rngs()

    def hook(frame: FrameType, event: str, arg: Any) -> None:
        if event == "c_call" and not found:
            why = _offending(arg, rngs)
            if why:
                found.append(why)

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        for i in range(_PROBE_ROWS):
            fake.random.seed(i)
            call()
    finally:
        sys.setprofile(previous)
    if found:
        raise GenerationError(
            "nondeterministic_faker_method",
            f"{generator_id} reads {found[0]} in Faker's {locale} data, so its values would not "
            "be reproducible",
            path=generator_id,
            hint="choose another Faker method or locale, or a datalchemy generator for dates "
            "(faker.chrono.raw.DateTimeBetween, primitive.date.range)",
        )


def _failure(generator_id: str, locale: str, exc: Exception) -> GenerationError:
    if isinstance(exc, GenerationError):
        return exc
    if isinstance(exc, Unavailable):
        return GenerationError(
            "unsupported_locale",
            f"Faker's {locale} data has no {exc.args[0]} for {generator_id}",
            path=generator_id,
            hint="use en_US or pt_BR, or a locale whose Faker data has it",
        )
    return GenerationError(
        "faker_failed",
        f"Faker raised {type(exc).__name__} for {generator_id} in {locale}: {exc}",
        path=generator_id,
    )


def faker_rows(
    generator_id: str,
    ctx: GenContext,
    params: Params,
    rows: Rows,
    stream_id: str,
    bind: Callable[[FakerEnv], Call],
    weighted: bool = False,
) -> list[object]:
    """One Faker call per row of ``rows``, each after reseeding from the row's stream word."""
    locale = resolve_locale(ctx.locale, generator_id)
    fake = faker_for(locale, weighted)
    base = dt.datetime(ctx.base_date.year, ctx.base_date.month, ctx.base_date.day)
    try:
        call = bind(FakerEnv(fake, locale, base))
        key = (generator_id, locale, canonical_json(params.model_dump(mode="json")))
        if key not in _probed:
            _probe(fake, call, generator_id, locale)
            _probed.add(key)
        words = ctx.stream(stream_id, params).words(rows).tolist()
        seed = fake.random.seed
        # The hot loop: reseed from the row's stream word, then one Faker call.
        return [call() for _ in map(seed, words)]
    except Exception as exc:
        raise _failure(generator_id, locale, exc) from exc
