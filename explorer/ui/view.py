"""The Explore view's state: which entity is in focus, what was expanded or removed, under which filters.

The app owns this state; the graph component only draws it and reports events. Every function here is
plain (no Streamlit), so expand and remove are tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from explorer.curation.actions import is_hand_made
from explorer.model import CO_MENTIONED, Edge, Subgraph
from explorer.store.base import EvidenceFilter, GraphStore
from explorer.store.neighbourhood import wanted_edges
from explorer.ui.wording import phrase

OWN_VOICE = "-"  # Filters.voice for what documents state themselves, not in reported speech
# Beyond this the browser stops being pleasant whatever the layout: expansions stop adding nodes.
MAX_VIEW_NODES = 500
# Two hops out, more nodes than this draw their names too small to read: the strongest are shown instead.
READABLE_AT_DEPTH_TWO = 24
EXPAND_EVENTS = ("expand", "expand_node")  # the component's own expansion, and a double-click


@dataclass(frozen=True)
class Filters:
    """What the analyst asked to see. Empty type tuples mean "all"."""

    entity_types: tuple[str, ...] = ()
    relation_types: tuple[str, ...] = ()
    co_mentions: bool = True
    min_weight: int = 1
    depth: int = 1
    max_nodes: int = 40
    voice: str = ""  # whose statements: "" everyone's, OWN_VOICE the documents' own, else one speaker's
    min_confidence: float = 0.0
    since: str = ""  # ISO dates: only what documents published in this range say
    until: str = ""

    @property
    def node_budget(self) -> int:
        """Nodes drawn: `max_nodes`, fewer two hops out (ranked by evidence, so the most telling stay)."""
        return self.max_nodes if self.depth == 1 else min(self.max_nodes, READABLE_AT_DEPTH_TWO)

    @property
    def evidence(self) -> EvidenceFilter:
        return EvidenceFilter(self.min_confidence, self.since or None, self.until or None)

    def changes(self) -> list[str]:
        """What differs from the defaults, in words: ["PERSON, ORG only", "no co-mentions", "depth 2"]."""
        default = Filters()
        said = []
        if self.entity_types:
            said.append(f"{', '.join(self.entity_types)} only")
        if self.relation_types:
            said.append(f"{', '.join(phrase(t) for t in self.relation_types)} only")
        if not self.co_mentions:
            said.append("no co-mentions")
        if self.min_weight != default.min_weight:
            said.append(f"weight ≥ {self.min_weight}")
        if self.depth != default.depth:
            said.append(f"depth {self.depth}")
        if self.max_nodes != default.max_nodes:
            said.append(f"at most {self.max_nodes} nodes")
        if self.voice:
            said.append("the documents' own voice" if self.voice == OWN_VOICE else f"according to {self.voice}")
        if self.min_confidence > 0:
            said.append(f"confidence ≥ {self.min_confidence:.2f}")
        if self.since or self.until:
            said.append(f"published {self.since or '…'} to {self.until or '…'}")
        return said


@dataclass
class GraphView:
    """The nodes on screen follow from these fields; `version` changes whenever a fresh layout is due."""

    focus: str
    expanded: list[str] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)
    selected: str | None = None
    version: int = 0


def open_view(entity_id: str) -> GraphView:
    return GraphView(focus=entity_id, selected=entity_id)


def expand(view: GraphView, node_id: str) -> GraphView:
    """Add the node's neighbours to the view (it becomes the selected node)."""
    expanded = view.expanded if node_id in view.expanded else [*view.expanded, node_id]
    return replace(view, expanded=expanded, selected=node_id, version=view.version + 1)


def remove(view: GraphView, node_ids: list[str]) -> GraphView:
    """Hide nodes (the focus stays: removing it would leave nothing to hang the view on)."""
    gone = {n for n in node_ids if n != view.focus}
    selected = view.focus if view.selected in gone else view.selected
    expanded = [n for n in view.expanded if n not in gone]
    return replace(view, removed=view.removed | gone, expanded=expanded, selected=selected)


