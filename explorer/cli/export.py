"""`explorer export --format graphml|gexf|json|csv OUT`: the whole graph for Gephi, yEd, D3 or neo4j-admin."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from explorer.cli import MOVING, app
from explorer.cli.common import EXIT_FAILED_INPUT, StoreOption, console, fail, opened_store
from explorer.export import FORMATS, checked_format, store_graph, write


@app.command(rich_help_panel=MOVING)
def export(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="File to write (csv: a folder for the two files).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")] = "graphml",
    co_mentions: Annotated[bool, typer.Option(help="Include same-sentence co-mentions.")] = True,
    store: StoreOption = None,
) -> None:
    """Export every entity and every relation, with its evidence sentence."""
    try:
        fmt = checked_format(fmt)
    except ValueError:
        fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", EXIT_FAILED_INPUT)
    with opened_store(store) as graph:
        exported = store_graph(graph, include_co_mentions=co_mentions)
    try:
        written = write(exported, fmt, out)
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror or error}", EXIT_FAILED_INPUT)
    console.print(
        f"{exported.number_of_nodes()} entities, {exported.number_of_edges()} relations → "
        + ", ".join(str(p) for p in written),
        highlight=False,
        soft_wrap=True,
    )
