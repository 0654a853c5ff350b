"""Faker-backed generators: the 108 ``faker.<module>.raw.<Struct>`` IDs of the original catalog,
and ``faker.provider``, which reaches any other public method of Python Faker.

The original generated these IDs with the Rust ``fake`` crate (module and struct names come from
there). Here every ID maps onto a Python Faker provider method; where Faker has no exact
equivalent the value is composed from Faker calls, following what ``fake`` produced. The 19 IDs
that ``fake`` parameterizes (the original rejected them) take params.

Mapping (``module.Struct`` -> Faker; ``+`` composed here; "pt" means the value for Portuguese
locales, where Faker has no data of its own):

==================================  ==========================================================
address.BuildingNumber              ``building_number()``
address.CityName                    ``city()``
address.CityPrefix                  ``city_prefix()``; pt + Nova/São/Santa/Porto/...
address.CitySuffix                  ``city_suffix()``
address.CountryCode                 ``country_code()``
address.CountryName                 ``country()``
address.Geohash {precision}         + ``lexify()`` over the geohash base32 alphabet (a uniform
                                    random cell, as ``fake`` encoded a uniform random point)
address.Latitude / Longitude        ``latitude()`` / ``longitude()`` as text
address.PostCode                    ``postcode()``
address.SecondaryAddress            ``secondary_address()``; pt + "Apto. 101", "Sala 12", ...
address.SecondaryAddressType        + the type words of Faker's secondary address formats
address.StateAbbr / StateName       ``state_abbr()`` / ``state()``
address.StreetName                  ``street_name()``
address.StreetSuffix                ``street_suffix()``; pt ``street_prefix()`` (Rua, Avenida:
                                    Portuguese puts the street type first)
address.TimeZone                    ``timezone()``
address.ZipCode                     ``zipcode()``, else ``postcode()``
barcode.Isbn / Isbn10 / Isbn13      ``isbn10()`` or ``isbn13()`` (50/50) / ``isbn10()`` /
                                    ``isbn13()``
boolean.Boolean {ratio}             native: true with probability ``ratio``/100, the semantics of
                                    ``boolean(chance_of_getting_true=ratio)``; BOOLEAN output
chrono|time.Date                    ``date_time_between(1970-01-01, base_date)`` -> ISO date
chrono|time.DateTime                same -> ``YYYY-MM-DDTHH:MM:SS`` (UTC, no offset)
chrono|time.Time                    same -> ``HH:MM:SS``
chrono|time.Duration                ``random_int(0, 31536000)``: whole seconds, up to a year
chrono|time.DateTimeBetween         ``date_time_between(start, end)``; ``start``/``end`` are ISO
  {start, end}                      dates or datetimes, ``now``/``today`` or offsets such as
                                    ``-30y``, ``+2w3d``, all relative to ``base_date``
chrono|time.DateTimeAfter {date}    ``date_time_between(date + 1 min, date + 1e6 min)`` (the
                                    ``fake`` bound); Before is the mirror image
color.Color                         ``color_name()`` (``fake`` printed five formats on five lines)
color.HexColor                      ``hex_color()``
color.RgbColor / RgbaColor          ``rgb_css_color()`` / + ``rgba(r,g,b,a)``
color.HslColor / HslaColor          + ``hsl(h, s%, l%)`` / ``hsla(...)`` from ``color_hsl()``
company.Bs                          ``bs()``
company.BsVerb / BsAdj / BsNoun     one word of each of Faker's three ``bs`` word lists
company.Buzzword / BuzzwordMiddle   one word of each of Faker's three ``catch_phrase`` lists
  / BuzzwordTail
company.CatchPhrase                 ``catch_phrase()``
company.CompanyName / Suffix        ``company()`` / ``company_suffix()``
company.Industry                    + industry names (English and Portuguese lists below)
company.Profession                  ``job()``
creditcard.CreditCardNumber         ``credit_card_number()``
currency.CurrencyCode / Name /      ``currency_code()`` / ``currency_name()`` /
  Symbol                            ``currency_symbol()``
filesystem.DirPath                  + directory part of ``file_path(depth=1..4)``
filesystem.FileExtension / FileName ``file_extension()`` / ``file_name()``
filesystem.FilePath                 ``file_path(depth=1..4)``
filesystem.MimeType                 ``mime_type()``
filesystem.Semver / SemverStable /  + ``major.minor.patch`` (0-8, 0-19, 0-19) with a pre-release
  SemverUnstable                    ``-alpha.N``/``-beta.N``/``-rc.N`` in 10% / never / always
finance.Bic                         ``swift()``
finance.Isin                        + ``country_code()`` + 9 alphanumerics + Luhn check digit
http.RfcStatusCode                  ``http_status_code(include_unassigned=False)`` as "404 Not
                                    Found" (``fake`` printed the status line)
http.ValidStatusCode                ``http_status_code()`` (100-599) as "404"
internet.DomainSuffix               ``tld()``
internet.FreeEmail / Provider       ``free_email()`` / ``free_email_domain()``
internet.IP / IPv4 / IPv6           ``ipv4()`` or ``ipv6()`` (50/50) / ``ipv4()`` / ``ipv6()``
internet.MACAddress                 ``mac_address()``
internet.Password {length,          ``password(length, special_chars, digits, upper_case,
  special_chars, digits, upper_case, lower_case)``
  lower_case}
internet.SafeEmail / UserAgent /    ``safe_email()`` / ``user_agent()`` / ``user_name()``
  Username
job.Seniority / Field / Position /  + seniority, field and position lists (English and Portuguese,
  Title                             below); Title joins the three
lorem.Word / Words {count}          ``word()`` / ``words(nb=count)`` joined by spaces
lorem.Sentence {words, variable}    ``sentence(nb_words, variable_nb_words)``
lorem.Sentences {count}             ``sentences(nb=count)`` joined by spaces
lorem.Paragraph {sentences,         ``paragraph(nb_sentences, variable_nb_sentences)``
  variable}
lorem.Paragraphs {count}            ``paragraphs(nb=count)`` joined by blank lines
markdown.BoldWord / ItalicWord      + ``**word**`` / ``*word*``
markdown.Link                       + ``[word](url(schemes=["https"]))``
markdown.BulletPoints / ListItems   + ``count`` lines ``- word`` / ``1. word``
  {count}
markdown.BlockQuoteSingleLine       + ``> `` + ``sentence(nb_words=count)``
  {count}
markdown.BlockQuoteMultiLine        + ``count`` lines ``> sentence``
  {count}
markdown.Code {count}               + a fenced block of ``count`` sentences
name.FirstName / LastName / Name    ``first_name()`` / ``last_name()`` / ``name()``
name.NameWithTitle                  + ``prefix() first_name() last_name()``
name.Suffix / Title                 ``suffix()`` (pt + Filho/Neto/Júnior/Sobrinho) / ``prefix()``
number.Digit                        ``random_digit()``
phone_number.CellNumber             ``cellphone_number()``, else ``basic_phone_number()``, else
                                    ``phone_number()``
phone_number.PhoneNumber            ``phone_number()``
==================================  ==========================================================

Lists joined by ``fake`` with a space (the original's rendering) are joined here by a space too,
except markdown lists and paragraphs, which use line breaks so the text stays valid markdown.
Values are TEXT (typed dates as ISO text), except ``boolean.Boolean``, which is BOOLEAN.

Locales: ``ctx.locale`` (the rule's locale, else the plan's, else ``en_US``). Every ID works in
``en_US`` and ``pt_BR``, and in any other locale of ``faker.config.AVAILABLE_LOCALES`` where Faker
has the data (``unsupported_locale`` otherwise).

Determinism: Faker is called once per row, which is the only per-row Python the contract allows.
Row ``i`` reseeds a private ``random.Random`` with word ``i`` of the counter-based stream and then
calls Faker, so a value depends on (key, row index) only. One Faker instance per locale and thread;
``Faker.seed()`` (class-level state) is never called. Before a (generator, locale, params) is used
the first time, 16 probe rows run under a profiler hook and the call is refused
(``nondeterministic_faker_method``) if it reads the clock or the global random generators, which a
few Faker methods do.

Throughput (one core, 100k rows, Faker 40.54; shared machine, so +-30%): reseeding costs about
5 microseconds per row. ``faker.name.raw.Name`` pt_BR ~70k values/s against ~120k/s for plain
``Faker.name()``; ``faker.name.raw.FirstName`` pt_BR ~150k/s against ~880k/s. The raw IDs pick
uniformly from Faker's lists, as the ``fake`` crate did (Faker's frequency weighting makes en_US
names ~10x slower: ~9k/s). The native ``semantic.person.*`` generators keep the weights and make
over a million values/s; prefer them wherever they fit.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> gen = RAW_GENERATORS["faker.name.raw.FirstName"]
    >>> ctx = GenContext.for_column(seed=1, table="crm.leads", column="nome", locale="pt_BR")
    >>> len(gen.generate(ctx, gen.parse_params(None), np.arange(3)))
    3
"""

