"""The CSV dialect: quotes only where needed, and every reader gets the exact values back.

Each reader the project (or a user) points at the files is tested on the same hard block: the
empty string next to NULL, commas, quotes, CR, LF, ``\\.`` (COPY's end-of-data marker), leading
and trailing spaces, non-ASCII text, the words NULL and ``\\N``, control bytes, and timestamps
with and without a fraction. Readers: PostgreSQL ``COPY ... CSV`` (the real server), DuckDB as
``evaluate`` reads, Arrow as ``load`` reads for SQLite and ODBC, Python's ``csv`` and pandas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from datalchemy import csvformat
from datalchemy.csvformat import csv_block, csv_column, encode_csv
from datalchemy.evaluate.dataset import csv_source
from datalchemy.load.reader import open_typed_csv

TEXT: list[str | None] = [
    "plain", "", None, "a,b", 'say "hi"', "line\nbreak", "cr\rlf", "\\.", " lead", "trail ",
    "ünïcödé ação", "NULL", "\\N", "tab\there", '"', ",", "\r\n", "x\\.y",
]  # fmt: skip
N = len(TEXT)
TS = [dt.datetime(2024, 1, 2, 3, 4, 5, 0 if i % 3 else 123456) for i in range(N)]


def _table(text: list[str | None] = TEXT) -> pa.Table:
    return pa.table(
        {
            "id": pa.array(range(N), pa.int64()),
            "txt": pa.array(text, pa.string()),
            "ts": pa.array(TS, pa.timestamp("us")),
            "tstz": pa.array(TS, pa.timestamp("us", tz="UTC")),
            "flag": pa.array([i % 2 == 0 if i % 5 else None for i in range(N)]),
            "amount": pa.array([Decimal(i) / 4 for i in range(N)], pa.decimal128(10, 2)),
            "day": pa.array([dt.date(2024, 2, 1 + i) for i in range(N)]),
        }
    )


def _write(tmp_path: Path, table: pa.Table) -> Path:
    path = tmp_path / "t.csv"
    path.write_bytes(encode_csv(table, header=True))
    return path


def test_only_values_that_need_it_are_quoted() -> None:
    out = encode_csv(
        pa.table({"a": ["x", "", None, "a,b", 'q"', "ok y"], "n": [1, 2, 3, 4, 5, 6]}), header=True
    )
    assert out == b'a,n\nx,1\n"",2\n,3\n"a,b",4\n"q""",5\nok y,6\n'


def test_timestamps_print_a_fraction_only_where_they_have_one() -> None:
    out = encode_csv(_table().select(["ts", "tstz"]).slice(0, 2), header=False).decode()
    assert out == (
        "2024-01-02 03:04:05.123456,2024-01-02 03:04:05.123456Z\n"
        "2024-01-02 03:04:05,2024-01-02 03:04:05Z\n"
    )
    whole = pa.table({"t": pa.array(TS[1:3], pa.timestamp("us"))})
    assert encode_csv(whole, header=False) == b"2024-01-02 03:04:05\n2024-01-02 03:04:05\n"


def test_header_names_are_quoted_when_needed() -> None:
    table = pa.table({"plain": [1], "with,comma": [2], 'qu"ote': [3], "": [4]})
    assert encode_csv(table, header=True).splitlines()[0] == b'plain,"with,comma","qu""ote",""'


def test_bytes_do_not_depend_on_how_a_table_is_split() -> None:
    table = _table()
    whole = encode_csv(table, header=True)
    parts = encode_csv(table.slice(0, 7), header=True) + encode_csv(table.slice(7), header=False)
    assert whole == parts


def test_a_block_buffer_holds_the_same_bytes_as_encode_csv() -> None:
    """Writers take the block as an Arrow buffer (no copy); its bytes are ``encode_csv``'s, for
    first and later blocks, sliced tables (offsets not at zero) and empty ones."""
    table = _table()
    for batch, header in [(table, True), (table, False), (table.slice(5, 9), False),
                          (table.slice(0, 0), True), (table.slice(0, 0), False)]:  # fmt: skip
        block = csv_block(batch, header=header)
        assert isinstance(block, pa.Buffer)
        assert block.to_pybytes() == encode_csv(batch, header=header)
    assert csv_block(table.slice(0, 0), header=True).to_pybytes().startswith(b"id,txt,ts,")


