"""`explorer extract PATH... --json`: extraction and resolution without a store."""

from __future__ import annotations

from typing import Annotated

import typer

from explorer.cli import DATA_IN, app
from explorer.cli.common import EXIT_FAILED_INPUT, FollowLinksOption, JsonOption, complain, console, print_json, warn
from explorer.extract import ExtractionFailure, extract_many
from explorer.interchange import to_interchange
from explorer.model import CO_MENTIONED, Extraction
from explorer.resolve import Resolver
from explorer.sources import read_documents


@app.command(rich_help_panel=DATA_IN)
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files and folders (recursive): txt, md, html, jsonl.")],
    as_json: JsonOption = False,
    workers: Annotated[int | None, typer.Option(help="Extraction processes (default: one per core).")] = None,
    follow_links: FollowLinksOption = False,
) -> None:
    """Extract entities, relations and events, resolved across all the given documents."""
    documents, problems = read_documents(paths, follow_links)
    for problem in problems:
        (complain if problem.fatal else warn)(str(problem))
    failed = sum(problem.fatal for problem in problems)
    documents = list({d.id: d for d in documents}.values())
    resolver = Resolver()
    resolved: list[Extraction] = []
    for extraction in extract_many(documents, workers=workers):
        if isinstance(extraction, ExtractionFailure):
            failed += 1
            complain(f"{extraction.document.source}: {extraction.message}")
        else:
            resolved.append(resolver.resolve(extraction))
    corpus = to_interchange(resolved)
    if as_json:
        print_json(corpus)
    else:
        _print_summary(corpus)
    if failed:
        raise typer.Exit(EXIT_FAILED_INPUT)


def _print_summary(corpus: dict) -> None:
    names = {e["id"]: e["name"] for e in corpus["entities"]}
    for entity in corpus["entities"]:
        aliases = f" (aka {', '.join(entity['aliases'])})" if entity["aliases"] else ""
        console.print(f"{entity['type']:7} {entity['name']}{aliases} ×{entity['mentions']}", highlight=False)
    for relation in corpus["relations"]:
        if relation["type"] != CO_MENTIONED:
            console.print(
                f"{names[relation['source']]} —{relation['type']}→ {names[relation['target']]}", highlight=False
            )
