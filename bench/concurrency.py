"""Readers while an ingest writes (SQLite WAL): each reader goes over every document's relations again and
again while one writer stores a synthetic corpus. Prints how long a reader's pass took (p50, p95, the
slowest) and how many documents a reader saw half-written (it must be 0; tests/test_concurrency.py checks
that, and that a reader is not kept waiting by an open write, without timing anything).

    .venv/bin/python bench/concurrency.py [--readers 4] [--entities 1000] [--relations 4000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.synthetic import graph_extractions  # noqa: E402
from bench.timing import p50_p95  # noqa: E402
from explorer.model import Extraction  # noqa: E402
from explorer.store.sqlite import SQLiteStore  # noqa: E402


@dataclass
class ReadWhileWriting:
    """What the readers met: documents seen with part of their relations, and each reader's pass times."""

    half_written: list[str] = field(default_factory=list)
    passes_ms: list[list[float]] = field(default_factory=list)


def read_while_writing(url: str, extractions: list[Extraction], readers: int) -> ReadWhileWriting:
    """Store `extractions` with one writer while `readers` threads read through one shared store."""
    writer = SQLiteStore.open(url)
    reader_store = SQLiteStore.open(url)  # shared by the reader threads: one connection per thread inside
    expected = {e.document.id: len(e.relations) for e in extractions}
    done = threading.Event()
    seen = ReadWhileWriting()

    def read() -> None:
        passes = []
        while not done.is_set():
            started = time.perf_counter()
            for document in reader_store.documents():
                found = len(reader_store.relations_in(document.id))
                if found != expected[document.id]:
                    seen.half_written.append(f"{document.id}: {found} of {expected[document.id]} relations")
            passes.append((time.perf_counter() - started) * 1000)
        seen.passes_ms.append(passes)

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for extraction in extractions:
        writer.upsert_extraction(extraction)
    done.set()
    for thread in threads:
        thread.join(timeout=60)
    reader_store.close()
    writer.close()
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--relations", type=int, default=4000)
    args = parser.parse_args()
    extractions = list(graph_extractions(entities=args.entities, relations=args.relations, per_document=40))
    with tempfile.TemporaryDirectory() as folder:
        seen = read_while_writing(f"sqlite:///{Path(folder) / 'graph.db'}", extractions, args.readers)
    passes = [ms for reader in seen.passes_ms for ms in reader]
    p50, p95 = p50_p95(passes) if passes else (0.0, 0.0)
    print(
        f"readers={args.readers} documents={len(extractions)} passes={len(passes)} p50_ms={p50:.1f} "
        f"p95_ms={p95:.1f} slowest_ms={max(passes, default=0.0):.1f} half_written={len(seen.half_written)}"
    )


if __name__ == "__main__":
    main()
