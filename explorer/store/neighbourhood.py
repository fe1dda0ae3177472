"""The neighbourhood every backend draws: neighbours ranked by edge weight, hop by hop, within a node budget.

A backend supplies only how to sum the edge weights from a frontier to its neighbours, reading for each
node at most `fan_out(hop)` of its heaviest edges per direction (a hub's light tail cannot rank anyway);
choosing, capping and filtering are the same everywhere, so SQLite and Neo4j show the same picture.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from explorer.model import CO_MENTIONED, Edge, Entity, Subgraph

# Edges read per node and direction: all that can matter at the first hop, fewer when expanding further out.
FAN_OUT = 1000
FAN_OUT_FURTHER = 100

# frontier, hop number (0 = the entity's own neighbours), wanted relation types, co-mentions on?
WeightsOf = Callable[[list[str], int, set[str], bool], dict[str, int]]


def fan_out(hop: int) -> int:
    """How many of a node's heaviest edges (per direction, of the wanted types) count at this hop."""
    return FAN_OUT if hop == 0 else FAN_OUT_FURTHER


def heaviest_weights(edges: Iterable[tuple[str, bool, str, str, int]], hop: int) -> dict[str, int]:
    """Weights per neighbour from edges (node, outgoing?, neighbour, type, weight), keeping for each node
    and direction only its `fan_out(hop)` heaviest: what a backend that reads every edge returns."""
    sides: dict[tuple[str, bool], list[tuple[int, str, str]]] = {}
    for node, outgoing, other, type_, weight in edges:
        sides.setdefault((node, outgoing), []).append((weight, other, type_))
    weights: dict[str, int] = {}
    for side in sides.values():
        for weight, other, _ in sorted(side, key=lambda e: (-e[0], e[1], e[2]))[: fan_out(hop)]:
            weights[other] = weights.get(other, 0) + weight
    return weights


class NeighbourhoodFromWeights:
    """`GraphStore.neighbourhood` for a backend that defines `_neighbour_weights` (a `WeightsOf`) besides
    the `entity`, `entities` and `subgraph` reads of the contract."""

    _neighbour_weights: WeightsOf
    entity: Callable[[str], Entity | None]
    entities: Callable[[Iterable[str]], list[Entity]]
    subgraph: Callable[[Iterable[str], bool], Subgraph]

    def neighbourhood(
        self,
        entity_id: str,
        depth: int = 1,
        entity_types: Iterable[str] | None = None,
        relation_types: Iterable[str] | None = None,
        include_co_mentions: bool = True,
        min_weight: int = 1,
        limit: int = 50,
    ) -> Subgraph:
        if self.entity(entity_id) is None:
            return Subgraph()
        wanted_types, wanted_relations = set(entity_types or []), set(relation_types or [])
        chosen, frontier = [entity_id], [entity_id]
        for hop in range(max(1, min(depth, 3))):
            taken = set(chosen)
            weights = self._neighbour_weights(frontier, hop, wanted_relations, include_co_mentions)
            weights = {n: w for n, w in weights.items() if w >= min_weight and n not in taken}
            if wanted_types:
                weights = {e.id: weights[e.id] for e in self.entities(weights) if e.type in wanted_types}
            frontier = sorted(weights, key=lambda n: (-weights[n], n))[: max(0, limit - len(chosen))]
            chosen.extend(frontier)
            if not frontier or len(chosen) >= limit:
                break
        graph = self.subgraph(chosen, include_co_mentions)
        graph.edges = wanted_edges(graph.edges, wanted_relations, include_co_mentions, min_weight)
        return graph


def wanted_edges(
    edges: Iterable[Edge], relation_types: Collection[str], include_co_mentions: bool, min_weight: int
) -> list[Edge]:
    """The edges a neighbourhood's filters let through: of at least `min_weight` assertions, of the named
    relation types (every type when none is named), and co-mentions only when they are included."""
    return [
        e
        for e in edges
        if e.weight >= min_weight
        and (include_co_mentions if e.type == CO_MENTIONED else not relation_types or e.type in relation_types)
    ]
