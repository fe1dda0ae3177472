"""Property tests on both backends: whatever a name, alias or sentence holds (quotes, backticks, Cypher, SQL,
HTML, any script, emoji) comes back verbatim, search never raises and finds an exact name, and undoing
curation gives the uncurated graph back whatever was ingested in between.

Each example gets an empty store: a fresh SQLite file, or the Neo4j test database wiped. Neo4j runs fewer
examples (a round trip costs tens of milliseconds there) so the suite stays fast.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer import curate
from explorer.model import (
    ENTITY_TYPES,
    RELATION_TYPES,
    Document,
    Entity,
    Event,
    Extraction,
    Mention,
    Participant,
    Relation,
    normalise_text,
)
from explorer.store.base import GraphStore
from explorer.store.sqlite import SQLiteStore
from tests.contract.test_curation_contract import assert_whole, dump, store_resolved

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "MATCH (n) DETACH DELETE n",
    "'; DROP TABLE entities; --",
    '" OR 1=1 --',
    "`Entity`]->() DELETE n //",
    "$param {id: 1}",
    "O'Brien & \"Sons\"",
    "NEAR(a b) * AND OR NOT",
    "\\\\ back\\slash",
    "Ĳssel Straße",
    "İstanbul İ1",
    "Zoë Łukasz-Ångström",
    "محمد شياع السوداني",
    "北京 大学",
    "🚀 Rocket Lab 🇺🇦",
]
# Words of letters and digits in several scripts, joined with hostile punctuation: every name has at least
# one searchable word (a name of punctuation only has nothing to search by).
WORD = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Lo", "Nd"], exclude_characters="\x00"), min_size=1, max_size=8
)
JOINER = st.sampled_from([" ", "'", '"', "`", "-", "; ", " | ", " -- ", "<", "/>", "&amp;", " 💥 ", "\\", "{", ")"])


@st.composite
def names(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        name = draw(st.sampled_from(HOSTILE))
    else:
        words = draw(st.lists(WORD, min_size=1, max_size=3))
        name = "".join(w + draw(JOINER) for w in words[:-1]) + words[-1]
    return normalise_text(name) or "x"  # as Document.from_text would store it


@st.composite
def extractions(draw: st.DrawFn) -> Extraction:
    """One resolved document naming 2–4 entities, with relations whose evidence and labels are hostile too."""
    entity_names = draw(st.lists(names(), min_size=2, max_size=4, unique_by=str.casefold))
    aliases = [draw(st.lists(names(), max_size=2, unique=True)) for _ in entity_names]
    sentences = [f"{name} said {draw(st.sampled_from(HOSTILE))}." for name in entity_names]
    document = Document.from_text(
        draw(names()) + "\n" + " ".join(sentences), source=draw(names()), published=None
    )
    entities, mentions = [], []
    for number, (name, alias_list) in enumerate(zip(entity_names, aliases, strict=True)):
        entity_id = f"e{number}" + draw(st.sampled_from(["", "`", "'", '"', "<b>"]))
        alias_list = [a for a in alias_list if a != name]
        entities.append(
            Entity(entity_id, name, draw(st.sampled_from(ENTITY_TYPES)), alias_list, 1, 1, key=f"K:{name}")
        )
        start = document.text.index(name)
        mentions.append(Mention(entity_id, document.id, 0, start, start + len(name), name))
    relations = []
    for (a, b), sentence in zip(itertools.pairwise(entities), itertools.count(), strict=False):
        relations.append(
            Relation(
                a.id,
                b.id,
                draw(st.sampled_from(RELATION_TYPES)),
                draw(names()),
                document.id,
                sentence,
                draw(st.sampled_from(sentences)),
                0.5,
            )
        )
    return Extraction(document, entities, mentions, relations)


def _fresh(store: GraphStore, request: pytest.FixtureRequest, folder: Path) -> GraphStore:
    """An empty store of the backend under test."""
    if store.url.startswith("sqlite"):
        from explorer.store.sqlite import SQLiteStore

        return SQLiteStore.open(f"sqlite:///{tempfile.mkdtemp(dir=folder)}/graph.db")
    request.getfixturevalue("bolt_server").wipe(keep_label="ExplorerMeta")
    return store


def _examples(store: GraphStore) -> int:
    return 60 if store.url.startswith("sqlite") else 15


def test_names_aliases_evidence_and_text_come_back_verbatim(store, request, tmp_path):
    @settings(
        max_examples=_examples(store),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(extraction=extractions())
    def round_trip(extraction: Extraction) -> None:
        fresh = _fresh(store, request, tmp_path)
        try:
            assert fresh.upsert_extraction(extraction)
            for entity in extraction.entities:
                stored = fresh.entity(entity.id)
                assert stored is not None
                assert (stored.name, stored.type, sorted(stored.aliases)) == (
                    entity.name,
                    entity.type,
                    sorted(entity.aliases),
                )
            for relation in extraction.relations:
                between = fresh.relations_between(relation.source, relation.target)
                assert [(r.type, r.label, r.evidence, r.sentence) for r in between] == [
                    (relation.type, relation.label, relation.evidence, relation.sentence)
                ]
            document = fresh.document(extraction.document.id)
            assert document is not None
            assert (document.title, document.text, document.source) == (
                extraction.document.title,
                extraction.document.text,
                extraction.document.source,
            )
            spans = {(m.entity, m.start, m.end, m.text) for m in fresh.mentions_in(document.id)}
            assert spans == {(m.entity, m.start, m.end, m.text) for m in extraction.mentions}
        finally:
            if fresh is not store:
                fresh.close()

    round_trip()


def test_search_never_raises_and_finds_an_exact_name(store, request, tmp_path):
    @settings(
        max_examples=_examples(store),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(extraction=extractions(), query=st.one_of(names(), st.text(max_size=30)))
    def search(extraction: Extraction, query: str) -> None:
        fresh = _fresh(store, request, tmp_path)
        try:
            fresh.upsert_extraction(extraction)
            fresh.search(query)  # any text at all: never raises
            for entity in extraction.entities:
                found = [e.id for e in fresh.search(entity.name)]
                assert entity.id in found, f"{entity.name!r} not found: {found}"
                for alias in entity.aliases:
                    assert entity.id in [e.id for e in fresh.search(alias)], f"alias {alias!r} not found"
        finally:
            if fresh is not store:
                fresh.close()

    search()


def test_search_finds_names_whose_letters_lower_case_splits(store):
    """Found by the property above: "İ" lower-cases to "i" plus a combining dot, and SQLite's search cut
    "İstanbul" in two words the index did not hold."""
    document = Document.from_text("İstanbul and İzmir met Œuvre Group.")
    names = {"e-ist": "İstanbul", "e-izm": "İzmir", "e-oe": "Œuvre Group"}
    entities = [Entity(i, name, "GPE", [], 1, 1, key=f"K:{i}") for i, name in names.items()]
    mentions = [
        Mention(i, document.id, 0, document.text.index(n), document.text.index(n) + len(n), n) for i, n in names.items()
    ]
    store.upsert_extraction(Extraction(document, entities, mentions))
    for entity_id, name in names.items():
        for query in (name, name.upper(), name[:3]):
            assert entity_id in [e.id for e in store.search(query)], query


# --- curation interleaved with ingests, then undone ---------------------------------------------------

CAST = [
    Entity("p-acme", "Acme Corporation", "ORG", ["Acme"], key="ORG:acme corporation"),
    Entity("p-globex", "Globex", "ORG", ["Globex Inc"], key="ORG:globex"),
    Entity("p-jane", "Jane Doe", "PERSON", ["J. Doe"], key="PERSON:jane doe"),
    Entity("p-paris", "Paris", "GPE", [], key="GPE:paris"),
    Entity("p-hooli", "Hooli", "ORG", ["Hooli Labs"], key="ORG:hooli"),
]


@st.composite
def articles(draw: st.DrawFn, number: int) -> Extraction:
    """A resolved article naming the cast by their names and aliases: co-mentions, meetings and events in
    each sentence. Entities carry all their names, as resolution gives each document the canonical record."""
    sentences = draw(st.lists(st.lists(st.integers(0, len(CAST) - 1), min_size=1, max_size=3, unique=True),
                              min_size=1, max_size=3))  # fmt: skip
    text, found = f"Report {number}.", []  # (sentence, entity, start, surface)
    for sentence, cast in enumerate(sentences, 1):
        text += " "
        for position, index in enumerate(cast):
            entity = CAST[index]
            surface = draw(st.sampled_from([entity.name, *entity.aliases]))
            text += (" and " if position else "") + surface
            found.append((sentence, entity, len(text) - len(surface), surface))
        text += " met."
    document = Document.from_text(text, source=f"tests/properties/{number}.txt")
    assert document.text == text  # offsets computed on the stored text
    mentions = [Mention(e.id, document.id, s, start, start + len(surface), surface) for s, e, start, surface in found]
    relations, events = [], []
    for sentence, cast in enumerate(sentences, 1):
        ids = [CAST[i].id for i in cast]
        evidence = text.split(". ")[sentence] if ". " in text else text
        for a, b in itertools.combinations(ids, 2):
            relations.append(Relation(min(a, b), max(a, b), "CO_MENTIONED", "", document.id, sentence, evidence, 0.3))
            if draw(st.booleans()):
                relations.append(Relation(a, b, "MET_WITH", draw(st.sampled_from(["meet", "see"])), document.id,
                                          sentence, evidence, 0.8))  # fmt: skip
        if len(ids) > 1 and draw(st.booleans()):
            roles = [Participant(ids[0], "agent"), *(Participant(i, "patient") for i in ids[1:])]
            events.append(Event(f"ev-{number}-{sentence}", "meeting", "2024-01", "month", document.id, sentence,
                                evidence, roles))  # fmt: skip
    counts = Counter(e.id for _, e, _, _ in found)
    entities = [replace(e, aliases=list(e.aliases), mention_count=counts[e.id], doc_count=1) for e in CAST
                if e.id in counts]  # fmt: skip
    return Extraction(document, entities, mentions, relations, events)


STEP = st.one_of(
    st.tuples(st.just("ingest")),
    st.tuples(st.just("merge"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.sampled_from(["split", "rename", "delete", "reject"]), st.integers(0, 9)),
    st.tuples(st.just("retype"), st.integers(0, 9), st.sampled_from(["ORG", "NORP", "LOC"])),
)


def _curate(store: GraphStore, step: tuple) -> None:
    """One analyst's action on whatever the store holds (an action that does not apply is refused)."""
    kind, *args = step
    entities = sorted(store.iter_entities(), key=lambda e: e.id)
    if not entities:
        return
    entity = entities[args[0] % len(entities)]
    try:
        if kind == "merge":
            curate.merge(store, [entity.id, entities[args[1] % len(entities)].id])
        elif kind == "split" and entity.aliases:
            curate.split(store, entity.id, entity.aliases[:1])
        elif kind == "rename":
            curate.rename(store, entity.id, f"{entity.name} (renamed)")
        elif kind == "retype":
            curate.retype(store, entity.id, args[1])
        elif kind == "delete":
            curate.delete(store, entity.id)
        elif kind == "reject" and (relations := store.relations_of(entity.id)):
            curate.reject(store, relations[args[0] % len(relations)].id)
    except curate.CurationError:
        pass


