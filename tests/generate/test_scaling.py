"""The same bytes for any worker count and on a Dask cluster; workers that die or outlive.

Local workers write part files that the parent appends in block order; Dask tasks do the same
through the run's file system. Whatever computes the blocks, every output file must hash the same
as a one-process run: the full-stack CRM plan (20 tables, cycles with fix-up files) and the
10-column benchmark table over several blocks.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from datalchemy.contracts.plan import Plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import UsageError
from datalchemy.generate import BLOCK_SIZE, run_generation
from datalchemy.generate.dask_executor import FAULT_ENV, parse_cluster
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan
from support.datasets import FULL_STACK

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from generate_table import bench_plan, bench_schema  # noqa: E402

CRM = DatabaseSchema.model_validate_json((ROOT / "tests/golden/crm.schema.json").read_text())


def _hashes(run_path: Path) -> dict[str, str]:
    report = json.loads((run_path / "generation_report.json").read_text())
    return {f["path"]: f["sha256"] for t in report["tables"] for f in t["files"]}


@pytest.fixture(scope="module")
def crm_plan() -> ResolvedPlan:
    plan, _ = suggest_plan(CRM, rows=FULL_STACK, locale="pt_BR", base_date=date(2024, 6, 1))
    return resolve_plan(plan, CRM)


@pytest.fixture(scope="module")
def table_plan() -> tuple[DatabaseSchema, ResolvedPlan]:
    schema = bench_schema()
    return schema, resolve_plan(Plan.model_validate(bench_plan(BLOCK_SIZE * 3 + 17)), schema)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_same_bytes_for_one_two_three_workers_and_a_dask_cluster(
    fmt: str, crm_plan: ResolvedPlan, table_plan: tuple[DatabaseSchema, ResolvedPlan],
    tmp_path: Path,
) -> None:  # fmt: skip
    schema, plan = table_plan
    for name, (s, p) in {"crm": (CRM, crm_plan), "table": (schema, plan)}.items():
        p = p.model_copy(update={"format": fmt})
        one = run_generation(p, s, tmp_path / name / "w1")
        expected = _hashes(one.path)
        assert one.report.workers == 1
        for workers in (2, 3):
            run = run_generation(p, s, tmp_path / name / f"w{workers}", workers=workers)
            assert _hashes(run.path) == expected, (name, workers)
            assert run.report.workers == workers
            assert not (run.path / ".parts").exists()
        if name == "table":  # one cluster start for the big table (the CRM plan is below)
            run = run_generation(p, s, tmp_path / name / "dask", cluster="local:2")
            assert _hashes(run.path) == expected
            assert run.report.cluster == "local:2" and run.report.blocks_retried == 0


def test_full_stack_crm_on_a_dask_cluster_and_an_fsspec_url(
    crm_plan: ResolvedPlan, tmp_path: Path
) -> None:
    expected = _hashes(run_generation(crm_plan, CRM, tmp_path / "one").path)
    run = run_generation(crm_plan, CRM, f"local://{tmp_path}/dask", cluster="local:2")
    assert run.location.startswith("local://") or run.location.startswith("file://")
    folder = Path(run.location.split("://", 1)[1])
    assert _hashes(folder) == expected
    assert (folder / "logs.ndjson").read_text().count("generation_finished") == 1
    assert not list(folder.parent.glob("*.partial"))


def test_a_worker_killed_mid_task_is_retried_and_the_bytes_do_not_change(
    table_plan: tuple[DatabaseSchema, ResolvedPlan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema, plan = table_plan
    expected = _hashes(run_generation(plan, schema, tmp_path / "one").path)
    marker = tmp_path / "killed-once"
    monkeypatch.setenv(FAULT_ENV, str(marker))  # inherited by the cluster's worker processes
    run = run_generation(plan, schema, tmp_path / "dask", cluster="local:2")
    assert marker.exists(), "no worker was killed: the fault was not injected"
    assert _hashes(run.path) == expected
    assert run.report.blocks_retried >= 1


def test_cluster_specs() -> None:
    assert parse_cluster("local") == ("local", None)
    assert parse_cluster("local:3") == ("local", 3)
    assert parse_cluster("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    for bad in ("local:0", "local:x", "remote", ""):
        with pytest.raises(UsageError) as err:
            parse_cluster(bad)
        assert err.value.code == "cluster_invalid"


def test_a_url_output_without_a_cluster_is_refused(
    table_plan: tuple[DatabaseSchema, ResolvedPlan], tmp_path: Path
) -> None:
    schema, plan = table_plan
    with pytest.raises(UsageError) as err:
        run_generation(plan, schema, f"local://{tmp_path}/x")
    assert err.value.code == "output_needs_cluster"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_workers_die_with_their_parent_on_kill_9(tmp_path: Path) -> None:
    (tmp_path / "schema.json").write_text(bench_schema().model_dump_json(by_alias=True))
    (tmp_path / "plan.json").write_text(json.dumps(bench_plan(20_000_000)))
    exe = Path(sys.executable).with_name("datalchemy")
    proc = subprocess.Popen(
        [str(exe), "generate", "--json", "--plan", str(tmp_path / "plan.json"), "--schema",
         str(tmp_path / "schema.json"), "--out", str(tmp_path / "out"), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.1)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and "zombie" not in Path(f"/proc/{w}/status").read_text()]  # fmt: skip
    assert not alive, f"workers outlived their parent: {alive}"
    assert b"Traceback" not in (proc.stderr.read() if proc.stderr else b"")


def test_a_plan_lost_with_the_only_worker_holding_it_is_scattered_again(
    table_plan: tuple[DatabaseSchema, ResolvedPlan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One worker, killed mid-task: the scattered plan dies with it and the scheduler cancels
    the blocks that needed it; the run scatters it again and the bytes do not change."""
    schema, plan = table_plan
    expected = _hashes(run_generation(plan, schema, tmp_path / "one").path)
    marker = tmp_path / "killed-once"
    monkeypatch.setenv(FAULT_ENV, str(marker))
    run = run_generation(plan, schema, tmp_path / "dask", cluster="local:1")
    assert marker.exists(), "no worker was killed: the fault was not injected"
    assert _hashes(run.path) == expected
    assert run.report.blocks_retried >= 1
