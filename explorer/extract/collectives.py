"""Collective actors named by whom they belong to: "the Kenyan government", "the people of Chile", "the
Venezuelan opposition", "the Moreno regime".

A country's government acts for the country, as its capital does: the country's mention grows to cover
"the Kenyan government" and keeps the country's key. Its people and its opposition are not the country, and
a regime named after a person is not the person: each such phrase becomes an organisation of its own,
keyed by the kind of collective and its owner's key ("the people of Chile" and "the Chilean people" are one
entity, across documents too). Forces and officials are left to act for their country ("U.S. officials
said", "Kenyan troops"), as the relation arguments read them.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.linking import LocalMention
from explorer.extract.token_table import token_table
from explorer.names import is_country_key

# Nouns for the part of a country that acts for it: the country's mention grows to cover them.
STATE_NOUNS = {"government", "regime", "authorities", "leadership"}
# Nouns for a collective of a country that is not the country, by kind.
COUNTRY_COLLECTIVES = {"people": "people", "population": "people", "citizens": "people", "opposition": "opposition"}
# A regime is also named after the person who leads it.
PERSON_COLLECTIVES = {"regime": "regime"}
_NOUNS = frozenset(STATE_NOUNS | COUNTRY_COLLECTIVES.keys() | PERSON_COLLECTIVES.keys())
_OWNER_DEPS = {"amod", "compound", "poss", "nmod"}
# Words allowed between the owner and the noun ("Moreno's brutal regime").
_BETWEEN = {"brutal", "elected", "democratically", "'s", "’s"}


@Language.component("explorer_collectives", requires=["doc._.mentions"], assigns=["doc._.mentions"])
def collectives(doc: Doc) -> Doc:
    """The document's mentions with collective actors written in full."""
    doc._.mentions = find_collectives(doc, doc._.mentions)
    return doc


def find_collectives(doc: Doc, mentions: list[LocalMention]) -> list[LocalMention]:
    """`mentions`, in text order, each owner of a collective replaced by the collective's mention."""
    at = {t: m for m in mentions for t in range(m.span.start, m.span.end)}
    result = list(mentions)
    table = token_table(doc)
    for token in (doc[i] for i in table.where(LOWER, _NOUNS)):
        noun = token.lower_
        if token.i in at:
            continue
        owner = _owner(token, at) if token.pos_ == "NOUN" else None
        if owner is None or owner.anaphor:
            continue
        span = Span(doc, min(owner.span.start, token.i), max(owner.span.end, token.i + 1), label="ORG")
        if is_country_key(owner.key) and noun in STATE_NOUNS:
            collective = LocalMention(span=Span(doc, span.start, span.end, label=owner.label), label=owner.label,
                                      sentence=owner.sentence, key=owner.key, rule=owner.rule, score=owner.score,
                                      name=owner.written_name)
        elif is_country_key(owner.key) and noun in COUNTRY_COLLECTIVES:
            collective = _organisation(span, owner, COUNTRY_COLLECTIVES[noun])
        elif owner.label == "PERSON" and noun in PERSON_COLLECTIVES:
            collective = _organisation(span, owner, PERSON_COLLECTIVES[noun])
        else:
            continue
        result[result.index(owner)] = collective
        for t in range(span.start, span.end):
            at[t] = collective
    return sorted(result, key=lambda m: m.span.start)


def _organisation(span: Span, owner: LocalMention, kind: str) -> LocalMention:
    return LocalMention(span=span, label="ORG", sentence=owner.sentence, key=f"ORG:{kind} of {owner.key}",
                        rule="collective", score=0.8)


def _owner(noun: Token, at: dict[int, LocalMention]) -> LocalMention | None:
    """The mention that owns `noun`: a modifier right before it ("the Chilean people", "Moreno's
    regime"), else the object of its "of" ("the people of Chile")."""
    doc = noun.doc
    i = noun.i - 1
    while i >= 0 and doc[i].lower_ in _BETWEEN and i not in at:
        i -= 1
    if i >= 0 and i in at and any(t.head.i == noun.i and t.dep_ in _OWNER_DEPS for t in at[i].span):
        return at[i]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj" and c.i in at):
            return at[obj.i]
    return None
