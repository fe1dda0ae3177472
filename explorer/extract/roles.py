"""Roles written before a person's name ("Spanish Prime Minister X", "chief executive X", "Judge X")."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from explorer.extract.token_table import TokenTable, token_table
from explorer.names import TITLE_WORDS

if TYPE_CHECKING:
    from explorer.extract.linking import LocalEntity

_ROLE_POS = {"NOUN", "PROPN", "ADJ"}
_ROLE_DEPS = {"compound", "amod", "nmod"}


def role_before_at(tokens: TokenTable, begin: int, end: int, entity_tokens: Container[int]) -> tuple[str, int]:
    """The role words right before the name at positions `begin`…`end` and the index of the token before
    them (-1 if none), read off the document's token table.

    Title words count in any case; other words only as lower-case modifiers of the name ("militia
    leader"), so a verb or an unrelated noun is never read as a role.
    """
    start = _portfolio_start(tokens, begin, entity_tokens)
    while start > 0:
        i = start - 1
        if i in entity_tokens or tokens.pos[i] not in _ROLE_POS:
            break
        title = tokens.lower[i] in TITLE_WORDS
        modifier = tokens.is_lower[i] and tokens.dep[i] in _ROLE_DEPS and start <= tokens.head[i] < end
        if not (title or modifier):
            break
        start -= 1
    if start == begin:
        return "", -1
    return tokens.span_text(start, begin), start - 1


def _portfolio_start(tokens: TokenTable, start: int, entity_tokens: Container[int]) -> int:
    """Where "for the Middle East" or "of State" begins, when it follows a title right before `start`
    ("Minister for the Middle East X"); else `start`."""
    i = start - 1
    while i >= 0 and tokens.pos[i] == "PROPN" and tokens.is_title[i] and i not in entity_tokens:
        i -= 1
    if i == start - 1:
        return start
    if i >= 0 and tokens.lower[i] == "the":
        i -= 1
    if i >= 1 and tokens.lower[i] in ("for", "of") and tokens.lower[i - 1] in TITLE_WORDS:
        return i
    return start


def add_roles(doc: Doc, entities: list[LocalEntity]) -> None:
    """Roles written before each personal name become the person's roles (an office written before the
    name, "Minister for the Middle East X", is a mention of the person and its role as well)."""
    taken = {t for e in entities for m in e.mentions if not m.anaphor for t in range(m.span.start, m.span.end)}
    tokens = token_table(doc)
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            role, _ = role_before_at(tokens, mention.span.start, mention.span.end, taken)
            if role and role not in entity.roles:
                entity.roles.append(role)
