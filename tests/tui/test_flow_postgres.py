"""The guided flow on PostgreSQL (the suite's private server, CRM fixture): never skipped in CI."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg

from datalchemy.fixtures import create_fixture

from .pilot import Driver, manifest, run_app, scan_for_secrets


def test_full_flow_on_postgres(tmp_path: Path, pg_url: str, monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    create_fixture("crm", pg_url, with_data=False)
    password = unquote(urlsplit(pg_url).password or "")
    assert len(password) >= 8
    ws = tmp_path / "ws"
    passphrase = "a passphrase for the tests"

    async def scenario(d: Driver) -> None:
        await d.wizard("pg", pg_url, schema="crm")
        await d.run("/db test", approve=None, snap=True)
        await d.run("/db privileges", approve=None, snap=True)
        await d.run("/db show-current", approve=None, snap=True)
        await d.run("/introspect", snap=True)
        await d.run("/plan new --rows 10", snap=True)
        await d.run("/generate", snap=True)
        await d.run("/eval", snap=True)
        await d.run("/settings set mode insert")
        await d.run("/load", snap=True)
        await d.run(f"/secrets store-session {passphrase}", snap=True)
        await d.run("/status", approve=None, snap=True)
        await d.run("/logs", approve=None, snap=True)

    result = run_app(ws, scenario)
    log = result.log
    assert "Connection successful!" in log and "Ver: PostgreSQL" in log
    assert "plan created: 20 tables" in log and "counts verified" in log
    assert "error " not in log, log

    run = next((ws / "runs").iterdir())
    rm = manifest(run, "run_manifest.json")
    assert rm["status"] == "OK" and rm["introspect_options"]["schemas"] == ["crm"]
    assert manifest(run, "config.json")["connection"]["redacted"].startswith("postgresql://")
    out = next((ws / "out").iterdir())
    assert manifest(out, "out_manifest.json")["status"] == "OK"
    assert len(list(out.glob("crm.*.csv"))) == 20
    ev = next((ws / "eval").iterdir())
    assert manifest(ev, "eval_manifest.json")["status"] == "OK"
    assert manifest(ev, "metrics.json")["violations_total"] == 0
    load = next((ws / "loads").iterdir())
    lm = manifest(load, "load_manifest.json")
    assert lm["status"] == "OK" and "***" in lm["target"]
    with psycopg.connect(pg_url) as conn:
        row = conn.execute("select count(*) from crm.usuarios").fetchone()
    assert row is not None and row[0] > 0
    assert (ws / "secrets" / "db.enc").stat().st_mode & 0o777 == 0o600

    # The password is nowhere: not in a file of the workspace, not on any screen captured
    # (the wizard's URL field while typed, every command's output), not in the log.
    assert "•" * len(password) in result.screens[0]  # the wizard showed it masked while typed
    scan_for_secrets([password, passphrase], ws, result.screens)
    assert password not in log and passphrase not in log