def test_control_bytes_are_plain_text() -> None:
    """Control bytes need no quotes; a value beside them that does is still the only one quoted."""
    assert encode_csv(pa.table({"a": ["x\x01y", None]}), header=False) == b"x\x01y\n\n"
    out = encode_csv(pa.table({"a": ["x\x01y", "a,b", None]}), header=False)
    assert out == b'x\x01y\n"a,b"\n\n'
    assert list(csv.reader(io.StringIO(out.decode()))) == [["x\x01y"], ["a,b"], []]


def test_bytes_left_behind_null_slots_do_not_break_the_block() -> None:
    """A column nulled by a mask keeps its text in the buffer (a CHECK that sets one of two
    columns NULL): Arrow's writer reads those bytes too, so they must not count."""
    text = pa.array(["Olá, tudo bem?", "sim", "a,b"])
    masked = pc.if_else(pa.array([False, True, False]), text, pa.scalar(None, pa.string()))
    assert masked.null_count == 2 and b"," in masked.buffers()[2].to_pybytes()
    assert encode_csv(pa.table({"n": [1, 2, 3], "t": masked}), header=False) == b"1,\n2,sim\n3,\n"


def test_blocks_past_32_bit_offsets_write_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block whose text would overflow 32-bit string offsets is joined as large strings (the
    limit lowered here so a small table takes that path): same bytes, no kernel error."""
    tables = [_table(), _table().select(["txt"])]
    expected = [encode_csv(t, header=True) for t in tables]
    monkeypatch.setattr("datalchemy.csvformat._INT32_BYTES", 64)
    assert [encode_csv(t, header=True) for t in tables] == expected


def test_blocks_with_nothing_quoted_are_laid_out_by_arrow_as_joined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A block where no value needs quotes is written by Arrow's CSV writer; the bytes are the
    row join's (NULLs, control bytes, slices, large strings, every non-text type), and a block
    the writer refuses falls back to the join."""
    plain = [v for v in TEXT if v is None or (v not in ("", "\\.") and not set(v) & set(',"\r\n'))]
    text = [plain[i % len(plain)] for i in range(N)]
    table = _table(text)
    large = pa.table({"t": pa.array(text, pa.large_string()), "n": range(N)})
    cases = [(table, True), (table.slice(3, 9), False), (table.select(["txt"]), False),
             (large, False)]  # fmt: skip
    written = []
    monkeypatch.setattr("datalchemy.csvformat._written_unquoted",
                        _spy(csvformat._written_unquoted, written))  # fmt: skip
    by_arrow = [encode_csv(t, header=h) for t, h in cases]
    encode_csv(_table(), header=False)  # values quoted: joined, not written by Arrow
    assert len(written) == len(cases)

    def refused(texts: list[pa.Array]) -> pa.Buffer:
        raise pa.ArrowInvalid("CSV values may not contain structural characters")

    monkeypatch.setattr("datalchemy.csvformat._written_unquoted", refused)
    assert [encode_csv(t, header=h) for t, h in cases] == by_arrow


def _spy(function: Any, calls: list[object]) -> Any:
    def spied(*args: Any) -> Any:
        calls.append(args)
        return function(*args)

    return spied


def test_large_string_columns_write_as_string_columns() -> None:
    """Arrow's large_string (64-bit offsets: Parquet files written by pandas, user batches given
    to ``copy_arrow``) prints as string does, beside columns of any other type."""
    table = _table()
    large = table.set_column(1, "txt", table.column("txt").cast(pa.large_string()))
    assert encode_csv(large, header=True) == encode_csv(table, header=True)
    alone = pa.table({"txt": large.column("txt")})
    assert encode_csv(alone, header=False) == encode_csv(table.select(["txt"]), header=False)


