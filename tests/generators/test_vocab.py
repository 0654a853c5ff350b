"""generators.vocab: the guide-table draw equals the inverse CDF of Stream.weighted; vocabularies
keep their distinct values for unique columns; the ASCII forms of names."""

from __future__ import annotations

import numpy as np
import pytest

from datalchemy.determinism import Stream
from datalchemy.generators.vocab import Vocab, WeightedIndex, ascii_fold, ascii_letters, slug

ROWS = np.arange(200_000, dtype=np.int64)


@pytest.mark.parametrize(
    "weights",
    [
        [1.0],
        [1e-9, 1.0, 1e-9],
        [0.0, 3.0, 0.0, 1.0],  # zero weights are never drawn
        np.r_[np.full(5000, 1e-6), 1.0],  # many categories inside one guide bucket
        np.random.default_rng(1).pareto(1.0, 700),
    ],
)
def test_weighted_index_draw_equals_stream_weighted(weights: np.ndarray) -> None:
    stream = Stream(99)
    assert (WeightedIndex.of(weights).draw(stream, ROWS) == stream.weighted(ROWS, weights)).all()


def test_vocab_picks_and_distinct_values() -> None:
    v = Vocab.of(["Rua", "Avenida", "Rua", "Travessa"], [4, 2, 1, 1])
    assert len(v) == 4 and v.size == 3
    assert v.at(np.arange(3)).to_pylist() == ["Rua", "Avenida", "Travessa"]
    picks = v.pick(Stream(5), ROWS[:20_000]).to_pylist()
    assert 0.55 < picks.count("Rua") / len(picks) < 0.70  # 5 of 8
    uniform = Vocab.from_data(["a", "b"])
    assert uniform.weights is None and set(uniform.pick(Stream(1), ROWS[:100]).to_pylist()) == {
        "a",
        "b",
    }
    with pytest.raises(ValueError, match="empty"):
        Vocab.of([])


def test_ascii_forms() -> None:
    assert ascii_letters("João Pedro") == "joaopedro"
    assert ascii_letters("D'Ávila-Souza") == "davilasouza"
    assert ascii_fold("Indicação Orgânica") == "Indicacao Organica"
    assert slug("Café Torrado & Moído 500g") == "cafe-torrado-moido-500g"
