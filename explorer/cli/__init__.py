"""The `explorer` command: one module per group of sub-commands, registered here.

`explorer --help` shows the commands in four panels, in the order a newcomer needs them: each command names
its panel (`rich_help_panel=`), and the panels appear in the order their first command is registered, so the
modules are imported in that order below. A new command goes into the module of its group, in its panel.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="explorer",
    help="Turn news articles into a graph of entities and relations, each backed by its sentence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DATA_IN = "Getting data in"
LOOKING = "Looking at the graph"
CURATING = "Curating"
MOVING = "Moving data"

# Each module registers its commands on `app` when imported; this order is the order of `--help`.
COMMAND_MODULES = ("ingest", "extract", "load", "browse", "claims", "ui", "curate", "export", "backup", "copy")
for _module in COMMAND_MODULES:
    importlib.import_module(f"explorer.cli.{_module}")

__all__ = ["CURATING", "DATA_IN", "LOOKING", "MOVING", "app"]
