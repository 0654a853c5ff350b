"""Small rich renderables shared by the commands: key/value tables and artifact lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table

from datalchemy import redact_text
from datalchemy.errors import DatalchemyError
from datalchemy.tui.session import Session
from datalchemy.tui.workspace import ArtifactKind

__all__ = ["artifact_table", "kv_table", "table"]

_STATUS_STYLE = {"OK": "green", "ERROR": "red", "CANCELLED": "yellow", "RUNNING": "cyan"}


def kv_table(rows: Iterable[tuple[str, object]], title: str | None = None) -> Table:
    out = Table(show_header=False, box=None, title=title, title_justify="left", padding=(0, 2))
    out.add_column(style="dim")
    out.add_column()
    for key, value in rows:
        out.add_row(key, redact_text("-" if value is None else str(value)))
    return out


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], title: str | None = None
) -> Table:
    out = Table(*headers, title=title, title_justify="left", header_style="bold")
    for row in rows:
        out.add_row(*(redact_text("" if v is None else str(v)) for v in row))
    return out


def artifact_table(session: Session, kind: ArtifactKind, active: str | None) -> Table:
    """The artifacts of ``kind``, oldest first, the active one marked ``*``."""
    ws = session.ws
    out = Table("", "id", "status", "created", "inputs", title_justify="left", header_style="bold")
    for artifact_id in ws.list_ids(kind):
        try:
            manifest = ws.read_manifest(kind, artifact_id)
        except DatalchemyError:  # a damaged manifest is still listed; /doctor explains it
            manifest = None
        status = ws.status_of(kind, artifact_id)
        links = []
        if manifest is not None:
            for key in ("schema_run_id", "plan_id", "out_id"):
                value = getattr(manifest, key, None)
                if value:
                    links.append(f"{key.removesuffix('_id').removeprefix('schema_')}={value}")
        style = _STATUS_STYLE.get(status.split()[0], "")
        out.add_row(
            "*" if artifact_id == active else "",
            artifact_id,
            f"[{style}]{status}[/]" if style else status,
            manifest.created_at[:19].replace("T", " ") if manifest else "",
            " ".join(links),
        )
    return out
