"""`explorer copy --from STORE --to STORE`: the whole graph and its curation log, backend to backend."""

from __future__ import annotations

from typing import Annotated

import typer

from explorer.cli import MOVING, app
from explorer.cli.common import console, opened_store, progress_bar, warn
from explorer.transfer import copy_store


@app.command(rich_help_panel=MOVING)
def copy(
    source: Annotated[str, typer.Option("--from", help="Store URL to read (sqlite:///… or neo4j://…).")],
    target: Annotated[str, typer.Option("--to", help="Store URL to write; documents already there are skipped.")],
) -> None:
    """Copy every document, entity, relation, event and the curation log from one store into another."""
    with opened_store(source) as reading, opened_store(target, create=True) as writing, progress_bar() as bar:
        task = bar.add_task("copying", total=None)
        report = copy_store(reading, writing, lambda done, total: bar.update(task, completed=done, total=total))
    for warning in report.warnings:
        warn(warning)
    console.print(report.summary(), highlight=False, soft_wrap=True)

