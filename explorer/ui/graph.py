"""Draw a Subgraph with st-link-analysis: styles per type, legend, layout, and de-duplicated events.

Nodes and edges are not selectable: the component's info panel (which opens on a selection and covers a
quarter of the canvas, repeating the side panel) never opens, and its own expand (which drops new nodes on
top of each other and leaves the view unfitted) never runs. Clicks and double-clicks still reach Python as
events; the app marks the selected node itself and lays out and fits every new view. Edge data fields
would show in that panel as HTML, so they are escaped here all the same.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Collection, Iterable
from typing import Any

import networkx as nx
import streamlit as st

from explorer.model import CO_MENTIONED, Entity, Subgraph
from explorer.ui.markup import esc
from explorer.ui.theme import (
    CO_MENTION_COLOUR,
    HAND_COLOUR,
    TYPE_NAMES,
    relation_colour,
    type_colour,
    type_icon,
)
from explorer.ui.wording import edge_label

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the package warns about its own deprecated arguments on import
    from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis

# fcose lays out this many nodes in well under a second; above it positions come from networkx.
FCOSE_MAX_NODES = 150
EDGE_LENGTH, COMFORTABLE_NODES = 70, 14  # fcose's ideal edge length suits views of this many nodes and more
HAND_SIGN = "✎"  # after the caption of an edge holding a relation added by hand
CLICK_EVENT = "clicked_node"
EXPAND_EVENT = "expand_node"  # the component reserves "expand" for its own expansion
# Labels are drawn down to this on-screen size (the component hides them below 10 px, which on a view of a
# few dozen nodes leaves every link unlabelled).
LABEL_MIN_PX = 5


class TypeNodeStyle(NodeStyle):
    """NodeStyle keyed on the entity type (node data `type`), sized by mention count."""

    def dump(self) -> dict[str, Any]:
        dumped = super().dump()
        dumped["selector"] = f"node[type='{self.label}']"
        dumped["style"].update({"label": "data(label)", "border-color": "#ffffff", "border-width": 0.6})
        return dumped


class WeightedEdgeStyle(EdgeStyle):
    """EdgeStyle per relation type; line width follows the number of assertions."""

    def __init__(self, label: str, color: str, dashed: bool = False) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # EdgeStyle warns about `labeled` even when it is not used
            super().__init__(label, color=color, caption="label", directed=label != CO_MENTIONED)
        self.dashed = dashed

    def dump(self) -> dict[str, Any]:
        dumped = super().dump()
        dumped["selector"] = f"edge[type='{self.label}']"  # `label` holds the caption in words
        style = dumped["style"]
        style["width"] = "mapData(weight, 1, 8, 0.8, 4)"
        style["text-background-color"] = "#ffffff"
        style["color"] = "#4b5563"
        style["font-size"] = 3.6
        style["min-zoomed-font-size"] = LABEL_MIN_PX
        if self.dashed:
            style.update({"line-style": "dashed", "line-dash-pattern": [2, 2], "label": ""})
        return dumped


def plain_edge_style(label: str, **options: Any) -> EdgeStyle:
    """`EdgeStyle(label, **options)`, without the warning it gives about `labeled` even when it is not used."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return EdgeStyle(label, **options)


def node_styles(types: Iterable[str]) -> list[NodeStyle]:
    return [TypeNodeStyle(t, color=type_colour(t), icon=type_icon(t)) for t in sorted(set(types))]


def edge_styles(types: Iterable[str]) -> list[EdgeStyle]:
    return [WeightedEdgeStyle(t, relation_colour(t), dashed=t == CO_MENTIONED) for t in sorted(set(types))]


def _size(entity: Entity) -> float:
    # Bigger for more mentions, on a log scale so one dominant entity does not dwarf the rest.
    return round(16 + 6 * math.log1p(max(entity.mention_count, 0)), 1)


def elements(
    graph: Subgraph,
    positions: dict[str, tuple[float, float]] | None = None,
    focus: Iterable[str] = (),
    selected: str | None = None,
    hand: Collection[tuple[str, str, str]] = (),
) -> dict[str, Any]:
    """The component's element JSON for a subgraph; `focus` nodes get a ring, the `selected` one a halo,
    edges with a relation added by hand (`hand`: their source, target and type) a mark."""
    focus = set(focus)
    nodes = []
    for entity in graph.nodes:
        node: dict[str, Any] = {
            "data": {"id": entity.id, "label": entity.name, "type": entity.type},
            # Size, ring and halo as a style bypass and classes: the side panel, not the canvas, tells the rest.
            "style": {"width": _size(entity), "height": _size(entity)},
            "classes": _classes(entity.id in focus, entity.id == selected),
            "selectable": False,
        }
        if positions and entity.id in positions:
            x, y = positions[entity.id]
            node["position"] = {"x": x, "y": y}
        nodes.append(node)
    edges = [
        {
            "data": {
                "id": f"{e.source}|{e.target}|{e.type}",
                "source": e.source,
                "target": e.target,
                "label": edge_label(e.type) + (f" {HAND_SIGN}" if (e.source, e.target, e.type) in hand else ""),
                "type": e.type,
                "weight": e.weight,
                "labels": esc(", ".join(e.labels)),
            },
            "classes": "hand" if (e.source, e.target, e.type) in hand else "",
            "selectable": False,
        }
        for e in graph.edges
    ]
    return {"nodes": nodes, "edges": edges}


def _classes(focus: bool, picked: bool) -> str:
    return " ".join(name for name, on in (("focus", focus), ("picked", picked)) if on)