@pytest.mark.parametrize("encoded", ["dictionary", "string_view"])
def test_dictionary_and_view_text_is_quoted_like_string(encoded: str) -> None:
    """Text Arrow holds as a dictionary or a string view (user batches given to ``copy_arrow``)
    is quoted as string text is: a comma must not split the field, nor "" turn into NULL."""
    text = pa.array(TEXT, pa.string())
    other = text.dictionary_encode() if encoded == "dictionary" else text.cast(pa.string_view())
    for names in (["id", "txt"], ["txt"]):
        table = _table().select(names)
        recoded = table.set_column(names.index("txt"), "txt", other)
        assert encode_csv(recoded, header=True) == encode_csv(table, header=True)


def test_python_csv_reads_every_value_back(tmp_path: Path) -> None:
    rows = list(
        csv.reader(io.StringIO(_write(tmp_path, _table()).read_bytes().decode(), newline=""))
    )
    # Python's csv cannot tell NULL from "": both come back as the empty string.
    assert [r[1] for r in rows[1:]] == [t if t is not None else "" for t in TEXT]


def test_pandas_reads_every_value_back(tmp_path: Path) -> None:
    frame = pd.read_csv(
        _write(tmp_path, _table()), dtype={"txt": "string"}, keep_default_na=False,
        na_values={"txt": []},
    )  # fmt: skip
    # pandas reads both NULL and "" as "" without na_values; the text itself round-trips.
    assert list(frame["txt"]) == [t if t is not None else "" for t in TEXT]
    assert list(frame["id"]) == list(range(N))


def test_duckdb_reads_nulls_and_values_as_evaluate_does(tmp_path: Path) -> None:
    path = _write(tmp_path, _table())
    header = _table().column_names
    got = duckdb.sql(
        f"select txt, ts, tstz from {csv_source(path, header)} order by id::int"
    ).fetchall()
    assert [r[0] for r in got] == TEXT
    assert [dt.datetime.fromisoformat(r[1]) for r in got] == TS
    assert [r[2] for r in got][:2] == ["2024-01-02 03:04:05.123456Z", "2024-01-02 03:04:05Z"]


def test_arrow_reads_nulls_and_values_as_load_does(tmp_path: Path) -> None:
    table = _table()
    types = {"txt": pa.string(), "ts": pa.timestamp("us"), "flag": pa.bool_(), "day": pa.date32()}
    back = open_typed_csv(_write(tmp_path, table), types).read_all()
    assert back.column("txt").to_pylist() == TEXT
    assert back.column("ts").to_pylist() == TS
    assert back.column("flag").to_pylist() == table.column("flag").to_pylist()
    assert back.column("day").to_pylist() == table.column("day").to_pylist()


def test_postgres_copy_reads_every_value_back(tmp_path: Path, pg_url: str) -> None:
    data = encode_csv(_table(), header=True)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "create table t (id bigint, txt text, ts timestamp, tstz timestamptz, flag boolean,"
            " amount numeric(10,2), day date)"
        )
        with conn.cursor() as cur, cur.copy("copy t from stdin (format csv, header true)") as cp:
            cp.write(data)
        rows = conn.execute("select txt, ts, flag, amount, day from t order by id").fetchall()
    assert [r[0] for r in rows] == TEXT
    assert [r[1] for r in rows] == TS
    assert [r[3] for r in rows] == [Decimal(i) / 4 for i in range(N)]


@pytest.mark.parametrize("value", ["", "\\.", ",", '"', "\n"])
def test_single_column_tables_keep_empty_and_marker_values(value: str, pg_url: str) -> None:
    data = encode_csv(pa.table({"v": pa.array([value, None, "x"], pa.string())}), header=True)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("create table s (n serial, v text)")
        with conn.cursor() as cur, cur.copy("copy s (v) from stdin (format csv, header)") as cp:
            cp.write(data)
        assert [r[0] for r in conn.execute("select v from s order by n")] == [value, None, "x"]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
