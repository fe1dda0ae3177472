"""What every sub-command shares: the --store option, opening a store, one-line errors and exit codes."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from explorer.config import default_store_url
from explorer.store import open_store
from explorer.store.base import GraphStore, StoreError

console = Console()
errors = Console(stderr=True)

EXIT_FAILED_INPUT = 1
EXIT_STORE = 2

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store URL (sqlite:///path/graph.db or neo4j://host:7687); env EXPLORER_STORE."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]


def store_url(store: str | None) -> str:
    return store or default_store_url()


@contextmanager
def opened_store(store: str | None) -> Iterator[GraphStore]:
    """Open the store or exit 2 with a one-line message (which never holds a password)."""
    notices = logging.getLogger("explorer.store")
    if not any(isinstance(h, _StoreNotices) for h in notices.handlers):
        notices.addHandler(_StoreNotices(logging.WARNING))
        notices.propagate = False  # said once, as a warning line
    try:
        opened = open_store(store_url(store))
    except StoreError as error:
        fail(str(error), EXIT_STORE)
    try:
        yield opened
    except StoreError as error:
        fail(str(error), EXIT_STORE)
    finally:
        opened.close()


def fail(message: str, code: int) -> None:
    complain(message)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    """JSON for machines: plain stdout, no colours, no wrapping."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def progress_bar() -> Progress:
    """A bar on stderr that disappears when done, so stdout keeps only the summary."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
    )


class _StoreNotices(logging.Handler):
    """What a store says while it works (a write waiting for the lock) shown as a warning line."""

    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())


def warn(message: str) -> None:
    errors.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


def complain(message: str) -> None:
    """One line on stderr for one bad input; the command goes on with the rest."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
