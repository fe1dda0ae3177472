"""The Curate page: candidates with merge buttons, one entity's actions, history with undo; names escaped."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile

import networkx as nx
import pytest
import streamlit as st

from explorer.export import FORMATS
from explorer.model import Document, Entity, Extraction, Mention
from explorer.store import open_store
from explorer.ui.download import view_file
from explorer.ui.views.curate import FLASH
from tests.factories import ACME, GLOBEX, HOOLI
from tests.ui.conftest import EVIL, EVIL_NAME, PMF, all_text


@pytest.fixture
def with_duplicates(store_url):
    """One more article that names two known entities differently, so there are candidates to merge."""
    doc = Document.from_text("Sudani meets Acme Corp\nSudani met Acme Corp in Baghdad.", source="tests/dup.txt")
    entities = [Entity("e-sudani-2", "Sudani", "PERSON", [], 1, 1), Entity("e-acme-2", "Acme Corp", "ORG", [], 1, 1)]
    mentions = []
    for entity in entities:
        start = doc.text.index(entity.name, doc.text.index("\n"))
        mentions.append(Mention(entity.id, doc.id, 0, start, start + len(entity.name), entity.name))
    store = open_store(store_url)
    store.upsert_extraction(Extraction(doc, entities, mentions))
    store.close()
    return store_url


def test_merge_a_candidate_then_undo(page, with_duplicates):
    store = open_store(with_duplicates)
    at = page("curate")
    assert not at.exception
    keep = next(b for b in at.button if b.key and b.key.startswith("cand_keep_a_"))
    keep.click().run()
    assert not at.exception
    assert any("Done: merged" in str(s.value) for s in at.success)
    assert [a.kind for a in store.curation_log()] == ["merge"]

    at.button(key="curate_undo").click().run()
    assert any("Undone" in str(s.value) for s in at.success)
    assert store.curation_log() == []
    store.close()


def test_not_the_same_hides_the_pair(page, with_duplicates):
    at = page("curate")
    shown = sum(1 for b in at.button if b.key and b.key.startswith("cand_distinct_"))
    at.button(key="cand_distinct_0").click().run()
    assert sum(1 for b in at.button if b.key and b.key.startswith("cand_distinct_")) == shown - 1
    store = open_store(with_duplicates)
    (action,) = store.curation_log()
    assert (action.kind, action.payload["judgement"]) == ("judge", "negative")
    store.close()


def test_rename_retype_split_merge_delete_one_entity(page, store_url):
    at = page("curate", entity=PMF)
    at.text_input(key="curate_reason").input("checked the source")
    at.text_input(key=f"rename_{PMF}").input("Popular Mobilisation Forces").run()
    at.button(key=f"do_rename_{PMF}").click().run()
    at.selectbox(key=f"retype_{PMF}").select("NORP").run()
    at.button(key=f"do_retype_{PMF}").click().run()
    at.multiselect(key=f"split_{PMF}").select("PMF").run()
    at.button(key=f"do_split_{PMF}").click().run()
    assert not at.exception and not at.error

    store = open_store(store_url)
    kinds = [(a.kind, a.reason) for a in store.curation_log()]
    assert kinds == [(kind, "checked the source") for kind in ("rename", "retype", "split")]
    pmf = store.entity(PMF)
    assert (pmf.name, pmf.type, "PMF" in pmf.aliases) == ("Popular Mobilisation Forces", "NORP", False)

    at.query_params["entity"] = ACME
    at.run()
    at.text_input(key=f"merge_query_{ACME}").input("Globex").run()
    at.button(key=f"merge_from_{ACME}_{GLOBEX}").click().run()
    assert store.entity(GLOBEX) is None
    at.checkbox(key=f"sure_{ACME}").check().run()
    at.button(key=f"do_delete_{ACME}").click().run()
    assert store.entity(ACME) is None
    assert "deleted Acme Corporation" in all_text(at)  # the history table
    store.close()


def test_hostile_names_are_escaped(page):
    at = page("curate", entity=EVIL)
    raw = "\n".join(str(m.value) for m in at.markdown)
    assert EVIL_NAME not in raw and "&lt;script&gt;" in raw
    assert not at.exception


def test_a_bad_request_is_a_message_not_a_traceback(page, store_url):
    from explorer import curate
    from explorer.ui.views.curate import act

    at = page("curate", entity=ACME)
    store = open_store(store_url)
    acme = store.entity(ACME)
    assert act(store, curate.merge, [ACME, "missing"], reason="") is None
    assert st.session_state[FLASH] == ("error", "no entity with id missing")
    assert (store.entity(ACME), store.curation_log()) == (acme, [])
    at.session_state[FLASH] = st.session_state[FLASH]  # what the next run of the page shows
    at.run()
    assert [e.value for e in at.error] == ["no entity with id missing"] and not at.exception
    store.close()


SUED = "Globex filed a lawsuit against Hooli in France in May."


def test_view_downloads_in_every_format(store_url):
    store = open_store(store_url)
    view = store.neighbourhood(GLOBEX)
    nodes = sorted(n.id for n in view.nodes)
    edges = sorted((e.source, e.target, e.type, e.weight) for e in view.edges)
    for fmt in FORMATS:
        read_nodes, read_edges = read_back(view_file(view, store, fmt), fmt)
        assert (read_nodes, sorted(edge[:4] for edge in read_edges)) == (nodes, edges), fmt
        assert [edge[4] for edge in read_edges if edge[:3] == (GLOBEX, HOOLI, "SUED")] == [SUED], fmt
    store.close()


def read_back(data: bytes, fmt: str) -> tuple[list[str], list[tuple]]:
    """Node ids and edges (source, target, type, weight, evidence) of a downloaded view, read as another
    program would read the file."""
    if fmt == "json":
        graph = json.loads(data)
        links = graph["links"]
        edges = [(e["source"], e["target"], e["type"], e["weight"], "; ".join(e["evidence"])) for e in links]
        return sorted(n["id"] for n in graph["nodes"]), edges
    if fmt == "csv":
        archive = zipfile.ZipFile(io.BytesIO(data))
        rows = {name: list(csv.DictReader(io.StringIO(archive.read(name).decode()))) for name in archive.namelist()}
        edges = [
            (e[":START_ID"], e[":END_ID"], e["relation_type"], int(e["weight:int"]), e["evidence"])
            for e in rows["relationships.csv"]
        ]
        return sorted(n["id:ID"] for n in rows["nodes.csv"]), edges
    graph = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
    kind = "type" if fmt == "graphml" else "relation_type"  # GEXF keeps `type` for the edge's direction
    edges = [(u, v, d[kind], d["weight"], d["evidence"]) for u, v, d in graph.edges(data=True)]
    return sorted(graph.nodes), edges


def test_a_store_busy_writing_gives_one_line_not_a_traceback(page, store_url, monkeypatch):
    """Curating while another process holds the write lock (a long ingest): after waiting, one clear line."""
    from explorer.store.sqlite import connection

    monkeypatch.setattr(connection, "LOCK_WAIT", 1.0)
    at = page("curate", entity=GLOBEX)
    at.text_input(key=f"rename_{GLOBEX}").input("Globex Corp").run()
    blocker = sqlite3.connect(store_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        at.button(key=f"do_rename_{GLOBEX}").click().run()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert not at.exception
    assert any("is busy: another process has been writing to it" in str(e.value) for e in at.error)
    store = open_store(store_url)
    assert store.entity(GLOBEX).name == "Globex" and store.curation_log() == []
    store.close()


def test_merge_link_opens_the_merge_form_and_stays_on_the_survivor(page, store_url):
    at = page("curate", entity=GLOBEX, edit="merge")
    (form,) = [e for e in at.expander if e.label.startswith("Merge into")]
    assert form.proto.expanded
    at.text_input(key=f"merge_query_{GLOBEX}").input("Acme").run()
    at.button(key=f"merge_into_{GLOBEX}_{ACME}").click().run()
    assert at.query_params["entity"] == ACME and not at.warning and not at.error
    assert at.text_input(key=f"rename_{ACME}")  # the survivor's form, not a page that lost its entity
    assert "merged Globex" in all_text(at)


def test_duplicate_candidates_show_each_sides_evidence(page, with_duplicates):
    at = page("curate")
    (evidence,) = [e for e in at.expander if e.label.startswith("Evidence")][:1]
    shown = "\n".join(str(m.value) for m in evidence.markdown)
    assert "xp-badge" in shown  # each side's type
    assert "document?doc=" in shown  # the documents naming each
    assert "xp-evidence" in shown or "No sentence links it" in shown


def test_add_a_relation_by_hand_and_see_it_marked(page, store_url):
    from tests.ui.conftest import SUDANI, SYRIA, sent_graph

    at = page("curate", entity=SUDANI)
    assert at.selectbox(key="hand_from_pick").value == SUDANI  # prefilled with the entity in the address
    at.text_input(key="hand_to_query").input("Syria").run()
    at.selectbox(key="hand_type").select("MET_WITH").run()
    at.text_area(key="hand_note").input("Met in Damascus, per our correspondent.").run()
    at.button(key="hand_add_relation").click().run()
    assert not at.exception and any("added by hand" in str(s.value) for s in at.success)
    store = open_store(store_url)
    (added,) = [r for r in store.relations_between(SUDANI, SYRIA) if r.type == "MET_WITH"]
    assert added.evidence == "Met in Damascus, per our correspondent."
    store.close()

    explore = page("explore", entity=SUDANI, sel=SYRIA)
    sent = sent_graph(explore)["elements"]["edges"]
    edges = {(e["data"]["source"], e["data"]["target"], e["data"]["type"]): e for e in sent}
    edge = edges[(SUDANI, SYRIA, "MET_WITH")]
    assert edge["classes"] == "hand" and edge["data"]["label"] == "met with ✎"
    assert all(e["classes"] == "" for key, e in edges.items() if key != (SUDANI, SYRIA, "MET_WITH"))
    assert "✎ by hand" in all_text(explore) and "Met in Damascus" in all_text(explore)


def test_add_an_entity_by_hand(page, store_url):
    at = page("curate")
    at.text_input(key="hand_entity_name").input("Initech").run()
    at.selectbox(key="hand_entity_type").select("ORG").run()
    at.button(key="hand_add_entity").click().run()
    assert not at.exception and any("added Initech" in str(s.value) and "by hand" in str(s.value) for s in at.success)
    store = open_store(store_url)
    assert [e.name for e in store.search("Initech")] == ["Initech"]
    store.close()
