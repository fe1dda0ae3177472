"""`explorer ingest PATH...`: read, extract, resolve and store, with a progress bar and a summary."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from explorer.cli import app
from explorer.cli.common import EXIT_FAILED_INPUT, StoreOption, console, errors, opened_store
from explorer.ingest import ingest_paths


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files and folders (recursive): txt, md, html, jsonl.")],
    store: StoreOption = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes (default: one per core).")] = None,
) -> None:
    """Ingest articles into the store. The same article twice changes nothing."""
    with opened_store(store) as graph, _progress_bar() as bar:
        task = bar.add_task("extracting", total=None)
        report = ingest_paths(paths, graph, lambda done, total: bar.update(task, completed=done, total=total),
                              workers=workers)
    for warning in report.warnings:
        errors.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    for problem in report.problems:
        errors.print(f"[bold red]error:[/] {problem}", highlight=False, soft_wrap=True)
    console.print(report.summary(), highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(EXIT_FAILED_INPUT)


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
    )
