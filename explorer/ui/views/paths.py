"""Paths: how two entities connect: up to five paths, best evidenced first, drawn, with the evidence for every
hop."""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from explorer.model import CO_MENTIONED, Edge, Entity, Relation, Subgraph
from explorer.store.base import GraphStore, typed_first
from explorer.store.paths import PathOptions
from explorer.ui import graph as graph_ui
from explorer.ui import wording
from explorer.ui.evidence import EvidenceWriter
from explorer.ui.markup import badge, entity_link, esc
from explorer.ui.search import entity_from_url, entity_search
from explorer.ui.view import hand_made

MAX_PATHS = 5
EVIDENCE_PER_HOP = 3
HOP_WIDTH, ROW_HEIGHT = 160, 70  # graph units between the columns and rows of a paths drawing


def render(store: GraphStore) -> None:
    st.markdown("### :material/route: Paths")
    left, right = st.columns(2)
    with left:
        source = endpoint(store, "from", "From")
    with right:
        target = endpoint(store, "to", "To")
    if source is None or target is None:
        st.caption("Pick two entities to see how they connect.")
        return
    if source.id == target.id:
        st.info("Pick two different entities.")
        return
    length, typed, norp = st.columns([2, 2, 3], vertical_alignment="bottom")
    max_length = length.slider("Maximum hops", 1, 4, 4, key="paths_max_length")
    options = PathOptions(
        typed_only=typed.toggle("Typed relations only", key="paths_typed_only", help="Leave co-mentions out."),
        through_norp=norp.toggle(
            "Through nationalities and groups",
            key="paths_through_norp",
            help="Let demonyms and other NORP entities (“Iranian”, “Shia”) serve as hops.",
        ),
    )
    paths = store.paths(source.id, target.id, k=MAX_PATHS, max_length=max_length, options=options)
    if not paths:
        st.info(f"No path of at most {max_length} hops joins {esc(source.name)} and {esc(target.name)}.")
        return
    st.caption("Best evidenced first: typed relations before co-mentions, more sentences before fewer, hubs last.")
    graph = paths_subgraph(store, paths)
    st.markdown(graph_ui.legend(graph), unsafe_allow_html=True)
    graph_ui.draw(
        graph,
        key="paths_graph",
        version=f"{source.id}|{target.id}|{max_length}|{options}",
        height=420,
        actions=False,
        focus=[source.id, target.id],
        positions=path_positions(paths),
        hand=hand_made(store),
    )
    writer = EvidenceWriter(store)
    names = {e.id: e for e in graph.nodes}
    between = functools.cache(store.relations_between)  # paths share hops: each one read once per run
    for number, path in enumerate(paths, start=1):
        hops = len(path) - 1
        with st.expander(
            f"Path {number} · {hops} hop{'s' * (hops != 1)}: "
            + " → ".join(esc(names[n].name if n in names else n) for n in path),
            expanded=number == 1,
        ):
            for a, b in zip(path, path[1:], strict=False):
                hop(between, writer, names, a, b)


def endpoint(store: GraphStore, param: str, label: str) -> Entity | None:
    entity = entity_from_url(store, param)
    if entity is not None:
        st.markdown(
            f"**{label}:** {entity_link(entity.id, entity.name, entity.type)} {badge(entity.type)}",
            unsafe_allow_html=True,
        )
    else:
        st.markdown(f"**{label}:**")
    entity_search(store, param=param, key=f"paths_{param}", label=label)
    return entity


def paths_subgraph(store: GraphStore, paths: list[list[str]]) -> Subgraph:
    """The entities on the paths and only the edges along them."""
    ids = list(dict.fromkeys(n for path in paths for n in path))
    hops = {frozenset(pair) for path in paths for pair in zip(path, path[1:], strict=False)}
    full = store.subgraph(ids)
    edges: dict[frozenset[str], Edge] = {}
    for edge in typed_first(full.edges):  # one edge per hop: the most telling
        edges.setdefault(frozenset((edge.source, edge.target)), edge)
    return Subgraph(nodes=full.nodes, edges=[edge for pair, edge in edges.items() if pair in hops])


def path_positions(paths: list[list[str]]) -> dict[str, tuple[float, float]]:
    """Left to right: the start on the left, the end on the right, every other entity at its fewest hops from
    the start, those at the same distance stacked in the order the paths name them."""
    start, end = paths[0][0], paths[0][-1]
    longest = max(len(path) for path in paths) - 1
    column = {start: 0, end: longest}
    for path in paths:
        for index, node in enumerate(path[1:-1], start=1):
            column[node] = min(column.get(node, index), index)
    stacks: dict[int, list[str]] = {}
    for node, at in column.items():
        stacks.setdefault(at, []).append(node)
    positions = {}
    for at, nodes in stacks.items():
        for row, node in enumerate(nodes):
            positions[node] = (at * HOP_WIDTH, (row - (len(nodes) - 1) / 2) * ROW_HEIGHT)
    return positions


def hop(
    between: Callable[[str, str], list[Relation]], writer: EvidenceWriter, names: dict[str, Entity], a: str, b: str
) -> None:
    relations = typed_first(between(a, b))
    first, second = names.get(a), names.get(b)
    kinds = sorted({wording.hop(r.type, r.source == a) for r in relations if r.type != CO_MENTIONED})
    kinds = kinds or [wording.phrase(CO_MENTIONED)]
    st.markdown(
        f"<div class='xp-hop'>{entity_link(a, first.name if first else a, first.type if first else None)} "
        f"<span class='xp-rel'>{esc(' / '.join(kinds))}</span> "
        f"{entity_link(b, second.name if second else b, second.type if second else None)}</div>",
        unsafe_allow_html=True,
    )
    st.markdown(writer.relations(relations[:EVIDENCE_PER_HOP]), unsafe_allow_html=True)