from __future__ import annotations

import datetime as dt
import inspect
import posixpath
import random as _stdlib_random
import re
import sys
import threading
import time as _time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from types import FrameType
from typing import Any, ClassVar

import faker.generator as _faker_generator_module
import pyarrow as pa
from faker import Factory
from faker.config import AVAILABLE_LOCALES
from pydantic import Field, JsonValue, field_validator, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import canonical_json
from datalchemy.errors import GenerationError
from datalchemy.generators import pii as tags
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, NoParams, Params, Rows
from datalchemy.generators.registry import register_instance

__all__ = [
    "INDUSTRIES",
    "JOB_FIELDS",
    "JOB_POSITIONS",
    "JOB_SENIORITIES",
    "PT_CITY_PREFIXES",
    "PT_NAME_SUFFIXES",
    "PT_SECONDARY_FORMATS",
    "RAW_GENERATORS",
    "RAW_SPECS",
    "FakerEnv",
    "FakerProvider",
    "FakerRaw",
    "RawSpec",
    "faker_for",
    "faker_rows",
    "isin_check_digit",
    "resolve_locale",
    "resolve_when",
    "run_raw",
]

FakerGen = Any  # faker.generator.Generator: provider methods are attached at runtime


# --------------------------------------------------------------------------------------------
# Word lists Faker lacks (shared with semantic.py). English follows the ``fake`` crate's kinds;
# the Portuguese lists are written for Brazilian data.


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


