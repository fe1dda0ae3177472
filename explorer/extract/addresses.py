"""Places written as an address ("Concord, Mass."): what lies in the address lies in its first place.

"Thoreau was born in Concord, Mass." says that Thoreau is in Concord and Concord in Massachusetts.
"Thoreau LOCATED_IN Massachusetts" beside "Thoreau LOCATED_IN Concord" says the same thing again, one step
removed, and the rules and the learned model both make it (the outer place hangs on the inner one, so
every cue for the one is a cue for the other). The `explorer_addresses` component keeps the nearer place.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.linking import LocalEntity
from explorer.model import Relation

PLACES = frozenset({"GPE", "LOC", "FAC"})
LOCATION_TYPES = frozenset({"LOCATED_IN"})


@Language.factory("explorer_addresses", requires=["doc._.entities", "doc._.relations"], assigns=["doc._.relations"])
def make_addresses(nlp: Language, name: str):
    """Drops "X in Outer" where the sentence writes "Inner, Outer" and also says "X in Inner"."""

    def addresses(doc: Doc) -> Doc:
        doc._.relations = without_outer_places(doc._.relations, address_pairs(doc._.entities))
        return doc

    return addresses


def address_pairs(entities: list[LocalEntity]) -> set[tuple[int, str, str]]:
    """(sentence, inner place, outer place) for each "Inner, Outer" in the document: the outer place set off
    by a comma right after the inner one and hanging on it in apposition (not a list: "Egypt, Jordan and
    Lebanon" are conjuncts)."""
    places = [(m, e.id) for e in entities if e.type in PLACES for m in e.mentions if not m.anaphor]
    at_root = {m.span.root.i: entity for m, entity in places}
    pairs = set()
    for mention, outer in places:
        span, root = mention.span, mention.span.root
        if root.dep_ != "appos" or span.start < 2 or span.doc[span.start - 1].text != ",":
            continue
        inner = at_root.get(root.head.i)
        if inner is not None and inner != outer and root.head.i == span.start - 2:
            pairs.add((mention.sentence, inner, outer))
    return pairs


def without_outer_places(relations: list[Relation], pairs: set[tuple[int, str, str]]) -> list[Relation]:
    """`relations` without "X LOCATED_IN Outer" where the same sentence also has "X LOCATED_IN Inner" for an
    address "Inner, Outer"."""
    if not pairs:
        return relations
    located = {(r.sentence, r.source, r.target) for r in relations if r.type in LOCATION_TYPES}
    redundant = {
        (sentence, source, outer)
        for sentence, inner, outer in pairs
        for s, source, target in located
        if s == sentence and target == inner and source != outer
    }
    return [r for r in relations if r.type not in LOCATION_TYPES or (r.sentence, r.source, r.target) not in redundant]
