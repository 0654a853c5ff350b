"""``/out preview``: an output's data files as scrollable tables (the first rows of each).

Files are read with the real readers (``csv`` with the dialect generation writes, Arrow for
Parquet), so quoted commas, newlines and NULLs show as they are, not as a comma split.
"""

from __future__ import annotations

import csv
from itertools import islice
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList

__all__ = ["PREVIEW_ROWS", "PreviewScreen", "read_head"]

#: Rows shown per file.
PREVIEW_ROWS = 200
#: Widest a column is shown (longer values are cut; the file has them whole).
MAX_COLUMN_WIDTH = 48


def read_head(path: Path, rows: int = PREVIEW_ROWS) -> tuple[list[str], list[list[str | None]]]:
    """Column names and the first ``rows`` rows of a CSV or Parquet file (None = NULL)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        names = list(pf.schema_arrow.names)
        batch = next(pf.iter_batches(batch_size=max(rows, 1)), None)
        if batch is None:
            return names, []
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        return names, [[_cell(v) for v in row] for row in zip(*columns, strict=True)]
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    # NULL is an empty unquoted field, an empty string is "" (see datalchemy.csvformat):
    # Arrow's reader tells them apart; every column is read as text, as written.
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    reader = pacsv.open_csv(path, convert_options=convert)
    body: list[list[str | None]] = []
    for batch in reader:
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        body += [list(row) for row in islice(zip(*columns, strict=True), rows - len(body))]
        if len(body) >= rows:
            break
    return header, body


def _cell(value: object) -> str | None:
    return None if value is None else str(value)


class PreviewScreen(Screen[None]):
    """Files on the left, the selected file's first rows on the right."""

    DEFAULT_CSS = """
    #files { width: 40; border: round $accent; }
    #preview-side { width: 1fr; }
    #preview-title { padding: 0 1; height: 1; }
    #rows { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "back")]

    def __init__(self, out_id: str, files: list[Path], rows: dict[str, int]) -> None:
        """``rows``: rows per file name, from the generation report."""
        super().__init__()
        self.out_id = out_id
        self.files = files
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(*(p.name for p in self.files), id="files")
            with Vertical(id="preview-side"):
                yield Label("", id="preview-title")
                yield DataTable(id="rows", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        files = self.query_one("#files", OptionList)
        files.highlighted = 0
        files.focus()
        self.show_file(0)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_file(event.option_index)

    def show_file(self, index: int) -> None:
        path = self.files[index]
        header, rows = read_head(path)
        table = self.query_one("#rows", DataTable)
        table.clear(columns=True)
        for i, name in enumerate(header):  # widths from the rows shown, long texts capped
            longest = max((len(row[i] or "NULL") for row in rows if i < len(row)), default=0)
            table.add_column(name, width=min(max(len(name), longest), MAX_COLUMN_WIDTH))
        null = Text("NULL", style="dim italic")
        for row in rows:
            table.add_row(*(null if v is None else v for v in row))
        total = self.rows.get(path.name)
        shown = f"first {len(rows):,} of {total:,} rows" if total is not None else ""
        self.query_one("#preview-title", Label).update(
            Text.assemble(
                ("out/", "dim"),
                self.out_id,
                "/",
                (path.name, "bold"),
                "  ",
                (shown, "dim"),
                ("   Tab: files/rows", "dim"),
            )
        )

    def action_close(self) -> None:
        self.dismiss()
