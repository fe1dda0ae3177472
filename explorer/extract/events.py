"""Events: sentences that state a date, with their normalised date and the entities taking part."""

from __future__ import annotations

from spacy.tokens import Doc

from explorer.extract.linking import LocalEntity
from explorer.model import Document, Event


def find_events(doc: Doc, document: Document, entities: list[LocalEntity]) -> list[Event]:
    """Dated events in `doc` (filled in by the dateparser step)."""
    return []
