"""report.html at 1280 px: the FK graph laid out with routed edges (Graphviz and the pure
fallback), no sideways scroll, integer and timestamp histogram labels whole, the closing section
rendered. Screenshots are written next to the report for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from datalchemy.contracts.metrics import ColumnStats, Histogram, HistogramBin
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.evaluate import run_evaluate
from datalchemy.evaluate.graph_layout import layered_layout
from datalchemy.evaluate.report_html import _chart
from datalchemy.evaluate.svg import fk_graph

CHROMIUM = Path("/usr/bin/chromium")
#: A page that reports its own widths into the DOM, for --dump-dom to read.
MEASURE = (
    "<script>document.body.setAttribute('data-scroll-width', "
    "document.documentElement.scrollWidth)</script>"
)


def _chromium(tmp_path: Path) -> list[str]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (/usr/bin/chromium)")
        pytest.skip("chromium not installed")
    return [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-background-networking", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1600"]  # fmt: skip


def _scroll_width(page: Path, tmp_path: Path) -> int:
    measured = page.with_name(page.stem + ".measure.html")
    measured.write_text(page.read_text().replace("</body>", MEASURE + "</body>"))
    dom = subprocess.run(
        [*_chromium(tmp_path), "--dump-dom", measured.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    found = re.search(r'data-scroll-width="(\d+)"', dom)
    assert found, dom[-2000:]
    return int(found.group(1))


def _screenshot(page: Path, tmp_path: Path) -> Path:
    png = page.with_suffix(".png")
    subprocess.run(
        [*_chromium(tmp_path), f"--screenshot={png}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert png.is_file() and png.stat().st_size > 5_000
    print(f"screenshot: {png}")
    return png


def _chain(count: int) -> tuple[list[str], list[tuple[str, str, str]], dict[str, int]]:
    """A deep graph: a chain, edges that skip columns, a cycle edge and a self-reference."""
    nodes = [f"warehouse.table_with_a_long_name_{i:02d}" for i in range(count)]
    edges = [(nodes[i], nodes[i + 1], f"fk_{i}") for i in range(count - 1)]
    edges += [(nodes[0], nodes[5], "skip"), (nodes[2], nodes[9], "skip2"),
              (nodes[10], nodes[3], "back"), (nodes[4], nodes[4], "self")]  # fmt: skip
    return nodes, edges, {n: i for i, n in enumerate(nodes)}


def _boxes(svg: str) -> list[tuple[float, float, float, float]]:
    return [
        tuple(map(float, m))  # type: ignore[misc]
        for m in re.findall(
            r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx', svg
        )
    ]


@pytest.mark.parametrize("vertical", [False, True], ids=["columns", "rows"])
def test_layered_layout_routes_edges_through_the_gaps(vertical: bool) -> None:
    nodes, edges, depth = _chain(14)
    lay = layered_layout(nodes, edges, depth, vertical=vertical)
    boxes = {n.name: (n.x, n.y, n.x + n.width, n.y + n.height) for n in lay.nodes}
    for edge in lay.edges:
        if edge.loop:
            continue
        own = {edge.parent, edge.child}
        # Every point of the route sits on a box side of its own tables, or in a free slot:
        # never inside another table's box.
        for x, y in edge.points:
            for name, (x0, y0, x1, y1) in boxes.items():
                if name not in own:
                    assert not (x0 < x < x1 and y0 < y < y1), (edge.label, name)
        # Runs inside a layer follow the layer's axis through a slot no box of that layer takes.
        for (ax, ay), (bx, by) in zip(edge.points[1::2], edge.points[2::2], strict=False):
            assert (ax == bx) if vertical else (ay == by)
            for name, (x0, y0, x1, y1) in boxes.items():
                inside = (
                    (y0 <= ay < y1 and x0 <= ax <= x1)
                    if vertical
                    else (x0 <= ax < x1 and y0 <= ay <= y1)
                )
                assert name in own or not inside, (edge.label, name)
    skip = next(e for e in lay.edges if e.label == "skip")
    assert len(skip.points) == 2 * 5  # through the 4 layers between t00 and t05
    assert next(e for e in lay.edges if e.label == "back").reverse


@pytest.mark.parametrize("graphviz", [True, False], ids=["graphviz", "layered"])
def test_a_wide_graph_does_not_scroll_sideways_at_1280(tmp_path: Path, graphviz: bool) -> None:
    if graphviz and shutil.which("dot") is None:  # scripts/ensure_test_tools.sh installs it
        pytest.fail("Graphviz dot is required (apt-get install graphviz)")
    svg = fk_graph(*_chain(14), graphviz=graphviz)
    assert f'data-layout="{"graphviz" if graphviz else "layered"}"' in svg
    assert 'width="100%"' in svg  # scales to the page
    page = tmp_path / "graph.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:24px;"
        f"max-width:1200px}}</style></head><body>{svg}</body></html>"
    )
    assert _scroll_width(page, tmp_path) <= 1280
    _screenshot(page, tmp_path)


def test_integer_and_timestamp_histogram_labels() -> None:
    ints = ColumnStats(
        table="t", column="n", family="integer", rows=30, null_fraction=0.0, min="1", max="100",
        histogram=Histogram(kind="value", bins=[
            HistogramBin(label=f"{1 + i * 9.9:.6g}", count=3) for i in range(10)
        ]),
    )  # fmt: skip
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', _chart(ints))
    assert labels[0] == "1-10" and labels[-1] == "91-100"
    assert not any("." in label for label in labels)
    stamps = ColumnStats(
        table="t", column="at", family="timestamptz", rows=10, null_fraction=0.0,
        min="2022-01-05 05:07:10+00",
        max="2023-12-22 00:37:21.123456+00",
        histogram=Histogram(kind="value", bins=[
            HistogramBin(label=f"2022-{m:02d}-05 05:07", count=1) for m in range(1, 11)
        ]),
    )  # fmt: skip
    chart = _chart(stamps)
    assert "2022-10-05 05:07</text>" in chart  # whole, not "2022-10-0…"
    assert "…" not in chart
    assert "2023-12-22 00:37:21.123456+00" in chart  # min and max whole


def test_report_at_1280_px(shop: DatabaseSchema, shop_data: Path, tmp_path: Path) -> None:
    run = run_evaluate(shop, None, shop_data, out_dir=tmp_path / "out")
    html = run.files["report.html"]
    text = html.read_text()
    # The closing section is rendered, not raw Markdown.
    closing = text.split('<div class="closing">', 1)[1]
    assert "<h2>Run summary</h2>" in closing and "<table>" in closing
    assert "## " not in closing and "<pre>" not in text
    assert _scroll_width(html, tmp_path) <= 1280
    _screenshot(html, tmp_path)
