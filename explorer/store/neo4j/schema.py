"""Neo4j schema set-up (idempotent; Neo4j 5 syntax, accepted by ArcadeDB too) and the version check.

Versions 2 and 3 added what older graphs lack only as optional properties and labels (entity stamps,
(:Replay) nodes, the generation counters; documents' outlets and events' inferred date parts, read with a
default) and two indexes, so an older graph is brought up to date by setting its version."""

from __future__ import annotations

from neo4j import exceptions as neo4j_errors

from explorer.store.base import SCHEMA_VERSION, SchemaError, StoreError, check_schema_version
from explorer.store.neo4j.connection import Connection, one_line

SCHEMA = (
    "CREATE CONSTRAINT explorer_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT explorer_document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT explorer_event_id IF NOT EXISTS FOR (v:Event) REQUIRE v.id IS UNIQUE",
    "CREATE CONSTRAINT explorer_curation_seq IF NOT EXISTS FOR (c:Curation) REQUIRE c.seq IS UNIQUE",
    "CREATE CONSTRAINT explorer_counter_name IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE",
    "CREATE INDEX explorer_entity_mentions IF NOT EXISTS FOR (e:Entity) ON (e.mention_count)",
    "CREATE INDEX explorer_entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)",
    "CREATE INDEX explorer_event_doc IF NOT EXISTS FOR (v:Event) ON (v.doc)",
    "CREATE INDEX explorer_entity_stamp IF NOT EXISTS FOR (e:Entity) ON (e.stamp)",
    "CREATE INDEX explorer_replay_seq IF NOT EXISTS FOR (r:Replay) ON (r.seq)",
    # Search scans `search_words` (lower-cased, accent-free name tokens) with STARTS WITH, because
    # ArcadeDB refuses FULLTEXT DDL. A Neo4j deployment at scale would add
    #   CREATE FULLTEXT INDEX explorer_entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.search_text]
    # and ask `db.index.fulltext.queryNodes` for candidates instead of the scan in `_name_candidates`.
)


def check_or_create(connection: Connection) -> None:
    """Refuse a database holding another graph or a newer schema version; set up the schema otherwise."""
    meta = connection.read("MATCH (m:ExplorerMeta) RETURN m.schema_version AS version LIMIT 1")
    found = (meta[0]["version"] or 0) if meta else 0
    if meta and not 1 <= found <= SCHEMA_VERSION:
        check_schema_version(found, f"Neo4j at {connection.url} holds a graph written", "The database")
    elif not meta and connection.read("MATCH (n) RETURN 1 AS one LIMIT 1"):
        raise SchemaError(
            f"Neo4j at {connection.url} holds a graph explorer did not write; refusing to touch it"
            " (use an empty database)"
        )
    for statement in SCHEMA:
        try:
            connection.driver.execute_query(statement, database_=connection.database)
        except neo4j_errors.Forbidden:
            break  # a read-only user: the schema is someone else's job
        except neo4j_errors.Neo4jError as error:
            raise StoreError(f"Neo4j at {connection.url} refused the schema set-up: {one_line(error)}") from None
    if found != SCHEMA_VERSION:  # a new graph, or one of an older version brought up to date
        connection.write(
            lambda tx: tx.run(
                "MERGE (m:ExplorerMeta {name: 'explorer'}) SET m.schema_version = $version",
                version=SCHEMA_VERSION,
            ).consume()
        )
