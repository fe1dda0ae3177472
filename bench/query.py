"""Query latency on both backends over one synthetic graph: 1-hop top 50, 2-hop capped at 200, shortest
paths, search. Prints p50/p95 per query and ends with one `backend=… p95_ms=…` line per backend (the worst
p95 of its four queries).

    .venv/bin/python bench/query.py [--entities 5000] [--relations 50000] [--samples 200]
    .venv/bin/python bench/query.py --neo4j-url neo4j://host:7687   # an empty database; NEO4J_* credentials

Without --neo4j-url the Neo4j side runs on ArcadeDB's Bolt server (tests/bolt_server.py), a stand-in whose
figures say nothing about a real Neo4j server's.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import invented_name  # noqa: E402
from bench.timing import p50_p95, timed_ms  # noqa: E402
from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Mention, Relation  # noqa: E402
from explorer.store.base import GraphStore  # noqa: E402

TYPES = ["PERSON", "ORG", "GPE", "NORP", "LOC"]
KINDS = ["ATTACKED", "SUPPORTS", "MEMBER_OF", "LEADS", "NEGOTIATED_WITH", "MET_WITH", CO_MENTIONED, CO_MENTIONED]


def synthetic_graph(entities: int, relations: int, per_document: int = 100, seed: int = 5) -> list[Extraction]:
    """Resolved extractions holding `entities` entities and `relations` relations, hubs and a long tail."""
    rng = random.Random(seed)
    catalogue = []
    for n in range(entities):
        name = invented_name(rng, rng.choice((1, 2, 2, 3)))
        catalogue.append(Entity(f"b{n}", f"{name} {n}", TYPES[n % len(TYPES)], key=f"bench:{n}"))
    weights = [1 / (rank + 20) for rank in range(entities)]  # skewed, as in news
    extractions = []
    for number in range(relations // per_document):
        pairs = [tuple(rng.choices(range(entities), weights, k=2)) for _ in range(per_document)]
        pairs = [(a, b) for a, b in pairs if a != b]
        used = list(dict.fromkeys(i for pair in pairs for i in pair))
        text = f"Synthetic document {number}.\n" + ". ".join(catalogue[i].name for i in used) + "."
        doc = Document.from_text(text, source=f"bench/{number}")
        mentions, cursor = [], 0
        for i in used:
            start = doc.text.index(catalogue[i].name, cursor)
            cursor = start + len(catalogue[i].name)
            mentions.append(Mention(catalogue[i].id, doc.id, 1, start, cursor, catalogue[i].name))
        found = [
            Relation(catalogue[a].id, catalogue[b].id, rng.choice(KINDS), "verb", doc.id, n, "evidence", 0.5)
            for n, (a, b) in enumerate(pairs)
        ]
        ents = [Entity.from_dict({**catalogue[i].to_dict(), "mention_count": 1, "doc_count": 1}) for i in used]
        extractions.append(Extraction(doc, ents, mentions, found, []))
    return extractions


def bench(name: str, store: GraphStore, extractions: list[Extraction], samples: int) -> float:
    started = time.perf_counter()
    for extraction in extractions:
        store.upsert_extraction(extraction)
    stats = store.stats()
    print(
        f"{name}: loaded {stats['documents']} documents, {stats['entities']} entities, "
        f"{stats['relations']} relations in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    rng = random.Random(9)
    ids = sorted({m.entity for e in extractions for m in e.mentions})
    names = {e.id: e.name for x in extractions for e in x.entities}
    picks = [rng.choice(ids) for _ in range(samples)]
    pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(samples)]
    words = [_query_text(names[i], rng) for i in picks]
    queries: dict[str, Iterator[Callable[[], object]]] = {
        "1hop_top50": (lambda i=i: store.neighbourhood(i, depth=1, limit=50) for i in picks),
        "2hop_cap200": (lambda i=i: store.neighbourhood(i, depth=2, limit=200) for i in picks),
        "paths_k3_len4": (lambda p=p: store.paths(*p, k=3, max_length=4) for p in pairs),
        "search": (lambda w=w: store.search(w, limit=20) for w in words),
    }
    worst = 0.0
    for query, calls in queries.items():
        timings = timed_ms(calls)
        p50, p95 = p50_p95(timings)
        worst = max(worst, p95)
        print(f"backend={name} query={query} n={len(timings)} p50_ms={p50:.2f} p95_ms={p95:.2f}", flush=True)
    return worst


def _query_text(name: str, rng: random.Random) -> str:
    """A prefix of the name, or the name with one letter dropped (a typo)."""
    word = name.split()[0]
    if rng.random() < 0.5 or len(word) < 5:
        return word[: max(3, len(word) // 2)]
    cut = rng.randrange(1, len(word) - 1)
    return word[:cut] + word[cut + 1 :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=50000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--neo4j-url", help="bench this (empty) Neo4j database instead of ArcadeDB")
    args = parser.parse_args()
    extractions = synthetic_graph(args.entities, args.relations)
    print(
        f"synthetic graph: {args.entities} entities (drawn), {args.relations} relations, {len(extractions)} documents"
    )

    from explorer.store.neo4j import Neo4jStore
    from explorer.store.sqlite import SQLiteStore

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        sqlite = SQLiteStore.open(f"sqlite:///{Path(folder) / 'bench.db'}")
        results["sqlite"] = bench("sqlite", sqlite, extractions, args.samples)
        sqlite.close()
    if args.neo4j_url:
        neo4j = Neo4jStore.open(args.neo4j_url)
        results["neo4j"] = bench("neo4j", neo4j, extractions, args.samples)
        neo4j.close()
    else:
        from tests.bolt_server import BoltServer

        with BoltServer.start() as server:
            neo4j = server.open_store()
            print("neo4j: ArcadeDB Bolt server (stand-in for Neo4j)", flush=True)
            results["neo4j"] = bench("neo4j", neo4j, extractions, args.samples)
            neo4j.close()
    for backend, worst in results.items():
        print(f"backend={backend} p95_ms={worst:.2f}")


if __name__ == "__main__":
    main()
