"""The README's walkthroughs run as written: its shell block and its Python block.

The shell block runs in bash, line by line as a user would paste it, against the suite's
PostgreSQL server: the one change is its connection string (``postgresql://me:secret@localhost``
becomes the server's URL, and libpq's ``PG*`` variables point ``createdb`` at it). The Python
block runs unchanged in an empty folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support.pgserver import PostgresServer

README = Path(__file__).resolve().parents[1] / "README.md"
README_URL = "postgresql://me:secret@localhost:5432/"


def _block(language: str, first_line: str) -> str:
    """The fenced ``language`` block of the README whose first line starts with ``first_line``."""
    for found in re.finditer(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        if found.group(1).startswith(first_line):
            return found.group(1)
    raise AssertionError(f"README has no {language} block starting with {first_line!r}")


def test_the_postgresql_walkthrough_runs_as_written(
    pg_server: PostgresServer, tmp_path: Path
) -> None:
    script = _block("bash", "# a PostgreSQL server")
    assert README_URL in script and "--create-schema" in script
    url = urlsplit(pg_server.url())
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), str(pg_server.bindir),
                                 os.environ.get("PATH", "")]),
        "PGHOST": url.hostname or "", "PGPORT": str(url.port), "PGUSER": pg_server.user,
        "PGPASSWORD": pg_server.password, "PGDATABASE": "postgres",
    }  # fmt: skip
    for name in ("crm", "crm_copy"):
        pg_server.drop_database(name)
    try:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace(README_URL, pg_server.url(""))],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        loads = list(tmp_path.glob("out/*/loads/*/load_report.json"))
        report = json.loads(loads[0].read_text(encoding="utf-8"))
        assert report["status"] == "ok" and report["counts_verified"] is True
        assert report["create_schema"] is True and report["rows_loaded"] > 0
        metrics = json.loads(next(tmp_path.glob("out/*/metrics.json")).read_text())
        assert metrics["violations_total"] == 0
    finally:
        for name in ("crm", "crm_copy"):
            pg_server.drop_database(name)


def test_the_python_api_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _block("python", "import datalchemy")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.split("\n")
    assert printed[1].startswith("ok 0 ")  # status, violations, report.html
    rows, verified = printed[2].split()
    assert int(rows) > 0 and verified == "True"
    assert (tmp_path / "copy.db").is_file()
