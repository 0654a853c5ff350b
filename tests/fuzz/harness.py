"""Run one fuzz case through the command line, in process, and classify what happened.

A case is a ``schema.json`` text and a ``plan.json`` text (both possibly hostile). They go
through ``plan validate``, ``generate`` and ``evaluate --fail-on-violation`` exactly as a user's
files would, through the typer app. Every outcome must be one of:

- ``ok``: the plan ran and its evaluation found no violation;
- ``coded``: a stage stopped with a coded error (exit 2-7), printed without a traceback.

Anything else is a finding: ``internal`` (exit 1, an unexpected exception), ``violations`` (exit
9: the data breaks the schema it was generated for), ``hang`` (over the time budget), or a crash
of the harness itself.
"""

from __future__ import annotations

import json
import signal
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from datalchemy.cli import app

__all__ = ["Outcome", "Tally", "run_case"]

_runner = CliRunner()
CODED = {2, 3, 4, 5, 6, 7}


@dataclass(frozen=True)
class Outcome:
    kind: str  # ok | coded | internal | violations
    stage: str
    code: str | None = None
    detail: str = ""


@dataclass
class Tally:
    """Outcomes of a fuzz run, for its summary line."""

    outcomes: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    findings: list[tuple[Outcome, str, str]] = field(default_factory=list)

    def add(self, outcome: Outcome, schema: str, plan: str) -> None:
        self.outcomes[outcome.kind] += 1
        if outcome.code:
            self.codes[outcome.code] += 1
        if outcome.kind not in ("ok", "coded"):
            self.findings.append((outcome, schema, plan))

    def summary(self) -> str:
        total = sum(self.outcomes.values())
        top = ", ".join(f"{c} {n}" for c, n in self.codes.most_common(12))
        return f"{total} cases: {dict(self.outcomes)}; codes: {top}"


def _invoke(stage: str, args: list[str]) -> tuple[Outcome | None, dict[str, object]]:
    result = _runner.invoke(app, [*args, "--json"], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # escaped run_command altogether: the harness reports it
    try:
        payload = json.loads(result.stdout) if result.stdout.strip() else {}
    except json.JSONDecodeError:
        payload = {}
    code = result.exit_code
    if code == 0:
        return None, payload
    error = payload.get("error") if isinstance(payload.get("error"), dict) else {}
    err_code = error.get("code") if isinstance(error, dict) else None
    detail = f"{err_code}: {error.get('message') if isinstance(error, dict) else result.output}"
    message = str(error.get("message", "")) if isinstance(error, dict) else ""
    if code in CODED and not message.startswith("unexpected "):  # a bug the engine wrapped
        return Outcome("coded", stage, str(err_code), detail), payload
    if code == 9:
        return Outcome("violations", stage, str(err_code), detail), payload
    return Outcome("internal", stage, str(err_code), detail or result.output[-2000:]), payload


class _TooSlow(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TooSlow()


def run_case(schema_text: str, plan_text: str, work: Path, *, budget_s: int = 60) -> Outcome:
    """Validate, generate and evaluate ``plan_text`` against ``schema_text`` in ``work``; a case
    still running after ``budget_s`` seconds is a ``hang`` (a plan that fills the disk...)."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget_s)
    try:
        return _run_case(schema_text, plan_text, work)
    except _TooSlow:
        return Outcome("hang", "any", None, f"still running after {budget_s}s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run_case(schema_text: str, plan_text: str, work: Path) -> Outcome:
    work.mkdir(parents=True, exist_ok=True)
    schema, plan = work / "schema.json", work / "plan.json"
    schema.write_text(schema_text, encoding="utf-8", errors="surrogatepass")
    plan.write_text(plan_text, encoding="utf-8", errors="surrogatepass")
    stopped, _ = _invoke("validate", ["plan", "validate", str(plan), "--schema", str(schema)])
    if stopped is not None:
        return stopped
    stopped, made = _invoke(
        "generate",
        ["generate", "--plan", str(plan), "--schema", str(schema), "--out", str(work / "out")],
    )
    if stopped is not None:
        return stopped
    stopped, _ = _invoke(
        "evaluate",
        ["evaluate", "--schema", str(schema), "--plan", str(plan), "--data",
         str(made["run_dir"]), "--fail-on-violation"],
    )  # fmt: skip
    return stopped or Outcome("ok", "evaluate")
