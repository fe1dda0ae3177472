"""The GraphStore contract for the graph: neighbourhoods (ranked, capped, filtered before the cap), relations
with their evidence, aggregated edges and paths, the same from every backend."""

from __future__ import annotations

import pytest

from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Mention, Relation
from explorer.store.base import GraphStore
from tests.factories import ACME, FRANCE, GLOBEX, HOOLI, JANE, PARIS, first_extraction

HUB, TYPED = "e-hub", "e-typed"
CROWD = [f"e-crowd{n}" for n in range(4)]


def test_neighbourhood_ranks_by_weight_and_caps(loaded):
    graph = loaded.neighbourhood(GLOBEX, depth=1)
    assert {n.id for n in graph.nodes} == {GLOBEX, ACME, HOOLI, PARIS}
    weights = {(e.source, e.target, e.type): e.weight for e in graph.edges}
    assert weights[(ACME, GLOBEX, "ACQUIRED")] == 1
    assert weights[(GLOBEX, HOOLI, "SUED")] == 1
    capped = loaded.neighbourhood(GLOBEX, depth=1, limit=3)
    assert [n.id for n in capped.nodes][0] == GLOBEX
    assert {n.id for n in capped.nodes} == {GLOBEX, ACME, HOOLI}


def test_neighbourhood_reads_a_hubs_heaviest_edges_only(store, monkeypatch):
    """Every backend counts the same `FAN_OUT` heaviest edges per node and direction (a hub's light tail
    cannot rank), so SQLite and Neo4j draw the same picture of a hub."""
    from explorer.store import neighbourhood

    doc = Document.from_text("The hub met X three times, Y twice and Z once.", source="tests/hub.txt")
    ids = ["hub", "x", "y", "z"]
    entities = [Entity(i, i.title(), "ORG", key=f"ORG:{i}") for i in ids]
    relations = [
        Relation("hub", other, "MET_WITH", "meet", doc.id, sentence, doc.text)
        for other, times in (("x", 3), ("y", 2), ("z", 1))
        for sentence in range(times)
    ]
    store.upsert_extraction(Extraction(doc, entities, [], relations))
    monkeypatch.setattr(neighbourhood, "FAN_OUT", 2)
    assert [n.id for n in store.neighbourhood("hub").nodes] == ["hub", "x", "y"]


def test_neighbourhood_filters(loaded):
    typed_only = loaded.neighbourhood(GLOBEX, include_co_mentions=False)
    assert {n.id for n in typed_only.nodes} == {GLOBEX, ACME, HOOLI}
    assert all(e.type != CO_MENTIONED for e in typed_only.edges)
    people_free = loaded.neighbourhood(ACME, entity_types=["ORG"])
    assert {n.id for n in people_free.nodes} == {ACME, GLOBEX}
    heavy = loaded.neighbourhood(GLOBEX, min_weight=2)
    assert {n.id for n in heavy.nodes} == {GLOBEX, ACME, HOOLI}
    suits = loaded.neighbourhood(GLOBEX, relation_types=["SUED"], include_co_mentions=False)
    assert {n.id for n in suits.nodes} == {GLOBEX, HOOLI}
    two_hops = loaded.neighbourhood(JANE, depth=2)
    assert {GLOBEX, JANE, ACME} <= {n.id for n in two_hops.nodes}
    assert loaded.neighbourhood("missing").nodes == []


def test_neighbourhood_edges_and_paths_both_ways(loaded):
    graph = loaded.neighbourhood(HOOLI, depth=2, limit=10)
    assert {n.id for n in graph.nodes} == {HOOLI, GLOBEX, FRANCE, ACME, PARIS}
    assert {(e.source, e.target, e.type, e.weight) for e in graph.edges if e.type != CO_MENTIONED} == {
        (GLOBEX, HOOLI, "SUED", 1),
        (ACME, GLOBEX, "ACQUIRED", 1),
    }
    assert loaded.paths(FRANCE, JANE)[0] == [FRANCE, HOOLI, GLOBEX, ACME, JANE]
    assert loaded.paths(ACME, ACME) == []
    assert loaded.paths(ACME, "missing") == []


