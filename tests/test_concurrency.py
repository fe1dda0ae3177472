"""Several readers while an ingest writes (SQLite WAL): readers never see half a document, and an open write
does not keep a reader waiting (how long a read takes meanwhile is a figure of bench/concurrency.py). A
write that must wait for another process's says so and waits, or gives up with one line. Two writers
into one store (on every backend) resolve against what each other wrote, and a long document is parsed
before its write lock is taken."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator

from typer.testing import CliRunner

from bench.concurrency import read_while_writing
from bench.synthetic import graph_extractions
from explorer import curate
from explorer.cli import app
from explorer.extract import DocumentParts
from explorer.ingest import Writer
from explorer.model import Document, Entity, Extraction, Mention
from explorer.store.base import GraphStore
from explorer.store.sqlite import SQLiteStore, connection
from tests.contract import conftest as contract
from tests.factories import GLOBEX, sample_extractions

store = contract.store  # the contract fixture: each test using it runs on every backend

READERS = 4


def test_readers_see_only_whole_documents(tmp_path):
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    extractions = list(graph_extractions(entities=1000, relations=4000, per_document=40))
    seen = read_while_writing(url, extractions, READERS)
    assert seen.half_written == []
    assert len(seen.passes_ms) == READERS  # every reader finished
    store = SQLiteStore.open(url)
    assert store.stats()["documents"] == len(extractions)
    store.close()


def test_a_reader_is_not_kept_waiting_by_an_open_write(tmp_path):
    """The reader runs while the writer's transaction is open (between two parts of one document): it
    answers, from the store as it was before the document."""
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    first, second = list(graph_extractions(entities=50, relations=80, per_document=40))
    writer, reader = SQLiteStore.open(url), SQLiteStore.open(url)
    writer.upsert_extraction(first)
    seen: list[tuple] = []

    def read() -> None:
        seen.append((reader.has_document(second.document.id), reader.stats()["relations"]))

    def parts() -> Iterator[Extraction]:
        yield second  # written inside the open transaction
        during = threading.Thread(target=read)
        during.start()
        during.join(timeout=60)  # a reader blocked by the writer would still be waiting here
        assert not during.is_alive(), "the reader waited for the open write"

    assert writer.upsert_parts(second.document, parts())
    assert seen == [(False, len(first.relations))]
    assert (reader.has_document(second.document.id), reader.stats()["relations"]) == (
        True,
        len(first.relations) + len(second.relations),
    )
    writer.close()
    reader.close()


def _loaded_file(tmp_path) -> tuple[str, sqlite3.Connection]:
    """A SQLite store with the sample documents, and another process's connection holding its write lock
    (SQLite lets one writer at a time; a Neo4j server queues writes itself)."""
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    store = SQLiteStore.open(url)
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    store.close()
    blocker = sqlite3.connect(tmp_path / "graph.db", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    return url, blocker


def test_a_curation_waits_for_another_writer_and_says_so(tmp_path):
    url, blocker = _loaded_file(tmp_path)
    threading.Timer(2.5, blocker.execute, ["COMMIT"]).start()
    result = CliRunner().invoke(app, ["rename", GLOBEX, "Globex Corp", "--store", url])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "waiting for another process to finish writing to" in line
    assert SQLiteStore.open(url).entity(GLOBEX).name == "Globex Corp"


def test_a_write_that_waits_too_long_is_one_line_and_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "LOCK_WAIT", 2.0)
    url, blocker = _loaded_file(tmp_path)
    result = CliRunner().invoke(app, ["delete", GLOBEX, "--store", url])
    blocker.execute("ROLLBACK")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "is busy: another process has been writing to it for 2 s; nothing was changed" in result.stderr
    assert SQLiteStore.open(url).entity(GLOBEX) is not None


def _article(text: str, **types: str) -> Extraction:
    """A new article as extraction gives it: local entities (name → type), one mention each."""
    doc = Document.from_text(text, source=f"tests/{abs(hash(text))}.txt")
    entities = [Entity(f"L{n}", name, type_, mention_count=1, doc_count=1) for n, (name, type_) in
                enumerate(types.items())]  # fmt: skip
    mentions = [Mention(e.id, doc.id, 0, text.index(e.name), text.index(e.name) + len(e.name), e.name)
                for e in entities]  # fmt: skip
    return Extraction(doc, entities, mentions)


def _second_handle(store: GraphStore, request) -> GraphStore:
    """The same store opened again, as another process (or machine) would."""
    if isinstance(store, SQLiteStore):
        return SQLiteStore.open(store.url)
    return request.getfixturevalue("bolt_server").open_store()


def test_two_writers_resolve_one_name_to_one_entity(store, request):
    """Both writers start on an empty store; the second resolves after the first wrote (as two ingests
    do, one document at a time): it must see the first's entities, not the store it started with."""
    other = _second_handle(store, request)
    first, second = Writer(store), Writer(other)
    assert first.write(_article("Qassem Soleimani arrived in Baghdad.", **{"Qassem Soleimani": "PERSON",
                                                                          "Baghdad": "GPE"}))  # fmt: skip
    assert second.write(_article("Qassem Suleimani was killed.", **{"Qassem Suleimani": "PERSON"}))
    people = [e for e in store.iter_entities() if e.type == "PERSON"]
    assert [(e.name, e.aliases, e.mention_count) for e in people] == [("Qassem Soleimani", ["Qassem Suleimani"], 2)]
    other.close()


