"""Graph measures on a subgraph: co-mentions weigh half, the hub ranks first, communities biggest first."""

from __future__ import annotations

from explorer.analysis import Ranking, rank, to_networkx
from explorer.model import CO_MENTIONED, Edge, Entity, Subgraph


def _graph(edges: list[tuple[str, str, str, int]]) -> Subgraph:
    ids = sorted({n for a, b, _, _ in edges for n in (a, b)})
    return Subgraph(
        nodes=[Entity(id=i, name=i.upper(), type="ORG") for i in ids],
        edges=[Edge(source=a, target=b, type=t, weight=w) for a, b, t, w in edges],
    )


def test_co_mentions_count_half_and_edges_between_one_pair_add_up():
    g = to_networkx(_graph([("a", "b", "ATTACKED", 2), ("b", "a", CO_MENTIONED, 2), ("a", "a", "LEADS", 5)]))
    assert g.number_of_edges() == 1 and not g.has_edge("a", "a")
    assert g["a"]["b"]["weight"] == 3.0


def test_the_hub_ranks_first_and_communities_come_biggest_first():
    star = [("hub", leaf, "SUPPORTS", 1) for leaf in ("p", "q", "r", "s")]
    pair = [("x", "y", "LEADS", 3)]
    ranking = rank(_graph(star + pair), top=3)
    assert ranking.degree[0] == ("hub", 4)
    assert ranking.pagerank[0][0] == "hub" and len(ranking.pagerank) == 3
    assert [sorted(c) for c in ranking.communities] == [["hub", "p", "q", "r", "s"], ["x", "y"]]
    assert ranking.communities[0][0] == "hub"  # members by PageRank


def test_an_empty_graph_and_a_graph_without_edges_rank_nothing_together():
    assert rank(Subgraph()) == Ranking()
    lonely = rank(Subgraph(nodes=[Entity(id="a", name="A", type="ORG")]))
    assert lonely.pagerank == [("a", 0.0)] and lonely.communities == []
