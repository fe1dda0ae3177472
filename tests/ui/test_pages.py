"""Entity, Documents, Paths, Timeline and Overview pages, navigation, the empty store and store errors."""

from __future__ import annotations

import html
import sqlite3

from explorer.ui.app import available
from explorer.ui.markup import esc
from explorer.ui.views import PAGES
from tests.factories import ACME, GLOBEX
from tests.ui.conftest import EVIL, EVIL_ALIAS, EVIL_NAME, IRAN, PMF, SUDANI, all_text, app_test, sent_graph


def rendered(at) -> str:
    """The page's markdown with entities decoded (names are escaped down to `_` and `-`)."""
    return html.unescape("\n".join(str(m.value) for m in at.markdown))


def test_entity_page_search_select_profile(page):
    at = page("entity")
    at.text_input(key="entity_search_query").input("pmf").run()
    next(b for b in at.button if "Popular Mobilization Forces" in b.label).click().run()
    text = rendered(at)
    assert at.query_params["entity"] == PMF
    assert "Popular Mobilization Forces" in text and "defined as its abbreviation" in text
    assert {"backed by → Iran · 1", "attacked → Syria · 1"} <= {e.label for e in at.expander}
    assert 'href="document?doc=' in text  # evidence is linked to its document


def test_entity_page_says_which_way_each_relation_goes(page):
    at = page("entity", entity=IRAN)
    assert "← backs Popular Mobilization Forces · 1" in {e.label for e in at.expander}  # PMF backed by Iran
    assert not any("→" in e.label for e in at.expander)


def test_entity_page_lists_documents_with_outlet_and_date(page):
    text = rendered(page("entity", entity=PMF))
    assert "pmf.txt · 2024-01-29" in text


def test_entity_page_merge_link_opens_the_merge_form(page):
    raw = "\n".join(str(m.value) for m in page("entity", entity=PMF).markdown)
    assert f'href="curate?entity={PMF}&amp;edit=merge"' in raw


def test_entity_page_deep_link_and_escaping(page):
    at = page("entity", entity=EVIL)
    raw = "\n".join(str(m.value) for m in at.markdown)
    assert "&lt;script&gt;" in raw and "<script>" not in raw
    assert esc(EVIL_ALIAS) in raw and "<svg" not in raw  # the Names table
    assert EVIL_NAME in rendered(at) and EVIL_ALIAS in rendered(at)  # shown verbatim
    assert not at.exception


def test_document_reader_highlights_mentions(page, store_url):
    from explorer.store import open_store

    store = open_store(store_url)
    doc = next(d for d in store.documents() if d.source == "tests/pmf.txt")
    at = page("document", doc=doc.id)
    text = rendered(at)
    assert 'href="entity?entity=e-pmf"' in text and "xp-mark" in text
    assert "backed by →" in text  # the relations found in it
    assert not at.exception and not at.error


def test_documents_without_a_choice_list_every_document_linked_to_its_reader(page, store_url):
    from explorer.store import open_store

    store = open_store(store_url)
    ids = [d.id for d in store.documents()]
    store.close()
    text = rendered(page("document"))
    assert all(f'href="document?doc={doc_id}"' in text for doc_id in ids)


def test_paths_between_two_entities(page):
    at = page("paths", **{"from": EVIL, "to": PMF})
    assert "Path 1" in at.expander[0].label and esc("Mohammed Shia al-Sudani") in at.expander[0].label
    nodes = {n["data"]["id"] for n in sent_graph(at)["elements"]["nodes"]}
    assert {EVIL, SUDANI, PMF} <= nodes
    assert "met with" in rendered(at)  # the evidence for each hop


def test_paths_pick_endpoints_by_search(page):
    at = page("paths")
    at.text_input(key="paths_from_query").input("Acme").run()
    next(b for b in at.button if "Acme Corporation" in b.label).click().run()
    at.text_input(key="paths_to_query").input("Globex").run()
    next(b for b in at.button if "Globex" in b.label).click().run()
    assert at.query_params["from"] == ACME and at.query_params["to"] == GLOBEX
    assert at.expander and "1 hop" in at.expander[0].label


def test_timeline_lists_dated_events(page):
    at = page("timeline")
    text = all_text(at)
    assert "28 January 2024" in text and "May 2024" in text
    at = page("timeline", entity=PMF)
    text = all_text(at)
    assert "28 January 2024" in text and "May 2024" not in text


def test_overview_figures_and_rankings(page):
    at = page("overview")
    assert [m.label for m in at.metric][:3] == ["Documents", "Entities", "Mentions"]
    assert at.metric[0].value == "4"
    text = rendered(at)
    assert "Most connected" in text and "PageRank" in text and "Communities" in text
    assert not at.exception


def test_root_doc_link_opens_the_reader(store_url):
    at = app_test(doc="nope")
    assert any("No document" in w.value for w in at.warning)


def test_every_page_runs_without_error(page):
    for spec in PAGES:
        if spec.schemes:
            continue
        at = page(spec.name)
        assert not at.exception and not at.error, spec.name


def test_query_page_only_for_neo4j():
    query = next(p for p in PAGES if p.name == "query")
    offered = {url: available(query, url) for url in ("sqlite:///x.db", "neo4j://localhost:7687", "bolt://h:7687")}
    assert offered == {"sqlite:///x.db": False, "neo4j://localhost:7687": True, "bolt://h:7687": True}
    assert [p.name for p in PAGES if available(p, "sqlite:///x.db")] == [p.name for p in PAGES if p is not query]


def test_empty_store_explains_and_offers_upload(empty_url):
    at = app_test()
    assert "Nothing to explore yet" in at.title[0].value and "explorer ingest" in all_text(at)
    assert at.get("file_uploader")


def test_store_error_is_a_banner(tmp_path, monkeypatch):
    bad = tmp_path / "other.db"
    sqlite3.connect(bad).execute("CREATE TABLE foreign_thing (x)").connection.commit()
    monkeypatch.setenv("EXPLORER_STORE", f"sqlite:///{bad}")
    at = app_test()
    assert not at.exception
    assert at.error and "cannot be used" in at.error[0].value and "not an explorer store" in at.error[0].value


def test_the_app_never_creates_a_store(tmp_path, monkeypatch):
    missing = tmp_path / "typo.db"
    monkeypatch.setenv("EXPLORER_STORE", f"sqlite:///{missing}")
    at = app_test()
    assert not at.exception
    shown = html.unescape(at.error[0].value) if at.error else ""
    assert f"no store at {missing}" in shown and "explorer ingest" in shown
    assert list(tmp_path.iterdir()) == []


def test_paths_are_drawn_left_to_right_by_distance_from_the_start():
    from explorer.ui.views.paths import path_positions

    positions = path_positions([["a", "x", "b"], ["a", "y", "b"], ["a", "x", "z", "b"]])
    column = {node: x for node, (x, _) in positions.items()}
    assert column["a"] < column["x"] == column["y"] < column["z"] < column["b"]
    assert positions["x"][1] != positions["y"][1]  # same distance: stacked, not on top of each other