@pytest.mark.parametrize("tz", [None, "UTC"])
def test_calendar_text_prints_what_arrow_prints(unit: str, tz: str | None) -> None:
    """Dates and whole-second timestamps are formatted by NumPy: the text is Arrow's."""
    per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[unit]
    rng = np.random.default_rng(7)
    seconds = rng.integers(-170 * 365 * 86400, 229 * 365 * 86400, 5000)
    arr = pa.array(seconds * per_second, pa.timestamp(unit, tz=tz))
    arr = pc.if_else(pa.array(rng.random(len(arr)) < 0.9), arr, pa.scalar(None, arr.type))
    naive = pc.cast(arr, pa.timestamp(unit)) if tz else arr
    expected = pc.cast(pc.cast(naive, pa.timestamp("s")), pa.string())
    if tz:
        expected = pc.binary_join_element_wise(expected, "Z", "")
    assert csv_column(arr).equals(expected)
    for low, high in ((-62_091, 84_006), (-300_000, 2_900_000)):  # the day table's range, wider
        days = pa.array(rng.integers(low, high, 5000).astype(np.int32)).view(pa.date32())
        assert pc.cast(csv_column(days), pa.string()).equals(pc.cast(days, pa.string()))


def test_calendar_text_leaves_fractions_and_far_years_to_arrow() -> None:
    far = pa.array([dt.datetime(1, 1, 1), dt.datetime(999, 12, 31, 23, 59, 59)], pa.timestamp("us"))
    assert csv_column(far).to_pylist() == ["0001-01-01 00:00:00", "0999-12-31 23:59:59"]
    assert csv_column(pa.array([dt.date(1, 1, 1)], pa.date32())).to_pylist() == ["0001-01-01"]
    fraction = pa.array(
        [dt.datetime(2024, 1, 2, 3, 4, 5, 6), dt.datetime(2024, 1, 2)], pa.timestamp("us")
    )
    assert csv_column(fraction).to_pylist() == ["2024-01-02 03:04:05.000006", "2024-01-02 00:00:00"]


DECIMALS = [(12, 2), (18, 0), (18, 6), (18, 7), (18, 18), (5, 3), (1, 1), (38, 4)]


@pytest.mark.parametrize(("precision", "scale"), DECIMALS)
def test_decimal_text_is_what_arrow_prints(precision: int, scale: int) -> None:
    """Decimals up to 18 digits are printed from their unscaled integers: the same text as
    Arrow's decimal cast, for values below one unit, NULLs, slices, values at the precision's
    edge, and scientific notation (tiny values at scales past 6), which Arrow keeps printing."""
    rng = np.random.default_rng(precision * 100 + scale)
    top = 10 ** min(precision, 18) - 1
    unscaled = [*rng.integers(-top, top, 2000, endpoint=True).tolist(), 0, 1, -1, top, -top,
                *(v for k in range(scale + 2) for v in (10**k, -(10**k), 10**k - 1, 1 - 10**k)
                  if abs(v) <= top)]  # fmt: skip
    values = [None if i % 37 == 3 else Decimal(v).scaleb(-scale) for i, v in enumerate(unscaled)]
    arr = pa.array(values, pa.decimal128(precision, scale))
    for part in (arr, arr.slice(11, 900), arr.slice(0, 0), arr.drop_null()):
        text = pc.cast(csv_column(part), pa.string())
        assert text.to_pylist() == pc.cast(part, pa.string()).to_pylist()


def test_a_decimal_past_64_bits_is_printed_by_arrow() -> None:
    """A value wider than its declared precision (built from raw buffers) is still printed whole."""
    words = np.array([5, 1, -7, -1], dtype=np.int64)  # 2**64 + 5, then -7
    arr = pa.Array.from_buffers(pa.decimal128(18, 2), 2, [None, pa.py_buffer(words)])
    text = pc.cast(csv_column(arr), pa.string())
    assert text.to_pylist() == pc.cast(arr, pa.string()).to_pylist()
    assert text.to_pylist()[1] == "-0.07"
