"""The graph in standard formats: GraphML and GEXF (Gephi, yEd), node-link JSON (D3, Cytoscape), and CSV in
the layout `neo4j-admin database import` reads.

The whole store exports one edge per assertion (with its evidence sentence); a view exported from the
app keeps its aggregated edges (weight, labels) with a few evidence sentences each.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from explorer.model import CO_MENTIONED, RELATION_TYPES, Document, Entity, Relation, Subgraph
from explorer.store.base import GraphStore

FORMATS = ("graphml", "gexf", "json", "csv")
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": ".zip"}
MEDIA_TYPES = {
    "graphml": "application/xml",
    "gexf": "application/xml",
    "json": "application/json",
    "csv": "application/zip",
}
EVIDENCE_PER_EDGE = 3
LIST_SEPARATOR = "; "  # XML formats hold no lists; neo4j-admin splits arrays on ";"

NODE_HEADER = ["id:ID", "name", "type", ":LABEL", "aliases:string[]", "roles:string[]", "mention_count:int",
               "doc_count:int", "key"]  # fmt: skip
EDGE_HEADER = [":START_ID", ":END_ID", ":TYPE", "relation_type", "label", "doc", "sentence:int", "evidence",
               "confidence:float", "weight:int", "id"]  # fmt: skip


def store_graph(store: GraphStore, include_co_mentions: bool = True) -> nx.MultiDiGraph:
    """Every entity and every assertion in the store."""
    graph = nx.MultiDiGraph(name="explorer")
    for entity in store.iter_entities():
        graph.add_node(entity.id, **_node(entity))
    for document in store.documents():
        for relation in store.relations_in(document.id):
            if relation.type == CO_MENTIONED and not include_co_mentions:
                continue
            if relation.source in graph and relation.target in graph:
                attributes = _assertion(relation, document)
                graph.add_edge(relation.source, relation.target, key=relation.id, **attributes)
    return graph


def view_graph(view: Subgraph, store: GraphStore | None = None) -> nx.MultiDiGraph:
    """The entities and aggregated edges of a view; with a store, each edge carries evidence sentences."""
    graph = nx.MultiDiGraph(name="explorer view")
    for entity in view.nodes:
        graph.add_node(entity.id, **_node(entity))
    for edge in view.edges:
        if edge.source not in graph or edge.target not in graph:
            continue
        evidence: list[str] = []
        if store is not None:
            evidence = [
                r.evidence
                for r in store.relations_between(edge.source, edge.target)
                if r.type == edge.type and r.source == edge.source
            ][:EVIDENCE_PER_EDGE]
        graph.add_edge(
            edge.source,
            edge.target,
            key=f"{edge.source}|{edge.target}|{edge.type}",
            id=f"{edge.source}|{edge.target}|{edge.type}",
            type=edge.type,
            label=", ".join(edge.labels) or edge.type,
            labels=list(edge.labels),
            weight=edge.weight,
            evidence=evidence,
        )
    return graph


def to_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph in one format (csv: a zip of nodes.csv and relationships.csv)."""
    fmt = checked_format(fmt)
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in _csv_files(graph).items():
                archive.writestr(name, text)
        return buffer.getvalue()
    buffer = io.BytesIO()
    flat = _flattened(graph, edge_type="relation_type" if fmt == "gexf" else "type")
    if fmt == "graphml":
        nx.write_graphml(flat, buffer, encoding="utf-8")
    else:
        nx.write_gexf(flat, buffer, encoding="utf-8")
    return buffer.getvalue()


def write(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write the graph to `out` (csv: a folder with nodes.csv and relationships.csv); the files written."""
    fmt = checked_format(fmt)
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in _csv_files(graph).items():
            (out / name).write_text(text, encoding="utf-8")
            written.append(out / name)
        return written
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(to_bytes(graph, fmt))
    return [out]


def checked_format(fmt: str) -> str:
    """The format's name in lower case; ValueError when it is not one of FORMATS."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


def _node(entity: Entity) -> dict[str, Any]:
    return {
        "label": entity.name,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "roles": list(entity.roles),
        "mention_count": entity.mention_count,
        "doc_count": entity.doc_count,
        "key": entity.key,
    }


def _assertion(relation: Relation, document: Document) -> dict[str, Any]:
    return {
        "id": relation.id,
        "type": relation.type,
        "label": relation.label or relation.type,
        "doc": relation.doc,
        "doc_title": document.title,
        "doc_published": document.published or "",
        "doc_outlet": document.outlet,
        "sentence": relation.sentence,
        "evidence": relation.evidence,
        "confidence": float(relation.confidence),
        "weight": 1,
    }


def _flattened(graph: nx.MultiDiGraph, edge_type: str = "type") -> nx.MultiDiGraph:
    """A copy whose attribute values are all scalars (GraphML and GEXF hold no lists or None) and whose text
    XML can hold. GEXF reserves an edge's `type` for directed/undirected, so the relation type moves to
    `edge_type` there."""
    flat = nx.MultiDiGraph(name=graph.graph.get("name", "explorer"))
    for node, data in graph.nodes(data=True):
        flat.add_node(_xml_text(node), **{k: _scalar(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        attributes = {(edge_type if k == "type" else k): _scalar(v) for k, v in data.items()}
        flat.add_edge(_xml_text(source), _xml_text(target), key=_xml_text(key), **attributes)
    return flat


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return _xml_text(LIST_SEPARATOR.join(str(v) for v in value))
    return _xml_text(value)


# What XML 1.0 cannot hold at all, even escaped: control characters other than tab and line ends,
# lone surrogates, U+FFFE and U+FFFF. Reading cleans text already; a store loaded or curated otherwise may not be.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: Any) -> Any:
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def _csv_files(graph: nx.MultiDiGraph) -> dict[str, str]:
    nodes = _csv_text(
        NODE_HEADER,
        (
            [
                node,
                data.get("name", ""),
                data.get("type", ""),
                f"Entity;{data.get('type', '')}",
                _array(data.get("aliases", [])),
                _array(data.get("roles", [])),
                data.get("mention_count", 0),
                data.get("doc_count", 0),
                data.get("key", ""),
            ]
            for node, data in graph.nodes(data=True)
        ),
    )
    edges = _csv_text(
        EDGE_HEADER,
        (
            [
                source,
                target,
                data["type"] if data.get("type") in RELATION_TYPES else "RELATED_TO",
                data.get("type", ""),
                data.get("label", ""),
                data.get("doc", ""),
                data.get("sentence", ""),
                _scalar(data.get("evidence", "")),
                data.get("confidence", ""),
                data.get("weight", 1),
                data.get("id", key),
            ]
            for source, target, key, data in graph.edges(keys=True, data=True)
        ),
    )
    return {"nodes.csv": nodes, "relationships.csv": edges}


def _array(values: Iterable[str]) -> str:
    return ";".join(str(v).replace(";", ",") for v in values)


def _csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
