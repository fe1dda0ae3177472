"""`explorer load FILE`: store what `explorer extract --json` wrote, e.g. on other machines."""

from __future__ import annotations

from typing import Annotated

import typer

from explorer.cli import DATA_IN, app
from explorer.cli.common import EXIT_FAILED_INPUT, StoreOption, complain, console, opened_store, progress_bar
from explorer.transfer import TransferError, load_extractions


@app.command(rich_help_panel=DATA_IN)
def load(
    path: Annotated[str, typer.Argument(help="Corpus JSON from `explorer extract --json`, or JSON lines of them.")],
    store: StoreOption = None,
) -> None:
    """Load extracted documents into the store, one transaction each; documents already there are skipped."""
    try:
        with opened_store(store, create=True) as graph, progress_bar() as bar:
            task = bar.add_task("loading", total=None)
            report = load_extractions(path, graph, lambda done, total: bar.update(task, completed=done, total=total))
    except TransferError as error:  # one line per problem; nothing was stored
        for problem in error.problems:
            complain(problem)
        raise typer.Exit(EXIT_FAILED_INPUT) from None
    console.print(report.summary(), highlight=False, soft_wrap=True)
