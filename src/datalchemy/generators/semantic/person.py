"""``semantic.person.*``: names, e-mails, user names and phones."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from datalchemy.determinism import Stream, U64Array
from datalchemy.generators import pii
from datalchemy.generators._arrow import (
    int_strings,
    join,
    take,
)
from datalchemy.generators.base import GenContext, Params, Rows
from datalchemy.generators.faker_bridge.raw import run_raw
from datalchemy.generators.faker_bridge.runner import FakerEnv, faker_rows
from datalchemy.generators.semantic.alias import (
    Alias,
    Build,
    Index,
    Kind,
    Space,
    declare,
    kind,
    vocab_kind,
)
from datalchemy.generators.semantic.helpers import (
    optional,
    weighted,
)
from datalchemy.generators.semantic.locale_data import LocaleData
from datalchemy.generators.semantic_br.people import name_parts_from_index

__all__: list[str] = []


def _by_sex(female: npt.NDArray[np.bool_], f: pa.Array, m: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(female), f, m)


def _b_name(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    pt = d.lang == "pt"
    p_prefix, p_suffix, p_two = (0.05, 0.03, 0.4) if pt else (0.02, 0.025, 0.0)
    female = s.sub("sex").bernoulli(rows, 0.5)
    first = _by_sex(female, d.first_f.pick(s.sub("ff"), rows), d.first_m.pick(s.sub("fm"), rows))
    last = d.last.pick(s.sub("l1"), rows)
    prefix = _by_sex(female, d.prefix_f.pick(s.sub("pf"), rows), d.prefix_m.pick(s.sub("pm"), rows))
    parts: list[pa.Array | str] = [
        optional(s.sub("hp").bernoulli(rows, p_prefix), join([prefix, " "]))
    ]
    parts += [first, " ", last]
    if p_two > 0:
        last2 = d.last.pick(s.sub("l2"), rows)
        two = s.sub("h2").bernoulli(rows, p_two) & ~pc.equal(last, last2).to_numpy(
            zero_copy_only=False
        )
        parts.append(optional(two, join([" ", last2])))
    has_suffix = s.sub("hs").bernoulli(rows, p_suffix)
    if d.suffix_f is None:  # pt: Filho, Neto, ... are male
        suffix = d.suffix_m.pick(s.sub("sm"), rows)
        has_suffix &= ~female
    else:
        suffix = _by_sex(
            female, d.suffix_f.pick(s.sub("sf"), rows), d.suffix_m.pick(s.sub("sm"), rows)
        )
    parts.append(optional(has_suffix, join([" ", suffix])))
    return join(parts)


def _s_name(d: LocaleData, ctx: GenContext, p: Any) -> int:
    f, ls = len(d.first_single), len(d.last_single)
    if d.lang == "pt":  # "First Last" or "First Last Other", one-word parts only
        return f * ls * ls
    return f * d.last.size


def _i_name(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    # pt_BR: "First Last" or "First Last Other" (the unique path of semantic.br.name, with the
    # other surname after the first one); en_US: "First Last".
    pt = d.lang == "pt"
    n_last = len(d.last_single) if pt else d.last.size
    first, last, other = name_parts_from_index(
        idx.astype(np.int64), len(d.first_single), n_last, pt
    )
    first_text = take(d.first_single, first)
    if not pt:
        return join([first_text, " ", d.last.at(last)])
    other_text = join([" ", take(d.last_single, np.maximum(other, 0))])
    return join([first_text, " ", take(d.last_single, last), optional(other >= 0, other_text)])


_SAFE_DOMAINS = ("example.com", "example.org", "example.net")
_RESERVED_TLDS = (".test", ".example", ".invalid", ".localhost")
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")
_TOKENS = 1000  # number tokens "", "1", ..., "999" after the surname


class EmailParams(Params):
    domain: str | None = Field(
        None,
        description="One reserved domain for every address (example.com/org/net, or a name under "
        ".test, .example, .invalid, .localhost); default: the three example domains.",
    )

    @field_validator("domain")
    @classmethod
    def _reserved(cls, value: str | None) -> str | None:
        if value is None:
            return None
        v = value.strip().lower()
        if not _DOMAIN_RE.match(v):
            raise ValueError(f"{value!r} is not a domain name")
        if (
            v not in _SAFE_DOMAINS
            and not v.endswith(_RESERVED_TLDS)
            and v not in ("example", "test")
        ):
            raise ValueError(
                f"{value!r} is not a reserved domain: use example.com, example.org, example.net or "
                "a name under .test, .example, .invalid or .localhost, so no real mailbox is hit"
            )
        return v


def _email_on_faker(
    alias_id: str, target: str, ctx: GenContext, params: EmailParams, rows: Rows
) -> pa.Array:
    """Outside the native locales: Faker's user names at the ``domain`` param, if any."""
    domain = params.domain
    if not domain:
        return run_raw(target, ctx, params, rows, stream_id=alias_id)

    def bind(env: FakerEnv) -> Callable[[], object]:
        user_name = env.fake.user_name
        return lambda: f"{user_name()}@{domain}"

    return pa.array(faker_rows(alias_id, ctx, params, rows, alias_id, bind), pa.string())


def _domains(d: LocaleData, p: Any, free: bool) -> pa.Array:
    if free:
        return d.free_domains.unique
    domain = getattr(p, "domain", None)
    return pa.array([domain] if domain else list(_SAFE_DOMAINS), pa.string())


