"""Reads every backend answers the same way from its own primitives: one entity, a stored document as an
Extraction, search (search.py) and the neighbourhood (neighbourhood.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from explorer.model import Document, Entity, Event, Extraction, Mention, Relation
from explorer.store.neighbourhood import NeighbourhoodFromWeights
from explorer.store.search import SearchFromCandidates


class SharedReads(NeighbourhoodFromWeights, SearchFromCandidates):
    """The reads a backend gets from `entities`, `document`, `mentions_in`, `relations_in` and
    `_events_in(doc_id)` (the events the document states, with their participants)."""

    document: Callable[[str], Document | None]
    mentions_in: Callable[[str], list[Mention]]
    relations_in: Callable[[str], list[Relation]]
    _events_in: Callable[[str], list[Event]]
    entities: Callable[[Iterable[str]], list[Entity]]

    def entity(self, entity_id: str) -> Entity | None:
        found = self.entities([entity_id])
        return found[0] if found else None

    def extraction(self, doc_id: str) -> Extraction | None:
        """The stored document as a resolved Extraction (what `explorer copy` writes elsewhere)."""
        document = self.document(doc_id)
        if document is None:
            return None
        mentions, relations = self.mentions_in(doc_id), self.relations_in(doc_id)
        events = sorted(self._events_in(doc_id), key=lambda e: (e.sentence, e.id))
        used = {m.entity for m in mentions} | {r.source for r in relations} | {r.target for r in relations}
        used |= {p.entity for e in events for p in e.participants}
        return Extraction(document, self.entities(sorted(used)), mentions, relations, events)
