"""The Neo4j store: the GraphStore contract over Bolt through the official `neo4j` driver (6.x).

store.py is the GraphStore (its reads, and the read-only query console); connection.py connects, runs
reads and write transactions and turns driver errors into one-line StoreErrors; schema.py sets up
constraints and checks the schema version; writes.py writes a document (`WritePlan`); slices.py reads and
swaps the rows curation changes; rows.py turns records into explorer's records and back.

Graph model (portable Cypher: runs on Neo4j 5 and on ArcadeDB's Bolt server, which the tests use):

    (:Entity {id, name, type, key, roles[], mention_count, doc_count,
              alias_names[], alias_rules[], alias_scores[], search_words[]})
    (:Entity)-[:MENTIONED_IN {count, sentences[], starts[], ends[], texts[]}]->(:Document {id, title, …, text})
        one per entity and document; `count` 0 when the document only relates the entity, never names it,
        so a document's relations are always reachable from its entities
    (:Entity)-[:ACQUIRED|LEADS|… {id, type, label, doc, sentence, evidence, confidence, speaker, ingested, n}]
        ->(:Entity)
        one relationship per assertion; its Cypher type comes only from model.RELATION_TYPES (anything
        else is stored as RELATED_TO, the original type kept in the `type` property)
    (:Entity)-[:PARTICIPATED_IN {role, n}]->(:Event {id, label, date, precision, doc, sentence, …, speaker,
        kind, figures (JSON text: a list of maps is no property value)})
    (:Curation {seq, at, kind, payload, reason}), (:Counter {name, value}), (:ExplorerMeta {schema_version})

Edge weights (number of assertions per source, target and type) are aggregated at read time, so writes
stay plain CREATEs and the numbers can never drift from the assertions they count.

Every value travels as a query parameter. Each document is written in one transaction through
`execute_write` (retried by the driver on transient errors); a failure leaves nothing behind.
"""

from explorer.store.neo4j.store import Neo4jStore
from explorer.store.read_query import ReadResult

__all__ = ["Neo4jStore", "ReadResult"]
