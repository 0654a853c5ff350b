"""Binders: (Faker environment, params) -> a zero-argument call made once per row. Each raw ID's
value is one Faker method, or a few Faker calls composed as the ``fake`` crate composed them."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import numpy as np
import pyarrow as pa

from datalchemy.generators import assets, checkdigits
from datalchemy.generators._arrow import int_strings, join
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.faker_bridge.params import (
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
from datalchemy.generators.faker_bridge.runner import Call, FakerEnv, FakerGen, Unavailable

__all__ = [
    "Binder",
    "append_isin_digit",
    "bullets",
    "city_prefix",
    "code",
    "dir_path",
    "file_path",
    "geohash",
    "hsl",
    "hsla",
    "ip",
    "isbn",
    "isin_body",
    "job_title",
    "lang_list",
    "link",
    "list_items",
    "m",
    "m_str",
    "method",
    "name_with_title",
    "native_boolean",
    "paragraph",
    "paragraphs",
    "password",
    "provider_data",
    "quote_line",
    "quote_lines",
    "rfc_status",
    "rgba",
    "secondary",
    "secondary_type",
    "semver",
    "sentence",
    "sentences",
    "street_suffix",
    "suffix",
    "word_list",
    "words",
    "wrap_word",
]


_GEOHASH_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz"
_ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_PRERELEASES = ("alpha", "beta", "rc")


#: How an ID calls Faker: from the environment and the params, the per-row call.
Binder = Callable[[FakerEnv, Any], Call]


def method(env: FakerEnv, *names: str) -> Callable[..., Any]:
    """The first Faker method of ``names`` that the locale has."""
    for name in names:
        m = getattr(env.fake, name, None)
        if callable(m):
            return m  # type: ignore[no-any-return]
    raise Unavailable(names[0])


def provider_data(fake: FakerGen, attr: str) -> Any:
    """A data attribute of the highest-priority provider that has it (as Faker resolves it)."""
    for provider in fake.get_providers():
        value = getattr(provider, attr, None)
        if value is not None and not callable(value):
            return value
    raise Unavailable(attr)


def m(*names: str) -> Binder:
    """Bind the first Faker method of ``names`` that the locale has (text results as they are)."""

    def bind(env: FakerEnv, params: Any) -> Call:
        return method(env, *names)

    return bind


def m_str(name: str) -> Binder:
    """Bind a Faker method whose result is not text (Decimal, int) and render it as text."""

    def bind(env: FakerEnv, params: Any) -> Call:
        f = method(env, name)
        return lambda: str(f())

    return bind


def _pick(env: FakerEnv, values: tuple[str, ...] | list[str]) -> Call:
    choice = env.fake.random_element
    seq = tuple(values)
    return lambda: choice(seq)


def _lang_list(name: str, env: FakerEnv) -> tuple[str, ...]:
    """A word list of ``assets`` for the locale's language (Portuguese or English)."""
    return assets.words(assets.language_folder(env.lang), name)


def _pt_secondary_formats() -> tuple[str, ...]:
    return assets.words("pt_BR", "secondary_address_formats.txt")


