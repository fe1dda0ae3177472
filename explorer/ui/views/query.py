"""Query: the analyst's own read-only Cypher against a Neo4j store, shown as a table and as a graph.

The page never judges a query by its text: the store (a `ReadQueryConsole`) runs it under the database's
own guards (explorer/store/read_query.py) and refuses anything that would write or did; every query has a
time-out and a row cap. The logic is in plain functions (`execute`, `table_rows`, `graph_elements`) so it
is tested without a browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from explorer.store.base import GraphStore, StoreError
from explorer.store.read_query import ReadQueryConsole
from explorer.ui.graph import EdgeStyle, NodeStyle, plain_edge_style, st_link_analysis
from explorer.ui.markup import esc

EXAMPLE = "MATCH (a:Entity)-[r]->(b:Entity)\nWHERE r.type <> 'CO_MENTIONED'\nRETURN a, r, b\nLIMIT 50"
DEFAULT_ROWS = 200
MAX_ROWS = 5000
DEFAULT_TIMEOUT = 10
MAX_GRAPH_NODES = 500
NEEDS_NEO4J = "Cypher queries need a Neo4j store (EXPLORER_STORE=neo4j://…)."
PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563"]


@dataclass
class QueryOutcome:
    """What the page shows for one query: an error message, or columns and rows (driver values)."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False
    error: str = ""


def execute(store: Any, cypher: str, max_rows: int = DEFAULT_ROWS, timeout: float = DEFAULT_TIMEOUT) -> QueryOutcome:
    """Run one query through the store's guards; a refusal or a store problem comes back as a message."""
    if not isinstance(store, ReadQueryConsole):
        return QueryOutcome(error=NEEDS_NEO4J)
    if not cypher.strip():
        return QueryOutcome(error="Type a Cypher query.")
    max_rows = max(1, min(int(max_rows), MAX_ROWS))
    try:
        result = store.run_read_query(cypher, timeout=float(timeout), max_rows=max_rows)
    except StoreError as error:
        return QueryOutcome(error=str(error))
    return QueryOutcome(result.columns, result.rows, result.truncated)


def table_rows(outcome: QueryOutcome) -> list[dict[str, str | int | float | bool | None]]:
    """Rows as flat values a table can show: graph objects as short Cypher-like text, lists as JSON."""
    return [{column: _cell(value) for column, value in zip(outcome.columns, row, strict=False)} for row in outcome.rows]