def test_a_writer_replays_curation_done_since_it_started(store, request):
    other = _second_handle(store, request)
    first, second = Writer(store), Writer(other)
    first.write(_article("Acme hired Jane Doe.", Acme="ORG", **{"Jane Doe": "PERSON"}))
    acme = next(e.id for e in store.iter_entities() if e.name == "Acme")
    curate.delete(store, acme, reason="not a company")
    second.write(_article("Acme fired Jane Doe.", Acme="ORG", **{"Jane Doe": "PERSON"}))
    assert [e.name for e in store.iter_entities()] == ["Jane Doe"]
    other.close()


def test_a_long_document_is_parsed_before_its_write_lock_is_taken(tmp_path):
    """The parts of a long document are made while its text is parsed: meanwhile others can write."""
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    probe = sqlite3.connect(tmp_path / "graph.db", timeout=0, isolation_level=None)
    document = Document.from_text("A long text.\n\nIn three parts.\n\nThe end.", source="tests/long.txt")

    def parts():
        for _ in range(3):
            probe.execute("BEGIN IMMEDIATE")  # "database is locked" if the write lock were held
            probe.execute("ROLLBACK")
            yield Extraction(document)

    assert Writer(store).write(DocumentParts(document, parts()))
    assert store.has_document(document.id)
    probe.close()
    store.close()


def test_two_ingests_at_once_give_one_entity_per_thing(store, request):
    """Two writers in two threads, each article naming the same people (two spellings of one): however
    their transactions interleave or are retried, each person is one entity."""
    other = _second_handle(store, request)
    spellings = [("Qassem Soleimani", "Mohammed Shia al-Sudani"), ("Qassem Suleimani", "Mohammed Shia al-Sudani")]
    failures: list[BaseException] = []

    def ingest(target: GraphStore, names: tuple[str, str], tag: int) -> None:
        try:
            writer = Writer(target)
            for number in range(4):
                text = f"Report {tag}-{number}: {names[0]} met {names[1]}."
                writer.write(_article(text, **{names[0]: "PERSON", names[1]: "PERSON"}))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    targets = zip([store, other], spellings, strict=True)
    threads = [threading.Thread(target=ingest, args=(s, n, t)) for t, (s, n) in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    people = sorted((e.name, sorted(e.aliases), e.mention_count) for e in store.iter_entities())
    assert len(people) == 2 and sum(count for *_, count in people) == 16
    assert store.stats()["documents"] == 8
    other.close()
