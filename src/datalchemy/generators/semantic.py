"""The 57 ``semantic.*`` aliases of the original catalog: stable names for common kinds of values.

Each alias maps to a raw Faker ID (the original's table, kept in :data:`ALIASES`). For ``en_US`` and
``pt_BR`` the common kinds are native: vectorized NumPy/Arrow code over vocabularies read once from
the installed Faker's provider data (names with Faker's frequency weights, states, street types,
company words, ...) plus a few lists of our own, so a column of a million names takes a few
``take`` and ``join`` calls instead of a million Faker calls. Kinds that do not depend on the locale
(IP and MAC addresses, colors, ISIN, HTTP codes, dates, user agents) are native in every locale.
Any other Faker locale runs the alias's raw Faker target (see :mod:`.faker_bridge`), keyed by the
alias ID. ``semantic.internet.password`` always runs on Faker, with params.

Unique by construction: most native kinds have a finite value space and a ``from_index`` that is
injective on it. E-mails and user names are a bijection over (first name, surname, separator,
number token, domain): ``ana.souza17@example.org``; phones over area code and subscriber number;
ISBNs over group and body (valid check digits); IPv4 over the unicast space.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> gen = ALIAS_GENERATORS["semantic.person.email"]
    >>> ctx = GenContext.for_column(seed=7, table="crm.leads", column="email", locale="pt_BR")
    >>> values = gen.generate(ctx, gen.parse_params(None), np.arange(5)).to_pylist()
    >>> all("@example." in v for v in values)
    True
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from faker import Factory
from pydantic import Field, field_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream, U64Array, mix64
from datalchemy.generators import faker_bridge as fb
from datalchemy.generators import pii as tags
from datalchemy.generators._arrow import ascii_digits, int_strings, join, strings_from_matrix, take
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, NoParams, Params, Rows
from datalchemy.generators.registry import register_instance

__all__ = ["ALIASES", "ALIAS_GENERATORS", "NATIVE_LOCALES", "EmailParams", "SemanticAlias"]

#: Locales with native vocabularies.
NATIVE_LOCALES = ("en_US", "pt_BR")

#: alias ID -> raw Faker ID (the original's table).
ALIASES: dict[str, str] = {
    "semantic.address.building_number": "faker.address.raw.BuildingNumber",
    "semantic.address.city": "faker.address.raw.CityName",
    "semantic.address.country": "faker.address.raw.CountryName",
    "semantic.address.country_code": "faker.address.raw.CountryCode",
    "semantic.address.postcode": "faker.address.raw.PostCode",
    "semantic.address.secondary": "faker.address.raw.SecondaryAddress",
    "semantic.address.secondary_type": "faker.address.raw.SecondaryAddressType",
    "semantic.address.state": "faker.address.raw.StateName",
    "semantic.address.state_abbr": "faker.address.raw.StateAbbr",
    "semantic.address.street": "faker.address.raw.StreetName",
    "semantic.address.street_suffix": "faker.address.raw.StreetSuffix",
    "semantic.address.timezone": "faker.address.raw.TimeZone",
    "semantic.address.zipcode": "faker.address.raw.ZipCode",
    "semantic.barcode.isbn10": "faker.barcode.raw.Isbn10",
    "semantic.barcode.isbn13": "faker.barcode.raw.Isbn13",
    "semantic.color.hex": "faker.color.raw.HexColor",
    "semantic.color.hsl": "faker.color.raw.HslColor",
    "semantic.color.rgb": "faker.color.raw.RgbColor",
    "semantic.company.bs": "faker.company.raw.Bs",
    "semantic.company.bs_adj": "faker.company.raw.BsAdj",
    "semantic.company.bs_noun": "faker.company.raw.BsNoun",
    "semantic.company.bs_verb": "faker.company.raw.BsVerb",
    "semantic.company.buzzword": "faker.company.raw.Buzzword",
    "semantic.company.catch_phrase": "faker.company.raw.CatchPhrase",
    "semantic.company.industry": "faker.company.raw.Industry",
    "semantic.company.name": "faker.company.raw.CompanyName",
    "semantic.company.profession": "faker.company.raw.Profession",
    "semantic.company.suffix": "faker.company.raw.CompanySuffix",
    "semantic.finance.bic": "faker.finance.raw.Bic",
    "semantic.finance.currency_code": "faker.currency.raw.CurrencyCode",
    "semantic.finance.currency_name": "faker.currency.raw.CurrencyName",
    "semantic.finance.currency_symbol": "faker.currency.raw.CurrencySymbol",
    "semantic.finance.isin": "faker.finance.raw.Isin",
    "semantic.http.status_code": "faker.http.raw.ValidStatusCode",
    "semantic.internet.domain_suffix": "faker.internet.raw.DomainSuffix",
    "semantic.internet.free_email_provider": "faker.internet.raw.FreeEmailProvider",
    "semantic.internet.ipv4": "faker.internet.raw.IPv4",
    "semantic.internet.ipv6": "faker.internet.raw.IPv6",
    "semantic.internet.mac": "faker.internet.raw.MACAddress",
    "semantic.internet.password": "faker.internet.raw.Password",
    "semantic.internet.user_agent": "faker.internet.raw.UserAgent",
    "semantic.lorem.word": "faker.lorem.raw.Word",
    "semantic.markdown.bold": "faker.markdown.raw.BoldWord",
    "semantic.markdown.italic": "faker.markdown.raw.ItalicWord",
    "semantic.markdown.link": "faker.markdown.raw.Link",
    "semantic.person.cell": "faker.phone_number.raw.CellNumber",
    "semantic.person.email": "faker.internet.raw.SafeEmail",
    "semantic.person.first_name": "faker.name.raw.FirstName",
    "semantic.person.free_email": "faker.internet.raw.FreeEmail",
    "semantic.person.last_name": "faker.name.raw.LastName",
    "semantic.person.name": "faker.name.raw.Name",
    "semantic.person.phone": "faker.phone_number.raw.PhoneNumber",
    "semantic.person.suffix": "faker.name.raw.Suffix",
    "semantic.person.title": "faker.name.raw.Title",
    "semantic.person.username": "faker.internet.raw.Username",
    "semantic.time.date": "faker.time.raw.Date",
    "semantic.time.datetime": "faker.time.raw.DateTime",
}

# --------------------------------------------------------------------------------------------
# Vocabularies


@dataclass(frozen=True)
class Vocab:
    """Values to pick from (with optional weights) and their distinct values for ``from_index``."""

    values: pa.Array
    cdf: npt.NDArray[np.float64] | None
    unique: pa.Array

    @classmethod
    def of(cls, values: Iterable[str], weights: Iterable[float] | None = None) -> Vocab:
        vals = [str(v) for v in values]
        if not vals:
            raise ValueError("empty vocabulary")
        cdf = None
        if weights is not None:
            w = np.asarray(list(weights), dtype=np.float64)
            cdf = np.cumsum(w)
            cdf /= cdf[-1]
        return cls(
            pa.array(vals, pa.string()), cdf, pa.array(list(dict.fromkeys(vals)), pa.string())
        )

    @classmethod
    def from_data(cls, data: Any) -> Vocab:
        """A Faker element collection: an OrderedDict of weights, or a sequence (repeats weigh)."""
        if isinstance(data, Mapping):
            return cls.of(data.keys(), data.values())
        return cls.of(data)

    def __len__(self) -> int:
        return len(self.values)

    def index(self, s: Stream, rows: Rows) -> npt.NDArray[np.int64]:
        if self.cdf is None:
            return s.choice(rows, len(self.values))
        idx = np.searchsorted(self.cdf, s.uniform(rows), side="right")
        return np.minimum(idx, len(self.values) - 1).astype(np.int64)

    def pick(self, s: Stream, rows: Rows) -> pa.Array:
        return take(self.values, self.index(s, rows))

    @property
    def size(self) -> int:
        return len(self.unique)

    def at(self, idx: npt.ArrayLike) -> pa.Array:
        return take(self.unique, idx)


def _merge(*dicts: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for d in dicts:
        total = sum(d.values())
        for k, w in d.items():
            out[k] = out.get(k, 0.0) + w / total
    return out


def _as_weights(data: Any) -> dict[str, float]:
    if isinstance(data, Mapping):
        return {str(k): float(v) for k, v in data.items()}
    out: dict[str, float] = {}
    for v in data:
        out[str(v)] = out.get(str(v), 0.0) + 1.0
    return out


def _ascii(text: str) -> str:
    """Lower-case a-z only: ``João`` -> ``joao``, ``D'Amore`` -> ``damore``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if "a" <= c <= "z")


