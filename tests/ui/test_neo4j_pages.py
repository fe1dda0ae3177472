"""The app on the Neo4j backend (the Bolt test server): every page, search → graph → expand, the Query page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from explorer.ui.connection import _open
from explorer.ui.views import PAGES
from explorer.ui.views.explore import GRAPH_KEY
from tests.factories import sample_extractions
from tests.ui.conftest import PMF, SUDANI, all_text, app_test, news_extractions, open_page, sent_graph


@pytest.fixture
def neo4j_url(empty_neo4j_store, bolt_server, monkeypatch: pytest.MonkeyPatch) -> str:
    for extraction in sample_extractions() + news_extractions():
        empty_neo4j_store.upsert_extraction(extraction)
    monkeypatch.setenv("EXPLORER_STORE", bolt_server.url)
    for name, value in bolt_server.env().items():
        monkeypatch.setenv(name, value)
    yield bolt_server.url
    _open.clear()


def node_ids(at: AppTest) -> set[str]:
    return {n["data"]["id"] for n in sent_graph(at)["elements"]["nodes"]}


def test_every_page_runs_on_neo4j_including_the_query_console(neo4j_url):
    for spec in PAGES:
        at = open_page(spec.name, timeout=60)
        assert not at.exception and not at.error, spec.name


def test_search_select_and_expand_on_neo4j(neo4j_url):
    at = app_test()
    at.text_input(key="explore_search_query").input("PMF").run()
    next(b for b in at.button if "Popular Mobilization Forces" in b.label).click().run()
    assert at.query_params["entity"] == PMF and SUDANI in node_ids(at)
    at.session_state[GRAPH_KEY] = {"action": "expand", "data": {"node_ids": [SUDANI]}, "timestamp": 1}
    at.run()
    assert {"e-baghdad", "e-evil"} <= node_ids(at)
    assert "backed by" in all_text(at)


def test_entity_and_timeline_pages_on_neo4j(neo4j_url):
    text = all_text(open_page("entity", timeout=60, entity=PMF))
    assert "Popular Mobilization Forces" in text and "defined as its abbreviation" in text
    assert "28 January 2024" in all_text(open_page("timeline", timeout=60, entity=PMF))


def test_the_query_console_draws_what_a_read_query_returns(neo4j_url):
    at = open_page("query", timeout=60)
    at.text_area(key="query_cypher").input("MATCH (e:Entity) RETURN e.name AS name ORDER BY name LIMIT 3").run()
    at.button(key="query_run").click().run()
    assert not at.exception and not at.error
    assert at.dataframe and len(at.dataframe[0].value) == 3
