"""Name spans as the parser gives them, cleaned: no leading article, possessive or title."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from explorer.names import TITLE_WORDS

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
    start, end = _balanced(doc, start, end)
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _is_edge_junk(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {v: k for k, v in _OPENING.items()}


def _balanced(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Tokens [start, end) without an unmatched bracket and what it encloses: "National People's
    Congress (NPC" ends before "(", "NPC) said" starts after ")"."""
    open_at: list[int] = []
    for i in range(start, end):
        text = doc[i].text
        if text in _OPENING:
            open_at.append(i)
        elif text in _CLOSING:
            if open_at and doc[open_at[-1]].text == _CLOSING[text]:
                open_at.pop()
            else:  # a closing bracket with no opening one: the name starts after it
                start, open_at = i + 1, []
    if open_at:
        end = open_at[0]
    while start < end and _is_edge_junk(doc[start].text):
        start += 1
    while end > start and _is_edge_junk(doc[end - 1].text):
        end -= 1
    return start, end


def strip_title(span: Span) -> tuple[Span, str]:
    """A PERSON span without its leading title words, and the title ("Judge Maria Lopez" → "Judge")."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in TITLE_WORDS:
        start += 1
    if start == span.start:
        return span, ""
    title = span.doc[span.start : start].text
    return Span(span.doc, start, span.end, label=span.label_), title
