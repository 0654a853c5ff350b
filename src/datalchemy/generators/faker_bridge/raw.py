"""The 108 ``faker.<module>.raw.<Struct>`` IDs: one :class:`RawSpec` per ID (the table), each
declared as a :class:`FakerRaw` class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pyarrow as pa

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import pii
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, NoParams, Params, Rows
from datalchemy.generators.faker_bridge import binders as b
from datalchemy.generators.faker_bridge import chrono
from datalchemy.generators.faker_bridge.binders import Binder
from datalchemy.generators.faker_bridge.params import (
    AnchorParams,
    BetweenParams,
    BooleanParams,
    CodeParams,
    CountParams,
    GeohashParams,
    LinesParams,
    ParagraphParams,
    ParagraphsParams,
    PasswordParams,
    QuoteParams,
    SentenceParams,
)
from datalchemy.generators.faker_bridge.runner import Call, FakerEnv, faker_rows
from datalchemy.generators.registry import define

__all__ = ["RAW_SPECS", "FakerRaw", "RawSpec", "run_raw"]


#: How a native ID makes its values: (context, params, rows, stream ID) -> column.
NativeFn = Callable[[GenContext, Any, Rows, str], pa.Array]


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
    #: Values made without Faker (``boolean.Boolean``); ``bind`` is then never called.
    native: NativeFn | None = None
    #: A whole-column step after the per-row Faker calls (the ISIN check digit).
    finish: Callable[[pa.Array], pa.Array] | None = None

    @property
    def id(self) -> str:
        return f"faker.{self.module}.raw.{self.struct}"


def _no_bind(env: FakerEnv, params: Any) -> Call:  # pragma: no cover - native IDs never bind
    raise AssertionError("native spec")


def _chrono(module: str) -> list[RawSpec]:
    return [
        RawSpec(module, "Date", "A date between 1970-01-01 and base_date (ISO text).", chrono.date),
        RawSpec(module, "DateTime", "A UTC datetime up to base_date (ISO text).", chrono.datetime),
        RawSpec(
            module,
            "DateTimeAfter",
            "A UTC datetime after `date` (up to ~694 days later; ISO text).",
            chrono.after,
            AnchorParams,
        ),
        RawSpec(
            module,
            "DateTimeBefore",
            "A UTC datetime before `date` (up to ~694 days earlier; ISO text).",
            chrono.before,
            AnchorParams,
        ),
        RawSpec(
            module,
            "DateTimeBetween",
            "A UTC datetime between `start` and `end` (ISO text).",
            chrono.between,
            BetweenParams,
        ),
        RawSpec(
            module, "Duration", "A duration in whole seconds (0 to one year).", chrono.duration
        ),
        RawSpec(module, "Time", "A time of day (HH:MM:SS).", chrono.time),
    ]


_SPECS: list[RawSpec] = [
    # address
    RawSpec(
        "address", "BuildingNumber", "A building number.", b.m("building_number"), pii=pii.ADDRESS
    ),
    RawSpec("address", "CityName", "A city name.", b.m("city"), pii=pii.LOCATION),
    RawSpec("address", "CityPrefix", "A city name prefix.", b.city_prefix),
    RawSpec("address", "CitySuffix", "A city name suffix.", b.m("city_suffix")),
    RawSpec("address", "CountryCode", "An ISO 3166 alpha-2 country code.", b.m("country_code")),
    RawSpec("address", "CountryName", "A country name.", b.m("country")),
    RawSpec(
        "address",
        "Geohash",
        "A geohash of `precision` characters.",
        b.geohash,
        GeohashParams,
        pii.LOCATION,
    ),
    RawSpec("address", "Latitude", "A latitude in degrees.", b.m_str("latitude"), pii=pii.LOCATION),
    RawSpec(
        "address", "Longitude", "A longitude in degrees.", b.m_str("longitude"), pii=pii.LOCATION
    ),
    RawSpec("address", "PostCode", "A postal code.", b.m("postcode"), pii=pii.LOCATION),
    RawSpec(
        "address", "SecondaryAddress", "An apartment/suite line.", b.secondary, pii=pii.ADDRESS
    ),
    RawSpec("address", "SecondaryAddressType", "Apt., Suite, Sala, ...", b.secondary_type),
    RawSpec("address", "StateAbbr", "A state abbreviation.", b.m("state_abbr"), pii=pii.LOCATION),
    RawSpec("address", "StateName", "A state name.", b.m("state"), pii=pii.LOCATION),
    RawSpec("address", "StreetName", "A street name.", b.m("street_name"), pii=pii.ADDRESS),
    RawSpec("address", "StreetSuffix", "A street type (Avenue; Rua in pt).", b.street_suffix),
    RawSpec("address", "TimeZone", "An IANA time zone name.", b.m("timezone")),
    RawSpec("address", "ZipCode", "A ZIP code.", b.m("zipcode", "postcode"), pii=pii.LOCATION),
    # barcode
    RawSpec("barcode", "Isbn", "An ISBN-10 or ISBN-13 with hyphens.", b.isbn),
    RawSpec("barcode", "Isbn10", "An ISBN-10 with hyphens.", b.m("isbn10")),
    RawSpec("barcode", "Isbn13", "An ISBN-13 with hyphens.", b.m("isbn13")),
    # boolean
    RawSpec(
        "boolean",
        "Boolean",
        "True with probability `ratio`%.",
        _no_bind,
        BooleanParams,
        output=TypeFamily.BOOLEAN,
        native=b.native_boolean,
    ),
    *_chrono("chrono"),
    # color
    RawSpec("color", "Color", "A color name.", b.m("color_name")),
    RawSpec("color", "HexColor", "A #rrggbb color.", b.m("hex_color")),
    RawSpec("color", "HslColor", "An hsl(h, s%, l%) color.", b.hsl),
    RawSpec("color", "HslaColor", "An hsla(h, s%, l%, a) color.", b.hsla),
    RawSpec("color", "RgbColor", "An rgb(r,g,b) color.", b.m("rgb_css_color")),
    RawSpec("color", "RgbaColor", "An rgba(r,g,b,a) color.", b.rgba),
    # company
    RawSpec("company", "Bs", "Business-speak: verb, adjective, noun.", b.m("bs")),
    RawSpec("company", "BsAdj", "A business-speak adjective.", b.word_list("bsWords", 1)),
    RawSpec("company", "BsNoun", "A business-speak noun.", b.word_list("bsWords", 2)),
    RawSpec("company", "BsVerb", "A business-speak verb.", b.word_list("bsWords", 0)),
    RawSpec("company", "Buzzword", "A buzzword.", b.word_list("catch_phrase_words", 0)),
    RawSpec(
        "company", "BuzzwordMiddle", "A middle buzzword.", b.word_list("catch_phrase_words", 1)
    ),
    RawSpec("company", "BuzzwordTail", "A tail buzzword.", b.word_list("catch_phrase_words", 2)),
    RawSpec("company", "CatchPhrase", "A company catch phrase.", b.m("catch_phrase")),
    RawSpec("company", "CompanyName", "A company name.", b.m("company")),
    RawSpec("company", "CompanySuffix", "A company suffix (Inc, Ltda.).", b.m("company_suffix")),
    RawSpec("company", "Industry", "An industry name.", b.lang_list("industries.txt")),
    RawSpec("company", "Profession", "A profession.", b.m("job")),
    # creditcard
    RawSpec(
        "creditcard",
        "CreditCardNumber",
        "A Luhn-valid card number.",
        b.m("credit_card_number"),
        pii=pii.CARD,
    ),
    # currency
    RawSpec("currency", "CurrencyCode", "An ISO 4217 currency code.", b.m("currency_code")),
    RawSpec("currency", "CurrencyName", "A currency name.", b.m("currency_name")),
    RawSpec("currency", "CurrencySymbol", "A currency symbol.", b.m("currency_symbol")),
    # filesystem
    RawSpec("filesystem", "DirPath", "An absolute directory path.", b.dir_path),
    RawSpec("filesystem", "FileExtension", "A file extension.", b.m("file_extension")),
    RawSpec("filesystem", "FileName", "A file name with extension.", b.m("file_name")),
    RawSpec("filesystem", "FilePath", "An absolute file path.", b.file_path),
    RawSpec("filesystem", "MimeType", "A MIME type.", b.m("mime_type")),
    RawSpec("filesystem", "Semver", "A semantic version (10% pre-releases).", b.semver(0.1)),
    RawSpec("filesystem", "SemverStable", "A semantic version without pre-release.", b.semver(0)),
    RawSpec("filesystem", "SemverUnstable", "A pre-release semantic version.", b.semver(1.0)),
    # finance
    RawSpec("finance", "Bic", "A BIC/SWIFT code.", b.m("swift")),
    RawSpec(
        "finance",
        "Isin",
        "An ISIN with a valid check digit.",
        b.isin_body,
        finish=b.append_isin_digit,
    ),
    # http
    RawSpec("http", "RfcStatusCode", "An assigned HTTP status line (404 Not Found).", b.rfc_status),
    RawSpec("http", "ValidStatusCode", "An HTTP status code 100-599.", b.m_str("http_status_code")),
    # internet
    RawSpec("internet", "DomainSuffix", "A top-level domain.", b.m("tld")),
    RawSpec(
        "internet",
        "FreeEmail",
        "An address at a free e-mail provider.",
        b.m("free_email"),
        pii=pii.EMAIL,
    ),
    RawSpec("internet", "FreeEmailProvider", "A free e-mail domain.", b.m("free_email_domain")),
    RawSpec("internet", "IP", "An IPv4 or IPv6 address.", b.ip, pii=pii.NETWORK),
    RawSpec("internet", "IPv4", "An IPv4 address.", b.m("ipv4"), pii=pii.NETWORK),
    RawSpec("internet", "IPv6", "An IPv6 address.", b.m("ipv6"), pii=pii.NETWORK),
    RawSpec("internet", "MACAddress", "A MAC address.", b.m("mac_address"), pii=pii.NETWORK),
    RawSpec(
        "internet",
        "Password",
        "A password of `length` characters from the enabled classes.",
        b.password,
        PasswordParams,
    ),
    RawSpec(
        "internet",
        "SafeEmail",
        "An address at example.com/org/net.",
        b.m("safe_email"),
        pii=pii.EMAIL,
    ),
    RawSpec("internet", "UserAgent", "A browser user agent.", b.m("user_agent")),
    RawSpec("internet", "Username", "A user name.", b.m("user_name"), pii=pii.NETWORK),
    # job
    RawSpec("job", "Field", "A job field (Marketing, TI).", b.lang_list("job_fields.txt")),
    RawSpec("job", "Position", "A job position (Analyst).", b.lang_list("job_positions.txt")),
    RawSpec("job", "Seniority", "A seniority level.", b.lang_list("job_seniorities.txt")),
    RawSpec("job", "Title", "A job title (seniority, field, position).", b.job_title),
    # lorem
    RawSpec("lorem", "Paragraph", "A lorem paragraph.", b.paragraph, ParagraphParams),
    RawSpec(
        "lorem",
        "Paragraphs",
        "Lorem paragraphs (blank-line separated).",
        b.paragraphs,
        ParagraphsParams,
    ),
    RawSpec("lorem", "Sentence", "A lorem sentence.", b.sentence, SentenceParams),
    RawSpec("lorem", "Sentences", "Lorem sentences.", b.sentences, CountParams),
    RawSpec("lorem", "Word", "A lorem word.", b.m("word")),
    RawSpec("lorem", "Words", "Lorem words separated by spaces.", b.words, CountParams),
    # markdown
    RawSpec(
        "markdown",
        "BlockQuoteMultiLine",
        "A block quote of `count` lines.",
        b.quote_lines,
        LinesParams,
    ),
    RawSpec(
        "markdown",
        "BlockQuoteSingleLine",
        "A one-line block quote of `count` words.",
        b.quote_line,
        QuoteParams,
    ),
    RawSpec("markdown", "BoldWord", "A **bold** word.", b.wrap_word("**", "**")),
    RawSpec("markdown", "BulletPoints", "`count` bullet points.", b.bullets, LinesParams),
    RawSpec("markdown", "Code", "A fenced code block of `count` lines.", b.code, CodeParams),
    RawSpec("markdown", "ItalicWord", "An *italic* word.", b.wrap_word("*", "*")),
    RawSpec("markdown", "Link", "A [text](https://...) link.", b.link),
    RawSpec("markdown", "ListItems", "`count` numbered list items.", b.list_items, LinesParams),
    # name
    RawSpec("name", "FirstName", "A first name.", b.m("first_name"), pii=pii.NAME),
    RawSpec("name", "LastName", "A last name.", b.m("last_name"), pii=pii.NAME),
    RawSpec("name", "Name", "A full name.", b.m("name"), pii=pii.NAME),
    RawSpec("name", "NameWithTitle", "A full name with a title.", b.name_with_title, pii=pii.NAME),
    RawSpec("name", "Suffix", "A name suffix (Jr., Filho).", b.suffix, pii=pii.NAME),
    RawSpec("name", "Title", "A name title (Mr., Sra.).", b.m("prefix"), pii=pii.NAME),
    # number
    RawSpec("number", "Digit", "A decimal digit.", b.m_str("random_digit")),
    # phone_number
    RawSpec(
        "phone_number",
        "CellNumber",
        "A mobile phone number.",
        b.m("cellphone_number", "basic_phone_number", "phone_number"),
        pii=pii.PHONE,
    ),
    RawSpec("phone_number", "PhoneNumber", "A phone number.", b.m("phone_number"), pii=pii.PHONE),
    *_chrono("time"),
]

#: Every raw ID, by ID.
RAW_SPECS: dict[str, RawSpec] = {s.id: s for s in _SPECS}


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
    text = pa.array(values, type=pa.string())
    return spec.finish(text) if spec.finish is not None else text


class FakerRaw(Generator[Params]):
    """Base class of the ``faker.*.raw.*`` generators (one subclass per :class:`RawSpec`)."""

    spec: ClassVar[RawSpec]
    locales = None  # any Faker locale with the data

    def generate(self, ctx: GenContext, params: Params, rows: Rows) -> pa.Array:
        return run_raw(self.spec.id, ctx, params, rows)


def _declare(spec: RawSpec) -> None:
    fits = frozenset({TypeFamily.BOOLEAN}) if spec.output is TypeFamily.BOOLEAN else TEXTUAL
    define(
        FakerRaw,
        "Faker" + spec.module.title().replace("_", "") + spec.struct,
        __name__,
        id=spec.id,
        summary=spec.summary,
        spec=spec,
        params_model=spec.params,
        output=spec.output,
        fits=fits,
        pii=spec.pii,
        __doc__=f"{spec.summary} (Faker-backed ``{spec.id}``)",
    )


for _spec in _SPECS:
    _declare(_spec)
