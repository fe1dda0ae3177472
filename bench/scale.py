"""Scale: ingest a generated corpus through the whole pipeline, load a large synthetic graph, time queries.

Defaults are the targets' sizes: 2,000 articles of 500 words (1M words) and a graph of 100k entities and
1M relations. Prints ingest words/sec, store sizes, peak memory and p50/p95 per query; the last line is
`ingest_wps=… q1_p95_ms=… q2_p95_ms=… path_p95_ms=… search_p95_ms=…`.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.synthetic import articles, graph_extractions  # noqa: E402
from bench.timing import p50_p95, timed_ms  # noqa: E402
from explorer.ingest import ingest_documents  # noqa: E402
from explorer.store.sqlite import SQLiteStore  # noqa: E402


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def bench_ingest(folder: Path, count: int, words: int, workers: int | None) -> float:
    documents = list(articles(count, words_per_article=words))
    total_words = sum(len(d.text.split()) for d in documents)
    store = SQLiteStore.open(f"sqlite:///{folder / 'corpus.db'}")
    started = time.perf_counter()
    report = ingest_documents(documents, store, workers=workers)
    seconds = time.perf_counter() - started
    store.close()
    print(f"ingest: {len(documents)} articles, {total_words} words in {seconds:.1f} s; {report.summary()}")
    print(f"ingest store: {size_mb(folder / 'corpus.db'):.1f} MB; peak memory so far {peak_mb():.0f} MB")
    return total_words / seconds


def bench_queries(path: Path, entities: int, relations: int, samples: int) -> dict[str, float]:
    store = SQLiteStore.open(f"sqlite:///{path}")
    started = time.perf_counter()
    for extraction in graph_extractions(entities, relations):
        store.upsert_extraction(extraction)
    stats = store.stats()
    print(
        f"graph: {stats['entities']} entities, {stats['relations']} relations loaded in "
        f"{time.perf_counter() - started:.1f} s; {size_mb(path):.0f} MB; peak memory {peak_mb():.0f} MB"
    )
    rng = random.Random(5)
    ids = [f"s{rng.randrange(entities)}" for _ in range(samples)]
    prefixes = [e.name.split()[0][:5] for e in store.entities(ids)]
    queries = {
        "q1 (1-hop top 50)": [lambda i=i: store.neighbourhood(i, depth=1, limit=50) for i in ids],
        "q2 (2-hop capped at 200)": [lambda i=i: store.neighbourhood(i, depth=2, limit=200) for i in ids],
        "path (shortest, ≤ 4 hops)": [
            lambda a=a, b=b: store.paths(a, b, k=1, max_length=4) for a, b in zip(ids, reversed(ids), strict=True)
        ],
        "search": [lambda q=q: store.search(q, limit=20) for q in prefixes],
    }
    results = {}
    for label, calls in queries.items():
        p50, p95 = p50_p95(timed_ms(calls))
        results[label.split()[0]] = p95
        print(f"{label:28} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep-graph", type=Path, help="write the synthetic graph here and keep it (for bench/ui.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wps = bench_ingest(Path(folder), args.articles, args.words, args.workers)
        p95 = bench_queries(args.keep_graph or Path(folder) / "graph.db", args.entities, args.relations, args.samples)
    print(
        f"ingest_wps={wps:.0f} q1_p95_ms={p95['q1']:.1f} q2_p95_ms={p95['q2']:.1f} "
        f"path_p95_ms={p95['path']:.1f} search_p95_ms={p95['search']:.1f}"
    )


if __name__ == "__main__":
    main()
