"""`datalchemy generators list|show`: browse the generator catalog."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from datalchemy.cli._options import JsonFlag
from datalchemy.cli._output import CommandResult, run_command

__all__ = ["app"]

app = typer.Typer(help="Browse the generator catalog (IDs, params, value spaces, examples).")


@app.command("list")
def list_command(
    family: Annotated[
        str | None, typer.Option(help="Only IDs of this family, e.g. semantic.br or primitive.")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """List generator and transform IDs."""

    def body() -> CommandResult:
        from datalchemy.generators import all_generators, all_transforms
        from datalchemy.generators.catalog import family_of

        gens = [g for g in all_generators() if family is None or family_of(g.id) == family]
        trans = [t for t in all_transforms() if family in (None, "transform")]
        table = Table("id", "output", "PII", "summary", title=f"{len(gens)} generators")
        # Catalog text is plain: "[word](https://...)" or "['a', 'b']" is not rich markup.
        for g in gens:
            table.add_row(g.id, g.output.value, ", ".join(sorted(g.pii)), escape(g.summary))
        for t in trans:
            table.add_row(t.id, "(transform)", "", escape(t.summary))
        data = {
            "generators": [
                {"id": g.id, "family": family_of(g.id), "output": g.output.value,
                 "pii": sorted(g.pii), "summary": g.summary}
                for g in gens
            ],
            "transforms": [{"id": t.id, "summary": t.summary} for t in trans],
        }  # fmt: skip
        return CommandResult(data=data, render=[table])

    run_command("generators list", json_output, body)


@app.command("show")
def show_command(
    generator_id: Annotated[str, typer.Argument(help="Generator or transform ID.")],
    json_output: JsonFlag = False,
) -> None:
    """Show one generator: params, fits, value space, PII tags, example values."""

    def body() -> CommandResult:
        from datalchemy.generators import get_generator, get_transform
        from datalchemy.generators.catalog import describe_generator, param_docs

        data: dict[str, Any]
        if generator_id.startswith("transform."):
            t = get_transform(generator_id)
            data = {"id": t.id, "summary": t.summary, "params": [p.__dict__ for p in param_docs(t)]}
        else:
            data = describe_generator(get_generator(generator_id))
        params = Table("param", "type", "default", "constraints", "description")
        for p in data["params"]:
            default = "(required)" if p["required"] else repr(p["default"])
            cells = (p["name"], p["type"], default, p["constraints"], p["description"])
            params.add_row(*(escape(str(c)) for c in cells))
        head = [f"[bold]{escape(data['id'])}[/]  {escape(data.get('summary', ''))}"]
        for key in ("output", "fits", "value_space", "pii", "locales", "examples"):
            if key in data:
                head.append(f"  {key}: {escape(str(data[key]))}")
        return CommandResult(data=data, render=[*head, params])

    run_command("generators show", json_output, body)
