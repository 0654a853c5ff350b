"""Text derives: e-mails from name columns, templates and concatenation."""

from __future__ import annotations

import string

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    Field,
    model_validator,
)

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import pii
from datalchemy.generators._arrow import (
    int_strings,
    join,
)
from datalchemy.generators.base import (
    TEXTUAL,
    GenContext,
    Params,
    Rows,
)
from datalchemy.generators.derive.base import (
    Derive,
    InputParams,
    input_column,
    text_of,
)
from datalchemy.generators.registry import register
from datalchemy.generators.transforms.keyed import permute_within_digit_count

__all__ = ["Concat", "EmailFromName", "Template", "sanitize_local_part"]


# Original derives


class EmailParams(InputParams):
    domain: str = Field(
        "example.com",
        pattern=r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$",
        description="Domain after the `@`.",
    )
    unique: bool = Field(
        True,
        description="Append a numeric token that is distinct for every row (UNIQUE-safe); "
        "false gives `first.last@domain` as the original did.",
    )


def sanitize_local_part(values: pa.Array) -> pa.Array:
    """Text → e-mail local part: accents folded, lower case, runs of spaces / ``-`` / ``_`` / ``.``
    to one ``.``, other characters dropped, no leading or trailing dot (NULL stays NULL).

    The work runs on the distinct values only (dictionary encoding), then is taken back per row.

    Example:
        >>> sanitize_local_part(pa.array(["João  da Silva", "O'Neil-Ávila", None])).to_pylist()
        ['joao.da.silva', 'oneil.avila', None]
    """
    encoded = pc.dictionary_encode(text_of(values))
    s = encoded.dictionary
    s = pc.utf8_normalize(s, "NFKD")
    s = pc.replace_substring_regex(s, r"\p{M}+", "")
    s = pc.utf8_lower(s)
    s = pc.replace_substring_regex(s, r"[\s\-_.]+", ".")
    s = pc.replace_substring_regex(s, r"[^a-z0-9.]+", "")
    s = pc.replace_substring_regex(s, r"\.{2,}", ".")
    s = pc.utf8_trim(s, ".")
    return pc.take(s, encoded.indices)


@register
class EmailFromName(Derive[EmailParams]):
    """``ana.souza4821@example.com`` from name columns (accents folded, ASCII, lower case).

    Value space: with ``unique: true`` (default) the local part ends with a token that is a keyed
    permutation of the row index within its digit count (row 0-9 → a 1-digit token, 10-99 → 2
    digits, ...), separated by ``.`` when the name part ends in a digit. The token can be read
    back from the right end of the local part, so distinct rows always give distinct e-mails, for
    any number of rows and whatever the names (``distinct_per_row`` is true). With ``unique:
    false`` the e-mail is ``first.last@domain`` (the original's output) and may repeat. An empty
    name gives ``user<token>`` (``user<row+1>`` without the token).
    """

    id = "derive.email_from_name"
    summary = "E-mail built from name columns (ASCII-folded), with a per-row unique token."
    params_model = EmailParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    pii = pii.EMAIL

    def inputs(self, params: EmailParams) -> list[str]:
        return list(params.input_columns)

    def distinct_per_row(self, params: EmailParams) -> bool:
        return params.unique

    def generate(self, ctx: GenContext, params: EmailParams, rows: Rows) -> pa.Array:
        parts = [
            sanitize_local_part(input_column(ctx, c, self.id, rows)).fill_null("")
            for c in params.input_columns
        ]
        local = parts[0] if len(parts) == 1 else join(parts, ".")
        if len(parts) > 1:  # empty parts leave stray dots behind
            local = pc.utf8_trim(pc.replace_substring_regex(local, r"\.{2,}", "."), ".")
        local = pc.utf8_trim(pc.utf8_slice_codeunits(local, 0, 40), ".")
        empty = pc.equal(pc.binary_length(local), 0)
        local = pc.if_else(empty, pa.scalar("user"), local)
        if params.unique:
            # NOTE: the same permutation in every retry round, so retried rows cannot collide
            # with rows kept from an earlier round.
            key = ctx.with_attempt(0).stream(self.id, params, "token").key
            token = int_strings(permute_within_digit_count(rows.astype(np.uint64), key))
            sep = pc.if_else(pc.match_substring_regex(local, r"[0-9]$"), ".", "")
            return join([local, sep, token, "@" + params.domain])
        fallback = join(["user", int_strings(rows + 1)])
        return join([pc.if_else(empty, fallback, local), "@" + params.domain])


