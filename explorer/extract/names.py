"""Surface forms of names: cleaning spans and the normalised form used for keys and matching."""

from __future__ import annotations

from spacy.tokens import Span

from explorer import knowledge

KEPT_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")

_LEADING_DROP = {"the", "a", "an", "this", "that", "these", "those"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


def clean_span(span: Span) -> Span | None:
    """`span` without a leading article, a trailing possessive or punctuation; None if nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _LEADING_DROP or _is_edge_junk(doc[start].text)):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or _is_edge_junk(doc[end - 1].text)):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _is_edge_junk(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def normalise_name(text: str) -> str:
    """A name folded for comparison: lower case, no accents, article or punctuation ("the U.S." → "us")."""
    return knowledge.normalise_name(text)
