"""``datalchemy profile``: safe statistics of a real database, and the round trip through them.

The round trip builds a sales database of our own on PostgreSQL (skewed, correlated; see
``source_db``), profiles it, suggests a plan fitted to the profile, generates, and scores the
data against the profile: overall similarity at least 0.85, no violation, and profile.json holds
no value of the source's PII columns. It runs at a twentieth of the full size here; the full
size (about 350,000 rows) is ``python tests/profile/roundtrip.py --scale 1``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from datalchemy.cli import app
from datalchemy.contracts.profile import DatabaseProfile
from datalchemy.profile import profile_database
from support.pgserver import PostgresServer

from .roundtrip import round_trip


def _sqlite_source(path: Path, rows: int = 600) -> Path:
    """A small SQLite table with PII hidden behind innocent names and a skewed status."""
    rng = np.random.default_rng(5)
    with sqlite3.connect(path) as con:
        con.execute(
            "create table pessoas (id integer primary key, contato text, status text, "
            "codigo text, valor real, criado_em text)"
        )
        statuses = rng.choice(["ativo", "inativo", "raro"], rows, p=[0.8, 0.195, 0.005])
        con.executemany(
            "insert into pessoas values (?, ?, ?, ?, ?, ?)",
            [
                (
                    i + 1,
                    f"pessoa{i}.sobrenome{i * 7}@empresa{i % 13}.com.br",
                    str(statuses[i]),
                    f"ABC-{i:05d}",
                    float(np.round(np.exp(rng.normal(4, 0.7)), 2)),
                    f"2023-{1 + i % 12:02d}-{1 + i % 28:02d} 10:00:00",
                )
                for i in range(rows)
            ],
        )
    return path


def test_profile_keeps_only_safe_statistics(tmp_path: Path) -> None:
    db = _sqlite_source(tmp_path / "src.db")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    profile = profile_database(f"sqlite:///{db}", k=10)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before  # read-only
    table = profile.table("main.pessoas")
    assert table is not None and table.rows == 600
    contato = table.column("contato")
    assert contato is not None and "pii.email" in contato.pii  # by its values, not its name
    assert contato.frequent == [] and contato.text is not None
    status = table.column("status")
    assert status is not None
    assert [f.value for f in status.frequent] == ["ativo", "inativo"]  # "raro" < k times
    codigo = table.column("codigo")
    assert codigo is not None and codigo.text is not None
    assert codigo.text.shapes[0].value == "AAA-99999" and codigo.frequent == []
    valor = table.column("valor")
    assert valor is not None and valor.numeric is not None
    assert len(valor.numeric.quantiles) == 101
    text = profile.model_dump_json()
    assert "@empresa" not in text and "pessoa1" not in text


def test_profile_command_writes_a_valid_profile(tmp_path: Path) -> None:
    db = _sqlite_source(tmp_path / "src.db")
    out = tmp_path / "profile.json"
    result = CliRunner().invoke(
        app, ["profile", "--conn", f"sqlite:///{db}", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["tables"] == 1
    assert DatabaseProfile.model_validate_json(out.read_text()).k == 10


@pytest.mark.postgres
def test_round_trip_reaches_the_similarity_bar(pg_server: PostgresServer, tmp_path: Path) -> None:
    result = round_trip(pg_server.create_database(), tmp_path, scale=0.05)
    assert sum(result["rows"].values()) > 15_000
    assert result["plan_errors"] == [] and result["violations"] == 0
    assert result["leaks"] == []
    assert result["fitted"] >= 15
    assert result["overall"] >= 0.85, result["columns"]
    assert result["pair_trends"] is not None and result["pair_trends"] >= 0.85
