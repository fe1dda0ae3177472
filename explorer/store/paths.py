"""The best-evidenced paths between two entities, for any backend that can list a node's edges.

Both ends grow a breadth-first ball (half the allowed length each); the edges seen form a small networkx
graph, pruned to the nodes that can lie on a path short enough (distance from one end plus distance to
the other within the limit). Paths are then ranked by the strength of the evidence on each hop, not by
their hop count: a hop costs less when a typed relation states it than when the two are only named in one
sentence, and less the more sentences state it; passing through a hub (an entity linked to very many
others, such as a country every article names) costs more. Hubs are cut to their heaviest neighbours so
one very connected entity cannot make a query explode. Demonyms and other NORP entities do not serve as
hops unless asked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from explorer.model import CO_MENTIONED

FIRST_HOP_FAN_OUT = 300
FURTHER_FAN_OUT = 100
MAX_FAN_OUT = FIRST_HOP_FAN_OUT  # the most neighbours a backend ever needs to return for one node
TYPED_STRENGTH = 4  # one typed statement counts as much as four co-mentions
HOP_COST = 0.25  # every hop costs this much however strong, so of two equally strong paths the shorter wins
HUB_COST = 0.35  # per natural-log unit of an intermediate entity's number of neighbours
CANDIDATES_READ = 200  # simple paths read, cheapest first, before giving up on finding k short enough

# A node's edges: (neighbour, relation type, number of assertions), one per type and direction.
Neighbours = Callable[[str], list[tuple[str, str, int]]]
Types = Callable[[list[str]], dict[str, str]]  # entity id → type, for the ids asked


@dataclass(frozen=True)
class PathOptions:
    """Which paths the analyst wants: `typed_only` leaves co-mentions out; `through_norp` lets demonyms
    and other NORP entities serve as hops."""

    typed_only: bool = False
    through_norp: bool = False


def fan_out(level: int) -> int:
    """How many of a node's heaviest neighbours are followed, `level` hops away from an end."""
    return FIRST_HOP_FAN_OUT if level == 0 else FURTHER_FAN_OUT


def heaviest(edges: Iterable[tuple[str, str, int]], level: int) -> list[tuple[str, int]]:
    """The neighbours followed at this level with their summed weight, heaviest first (ties by id, so every
    backend agrees)."""
    summed: dict[str, int] = {}
    for other, _type, weight in edges:
        summed[other] = summed.get(other, 0) + weight
    return sorted(summed.items(), key=lambda pair: (-pair[1], pair[0]))[: fan_out(level)]


def hop_strength(edges: Iterable[tuple[str, int]]) -> float:
    """What the statements joining two entities weigh: (type, assertions) per edge."""
    return sum(weight * (1 if kind == CO_MENTIONED else TYPED_STRENGTH) for kind, weight in edges)


def hop_cost(strength: float) -> float:
    """1.25 for one co-mention, about 0.67 for one typed statement, less for more."""
    return HOP_COST + 1 / (1 + math.log(max(strength, 1.0)))


def hub_cost(neighbours: int) -> float:
    return HUB_COST * math.log1p(neighbours)


def best_paths(
    neighbours: Neighbours,
    types: Types,
    source: str,
    target: str,
    k: int = 5,
    max_length: int = 4,
    options: PathOptions | None = None,
) -> list[list[str]]:
    """Up to k paths of at most `max_length` hops, best evidenced first."""
    options = options or PathOptions()
    if source == target:
        return []
    keep = _edge_filter(options)
    graph, read = nx.Graph(), {}
    _grow(graph, read, neighbours, keep, source, radius=(max_length + 1) // 2)
    _grow(graph, read, neighbours, keep, target, radius=max_length // 2)
    from_source = nx.single_source_shortest_path_length(graph, source, cutoff=max_length)
    if target not in from_source:
        return []
    to_target = nx.single_source_shortest_path_length(graph, target, cutoff=max_length)
    useful = [n for n, d in from_source.items() if d + to_target.get(n, max_length + 1) <= max_length]
    if not options.through_norp:
        kinds = types([n for n in useful if n not in (source, target)])
        useful = [n for n in useful if kinds.get(n) != "NORP"]
    weighted = _weighted(graph, read, set(useful), (source, target))
    paths = nx.shortest_simple_paths(weighted, source, target, weight="cost")
    short = (path for path in islice(paths, CANDIDATES_READ) if len(path) - 1 <= max_length)
    return list(islice(short, k))


def _edge_filter(options: PathOptions) -> Callable[[str], bool]:
    return (lambda kind: kind != CO_MENTIONED) if options.typed_only else (lambda kind: True)


# Per node whose edges were read: neighbour → the (type, assertions) of the edges joining them.
Read = dict[str, dict[str, list[tuple[str, int]]]]


def _grow(
    graph: nx.Graph, read: Read, neighbours: Neighbours, keep: Callable[[str], bool], start: str, radius: int
) -> None:
    """Add the ball of `radius` hops around `start`, keeping in `read` what each node's edges state."""
    graph.add_node(start)
    seen, frontier = {start}, [start]
    for level in range(radius):
        next_frontier = []
        for node in frontier:
            if node not in read:  # a node in both balls is read once
                read[node] = _edges_by_neighbour(neighbours(node), keep)
            summed = {other: sum(weight for _, weight in stated) for other, stated in read[node].items()}
            for other in sorted(summed, key=lambda o: (-summed[o], o))[: fan_out(level)]:
                graph.add_edge(node, other)
                if other not in seen:
                    seen.add(other)
                    next_frontier.append(other)
        frontier = next_frontier


def _edges_by_neighbour(
    edges: list[tuple[str, str, int]], keep: Callable[[str], bool]
) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    for other, kind, weight in edges:
        if keep(kind):
            found.setdefault(other, []).append((kind, weight))
    return found


def _weighted(ball: nx.Graph, read: Read, useful: set[str], ends: tuple[str, str]) -> nx.Graph:
    """The useful part of the ball with a cost on every edge: the hop's cost plus half the hub cost of each
    end that is not one of the path's ends (so a path pays each intermediate entity's hub cost once). A
    node's number of neighbours is read from the ball: all of them (up to the fan-out) for a node whose
    edges were read, those among the ball's nodes for one on its rim; either way a hub has many."""
    hub = {n: 0.0 if n in ends else hub_cost(ball.degree(n)) for n in useful}
    weighted = nx.Graph()
    weighted.add_nodes_from(useful)
    for a in useful:
        for b in ball.adj[a]:
            if b in useful and a < b:
                # read at one end at least (a hub's read may stop short of a light edge the other end has)
                stated = read.get(a, {}).get(b) or read.get(b, {}).get(a, [])
                weighted.add_edge(a, b, cost=hop_cost(hop_strength(stated)) + (hub[a] + hub[b]) / 2)
    return weighted