def _hub_document(heavy_type: str) -> Extraction:
    """A hub with four heavy `heavy_type` edges (three assertions each) and one light ACQUIRED edge."""
    doc = Document.from_text(f"Hub story {heavy_type}\nThe hub met everyone.", source="tests/hub.txt")
    ids = [HUB, TYPED, *CROWD]
    entities = [Entity(i, i.removeprefix("e-").title(), "ORG", key=f"ORG:{i}") for i in ids]
    mentions = [Mention(i, doc.id, 0, 0, 3, "Hub") for i in ids]
    relations = [
        Relation(HUB, other, heavy_type, "", doc.id, sentence, "The hub met everyone.", 0.3)
        for other in CROWD
        for sentence in range(3)
    ]
    relations.append(Relation(HUB, TYPED, "ACQUIRED", "acquire", doc.id, 1, "The hub met everyone.", 0.9))
    return Extraction(doc, entities, mentions, relations)


@pytest.fixture
def small_fan_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every backend counts at most two edges per direction and node."""
    from explorer.store import neighbourhood

    monkeypatch.setattr(neighbourhood, "FAN_OUT", 2)


def test_hidden_co_mentions_leave_room_for_typed_neighbours(store: GraphStore, small_fan_out: None) -> None:
    store.upsert_extraction(_hub_document(CO_MENTIONED))
    graph = store.neighbourhood(HUB, include_co_mentions=False)
    assert {n.id for n in graph.nodes} == {HUB, TYPED}


def test_chosen_relation_types_leave_room_for_their_neighbours(store: GraphStore, small_fan_out: None) -> None:
    store.upsert_extraction(_hub_document("MET_WITH"))
    graph = store.neighbourhood(HUB, relation_types=["ACQUIRED"])
    assert {n.id for n in graph.nodes} == {HUB, TYPED}


def test_relations_carry_their_evidence(loaded):
    between = loaded.relations_between(GLOBEX, ACME)
    assert {r.type for r in between} == {"ACQUIRED", CO_MENTIONED}
    acquired = next(r for r in between if r.type == "ACQUIRED")
    assert acquired.evidence.startswith("Acme Corporation (Acme) agreed to acquire Globex")
    assert acquired.doc == first_extraction().document.id
    assert (acquired.source, acquired.target, acquired.label, acquired.confidence) == (
        ACME,
        GLOBEX,
        "acquire",
        0.9,
    )
    assert {r.type for r in loaded.relations_of(GLOBEX, ["SUED"])} == {"SUED"}
    assert len(loaded.relations_of(GLOBEX)) == 5


def test_relations_of_with_a_limit_keeps_the_most_telling(loaded):
    strongest = loaded.relations_of(GLOBEX, limit=2)
    assert [(r.type, r.label) for r in strongest] == [("ACQUIRED", "acquire"), ("SUED", "sue")]
    assert len(loaded.relations_of(GLOBEX, limit=100)) == len(loaded.relations_of(GLOBEX)) == 5
    assert [r.type for r in loaded.relations_of(GLOBEX, [CO_MENTIONED], limit=1)] == [CO_MENTIONED]


def test_edge_labels_are_the_first_distinct_ones_in_order(store):
    doc = Document.from_text("Acme met Globex, talked to Globex, and met Globex again.", source="tests/met.txt")
    labels = ["meet", "talk", "meet", "", "greet", "visit", "call", "phone"]
    relations = [Relation(ACME, GLOBEX, "MET_WITH", label, doc.id, n, doc.text) for n, label in enumerate(labels)]
    store.upsert_extraction(
        Extraction(doc, [Entity(ACME, "Acme", "ORG"), Entity(GLOBEX, "Globex", "ORG")], [], relations)
    )
    (edge,) = store.subgraph([ACME, GLOBEX]).edges
    assert (edge.source, edge.target, edge.weight, edge.labels) == (
        ACME,
        GLOBEX,
        8,
        ["meet", "talk", "greet", "visit", "call"],
    )


def test_edge_labels_grow_across_documents_and_stay_when_a_document_adds_none(store):
    entities = [Entity(ACME, "Acme", "ORG"), Entity(GLOBEX, "Globex", "ORG")]
    for text, label in [("Acme met Globex.", "meet"), ("Acme and Globex met.", ""), ("Acme talked to Globex.", "talk")]:
        doc = Document.from_text(text, source=f"tests/{label or 'none'}.txt")
        relation = Relation(ACME, GLOBEX, "MET_WITH", label, doc.id, 0, text)
        store.upsert_extraction(Extraction(doc, entities, [], [relation]))
        (edge,) = store.subgraph([ACME, GLOBEX]).edges
        assert edge.labels == (["meet", "talk"] if label == "talk" else ["meet"])
    assert edge.weight == 3


def test_paths_are_bounded_and_direct_links_come_first(loaded):
    paths = loaded.paths(JANE, FRANCE, k=5, max_length=4)
    assert paths[0] == [JANE, ACME, GLOBEX, HOOLI, FRANCE]
    assert all(len(p) - 1 <= 4 for p in paths)
    assert loaded.paths(JANE, FRANCE, max_length=2) == []
    assert loaded.paths(ACME, GLOBEX)[0] == [ACME, GLOBEX]


def _chain_and_hub_world(store: GraphStore) -> None:
    """A typed chain A → B → C → T; a hub H named with A, T and four others in the same sentences; a
    nationality N that A and T both support."""
    doc = Document.from_text("A, B, C, T, H and N in one story.", source="tests/chain.txt", published="2024-05-01")
    names = {"a": "ORG", "b": "ORG", "c": "ORG", "t": "ORG", "h": "GPE", "n": "NORP", **dict.fromkeys(CROWD, "ORG")}
    entities = [Entity(i, i.upper(), kind, key=f"{kind}:{i}") for i, kind in names.items()]
    stated = [("a", "b", "MET_WITH"), ("b", "c", "ALLIED_WITH"), ("c", "t", "SUPPORTS"), ("a", "n", "SUPPORTS")]
    stated += [("n", "t", "SUPPORTS")]
    stated += [(min("h", o), max("h", o), CO_MENTIONED) for o in ["a", "t", *CROWD]]
    relations = [Relation(s, t, kind, "", doc.id, n, doc.text, 0.7) for n, (s, t, kind) in enumerate(stated)]
    store.upsert_extraction(Extraction(doc, entities, [], relations))


def test_paths_rank_typed_chains_above_co_mentions_through_a_hub(store):
    from explorer.store.paths import PathOptions

    _chain_and_hub_world(store)
    paths = store.paths("a", "t", k=5, max_length=4)
    assert paths[0] == ["a", "b", "c", "t"]  # three typed hops beat two co-mentions through a hub
    assert ["a", "h", "t"] in paths
    assert all("n" not in path for path in paths)  # a nationality is no hop by default
    assert all("h" not in p for p in store.paths("a", "t", options=PathOptions(typed_only=True)))
    through = store.paths("a", "t", options=PathOptions(through_norp=True))
    assert through[0] == ["a", "n", "t"]  # two typed hops through a small node beat three


def test_subgraph_counts_only_the_evidence_admitted(store):
    from explorer.store.base import EvidenceFilter

    def edges(evidence: EvidenceFilter) -> dict[tuple[str, str, str], int]:
        return {(e.source, e.target, e.type): e.weight for e in store.subgraph([ACME, GLOBEX], evidence=evidence).edges}

    entities = [Entity(ACME, "Acme", "ORG"), Entity(GLOBEX, "Globex", "ORG")]
    for published, confidence in (("2024-01-10", 0.9), ("2024-06-10", 0.4), (None, 0.9)):
        doc = Document.from_text(f"Acme met Globex ({published}, {confidence}).", published=published)
        met = Relation(ACME, GLOBEX, "MET_WITH", "meet", doc.id, 0, doc.text, confidence)
        store.upsert_extraction(Extraction(doc, entities, [], [met]))
    assert edges(EvidenceFilter()) == {(ACME, GLOBEX, "MET_WITH"): 3}
    assert edges(EvidenceFilter(min_confidence=0.5)) == {(ACME, GLOBEX, "MET_WITH"): 2}
    assert edges(EvidenceFilter(since="2024-01-01")) == {(ACME, GLOBEX, "MET_WITH"): 2}  # undated says nothing
    assert edges(EvidenceFilter(since="2024-01-01", until="2024-03-31")) == {(ACME, GLOBEX, "MET_WITH"): 1}
    assert edges(EvidenceFilter(min_confidence=0.5, since="2024-02-01")) == {}
