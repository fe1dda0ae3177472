"""Collective actors named by whom they belong to: "the Kenyan government", "the people of Chile", "the
Venezuelan opposition", "Peruvian security forces", "the Moreno regime".

Such a phrase names an organisation of its own, not its owner: a country's government is not its security
forces, nor its people, and a regime named after a person is not the person. The owner's mention grows to
cover the phrase and becomes an organisation keyed by the kind of collective and the owner's key ("the
government of Kenya" and "the Kenyan government" are one entity, across documents too). Officials are left
to speak for their country ("U.S. officials said").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.linking import LocalMention
from explorer.names import is_country_key

# Nouns for a collective of a country, by kind: the nouns of one kind name the same collective.
COUNTRY_COLLECTIVES = {
    "government": "government", "regime": "government", "authorities": "government",
    "leadership": "government", "military": "forces", "forces": "forces", "troops": "forces",
    "soldiers": "forces", "people": "people", "population": "people",
    "citizens": "people", "opposition": "opposition",
}  # fmt: skip
# A regime is also named after the person who leads it.
PERSON_COLLECTIVES = {"regime": "regime"}
_OWNER_DEPS = {"amod", "compound", "poss", "nmod"}
# Words allowed between the owner and the noun ("Peruvian security forces", "Moreno's brutal regime").
_BETWEEN = {"security", "armed", "brutal", "elected", "democratically", "senior", "'s", "’s"}


@Language.component("explorer_collectives", requires=["doc._.mentions"], assigns=["doc._.mentions"])
def collectives(doc: Doc) -> Doc:
    """The document's mentions with collective actors written in full."""
    doc._.mentions = find_collectives(doc, doc._.mentions)
    return doc


def find_collectives(doc: Doc, mentions: list[LocalMention]) -> list[LocalMention]:
    """`mentions`, in text order, each owner of a collective replaced by the collective's mention."""
    at = {t: m for m in mentions for t in range(m.span.start, m.span.end)}
    result = list(mentions)
    for token in doc:
        noun = token.lower_
        if token.i in at or noun not in COUNTRY_COLLECTIVES.keys() | PERSON_COLLECTIVES.keys() or token.pos_ != "NOUN":
            continue
        owner = _owner(token, at)
        if owner is None or owner.anaphor:
            continue
        if is_country_key(owner.key) and noun in COUNTRY_COLLECTIVES:
            kind = COUNTRY_COLLECTIVES[noun]
        elif owner.label == "PERSON" and noun in PERSON_COLLECTIVES:
            kind = PERSON_COLLECTIVES[noun]
        else:
            continue
        span = Span(doc, min(owner.span.start, token.i), max(owner.span.end, token.i + 1), label="ORG")
        collective = LocalMention(span=span, label="ORG", sentence=owner.sentence, key=f"ORG:{kind} of {owner.key}",
                                  rule="collective", score=0.8)
        result[result.index(owner)] = collective
        for t in range(span.start, span.end):
            at[t] = collective
    return sorted(result, key=lambda m: m.span.start)


def _owner(noun: Token, at: dict[int, LocalMention]) -> LocalMention | None:
    """The mention that owns `noun`: a modifier right before it ("Peruvian security forces", "Moreno's
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