def city_prefix(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        return _pick(env, assets.words("pt_BR", "city_prefixes.txt"))
    return method(env, "city_prefix")


def geohash(env: FakerEnv, params: GeohashParams) -> Call:
    lexify = env.fake.lexify
    pattern = "?" * params.precision
    return lambda: lexify(pattern, letters=_GEOHASH_ALPHABET)


def secondary(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        bothify = env.fake.bothify
        choice = env.fake.random_element
        formats = _pt_secondary_formats()
        return lambda: bothify(choice(formats), letters="ABCDEFGH")
    return method(env, "secondary_address")


def _secondary_types(env: FakerEnv) -> tuple[str, ...]:
    if env.lang == "pt":
        return tuple(dict.fromkeys(f.split(" ", 1)[0] for f in _pt_secondary_formats()))
    formats = provider_data(env.fake, "secondary_address_formats")
    return tuple(dict.fromkeys(str(f).rsplit(" ", 1)[0] for f in formats))


def secondary_type(env: FakerEnv, params: Any) -> Call:
    return _pick(env, _secondary_types(env))


def street_suffix(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        return method(env, "street_prefix")
    return method(env, "street_suffix")


def isbn(env: FakerEnv, params: Any) -> Call:
    i10, i13, rnd = env.fake.isbn10, env.fake.isbn13, env.fake.random.random
    return lambda: i10() if rnd() < 0.5 else i13()


def rgba(env: FakerEnv, params: Any) -> Call:
    rgb, rnd = env.fake.color_rgb, env.fake.random.random

    def call() -> str:
        r, g, b = rgb()
        return f"rgba({r},{g},{b},{round(rnd(), 2)})"

    return call


def hsl(env: FakerEnv, params: Any) -> Call:
    hsl = env.fake.color_hsl

    def call() -> str:
        h, s, lum = hsl()
        return f"hsl({h}, {s}%, {lum}%)"

    return call


def hsla(env: FakerEnv, params: Any) -> Call:
    hsl, rnd = env.fake.color_hsl, env.fake.random.random

    def call() -> str:
        h, s, lum = hsl()
        return f"hsla({h}, {s}%, {lum}%, {round(rnd(), 2)})"

    return call


def word_list(attr: str, index: int) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        return _pick(env, tuple(provider_data(env.fake, attr)[index]))

    return bind


def lang_list(name: str) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        return _pick(env, _lang_list(name, env))

    return bind


def job_title(env: FakerEnv, params: Any) -> Call:
    choice = env.fake.random_element
    names = ("job_seniorities.txt", "job_fields.txt", "job_positions.txt")
    sen, fld, pos = (_lang_list(name, env) for name in names)
    if env.lang == "pt":
        return lambda: f"{choice(pos)} de {choice(fld)} {choice(sen)}"
    return lambda: f"{choice(sen)} {choice(fld)} {choice(pos)}"


def dir_path(env: FakerEnv, params: Any) -> Call:
    fp, ri = env.fake.file_path, env.fake.random_int
    return lambda: posixpath.dirname(fp(depth=ri(2, 5)))


def file_path(env: FakerEnv, params: Any) -> Call:
    fp, ri = env.fake.file_path, env.fake.random_int
    return lambda: fp(depth=ri(1, 4))


def semver(pre_probability: float) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        rnd = env.fake.random

        def call() -> str:
            pre = ""
            if pre_probability >= 1.0 or (pre_probability > 0 and rnd.random() < pre_probability):
                pre = f"-{rnd.choice(_PRERELEASES)}.{rnd.randint(0, 8)}"
            return f"{rnd.randint(0, 8)}.{rnd.randint(0, 19)}.{rnd.randint(0, 19)}{pre}"

        return call

    return bind


def isin_body(env: FakerEnv, params: Any) -> Call:
    """The first 11 characters of an ISIN; :func:`append_isin_digit` adds the check digit."""
    cc, lexify = env.fake.country_code, env.fake.lexify
    return lambda: cc() + lexify("?????????", letters=_ALNUM_UPPER)


def append_isin_digit(bodies: pa.Array) -> pa.Array:
    """ISIN bodies (an alpha-2 country code and 9 of ``A-Z0-9``) followed by their check digit,
    computed for the whole column at once."""
    text = "".join(bodies.to_pylist()).encode("ascii")
    chars = np.frombuffer(text, dtype=np.uint8).reshape(len(bodies), 11).astype(np.int64)
    values = np.where(chars >= ord("A"), chars - ord("A") + 10, chars - ord("0"))
    return join([bodies, int_strings(checkdigits.isin(values))])


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Unknown"


def rfc_status(env: FakerEnv, params: Any) -> Call:
    status = env.fake.http_status_code
    return lambda: (lambda c: f"{c} {_phrase(c)}")(status(include_unassigned=False))


def ip(env: FakerEnv, params: Any) -> Call:
    v4, v6, rnd = env.fake.ipv4, env.fake.ipv6, env.fake.random.random
    return lambda: v4() if rnd() < 0.5 else v6()


def password(env: FakerEnv, params: PasswordParams) -> Call:
    pw = env.fake.password
    kw = params.model_dump()
    return lambda: pw(**kw)


def words(env: FakerEnv, params: CountParams) -> Call:
    words, n = env.fake.words, params.count
    return lambda: " ".join(words(nb=n))


def sentence(env: FakerEnv, params: SentenceParams) -> Call:
    sentence, n, var = env.fake.sentence, params.words, params.variable
    return lambda: sentence(nb_words=n, variable_nb_words=var)


def sentences(env: FakerEnv, params: CountParams) -> Call:
    sentences, n = env.fake.sentences, params.count
    return lambda: " ".join(sentences(nb=n))


def paragraph(env: FakerEnv, params: ParagraphParams) -> Call:
    paragraph, n, var = env.fake.paragraph, params.sentences, params.variable
    return lambda: paragraph(nb_sentences=n, variable_nb_sentences=var)


def paragraphs(env: FakerEnv, params: ParagraphsParams) -> Call:
    paragraphs, n = env.fake.paragraphs, params.count
    return lambda: "\n\n".join(paragraphs(nb=n))


def wrap_word(left: str, right: str) -> Binder:
    def bind(env: FakerEnv, params: Any) -> Call:
        word = env.fake.word
        return lambda: f"{left}{word()}{right}"

    return bind


def link(env: FakerEnv, params: Any) -> Call:
    word, url = env.fake.word, env.fake.url
    return lambda: f"[{word()}]({url(schemes=['https'])})"


def bullets(env: FakerEnv, params: LinesParams) -> Call:
    words, n = env.fake.words, params.count
    return lambda: "\n".join(f"- {w}" for w in words(nb=n))


def list_items(env: FakerEnv, params: LinesParams) -> Call:
    words, n = env.fake.words, params.count
    return lambda: "\n".join(f"{i}. {w}" for i, w in enumerate(words(nb=n), 1))


def quote_line(env: FakerEnv, params: QuoteParams) -> Call:
    sentence, n = env.fake.sentence, params.count
    return lambda: "> " + sentence(nb_words=n)


def quote_lines(env: FakerEnv, params: LinesParams) -> Call:
    sentences, n = env.fake.sentences, params.count
    return lambda: "\n".join("> " + s for s in sentences(nb=n))


def code(env: FakerEnv, params: CodeParams) -> Call:
    sentences, n = env.fake.sentences, params.count
    return lambda: "```\n" + "\n".join(sentences(nb=n)) + "\n```"


def name_with_title(env: FakerEnv, params: Any) -> Call:
    prefix, first, last = env.fake.prefix, env.fake.first_name, env.fake.last_name
    return lambda: f"{prefix()} {first()} {last()}"


def suffix(env: FakerEnv, params: Any) -> Call:
    if env.lang == "pt":
        suffixes = assets.rows("pt_BR", "name_suffixes.tsv")
        values = [s for s, _ in suffixes]
        weights = [float(w) for _, w in suffixes]
        choices = env.fake.random.choices
        return lambda: choices(values, weights)[0]
    return method(env, "suffix")


def native_boolean(ctx: GenContext, params: BooleanParams, rows: Rows, stream_id: str) -> pa.Array:
    """``boolean.Boolean`` without Faker: true with probability ``ratio`` / 100."""
    return pa.array(ctx.stream(stream_id, params).uniform(rows) * 100.0 < params.ratio)
