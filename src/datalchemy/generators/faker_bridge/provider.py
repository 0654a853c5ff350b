"""``faker.provider``: any public Python Faker provider method, with JSON keyword arguments."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import pyarrow as pa
from pydantic import Field, JsonValue, field_validator

from datalchemy.determinism import canonical_json
from datalchemy.errors import GenerationError
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.faker_bridge.runner import (
    Call,
    FakerEnv,
    FakerGen,
    Unavailable,
    faker_rows,
)
from datalchemy.generators.registry import register

__all__ = ["FakerProvider", "ProviderParams"]


# faker.provider: any public provider method

#: Generator attributes that are not provider methods, or that touch the RNG or its seed.
_FORBIDDEN = frozenset(
    {
        "random",
        "generator",
        "provider",
        "providers",
        "get_providers",
        "add_provider",
        "format",
        "parse",
        "get_formatter",
        "set_formatter",
        "set_arguments",
        "get_arguments",
        "del_arguments",
        "unique",
        "optional",
        "time_series",  # returns an iterator
    }
)


class ProviderParams(Params):
    method: str = Field(
        ...,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="A public Faker provider method, e.g. 'license_plate' or 'cpf'.",
    )
    args: dict[str, JsonValue] = Field(
        default_factory=dict, description="Keyword arguments for the method (JSON values)."
    )

    @field_validator("method")
    @classmethod
    def _public(cls, value: str) -> str:
        if value.startswith("seed") or value in _FORBIDDEN:
            raise ValueError(f"{value!r} is not a provider method that may be called")
        return value


def _provider_method(fake: FakerGen, name: str) -> Callable[..., Any]:
    for provider in fake.get_providers():
        if name in dir(type(provider)):
            member = getattr(provider, name, None)
            if callable(member) and not isinstance(member, type):
                return getattr(fake, name)  # type: ignore[no-any-return]
    raise Unavailable(f"provider method {name!r}")


def _to_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, set | frozenset):
        return " ".join(sorted(str(_to_text(v)) for v in value))
    if isinstance(value, list | tuple):
        return " ".join(str(_to_text(v)) for v in value)
    if isinstance(value, dict):
        return canonical_json(value)
    return str(value)


@dataclass(frozen=True)
class _ProviderCall:
    method: Callable[..., Any]
    kwargs: Mapping[str, Any]

    def __call__(self) -> str | None:
        value = self.method(**self.kwargs)
        return value if type(value) is str else _to_text(value)


@register
class FakerProvider(Generator[ProviderParams]):
    id = "faker.provider"
    example_params: ClassVar[dict[str, Any] | None] = {"method": "color_name"}
    summary = "Any public Python Faker provider method, called with JSON keyword arguments."
    params_model = ProviderParams
    locales = None

    def _bind(self, env: FakerEnv, params: ProviderParams) -> Call:
        method = _provider_method(env.fake, params.method)
        try:
            inspect.signature(method).bind(**params.args)
        except TypeError as exc:
            raise GenerationError(
                "invalid_params",
                f"faker.provider: {params.method}() does not take these args: {exc}",
                path="/args",
            ) from None
        return _ProviderCall(method, dict(params.args))

    def generate(self, ctx: GenContext, params: ProviderParams, rows: Rows) -> pa.Array:
        gid = f"{self.id}:{params.method}"
        values = faker_rows(
            gid, ctx, params, rows, self.id, lambda env: self._bind(env, params), weighted=True
        )
        return pa.array(values, type=pa.string())
