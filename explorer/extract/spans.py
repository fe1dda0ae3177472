"""Name spans as the parser gives them, cleaned: no leading article, possessive or title."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span

from explorer.extract.token_table import TokenTable, token_table
from explorer.names import TITLE_WORDS

_LEADING_DROP = {"the", "a", "an", "this", "that", "these", "those"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


def clean_span(span: Span) -> Span | None:
    """`span` without a leading article, a trailing possessive or punctuation; None if nothing is left."""
    cleaned = clean_bounds(token_table(span.doc), span.start, span.end)
    if cleaned is None:
        return None
    return Span(span.doc, *cleaned, label=span.label_)


def clean_bounds(table: TokenTable, start: int, end: int) -> tuple[int, int] | None:
    """Tokens [start, end) as `clean_span` cleans them; None if nothing is left."""
    lower, text = table.lower, table.text
    while start < end and (lower[start] in _LEADING_DROP or _is_edge_junk(text[start])):
        start += 1
    while end > start and (text[end - 1] in _POSSESSIVE or _is_edge_junk(text[end - 1])):
        end -= 1
    start, end = _balanced(text, start, end)
    if start >= end:
        return None
    return start, end


@lru_cache(maxsize=4096)
def _is_edge_junk(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {v: k for k, v in _OPENING.items()}


def _balanced(text: list[str], start: int, end: int) -> tuple[int, int]:
    """Tokens [start, end) (of the tokens' `text`) without an unmatched bracket and what it encloses:
    "National People's Congress (NPC" ends before "(", "NPC) said" starts after ")"."""
    open_at: list[int] = []
    for i in range(start, end):
        if text[i] in _OPENING:
            open_at.append(i)
        elif text[i] in _CLOSING:
            if open_at and text[open_at[-1]] == _CLOSING[text[i]]:
                open_at.pop()
            else:  # a closing bracket with no opening one: the name starts after it
                start, open_at = i + 1, []
    if open_at:
        end = open_at[0]
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return start, end


def after_title(table: TokenTable, start: int, end: int) -> int:
    """Where a personal name in tokens [start, end) begins after its leading title words ("Judge Maria
    Lopez" → the position of "Maria"); one word is always left."""
    while start < end - 1 and table.lower[start] in TITLE_WORDS:
        start += 1
    return start
