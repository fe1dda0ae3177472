"""Curation from the terminal: merge, split, rename, retype, delete, reject, distinct, undo, history,
candidates, and `curation export|import FILE` to share decisions."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from explorer import curate
from explorer.candidates import find_candidates
from explorer.cli import CURATING, app
from explorer.cli.common import EXIT_FAILED_INPUT, JsonOption, StoreOption, console, fail, opened_store, print_json
from explorer.model import CurationAction
from explorer.store.base import GraphStore

ReasonOption = Annotated[str, typer.Option("--reason", "-r", help="Why: kept in the curation log.")]

curation = typer.Typer(help="Share curation decisions: export or import the log as JSON.", no_args_is_help=True)
app.add_typer(curation, name="curation", rich_help_panel=CURATING)


@contextmanager
def _curating(store: str | None) -> Iterator[GraphStore]:
    """The store, with a bad request (unknown id, empty name …) as a one-line error and exit 1; every
    action is recorded as taken by the user running the command."""
    with opened_store(store) as graph, curate.acting_as(_os_user()):
        try:
            yield graph
        except curate.CurationError as error:
            fail(str(error), EXIT_FAILED_INPUT)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment nor the password database
        return ""


def _done(action: CurationAction, as_json: bool = False) -> None:
    if as_json:
        print_json(_action_row(action))
    else:
        console.print(f"#{action.seq} {curate.describe(action)}", highlight=False, soft_wrap=True)


def _act(store: str | None, as_json: bool, work: Callable[[GraphStore], CurationAction]) -> None:
    with _curating(store) as graph:
        action = work(graph)
    _done(action, as_json)


@app.command(rich_help_panel=CURATING)
def merge(
    ids: Annotated[list[str], typer.Argument(help="Entity ids; the first one survives.")],
    name: Annotated[str | None, typer.Option(help="Name of the merged entity (default: the first's).")] = None,
    reason: ReasonOption = "",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge entities into the first: names, mentions and relations move over."""
    _act(store, as_json, lambda graph: curate.merge(graph, ids, name=name, reason=reason))


