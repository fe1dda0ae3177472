"""What every sub-command shares: the --store option, opening a store, one-line errors and exit codes."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from explorer.config import default_store_url
from explorer.store import open_store
from explorer.store.base import GraphStore, StoreError

# Control characters (an escape sequence in a file name would drive the terminal) and bidi controls
# (U+202E would reverse what follows it on screen) are shown as escapes; tabs and newlines print as such.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def shown(text: object) -> str:
    """User data as it may reach a terminal: every invisible or controlling character as a visible escape."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), str(text))


class TextConsole(Console):
    """A console that prints every string as plain text: no [markup], no :emoji: codes, no highlighting,
    and control characters escaped. Names, titles and file names are user data; styled words are
    passed as rich Text (see warn, complain)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(shown(text), **kwargs)


console = TextConsole()
errors = TextConsole(stderr=True)

EXIT_FAILED_INPUT = 1
EXIT_STORE = 2  # the store, or the port the app would serve on, cannot be used

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store URL (sqlite:///path/graph.db or neo4j://host:7687); env EXPLORER_STORE."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
FollowLinksOption = Annotated[
    bool, typer.Option("--follow-links", help="Also read what links in a folder point to outside it.")
]


def store_url(store: str | None) -> str:
    return store or default_store_url()


@contextmanager
def opened_store(store: str | None, create: bool = False) -> Iterator[GraphStore]:
    """Open the store or exit 2 with a one-line message (which never holds a password). Only commands
    that get data in (ingest, load, copy's target) pass create=True: the others never make a store."""
    notices = logging.getLogger("explorer.store")
    if not any(isinstance(h, _StoreNotices) for h in notices.handlers):
        notices.addHandler(_StoreNotices(logging.WARNING))
        notices.propagate = False  # said once, as a warning line
    try:
        opened = open_store(store_url(store), create=create)
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
    errors.print(Text.assemble(("warning:", "yellow"), " ", shown(message)), soft_wrap=True)


def complain(message: str) -> None:
    """One line on stderr for one bad input; the command goes on with the rest."""
    errors.print(Text.assemble(("error:", "bold red"), " ", shown(message)), soft_wrap=True)