def _ascii_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for a in (_ascii(n) for n in names) if a))


class LocaleData:
    """Vocabularies of one native locale, read lazily from Faker's provider data."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.lang = locale.split("_", 1)[0]
        self._fake = Factory.create(locale)

    def attr(self, name: str, module: str = "") -> Any:
        """A data attribute of the first provider (of ``faker.providers.<module>``) that has it."""
        for provider in self._fake.get_providers():
            if module and not type(provider).__module__.startswith(f"faker.providers.{module}"):
                continue
            value = getattr(provider, name, None)
            if value is not None and not callable(value):
                return value
        raise KeyError(name)

    # person
    @functools.cached_property
    def first_f(self) -> Vocab:
        return Vocab.from_data(self.attr("first_names_female"))

    @functools.cached_property
    def first_m(self) -> Vocab:
        return Vocab.from_data(self.attr("first_names_male"))

    @functools.cached_property
    def first(self) -> Vocab:
        w = _merge(
            _as_weights(self.attr("first_names_female")), _as_weights(self.attr("first_names_male"))
        )
        return Vocab.of(w.keys(), w.values())

    @functools.cached_property
    def last(self) -> Vocab:
        return Vocab.from_data(self.attr("last_names"))

    @functools.cached_property
    def first_single(self) -> pa.Array:
        """Distinct one-word first names (unique full names split at the first space)."""
        return pa.array([v for v in self.first.unique.to_pylist() if " " not in v], pa.string())

    @functools.cached_property
    def last_single(self) -> pa.Array:
        return pa.array([v for v in self.last.unique.to_pylist() if " " not in v], pa.string())

    @functools.cached_property
    def first_ascii(self) -> pa.Array:
        return pa.array(_ascii_names(self.first.unique.to_pylist()), pa.string())

    @functools.cached_property
    def last_ascii(self) -> pa.Array:
        return pa.array(_ascii_names(self.last.unique.to_pylist()), pa.string())

    @functools.cached_property
    def prefix_f(self) -> Vocab:
        return Vocab.from_data(self.attr("prefixes_female"))

    @functools.cached_property
    def prefix_m(self) -> Vocab:
        return Vocab.from_data(self.attr("prefixes_male"))

    @functools.cached_property
    def prefix(self) -> Vocab:
        w = _merge(
            _as_weights(self.attr("prefixes_female")), _as_weights(self.attr("prefixes_male"))
        )
        return Vocab.of(w.keys(), w.values())

    @functools.cached_property
    def suffix_m(self) -> Vocab:
        if self.lang == "pt":
            return Vocab.of(
                [s for s, _ in fb.PT_NAME_SUFFIXES], [w for _, w in fb.PT_NAME_SUFFIXES]
            )
        return Vocab.from_data(self.attr("suffixes_male"))

    @functools.cached_property
    def suffix_f(self) -> Vocab | None:
        return None if self.lang == "pt" else Vocab.from_data(self.attr("suffixes_female"))

    @functools.cached_property
    def suffix(self) -> Vocab:
        if self.suffix_f is None:
            return self.suffix_m
        w = _merge(
            _as_weights(self.attr("suffixes_female")), _as_weights(self.attr("suffixes_male"))
        )
        return Vocab.of(w.keys(), w.values())

    # internet
    @functools.cached_property
    def free_domains(self) -> Vocab:
        return Vocab.from_data(self.attr("free_email_domains"))

    @functools.cached_property
    def tlds(self) -> Vocab:
        return Vocab.from_data(self.attr("tlds"))

    # company
    @functools.cached_property
    def company_suffix(self) -> Vocab:
        return Vocab.from_data(self.attr("company_suffixes"))

    @functools.cached_property
    def bs(self) -> tuple[Vocab, Vocab, Vocab]:
        verbs, adjs, nouns = self.attr("bsWords")
        return Vocab.of(verbs), Vocab.of(adjs), Vocab.of(nouns)

    @functools.cached_property
    def catch(self) -> tuple[Vocab, Vocab, Vocab]:
        if self.lang == "pt":
            nouns = [n[:1].upper() + n[1:] for n in self.attr("nouns")]
            return Vocab.of(nouns), Vocab.of(self.attr("verbs")), Vocab.of(self.attr("attributes"))
        head, middle, tail = self.attr("catch_phrase_words")
        return Vocab.of(head), Vocab.of(middle), Vocab.of(tail)

    @functools.cached_property
    def buzzword(self) -> Vocab:
        return Vocab.of(self.attr("catch_phrase_words")[0])

    @functools.cached_property
    def industry(self) -> Vocab:
        return Vocab.of(fb.INDUSTRIES["pt" if self.lang == "pt" else "en"])

    @functools.cached_property
    def jobs(self) -> Vocab:
        return Vocab.from_data(self.attr("jobs"))

    # finance
    @functools.cached_property
    def currencies(self) -> tuple[Vocab, Vocab, Vocab]:
        pairs = list(self.attr("currencies"))
        symbols = self.attr("currency_symbols")
        codes = [c for c, _ in pairs]
        return (
            Vocab.of(codes),
            Vocab.of(n for _, n in pairs),
            Vocab.of(symbols.get(c, "¤") for c in codes),
        )

    # address
    @functools.cached_property
    def city_prefix(self) -> Vocab:
        if self.lang == "pt":
            return Vocab.of(fb.PT_CITY_PREFIXES)
        return Vocab.from_data(self.attr("city_prefixes"))

    @functools.cached_property
    def city_suffix(self) -> Vocab:
        return Vocab.from_data(self.attr("city_suffixes"))

    @functools.cached_property
    def states(self) -> tuple[Vocab, Vocab]:
        if self.lang == "pt":
            pairs = self.attr("estados")
            return Vocab.of(n for _, n in pairs), Vocab.of(a for a, _ in pairs)
        return Vocab.from_data(self.attr("states")), Vocab.from_data(self.attr("states_abbr"))

    @functools.cached_property
    def countries(self) -> Vocab:
        return Vocab.from_data(self.attr("countries", "address"))

    @functools.cached_property
    def country_codes(self) -> Vocab:
        return Vocab.from_data(self.attr("alpha_2_country_codes"))

    @functools.cached_property
    def street_type(self) -> Vocab:
        if self.lang == "pt":
            prefixes = list(self.attr("street_prefixes"))
            common = {"Rua": 0.5, "Avenida": 0.2}
            rest = 0.3 / max(1, len([p for p in prefixes if p not in common]))
            return Vocab.of(prefixes, [common.get(p, rest) for p in prefixes])
        return Vocab.from_data(self.attr("street_suffixes"))

    @functools.cached_property
    def secondary_types(self) -> Vocab:
        formats = (
            fb.PT_SECONDARY_FORMATS if self.lang == "pt" else self.attr("secondary_address_formats")
        )
        if self.lang == "pt":
            return Vocab.of(dict.fromkeys(f.split(" ", 1)[0] for f in formats))
        return Vocab.of(dict.fromkeys(str(f).rsplit(" ", 1)[0] for f in formats))

    @functools.cached_property
    def timezones(self) -> Vocab:
        countries = self.attr("countries", "date_time")
        weights: dict[str, float] = {}
        for c in countries:  # Faker: a uniform country, then a uniform zone of that country
            for tz in c.timezones:
                weights[tz] = weights.get(tz, 0.0) + 1.0 / len(c.timezones)
        return Vocab.of(weights.keys(), weights.values())

    # lorem
    @functools.cached_property
    def words(self) -> Vocab:
        return Vocab.from_data(self.attr("word_list"))


@functools.cache
def _data(locale: str) -> LocaleData:
    return LocaleData(locale)


# --------------------------------------------------------------------------------------------
# Vectorized helpers

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = _UPPER + "0123456789"
_EMPTY = pa.scalar("", pa.string())


def _bytes(s: str) -> npt.NDArray[np.uint8]:
    return np.frombuffer(s.encode("ascii"), dtype=np.uint8)


def _fill(template: str, slots: Sequence[npt.NDArray[np.uint8]]) -> pa.Array:
    """Fixed-width ASCII strings: each ``#`` of ``template`` takes the next column of ``slots``."""
    holes = [i for i, ch in enumerate(template) if ch == "#"]
    if len(holes) != len(slots):
        raise ValueError("template holes and slots differ")
    n = len(slots[0]) if slots else 0
    m = np.empty((n, len(template)), dtype=np.uint8)
    m[:] = _bytes(template)
    for pos, col in zip(holes, slots, strict=True):
        m[:, pos] = col
    return strings_from_matrix(m)


