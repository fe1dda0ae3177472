"""Curation on every backend: actions change the graph, undo restores it exactly, re-ingest keeps them, a
shared log is applied once, and replaying the log never changes the extraction it is given."""

from __future__ import annotations

import copy
import json

import pytest

from explorer import curate
from explorer.export import store_graph
from explorer.ingest import Writer
from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Mention, Relation
from explorer.store.base import DocumentRecords, GraphStore
from explorer.store.sqlite import SQLiteStore
from tests.factories import ACME, FRANCE, GLOBEX, HOOLI, JANE, PARIS, first_extraction, sample_extractions


def dump(store: GraphStore) -> dict:
    """Everything a reader of the store can see, in a comparable order (see `order` for the store's own)."""
    entities = sorted(store.iter_entities(), key=lambda e: e.id)
    ids = [e.id for e in entities]
    docs = sorted(d.id for d in store.documents())
    return {
        "entities": [e.to_dict() for e in entities],
        "relations": sorted((r.id, *r.to_dict().values()) for d in docs for r in store.relations_in(d)),
        "mentions": sorted(tuple(m.to_dict().values()) for d in docs for m in store.mentions_in(d)),
        "edges": sorted((e.source, e.target, e.type, e.weight, tuple(e.labels)) for e in store.subgraph(ids).edges),
        "events": [(e.id, [(p.entity, p.role) for p in e.participants]) for e in store.timeline()],
        "documents_for": {i: [d.id for d in store.documents_for(i)] for i in ids},
        "search": {e.name: [f.id for f in store.search(e.name, limit=3)] for e in entities},
        "stats": store.stats(),
    }


def order(store: GraphStore) -> dict:
    """The order a store gives its rows where ties are left to it: undo puts rows back where they were
    (`GraphSlice.positions`), so entities and a document's relations come back in the order they had."""
    return {
        "entities": [e.id for e in store.iter_entities()],
        "relations_in": {d.id: [r.id for r in store.relations_in(d.id)] for d in store.documents()},
    }


def reingest(store: GraphStore, extraction: Extraction) -> bool:
    """Ingest one extraction the way `ingest_documents` does: its Writer resolves against the store,
    replays the curation log and stores the result."""
    return Writer(store).write(extraction)


def store_resolved(store: GraphStore, extraction: Extraction) -> bool:
    """Store an already resolved extraction (the factories' ids are canonical) with the log replayed, and
    what the replay changed kept for undo, as ingest stores it."""
    curated, replays = curate.replay_curation(extraction, curate.curation_rules(store.curation_log()))
    records = DocumentRecords([curated], replays=replays)
    return store.write_document(extraction.document, None, lambda _: records) is not None


