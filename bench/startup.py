"""Start-up: what a `datalchemy` process costs before and after its engine runs.

    .venv/bin/python bench/startup.py                  # 11 runs of each case
    .venv/bin/python bench/startup.py --rows 100000 --repeat 21

For the 10-column benchmark table (`bench/generate_table.py`), in fresh processes run as the
command line runs (`python -m datalchemy`, bytecode cached by one untimed run), least and median
CPU-seconds (user + system) of:

- `datalchemy --version`;
- `datalchemy generate --json` of 1 row, the whole process;
- `datalchemy generate --json` of ``--rows`` rows, split into the engine (`run_generation`: the
  blocks, their files, hashes and the report) and everything outside it (start-up, plan loading
  and resolution, exit). The split is measured inside the process: `run_generation` is wrapped
  when its module is first imported, so nothing is imported earlier than in a plain run.

Timings move with the machine's load; run the cases you compare in one batch.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_table import bench_plan, bench_schema

#: Runs the CLI with ``run_generation`` wrapped; prints "<process CPU> <engine CPU>" at exit.
_SPLIT = """
import atexit, importlib.machinery, resource, sys
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
engine = [0.0]
class Wrap:
    def find_spec(self, name, path=None, target=None):
        if name != "datalchemy.generate.engine":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            inner = module.run_generation
            def timed(*args, **kwargs):
                start = cpu()
                try:
                    return inner(*args, **kwargs)
                finally:
                    engine[0] += cpu() - start
            module.run_generation = timed
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Wrap())
atexit.register(lambda: print(f"{cpu():.4f} {engine[0]:.4f}", file=sys.stderr))
sys.argv = ["datalchemy", *sys.argv[1:]]
from datalchemy.cli import main
main()
"""


def _child_cpu(args: list[str], code: str | None = None) -> tuple[float, str]:
    """CPU-seconds of one child process (user + system) and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = (
        [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "datalchemy", *args]
    )
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, done.stderr


def _generate_args(root: Path, rows: int) -> list[str]:
    (root / "schema.json").write_text(bench_schema().model_dump_json(by_alias=True))
    (root / "plan.json").write_text(json.dumps(bench_plan(rows)))
    plan, schema = str(root / "plan.json"), str(root / "schema.json")
    return ["generate", "--json", "--plan", plan, "--schema", schema, "--out", str(root / "out")]


def _line(name: str, values: list[float]) -> str:
    return f"{name:<44}{min(values):>8.3f}{statistics.median(values):>9.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000, help="rows of the split run")
    ap.add_argument("--repeat", type=int, default=11, help="runs of each case")
    args = ap.parse_args()
    env_note = "" if os.environ.get("PYTHONDONTWRITEBYTECODE") is None else " (no bytecode cache)"
    with tempfile.TemporaryDirectory() as tmp:
        one, many = Path(tmp, "one"), Path(tmp, "many")
        one.mkdir(), many.mkdir()
        one_args, many_args = _generate_args(one, 1), _generate_args(many, args.rows)
        _child_cpu(one_args)  # writes the bytecode caches
        version, single, total, outside, engine = [], [], [], [], []
        for _ in range(args.repeat):  # the cases alternate: a drifting machine skews them alike
            shutil.rmtree(one / "out", ignore_errors=True)
            shutil.rmtree(many / "out", ignore_errors=True)
            version.append(_child_cpu(["--version"])[0])
            single.append(_child_cpu(one_args)[0])
            _, reported = _child_cpu(many_args, _SPLIT)
            process, in_engine = map(float, reported.split()[-2:])
            total.append(process)
            engine.append(in_engine)
            outside.append(process - in_engine)
    print(f"Python {sys.version.split()[0]} ({sys.executable}){env_note}")
    print(f"{'CPU-seconds':<44}{'least':>8}{'median':>9}")
    print(_line("datalchemy --version", version))
    print(_line("generate, 1 row (whole process)", single))
    print(_line(f"generate, {args.rows:,} rows: in the process", total))
    print(_line("    in the engine (run_generation)", engine))
    print(_line("    outside the engine", outside))


if __name__ == "__main__":
    main()
