"""The template engine of the text family: kinds of text, their templates and word lists.

A *kind* (``title.film``, ``sentence.note``, ...) is a weighted list of templates from
``assets/<lang>/text_templates.tsv``; a template mixes literal text with ``{slot}`` fields, each
filled from the lines of ``text_words.tsv`` with that slot. Title kinds are title-cased on the
word lists themselves (``gestão de projetos`` → ``Gestão de Projetos``, acronyms kept), so the
rows only pay for ``take`` and joins.

Rendering is vectorized: each row draws a template, then every template renders the rows that
drew it with one ``take`` per slot and one join, and the pieces are put back in row order.

Example:
    >>> import numpy as np
    >>> from datalchemy.determinism import Stream
    >>> texts = render("en", "title.course", Stream(1), np.arange(3)).to_pylist()
    >>> all(t[0].isupper() for t in texts)
    True
    >>> fit_length(pa.array(["Um drama comovente sobre uma professora"]), 24).to_pylist()
    ['Um drama comovente']
    >>> title_case("o segredo da montanha", "pt_BR"), title_case("kpi dashboard for CRM", "en")
    ('o Segredo da Montanha', 'Kpi Dashboard for CRM')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.determinism import Stream
from datalchemy.generators import assets
from datalchemy.generators._arrow import join, take, vocabulary
from datalchemy.generators.vocab import WeightedIndex

__all__ = ["Kind", "fit_length", "kind", "language", "render", "title_case", "upper_first"]

I64 = npt.NDArray[np.int64]

_SLOT = re.compile(r"\{([a-z_]+)\}")
#: Words a title keeps in lower case (unless they open it).
_SMALL_PT = "a o as os à ao da do das dos de e em no na nos nas num numa um uma para com por sem"
_SMALL_EN = "a an the of in on at to for and or with from by as vs"
_SMALL = {
    "pt_BR": frozenset(_SMALL_PT.split(" ")),
    "en": frozenset(_SMALL_EN.split(" ")),
}
#: Trailing words a cut text must not end with.
_DANGLING = r"(\s+(de|da|do|das|dos|e|em|no|na|a|o|as|os|com|para|por|um|uma|sobre|que|the|of|and|with|for|in|on|to|a|an|who|must|about))+$"  # noqa: E501


def language(locale: str) -> str:
    """The folder of the word lists for a locale (``pt_BR`` or ``en``)."""
    return assets.language_folder(locale.split("_")[0].lower())


def title_case(text: str, lang: str) -> str:
    """Capitalize each word's first letter, leaving small words and the rest of each word."""
    small = _SMALL[lang]
    out = [w if w.lower() in small or not w else w[0].upper() + w[1:] for w in text.split(" ")]
    return " ".join(out)


@dataclass(frozen=True)
class Kind:
    """The templates of one kind: parts (literal text or slot vocabularies) and their weights."""

    templates: tuple[tuple[str | pa.Array, ...], ...]
    weights: WeightedIndex
    longest: int


@cache
def _slots(lang: str, titled: bool) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in assets.rows(lang, "text_words.tsv"):
        word = title_case(row[1], lang) if titled else row[1]
        out.setdefault(row[0], []).append(word)
    return {k: tuple(v) for k, v in out.items()}


@cache
def kind(lang: str, name: str) -> Kind:
    """The kind ``name`` (``title.film``) of language ``lang`` (``pt_BR`` or ``en``).

    Raises:
        KeyError: the language has no template of that kind, or a template names a slot that
            has no word.
    """
    titled = name.startswith("title.")
    slots = _slots(lang, titled)
    arrays: dict[str, pa.Array] = {}  # one array per word list, so repeats can be told apart
    templates: list[tuple[str | pa.Array, ...]] = []
    weights: list[float] = []
    longest = 0
    for k, weight, text in assets.rows(lang, "text_templates.tsv"):
        if k != name:
            continue
        parts: list[str | pa.Array] = []
        size = 0
        for i, piece in enumerate(_SLOT.split(text)):
            if i % 2 == 0:
                literal = title_case(piece, lang) if titled else piece
                if literal:
                    parts.append(literal)
                size += len(literal)
            else:
                words = slots[piece]
                parts.append(arrays.setdefault(piece, vocabulary(words)))
                size += max(len(w) for w in words)
        templates.append(tuple(parts))
        weights.append(float(weight))
        longest = max(longest, size)
    if not templates:
        raise KeyError(f"no {name} templates for {lang}")
    return Kind(tuple(templates), WeightedIndex.of(weights), longest)


