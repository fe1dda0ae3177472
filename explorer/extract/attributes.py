"""What explorer's pipeline components read and write on a Doc (`doc._.<name>`), in pipeline order.

The caller sets `document` (the record being extracted: its id and publication date) before the pipeline
runs; each component then adds one attribute. A component's factory declares what it requires and assigns
in these names, so `nlp.analyze_pipes()` shows the chain.
"""

from __future__ import annotations

from spacy.tokens import Doc

from explorer.model import Document, stable_id

ATTRIBUTES = (
    "document",  # Document: set by the caller
    "dateline",  # Dateline | None: the place, date and credit opening the story
    "definitions",  # dict[str, Span]: short form → long form, "Long Name (LN)"
    "mentions",  # list[LocalMention]: names and anaphors, keyed, in text order
    "stated_names",  # list[tuple[LocalMention, LocalMention]]: a name and another name stated for it
    "entities",  # list[LocalEntity]: mentions grouped by key, named and typed, with roles
    "relations",  # list[Relation]: typed and co-mention relations between the entities
    "events",  # list[Event]: dated clauses and who took part, with the figures they state
    "reported",  # list[ReportedSpeech]: clauses stated in someone else's voice (their speaker set on the above)
)

for _name in ATTRIBUTES:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def document_of(doc: Doc) -> Document:
    """The record `doc` was made from; a bare text parsed with `nlp(text)` stands for itself."""
    if doc._.document is None:
        text = doc.text
        doc._.document = Document(id=stable_id(text), title=text.split("\n", 1)[0][:300], text=text)
    return doc._.document


def text_of(doc: Doc) -> str:
    """`doc.text`, taken from its record when the record holds the text the Doc was made from (`doc.text`
    joins every token's text anew at each asking)."""
    document = doc._.document
    if document is not None and len(doc) and len(document.text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return document.text
    return doc.text
