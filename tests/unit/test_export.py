"""Export: GraphML and GEXF read back with the same nodes and edges; JSON node-link; neo4j-admin CSV."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest

from explorer.export import EDGE_HEADER, NODE_HEADER, store_graph, to_bytes, view_graph, write
from explorer.store.sqlite import SQLiteStore
from tests.factories import ACME, GLOBEX, HOOLI, sample_extractions


@pytest.fixture
def loaded(tmp_path):
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    yield store
    store.close()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_read_back_with_the_same_counts(loaded, fmt, tmp_path):
    graph = store_graph(loaded)
    stats = loaded.stats()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (stats["entities"], stats["relations"])
    (path,) = write(graph, fmt, tmp_path / f"graph.{fmt}")
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (stats["entities"], stats["relations"])
    acme = back.nodes[ACME]
    assert (acme["type"], acme["aliases"], acme["mention_count"]) == ("ORG", "Acme", 1)
    relation_type = "type" if fmt == "graphml" else "relation_type"  # GEXF's own `type` is the edge kind
    evidence = [d["evidence"] for _, _, d in back.edges(data=True) if d.get(relation_type) == "ACQUIRED"]
    assert evidence and evidence[0].startswith("Acme Corporation (Acme) agreed to acquire Globex")


def test_json_is_node_link_with_lists_kept(loaded):
    data = json.loads(to_bytes(store_graph(loaded, include_co_mentions=False), "json"))
    assert {"nodes", "links"} <= set(data)
    assert len(data["links"]) == loaded.stats()["typed_relations"]
    acme = next(n for n in data["nodes"] if n["id"] == ACME)
    assert acme["aliases"] == ["Acme"]
    assert all({"source", "target", "type", "evidence", "doc"} <= set(link) for link in data["links"])


def test_csv_has_the_neo4j_admin_import_layout(loaded, tmp_path):
    files = write(store_graph(loaded), "csv", tmp_path / "csv")
    nodes = list(csv.reader(files[0].open(encoding="utf-8")))
    edges = list(csv.reader(files[1].open(encoding="utf-8")))
    assert nodes[0][:4] == ["id:ID", "name", "type", ":LABEL"] and nodes[0] == NODE_HEADER
    assert edges[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and edges[0] == EDGE_HEADER
    assert len(nodes) - 1 == loaded.stats()["entities"] and len(edges) - 1 == loaded.stats()["relations"]
    acme = next(row for row in nodes if row[0] == ACME)
    assert acme[3] == "Entity;ORG"
    archive = zipfile.ZipFile(io.BytesIO(to_bytes(store_graph(loaded), "csv")))
    assert sorted(archive.namelist()) == ["nodes.csv", "relationships.csv"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_a_view_exports_to_bytes_in_every_format(loaded, fmt):
    view = loaded.neighbourhood(GLOBEX)
    graph = view_graph(view, loaded)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(view.nodes), len(view.edges))
    sued = next(d for u, v, d in graph.edges(data=True) if (u, v, d["type"]) == (GLOBEX, HOOLI, "SUED"))
    assert sued["evidence"] == ["Globex filed a lawsuit against Hooli in France in May."]
    data = to_bytes(graph, fmt)
    assert data
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(data))
        assert back.number_of_edges() == len(view.edges)


def test_unknown_format_is_refused(loaded):
    with pytest.raises(ValueError, match="unknown export format"):
        to_bytes(store_graph(loaded), "pdf")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_stay_well_formed_with_control_characters_in_the_data(tmp_path, fmt):
    """Reading cleans control characters, but a store can get them otherwise (explorer load, a rename)."""
    from xml.etree import ElementTree

    from explorer.model import Document, Entity, Extraction, Mention, Relation

    text = "Esc\x1b[31mCorp met Nul\x00Ltd in town."
    doc = Document.from_text(text, source="feed\x1b[2J.txt")
    doc.title = "Title\x1b]0;x\x07"
    entities = [Entity("e1", "Esc\x1b[31mCorp", "ORG", ["E\x0bC"], 1, 1), Entity("e2", "Nul\x00Ltd", "ORG", [], 1, 1)]
    mentions = [Mention("e1", doc.id, 0, 0, 12, text[:12]), Mention("e2", doc.id, 0, 17, 24, text[17:24])]
    relations = [Relation("e1", "e2", "MET_WITH", "meet\x00", doc.id, 0, text, 0.9)]
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    store.upsert_extraction(Extraction(doc, entities, mentions, relations))
    (path,) = write(store_graph(store), fmt, tmp_path / f"graph.{fmt}")
    store.close()
    ElementTree.parse(path)  # well-formed
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert sorted(d["name"] for _, d in back.nodes(data=True)) == ["Esc[31mCorp", "NulLtd"]
    assert [d["evidence"] for _, _, d in back.edges(data=True)] == ["Esc[31mCorp met NulLtd in town."]
