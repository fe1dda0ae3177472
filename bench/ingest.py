"""Ingest throughput: words per second of the full ingest beside bare `nlp.pipe` on the same text.

The corpus is the seed and the test articles, each repeated with a numbered dateline so every copy is a
distinct document. Like is measured against like: both pipelines are loaded before their clocks start, and
the ratio is explorer's ingest in one process (extraction, resolution and the store) over bare spaCy in one
process. The two are timed in turn `--repeat` times and each keeps its fastest run (as `timeit` does: a
slower run measures what else the machine was doing, and alternating exposes both to the same moments).
The ingest with worker processes (`--workers`, default one per core) is printed beside it. The last line is
`ingest_wps=… spacy_wps=… ratio=… parallel_wps=… workers=…`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import spacy
from spacy.language import Language

from explorer.extract import choose_model, load_nlp
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
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    documents = corpus(args.copies)
    words = sum(len(d.text.split()) for d in documents)
    print(f"documents={len(documents)} words={words}")

    nlp = spacy.load(choose_model())  # the model alone, without explorer's components
    load_nlp()  # explorer's pipeline, loaded before its clock starts as the bare model was
    spacy_runs, ingest_runs = [], []
    for _ in range(args.repeat):
        spacy_runs.append(timed_pipe(nlp, documents))
        ingest_runs.append(timed_ingest(documents, workers=1))
    spacy_seconds, ingest_seconds = min(spacy_runs), min(ingest_runs)
    print(f"bare nlp.pipe (one process): {_runs(spacy_runs)}")
    print(f"full ingest (one process): {_runs(ingest_runs)}")
    workers = args.workers or os.cpu_count() or 1
    parallel_seconds = timed_ingest(documents, workers=workers)
    print(f"full ingest ({workers} worker processes): {parallel_seconds:.2f} s")

    ingest_wps, spacy_wps = words / ingest_seconds, words / spacy_seconds
    print(
        f"ingest_wps={ingest_wps:.0f} spacy_wps={spacy_wps:.0f} ratio={ingest_wps / spacy_wps:.2f} "
        f"parallel_wps={words / parallel_seconds:.0f} workers={workers}"
    )


def timed_pipe(nlp: Language, documents: list[Document]) -> float:
    """Seconds for bare `nlp.pipe` over the documents' texts."""
    started = time.perf_counter()
    for _ in nlp.pipe((d.text for d in documents), batch_size=32):
        pass
    return time.perf_counter() - started


def _runs(seconds: list[float]) -> str:
    return f"{min(seconds):.2f} s (runs: {', '.join(f'{s:.2f}' for s in seconds)})"


def timed_ingest(documents: list[Document], workers: int) -> float:
    """Seconds to ingest `documents` into a new SQLite store with `workers` processes."""
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore.open(f"sqlite:///{folder}/graph.db")
        started = time.perf_counter()
        report = ingest_documents(documents, store, workers=workers)
        seconds = time.perf_counter() - started
        store.close()
    print(f"  {report.summary()}")
    return seconds


if __name__ == "__main__":
    main()
