"""Text that reads as the locale's language: titles, descriptions, notes, reviews, tags.

Nothing here is Latin filler. Each kind of text (a film title, a project description, an order
note, a product review, ...) is a set of templates over curated word lists, kept as data in
``assets/<lang>/text_templates.tsv`` and ``text_words.tsv`` (Brazilian Portuguese and English;
every other locale gets English). A template such as ``O {noun_m} da {noun_f}`` names the word
lists its slots draw from; genders agree because the lists are split by gender.

- :mod:`.templates`: the template engine (vectorized: one ``take`` per slot, one join per
  template) and the cut at a word boundary that keeps text inside ``varchar(n)``;
- :mod:`.phrases`: ``text.title`` and ``text.paragraph``;
- :mod:`.tags`: ``text.tags``, a few tags as a JSON array or a comma-separated list.
"""