def render(lang: str, name: str, stream: Stream, rows: I64) -> pa.Array:
    """One text of kind ``name`` per row (first letter upper case)."""
    k = kind(lang, name)
    n = rows.shape[0]
    if n == 0:
        return pa.array([], pa.string())
    which = k.weights.draw(stream.sub("template"), rows)
    chunks: list[pa.Array] = []
    order: list[I64] = []
    for j in np.unique(which):  # loops over templates, not rows
        sel = np.flatnonzero(which == j)
        picked = rows[sel]
        pieces: list[pa.Array | str] = []
        drawn: dict[int, I64] = {}  # per word list: the index drawn by its previous slot
        for p, part in enumerate(k.templates[int(j)]):
            if isinstance(part, str):
                pieces.append(part)
                continue
            n_words = len(part)
            previous = drawn.get(id(part))
            if previous is None or n_words < 2:
                idx = stream.sub(f"{j}/{p}").choice(picked, n_words)
            else:  # the same list twice in one template: never the same word twice
                idx = (previous + 1 + stream.sub(f"{j}/{p}").choice(picked, n_words - 1)) % n_words
            drawn[id(part)] = idx
            pieces.append(take(part, idx))
        if all(isinstance(p, str) for p in pieces):
            chunks.append(pa.array(["".join(map(str, pieces))] * len(sel), pa.string()))
        else:
            chunks.append(join(pieces))
        order.append(sel)
    merged = pa.concat_arrays(chunks)
    position = np.empty(n, dtype=np.int64)
    position[np.concatenate(order)] = np.arange(n, dtype=np.int64)
    return upper_first(pc.take(merged, pa.array(position)))


def upper_first(values: pa.Array) -> pa.Array:
    """Each text with its first character in upper case (the rest as it is)."""
    head = pc.utf8_upper(pc.utf8_slice_codeunits(values, 0, 1))
    return join([head, pc.utf8_slice_codeunits(values, 1)])


def fit_length(values: pa.Array, limit: int | None) -> pa.Array:
    """Texts longer than ``limit`` characters cut after their last whole sentence, else at a
    word boundary (no dangling ``de`` / ``the``, no trailing comma); a single word longer than
    the limit is cut inside."""
    if limit is None or len(values) == 0:
        return values
    lengths = pc.utf8_length(values)
    too_long = pc.greater(lengths, limit)
    if not pc.any(too_long).as_py():
        return values
    head = pc.utf8_slice_codeunits(values, 0, limit + 1)
    # whole sentences first: "Frete grátis aplicado. Retirar na lo" -> "Frete grátis aplicado."
    sentences = pc.replace_substring_regex(head, r"^(.*[.!?])\s[^.!?]*[.!?]?$", r"\1")
    cut = pc.replace_substring_regex(head, r"\s+\S*$", "")
    cut = pc.replace_substring_regex(cut, _DANGLING, "")
    cut = pc.utf8_rtrim(cut, characters=" ,;:-")
    too_long_still = pc.or_(pc.greater(pc.utf8_length(cut), limit), pc.equal(cut, ""))
    cut = pc.if_else(too_long_still, pc.utf8_slice_codeunits(values, 0, limit), cut)
    cut = pc.if_else(pc.not_equal(sentences, head), sentences, cut)
    return pc.if_else(too_long, cut, values)
