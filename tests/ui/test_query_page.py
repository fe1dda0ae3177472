"""The Query page: the store's guards (explorer/store/read_query.py), never rules on the query's text, keep it
read-only; time-out and row cap passed on; results drawn."""

from __future__ import annotations

import pytest

from explorer.store.base import StoreError
from explorer.store.neo4j import Neo4jStore
from explorer.store.read_query import ReadResult
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


def test_queries_are_sent_with_the_time_out_and_row_cap():
    store = RecordingStore()
    outcome = query.execute(store, "MATCH (e:Entity) RETURN e.name LIMIT 5", max_rows=99999, timeout=7)
    assert outcome.error == ""
    assert store.calls == [("MATCH (e:Entity) RETURN e.name LIMIT 5", 7.0, query.MAX_ROWS)]
    assert query.execute(store, "  \n").error == "Type a Cypher query." and len(store.calls) == 1


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


# The payloads of issue 13 (comments and string literals that fooled the old text filter, a procedure
# name in backticks), and writes of every other kind.
WRITES = [
    "MATCH (n:Entity) WITH count(n) AS c // it's\nCREATE (m:X) // '\nRETURN c",
    "MATCH (d:Document) // don't\nDETACH DELETE d // '\nRETURN 1",
    "MATCH (e:Entity) WITH '/*' AS a, e SET e.name='HACKED' RETURN '*/'",
    "CALL `db.createLabel`('X')",
    "CREATE (n:Entity {id: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "match (n) set n.name = 'x'",
    "MATCH (n) WITH n MERGE (m:Copy {id: n.id})",
    "MATCH (n) REMOVE n.name",
    "MATCH (n) FOREACH (x IN [1] | SET n.x = x)",
    "PROFILE MATCH (n) DETACH DELETE n",
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "/* harmless */ CREATE (n)",
]
# Schema commands and CALL … IN TRANSACTIONS commit outside the transaction on ArcadeDB: only a database
# user who cannot write stops them there (on Neo4j the READ transaction does too).
BEYOND_TRANSACTIONS = [
    "DROP CONSTRAINT explorer_entity_id",
    "CREATE INDEX hacked IF NOT EXISTS FOR (e:Entity) ON (e.name)",
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
]


def _graph(bolt_server) -> tuple:
    """Everything a query could change, read straight through the driver."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(bolt_server.url, auth=(bolt_server.user, bolt_server.password)) as driver:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS p ORDER BY p.id", database_=bolt_server.database
        )
        links, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN a.id, type(r), properties(r) ORDER BY a.id, r.id, type(r)",
            database_=bolt_server.database,
        )
        indexes, _, _ = driver.execute_query("SHOW INDEXES", database_=bolt_server.database)
    return [tuple(map(str, r.values())) for r in nodes], [tuple(map(str, r.values())) for r in links], len(indexes)


@pytest.mark.neo4j
@pytest.mark.parametrize("cypher", WRITES)
def test_every_write_is_refused_and_leaves_the_graph_as_it_was(neo4j_loaded, bolt_server, cypher):
    before = _graph(bolt_server)
    outcome = query.execute(neo4j_loaded, cypher)
    assert outcome.error and outcome.rows == []
    assert _graph(bolt_server) == before


@pytest.mark.neo4j
def test_a_summary_that_shows_a_write_is_a_refusal_that_says_so(neo4j_loaded):
    outcome = query.execute(neo4j_loaded, "MATCH (e:Entity) WITH '/*' AS a, e SET e.name='HACKED' RETURN '*/'")
    assert outcome.error == (
        "This console only reads: the query changed the graph (properties set 6); it was rolled back and nothing "
        "is shown."
    )


@pytest.fixture(scope="session")
def reader(bolt_server) -> tuple[str, str]:
    bolt_server.add_reader("analyst", "analyst-Pa55")
    return "analyst", "analyst-Pa55"


@pytest.mark.neo4j
@pytest.mark.parametrize("cypher", WRITES + BEYOND_TRANSACTIONS)
def test_a_console_as_a_reader_user_writes_nothing_of_any_kind(neo4j_loaded, bolt_server, reader, cypher):
    user, password = reader
    console = Neo4jStore.open(bolt_server.url, user=user, password=password, database=bolt_server.database)
    try:
        before = _graph(bolt_server)
        outcome = query.execute(console, cypher)
        assert outcome.error and outcome.rows == []
        assert _graph(bolt_server) == before
        names = query.execute(console, "MATCH (e:Entity) RETURN e.name AS name ORDER BY name")
        assert (names.error, len(names.rows)) == ("", 6)
    finally:
        console.close()


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (e:Entity) RETURN e.name LIMIT 5",
        "MATCH (e:Entity) WHERE e.name = 'CREATE a SET' RETURN e",  # words inside strings are data
        "MATCH (e:Entity) // delete me later\nRETURN e.offset, e.set, e.create",  # comments, property names
        "MATCH (`DELETE`:Entity) RETURN `DELETE`",
        "CALL db.labels()",
        "CALL `db.labels`()",
        "MATCH (n) CALL { WITH n RETURN count(*) AS c } RETURN c",
        "MATCH (e:Entity) RETURN e;",
        "SHOW INDEXES",
    ],
)
def test_read_queries_run(neo4j_loaded, bolt_server, cypher):
    before = _graph(bolt_server)
    outcome = query.execute(neo4j_loaded, cypher)
    assert outcome.error == ""
    assert _graph(bolt_server) == before


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
    app.text_area(key="query_cypher").set_value("MATCH (d:Document) // don't\nDETACH DELETE d // '\nRETURN 1")
    app.button(key="query_run").click().run()
    assert "only reads" in app.error[0].value and not app.dataframe
    assert neo4j_loaded.stats()["entities"] == 6
