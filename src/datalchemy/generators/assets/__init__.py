"""The generators' data files and the one loader that reads them (cached, once per process).

Word lists and tables live here, not in code, one folder per locale:

- ``common/``: locale-free lists (the lorem words);
- ``en/``: English lists (industries, job titles);
- ``pt_BR/``: Brazilian data (names and surnames with frequencies, cities with IBGE code,
  population, DDD and CEP ranges, the 27 states, streets, neighbourhoods, company-name parts,
  products, banks, Correios prefixes, CRM / finance / logistics labels, ...).

A file is UTF-8 text: ``.tsv`` (tab-separated fields) or ``.txt`` (one value a line). Blank lines
and lines starting with ``#`` (the header naming the columns) are skipped, fields are stripped,
and trailing empty fields are kept. To add a file, drop it in its locale folder (``pyproject.toml``
ships ``*.tsv`` and ``*.txt``) and read it with :func:`rows` or :func:`words`.

Example:
    >>> rows("pt_BR", "ufs.tsv")[0][:3]
    ('AC', 'Acre', 'Rio Branco')
    >>> words("common", "lorem_words.txt")[:3]
    ('lorem', 'ipsum', 'dolor')
    >>> language_folder("pt"), language_folder("de")
    ('pt_BR', 'en')
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["language_folder", "rows", "words"]


@cache
def rows(locale: str, name: str) -> tuple[tuple[str, ...], ...]:
    """The data lines of ``<locale>/<name>``, each split on tabs."""
    text = (resources.files(__name__) / locale / name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(out)


@cache
def words(locale: str, name: str) -> tuple[str, ...]:
    """The first field of every data line of ``<locale>/<name>``."""
    return tuple(r[0] for r in rows(locale, name))


def language_folder(lang: str) -> str:
    """The folder of the word lists for a language: Portuguese lists are written for Brazilian
    data; every other language gets the English ones."""
    return "pt_BR" if lang == "pt" else "en"