def _token_strings(t: U64Array) -> pa.Array:
    return optional(t > 0, int_strings(t.astype(np.int64)))


def _local_parts(d: LocaleData, s: Stream, rows: Rows) -> pa.Array:
    """first name, a separator (".", "_" or none), surname and an optional number."""
    first = take(d.first_ascii, s.sub("f").choice(rows, len(d.first_ascii)))
    last = take(d.last_ascii, s.sub("l").choice(rows, len(d.last_ascii)))
    sep = take(pa.array([".", "_", ""], pa.string()), weighted(s.sub("sep"), rows, (5, 3, 2)))
    kind = weighted(s.sub("tok"), rows, (0.5, 0.3, 0.2))
    small = s.sub("n2").integers(rows, 1, 99)
    year = s.sub("yr").integers(rows, 1950, 2010)
    token = np.where(kind == 0, 0, np.where(kind == 1, small, year)).astype(np.uint64)
    return join([first, sep, last, _token_strings(token)])


def _email_build(free: bool) -> Build:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        domains = _domains(d, p, free)
        if free:
            domain = d.free_domains.pick(s.sub("d"), rows)
        else:
            domain = take(domains, s.sub("d").choice(rows, len(domains)))
        return join([_local_parts(d, s, rows), "@", domain])

    return build


def _unique_space(d: LocaleData, n_domains: int, n_seps: int) -> int:
    return n_domains * n_seps * len(d.first_ascii) * len(d.last_ascii) * _TOKENS


def _unique_local(
    d: LocaleData, idx: U64Array, n_domains: int, seps: Sequence[str]
) -> tuple[pa.Array, U64Array]:
    """A bijection idx -> (domain index, first, separator, last, token); returns (local part,
    domain index). Injective because names are a-z only, deduplicated, and tokens are digits."""
    r = idx.copy()
    dom = r % np.uint64(n_domains)
    r //= np.uint64(n_domains)
    sep = r % np.uint64(len(seps))
    r //= np.uint64(len(seps))
    fi = r % np.uint64(len(d.first_ascii))
    r //= np.uint64(len(d.first_ascii))
    li = r % np.uint64(len(d.last_ascii))
    token = r // np.uint64(len(d.last_ascii))
    local = join(
        [
            take(d.first_ascii, fi),
            take(pa.array(list(seps), pa.string()), sep),
            take(d.last_ascii, li),
            _token_strings(token),
        ]
    )
    return local, dom


def _email_space(free: bool) -> Space:
    def space(d: LocaleData, ctx: GenContext, p: Any) -> int:
        return _unique_space(d, len(_domains(d, p, free)), 1)

    return space


def _email_index(free: bool) -> Index:
    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        domains = _domains(d, p, free)
        local, dom = _unique_local(d, idx, len(domains), (".",))
        return join([local, "@", take(domains, dom)])

    return index


_USER_SEPS = (".", "_")


def _b_username(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _local_parts(d, s, rows)


def _s_username(d: LocaleData, ctx: GenContext, p: Any) -> int:
    return _unique_space(d, 1, len(_USER_SEPS))


def _i_username(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    return _unique_local(d, idx, 1, _USER_SEPS)[0]


declare(
    __name__,
    [
        Alias(
            "semantic.person.first_name",
            "faker.name.raw.FirstName",
            kind("A first name (Faker frequencies).", vocab_kind(lambda d: d.first), pii.NAME),
        ),
        Alias(
            "semantic.person.last_name",
            "faker.name.raw.LastName",
            kind("A surname (Faker frequencies).", vocab_kind(lambda d: d.last), pii.NAME),
        ),
        Alias(
            "semantic.person.name",
            "faker.name.raw.Name",
            Kind(
                "A full name; sex-consistent titles and suffixes, two surnames often in pt_BR.",
                pii.NAME,
                _b_name,
                _s_name,
                _i_name,
            ),
        ),
        Alias(
            "semantic.person.email",
            "faker.internet.raw.SafeEmail",
            Kind(
                "An e-mail address at example.com/org/net (or the `domain` param); unique by "
                "construction.",
                pii.EMAIL,
                _email_build(False),
                _email_space(False),
                _email_index(False),
                params=EmailParams,
                faker=_email_on_faker,
            ),
        ),
        Alias(
            "semantic.person.free_email",
            "faker.internet.raw.FreeEmail",
            Kind(
                "An e-mail address at a free provider of the locale (gmail.com, bol.com.br, ...).",
                pii.EMAIL,
                _email_build(True),
                _email_space(True),
                _email_index(True),
            ),
        ),
        Alias(
            "semantic.person.username",
            "faker.internet.raw.Username",
            Kind(
                "A user name (ana.souza17); unique by construction.",
                pii.NETWORK,
                _b_username,
                _s_username,
                _i_username,
            ),
        ),
        Alias(
            "semantic.person.title",
            "faker.name.raw.Title",
            kind("A name title (Mr., Dra.).", vocab_kind(lambda d: d.prefix), pii.NAME),
        ),
        Alias(
            "semantic.person.suffix",
            "faker.name.raw.Suffix",
            kind("A name suffix (Jr., Filho).", vocab_kind(lambda d: d.suffix), pii.NAME),
        ),
    ],
)
