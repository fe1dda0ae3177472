"""Abbreviations a document defines: "Long Name (LN)"."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer.extract import attributes  # noqa: F401 - declares doc._.definitions
from explorer.extract.spans import clean_span
from explorer.model import ENTITY_TYPES
from explorer.names import fits, looks_like_acronym


@Language.component("explorer_definitions", requires=["doc.ents"], assigns=["doc._.definitions"])
def definitions(doc: Doc) -> Doc:
    doc._.definitions = find_definitions(doc)
    return doc


def find_definitions(doc: Doc) -> dict[str, Span]:
    """Short form → long-form span, for every "Long Name (LN)" in `doc` whose letters fit."""
    found: dict[str, Span] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        long = clean_span(ent)
        end = ent.end
        if long is None or end + 2 >= len(doc):
            continue
        opening, short, closing = doc[end], doc[end + 1], doc[end + 2]
        if opening.text != "(" or closing.text != ")":
            continue
        if looks_like_acronym(short.text) and _abbreviates(short.text, long):
            found.setdefault(short.text, long)
    return found


def _abbreviates(short: str, long: Span) -> bool:
    """`short` fits `long` or a tail of it starting with a capital: "FTC" for "U.S. Federal Trade
    Commission", whose country the acronym leaves out."""
    return any(fits(short, long[i:].text) for i in range(len(long)) if i == 0 or long[i].text[:1].isupper())
