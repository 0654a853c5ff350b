"""The native vocabularies of ``en_US`` and ``pt_BR``, read once from the installed Faker's
provider data (plus a few lists of ``assets``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
from faker import Factory

from datalchemy.generators import assets
from datalchemy.generators.vocab import Vocab, ascii_letters

__all__ = ["LocaleData", "locale_data", "pt_secondary_formats"]


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


def _ascii_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for a in (ascii_letters(n) for n in names) if a))


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
            suffixes = assets.rows("pt_BR", "name_suffixes.tsv")
            return Vocab.of([s for s, _ in suffixes], [float(w) for _, w in suffixes])
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
        return Vocab.of(assets.words(assets.language_folder(self.lang), "industries.txt"))

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
            return Vocab.of(assets.words("pt_BR", "city_prefixes.txt"))
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
            pt_secondary_formats() if self.lang == "pt" else self.attr("secondary_address_formats")
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


def pt_secondary_formats() -> tuple[str, ...]:
    """Portuguese address complements (``Apto. %0#``: Faker bothify templates)."""
    return assets.words("pt_BR", "secondary_address_formats.txt")


@functools.cache
def locale_data(locale: str) -> LocaleData:
    """The vocabularies of ``locale`` (built once per process)."""
    return LocaleData(locale)
