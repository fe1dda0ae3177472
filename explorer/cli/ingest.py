"""`explorer ingest PATH...`: read, extract, resolve and store, with a progress bar and a summary."""

from __future__ import annotations

from typing import Annotated

import typer

from explorer.cli import DATA_IN, app
from explorer.cli.common import (
    EXIT_FAILED_INPUT,
    FollowLinksOption,
    StoreOption,
    complain,
    console,
    fail,
    opened_store,
    progress_bar,
    warn,
)
from explorer.ingest import ingest_paths
from explorer.sources import is_iso_date


@app.command(rich_help_panel=DATA_IN)
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files and folders (recursive): txt, md, html, jsonl.")],
    store: StoreOption = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes (default: one per core).")] = None,
    follow_links: FollowLinksOption = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) of every article, over what they say.")
    ] = None,
    outlet: Annotated[str, typer.Option(help="Publisher of every article, over what they say.")] = "",
) -> None:
    """Ingest articles into the store. The same article twice changes nothing."""
    if published is not None and not is_iso_date(published):
        fail(f"--published {published!r} is not a date written YYYY-MM-DD", EXIT_FAILED_INPUT)
    with opened_store(store, create=True) as graph, progress_bar() as bar:
        task = bar.add_task("extracting", total=None)
        report = ingest_paths(paths, graph, lambda done, total: bar.update(task, completed=done, total=total),
                              workers=workers, follow_links=follow_links, published=published,
                              outlet=outlet.strip())
    for warning in report.warnings:
        warn(warning)
    for problem in report.problems:
        complain(problem)
    console.print(report.summary(), highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(EXIT_FAILED_INPUT)

