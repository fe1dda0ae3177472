"""Ingest on every backend, through the real pipeline (spaCy, resolver, curation replay, store): a re-ingest
does no extraction work, and an analyst's decisions survive new articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from explorer import curate, ingest
from explorer.ingest import ingest_documents
from explorer.model import Document
from explorer.store.base import GraphStore

DEAL = Document.from_text(
    "Acme buys Globex\nAcme Corporation agreed to buy Globex Inc in Paris on Monday, Jane Doe said.",
    source="tests/deal.txt",
)
AFTER = Document.from_text(
    "Globex after the deal\nGlobex Inc will keep its offices in Paris, Jane Doe said on Friday.",
    source="tests/after.txt",
)


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The ids of the documents each ingest hands to extraction (the real extraction still runs)."""
    handed: list[list[str]] = []
    real = ingest.extract_many

    def spy(documents: Iterable[Document], **options) -> Iterator:
        documents = list(documents)
        handed.append([d.id for d in documents])
        return real(documents, **options)

    monkeypatch.setattr(ingest, "extract_many", spy)
    return handed


def entity_named(store: GraphStore, name: str) -> str:
    (entity,) = [e for e in store.iter_entities() if e.name == name]
    return entity.id


def test_a_reingest_extracts_nothing_again(store, extracted):
    first = ingest_documents([DEAL, AFTER], store, workers=1)
    stats = store.stats()
    again = ingest_documents([AFTER, DEAL, DEAL], store, workers=1)
    assert (first.new, first.unchanged, first.failed) == (2, 0, 0)
    assert (again.new, again.unchanged, again.failed) == (0, 3, 0)
    assert extracted == [[DEAL.id, AFTER.id]]  # the second ingest handed nothing to extraction
    assert store.stats() == stats


def test_curation_survives_an_ingest_that_names_the_curated_entities(store, extracted):
    ingest_documents([DEAL], store, workers=1)
    paris, jane = entity_named(store, "Paris"), entity_named(store, "Jane Doe")
    curate.delete(store, paris)
    curate.rename(store, jane, "Jane Q. Doe")

    report = ingest_documents([AFTER], store, workers=1)

    assert (report.new, report.failed) == (1, 0)
    assert store.entity(paris) is None
    assert [e.id for e in store.search("Paris")] == []
    assert (store.entity(jane).name, store.entity(jane).aliases) == ("Jane Q. Doe", ["Jane Doe"])
    assert [m.entity for m in store.mentions_in(AFTER.id) if m.text == "Jane Doe"] == [jane]
    assert extracted == [[DEAL.id], [AFTER.id]]