def _digit_cols(values: npt.ArrayLike, width: int) -> list[npt.NDArray[np.uint8]]:
    mat = ascii_digits(values, width)
    return [mat[:, i] for i in range(width)]


def _chars(words: U64Array, alphabets: Sequence[str]) -> list[npt.NDArray[np.uint8]]:
    """One ASCII column per alphabet, drawn from ``words`` by repeated division."""
    w = words.copy()
    cols = []
    for alphabet in alphabets:
        k = np.uint64(len(alphabet))
        cols.append(_bytes(alphabet)[(w % k).astype(np.intp)])
        w //= k
    return cols


def _choose(fmt: npt.NDArray[np.int64], arrays: Sequence[pa.Array]) -> pa.Array:
    if len(arrays) == 1:
        return arrays[0]
    return pc.choose(pa.array(fmt.astype(np.int8)), *arrays)


def _weighted(s: Stream, rows: Rows, weights: Sequence[float]) -> npt.NDArray[np.int64]:
    return s.weighted(rows, np.asarray(weights, dtype=np.float64))


def _opt(mask: npt.NDArray[np.bool_], value: pa.Array) -> pa.Array:
    """``value`` where ``mask``, else the empty string."""
    return pc.if_else(pa.array(mask), value, _EMPTY)


def _ints(s: Stream, rows: Rows, low: int, high: int) -> pa.Array:
    return int_strings(s.integers(rows, low, high))


def _as_u64(idx: npt.ArrayLike) -> U64Array:
    return np.asarray(idx).astype(np.uint64, copy=False)


# --------------------------------------------------------------------------------------------
# Native kinds: build(data, ctx, params, stream, rows); space(data, ctx, params);
# index(data, ctx, params, idx)

Build = Callable[[LocaleData, GenContext, Any, Stream, Rows], pa.Array]
Space = Callable[[LocaleData, GenContext, Any], int]
Index = Callable[[LocaleData, GenContext, Any, U64Array], pa.Array]


def _vocab_kind(get: Callable[[LocaleData], Vocab]) -> tuple[Build, Space, Index]:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return get(d).pick(s, rows)

    def space(d: LocaleData, ctx: GenContext, p: Any) -> int:
        return get(d).size

    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        return get(d).at(idx)

    return build, space, index


# -- person


def _by_sex(female: npt.NDArray[np.bool_], f: pa.Array, m: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(female), f, m)