# New derives


def _template_parts(template: str) -> list[tuple[str, str | None]]:
    """(literal, field) pairs of a ``{column}`` template; ``{{`` / ``}}`` are literal braces."""
    out: list[tuple[str, str | None]] = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        if field is not None:
            if not field:
                raise ValueError("empty {} in template: name a column, e.g. {nome}")
            if spec or conversion:
                raise ValueError(f"{{{field}}}: format specs and conversions are not supported")
        out.append((literal, field))
    return out


class TemplateParams(Params):
    template: str = Field(
        ..., min_length=1, description='Text with `{column}` fields, e.g. "{nome} <{email}>".'
    )
    null_as: str | None = Field(
        None, description="Text for a NULL field; default: a NULL field gives NULL."
    )
    input_columns: list[str] | None = Field(
        None, description="Optional; the template's fields are the inputs."
    )

    @model_validator(mode="after")
    def _parse(self) -> TemplateParams:
        _template_parts(self.template)
        return self


@register
class Template(Derive[TemplateParams]):
    """Same-row columns poured into a template: ``"{nome} <{email}>"`` → ``Ana <ana@x.com>``."""

    id = "derive.template"
    summary = "Text from a template over same-row columns: `{nome} <{email}>`."
    params_model = TemplateParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def inputs(self, params: TemplateParams) -> list[str]:
        fields = [f for _, f in _template_parts(params.template) if f is not None]
        return list(dict.fromkeys(fields))

    def generate(self, ctx: GenContext, params: TemplateParams, rows: Rows) -> pa.Array:
        pieces: list[pa.Array | str] = []
        for literal, field in _template_parts(params.template):
            if literal:
                pieces.append(literal)
            if field is not None:
                col = text_of(input_column(ctx, field, self.id, rows))
                pieces.append(col if params.null_as is None else col.fill_null(params.null_as))
        if all(isinstance(p, str) for p in pieces):
            text = pa.array(["".join(map(str, pieces))], pa.string())
            return pc.take(text, pa.array(np.zeros(rows.shape[0], dtype=np.int64)))
        return join(pieces)


class ConcatParams(InputParams):
    separator: str = Field(" ", description="Text between the values.")
    skip_nulls: bool = Field(
        True, description="Leave NULL values out (all NULL gives NULL); false: any NULL gives NULL."
    )


@register
class Concat(Derive[ConcatParams]):
    """Columns joined with a separator, NULLs skipped (``Ana`` + ``Lima`` → ``Ana Lima``)."""

    id = "derive.concat"
    summary = "Same-row columns joined with a separator (NULLs skipped)."
    params_model = ConcatParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def inputs(self, params: ConcatParams) -> list[str]:
        return list(params.input_columns)

    def generate(self, ctx: GenContext, params: ConcatParams, rows: Rows) -> pa.Array:
        cols = [text_of(input_column(ctx, c, self.id, rows)) for c in params.input_columns]
        if not params.skip_nulls:
            return join(cols, params.separator)
        # NOTE: binary_join_element_wise(null_handling="skip") drops all-NULL rows in pyarrow 26,
        # so the skip is done by hand.
        out = cols[0]
        for col in cols[1:]:
            both = join([out, params.separator, col])
            out = pc.if_else(pc.is_null(col), out, pc.if_else(pc.is_null(out), col, both))
        return out
