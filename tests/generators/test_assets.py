"""generators.assets: one loader for every data file; the files it ships are well formed."""

from __future__ import annotations

from importlib import resources

import pytest

from datalchemy.generators import assets

ROOT = resources.files("datalchemy.generators.assets")
FILES = sorted(
    (folder.name, f.name)
    for folder in ROOT.iterdir()
    if folder.is_dir() and not folder.name.startswith("_")
    for f in folder.iterdir()
)


def test_every_data_file_is_shipped_and_read() -> None:
    assert {folder for folder, _ in FILES} == {"common", "en", "pt_BR"}
    for folder, name in FILES:
        assert name.endswith((".tsv", ".txt")), f"{folder}/{name} is not in package-data"
        rows = assets.rows(folder, name)
        assert rows, f"{folder}/{name} has no data"
        text = (ROOT / folder / name).read_text(encoding="utf-8")
        assert text.startswith("# "), f"{folder}/{name} needs a header naming its columns"
        widths = {len(r) for r in rows}
        assert max(widths) == text.splitlines()[0].count("\t") + 1 or name.endswith(".txt")


@pytest.mark.parametrize("name", ["industries.txt", "job_fields.txt", "job_positions.txt"])
def test_each_language_has_the_same_lists(name: str) -> None:
    assert len(assets.words("en", name)) >= 10 and len(assets.words("pt_BR", name)) >= 10


def test_rows_skip_comments_and_keep_trailing_empty_fields() -> None:
    cities = assets.rows("pt_BR", "cities.tsv")
    assert all(not r[0].startswith("#") for r in cities)
    assert cities[0] == ("Cruzeiro do Sul", "AC", "1200203", "91888", "68", "")
    assert assets.words("pt_BR", "ufs.tsv")[:3] == ("AC", "AL", "AM")
    assert assets.rows("pt_BR", "ufs.tsv") is assets.rows("pt_BR", "ufs.tsv")  # cached


def test_language_folder() -> None:
    assert assets.language_folder("pt") == "pt_BR"
    assert assets.language_folder("en") == assets.language_folder("fr") == "en"
