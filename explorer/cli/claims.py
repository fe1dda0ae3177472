"""`explorer conflicts`: where documents disagree (dates, figures, opposite relations), each side with its
sentence and document."""

from __future__ import annotations

from rich.table import Table

from explorer import claims
from explorer.cli import app
from explorer.cli.common import JsonOption, StoreOption, console, opened_store, print_json


@app.command()
def conflicts(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """List disagreements between documents: an event's date or figures, or opposite relations."""
    with opened_store(store) as graph:
        found = claims.disagreements(graph)
        names = {e.id: e.name for e in graph.entities({i for d in found for i in d.subject})}
    if as_json:
        print_json([d.to_dict() for d in found])
        return
    table = Table("kind", "subject", "about", "value", "said by", "document", "sentence")
    for disagreement in found:
        subject = ", ".join(names.get(i, i) for i in disagreement.subject)
        for n, claim in enumerate(disagreement.claims):
            first = n == 0
            table.add_row(
                disagreement.kind if first else "", subject if first else "", disagreement.about if first else "",
                claim.value, claim.speaker or "(the document)", claim.title or claim.doc, claim.evidence,
            )
    console.print(table if found else "No disagreements.")
