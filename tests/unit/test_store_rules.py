"""Rules every reader of a store follows, kept once in explorer/store/: which links tell most
(`typed_first`, `most_telling`) and which edges a neighbourhood's filters let through (`wanted_edges`)."""

from __future__ import annotations

from explorer.model import CO_MENTIONED, Edge, Relation
from explorer.store.base import most_telling, typed_first
from explorer.store.neighbourhood import wanted_edges


def _relation(type_: str, confidence: float, doc: str = "d1", sentence: int = 0) -> Relation:
    return Relation("a", "b", type_, "", doc, sentence, f"{type_} said in {doc}:{sentence}", confidence)


def test_typed_relations_come_first_then_the_more_confident_then_in_reading_order():
    co = _relation(CO_MENTIONED, 1.0)
    weak, strong = _relation("LEADS", 0.6, sentence=3), _relation("ATTACKED", 0.9, sentence=7)
    later = _relation("LEADS", 0.6, doc="d2", sentence=0)
    assert typed_first([co, later, weak, strong]) == [strong, weak, later, co]
    assert most_telling([co, later, weak, strong], limit=2) == [strong, weak]  # by type, then reading order


def test_edges_are_told_typed_first_then_heaviest():
    co = Edge("a", "b", CO_MENTIONED, weight=9)
    light, heavy = Edge("a", "b", "SUPPORTS", weight=1), Edge("b", "a", "ATTACKED", weight=4)
    assert typed_first([co, light, heavy]) == [heavy, light, co]


def test_wanted_edges_apply_weight_types_and_co_mentions():
    co, leads, attacked = Edge("a", "b", CO_MENTIONED, 3), Edge("a", "c", "LEADS", 1), Edge("c", "b", "ATTACKED", 2)
    edges = [co, leads, attacked]
    assert wanted_edges(edges, (), True, 1) == edges
    assert wanted_edges(edges, (), False, 1) == [leads, attacked]
    assert wanted_edges(edges, ("LEADS",), True, 1) == [co, leads]  # co-mentions are not a relation type
    assert wanted_edges(edges, (), True, 2) == [co, attacked]
