"""UI render time: page load → Explore graph drawn, for the seed's most connected entity and a 300-node view.

Ingests seeds/ into a temporary store, adds a synthetic hub with 400 neighbours (so a 300-node view exists),
starts `explorer ui` and drives Debian's chromium. Last line: `first_graph_s=… big_graph_s=…`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Relation  # noqa: E402
from explorer.store import open_store  # noqa: E402
from tests.e2e.browser import chromium, ingest, serve, wait_for_graph, why_no_browser  # noqa: E402

HUB_NEIGHBOURS = 400
BIG_VIEW = 300
RUNS = 5


def synthetic_hub(url: str) -> str:
    """One hub entity linked to HUB_NEIGHBOURS others (and a ring among them); returns the hub's id."""
    store = open_store(url)
    doc = Document.from_text("Synthetic hub for the UI benchmark.", source="bench/ui.py")
    hub = Entity("bench-hub", "Benchmark Hub", "ORG", mention_count=HUB_NEIGHBOURS)
    others = [
        Entity(f"bench-{i}", f"Neighbour {i}", ("PERSON", "ORG", "GPE", "LOC")[i % 4], mention_count=1 + i % 7)
        for i in range(HUB_NEIGHBOURS)
    ]
    relations = [
        Relation(hub.id, o.id, "SUPPORTS" if i % 3 else CO_MENTIONED, "", doc.id, i, "bench", 0.5)
        for i, o in enumerate(others)
    ]
    relations += [
        Relation(others[i].id, others[(i + 1) % len(others)].id, CO_MENTIONED, "", doc.id, i, "bench", 0.3)
        for i in range(0, len(others), 2)
    ]
    store.upsert_extraction(Extraction(doc, [hub, *others], [], relations))
    store.close()
    return hub.id


def most_connected(url: str) -> str:
    store = open_store(url)
    best = max(store.top_entities(50), key=lambda e: len(store.neighbourhood(e.id, limit=1000).nodes))
    store.close()
    return best.id


def time_graph(browser, url: str, at_least: int) -> float:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    started = time.perf_counter()
    page.goto(url)
    wait_for_graph(page, at_least=at_least, timeout=60)
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", help="time the first graph on this store (bench/scale.py --keep-graph)")
    args = parser.parse_args()
    reason = why_no_browser()
    if reason:
        sys.exit(f"cannot run the UI benchmark: {reason}")
    if args.store:
        time_existing(args.store)
        return
    with tempfile.TemporaryDirectory(prefix="explorer-bench-ui-") as folder:
        url = f"sqlite:///{folder}/graph.db"
        ingest(url, str(ROOT / "seeds"))
        seed_entity = most_connected(url)
        seed_nodes = len(open_store(url).neighbourhood(seed_entity, limit=40).nodes)
        hub = synthetic_hub(url)
        with serve(url) as base, chromium() as browser:
            time_graph(browser, f"{base}/?entity={seed_entity}", 1)  # warm-up: Python imports, caches
            first = [time_graph(browser, f"{base}/?entity={seed_entity}", seed_nodes) for _ in range(RUNS)]
            big = [time_graph(browser, f"{base}/?entity={hub}&max={BIG_VIEW}", BIG_VIEW) for _ in range(RUNS)]
    print(f"seed entity {seed_entity}: {seed_nodes} nodes, runs {', '.join(f'{t:.2f}' for t in first)} s")
    print(f"synthetic hub: {BIG_VIEW} nodes, runs {', '.join(f'{t:.2f}' for t in big)} s")
    print(f"first_graph_s={statistics.median(first):.2f} big_graph_s={statistics.median(big):.2f}")


def time_existing(url: str) -> None:
    """Explore's first graph for the most mentioned entity of a large store (default view: 40 nodes)."""
    store = open_store(url)
    top = store.top_entities(1)[0].id
    nodes = len(store.neighbourhood(top, limit=40).nodes)
    store.close()
    with serve(url) as base, chromium() as browser:
        time_graph(browser, f"{base}/?entity={top}", 1)
        runs = [time_graph(browser, f"{base}/?entity={top}", nodes) for _ in range(RUNS)]
    print(f"{url}: entity {top}, {nodes} nodes, runs {', '.join(f'{t:.2f}' for t in runs)} s")
    print(f"first_graph_s={statistics.median(runs):.2f}")


if __name__ == "__main__":
    main()
