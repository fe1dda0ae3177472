"""Shortest paths between two entities for any backend that can list a node's neighbours.

Both ends grow a breadth-first ball (half the allowed length each), the edges seen are put in a small
networkx graph, and `shortest_simple_paths` yields the paths in order of length. Hubs are cut to their
heaviest neighbours so one very connected entity cannot make a query explode.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

import networkx as nx

MAX_FAN_OUT = 300

Neighbours = Callable[[str], list[tuple[str, int]]]


def k_shortest_paths(
    neighbours: Neighbours, source: str, target: str, k: int = 5, max_length: int = 4
) -> list[list[str]]:
    if source == target:
        return []
    graph = nx.Graph()
    _grow(graph, neighbours, source, radius=(max_length + 1) // 2)
    _grow(graph, neighbours, target, radius=max_length // 2)
    if source not in graph or target not in graph or not nx.has_path(graph, source, target):
        return []
    paths = nx.shortest_simple_paths(graph, source, target)
    return [path for path in islice(paths, k) if len(path) - 1 <= max_length]


def _grow(graph: nx.Graph, neighbours: Neighbours, start: str, radius: int) -> None:
    graph.add_node(start)
    seen, frontier = {start}, [start]
    for _ in range(radius):
        next_frontier = []
        for node in frontier:
            heaviest = sorted(neighbours(node), key=lambda pair: -pair[1])[:MAX_FAN_OUT]
            for other, _weight in heaviest:
                graph.add_edge(node, other)
                if other not in seen:
                    seen.add(other)
                    next_frontier.append(other)
        frontier = next_frontier
