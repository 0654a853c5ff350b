"""Brazilian semantic generators (``semantic.br.*``): people, documents, places and commerce.

Every generator here is vectorized (NumPy on counter-based random words, Arrow ``take`` / ``join``
for text, ``uint8`` matrices for fixed-width codes) and reads its data from ``assets/pt_BR/``,
written for this project: first names by sex and surnames with realistic frequencies, 550+ cities
with their state, IBGE code, population and DDD, the 27 states with their real CEP prefix ranges
and DDDs, streets, neighbourhoods, company-name parts, products and safe e-mail domains.

Documents carry valid check digits (CPF, CNPJ numeric and the alphanumeric format of 2026, PIS,
CNH, RENAVAM, SP RG) and are unique by construction: ``value_space`` is exact and ``from_index``
maps ``[0, value_space)`` injectively onto valid documents, so a UNIQUE column gets distinct CPFs
that look real.

Row agreement (groups)
----------------------
City, UF, CEP, phone and address draw a *place* (a city, weighted by population) with
:func:`~.places.sample_places`. By default the draw is keyed by the column, so each column picks
its own place. Give the columns of one table the same ``group`` param and the place stream is keyed
by (seed, table, group) instead, so every column of the group sees the same city in each row: the
CEP lies in that city's range, the phone has its DDD, the UF is its state. Likewise ``group`` on
``semantic.br.name`` and ``semantic.br.email.safe`` makes the e-mail derive from the same person's
name. Members of a group must use the same ``uf`` (places) or ``sex`` (people) param to agree::

    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "nome",
     "generator": {"id": "semantic.br.name", "params": {"group": "cliente"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "email",
     "generator": {"id": "semantic.br.email.safe", "params": {"group": "cliente"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "cidade",
     "generator": {"id": "semantic.br.city", "params": {"group": "endereco"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "uf",
     "generator": {"id": "semantic.br.uf", "params": {"group": "endereco"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "cep",
     "generator": {"id": "semantic.br.cep", "params": {"group": "endereco", "formatted": true}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "telefone",
     "generator": {"id": "semantic.br.phone", "params": {"group": "endereco",
                                                        "format": "national"}}}

gives rows such as ``Ana Oliveira Santos | ana.santos1987@exemplo.example | Campinas | SP |
13024-512 | (19) 99712-3456``. Groups shape the random draws of ``generate``; the unique path
(``from_index``) derives each value from its own index, so a group member that is also a
UNIQUE key does not agree with the others.

Modules: :mod:`.documents` (CPF, CNPJ, RG, PIS, CNH), :mod:`.vehicles` (plates, RENAVAM),
:mod:`.people` (names), :mod:`.emails`, :mod:`.places` (UF, city, CEP), :mod:`.address`
(addresses, streets, neighbourhoods), :mod:`.phones`, :mod:`.commerce` (amounts, companies,
products), :mod:`.internet` (IP, URL) and :mod:`.pix`; :mod:`.base` holds what they share.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.semantic_br.documents import Cpf
    >>> ctx = GenContext.for_column(seed=7, table="crm.clientes", column="cpf")
    >>> gen = Cpf()
    >>> values = gen.generate(ctx, gen.parse_params({"formatted": True}), np.arange(3))
    >>> [len(v) for v in values.to_pylist()]
    [14, 14, 14]
"""
