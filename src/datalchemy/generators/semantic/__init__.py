"""The 57 ``semantic.*`` aliases of the original catalog: stable names for common kinds of values.

Each alias maps to a raw Faker ID (the original's table: one :class:`~.alias.Alias` row per ID).
For ``en_US`` and ``pt_BR`` the common kinds are native: vectorized NumPy/Arrow code over
vocabularies read once from the installed Faker's provider data (names with Faker's frequency
weights, states, street types, company words, ...) plus a few lists of our own, so a column of a
million names takes a few ``take`` and ``join`` calls instead of a million Faker calls. Kinds that
do not depend on the locale (IP and MAC addresses, colors, ISIN, HTTP codes, dates, user agents)
are native in every locale. Any other Faker locale runs the alias's raw Faker target (see
:mod:`datalchemy.generators.faker_bridge`), keyed by the alias ID. ``semantic.internet.password``
always runs on Faker, with params.

Unique by construction: most native kinds have a finite value space and a ``from_index`` that is
injective on it. E-mails and user names are a bijection over (first name, surname, separator,
number token, domain): ``ana.souza17@example.org``; phones over area code and subscriber number;
ISBNs over group and body (valid check digits); IPv4 over the unicast space.

One module per area: :mod:`.person`, :mod:`.phone`, :mod:`.address`, :mod:`.company`,
:mod:`.internet`, :mod:`.finance` and :mod:`.formats` (colors, ISBNs, HTTP codes, markdown, dates);
:mod:`.alias` declares the aliases, :mod:`.locale_data` holds the vocabularies and :mod:`.helpers`
the shared vectorized pieces.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators import get_generator
    >>> from datalchemy.generators.base import GenContext
    >>> gen = get_generator("semantic.person.email")
    >>> ctx = GenContext.for_column(seed=7, table="crm.leads", column="email", locale="pt_BR")
    >>> values = gen.generate(ctx, gen.parse_params(None), np.arange(5)).to_pylist()
    >>> all("@example." in v for v in values)
    True
"""
