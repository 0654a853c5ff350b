"""Params of the Faker-backed IDs that take any (the ``fake`` crate parameterizes 19 of them)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from datalchemy.generators.base import Params
from datalchemy.generators.faker_bridge.when import check_when, relative, resolve_when

__all__ = [
    "AnchorParams",
    "BetweenParams",
    "BooleanParams",
    "CodeParams",
    "CountParams",
    "GeohashParams",
    "LinesParams",
    "ParagraphParams",
    "ParagraphsParams",
    "PasswordParams",
    "QuoteParams",
    "SentenceParams",
]


_WHEN = (
    "An ISO date or datetime, 'now', or an offset from the plan's base_date such as '-30y' or "
    "'+2w3d' (units y M w d h m s)."
)


class GeohashParams(Params):
    precision: int = Field(8, ge=1, le=12, description="Geohash length in characters.")


class BooleanParams(Params):
    ratio: int = Field(50, ge=0, le=100, description="Percentage of true values.")


class BetweenParams(Params):
    start: str = Field("-30y", description="Earliest datetime. " + _WHEN)
    end: str = Field("now", description="Latest datetime. " + _WHEN)

    _check = field_validator("start", "end")(check_when)

    @model_validator(mode="after")
    def _ordered(self) -> BetweenParams:
        if relative(self.start) != relative(self.end):
            return self  # only base_date can tell; checked when generating
        base = dt.date(2024, 1, 1)
        if resolve_when(self.start, base) > resolve_when(self.end, base):
            raise ValueError(f"start {self.start!r} is after end {self.end!r}")
        return self


class AnchorParams(Params):
    date: str = Field("now", description="The reference datetime. " + _WHEN)

    _check = field_validator("date")(check_when)


class PasswordParams(Params):
    length: int = Field(10, ge=1, le=1024, description="Password length in characters.")
    special_chars: bool = Field(True, description="Include at least one of !@#$%^&*()_+.")
    digits: bool = Field(True, description="Include at least one digit.")
    upper_case: bool = Field(True, description="Include at least one upper-case letter.")
    lower_case: bool = Field(True, description="Include at least one lower-case letter.")

    @model_validator(mode="after")
    def _feasible(self) -> PasswordParams:
        classes = sum((self.special_chars, self.digits, self.upper_case, self.lower_case))
        if classes == 0:
            raise ValueError("enable at least one of special_chars, digits, upper_case, lower_case")
        if self.length < classes:
            raise ValueError(f"length {self.length} is below the {classes} required characters")
        return self


class CountParams(Params):
    count: int = Field(3, ge=1, le=1000, description="How many items.")


class ParagraphsParams(Params):
    count: int = Field(3, ge=1, le=100, description="How many paragraphs.")


class SentenceParams(Params):
    words: int = Field(6, ge=1, le=1000, description="Words in the sentence.")
    variable: bool = Field(True, description="Vary the word count by up to 40%, as Faker does.")


class ParagraphParams(Params):
    sentences: int = Field(3, ge=1, le=1000, description="Sentences in the paragraph.")
    variable: bool = Field(True, description="Vary the sentence count by up to 40%, as Faker does.")


class QuoteParams(Params):
    count: int = Field(6, ge=1, le=1000, description="Words in the quoted sentence.")


class LinesParams(Params):
    count: int = Field(3, ge=1, le=1000, description="How many lines.")


class CodeParams(Params):
    count: int = Field(1, ge=1, le=1000, description="Lines inside the fenced code block.")
