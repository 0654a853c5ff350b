"""``report.md``: a deterministic summary (same metrics, same bytes; no clock, no durations).

Layout: repairs (the rules generation could not honour as written, read first), run summary,
targets and row counts, constraint summary, plan agreement, warnings, top violations,
recommendations. Every list comes sorted from the metrics.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from datalchemy.contracts.metrics import EvaluationMetrics
from datalchemy.contracts.plan import Repair

__all__ = ["MAX_VIOLATIONS", "dataset_repairs", "render_markdown", "repairs_markdown"]

#: What a reader must know before reading the rest, at the top of both reports.
REPAIRS_NOTE = (
    "rule(s) of the plan could not be honoured as written; generation did this instead "
    "(`--strict` refuses repairs, `datalchemy plan fix` writes the repaired plan)."
)

MAX_VIOLATIONS = 20


def _cell(value: object) -> str:
    text = "-" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def dataset_repairs(data_dir: Path) -> list[Repair]:
    """The repairs ``generation_report.json`` of a dataset lists (none when it cannot say)."""
    try:
        raw = json.loads((data_dir / "generation_report.json").read_text(encoding="utf-8"))
        return [Repair.model_validate(r) for r in raw.get("repairs", [])]
    except (OSError, ValueError, AttributeError, ValidationError):
        return []


def repairs_markdown(repairs: Sequence[Repair]) -> list[str]:
    """The repairs section (empty when there is none)."""
    if not repairs:
        return []
    lines = ["## Repairs", f"{len(repairs)} {REPAIRS_NOTE}", ""]
    lines += _table(
        ["code", "action", "where", "path", "asked", "done"],
        [[r.code, r.action, r.target, r.path, r.asked, r.done] for r in repairs],
    )
    return [*lines, ""]


def render_markdown(m: EvaluationMetrics, repairs: Sequence[Repair] = ()) -> str:
    p = m.provenance
    files_ok = sum(1 for f in p.files if f.ok)
    lines = [
        "# Datalchemy Evaluation Report",
        "",
        *repairs_markdown(repairs),
        "## Run summary",
        f"- dataset: {m.dataset}",
        f"- status: **{m.status}**",
        f"- violations: {m.violations_total}",
        f"- not evaluated: {m.not_evaluated_total}",
        f"- time-relative CHECKs as of: {m.as_of.isoformat() if m.as_of else '-'}",
        f"- run_id: {p.run_id or '-'}",
        f"- seed: {p.seed if p.seed is not None else '-'}",
        f"- algorithm_version: {p.algorithm_version or '-'}",
        f"- plan_fingerprint: {p.plan_fingerprint or '-'} ({_ok(p.plan_fingerprint_ok)})",
        f"- schema_fingerprint: {p.schema_fingerprint or '-'} ({_ok(p.schema_fingerprint_ok)})",
        f"- files verified: {files_ok}/{len(p.files)}",
        "",
        "## Targets and row counts",
    ]
    lines += _table(
        ["table", "file", "rows_expected", "rows_found"],
        [[t.table, t.file, t.rows_expected, t.rows_found] for t in m.tables],
    )
    lines += ["", "## Constraint summary"]
    lines += _table(
        ["constraint", "checked", "violated", "violations", "not_evaluated"],
        [[s.kind, s.checked, s.violated, s.violations, s.not_evaluated] for s in m.summary],
    )
    if m.intent:
        failing = [i for i in m.intent if not i.ok]
        lines += [
            "",
            "## Plan agreement",
            f"{len(m.intent) - len(failing)} of {len(m.intent)} checks within tolerance "
            "(all in metrics.json).",
        ]
        if failing:
            lines.append("")
            lines += _table(
                ["check", "table", "column", "expected", "observed", "tolerance"],
                [[i.kind, i.table, i.column, i.expected, i.observed, i.tolerance] for i in failing],
            )
    if m.foreign_keys:
        lines += ["", "## Children per parent"]
        lines += _table(
            ["foreign key", "child", "parent", "min", "mean", "max", "null children"],
            [
                [c.foreign_key, c.child, c.parent, c.min, f"{c.mean:.3f}", c.max, c.null_children]
                for c in m.foreign_keys
            ],
        )
    if m.warnings:
        lines += ["", "## Warnings"]
        for w in m.warnings:
            hint = f" (hint: {w.hint})" if w.hint else ""
            lines.append(f"- {w.path or '-'}: [{w.code}] {w.message}{hint}")
    violated = [c for c in m.constraints if c.status == "violated"]
    if violated:
        lines += ["", "## Top violations"]
        ranked = sorted(violated, key=lambda c: (-c.violations, c.table, c.kind, c.name or ""))
        for c in ranked[:MAX_VIOLATIONS]:
            what = c.name or ",".join(c.columns)
            unit = "file(s)" if c.kind == "file_hash" else "row(s)"
            examples = "; ".join(c.examples)
            note = f" ({c.note})" if c.note else ""
            lines.append(
                f"- {c.kind} {c.table} [{what}]: {c.violations} {unit}{note}"
                + (f" e.g. {examples}" if examples else "")
            )
        if len(ranked) > MAX_VIOLATIONS:
            lines.append(f"- ... {len(ranked) - MAX_VIOLATIONS} more in metrics.json")
    lines += ["", "## Recommendations"]
    lines += [f"- {r}" for r in _recommendations(m)]
    return "\n".join(lines) + "\n"


def _ok(value: bool | None) -> str:
    return "not compared" if value is None else ("match" if value else "MISMATCH")


def _recommendations(m: EvaluationMetrics) -> list[str]:
    kinds = {c.kind for c in m.constraints if c.status == "violated"}
    out = []
    if "file_hash" in kinds:
        out.append("files changed after generation: regenerate, or find what modified them.")
    if kinds & {"primary_key", "unique"}:
        out.append("duplicate keys: increase the unique key space or use a keyed generator.")
    if "foreign_key" in kinds:
        out.append(
            "orphan foreign keys: generate parent tables with the children (and apply "
            "fix-up files)."
        )
    if "not_null" in kinds:
        out.append("NULLs in NOT NULL columns: set the column's null_rate to 0.")
    if "check" in kinds:
        out.append("CHECK violations: pick generator params inside the CHECK's domain.")
    if kinds & {"type", "length", "numeric_precision", "numeric_scale", "enum"}:
        out.append(
            "values that do not fit the declared type: fix the generator params "
            "(lengths, scale, enum labels)."
        )
    if m.not_evaluated_total:
        out.append(
            "some constraints could not be evaluated offline: the database still "
            "enforces them on load; simplify the CHECK if possible."
        )
    if any(c.kind == "trigger" and c.status == "not_evaluated" for c in m.constraints):
        out.append(
            "triggers may reject, rewrite or duplicate rows on load (see Warnings): load with "
            "--triggers disable if the data does not need them."
        )
    if any(not i.ok for i in m.intent):
        out.append(
            "the data departs from the plan's intent: review the rules flagged in 'Plan agreement'."
        )
    if not out:
        out.append("no violations detected; compare metrics across runs for drift.")
    return out