#: Street-address complements for Portuguese locales (``#`` a digit, ``%`` 1-9, ``?`` a letter).
PT_SECONDARY_FORMATS: tuple[str, ...] = _split(
    "Apto. %0#|Apto. %#|Sala %#|Casa %|Bloco ?|Loja %|Conjunto %#|Lote %#"
)
PT_CITY_PREFIXES: tuple[str, ...] = _split(
    "Nova|Novo|São|Santa|Santo|Porto|Vila|Campo|Lagoa|Bom|Boa|Alto|Barra"
)
#: (suffix, weight): Brazilian generational suffixes.
PT_NAME_SUFFIXES: tuple[tuple[str, float], ...] = (
    ("Filho", 0.5),
    ("Júnior", 0.25),
    ("Neto", 0.2),
    ("Sobrinho", 0.05),
)
INDUSTRIES: Mapping[str, tuple[str, ...]] = {
    "en": _split(
        "Accounting|Aerospace|Agriculture|Apparel & Fashion|Automotive|Banking|Biotechnology|"
        "Chemicals|Civil Engineering|Computer Software|Construction|Consumer Electronics|"
        "Consumer Goods|Education|E-Learning|Entertainment|Environmental Services|"
        "Financial Services|Food & Beverages|Government Administration|Health Care|"
        "Hospitality|Human Resources|Information Technology|Insurance|Internet|Legal Services|"
        "Logistics & Supply Chain|Management Consulting|Manufacturing|Marketing & Advertising|"
        "Media Production|Medical Devices|Mining & Metals|Nonprofit|Oil & Energy|"
        "Pharmaceuticals|Publishing|Real Estate|Renewables|Research|Restaurants|Retail|"
        "Security|Sports|Telecommunications|Textiles|Transportation|Travel & Tourism|"
        "Utilities|Venture Capital|Wholesale"
    ),
    "pt": _split(
        "Agronegócio|Alimentos e Bebidas|Armazenagem|Automotivo|Bancos|Biotecnologia|"
        "Comércio Atacadista|Comércio Varejista|Construção Civil|Consultoria|Contabilidade|"
        "Cosméticos|Educação|Energia|Engenharia|Entretenimento|Esportes|Farmacêutico|"
        "Hotelaria|Imobiliário|Indústria Química|Internet|Jurídico|Logística|"
        "Marketing e Publicidade|Mineração|Moda e Vestuário|Óleo e Gás|"
        "Organizações sem Fins Lucrativos|Papel e Celulose|Pesquisa|Petroquímico|"
        "Recursos Humanos|Restaurantes|Saneamento|Saúde|Seguros|Serviços Financeiros|"
        "Siderurgia|Software|Tecnologia da Informação|Telecomunicações|Têxtil|Transporte|"
        "Turismo"
    ),
}
JOB_SENIORITIES: Mapping[str, tuple[str, ...]] = {
    "en": _split(
        "Junior|Senior|Lead|Principal|Staff|Chief|Associate|Assistant|Regional|National|"
        "Global|Corporate"
    ),
    "pt": _split(
        "Júnior|Pleno|Sênior|Trainee|Especialista|Líder|Principal|Regional|Nacional|Corporativo"
    ),
}
JOB_FIELDS: Mapping[str, tuple[str, ...]] = {
    "en": _split(
        "Accounting|Administration|Customer Service|Data|Design|Engineering|Finance|"
        "Human Resources|IT|Legal|Logistics|Marketing|Operations|Procurement|Product|Quality|"
        "Research|Sales|Security|Support"
    ),
    "pt": _split(
        "Administração|Atendimento|Compras|Contabilidade|Dados|Design|Engenharia|Finanças|"
        "Jurídico|Logística|Marketing|Operações|Pesquisa|Produto|Qualidade|Recursos Humanos|"
        "Segurança|Suporte|TI|Vendas"
    ),
}
JOB_POSITIONS: Mapping[str, tuple[str, ...]] = {
    "en": _split(
        "Administrator|Agent|Analyst|Architect|Assistant|Consultant|Coordinator|Designer|"
        "Developer|Director|Engineer|Executive|Manager|Officer|Planner|Representative|"
        "Specialist|Strategist|Supervisor|Technician"
    ),
    "pt": _split(
        "Administrador|Agente|Analista|Arquiteto|Assistente|Auxiliar|Consultor|Coordenador|"
        "Desenvolvedor|Designer|Diretor|Engenheiro|Especialista|Executivo|Gerente|Operador|"
        "Planejador|Representante|Supervisor|Técnico"
    ),
}

_GEOHASH_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz"
_ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_EPOCH = dt.datetime(1970, 1, 1)
_ONE_MINUTE = dt.timedelta(minutes=1)
_FAKE_RS_MINUTES = dt.timedelta(minutes=1_000_000)  # ``fake``'s bound for DateTimeAfter/Before
_PRERELEASES = ("alpha", "beta", "rc")


def isin_check_digit(body: str) -> int:
    """The ISIN check digit of 11 characters (letters count as 10-35, then Luhn).

    Example:
        >>> isin_check_digit("US037833100")  # Apple Inc.
        5
    """
    digits = "".join(str(int(c, 36)) for c in body)
    total = 0
    for pos, ch in enumerate(reversed(digits)):
        d = int(ch)
        if pos % 2 == 0:  # doubled: the check digit will sit to the right
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


# --------------------------------------------------------------------------------------------
# Locales and Faker instances

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


# --------------------------------------------------------------------------------------------
# Dates relative to base_date

