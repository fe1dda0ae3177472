"""The `explorer` command: one module per group of sub-commands, registered here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="explorer",
    help="Turn news articles into a graph of entities and relations, each backed by its sentence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from explorer.cli import backup, browse, claims, copy, curate, export, extract, ingest, load, ui  # noqa: E402  (modules register on `app`)

__all__ = ["app", "backup", "browse", "claims", "copy", "curate", "export", "extract", "ingest", "load", "ui"]
