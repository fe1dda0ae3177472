"""Ingest throughput: words per second of the full ingest beside bare `nlp.pipe` on the same text.

The corpus is the seed and the test articles, each repeated with a numbered dateline so every copy is a
distinct document. Prints figures; the last line is `ingest_wps=… spacy_wps=… ratio=…`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy

from explorer.extract import choose_model
from explorer.ingest import ingest_documents
from explorer.model import Document
from explorer.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent


def corpus(copies: int) -> list[Document]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))]
    return [
        Document.from_text(f"{text}\nDispatch {n} of the wire service.", source=f"bench-{n}")
        for n in range(copies)
        for text in texts
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    documents = corpus(args.copies)
    words = sum(len(d.text.split()) for d in documents)
    print(f"documents={len(documents)} words={words}")

    nlp = spacy.load(choose_model())  # the model alone, without explorer's components
    started = time.perf_counter()
    for _ in nlp.pipe((d.text for d in documents), batch_size=32):
        pass
    spacy_seconds = time.perf_counter() - started
    print(f"bare nlp.pipe (one process): {spacy_seconds:.2f} s")

    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore.open(f"sqlite:///{folder}/graph.db")
        started = time.perf_counter()
        report = ingest_documents(documents, store, workers=args.workers)
        ingest_seconds = time.perf_counter() - started
        print(f"full ingest: {ingest_seconds:.2f} s ({report.summary()})")
        store.close()

    ingest_wps, spacy_wps = words / ingest_seconds, words / spacy_seconds
    print(f"ingest_wps={ingest_wps:.0f} spacy_wps={spacy_wps:.0f} ratio={ingest_wps / spacy_wps:.2f}")


if __name__ == "__main__":
    main()