_REL = re.compile(r"^([+-])((?:\d+[yMwdhms])+)$")
_REL_PART = re.compile(r"(\d+)([yMwdhms])")


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    total = value.year * 12 + (value.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    for day in (value.day, 30, 29, 28):
        try:
            return value.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(f"month arithmetic failed for {value}")  # pragma: no cover


def resolve_when(text: str, base: dt.date) -> dt.datetime:
    """A naive UTC datetime from an ISO date/datetime, ``now``/``today`` or an offset.

    Offsets count from ``base`` at midnight: ``-30y``, ``+2w3d``, ``-1M`` (units ``y M w d h m s``).
    The clock is never read.

    Raises:
        ValueError: the text is none of these, or falls outside years 1-9999.

    Example:
        >>> resolve_when("-1y2M", dt.date(2024, 3, 31))
        datetime.datetime(2023, 1, 31, 0, 0)
    """
    t = text.strip()
    midnight = dt.datetime(base.year, base.month, base.day)
    if t in ("now", "today"):
        return midnight
    m = _REL.match(t)
    try:
        if m:
            sign = 1 if m.group(1) == "+" else -1
            months = 0
            delta = dt.timedelta()
            for num, unit in _REL_PART.findall(m.group(2)):
                n = int(num)
                if unit == "y":
                    months += 12 * n
                elif unit == "M":
                    months += n
                else:
                    key = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
                    delta += dt.timedelta(**{key[unit]: n})
            return _add_months(midnight, sign * months) + sign * delta
        value = dt.datetime.fromisoformat(t)
    except (OverflowError, ValueError) as exc:
        if m:
            raise ValueError(f"{text!r} falls outside years 1-9999") from exc
        raise ValueError(
            f"cannot read {text!r}: use an ISO date or datetime, 'now', or an offset such as "
            "'-30y' or '+2w3d' (relative to the plan's base_date)"
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _relative(text: str) -> bool:
    t = text.strip()
    return t in ("now", "today") or bool(_REL.match(t))


def _check_when(value: str) -> str:
    resolve_when(value, dt.date(2024, 1, 1))
    return value


# --------------------------------------------------------------------------------------------
# Params of the parameterized IDs

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

    _check = field_validator("start", "end")(_check_when)

    @model_validator(mode="after")
    def _ordered(self) -> BetweenParams:
        if _relative(self.start) != _relative(self.end):
            return self  # only base_date can tell; checked when generating
        base = dt.date(2024, 1, 1)
        if resolve_when(self.start, base) > resolve_when(self.end, base):
            raise ValueError(f"start {self.start!r} is after end {self.end!r}")
        return self


class AnchorParams(Params):
    date: str = Field("now", description="The reference datetime. " + _WHEN)

    _check = field_validator("date")(_check_when)


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


# --------------------------------------------------------------------------------------------
# Binders: (Faker environment, params) -> a zero-argument call made once per row


@dataclass(frozen=True)
class FakerEnv:
    """What a binder may use: the Faker generator (reseeded per row by the caller) and the dates."""

    fake: FakerGen
    locale: str
    base: dt.datetime  # base_date at midnight, naive UTC

    @property
    def lang(self) -> str:
        return self.locale.split("_", 1)[0]


Call = Callable[[], object]
Binder = Callable[[FakerEnv, Any], Call]
NativeFn = Callable[[GenContext, Any, Rows, str], pa.Array]


class _Unavailable(Exception):
    """The locale's Faker has no data for this ID."""


def _method(env: FakerEnv, *names: str) -> Callable[..., Any]:
    for name in names:
        m = getattr(env.fake, name, None)
        if callable(m):
            return m  # type: ignore[no-any-return]
    raise _Unavailable(names[0])


def _provider_data(fake: FakerGen, attr: str) -> Any:
    """A data attribute of the highest-priority provider that has it (as Faker resolves it)."""
    for provider in fake.get_providers():
        value = getattr(provider, attr, None)
        if value is not None and not callable(value):
            return value
    raise _Unavailable(attr)


def m(*names: str) -> Binder:
    """Bind the first Faker method of ``names`` that the locale has (text results as they are)."""

    def bind(env: FakerEnv, params: Any) -> Call:
        return _method(env, *names)

    return bind


def m_str(name: str) -> Binder:
    """Bind a Faker method whose result is not text (Decimal, int) and render it as text."""

    def bind(env: FakerEnv, params: Any) -> Call:
        f = _method(env, name)
        return lambda: str(f())

    return bind


def _pick(env: FakerEnv, values: tuple[str, ...] | list[str]) -> Call:
    choice = env.fake.random_element
    seq = tuple(values)
    return lambda: choice(seq)


def _lang_list(table: Mapping[str, tuple[str, ...]], env: FakerEnv) -> tuple[str, ...]:
    return table["pt"] if env.lang == "pt" else table["en"]


def _b_city_prefix(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        return _pick(env, PT_CITY_PREFIXES)
    return _method(env, "city_prefix")


def _b_geohash(env: FakerEnv, params: GeohashParams) -> Call:
    lexify = env.fake.lexify
    pattern = "?" * params.precision
    return lambda: lexify(pattern, letters=_GEOHASH_ALPHABET)


def _b_secondary(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        bothify = env.fake.bothify
        choice = env.fake.random_element
        return lambda: bothify(choice(PT_SECONDARY_FORMATS), letters="ABCDEFGH")
    return _method(env, "secondary_address")


def _secondary_types(env: FakerEnv) -> tuple[str, ...]:
    if env.lang == "pt":
        return tuple(dict.fromkeys(f.split(" ", 1)[0] for f in PT_SECONDARY_FORMATS))
    formats = _provider_data(env.fake, "secondary_address_formats")
    return tuple(dict.fromkeys(str(f).rsplit(" ", 1)[0] for f in formats))


def _b_secondary_type(env: FakerEnv, params: Any) -> Call:
    return _pick(env, _secondary_types(env))


def _b_street_suffix(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        return _method(env, "street_prefix")
    return _method(env, "street_suffix")


def _b_isbn(env: FakerEnv, params: Any) -> Call:
    i10, i13, rnd = env.fake.isbn10, env.fake.isbn13, env.fake.random.random
    return lambda: i10() if rnd() < 0.5 else i13()


def _between(env: FakerEnv, start: dt.datetime, end: dt.datetime) -> Callable[[], dt.datetime]:
    between = env.fake.date_time_between
    return lambda: between(start_date=start, end_date=end)


def _dt_text(f: Callable[[], dt.datetime]) -> Call:
    return lambda: f().isoformat(sep="T", timespec="seconds")


def _b_date(env: FakerEnv, params: Any) -> Call:
    f = _between(env, _EPOCH, env.base)
    return lambda: f().date().isoformat()


def _b_datetime(env: FakerEnv, params: Any) -> Call:
    return _dt_text(_between(env, _EPOCH, env.base))


def _b_time(env: FakerEnv, params: Any) -> Call:
    f = _between(env, _EPOCH, env.base)
    return lambda: f().strftime("%H:%M:%S")


def _b_duration(env: FakerEnv, params: Any) -> Call:
    ri = env.fake.random_int
    return lambda: str(ri(0, 31_536_000))


def _when(text: str, env: FakerEnv) -> dt.datetime:
    try:
        return resolve_when(text, env.base.date())
    except ValueError as exc:
        raise GenerationError("invalid_params", str(exc)) from None


def _b_between(env: FakerEnv, params: BetweenParams) -> Call:
    start, end = _when(params.start, env), _when(params.end, env)
    if start > end:
        raise GenerationError(
            "invalid_params",
            f"start {params.start!r} ({start:%Y-%m-%d %H:%M}) is after end {params.end!r} "
            f"({end:%Y-%m-%d %H:%M}) for base_date {env.base:%Y-%m-%d}",
            hint="swap start and end, or use absolute dates",
        )
    return _dt_text(_between(env, start, end))


def _b_after(env: FakerEnv, params: AnchorParams) -> Call:
    anchor = _when(params.date, env)
    return _dt_text(_between(env, anchor + _ONE_MINUTE, anchor + _FAKE_RS_MINUTES))


def _b_before(env: FakerEnv, params: AnchorParams) -> Call:
    anchor = _when(params.date, env)
    return _dt_text(_between(env, anchor - _FAKE_RS_MINUTES, anchor - _ONE_MINUTE))


def _b_rgba(env: FakerEnv, params: Any) -> Call:
    rgb, rnd = env.fake.color_rgb, env.fake.random.random

    def call() -> str:
        r, g, b = rgb()
        return f"rgba({r},{g},{b},{round(rnd(), 2)})"

    return call


def _b_hsl(env: FakerEnv, params: Any) -> Call:
    hsl = env.fake.color_hsl

    def call() -> str:
        h, s, lum = hsl()
        return f"hsl({h}, {s}%, {lum}%)"

    return call


def _b_hsla(env: FakerEnv, params: Any) -> Call:
    hsl, rnd = env.fake.color_hsl, env.fake.random.random

    def call() -> str:
        h, s, lum = hsl()
        return f"hsla({h}, {s}%, {lum}%, {round(rnd(), 2)})"

    return call


def _b_word_list(attr: str, index: int) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        return _pick(env, tuple(_provider_data(env.fake, attr)[index]))

    return bind


def _b_lang_list(table: Mapping[str, tuple[str, ...]]) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        return _pick(env, _lang_list(table, env))

    return bind


def _b_job_title(env: FakerEnv, params: Any) -> Call:
    choice = env.fake.random_element
    sen, fld, pos = (_lang_list(t, env) for t in (JOB_SENIORITIES, JOB_FIELDS, JOB_POSITIONS))
    if env.lang == "pt":
        return lambda: f"{choice(pos)} de {choice(fld)} {choice(sen)}"
    return lambda: f"{choice(sen)} {choice(fld)} {choice(pos)}"


def _b_dir_path(env: FakerEnv, params: Any) -> Call:
    fp, ri = env.fake.file_path, env.fake.random_int
    return lambda: posixpath.dirname(fp(depth=ri(2, 5)))


def _b_file_path(env: FakerEnv, params: Any) -> Call:
    fp, ri = env.fake.file_path, env.fake.random_int
    return lambda: fp(depth=ri(1, 4))


def _b_semver(pre_probability: float) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        rnd = env.fake.random

        def call() -> str:
            pre = ""
            if pre_probability >= 1.0 or (pre_probability > 0 and rnd.random() < pre_probability):
                pre = f"-{rnd.choice(_PRERELEASES)}.{rnd.randint(0, 8)}"
            return f"{rnd.randint(0, 8)}.{rnd.randint(0, 19)}.{rnd.randint(0, 19)}{pre}"

        return call

    return bind


def _b_isin(env: FakerEnv, params: Any) -> Call:
    cc, lexify = env.fake.country_code, env.fake.lexify

    def call() -> str:
        body = cc() + lexify("?????????", letters=_ALNUM_UPPER)
        return f"{body}{isin_check_digit(body)}"

    return call


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Unknown"


def _b_rfc_status(env: FakerEnv, params: Any) -> Call:
    status = env.fake.http_status_code
    return lambda: (lambda c: f"{c} {_phrase(c)}")(status(include_unassigned=False))


def _b_ip(env: FakerEnv, params: Any) -> Call:
    v4, v6, rnd = env.fake.ipv4, env.fake.ipv6, env.fake.random.random
    return lambda: v4() if rnd() < 0.5 else v6()


def _b_password(env: FakerEnv, params: PasswordParams) -> Call:
    pw = env.fake.password
    kw = params.model_dump()
    return lambda: pw(**kw)


def _b_words(env: FakerEnv, params: CountParams) -> Call:
    words, n = env.fake.words, params.count
    return lambda: " ".join(words(nb=n))


def _b_sentence(env: FakerEnv, params: SentenceParams) -> Call:
    sentence, n, var = env.fake.sentence, params.words, params.variable
    return lambda: sentence(nb_words=n, variable_nb_words=var)


def _b_sentences(env: FakerEnv, params: CountParams) -> Call:
    sentences, n = env.fake.sentences, params.count
    return lambda: " ".join(sentences(nb=n))


def _b_paragraph(env: FakerEnv, params: ParagraphParams) -> Call:
    paragraph, n, var = env.fake.paragraph, params.sentences, params.variable
    return lambda: paragraph(nb_sentences=n, variable_nb_sentences=var)


def _b_paragraphs(env: FakerEnv, params: ParagraphsParams) -> Call:
    paragraphs, n = env.fake.paragraphs, params.count
    return lambda: "\n\n".join(paragraphs(nb=n))


def _b_wrap_word(left: str, right: str) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        word = env.fake.word
        return lambda: f"{left}{word()}{right}"

    return bind


def _b_link(env: FakerEnv, params: Any) -> Call:
    word, url = env.fake.word, env.fake.url
    return lambda: f"[{word()}]({url(schemes=['https'])})"


def _b_bullets(env: FakerEnv, params: LinesParams) -> Call:
    words, n = env.fake.words, params.count
    return lambda: "\n".join(f"- {w}" for w in words(nb=n))


def _b_list_items(env: FakerEnv, params: LinesParams) -> Call:
    words, n = env.fake.words, params.count
    return lambda: "\n".join(f"{i}. {w}" for i, w in enumerate(words(nb=n), 1))


def _b_quote_line(env: FakerEnv, params: QuoteParams) -> Call:
    sentence, n = env.fake.sentence, params.count
    return lambda: "> " + sentence(nb_words=n)


def _b_quote_lines(env: FakerEnv, params: LinesParams) -> Call:
    sentences, n = env.fake.sentences, params.count
    return lambda: "\n".join("> " + s for s in sentences(nb=n))


def _b_code(env: FakerEnv, params: CodeParams) -> Call:
    sentences, n = env.fake.sentences, params.count
    return lambda: "```\n" + "\n".join(sentences(nb=n)) + "\n```"


def _b_name_with_title(env: FakerEnv, params: Any) -> Call:
    prefix, first, last = env.fake.prefix, env.fake.first_name, env.fake.last_name
    return lambda: f"{prefix()} {first()} {last()}"


def _b_suffix(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        values = [s for s, _ in PT_NAME_SUFFIXES]
        weights = [w for _, w in PT_NAME_SUFFIXES]
        choices = env.fake.random.choices
        return lambda: choices(values, weights)[0]
    return _method(env, "suffix")


def _n_boolean(ctx: GenContext, params: BooleanParams, rows: Rows, stream_id: str) -> pa.Array:
    return pa.array(ctx.stream(stream_id, params).uniform(rows) * 100.0 < params.ratio)


# --------------------------------------------------------------------------------------------
# The catalog table


@dataclass(frozen=True)
class RawSpec:
    """One ``faker.<module>.raw.<Struct>`` ID."""

    module: str
    struct: str
    summary: str
    bind: Binder
    params: type[Params] = NoParams
    pii: frozenset[str] = frozenset()
    output: TypeFamily = TypeFamily.TEXT
    native: NativeFn | None = None

    @property
    def id(self) -> str:
        return f"faker.{self.module}.raw.{self.struct}"


def _no_bind(env: FakerEnv, params: Any) -> Call:  # pragma: no cover - native IDs never bind
    raise AssertionError("native spec")


def _chrono(module: str) -> list[RawSpec]:
    return [
        RawSpec(module, "Date", "A date between 1970-01-01 and base_date (ISO text).", _b_date),
        RawSpec(module, "DateTime", "A UTC datetime up to base_date (ISO text).", _b_datetime),
        RawSpec(
            module,
            "DateTimeAfter",
            "A UTC datetime after `date` (up to ~694 days later; ISO text).",
            _b_after,
            AnchorParams,
        ),
        RawSpec(
            module,
            "DateTimeBefore",
            "A UTC datetime before `date` (up to ~694 days earlier; ISO text).",
            _b_before,
            AnchorParams,
        ),
        RawSpec(
            module,
            "DateTimeBetween",
            "A UTC datetime between `start` and `end` (ISO text).",
            _b_between,
            BetweenParams,
        ),
        RawSpec(module, "Duration", "A duration in whole seconds (0 to one year).", _b_duration),
        RawSpec(module, "Time", "A time of day (HH:MM:SS).", _b_time),
    ]


_SPECS: list[RawSpec] = [
    # address
    RawSpec(
        "address", "BuildingNumber", "A building number.", m("building_number"), pii=tags.ADDRESS
    ),
    RawSpec("address", "CityName", "A city name.", m("city"), pii=tags.LOCATION),
    RawSpec("address", "CityPrefix", "A city name prefix.", _b_city_prefix),
    RawSpec("address", "CitySuffix", "A city name suffix.", m("city_suffix")),
    RawSpec("address", "CountryCode", "An ISO 3166 alpha-2 country code.", m("country_code")),
    RawSpec("address", "CountryName", "A country name.", m("country")),
    RawSpec(
        "address",
        "Geohash",
        "A geohash of `precision` characters.",
        _b_geohash,
        GeohashParams,
        tags.LOCATION,
    ),
    RawSpec("address", "Latitude", "A latitude in degrees.", m_str("latitude"), pii=tags.LOCATION),
    RawSpec(
        "address", "Longitude", "A longitude in degrees.", m_str("longitude"), pii=tags.LOCATION
    ),
    RawSpec("address", "PostCode", "A postal code.", m("postcode"), pii=tags.LOCATION),
    RawSpec(
        "address", "SecondaryAddress", "An apartment/suite line.", _b_secondary, pii=tags.ADDRESS
    ),
    RawSpec("address", "SecondaryAddressType", "Apt., Suite, Sala, ...", _b_secondary_type),
    RawSpec("address", "StateAbbr", "A state abbreviation.", m("state_abbr"), pii=tags.LOCATION),
    RawSpec("address", "StateName", "A state name.", m("state"), pii=tags.LOCATION),
    RawSpec("address", "StreetName", "A street name.", m("street_name"), pii=tags.ADDRESS),
    RawSpec("address", "StreetSuffix", "A street type (Avenue; Rua in pt).", _b_street_suffix),
    RawSpec("address", "TimeZone", "An IANA time zone name.", m("timezone")),
    RawSpec("address", "ZipCode", "A ZIP code.", m("zipcode", "postcode"), pii=tags.LOCATION),
    # barcode
    RawSpec("barcode", "Isbn", "An ISBN-10 or ISBN-13 with hyphens.", _b_isbn),
    RawSpec("barcode", "Isbn10", "An ISBN-10 with hyphens.", m("isbn10")),
    RawSpec("barcode", "Isbn13", "An ISBN-13 with hyphens.", m("isbn13")),
    # boolean
    RawSpec(
        "boolean",
        "Boolean",
        "True with probability `ratio`%.",
        _no_bind,
        BooleanParams,
        output=TypeFamily.BOOLEAN,
        native=_n_boolean,
    ),
    *_chrono("chrono"),
    # color
    RawSpec("color", "Color", "A color name.", m("color_name")),
    RawSpec("color", "HexColor", "A #rrggbb color.", m("hex_color")),
    RawSpec("color", "HslColor", "An hsl(h, s%, l%) color.", _b_hsl),
    RawSpec("color", "HslaColor", "An hsla(h, s%, l%, a) color.", _b_hsla),
    RawSpec("color", "RgbColor", "An rgb(r,g,b) color.", m("rgb_css_color")),
    RawSpec("color", "RgbaColor", "An rgba(r,g,b,a) color.", _b_rgba),
    # company
    RawSpec("company", "Bs", "Business-speak: verb, adjective, noun.", m("bs")),
    RawSpec("company", "BsAdj", "A business-speak adjective.", _b_word_list("bsWords", 1)),
    RawSpec("company", "BsNoun", "A business-speak noun.", _b_word_list("bsWords", 2)),
    RawSpec("company", "BsVerb", "A business-speak verb.", _b_word_list("bsWords", 0)),
    RawSpec("company", "Buzzword", "A buzzword.", _b_word_list("catch_phrase_words", 0)),
    RawSpec(
        "company", "BuzzwordMiddle", "A middle buzzword.", _b_word_list("catch_phrase_words", 1)
    ),
    RawSpec("company", "BuzzwordTail", "A tail buzzword.", _b_word_list("catch_phrase_words", 2)),
    RawSpec("company", "CatchPhrase", "A company catch phrase.", m("catch_phrase")),
    RawSpec("company", "CompanyName", "A company name.", m("company")),
    RawSpec("company", "CompanySuffix", "A company suffix (Inc, Ltda.).", m("company_suffix")),
    RawSpec("company", "Industry", "An industry name.", _b_lang_list(INDUSTRIES)),
    RawSpec("company", "Profession", "A profession.", m("job")),
    # creditcard
    RawSpec(
        "creditcard",
        "CreditCardNumber",
        "A Luhn-valid card number.",
        m("credit_card_number"),
        pii=tags.CARD,
    ),
    # currency
    RawSpec("currency", "CurrencyCode", "An ISO 4217 currency code.", m("currency_code")),
    RawSpec("currency", "CurrencyName", "A currency name.", m("currency_name")),
    RawSpec("currency", "CurrencySymbol", "A currency symbol.", m("currency_symbol")),
    # filesystem
    RawSpec("filesystem", "DirPath", "An absolute directory path.", _b_dir_path),
    RawSpec("filesystem", "FileExtension", "A file extension.", m("file_extension")),
    RawSpec("filesystem", "FileName", "A file name with extension.", m("file_name")),
    RawSpec("filesystem", "FilePath", "An absolute file path.", _b_file_path),
    RawSpec("filesystem", "MimeType", "A MIME type.", m("mime_type")),
    RawSpec("filesystem", "Semver", "A semantic version (10% pre-releases).", _b_semver(0.1)),
    RawSpec("filesystem", "SemverStable", "A semantic version without pre-release.", _b_semver(0)),
    RawSpec("filesystem", "SemverUnstable", "A pre-release semantic version.", _b_semver(1.0)),
    # finance
    RawSpec("finance", "Bic", "A BIC/SWIFT code.", m("swift")),
    RawSpec("finance", "Isin", "An ISIN with a valid check digit.", _b_isin),
    # http
    RawSpec(
        "http", "RfcStatusCode", "An assigned HTTP status line (404 Not Found).", _b_rfc_status
    ),
    RawSpec("http", "ValidStatusCode", "An HTTP status code 100-599.", m_str("http_status_code")),
    # internet
    RawSpec("internet", "DomainSuffix", "A top-level domain.", m("tld")),
    RawSpec(
        "internet",
        "FreeEmail",
        "An address at a free e-mail provider.",
        m("free_email"),
        pii=tags.EMAIL,
    ),
    RawSpec("internet", "FreeEmailProvider", "A free e-mail domain.", m("free_email_domain")),
    RawSpec("internet", "IP", "An IPv4 or IPv6 address.", _b_ip, pii=tags.NETWORK),
    RawSpec("internet", "IPv4", "An IPv4 address.", m("ipv4"), pii=tags.NETWORK),
    RawSpec("internet", "IPv6", "An IPv6 address.", m("ipv6"), pii=tags.NETWORK),
    RawSpec("internet", "MACAddress", "A MAC address.", m("mac_address"), pii=tags.NETWORK),
    RawSpec(
        "internet",
        "Password",
        "A password of `length` characters from the enabled classes.",
        _b_password,
        PasswordParams,
    ),
    RawSpec(
        "internet",
        "SafeEmail",
        "An address at example.com/org/net.",
        m("safe_email"),
        pii=tags.EMAIL,
    ),
    RawSpec("internet", "UserAgent", "A browser user agent.", m("user_agent")),
    RawSpec("internet", "Username", "A user name.", m("user_name"), pii=tags.NETWORK),
    # job
    RawSpec("job", "Field", "A job field (Marketing, TI).", _b_lang_list(JOB_FIELDS)),
    RawSpec("job", "Position", "A job position (Analyst).", _b_lang_list(JOB_POSITIONS)),
    RawSpec("job", "Seniority", "A seniority level.", _b_lang_list(JOB_SENIORITIES)),
    RawSpec("job", "Title", "A job title (seniority, field, position).", _b_job_title),
    # lorem
    RawSpec("lorem", "Paragraph", "A lorem paragraph.", _b_paragraph, ParagraphParams),
    RawSpec(
        "lorem",
        "Paragraphs",
        "Lorem paragraphs (blank-line separated).",
        _b_paragraphs,
        ParagraphsParams,
    ),
    RawSpec("lorem", "Sentence", "A lorem sentence.", _b_sentence, SentenceParams),
    RawSpec("lorem", "Sentences", "Lorem sentences.", _b_sentences, CountParams),
    RawSpec("lorem", "Word", "A lorem word.", m("word")),
    RawSpec("lorem", "Words", "Lorem words separated by spaces.", _b_words, CountParams),
    # markdown
    RawSpec(
        "markdown",
        "BlockQuoteMultiLine",
        "A block quote of `count` lines.",
        _b_quote_lines,
        LinesParams,
    ),
    RawSpec(
        "markdown",
        "BlockQuoteSingleLine",
        "A one-line block quote of `count` words.",
        _b_quote_line,
        QuoteParams,
    ),
    RawSpec("markdown", "BoldWord", "A **bold** word.", _b_wrap_word("**", "**")),
    RawSpec("markdown", "BulletPoints", "`count` bullet points.", _b_bullets, LinesParams),
    RawSpec("markdown", "Code", "A fenced code block of `count` lines.", _b_code, CodeParams),
    RawSpec("markdown", "ItalicWord", "An *italic* word.", _b_wrap_word("*", "*")),
    RawSpec("markdown", "Link", "A [text](https://...) link.", _b_link),
    RawSpec("markdown", "ListItems", "`count` numbered list items.", _b_list_items, LinesParams),
    # name
    RawSpec("name", "FirstName", "A first name.", m("first_name"), pii=tags.NAME),
    RawSpec("name", "LastName", "A last name.", m("last_name"), pii=tags.NAME),
    RawSpec("name", "Name", "A full name.", m("name"), pii=tags.NAME),
    RawSpec(
        "name", "NameWithTitle", "A full name with a title.", _b_name_with_title, pii=tags.NAME
    ),
    RawSpec("name", "Suffix", "A name suffix (Jr., Filho).", _b_suffix, pii=tags.NAME),
    RawSpec("name", "Title", "A name title (Mr., Sra.).", m("prefix"), pii=tags.NAME),
    # number
    RawSpec("number", "Digit", "A decimal digit.", m_str("random_digit")),
    # phone_number
    RawSpec(
        "phone_number",
        "CellNumber",
        "A mobile phone number.",
        m("cellphone_number", "basic_phone_number", "phone_number"),
        pii=tags.PHONE,
    ),
    RawSpec("phone_number", "PhoneNumber", "A phone number.", m("phone_number"), pii=tags.PHONE),
    *_chrono("time"),
]

#: Every raw ID, by ID.
RAW_SPECS: dict[str, RawSpec] = {s.id: s for s in _SPECS}


# --------------------------------------------------------------------------------------------
# Running Faker row by row, with the determinism probe

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
    if isinstance(exc, _Unavailable):
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


def run_raw(
    raw_id: str, ctx: GenContext, params: Params, rows: Rows, stream_id: str | None = None
) -> pa.Array:
    """Values of the raw ID ``raw_id`` for ``rows``; ``stream_id`` keys the randomness (an alias
    passes its own ID, so its values do not depend on which raw ID it maps to)."""
    spec = RAW_SPECS[raw_id]
    sid = stream_id or raw_id
    if spec.native is not None:
        return spec.native(ctx, params, rows, sid)
    values = faker_rows(raw_id, ctx, params, rows, sid, lambda env: spec.bind(env, params))
    return pa.array(values, type=pa.string())


class FakerRaw(Generator[Params]):
    """Base class of the ``faker.*.raw.*`` generators (one subclass per :class:`RawSpec`)."""

    spec: ClassVar[RawSpec]
    locales = None  # any Faker locale with the data

    def generate(self, ctx: GenContext, params: Params, rows: Rows) -> pa.Array:
        return run_raw(self.spec.id, ctx, params, rows)


def _make_raw(spec: RawSpec) -> FakerRaw:
    fits = frozenset({TypeFamily.BOOLEAN}) if spec.output is TypeFamily.BOOLEAN else TEXTUAL
    attrs: dict[str, object] = {
        "id": spec.id,
        "summary": spec.summary,
        "spec": spec,
        "params_model": spec.params,
        "output": spec.output,
        "fits": fits,
        "pii": spec.pii,
        "__doc__": f"{spec.summary} (Faker-backed ``{spec.id}``)",
    }
    cls = type(f"Faker_{spec.module}_{spec.struct}", (FakerRaw,), attrs)
    return cls()  # type: ignore[no-any-return]


#: Every raw generator, by ID (also in the registry).
RAW_GENERATORS: dict[str, FakerRaw] = {s.id: _make_raw(s) for s in _SPECS}
for _gen in RAW_GENERATORS.values():
    register_instance(_gen)


# --------------------------------------------------------------------------------------------
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
    raise _Unavailable(f"provider method {name!r}")


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


register_instance(FakerProvider())
