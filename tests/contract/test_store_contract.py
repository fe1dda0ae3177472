"""The GraphStore contract: the same behaviour from every backend."""

from __future__ import annotations

from explorer.model import CO_MENTIONED, CurationAction
from tests.factories import ACME, FRANCE, GLOBEX, HOOLI, JANE, PARIS, first_extraction, sample_extractions


def test_an_empty_store_counts_nothing(store):
    assert {k: store.stats()[k] for k in ("documents", "entities", "relations")} == {
        "documents": 0,
        "entities": 0,
        "relations": 0,
    }
    assert store.search("anything") == []
    assert store.entity("nope") is None


def test_upsert_counts_documents_entities_relations(loaded):
    stats = loaded.stats()
    assert (stats["documents"], stats["entities"], stats["relations"], stats["events"]) == (2, 6, 8, 2)
    assert stats["mentions"] == 7


def test_the_same_document_twice_changes_nothing(loaded):
    before = loaded.stats()
    assert loaded.upsert_extraction(first_extraction()) is False
    assert loaded.stats() == before
    assert loaded.entity(GLOBEX).mention_count == 2


def test_entity_keeps_aliases_roles_merge_reasons_and_counts(loaded):
    acme = loaded.entity(ACME)
    assert (acme.name, acme.type, acme.aliases) == ("Acme Corporation", "ORG", ["Acme"])
    assert [(m.alias, m.rule) for m in acme.merges] == [("Acme", "abbreviation")]
    assert loaded.entity(JANE).roles == ["chief executive"]
    globex = loaded.entity(GLOBEX)
    assert (globex.mention_count, globex.doc_count, globex.aliases) == (2, 2, ["Globex Inc"])


def test_entities_returns_in_the_order_asked_and_skips_unknown(loaded):
    assert [e.id for e in loaded.entities([JANE, "missing", ACME])] == [JANE, ACME]
    assert {e.id for e in loaded.iter_entities()} == {ACME, GLOBEX, JANE, PARIS, FRANCE, HOOLI}


def test_search_by_prefix_alias_and_typo(loaded):
    assert [e.id for e in loaded.search("Acme Corp")][:1] == [ACME]
    assert [e.id for e in loaded.search("glob")][:1] == [GLOBEX]
    assert [e.id for e in loaded.search("Globex Inc")][:1] == [GLOBEX]
    assert [e.id for e in loaded.search("Hoolli")][:1] == [HOOLI]
    assert [e.id for e in loaded.search("Jane", types=["ORG"])] == []


def test_search_ignores_zero_width_and_bidi_characters_in_the_query(loaded):
    assert [e.id for e in loaded.search("Glo\u200cbex")][:1] == [GLOBEX]
    assert [e.id for e in loaded.search("\u202eAcme\u200b Corp\ufeff")][:1] == [ACME]


def test_search_treats_query_syntax_as_text(loaded):
    for query in ['"', "a' OR 1=1 --", "NEAR(", "*", "`MATCH (n) DETACH DELETE n`"]:
        assert isinstance(loaded.search(query), list)
    assert loaded.stats()["entities"] == 6


def test_neighbourhood_ranks_by_weight_and_caps(loaded):
    graph = loaded.neighbourhood(GLOBEX, depth=1)
    assert {n.id for n in graph.nodes} == {GLOBEX, ACME, HOOLI, PARIS}
    weights = {(e.source, e.target, e.type): e.weight for e in graph.edges}
    assert weights[(ACME, GLOBEX, "ACQUIRED")] == 1
    assert weights[(GLOBEX, HOOLI, "SUED")] == 1
    capped = loaded.neighbourhood(GLOBEX, depth=1, limit=3)
    assert [n.id for n in capped.nodes][0] == GLOBEX
    assert {n.id for n in capped.nodes} == {GLOBEX, ACME, HOOLI}


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


def test_paths_are_shortest_first_and_bounded(loaded):
    paths = loaded.paths(JANE, FRANCE, k=5, max_length=4)
    assert paths[0] == [JANE, ACME, GLOBEX, HOOLI, FRANCE]
    assert all(len(p) - 1 <= 4 for p in paths)
    assert loaded.paths(JANE, FRANCE, max_length=2) == []
    assert loaded.paths(ACME, GLOBEX)[0] == [ACME, GLOBEX]


def test_documents_text_and_mention_spans(loaded):
    first = first_extraction().document
    assert {d.id for d in loaded.documents()} == {e.document.id for e in sample_extractions()}
    assert [d.id for d in loaded.documents_for(PARIS)] == [first.id]
    stored = loaded.document(first.id)
    assert (stored.text, stored.title, stored.published) == (first.text, first.title, "2024-03-04")
    for mention in loaded.mentions_in(first.id):
        assert stored.text[mention.start : mention.end] == mention.text
    assert len(loaded.relations_in(first.id)) == 5
    assert loaded.document("missing") is None


def test_timeline_is_ordered_and_filtered(loaded):
    events = loaded.timeline()
    assert [e.id for e in events] == ["ev-acq", "ev-suit"]
    assert {(p.entity, p.role) for p in events[0].participants} == {(ACME, "agent"), (GLOBEX, "patient")}
    assert [e.id for e in loaded.timeline(HOOLI)] == ["ev-suit"]
    assert events[1].precision == "month"


def test_curation_log_appends_and_pops_in_order(store):
    first = store.append_curation(CurationAction("rename", {"entity": ACME, "name": "ACME"}, "typo"))
    second = store.append_curation(CurationAction("delete", {"entity": PARIS}))
    assert first.seq < second.seq and first.at
    assert [(a.kind, a.payload) for a in store.curation_log()] == [
        ("rename", {"entity": ACME, "name": "ACME"}),
        ("delete", {"entity": PARIS}),
    ]
    assert store.pop_curation().kind == "delete"
    assert [a.kind for a in store.curation_log()] == ["rename"]


def test_relations_of_with_a_limit_keeps_the_most_telling(loaded):
    strongest = loaded.relations_of(GLOBEX, limit=2)
    assert [(r.type, r.label) for r in strongest] == [("ACQUIRED", "acquire"), ("SUED", "sue")]
    assert len(loaded.relations_of(GLOBEX, limit=100)) == len(loaded.relations_of(GLOBEX)) == 5
    assert [r.type for r in loaded.relations_of(GLOBEX, [CO_MENTIONED], limit=1)] == [CO_MENTIONED]
