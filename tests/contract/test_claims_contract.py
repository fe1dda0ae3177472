"""Claims on every backend: reports of one event across documents are one event, and where documents
disagree (dates, figures, opposite relations) every real disagreement is listed and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer import claims, curate
from explorer.ingest import ingest_documents
from explorer.model import Document
from explorer.sources import read_paths
from explorer.store.base import GraphStore

DATA = Path(__file__).resolve().parents[1] / "data" / "claims"
EXPECTED = json.loads((DATA / "expected.json").read_text())


def _documents() -> dict[str, Document]:
    """The corpus's reports by the id each line gives (the source field holds the outlet)."""
    ids = {line["title"]: line["id"] for line in map(json.loads, (DATA / "reports.jsonl").read_text().splitlines())}
    found = [d for d in read_paths([DATA / "reports.jsonl"]) if isinstance(d, Document)]
    return {ids[d.title]: d for d in found}


def _ids(documents: dict[str, Document]) -> dict[str, str]:
    return {d.id: key for key, d in documents.items()}


@pytest.fixture
def reports(store: GraphStore) -> GraphStore:
    ingest_documents(list(_documents().values()), store, workers=1)
    return store


def _comparable(store: GraphStore, found: list[claims.Disagreement]) -> list[dict]:
    keys = _ids(_documents())
    names = {e.id: e.name for e in store.entities({i for d in found for i in d.subject})}
    return [
        {
            "kind": d.kind,
            "subject": sorted(names[i] for i in d.subject),
            "claims": {keys[c.doc]: c.value for c in d.claims},
        }
        for d in found
    ]


def _key(item: dict) -> tuple:
    return (item["kind"], item["subject"])


def test_every_disagreement_of_the_corpus_and_nothing_else(reports):
    found = _comparable(reports, claims.disagreements(reports))
    expected = [{**d, "subject": sorted(d["subject"])} for d in EXPECTED["disagreements"]]
    assert sorted(found, key=_key) == sorted(expected, key=_key)


def test_each_side_keeps_its_sentence_document_and_outlet(reports):
    documents = _documents()
    for disagreement in claims.disagreements(reports):
        for claim in disagreement.claims:
            document = next(d for d in documents.values() if d.id == claim.doc)
            assert claim.evidence in document.text
            assert claim.source == document.source and claim.published == document.published


def test_reports_of_one_event_are_one_event_with_each_report_a_source(reports):
    keys = _ids(_documents())
    shared = claims.shared_events(reports)
    by_docs = sorted(sorted(keys[d] for d in s.docs) for s in shared if len(s.docs) > 1)
    assert ["andean-talks", "pacific-talks"] in by_docs  # the first round, dated differently
    assert ["highland-accord", "rift-accord"] in by_docs  # the accord: March 2023 contains 12 March 2023
    assert ["coast-bombing", "horn-bombing"] in by_docs
    second_round = [s for s in shared if "20 October 2022" in s.first.evidence]
    assert len(second_round) == 1 and len(second_round[0].reports) == 1  # another round, not the first


def test_reported_speech_keeps_its_speaker(reports):
    keys = _ids(_documents())
    said: dict[str, set[str]] = {}
    for event in reports.timeline():
        if event.speaker:
            said.setdefault(keys[event.doc], set()).add(event.speaker)
    for doc_id in {d for d in keys}:
        for relation in reports.relations_in(doc_id):
            if relation.speaker:
                said.setdefault(keys[doc_id], set()).add(relation.speaker)
    assert {k: sorted(v) for k, v in said.items()} == EXPECTED["speakers"]


def test_disagreements_follow_curation(reports):
    """Deleting one side's entity takes the disagreement away: it is read from the graph as it is now."""
    before = claims.disagreements(reports)
    relation = next(d for d in before if d.kind == "relation")
    curate.delete(reports, relation.subject[0])
    after = claims.disagreements(reports)
    assert [d.kind for d in after] == [d.kind for d in before if d is not relation]


def test_the_entity_page_read_lists_only_its_disagreements(reports):
    everything = claims.disagreements(reports)
    subject = everything[0].subject[0]
    assert claims.disagreements(reports, subject) == [d for d in everything if subject in d.subject]


SEED = Path(__file__).resolve().parents[2] / "seeds"


def test_the_seed_alone_lists_no_disagreement(store):
    ingest_documents([d for d in read_paths([SEED]) if isinstance(d, Document)], store, workers=1)
    assert claims.disagreements(store) == []


def test_the_seed_beside_a_report_dating_the_first_round_otherwise_lists_one_date_disagreement(store):
    paths = [SEED, DATA / "first_round_january.txt"]
    ingest_documents([d for d in read_paths(paths) if isinstance(d, Document)], store, workers=1)
    (found,) = claims.disagreements(store)
    names = {e.id: e.name for e in store.entities(found.subject)}
    assert found.kind == "date"
    assert {"United States", "Iraq"} <= {names[i] for i in found.subject}
    assert sorted(c.value for c in found.claims) == ["2021-05-30", "2024-01-27"]
    # "January 2020" in the seed and "3 January 2020" in the report: one airstrike, no disagreement
    strikes = [s for s in claims.shared_events(store) if any(r.date == "2020-01-03" for r in s.reports)]
    assert [sorted(r.date for r in s.reports) for s in strikes] == [["2020-01", "2020-01-03"]]