@app.command(rich_help_panel=CURATING)
def split(
    entity_id: Annotated[str, typer.Argument(metavar="ID")],
    alias: Annotated[list[str], typer.Option("--alias", "-a", help="An alias to move (repeat for more).")],
    name: Annotated[str | None, typer.Option(help="Name of the new entity (default: the first alias).")] = None,
    reason: ReasonOption = "",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Move aliases, and the mentions written that way, to a new entity."""
    _act(store, as_json, lambda graph: curate.split(graph, entity_id, alias, name=name, reason=reason))


@app.command(rich_help_panel=CURATING)
def rename(
    entity_id: Annotated[str, typer.Argument(metavar="ID")],
    name: Annotated[str, typer.Argument(metavar="NAME")],
    reason: ReasonOption = "",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rename an entity (the old name stays an alias)."""
    _act(store, as_json, lambda graph: curate.rename(graph, entity_id, name, reason=reason))


@app.command(rich_help_panel=CURATING)
def retype(
    entity_id: Annotated[str, typer.Argument(metavar="ID")],
    entity_type: Annotated[str, typer.Argument(metavar="TYPE", help="PERSON, ORG, GPE, LOC, FAC, NORP or EVENT.")],
    reason: ReasonOption = "",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change an entity's type."""
    _act(store, as_json, lambda graph: curate.retype(graph, entity_id, entity_type, reason=reason))


@app.command(rich_help_panel=CURATING)
def delete(
    entity_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: ReasonOption = "",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Delete an entity with its mentions and relations; it stays deleted on re-ingest."""
    _act(store, as_json, lambda graph: curate.delete(graph, entity_id, reason=reason))


@app.command(rich_help_panel=CURATING)
def reject(
    relation_id: Annotated[str, typer.Argument(metavar="RELATION_ID", help="From `explorer relations ID`.")],
    reason: ReasonOption = "",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reject one relation; it never comes back on re-ingest."""
    _act(store, as_json, lambda graph: curate.reject(graph, relation_id, reason=reason))


@app.command(rich_help_panel=CURATING)
def distinct(
    first: Annotated[str, typer.Argument(metavar="ID")],
    second: Annotated[str, typer.Argument(metavar="ID")],
    reason: ReasonOption = "",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record that two entities are different things: `candidates` stops proposing them."""
    _act(store, as_json, lambda graph: curate.mark_distinct(graph, first, second, reason=reason))


@app.command(rich_help_panel=CURATING)
def relations(
    entity_id: Annotated[str, typer.Argument(metavar="ID")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """An entity's relations with their ids (for `explorer reject`) and evidence."""
    with opened_store(store) as graph:
        if graph.entity(entity_id) is None:
            fail(f"no entity with id {entity_id!r}", EXIT_FAILED_INPUT)
        found = graph.relations_of(entity_id)
    rows = [{"id": r.id, **r.to_dict()} for r in found]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "source", "type", "target", "evidence")
    for row in rows:
        table.add_row(row["id"], row["source"], f"{row['type']} {row['label']}".strip(), row["target"], row["evidence"])
    console.print(table)


@app.command(rich_help_panel=CURATING)
def undo(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Undo the last curation action."""
    with _curating(store) as graph:
        action = curate.undo(graph)
    if action is None:
        fail("nothing to undo: the curation log is empty", EXIT_FAILED_INPUT)
    if as_json:
        print_json(_action_row(action))
    else:
        console.print(f"undone #{action.seq}: {curate.describe(action)}", highlight=False, soft_wrap=True)


@app.command(rich_help_panel=CURATING)
def history(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """The curation log, oldest first."""
    with opened_store(store) as graph:
        actions = curate.history(graph)
    if as_json:
        print_json([_action_row(a) for a in actions])
        return
    table = Table("#", "when", "who", "what", "why")
    for action in actions:
        table.add_row(str(action.seq), action.at, action.user, curate.describe(action), action.reason)
    console.print(table)


@app.command(rich_help_panel=CURATING)
def candidates(
    store: StoreOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(help="At most this many pairs.")] = 30,
) -> None:
    """Likely duplicate entities, best first, with a score and the reason."""
    with opened_store(store) as graph:
        found = find_candidates(graph, limit=limit)
    if as_json:
        print_json([c.to_dict() for c in found])
        return
    table = Table("score", "keep", "merge", "why")
    for c in found:
        table.add_row(f"{c.score:.2f}", f"{c.a.name} ({c.a.id})", f"{c.b.name} ({c.b.id})", c.reason)
    console.print(table)


@curation.command("export")
def export_log(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="JSON file to write ('-' for stdout).")],
    store: StoreOption = None,
) -> None:
    """Write the curation log as JSON."""
    with opened_store(store) as graph:
        actions = curate.history(graph)
    text = curate.export_actions(actions)
    if str(file) == "-":
        typer.echo(text)
        return
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {file}: {error.strerror or error}", EXIT_FAILED_INPUT)
    console.print(f"{len(actions)} actions written to {file}", highlight=False, soft_wrap=True)


@curation.command("import")
def import_log(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A log written by `explorer curation export`.")],
    store: StoreOption = None,
) -> None:
    """Apply and record another curation log (actions already here are skipped)."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}", EXIT_FAILED_INPUT)
    with _curating(store) as graph:
        applied, recorded = curate.import_log(graph, text)
    console.print(
        f"{applied} actions applied, {recorded} recorded for documents to come", highlight=False, soft_wrap=True
    )


def _action_row(action: CurationAction) -> dict[str, object]:
    return {"seq": action.seq, "at": action.at, "user": action.user, "kind": action.kind,
            "what": curate.describe(action), "reason": action.reason,
            "payload": curate.shareable(action).payload}  # fmt: skip