def assert_whole(store: GraphStore) -> None:
    """No row refers to an entity the store does not hold, and every count agrees with the export."""
    ids = {e.id for e in store.iter_entities()}
    docs = [d.id for d in store.documents()]
    mentions = [m for d in docs for m in store.mentions_in(d)]
    relations = [r for d in docs for r in store.relations_in(d)]
    assert {m.entity for m in mentions} <= ids
    assert {r.source for r in relations} | {r.target for r in relations} <= ids
    assert {p.entity for event in store.timeline() for p in event.participants} <= ids
    stats, graph = store.stats(), store_graph(store)
    assert (stats["entities"], stats["relations"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert stats["relations"] == len(relations) == sum(e.weight for e in store.subgraph(ids).edges)
    assert stats["mentions"] == len(mentions) == sum(e.mention_count for e in store.iter_entities())


def third_extraction() -> Extraction:
    """A new article naming Globex, Acme by its short form, and Hooli: local ids, as extraction makes them."""
    doc = Document.from_text(
        "Globex and Acme talk\nAcme met Globex in Paris. Hooli stayed away.", source="tests/third.txt"
    )
    sentence = doc.text.split("\n")[1].split(" Hooli")[0]

    def at(text: str, entity: str, sentence_no: int = 0) -> Mention:
        start = doc.text.index(text, doc.text.index("\n"))
        return Mention(entity, doc.id, sentence_no, start, start + len(text), text)

    entities = [
        Entity("L0", "Globex", "ORG", [], 1, 1, key="ORG:globex"),
        Entity("L1", "Acme", "ORG", [], 1, 1, key="ORG:acme corporation"),
        Entity("L2", "Paris", "GPE", [], 1, 1, key="GPE:paris"),
        Entity("L3", "Hooli", "ORG", [], 1, 1, key="ORG:hooli"),
    ]
    mentions = [at("Acme", "L1"), at("Globex", "L0"), at("Paris", "L2"), at("Hooli", "L3", 1)]
    relations = [
        Relation("L1", "L0", "MET_WITH", "meet", doc.id, 0, sentence, 0.8),
        Relation("L0", "L1", CO_MENTIONED, "", doc.id, 0, sentence, 0.3),
        Relation("L1", "L2", CO_MENTIONED, "", doc.id, 0, sentence, 0.3),
    ]
    return Extraction(doc, entities, mentions, relations, [])


ACTIONS = {
    "merge": lambda s: curate.merge(s, [ACME, GLOBEX], name="Globex"),
    "merge three": lambda s: curate.merge(s, [HOOLI, GLOBEX, ACME]),
    "split": lambda s: curate.split(s, GLOBEX, ["Globex Inc"]),
    "rename": lambda s: curate.rename(s, JANE, "Jane Q. Doe"),
    "retype": lambda s: curate.retype(s, PARIS, "LOC"),
    "delete": lambda s: curate.delete(s, GLOBEX),
    "reject": lambda s: curate.reject(s, next(r.id for r in s.relations_between(ACME, GLOBEX) if r.type == "ACQUIRED")),
    "distinct": lambda s: curate.mark_distinct(s, ACME, HOOLI),
}


def test_every_action_is_undone_exactly(loaded):
    before, ordered = dump(loaded), order(loaded)
    for name, act in ACTIONS.items():
        act(loaded)
        assert dump(loaded) != before or name == "distinct", name
        assert curate.undo(loaded) is not None
        assert dump(loaded) == before, name
        assert order(loaded) == ordered, name
    assert loaded.curation_log() == []
    assert curate.undo(loaded) is None


def test_undo_steps_back_one_action_at_a_time(loaded):
    start, start_order = dump(loaded), order(loaded)
    curate.merge(loaded, [ACME, GLOBEX])
    merged, merged_order = dump(loaded), order(loaded)
    curate.delete(loaded, PARIS)
    curate.undo(loaded)
    assert (dump(loaded), order(loaded)) == (merged, merged_order)
    curate.undo(loaded)
    assert (dump(loaded), order(loaded)) == (start, start_order)


def test_merge_moves_names_mentions_and_relations(loaded):
    curate.merge(loaded, [ACME, GLOBEX], name="Acme-Globex", reason="same company")
    assert loaded.entity(GLOBEX) is None
    acme = loaded.entity(ACME)
    assert (acme.name, acme.mention_count, acme.doc_count) == ("Acme-Globex", 3, 2)
    assert acme.aliases == ["Acme", "Globex", "Globex Inc", "Acme Corporation"]
    assert {r.type for r in loaded.relations_between(ACME, HOOLI)} == {"SUED", CO_MENTIONED}
    assert loaded.relations_between(ACME, ACME) == []  # "Acme acquired Globex" would be a self-loop
    assert [e.id for e in loaded.search("Globex")][:1] == [ACME]
    (action,) = curate.history(loaded)
    assert (action.kind, action.reason, action.payload["judgement"]) == ("merge", "same company", "positive")
    assert "undo" not in action.payload


def test_split_moves_the_chosen_alias_and_its_mentions(loaded):
    reingest(loaded, third_extraction())  # mentions "Acme" by its short form
    action = curate.split(loaded, ACME, ["Acme"], reason="the short form is another firm")
    new_id = action.payload["new"]["id"]
    acme, other = loaded.entity(ACME), loaded.entity(new_id)
    assert (acme.aliases, other.name, other.aliases, other.type) == ([], "Acme", [], "ORG")
    assert (acme.mention_count, other.mention_count) == (1, 1)
    assert {r.type for r in loaded.relations_between(new_id, GLOBEX)} == {"MET_WITH", CO_MENTIONED}
    assert {r.type for r in loaded.relations_between(ACME, GLOBEX)} == {"ACQUIRED", CO_MENTIONED}


def test_merge_then_reingest_keeps_the_merge(loaded):
    curate.merge(loaded, [ACME, GLOBEX])
    assert reingest(loaded, third_extraction())
    assert loaded.entity(GLOBEX) is None
    assert all(e.key != "ORG:globex" for e in loaded.iter_entities())
    doc = third_extraction().document.id
    assert {m.entity for m in loaded.mentions_in(doc) if m.text in ("Acme", "Globex")} == {ACME}
    assert loaded.entity(ACME).doc_count == 3


def test_split_then_reingest_keeps_the_split(loaded):
    action = curate.split(loaded, GLOBEX, ["Globex Inc"])
    new_id = action.payload["new"]["id"]
    extraction = renamed_copy(sample_extractions()[1], "Globex", "Globex Inc")  # names the split-off firm
    reingest(loaded, extraction)
    doc = extraction.document.id
    assert "Globex Inc" not in loaded.entity(GLOBEX).aliases
    assert [(m.entity, m.text) for m in loaded.mentions_in(doc)][:1] == [(new_id, "Globex Inc")]
    assert {r.type for r in loaded.relations_between(new_id, HOOLI)} == {"SUED", CO_MENTIONED}
    assert [r for r in loaded.relations_between(GLOBEX, HOOLI) if r.doc == doc] == []


def renamed_copy(extraction: Extraction, old: str, new: str) -> Extraction:
    """The same article with one name written differently (so a new document, with exact spans)."""
    text = extraction.document.text.replace(old, new)
    doc = Document.from_text(text, source="tests/renamed.txt")
    mentions = []
    for sentence_no, line in enumerate(text.split("\n")[1:]):
        for m in extraction.mentions:
            surface = new if m.text == old else m.text
            if m.sentence == sentence_no and surface in line:
                start = text.index(surface, text.index(line))
                mentions.append(Mention(m.entity, doc.id, m.sentence, start, start + len(surface), surface))
    relations = [
        Relation(r.source, r.target, r.type, r.label, doc.id, r.sentence, r.evidence.replace(old, new), r.confidence)
        for r in extraction.relations
    ]
    return Extraction(doc, extraction.entities, mentions, relations, [])


def test_deleted_renamed_and_retyped_entities_stay_so(loaded):
    curate.delete(loaded, PARIS)
    curate.rename(loaded, HOOLI, "Hooli Inc.")
    curate.retype(loaded, HOOLI, "NORP")
    reingest(loaded, third_extraction())
    assert loaded.entity(PARIS) is None and not loaded.search("Paris")
    hooli = loaded.entity(HOOLI)
    assert (hooli.name, hooli.type, hooli.aliases) == ("Hooli Inc.", "NORP", ["Hooli"])


def test_a_shared_log_rebuilds_the_curated_graph(store, tmp_path):
    """Curate in one store, share the log, ingest the same articles elsewhere: the same graph."""
    reference = SQLiteStore.open(f"sqlite:///{tmp_path / 'reference.db'}")
    for extraction in sample_extractions():
        store_resolved(reference, extraction)
    acquired = next(r.id for r in reference.relations_between(ACME, GLOBEX) if r.type == "ACQUIRED")
    curate.reject(reference, acquired, reason="not stated")
    curate.merge(reference, [GLOBEX, HOOLI])
    curate.delete(reference, FRANCE)
    curate.rename(reference, JANE, "Jane Doe (CEO)")

    assert curate.import_log(store, curate.export_log(reference)) == (0, 4)
    for extraction in sample_extractions():
        store_resolved(store, extraction)
    assert store.relation(acquired) is None
    assert store.entity(HOOLI) is None and store.entity(FRANCE) is None
    assert store.entity(JANE).name == "Jane Doe (CEO)"
    theirs, ours = dump(reference), dump(store)
    assert ours["relations"] == theirs["relations"]
    assert ours["edges"] == theirs["edges"]
    assert ours["mentions"] == theirs["mentions"]
    assert [(e["id"], e["name"], e["type"], sorted(e["aliases"])) for e in ours["entities"]] == [
        (e["id"], e["name"], e["type"], sorted(e["aliases"])) for e in theirs["entities"]
    ]
    assert curate.import_log(store, curate.export_log(reference)) == (0, 0)  # importing twice changes nothing
    reference.close()


def test_import_applies_decisions_to_entities_already_stored(loaded, tmp_path):
    other = SQLiteStore.open(f"sqlite:///{tmp_path / 'other.db'}")
    for extraction in sample_extractions():
        other.upsert_extraction(extraction)
    curate.merge(other, [ACME, GLOBEX])
    curate.mark_distinct(other, ACME, HOOLI)
    assert curate.import_log(loaded, curate.export_log(other)) == (1, 1)
    assert loaded.entity(GLOBEX) is None
    assert dump(loaded)["edges"] == dump(other)["edges"]
    other.close()


def test_importing_a_merge_already_applied_changes_nothing(loaded, monkeypatch):
    """The same merge under another time is recorded, not applied again: no rows rewritten, no undo rows."""
    curate.merge(loaded, [ACME, GLOBEX])
    log = json.loads(curate.export_log(loaded))
    log["actions"][0]["at"] = "2000-01-01T00:00:00+00:00"
    rewrites = []
    monkeypatch.setattr(loaded, "replace_slice", lambda *rows: rewrites.append(rows))

    assert curate.import_log(loaded, json.dumps(log)) == (0, 1)
    assert rewrites == []
    assert [("undo" in a.payload) for a in loaded.curation_log()] == [True, False]


def test_replaying_the_log_leaves_the_extraction_it_was_given_untouched(loaded):
    """apply_curation shares rows with its input (no deep copy), so no transform may change one in place."""
    acquired = next(r.id for r in loaded.relations_between(ACME, GLOBEX) if r.type == "ACQUIRED")
    curate.reject(loaded, acquired)
    curate.split(loaded, ACME, ["Acme"], name="Acme Ltd")
    curate.rename(loaded, JANE, "Jane Doe (CEO)")
    curate.retype(loaded, PARIS, "LOC")
    curate.merge(loaded, [ACME, GLOBEX], name="Acme Globex")
    curate.delete(loaded, PARIS)
    rules = curate.curation_rules(loaded.curation_log())
    given = first_extraction()
    untouched = copy.deepcopy(given)

    curated = curate.apply_curation(given, rules)

    assert given == untouched
    assert {e.name for e in curated.entities} == {"Acme Globex", "Jane Doe (CEO)"}


def test_bad_requests_change_nothing(loaded):
    before = dump(loaded)
    with pytest.raises(curate.CurationError):
        curate.merge(loaded, [ACME, "missing"])
    with pytest.raises(curate.CurationError):
        curate.merge(loaded, [ACME, ACME])
    with pytest.raises(curate.CurationError):
        curate.split(loaded, ACME, ["Acme Corporation"])  # the name itself cannot leave
    with pytest.raises(curate.CurationError):
        curate.retype(loaded, ACME, "SPACESHIP")
    with pytest.raises(curate.CurationError):
        curate.reject(loaded, "missing")
    with pytest.raises(curate.CurationError):
        curate.import_log(loaded, "{not json")
    assert dump(loaded) == before and loaded.curation_log() == []


def test_undoing_a_split_after_a_later_ingest_leaves_nothing_dangling(loaded):
    """Split, ingest a document naming the split-off alias, undo: its mentions and relations go back to
    the entity they were split from (they pointed at the deleted entity before)."""
    new_id = curate.split(loaded, GLOBEX, ["Globex Inc"]).payload["new"]["id"]
    later = renamed_copy(sample_extractions()[1], "Globex", "Globex Inc")
    reingest(loaded, later)
    assert {m.entity for m in loaded.mentions_in(later.document.id) if m.text == "Globex Inc"} == {new_id}
    curate.undo(loaded)
    assert loaded.entity(new_id) is None
    assert_whole(loaded)
    assert {m.entity for m in loaded.mentions_in(later.document.id) if m.text == "Globex Inc"} == {GLOBEX}
    assert {r.type for r in loaded.relations_between(GLOBEX, HOOLI) if r.doc == later.document.id} == {
        "SUED",
        CO_MENTIONED,
    }
    assert loaded.entity(GLOBEX).aliases == ["Globex Inc"]


def test_undoing_a_merge_after_a_later_ingest_gives_the_later_mentions_back(loaded):
    curate.merge(loaded, [ACME, GLOBEX])
    later = third_extraction()  # names Globex, which resolution now places on Acme
    reingest(loaded, later)
    curate.undo(loaded)
    assert_whole(loaded)
    doc = later.document.id
    assert {(m.text, m.entity) for m in loaded.mentions_in(doc) if m.text in ("Acme", "Globex")} == {
        ("Acme", ACME),
        ("Globex", GLOBEX),
    }
    assert (loaded.entity(ACME).aliases, loaded.entity(GLOBEX).aliases) == (["Acme"], ["Globex Inc"])


def test_undoing_a_delete_after_a_later_ingest_gives_the_later_mentions_back(loaded):
    curate.delete(loaded, PARIS)
    later = third_extraction()  # names Paris: its replay drops it
    reingest(loaded, later)
    assert all(m.text != "Paris" for m in loaded.mentions_in(later.document.id))
    curate.undo(loaded)
    assert_whole(loaded)
    assert [m.entity for m in loaded.mentions_in(later.document.id) if m.text == "Paris"] == [PARIS]
    assert loaded.entity(PARIS).doc_count == 2
    assert {r.type for r in loaded.relations_between(ACME, PARIS)} == {CO_MENTIONED}


def test_a_relation_added_by_hand_reads_exports_and_undoes_like_any_other(loaded):
    from explorer.curation.actions import is_hand_made

    before = dump(loaded)
    with curate.acting_as("alice"):
        curate.add_relation(loaded, JANE, HOOLI, "MET_WITH", "Phone call, per our Paris source, 3 May.")
    (added,) = [r for r in loaded.relations_between(JANE, HOOLI) if r.type == "MET_WITH"]
    assert (added.source, added.target, added.evidence) == (JANE, HOOLI, "Phone call, per our Paris source, 3 May.")
    assert is_hand_made(added.doc) and loaded.document(added.doc).title == "Added by hand by alice"
    assert any(e.type == "MET_WITH" for e in loaded.subgraph([JANE, HOOLI]).edges)
    assert store_graph(loaded).has_edge(JANE, HOOLI)  # exported with the rest
    assert_whole(loaded)
    (logged,) = loaded.curation_log()
    assert (logged.kind, logged.user) == ("add_relation", "alice")
    assert "added by hand" in curate.describe(logged)
    curate.undo(loaded)
    assert not [r for r in loaded.relations_between(JANE, HOOLI) if r.type == "MET_WITH"]
    after = dump(loaded)
    assert {k: v for k, v in after.items() if k != "stats"} == {k: v for k, v in before.items() if k != "stats"}


def test_a_relation_added_by_hand_survives_reingest_and_follows_a_merge(loaded):
    curate.add_relation(loaded, JANE, HOOLI, "MET_WITH", "Seen together at the trade fair.")
    reingest(loaded, third_extraction())
    assert [r.evidence for r in loaded.relations_between(JANE, HOOLI) if r.type == "MET_WITH"] == [
        "Seen together at the trade fair."
    ]
    curate.merge(loaded, [GLOBEX, HOOLI])
    assert [r.evidence for r in loaded.relations_between(JANE, GLOBEX) if r.type == "MET_WITH"] == [
        "Seen together at the trade fair."
    ]
    assert_whole(loaded)


def test_an_entity_added_by_hand_is_found_and_undone(loaded):
    curate.add_entity(loaded, "Initech", "ORG", note="Named in the annual report.")
    (found,) = loaded.search("Initech")
    assert (found.name, found.type) == ("Initech", "ORG")
    curate.add_relation(loaded, found.id, ACME, "ALLIED_WITH", "Joint venture announced on their site.")
    assert [r.type for r in loaded.relations_between(found.id, ACME)] == ["ALLIED_WITH"]
    curate.undo(loaded)
    curate.undo(loaded)
    assert loaded.entity(found.id) is None and not loaded.search("Initech")


def test_adding_by_hand_refuses_bad_requests(loaded):
    before = dump(loaded)
    for bad in (
        lambda: curate.add_relation(loaded, JANE, JANE, "MET_WITH", "note"),
        lambda: curate.add_relation(loaded, JANE, "missing", "MET_WITH", "note"),
        lambda: curate.add_relation(loaded, JANE, HOOLI, "FRIENDS", "note"),
        lambda: curate.add_relation(loaded, JANE, HOOLI, "MET_WITH", "  "),
        lambda: curate.add_entity(loaded, "Acme Corporation", "ORG"),
        lambda: curate.add_entity(loaded, "", "ORG"),
    ):
        with pytest.raises(curate.CurationError):
            bad()
    assert dump(loaded) == before and loaded.curation_log() == []
