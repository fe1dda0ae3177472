"""`explorer conflicts`: where documents disagree (dates, figures, opposite relations), each side with its
sentence and document (printed as plain text: names and sentences are user data)."""

from __future__ import annotations

from explorer import claims
from explorer.cli import LOOKING, app
from explorer.cli.common import JsonOption, StoreOption, console, opened_store, print_json


@app.command(rich_help_panel=LOOKING)
def conflicts(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """List disagreements between documents: an event's date or figures, or opposite relations."""
    with opened_store(store) as graph:
        found = claims.disagreements(graph)
        names = {e.id: e.name for e in graph.entities({i for d in found for i in d.subject})}
    if as_json:
        print_json([d.to_dict() for d in found])
        return
    if not found:
        console.print("No disagreements.")
        return
    for disagreement in found:
        subject = ", ".join(names.get(i, i) for i in disagreement.subject)
        console.print(f"{disagreement.kind} · {disagreement.about} · {subject}")
        for claim in disagreement.claims:
            where = " · ".join(x for x in (claim.source, claim.title or claim.doc, claim.published or "") if x)
            said = f"according to {claim.speaker}" if claim.speaker else "in the document's own voice"
            console.print(f"  {claim.value}  {said} · {where}", soft_wrap=True)
            console.print(f"    “{claim.evidence}”", soft_wrap=True)
