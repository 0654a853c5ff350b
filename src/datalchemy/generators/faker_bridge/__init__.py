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

Modules: :mod:`.raw` (the table of raw IDs), :mod:`.binders` and :mod:`.chrono` (how each ID calls
Faker), :mod:`.params`, :mod:`.when` (dates relative to ``base_date``), :mod:`.runner` (Faker per
row and the determinism probe) and :mod:`.provider` (``faker.provider``).

Example:
    >>> import numpy as np
    >>> from datalchemy.generators import get_generator
    >>> from datalchemy.generators.base import GenContext
    >>> gen = get_generator("faker.name.raw.FirstName")
    >>> ctx = GenContext.for_column(seed=1, table="crm.leads", column="nome", locale="pt_BR")
    >>> len(gen.generate(ctx, gen.parse_params(None), np.arange(3)))
    3
"""