def _comparable(dumped: dict) -> dict:
    """A dump with alias lists and edge labels as sets: an undo writes back the same names and labels, not
    always in the order a first ingest wrote them."""
    entities = [
        {**e, "aliases": sorted(e["aliases"]), "merges": sorted(map(str, e["merges"]))} for e in dumped["entities"]
    ]
    edges = [(s, t, type_, weight, sorted(labels)) for s, t, type_, weight, labels in dumped["edges"]]
    return {**dumped, "entities": entities, "edges": edges}


def test_undoing_all_curation_whatever_was_ingested_since_gives_the_uncurated_graph(store, request, tmp_path):
    """Random curation interleaved with ingests of new articles, then undo all: at every step no row
    refers to a missing entity and the counts agree with the export; at the end the graph is what the
    same articles give with no curation at all."""

    @settings(
        max_examples=_examples(store) // 2,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data(), steps=st.lists(STEP, min_size=2, max_size=9))
    def curate_ingest_undo(data: st.DataObject, steps: list[tuple]) -> None:
        fresh = _fresh(store, request, tmp_path)
        reference = SQLiteStore.open(f"sqlite:///{tempfile.mkdtemp(dir=tmp_path)}/reference.db")
        try:
            for number, step in enumerate(steps):
                if step[0] == "ingest":
                    article = data.draw(articles(number))
                    store_resolved(fresh, article)
                    reference.upsert_extraction(article)
                else:
                    _curate(fresh, step)
                assert_whole(fresh)
            while curate.undo(fresh) is not None:
                assert_whole(fresh)
            assert _comparable(dump(fresh)) == _comparable(dump(reference))
        finally:
            reference.close()
            if fresh is not store:
                fresh.close()

    curate_ingest_undo()