def node_ids(store: GraphStore, view: GraphView, filters: Filters) -> list[str]:
    """The focus's neighbourhood plus each expanded node's neighbours, minus what was removed."""
    chosen = dict.fromkeys(_around(store, view.focus, filters, filters.depth, view.removed))
    for node in view.expanded:
        if len(chosen) >= MAX_VIEW_NODES:
            break
        for other in _around(store, node, filters, 1, view.removed):
            chosen.setdefault(other, None)
    return list(chosen)[:MAX_VIEW_NODES]


def _around(store: GraphStore, entity_id: str, filters: Filters, depth: int, removed: set[str]) -> list[str]:
    graph = store.neighbourhood(
        entity_id,
        depth=depth,
        entity_types=filters.entity_types or None,
        relation_types=filters.relation_types or None,
        include_co_mentions=filters.co_mentions,
        min_weight=filters.min_weight,
        # Ask for a few more so that removed nodes do not shrink the view below the cap.
        limit=filters.node_budget + len(removed),
    )
    ids = [n.id for n in graph.nodes if n.id not in removed]
    if entity_id not in ids:
        ids.insert(0, entity_id)
    return ids[: filters.node_budget]


def view_subgraph(store: GraphStore, view: GraphView, filters: Filters) -> Subgraph:
    """What the graph component is sent: the view's nodes and the edges the filters let through."""
    graph = store.subgraph(
        node_ids(store, view, filters), include_co_mentions=filters.co_mentions, evidence=filters.evidence
    )
    graph.edges = visible_edges(graph.edges, filters)
    if filters.voice:
        graph.edges = voiced_edges(store, graph.edges, filters.voice)
    # A node whose every link was filtered out would float unexplained: keep only the focus alone.
    linked = {view.focus} | {e.source for e in graph.edges} | {e.target for e in graph.edges}
    graph.nodes = [n for n in graph.nodes if n.id in linked]
    return graph


def hand_made(store: GraphStore) -> set[tuple[str, str, str]]:
    """The (source, target, type) of every edge an analyst added a relation to by hand: the graph marks them."""
    notes = [d.id for d in store.documents() if is_hand_made(d.id)]
    return {(r.source, r.target, r.type) for doc in notes for r in store.relations_in(doc)}


def visible_edges(edges: list[Edge], filters: Filters) -> list[Edge]:
    """Edges passing the filters; a co-mention is dropped where a typed relation already joins the pair."""
    kept = wanted_edges(edges, filters.relation_types, filters.co_mentions, filters.min_weight)
    typed_pairs = {frozenset((e.source, e.target)) for e in kept if e.type != CO_MENTIONED}
    return [e for e in kept if e.type != CO_MENTIONED or frozenset((e.source, e.target)) not in typed_pairs]


def in_voice(speaker: str, voice: str) -> bool:
    """Whether a statement reported from `speaker` ("" the document itself) is in the chosen voice."""
    return not voice or speaker == ("" if voice == OWN_VOICE else voice)


def voiced_edges(store: GraphStore, edges: list[Edge], voice: str) -> list[Edge]:
    """The edges reweighed to the statements made in `voice`; those with none left out."""
    kept = []
    for edge in edges:
        said = [
            r for r in store.relations_between(edge.source, edge.target)
            if (r.source, r.target, r.type) == (edge.source, edge.target, edge.type) and in_voice(r.speaker, voice)
        ]
        if said:
            kept.append(replace(edge, weight=len(said)))
    return kept


def apply_event(view: GraphView, event: dict) -> GraphView:
    """A graph component event (expand, remove, click) applied to the view."""
    action = event.get("action")
    data = event.get("data") or {}
    if action in EXPAND_EVENTS and (data.get("node_ids") or data.get("target_id")):
        return expand(view, (data.get("node_ids") or [data["target_id"]])[0])
    if action == "remove" and data.get("node_ids"):
        return remove(view, list(data["node_ids"]))
    if action == "clicked_node" and data.get("target_id"):
        return replace(view, selected=data["target_id"])
    return view
