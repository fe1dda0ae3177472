"""`explorer backup PATH`: a consistent copy of the store, safe while others read and write it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from explorer.cli import MOVING, app
from explorer.cli.common import EXIT_FAILED_INPUT, StoreOption, console, fail, opened_store


@app.command(rich_help_panel=MOVING)
def backup(
    path: Annotated[Path, typer.Argument(help="The new file to write (SQLite stores).")],
    store: StoreOption = None,
) -> None:
    """Back up the store into a new file, while it stays open for the app and for ingests."""
    if path.exists():
        fail(f"{path} already exists: give the backup a new file name", EXIT_FAILED_INPUT)
    with opened_store(store) as graph:
        graph.backup(str(path))
    console.print(f"backed up to {path}", highlight=False, soft_wrap=True)
