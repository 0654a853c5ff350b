"""Text cut to a varchar(n) / char(n) column's length counts characters, not bytes."""

from __future__ import annotations

import pyarrow as pa

from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.generate.cast import to_column_type


def _column(length: int) -> Column:
    return Column(ordinal=1, name="t", declared_type=f"varchar({length})",
                  family=TypeFamily.TEXT, nullable=True, length=length)  # fmt: skip


def test_multibyte_text_within_the_length_is_kept() -> None:
    values = pa.array(["Ação", "São", None, "ok"])  # 6 and 4 bytes, at most 4 characters
    assert to_column_type(values, _column(4), "t.t").to_pylist() == ["Ação", "São", None, "ok"]


def test_longer_text_is_cut_by_characters() -> None:
    values = pa.array(["Conceição", "ab", None])
    assert to_column_type(values, _column(5), "t.t").to_pylist() == ["Conce", "ab", None]


def test_a_slice_is_measured_on_its_own_rows() -> None:
    values = pa.array(["muito longo aqui", "Ação", "São"]).slice(1)
    assert to_column_type(values, _column(4), "t.t").to_pylist() == ["Ação", "São"]
    assert to_column_type(pa.array([], pa.string()), _column(4), "t.t").to_pylist() == []


def test_an_empty_array_without_offsets_is_kept() -> None:
    """Arrow lets a zero-length string array carry an empty offsets buffer (arrays imported from
    other libraries): there is no offset to read."""
    empty = pa.StringArray.from_buffers(0, pa.py_buffer(b""), pa.py_buffer(b""))
    assert to_column_type(empty, _column(4), "t.t").to_pylist() == []