def _cell(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _text(value)


def _text(value: Any) -> str:
    kind = _graph_kind(value)
    if kind == "node":
        return f"({''.join(':' + label for label in sorted(value.labels))} {_caption(value)})"
    if kind == "relationship":
        return f"[:{value.type}]"
    if kind == "path":
        return " ".join(_text(part) for part in _path_parts(value))
    if isinstance(value, list | tuple):
        return json.dumps([_plain(v) for v in value], ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps({k: _plain(v) for k, v in value.items()}, ensure_ascii=False)
    return str(value)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return _text(value)


def graph_elements(outcome: QueryOutcome, max_nodes: int = MAX_GRAPH_NODES) -> dict[str, list[dict[str, Any]]]:
    """Nodes, relationships and paths found anywhere in the rows, as st-link-analysis elements."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}

    def add_node(node: Any) -> None:
        if node.element_id not in nodes and len(nodes) < max_nodes:
            properties = dict(node.items())
            nodes[node.element_id] = {
                "data": {
                    **_panel(properties),
                    "id": node.element_id,
                    "label": _node_label(node),
                    "name": _caption(node),
                }
            }

    def add(value: Any) -> None:
        kind = _graph_kind(value)
        if kind == "node":
            add_node(value)
        elif kind == "relationship":
            add_node(value.start_node)
            add_node(value.end_node)
            if value.start_node.element_id in nodes and value.end_node.element_id in nodes:
                label = value.get("type") or value.type
                edges[value.element_id] = {
                    "data": {
                        **_panel(dict(value.items())),
                        "id": value.element_id,
                        "source": value.start_node.element_id,
                        "target": value.end_node.element_id,
                        "label": str(label),
                    }
                }
        elif kind == "path":
            for part in _path_parts(value):
                add(part)
        elif isinstance(value, list | tuple):
            for item in value:
                add(item)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)

    for row in outcome.rows:
        for value in row:
            add(value)
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


# Long or internal properties kept out of the graph's info panel (the table still has everything).
_HIDDEN = {"text", "search_words", "alias_rules", "alias_scores", "sentences", "starts", "ends", "texts"}
# Element data keys the component needs for itself; properties of those names are shown renamed.
_RESERVED = {"id", "label", "name", "source", "target"}


def _panel(properties: dict[str, Any]) -> dict[str, Any]:
    """Properties for the info panel, never overwriting the element's own id, label and ends."""
    return {
        (f"{key} (property)" if key in _RESERVED else key): _plain(value)
        for key, value in properties.items()
        if key not in _HIDDEN
    }


def _graph_kind(value: Any) -> str | None:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return "node"
    if isinstance(value, Relationship):
        return "relationship"
    if isinstance(value, Path):
        return "path"
    return None


def _path_parts(path: Any) -> list[Any]:
    parts: list[Any] = [path.start_node]
    for relationship in path.relationships:
        parts += [relationship, relationship.end_node]
    return parts


def _node_label(node: Any) -> str:
    """An entity's type (PERSON, ORG …) when it has one, else its first label."""
    kind = node.get("type")
    if "Entity" in node.labels and isinstance(kind, str):
        return kind
    return sorted(node.labels)[0] if node.labels else "node"


def _caption(node: Any) -> str:
    for key in ("name", "title", "label", "id"):
        if node.get(key) is not None:
            return str(node.get(key))
    return node.element_id


def styles(elements: dict[str, list[dict[str, Any]]]) -> tuple[list[NodeStyle], list[EdgeStyle]]:
    labels = sorted({n["data"]["label"] for n in elements["nodes"]})
    types = sorted({e["data"]["label"] for e in elements["edges"]})
    node_styles = [NodeStyle(label, PALETTE[n % len(PALETTE)], "name") for n, label in enumerate(labels)]
    edge_styles = [plain_edge_style(kind, caption="label", directed=True) for kind in types]
    return node_styles, edge_styles


def render(store: GraphStore) -> None:
    st.markdown("### :material/terminal: Query")
    if not isinstance(store, ReadQueryConsole):
        st.info(NEEDS_NEO4J)
        return
    st.caption(
        "Read-only Cypher: the database must plan the query as a read, it runs in a read transaction that "
        "is always rolled back, and a query that changed anything is refused; every query has a time-out "
        "and a row cap. Entities are `(:Entity)`, documents `(:Document)`, assertions are relationships "
        "between entities with `type`, `label`, `evidence`."
    )
    cypher = st.text_area("Cypher", value=EXAMPLE, height=140, key="query_cypher")
    left, right, button = st.columns([2, 2, 1], vertical_alignment="bottom")
    max_rows = left.number_input("Row cap", 1, MAX_ROWS, DEFAULT_ROWS, step=50, key="query_max_rows")
    timeout = right.number_input("Time-out (s)", 1, 120, DEFAULT_TIMEOUT, key="query_timeout")
    if button.button("Run", type="primary", key="query_run", width="stretch"):
        st.session_state["query_outcome"] = execute(store, cypher, int(max_rows), float(timeout))
    outcome: QueryOutcome | None = st.session_state.get("query_outcome")
    if outcome is None:
        return
    if outcome.error:
        st.error(esc(outcome.error), icon="⛔")  # the database may quote the query
        return
    shown = f"{len(outcome.rows)} rows" + (f" (capped at {len(outcome.rows)})" if outcome.truncated else "")
    st.caption(shown)
    table_tab, graph_tab = st.tabs(["Table", "Graph"])
    with table_tab:
        st.dataframe(table_rows(outcome), width="stretch", hide_index=True)
    with graph_tab:
        elements = graph_elements(outcome)
        if not elements["nodes"]:
            st.caption("Return nodes, relationships or paths to see them drawn.")
        else:
            node_styles, edge_styles = styles(elements)
            layout = "fcose" if len(elements["nodes"]) <= 300 else "grid"
            st_link_analysis(elements, layout, node_styles, edge_styles, height=520, key="query_graph")
