"""Download the graph on screen: the current view as GraphML, GEXF, node-link JSON or neo4j-admin CSV."""

from __future__ import annotations

import streamlit as st

from explorer.export import FORMATS, MEDIA_TYPES, SUFFIXES, to_bytes, view_graph
from explorer.model import Subgraph
from explorer.store.base import GraphStore

LABELS = {
    "graphml": "GraphML (yEd, Gephi)",
    "gexf": "GEXF (Gephi)",
    "json": "JSON (D3, Cytoscape)",
    "csv": "CSV (neo4j-admin)",
}


def view_file(view: Subgraph, store: GraphStore | None, fmt: str) -> bytes:
    """The view in one format, edges with a few evidence sentences when a store is given."""
    return to_bytes(view_graph(view, store), fmt)


def download_view(view: Subgraph, store: GraphStore | None, key: str, name: str = "explorer-view") -> None:
    """A format picker and a download button for the view (one call from any page that shows a graph)."""
    left, right = st.columns([2, 1])
    fmt = left.selectbox("Format", FORMATS, format_func=LABELS.get, key=f"{key}_format", label_visibility="collapsed")
    right.download_button(
        "Download view",
        data=lambda: view_file(view, store, fmt),  # built on click: evidence for a big view costs queries
        file_name=f"{name}{SUFFIXES[fmt]}",
        mime=MEDIA_TYPES[fmt],
        key=f"{key}_download",
        icon=":material/download:",
    )
