"""The Query page: write clauses refused before sending, time-out and row cap passed on, results drawn."""

from __future__ import annotations

import pytest

from explorer.store.base import StoreError
from explorer.store.neo4j import ReadResult
from explorer.ui.views import query
from tests.factories import ACME, GLOBEX, sample_extractions


class RecordingStore:
    """Stands in for Neo4jStore.run_read_query and remembers what reached it."""

    def __init__(self, result: ReadResult | None = None, error: StoreError | None = None) -> None:
        self.calls: list[tuple[str, float, int]] = []
        self.result = result or ReadResult(["n"], [[1]])
        self.error = error

    def run_read_query(self, cypher: str, timeout: float, max_rows: int) -> ReadResult:
        self.calls.append((cypher, timeout, max_rows))
        if self.error:
            raise self.error
        return self.result


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (n:Entity {id: 'x'})",
        "MATCH (n) DETACH DELETE n",
        "match (n) set n.name = 'x'",
        "MATCH (n) WITH n MERGE (m:Copy {id: n.id})",
        "MATCH (n) REMOVE n.name",
        "DROP CONSTRAINT explorer_entity_id",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
        "CALL db.createLabel('X')",
        "MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS",
        "MATCH (n) RETURN n; MATCH (m) DELETE m",
        "MATCH (n) FOREACH (x IN [1] | SET n.x = x)",
        "/* harmless */ CREATE (n)",
        "",
    ],
)
def test_queries_that_could_write_are_refused_and_never_sent(cypher):
    store = RecordingStore()
    outcome = query.execute(store, cypher)
    assert outcome.error and store.calls == []


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (e:Entity) RETURN e.name LIMIT 5",
        "MATCH (e:Entity) WHERE e.name = 'CREATE a SET' RETURN e",  # words inside strings are data
        "MATCH (e:Entity) // delete me later\nRETURN e.offset, e.set, e.create",  # comments, property names
        "MATCH (`DELETE`:Entity) RETURN `DELETE`",
        "CALL db.labels()",
        "MATCH (n) CALL { WITH n RETURN count(*) AS c } RETURN c",
        "MATCH (e:Entity) RETURN e;",
        "SHOW INDEXES",
    ],
)
def test_read_queries_are_sent_with_the_time_out_and_row_cap(cypher):
    store = RecordingStore()
    outcome = query.execute(store, cypher, max_rows=99999, timeout=7)
    assert outcome.error == ""
    assert store.calls == [(cypher, 7.0, query.MAX_ROWS)]


def test_store_errors_become_a_message():
    outcome = query.execute(RecordingStore(error=StoreError("Neo4j at bolt://x: timed out")), "RETURN 1")
    assert outcome.error == "Neo4j at bolt://x: timed out"


def test_a_sqlite_store_gets_an_explanation(tmp_path):
    from explorer.store.sqlite import SQLiteStore

    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'g.db'}")
    assert "Neo4j store" in query.execute(store, "RETURN 1").error
    store.close()


def test_plain_values_make_a_table():
    outcome = query.QueryOutcome(["a", "b", "c"], [[1, "x", [1, {"k": None}]], [None, True, {"m": 2.5}]])
    assert query.table_rows(outcome) == [
        {"a": 1, "b": "x", "c": '[1, {"k": null}]'},
        {"a": None, "b": True, "c": '{"m": 2.5}'},
    ]
    assert query.graph_elements(outcome) == {"nodes": [], "edges": []}


@pytest.fixture
def neo4j_loaded(empty_neo4j_store):
    for extraction in sample_extractions():
        empty_neo4j_store.upsert_extraction(extraction)
    return empty_neo4j_store


@pytest.mark.neo4j
def test_nodes_relationships_and_paths_are_drawn(neo4j_loaded):
    outcome = query.execute(
        neo4j_loaded,
        "MATCH p = (a:Entity {id: $acme})-[r:ACQUIRED]->(b:Entity) RETURN a, r, p, a.name AS name".replace(
            "$acme", f"'{ACME}'"
        ),
    )
    assert outcome.error == "" and outcome.columns == ["a", "r", "p", "name"]
    (row,) = query.table_rows(outcome)
    assert (row["a"], row["r"], row["name"]) == ("(:Entity Acme Corporation)", "[:ACQUIRED]", "Acme Corporation")
    elements = query.graph_elements(outcome)
    assert sorted(n["data"]["name"] for n in elements["nodes"]) == ["Acme Corporation", "Globex"]
    assert {n["data"]["label"] for n in elements["nodes"]} == {"ORG"}
    assert [(e["data"]["label"], e["data"]["evidence"][:4]) for e in elements["edges"]] == [("ACQUIRED", "Acme")]
    assert {n["data"]["id"]: n["data"]["name"] for n in elements["nodes"]}[elements["edges"][0]["data"]["target"]] == (
        "Globex"
    )
    node_styles, edge_styles = query.styles(elements)
    assert [s.label for s in node_styles] == ["ORG"] and [s.label for s in edge_styles] == ["ACQUIRED"]


@pytest.mark.neo4j
def test_the_row_cap_and_time_out_hold_on_the_server(neo4j_loaded):
    capped = query.execute(neo4j_loaded, "UNWIND range(1, 50) AS n RETURN n", max_rows=10)
    assert ([r[0] for r in capped.rows], capped.truncated) == (list(range(1, 11)), True)
    whole = query.execute(neo4j_loaded, "MATCH (e:Entity) RETURN e.id AS id ORDER BY id", max_rows=10)
    assert (len(whole.rows), whole.truncated) == (6, False)
    assert query.execute(neo4j_loaded, "MATCH (e:Entity {id: 'x'}) RETURN e").rows == []
    assert query.execute(neo4j_loaded, "MATCH (n RETURN n").error.startswith("Neo4j at ")
    assert neo4j_loaded.entity(GLOBEX) is not None


def _app(store) -> None:
    from explorer.ui.views import query as page

    page.render(store)


@pytest.mark.neo4j
def test_the_page_runs_a_query_and_refuses_a_write(neo4j_loaded):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_app, args=(neo4j_loaded,), default_timeout=30).run()
    assert not app.exception
    app.text_area(key="query_cypher").set_value("MATCH (e:Entity) RETURN e.name AS name ORDER BY name")
    app.button(key="query_run").click().run()
    assert not app.exception and not app.error
    assert list(app.dataframe[0].value["name"]) == [
        "Acme Corporation",
        "France",
        "Globex",
        "Hooli",
        "Jane Doe",
        "Paris",
    ]
    app.text_area(key="query_cypher").set_value("MATCH (n) DETACH DELETE n")
    app.button(key="query_run").click().run()
    assert "only reads" in app.error[0].value
    assert neo4j_loaded.stats()["entities"] == 6