def _b_name(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    pt = d.lang == "pt"
    p_prefix, p_suffix, p_two = (0.05, 0.03, 0.4) if pt else (0.02, 0.025, 0.0)
    female = s.sub("sex").bernoulli(rows, 0.5)
    first = _by_sex(female, d.first_f.pick(s.sub("ff"), rows), d.first_m.pick(s.sub("fm"), rows))
    last = d.last.pick(s.sub("l1"), rows)
    prefix = _by_sex(female, d.prefix_f.pick(s.sub("pf"), rows), d.prefix_m.pick(s.sub("pm"), rows))
    parts: list[pa.Array | str] = [_opt(s.sub("hp").bernoulli(rows, p_prefix), join([prefix, " "]))]
    parts += [first, " ", last]
    if p_two > 0:
        last2 = d.last.pick(s.sub("l2"), rows)
        two = s.sub("h2").bernoulli(rows, p_two) & ~pc.equal(last, last2).to_numpy(
            zero_copy_only=False
        )
        parts.append(_opt(two, join([" ", last2])))
    has_suffix = s.sub("hs").bernoulli(rows, p_suffix)
    if d.suffix_f is None:  # pt: Filho, Neto, ... are male
        suffix = d.suffix_m.pick(s.sub("sm"), rows)
        has_suffix &= ~female
    else:
        suffix = _by_sex(
            female, d.suffix_f.pick(s.sub("sf"), rows), d.suffix_m.pick(s.sub("sm"), rows)
        )
    parts.append(_opt(has_suffix, join([" ", suffix])))
    return join(parts)


def _s_name(d: LocaleData, ctx: GenContext, p: Any) -> int:
    f, ls = len(d.first_single), len(d.last_single)
    if d.lang == "pt":  # "First Last" or "First Last Other", one-word parts only
        return f * ls * ls
    return f * d.last.size


def _i_name(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    f = np.uint64(len(d.first_single))
    first = take(d.first_single, idx % f)
    rest = idx // f
    if d.lang != "pt":
        return join([first, " ", d.last.at(rest)])
    ls = np.uint64(len(d.last_single))
    l1 = rest % ls
    second = rest // ls  # 0: one surname; j > 0: the (j-1)-th surname other than l1
    two = second > 0
    j = np.where(two, second - np.uint64(1), np.uint64(0))
    last = take(d.last_single, l1)
    last2 = take(d.last_single, j + (j >= l1).astype(np.uint64))
    return join([first, " ", last, _opt(two, join([" ", last2]))])


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


def _domains(d: LocaleData, p: Any, free: bool) -> pa.Array:
    if free:
        return d.free_domains.unique
    domain = getattr(p, "domain", None)
    return pa.array([domain] if domain else list(_SAFE_DOMAINS), pa.string())


def _token_strings(t: U64Array) -> pa.Array:
    return _opt(t > 0, int_strings(t.astype(np.int64)))


def _local_parts(d: LocaleData, s: Stream, rows: Rows) -> pa.Array:
    """first name, a separator (".", "_" or none), surname and an optional number."""
    first = take(d.first_ascii, s.sub("f").choice(rows, len(d.first_ascii)))
    last = take(d.last_ascii, s.sub("l").choice(rows, len(d.last_ascii)))
    sep = take(pa.array([".", "_", ""], pa.string()), _weighted(s.sub("sep"), rows, (5, 3, 2)))
    kind = _weighted(s.sub("tok"), rows, (0.5, 0.3, 0.2))
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


#: Brazilian area codes (DDD) in use.
_DDD = np.array(
    [
        *(*range(11, 20), 21, 22, 24, 27, 28, *range(31, 36), 37, 38, *range(41, 50), 51, 53, 54),
        *(55, *range(61, 70), 71, 73, 74, 75, 77, 79, *range(81, 90), *range(91, 100)),
    ],
    dtype=np.uint64,
)


@dataclass(frozen=True)
class _PhonePlan:
    """Digits of a number (a function of idx) and the templates that lay them out."""

    templates: tuple[str, ...]  # '#' = next digit; templates[0] is the canonical one
    weights: tuple[float, ...]
    space: Callable[[], int]
    digits: Callable[[U64Array], U64Array]  # idx in [0, space) -> the number's digits as an int
    width: int


_E7, _E8 = np.uint64(10**7), np.uint64(10**8)


def _us_digits(idx: U64Array) -> U64Array:
    area = np.uint64(200) + idx % np.uint64(800)
    r = idx // np.uint64(800)
    exchange = np.uint64(200) + r % np.uint64(800)
    line = r // np.uint64(800)
    return (area * np.uint64(1000) + exchange) * np.uint64(10_000) + line


def _br_land_digits(idx: U64Array) -> U64Array:
    ddd: U64Array = _DDD[(idx % np.uint64(len(_DDD))).astype(np.intp)]
    r = idx // np.uint64(len(_DDD))
    first = np.uint64(2) + r % np.uint64(4)  # landlines start with 2-5
    out: U64Array = ddd * _E8 + first * _E7 + r // np.uint64(4)
    return out


def _br_cell_digits(idx: U64Array) -> U64Array:
    ddd: U64Array = _DDD[(idx % np.uint64(len(_DDD))).astype(np.intp)]
    rest = idx // np.uint64(len(_DDD))
    return (ddd * np.uint64(10) + np.uint64(9)) * _E8 + rest  # mobile: 9 + 8 digits


_US_TEMPLATES = ("(###) ###-####", "###-###-####", "###.###.####", "+1-###-###-####")
_PHONES: dict[tuple[str, bool], _PhonePlan] = {
    ("en", False): _PhonePlan(
        (*_US_TEMPLATES, "###-###-####x###"),
        (0.3, 0.3, 0.15, 0.15, 0.1),
        lambda: 800 * 800 * 10_000,
        _us_digits,
        10,
    ),
    ("en", True): _PhonePlan(
        _US_TEMPLATES, (0.35, 0.35, 0.15, 0.15), lambda: 800 * 800 * 10_000, _us_digits, 10
    ),
    ("pt", False): _PhonePlan(
        ("(##) ####-####", "+55 (##) ####-####", "+55 ## ####-####"),
        (0.5, 0.25, 0.25),
        lambda: len(_DDD) * 4 * 10**7,
        _br_land_digits,
        10,
    ),
    ("pt", True): _PhonePlan(
        ("(##) #####-####", "+55 (##) #####-####", "+55 ## #####-####"),
        (0.5, 0.25, 0.25),
        lambda: len(_DDD) * 10**8,
        _br_cell_digits,
        11,
    ),
}


def _phone_plan(d: LocaleData, cell: bool) -> _PhonePlan:
    return _PHONES[("pt" if d.lang == "pt" else "en", cell)]


def _phone_build(cell: bool) -> Build:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        plan = _phone_plan(d, cell)
        number = plan.digits(s.words(rows) % np.uint64(plan.space()))
        cols = _digit_cols(number, plan.width)
        ext = _digit_cols(s.sub("ext").integers(rows, 100, 999), 3)
        arrays = [
            _fill(t, cols + (ext if t.count("#") > plan.width else [])) for t in plan.templates
        ]
        return _choose(_weighted(s.sub("fmt"), rows, plan.weights), arrays)

    return build


def _phone_space(cell: bool) -> Space:
    return lambda d, ctx, p: _phone_plan(d, cell).space()


def _phone_index(cell: bool) -> Index:
    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        plan = _phone_plan(d, cell)
        return _fill(plan.templates[0], _digit_cols(plan.digits(idx), plan.width))

    return index


# -- company


def _b_company(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    l1, l2, l3 = (d.last.pick(s.sub(f"l{i}"), rows) for i in (1, 2, 3))
    suffix = d.company_suffix.pick(s.sub("suf"), rows)
    if d.lang == "pt":  # Faker pt_BR's formats, with fewer bare surnames
        arrays = [join([l1, " ", suffix]), join([l1, " ", l2, " ", suffix]), l1]
        weights: tuple[float, ...] = (0.45, 0.35, 0.2)
    else:
        arrays = [join([l1, " ", suffix]), join([l1, "-", l2]), join([l1, ", ", l2, " and ", l3])]
        weights = (1 / 3, 1 / 3, 1 / 3)
    return _choose(_weighted(s.sub("fmt"), rows, weights), arrays)


def _three(get: Callable[[LocaleData], tuple[Vocab, Vocab, Vocab]]) -> Build:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        a, b, c = get(d)
        return join(
            [a.pick(s.sub("a"), rows), b.pick(s.sub("b"), rows), c.pick(s.sub("c"), rows)], " "
        )

    return build


# -- internet

_IPV4_FIRST = np.array([o for o in range(1, 224) if o != 127], dtype=np.uint64)
_IPV4_SPACE = len(_IPV4_FIRST) << 24


def _dotted(v: U64Array) -> pa.Array:
    octets = [
        int_strings(((v >> np.uint64(sh)) & np.uint64(255)).astype(np.int64))
        for sh in (24, 16, 8, 0)
    ]
    return join(octets, ".")


def _i_ipv4(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    first = _IPV4_FIRST[(idx >> np.uint64(24)).astype(np.intp)]
    return _dotted((first << np.uint64(24)) | (idx & np.uint64(0xFFFFFF)))


def _b_ipv4(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _i_ipv4(d, ctx, p, s.words(rows) % np.uint64(_IPV4_SPACE))


@functools.cache
def _hex_groups() -> pa.Array:
    return pa.array([format(i, "x") for i in range(65536)], pa.string())


def _ipv6(hi: U64Array, lo: U64Array) -> pa.Array:
    groups = _hex_groups()
    mask = np.uint64(0xFFFF)
    parts = [take(groups, (w >> np.uint64(sh)) & mask) for w in (hi, lo) for sh in (48, 32, 16, 0)]
    return join(parts, ":")


def _b_ipv6(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _ipv6(s.words(rows), s.sub("lo").words(rows))


def _i_ipv6(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    with np.errstate(over="ignore"):
        hi = mix64(idx + np.uint64(0x5BD1E9955BD1E995))
    lo = mix64(idx ^ np.uint64(0x2545F4914F6CDD1D))  # a bijection of uint64: distinct lo
    return _ipv6(hi, lo)


def _mac(v: U64Array) -> pa.Array:
    nibbles = [
        _HEX[((v >> np.uint64(4 * k)) & np.uint64(15)).astype(np.intp)] for k in range(11, -1, -1)
    ]
    return _fill("##:##:##:##:##:##", nibbles)


def _unicast48(v: U64Array) -> U64Array:
    """47 bits -> a 48-bit address with the multicast bit (bit 40) clear."""
    return ((v >> np.uint64(40)) << np.uint64(41)) | (v & np.uint64((1 << 40) - 1))


def _b_mac(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _mac(_unicast48(s.words(rows) >> np.uint64(17)))


def _i_mac(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    return _mac(_unicast48(idx))


_UA_TEMPLATES: tuple[tuple[float, str], ...] = (
    (
        0.30,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.{B}.{P} Safari/537.36",
    ),
    (
        0.10,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.{B}.{P} Safari/537.36",
    ),
    (0.08, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{F}.0) Gecko/20100101 Firefox/{F}.0"),
    (0.04, "Mozilla/5.0 (X11; Linux x86_64; rv:{F}.0) Gecko/20100101 Firefox/{F}.0"),
    (
        0.08,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/{S}.{s} Safari/605.1.15",
    ),
    (
        0.15,
        "Mozilla/5.0 (iPhone; CPU iPhone OS {S}_{s} like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/{S}.{s} Mobile/15E148 Safari/604.1",
    ),
    (
        0.17,
        "Mozilla/5.0 (Linux; Android {A}; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.0.0 Mobile Safari/537.36",
    ),
    (
        0.08,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.0.0 Safari/537.36 Edg/{M}.0.{B}.{P}",
    ),
)
_UA_RANGES = {
    "M": (110, 131),
    "B": (5000, 6999),
    "P": (0, 199),
    "F": (115, 133),
    "S": (15, 18),
    "s": (0, 6),
    "A": (10, 15),
}


def _b_user_agent(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    fields = {k: _ints(s.sub(k), rows, lo, hi) for k, (lo, hi) in _UA_RANGES.items()}
    arrays = []
    for _, template in _UA_TEMPLATES:
        parts: list[pa.Array | str] = []
        for i, piece in enumerate(re.split(r"\{(\w)\}", template)):
            if i % 2:
                parts.append(fields[piece])
            elif piece:
                parts.append(piece)
        arrays.append(join(parts))
    return _choose(_weighted(s.sub("fmt"), rows, [w for w, _ in _UA_TEMPLATES]), arrays)


# -- color


def _hex_color(v: U64Array) -> pa.Array:
    nibbles = [
        _HEX[((v >> np.uint64(4 * k)) & np.uint64(15)).astype(np.intp)] for k in range(5, -1, -1)
    ]
    return join(["#", _fill("######", nibbles)])


def _rgb(v: U64Array) -> pa.Array:
    r, g, b = ((v >> np.uint64(sh)) & np.uint64(255) for sh in (16, 8, 0))
    return join(
        [
            "rgb(",
            int_strings(r.astype(np.int64)),
            ",",
            int_strings(g.astype(np.int64)),
            ",",
            int_strings(b.astype(np.int64)),
            ")",
        ]
    )


_HSL_SPACE = 360 * 101 * 101


def _hsl(v: U64Array) -> pa.Array:
    h = (v % np.uint64(360)).astype(np.int64)
    r = v // np.uint64(360)
    sat = (r % np.uint64(101)).astype(np.int64)
    lum = (r // np.uint64(101)).astype(np.int64)
    return join(["hsl(", int_strings(h), ", ", int_strings(sat), "%, ", int_strings(lum), "%)"])


def _word_kind(f: Callable[[U64Array], pa.Array], space: int) -> tuple[Build, Space, Index]:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return f(s.words(rows) % np.uint64(space))

    return build, (lambda d, ctx, p: space), (lambda d, ctx, p, idx: f(idx))


# -- finance

_BIC_COUNTRY = {"en": "US", "pt": "BR"}
_ISIN_COUNTRIES = (
    "US",
    "BR",
    "GB",
    "DE",
    "FR",
    "JP",
    "CA",
    "CH",
    "NL",
    "AU",
    "LU",
    "IE",
    "KY",
    "HK",
    "SE",
    "IT",
    "ES",
    "KR",
    "CN",
    "IN",
)
_ISIN_SPACE = len(_ISIN_COUNTRIES) * 36**9


def _b_bic(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    cc = _BIC_COUNTRY["pt" if d.lang == "pt" else "en"]
    bank = _chars(s.words(rows), [_UPPER] * 4)
    tail = _chars(s.sub("t").words(rows), [_ALNUM] * 5)
    country = [np.full(len(rows), ord(c), dtype=np.uint8) for c in cc]
    bic8 = _fill("########", bank + country + tail[:2])
    kind = _weighted(s.sub("k"), rows, (0.5, 0.2, 0.3))
    return _choose(kind, [bic8, join([bic8, "XXX"]), _fill("###########", bank + country + tail)])


def _isin(country: npt.NDArray[np.intp], body: U64Array) -> pa.Array:
    """ISINs from a country index and 9 base-36 digits, with the Luhn check digit, vectorized."""
    n = len(body)
    alphabet = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
    cc = np.frombuffer("".join(_ISIN_COUNTRIES).encode(), dtype=np.uint8).reshape(-1, 2)[country]
    vals = np.empty((n, 11), dtype=np.int64)  # character values 0-35
    vals[:, :2] = cc.astype(np.int64) - ord("A") + 10
    b = body.copy()
    for col in range(10, 1, -1):
        vals[:, col] = (b % np.uint64(36)).astype(np.int64)
        b //= np.uint64(36)
    # Expand to decimal digits, right to left; position 0 (rightmost) is doubled.
    total = np.zeros(n, dtype=np.int64)
    pos = np.zeros(n, dtype=np.int64)

    def add(digit: npt.NDArray[np.int64], where: npt.NDArray[np.bool_]) -> None:
        nonlocal total, pos
        doubled = digit * 2
        doubled = np.where(doubled > 9, doubled - 9, doubled)
        contrib = np.where(pos % 2 == 0, doubled, digit)
        total = total + np.where(where, contrib, 0)
        pos = pos + where.astype(np.int64)

    always = np.ones(n, dtype=bool)
    for col in range(10, -1, -1):
        v = vals[:, col]
        add(v % 10, always)
        add(v // 10, v >= 10)
    check = (10 - total % 10) % 10
    chars = alphabet[vals.astype(np.intp)]
    mat = np.empty((n, 12), dtype=np.uint8)
    mat[:, :11] = chars
    mat[:, 11] = (check + ord("0")).astype(np.uint8)
    return strings_from_matrix(mat)


def _i_isin(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    k = np.uint64(len(_ISIN_COUNTRIES))
    return _isin((idx % k).astype(np.intp), idx // k)


def _b_isin(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _i_isin(d, ctx, p, s.words(rows) % np.uint64(_ISIN_SPACE))


# -- address


def _b_city(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    last = d.last.pick(s.sub("l"), rows)
    suffix = d.city_suffix.pick(s.sub("suf"), rows)
    if d.lang == "pt":  # Faker pt_BR: 4x {last}, 3x {last} {suffix}, 1x {last} de {last}
        arrays = [
            last,
            join([last, " ", suffix]),
            join([last, " de ", d.last.pick(s.sub("l2"), rows)]),
        ]
        weights: tuple[float, ...] = (4, 3, 1)
    else:
        first = d.first.pick(s.sub("f"), rows)
        prefix = d.city_prefix.pick(s.sub("pre"), rows)
        arrays = [
            join([prefix, " ", first, suffix]),
            join([prefix, " ", first]),
            join([first, suffix]),
            join([last, suffix]),
        ]
        weights = (1, 1, 1, 1)
    return _choose(_weighted(s.sub("fmt"), rows, weights), arrays)


def _postal(plus4: bool) -> tuple[Build, Space, Index]:
    def zip5(d: LocaleData) -> tuple[int, int]:
        return (1_000_000, 99_999_999) if d.lang == "pt" else (501, 99_950)

    def fmt(d: LocaleData, v: npt.NDArray[np.int64]) -> pa.Array:
        if d.lang == "pt":
            return _fill("#####-###", _digit_cols(v, 8))
        return _fill("#####", _digit_cols(v, 5))

    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        lo, hi = zip5(d)
        base = fmt(d, s.integers(rows, lo, hi))
        if plus4 and d.lang != "pt":
            four = _fill("-####", _digit_cols(s.sub("p4").integers(rows, 0, 9999), 4))
            return join([base, _opt(s.sub("h4").bernoulli(rows, 0.2), four)])
        return base

    def space(d: LocaleData, ctx: GenContext, p: Any) -> int:
        lo, hi = zip5(d)
        return hi - lo + 1

    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        return fmt(d, idx.astype(np.int64) + zip5(d)[0])

    return build, space, index


def _b_street(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    kind = d.street_type.pick(s.sub("t"), rows)
    first = d.first.pick(s.sub("f"), rows)
    last = d.last.pick(s.sub("l"), rows)
    fmt = s.sub("fmt").choice(rows, 3 if d.lang == "pt" else 2)
    if d.lang == "pt":  # Faker pt_BR: {type} {last} | {type} {first} {last} | {type} de {last}
        arrays = [
            join([kind, " ", last]),
            join([kind, " ", first, " ", last]),
            join([kind, " de ", last]),
        ]
    else:
        arrays = [join([first, " ", kind]), join([last, " ", kind])]
    return _choose(fmt, arrays)


def _building(d: LocaleData) -> tuple[tuple[int, ...], tuple[float, ...]]:
    # widths and their weights, from Faker's formats (en: ###/####/#####; pt: %, %#, %##)
    return ((1, 2, 3), (0.2, 0.6, 0.2)) if d.lang == "pt" else ((3, 4, 5), (1, 1, 1))


def _b_building(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    widths, weights = _building(d)
    w = np.asarray(widths)[_weighted(s.sub("w"), rows, weights)]
    lo = 10 ** (w - 1)
    v = lo + (s.words(rows) % (9 * lo).astype(np.uint64)).astype(np.int64)
    return int_strings(v)


def _s_building(d: LocaleData, ctx: GenContext, p: Any) -> int:
    widths, _ = _building(d)
    return int(10 ** max(widths) - 10 ** (min(widths) - 1))


def _i_building(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    widths, _ = _building(d)
    return int_strings(idx.astype(np.int64) + 10 ** (min(widths) - 1))


def _pattern(template: str, s: Stream, rows: Rows, letters: str = "ABCDEFGH") -> pa.Array:
    """Faker's bothify, vectorized for ASCII: ``#`` 0-9, ``%`` 1-9, ``?`` one of ``letters``."""
    alphabets = {"#": "0123456789", "%": "123456789", "?": letters}
    holes = [alphabets[ch] for ch in template if ch in alphabets]
    cols = _chars(s.words(rows), holes)
    return _fill("".join("#" if ch in alphabets else ch for ch in template), cols)


def _b_secondary(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    formats = fb.PT_SECONDARY_FORMATS if d.lang == "pt" else d.attr("secondary_address_formats")
    arrays = [_pattern(str(f), s.sub(i), rows) for i, f in enumerate(formats)]
    return _choose(s.sub("fmt").choice(rows, len(arrays)), arrays)


# -- barcode

_ISBN_GROUPS = {"en": ("0", "1"), "pt": ("65", "85")}  # English; Brazil


def _isbn_groups(d: LocaleData) -> tuple[str, ...]:
    return _ISBN_GROUPS["pt" if d.lang == "pt" else "en"]


def _registrant_len(first_body_digit: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Registrant length from the first digit after the group (a simplified ISBN range table)."""
    return np.select(
        [first_body_digit <= 1, first_body_digit <= 6, first_body_digit <= 8], [2, 3, 4], 5
    )


def _isbn(d: LocaleData, group: npt.NDArray[np.intp], body: U64Array, thirteen: bool) -> pa.Array:
    groups = _isbn_groups(d)
    glen = len(groups[0])
    blen = 9 - glen
    n = len(body)
    prefix = "978" if thirteen else ""
    head = np.stack([np.frombuffer((prefix + g).encode(), dtype=np.uint8) for g in groups])[group]
    digits = np.concatenate([head - ord("0"), ascii_digits(body, blen) - ord("0")], axis=1).astype(
        np.int64
    )
    if thirteen:
        weights = np.tile([1, 3], 6)
        check = (10 - (digits @ weights) % 10) % 10
        check_char = (check + ord("0")).astype(np.uint8)
    else:
        total = digits @ np.arange(10, 1, -1)
        check = (11 - total % 11) % 11
        check_char = np.where(check == 10, ord("X"), check + ord("0")).astype(np.uint8)
    src = np.empty((n, digits.shape[1] + 2), dtype=np.uint8)
    src[:, :-2] = (digits + ord("0")).astype(np.uint8)
    src[:, -2] = check_char
    src[:, -1] = ord("-")
    hyphen, check_col = src.shape[1] - 1, src.shape[1] - 2
    p = len(prefix)
    layouts = []
    for reg in (2, 3, 4, 5):  # prefix-group-registrant-publication-check
        cols: list[int] = []
        if p:
            cols += [*range(p), hyphen]
        cols += [*range(p, p + glen), hyphen]
        cols += [*range(p + glen, p + glen + reg), hyphen]
        cols += [*range(p + glen + reg, p + glen + blen), hyphen, check_col]
        layouts.append(cols)
    maps = np.asarray(layouts, dtype=np.intp)
    reg_len = _registrant_len(digits[:, p + glen])
    out = np.take_along_axis(src, maps[reg_len - 2], axis=1)
    return strings_from_matrix(out)


def _isbn_kind(thirteen: bool) -> tuple[Build, Space, Index]:
    def space(d: LocaleData, ctx: GenContext, p: Any) -> int:
        groups = _isbn_groups(d)
        return int(len(groups) * 10 ** (9 - len(groups[0])))

    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        k = np.uint64(len(_isbn_groups(d)))
        return _isbn(d, (idx % k).astype(np.intp), idx // k, thirteen)

    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return index(d, ctx, p, s.words(rows) % np.uint64(space(d, ctx, p)))

    return build, space, index


# -- http, lorem, markdown, time


@functools.cache
def _http_codes() -> pa.Array:
    from faker.providers.internet import Provider

    return pa.array([str(c) for c in Provider.http_assigned_codes], pa.string())


def _b_wrapped(left: str, right: str) -> Build:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return join([left, d.words.pick(s, rows), right])

    return build


def _b_link(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    text = d.words.pick(s.sub("t"), rows)
    host = d.words.pick(s.sub("h"), rows)
    return join(["[", text, "](https://www.", host, ".", d.tlds.pick(s.sub("tld"), rows), "/)"])


_EPOCH = dt.date(1970, 1, 1)


def _days(ctx: GenContext) -> int:
    return max(0, (ctx.base_date - _EPOCH).days)


def _date_text(days: npt.NDArray[np.int64]) -> pa.Array:
    return pc.cast(pa.array(days.astype(np.int32), pa.date32()), pa.string())


def _datetime_text(seconds: npt.NDArray[np.int64]) -> pa.Array:
    ts = pa.array(seconds, pa.timestamp("s"))
    return pc.strftime(ts, format="%Y-%m-%dT%H:%M:%S")


_TIME_KINDS: dict[str, tuple[Build, Space, Index]] = {
    "date": (
        lambda d, ctx, p, s, rows: _date_text(s.integers(rows, 0, _days(ctx))),
        lambda d, ctx, p: _days(ctx) + 1,
        lambda d, ctx, p, idx: _date_text(idx.astype(np.int64)),
    ),
    "datetime": (
        lambda d, ctx, p, s, rows: _datetime_text(s.integers(rows, 0, _days(ctx) * 86400)),
        lambda d, ctx, p: _days(ctx) * 86400 + 1,
        lambda d, ctx, p, idx: _datetime_text(idx.astype(np.int64)),
    ),
}

# --------------------------------------------------------------------------------------------
# The alias table


@dataclass(frozen=True)
class Kind:
    """How one alias is made: natively (``build`` and optionally ``space``/``index``) or by its
    Faker target only (``build`` None)."""

    summary: str
    pii: frozenset[str] = frozenset()
    build: Build | None = None
    space: Space | None = None
    index: Index | None = None
    locale_free: bool = False
    params: type[Params] = NoParams
    fits: frozenset[TypeFamily] = TEXTUAL


def _k(
    summary: str, parts: tuple[Build, Space, Index], pii: frozenset[str] = frozenset(), **kw: Any
) -> Kind:
    build, space, index = parts
    return Kind(summary, pii, build, space, index, **kw)


_NET_FITS = TEXTUAL | {TypeFamily.NETWORK}


def _v(get: Callable[[LocaleData], Vocab]) -> tuple[Build, Space, Index]:
    return _vocab_kind(get)


_KINDS: dict[str, Kind] = {
    # person
    "semantic.person.first_name": _k(
        "A first name (Faker frequencies).", _v(lambda d: d.first), tags.NAME
    ),
    "semantic.person.last_name": _k(
        "A surname (Faker frequencies).", _v(lambda d: d.last), tags.NAME
    ),
    "semantic.person.name": Kind(
        "A full name; sex-consistent titles and suffixes, two surnames often in pt_BR.",
        tags.NAME,
        _b_name,
        _s_name,
        _i_name,
    ),
    "semantic.person.email": Kind(
        "An e-mail address at example.com/org/net (or the `domain` param); unique by construction.",
        tags.EMAIL,
        _email_build(False),
        _email_space(False),
        _email_index(False),
        params=EmailParams,
    ),
    "semantic.person.free_email": Kind(
        "An e-mail address at a free provider of the locale (gmail.com, bol.com.br, ...).",
        tags.EMAIL,
        _email_build(True),
        _email_space(True),
        _email_index(True),
    ),
    "semantic.person.username": Kind(
        "A user name (ana.souza17); unique by construction.",
        tags.NETWORK,
        _b_username,
        _s_username,
        _i_username,
    ),
    "semantic.person.phone": Kind(
        "A phone number ((11) 3456-7890 in pt_BR; (212) 555-0142 in en_US).",
        tags.PHONE,
        _phone_build(False),
        _phone_space(False),
        _phone_index(False),
    ),
    "semantic.person.cell": Kind(
        "A mobile number ((11) 98765-4321 in pt_BR).",
        tags.PHONE,
        _phone_build(True),
        _phone_space(True),
        _phone_index(True),
    ),
    "semantic.person.title": _k("A name title (Mr., Dra.).", _v(lambda d: d.prefix), tags.NAME),
    "semantic.person.suffix": _k("A name suffix (Jr., Filho).", _v(lambda d: d.suffix), tags.NAME),
    # company
    "semantic.company.name": Kind("A company name.", build=_b_company),
    "semantic.company.suffix": _k("A company suffix (Inc, Ltda.).", _v(lambda d: d.company_suffix)),
    "semantic.company.catch_phrase": Kind(
        "A company catch phrase.", build=_three(lambda d: d.catch)
    ),
    "semantic.company.bs": Kind(
        "Business-speak: verb, adjective, noun.", build=_three(lambda d: d.bs)
    ),
    "semantic.company.bs_verb": _k("A business-speak verb.", _v(lambda d: d.bs[0])),
    "semantic.company.bs_adj": _k("A business-speak adjective.", _v(lambda d: d.bs[1])),
    "semantic.company.bs_noun": _k("A business-speak noun.", _v(lambda d: d.bs[2])),
    "semantic.company.buzzword": _k("A buzzword.", _v(lambda d: d.buzzword)),
    "semantic.company.industry": _k("An industry name.", _v(lambda d: d.industry)),
    "semantic.company.profession": _k("A profession (Faker's job list).", _v(lambda d: d.jobs)),
    # internet
    "semantic.internet.ipv4": Kind(
        "A unicast IPv4 address (1-223, not 127); unique by construction.",
        tags.NETWORK,
        _b_ipv4,
        lambda d, ctx, p: _IPV4_SPACE,
        _i_ipv4,
        locale_free=True,
        fits=_NET_FITS,
    ),
    "semantic.internet.ipv6": Kind(
        "An IPv6 address; unique by construction.",
        tags.NETWORK,
        _b_ipv6,
        lambda d, ctx, p: 2**62,
        _i_ipv6,
        locale_free=True,
        fits=_NET_FITS,
    ),
    "semantic.internet.mac": Kind(
        "A unicast MAC address; unique by construction.",
        tags.NETWORK,
        _b_mac,
        lambda d, ctx, p: 2**47,
        _i_mac,
        locale_free=True,
        fits=_NET_FITS,
    ),
    "semantic.internet.domain_suffix": _k(
        "A top-level domain (com, com.br).", _v(lambda d: d.tlds)
    ),
    "semantic.internet.free_email_provider": _k(
        "A free e-mail domain of the locale.", _v(lambda d: d.free_domains)
    ),
    "semantic.internet.user_agent": Kind(
        "A current browser user agent (Chrome, Firefox, Safari, Edge; desktop and mobile).",
        build=_b_user_agent,
        locale_free=True,
    ),
    "semantic.internet.password": Kind(
        "A password (Faker; params length, special_chars, digits, upper_case, lower_case).",
        params=fb.PasswordParams,
    ),
    # color
    "semantic.color.hex": _k("A #rrggbb color.", _word_kind(_hex_color, 2**24), locale_free=True),
    "semantic.color.rgb": _k("An rgb(r,g,b) color.", _word_kind(_rgb, 2**24), locale_free=True),
    "semantic.color.hsl": _k(
        "An hsl(h, s%, l%) color.", _word_kind(_hsl, _HSL_SPACE), locale_free=True
    ),
    # finance
    "semantic.finance.bic": Kind("A BIC/SWIFT code of the locale's country.", build=_b_bic),
    "semantic.finance.isin": Kind(
        "An ISIN with a valid check digit; unique by construction.",
        build=_b_isin,
        space=lambda d, ctx, p: _ISIN_SPACE,
        index=_i_isin,
        locale_free=True,
    ),
    "semantic.finance.currency_code": _k("An ISO 4217 code.", _v(lambda d: d.currencies[0])),
    "semantic.finance.currency_name": _k("A currency name.", _v(lambda d: d.currencies[1])),
    "semantic.finance.currency_symbol": Kind(
        "A currency symbol.", build=_v(lambda d: d.currencies[2])[0]
    ),
    # address
    "semantic.address.city": Kind("A city name (Faker's patterns).", tags.LOCATION, _b_city),
    "semantic.address.state": _k("A state name.", _v(lambda d: d.states[0]), tags.LOCATION),
    "semantic.address.state_abbr": _k(
        "A state abbreviation.", _v(lambda d: d.states[1]), tags.LOCATION
    ),
    "semantic.address.country": _k("A country name.", _v(lambda d: d.countries), tags.LOCATION),
    "semantic.address.country_code": _k(
        "An ISO 3166 alpha-2 country code.", _v(lambda d: d.country_codes), tags.LOCATION
    ),
    "semantic.address.postcode": _k(
        "A postal code (CEP 12345-678 in pt_BR).", _postal(True), tags.LOCATION
    ),
    "semantic.address.zipcode": _k(
        "A 5-digit ZIP code (CEP in pt_BR).", _postal(False), tags.LOCATION
    ),
    "semantic.address.street": Kind("A street name (Rua ... in pt_BR).", tags.ADDRESS, _b_street),
    "semantic.address.street_suffix": _k(
        "A street type (Avenue; Rua, Avenida in pt_BR).", _v(lambda d: d.street_type), tags.ADDRESS
    ),
    "semantic.address.building_number": Kind(
        "A building number.", tags.ADDRESS, _b_building, _s_building, _i_building
    ),
    "semantic.address.secondary": Kind(
        "An apartment or suite (Apt. 123; Apto. 101).", tags.ADDRESS, _b_secondary
    ),
    "semantic.address.secondary_type": _k(
        "A secondary address type (Apt., Suite; Apto., Sala).",
        _v(lambda d: d.secondary_types),
        tags.ADDRESS,
    ),
    "semantic.address.timezone": _k(
        "An IANA time zone (Faker's country weighting).", _v(lambda d: d.timezones), tags.LOCATION
    ),
    # barcode, http, lorem, markdown, time
    "semantic.barcode.isbn10": _k(
        "A hyphenated ISBN-10 with a valid check digit.", _isbn_kind(False)
    ),
    "semantic.barcode.isbn13": _k(
        "A hyphenated ISBN-13 with a valid check digit.", _isbn_kind(True)
    ),
    "semantic.http.status_code": Kind(
        "An assigned HTTP status code (200, 404, ...).",
        build=lambda d, ctx, p, s, rows: take(_http_codes(), s.choice(rows, len(_http_codes()))),
        space=lambda d, ctx, p: len(_http_codes()),
        index=lambda d, ctx, p, idx: take(_http_codes(), idx),
        locale_free=True,
        fits=TEXTUAL | {TypeFamily.INTEGER},
    ),
    "semantic.lorem.word": _k("A lorem word.", _v(lambda d: d.words)),
    "semantic.markdown.bold": Kind("A **bold** word.", build=_b_wrapped("**", "**")),
    "semantic.markdown.italic": Kind("An *italic* word.", build=_b_wrapped("*", "*")),
    "semantic.markdown.link": Kind("A [word](https://...) link.", build=_b_link),
    "semantic.time.date": _k(
        "A date from 1970-01-01 to base_date (ISO text).",
        _TIME_KINDS["date"],
        locale_free=True,
        fits=TEXTUAL | {TypeFamily.DATE},
    ),
    "semantic.time.datetime": _k(
        "A UTC datetime from 1970 to base_date (YYYY-MM-DDTHH:MM:SS).",
        _TIME_KINDS["datetime"],
        locale_free=True,
        fits=TEXTUAL | {TypeFamily.TIMESTAMP},
    ),
}


# --------------------------------------------------------------------------------------------
# Generators


class SemanticAlias(Generator[Params]):
    """Base class of the ``semantic.*`` aliases (one subclass per alias)."""

    kind: ClassVar[Kind]
    target: ClassVar[str]

    def _native(self, ctx: GenContext) -> LocaleData | None:
        """The vocabularies to use natively, or None to run the Faker target."""
        if self.kind.build is None:
            return None
        if self.kind.locale_free:
            return _data("en_US")
        locale = (ctx.locale or "en_US").strip().replace("-", "_")
        return _data(locale) if locale in NATIVE_LOCALES else None

    def generate(self, ctx: GenContext, params: Params, rows: Rows) -> pa.Array:
        d = self._native(ctx)
        if d is None or self.kind.build is None:
            if isinstance(params, EmailParams) and params.domain:
                return self._email_on_faker(ctx, params, rows)
            return fb.run_raw(self.target, ctx, params, rows, stream_id=self.id)
        return self.kind.build(d, ctx, params, ctx.stream(self.id, params), rows)

    def _email_on_faker(self, ctx: GenContext, params: EmailParams, rows: Rows) -> pa.Array:
        domain = params.domain

        def bind(env: fb.FakerEnv) -> Callable[[], object]:
            user_name = env.fake.user_name
            return lambda: f"{user_name()}@{domain}"

        return pa.array(fb.faker_rows(self.id, ctx, params, rows, self.id, bind), pa.string())

    def value_space(self, ctx: GenContext, params: Params) -> int | None:
        d = self._native(ctx)
        if d is None or self.kind.space is None:
            return None
        return self.kind.space(d, ctx, params)

    def from_index(self, ctx: GenContext, params: Params, idx: npt.NDArray[np.uint64]) -> pa.Array:
        d = self._native(ctx)
        if d is None or self.kind.index is None:
            raise NotImplementedError(
                f"{self.id} cannot build unique values in locale {ctx.locale}"
            )
        return self.kind.index(d, ctx, params, _as_u64(idx))


def _make(alias_id: str, kind: Kind) -> SemanticAlias:
    target = ALIASES[alias_id]
    attrs: dict[str, object] = {
        "id": alias_id,
        "summary": kind.summary,
        "kind": kind,
        "target": target,
        "params_model": kind.params,
        "output": TypeFamily.TEXT,
        "fits": kind.fits,
        "pii": kind.pii,
        "locales": None if kind.build is None or kind.locale_free else NATIVE_LOCALES,
        "__doc__": f"{kind.summary} (alias of ``{target}``)",
    }
    name = "Semantic_" + alias_id.removeprefix("semantic.").replace(".", "_")
    return type(name, (SemanticAlias,), attrs)()  # type: ignore[no-any-return]


#: Every alias generator, by ID (also in the registry).
ALIAS_GENERATORS: dict[str, SemanticAlias] = {a: _make(a, _KINDS[a]) for a in ALIASES}
for _gen in ALIAS_GENERATORS.values():
    register_instance(_gen)