def layout(
    graph: Subgraph, version: str, positions: dict[str, tuple[float, float]] | None = None
) -> tuple[dict[str, Any], dict[str, tuple[float, float]] | None]:
    """fcose for small views, positions computed here for big ones (cose would freeze the browser) or when
    the caller has them.

    `version` goes into the layout options: the component only lays out again when they change.
    """
    if positions:
        return {"name": "preset", "fit": True, "padding": 30, "view": version}, positions
    if len(graph.nodes) <= FCOSE_MAX_NODES:
        options = {
            "name": "fcose",
            "animate": False,
            "fit": True,
            "padding": 24,
            "nodeDimensionsIncludeLabels": True,
            "idealEdgeLength": _edge_length(len(graph.nodes)),
            "nodeRepulsion": 9000,
            "quality": "default",
            "randomize": True,
            "view": version,
        }
        return options, None
    return {"name": "preset", "fit": True, "padding": 20, "view": version}, spring_positions(graph)


def _edge_length(nodes: int) -> int:
    """Longer edges for a handful of nodes: fitted to the frame, they would otherwise be drawn huge."""
    return round(EDGE_LENGTH * math.sqrt(max(1.0, COMFORTABLE_NODES / max(nodes, 1))))


def spring_positions(graph: Subgraph) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions (networkx), scaled to screen units; computed once per graph shape,
    not on every rerun."""
    nodes = tuple(n.id for n in graph.nodes)
    edges = tuple((e.source, e.target) for e in graph.edges)
    return dict(_spring_positions(nodes, edges))


@functools.lru_cache(maxsize=32)
def _spring_positions(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> dict[str, tuple[float, float]]:
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    if not g.number_of_nodes():
        return {}
    pos = nx.spring_layout(g, seed=7, iterations=60, k=1.6 / math.sqrt(g.number_of_nodes()))
    scale = 70 * math.sqrt(g.number_of_nodes())
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()}


def draw(
    graph: Subgraph,
    key: str,
    version: str,
    height: int = 620,
    actions: bool = True,
    on_change: Callable[[], None] | None = None,
    focus: Iterable[str] = (),
    positions: dict[str, tuple[float, float]] | None = None,
    selected: str | None = None,
    hand: Collection[tuple[str, str, str]] = (),
) -> Any:
    """Render the graph and return the component's last event (which repeats: see `fresh_event`).

    With `actions`, a double-click on a node sends an `EXPAND_EVENT`; the caller's new view gets a new
    `version`, so it is laid out afresh and fitted to the canvas.
    """
    options, positions = layout(graph, version, positions)
    events = [Event(CLICK_EVENT, "click tap", "node")]
    if actions:
        events.append(Event(EXPAND_EVENT, "dblclick dbltap", "node"))
    return st_link_analysis(
        elements(graph, positions, focus, selected, hand),
        layout=options,
        node_styles=[*node_styles(n.type for n in graph.nodes), _SIZE_STYLE, _FOCUS_STYLE, _PICKED_STYLE],
        edge_styles=[*edge_styles(e.type for e in graph.edges), _HAND_STYLE],
        height=height,
        key=key,
        on_change=on_change,
        events=events,
    )


class _SizeStyle:
    """Applies to every node: larger captions than the component's default (sizes are set per node)."""

    def dump(self) -> dict[str, Any]:
        return {
            "selector": "node",
            "style": {
                "font-size": 5,
                "min-zoomed-font-size": LABEL_MIN_PX,
                "text-max-width": 80,
                "text-wrap": "ellipsis",
                "text-outline-color": "#ffffff",
                "text-outline-width": 0.6,
            },
        }


class _FocusStyle:
    """A dark ring around the entity the view is about."""

    def dump(self) -> dict[str, Any]:
        return {"selector": "node.focus", "style": {"border-width": 2.2, "border-color": "#1f2937"}}


class _PickedStyle:
    """A soft halo around the node whose evidence the side panel shows (the component's own selection is off)."""

    def dump(self) -> dict[str, Any]:
        return {
            "selector": "node.picked",
            "style": {
                "overlay-color": "#2563eb",
                "overlay-opacity": 0.16,
                "overlay-padding": 5,
                "overlay-shape": "ellipse",
            },
        }


class _HandStyle:
    """Edges holding a relation an analyst added by hand: dotted, in their own colour."""

    def dump(self) -> dict[str, Any]:
        return {
            "selector": "edge.hand",
            "style": {"line-style": "dotted", "line-color": HAND_COLOUR, "target-arrow-color": HAND_COLOUR},
        }


_SIZE_STYLE: Any = _SizeStyle()
_HAND_STYLE: Any = _HandStyle()
_FOCUS_STYLE: Any = _FocusStyle()
_PICKED_STYLE: Any = _PickedStyle()


def fresh_event(value: Any, seen_key: str) -> dict[str, Any] | None:
    """The component's event if it is new: it sends its last event again on every rerun."""
    if not isinstance(value, dict) or "action" not in value:
        return None
    stamp = value.get("timestamp")
    if stamp is not None and st.session_state.get(seen_key) == stamp:
        return None
    st.session_state[seen_key] = stamp
    return value


def legend(graph: Subgraph) -> str:
    """HTML legend for the types present in the graph."""
    parts = [
        f"<span title='{esc(TYPE_NAMES.get(t, t))}'><span class='dot' style='background:{type_colour(t)}'>"
        f"</span>{esc(t)}</span>"
        for t in sorted({n.type for n in graph.nodes})
    ]
    for relation in sorted({e.type for e in graph.edges}):
        colour = CO_MENTION_COLOUR if relation == CO_MENTIONED else relation_colour(relation)
        label = "co-mentioned (same sentence)" if relation == CO_MENTIONED else edge_label(relation)
        parts.append(f"<span><span class='bar' style='background:{colour}'></span>{esc(label)}</span>")
    return f"<div class='xp-legend'>{''.join(parts)}</div>"
