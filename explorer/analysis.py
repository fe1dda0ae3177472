"""Graph measures (degree, PageRank, communities) with networkx, on a bounded subgraph, never the whole store:
what the Overview page shows, kept apart from it so any reader (a page, the CLI, a bench) can rank."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from explorer.model import CO_MENTIONED, Subgraph


@dataclass
class Ranking:
    degree: list[tuple[str, int]] = field(default_factory=list)
    pagerank: list[tuple[str, float]] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)  # biggest first, members by PageRank


def to_networkx(graph: Subgraph, co_mention_weight: float = 0.5) -> nx.Graph:
    """An undirected weighted graph; co-mentions count for less than stated relations."""
    g = nx.Graph()
    g.add_nodes_from(n.id for n in graph.nodes)
    for edge in graph.edges:
        if edge.source == edge.target:
            continue
        weight = edge.weight * (co_mention_weight if edge.type == CO_MENTIONED else 1.0)
        previous = g.get_edge_data(edge.source, edge.target, {}).get("weight", 0.0)
        g.add_edge(edge.source, edge.target, weight=previous + weight)
    return g


def rank(graph: Subgraph, top: int = 15) -> Ranking:
    """The `top` entities by degree and by PageRank, and every community of two or more (Louvain, seeded)."""
    g = to_networkx(graph)
    if g.number_of_nodes() == 0:
        return Ranking()
    degree = sorted(((n, int(d)) for n, d in g.degree()), key=lambda pair: (-pair[1], pair[0]))
    pagerank = nx.pagerank(g, weight="weight") if g.number_of_edges() else {n: 0.0 for n in g}
    by_rank = sorted(pagerank.items(), key=lambda pair: (-pair[1], pair[0]))
    communities: list[list[str]] = []
    if g.number_of_edges():
        found = nx.community.louvain_communities(g, weight="weight", seed=1)
        communities = [sorted(c, key=lambda n: -pagerank[n]) for c in found if len(c) > 1]
        communities.sort(key=len, reverse=True)
    return Ranking(degree=degree[:top], pagerank=by_rank[:top], communities=communities)
