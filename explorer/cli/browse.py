"""`explorer stats` and `explorer search`: look into the store from the terminal."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from explorer.cli import LOOKING, app
from explorer.cli.common import JsonOption, StoreOption, console, opened_store, print_json
from explorer.store.search import nearest_names, no_match_message


@app.command(rich_help_panel=LOOKING)
def stats(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Count documents, entities, relations, mentions and events."""
    with opened_store(store) as graph:
        counts = graph.stats()
    if as_json:
        print_json(counts)
        return
    for name, value in counts.items():
        console.print(f"{name:>16}  {value}", highlight=False)


@app.command(rich_help_panel=LOOKING)
def search(
    query: Annotated[str, typer.Argument(help="A name or alias; typos are tolerated.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(help="At most this many entities.")] = 20,
) -> None:
    """Find entities by name or alias, best match first."""
    with opened_store(store) as graph:
        found = graph.search(query, limit=limit)
        nearest = [] if found or as_json else nearest_names(query, graph.iter_entities())
    rows = [
        {"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases, "mentions": e.mention_count}
        for e in found
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(no_match_message(query, nearest), highlight=False, soft_wrap=True)
        return
    table = Table("id", "name", "type", "mentions", "aliases")
    for row in rows:
        table.add_row(row["id"], row["name"], row["type"], str(row["mentions"]), ", ".join(row["aliases"]))
    console.print(table)
