"""Several readers while an ingest writes (SQLite WAL): readers never see half a document, never wait long."""

from __future__ import annotations

import threading
import time

from bench.synthetic import graph_extractions
from explorer.store.sqlite import SQLiteStore

READERS = 4


def test_readers_see_whole_documents_and_do_not_block(tmp_path):
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    writer = SQLiteStore.open(url)
    reader_store = SQLiteStore.open(url)  # shared by reader threads: one connection per thread inside
    extractions = list(graph_extractions(entities=1000, relations=4000, per_document=40))
    expected = {e.document.id: len(e.relations) for e in extractions}
    done = threading.Event()
    problems: list[str] = []
    slowest: list[float] = []

    def read() -> None:
        worst = 0.0
        while not done.is_set():
            started = time.perf_counter()
            for document in reader_store.documents():
                found = len(reader_store.relations_in(document.id))
                if found != expected[document.id]:
                    problems.append(f"{document.id}: {found} of {expected[document.id]} relations")
            worst = max(worst, time.perf_counter() - started)
        slowest.append(worst)
        reader_store.close()

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for extraction in extractions:
        writer.upsert_extraction(extraction)
    done.set()
    for thread in threads:
        thread.join(timeout=60)

    assert problems == []
    assert len(slowest) == READERS
    assert max(slowest) < 2.0, f"a reader waited {max(slowest):.2f} s"
    assert writer.stats()["documents"] == len(extractions)
