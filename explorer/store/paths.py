"""Shortest paths between two entities for any backend that can list a node's neighbours.

Both ends grow a breadth-first ball (half the allowed length each); the edges seen form a small networkx
graph, pruned to the nodes that can lie on a path short enough (distance from one end plus distance to
the other within the limit), and `shortest_simple_paths` yields paths in order of length. Hubs are cut
to their heaviest neighbours so one very connected entity cannot make a query explode.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice, takewhile

import networkx as nx

FIRST_HOP_FAN_OUT = 300
FURTHER_FAN_OUT = 100
MAX_FAN_OUT = FIRST_HOP_FAN_OUT  # the most neighbours a backend ever needs to return for one node

Neighbours = Callable[[str], list[tuple[str, int]]]


def fan_out(level: int) -> int:
    """How many of a node's heaviest neighbours are followed, `level` hops away from an end."""
    return FIRST_HOP_FAN_OUT if level == 0 else FURTHER_FAN_OUT


def heaviest(pairs: list[tuple[str, int]], level: int) -> list[tuple[str, int]]:
    """The neighbours followed at this level, heaviest first (ties by id, so every backend agrees)."""
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[: fan_out(level)]


def k_shortest_paths(
    neighbours: Neighbours, source: str, target: str, k: int = 5, max_length: int = 4
) -> list[list[str]]:
    if source == target:
        return []
    graph = nx.Graph()
    _grow(graph, neighbours, source, radius=(max_length + 1) // 2)
    _grow(graph, neighbours, target, radius=max_length // 2)
    from_source = nx.single_source_shortest_path_length(graph, source, cutoff=max_length)
    if target not in from_source:
        return []
    to_target = nx.single_source_shortest_path_length(graph, target, cutoff=max_length)
    useful = [n for n, d in from_source.items() if d + to_target.get(n, max_length + 1) <= max_length]
    paths = nx.shortest_simple_paths(graph.subgraph(useful), source, target)
    return list(islice(takewhile(lambda path: len(path) - 1 <= max_length, paths), k))


def _grow(graph: nx.Graph, neighbours: Neighbours, start: str, radius: int) -> None:
    graph.add_node(start)
    seen, frontier = {start}, [start]
    for level in range(radius):
        next_frontier = []
        for node in frontier:
            for other, _weight in heaviest(neighbours(node), level):
                graph.add_edge(node, other)
                if other not in seen:
                    seen.add(other)
                    next_frontier.append(other)
        frontier = next_frontier
