"""The Neo4j store: the GraphStore contract over Bolt through the official `neo4j` driver (6.x).

Graph model (portable Cypher: runs on Neo4j 5 and on ArcadeDB's Bolt server, which the tests use):

    (:Entity {id, name, type, key, roles[], mention_count, doc_count,
              alias_names[], alias_rules[], alias_scores[], search_words[]})
    (:Entity)-[:MENTIONED_IN {count, sentences[], starts[], ends[], texts[]}]->(:Document {id, title, …, text})
        one per entity and document; `count` 0 when the document only relates the entity, never names it,
        so a document's relations are always reachable from its entities
    (:Entity)-[:ACQUIRED|LEADS|… {id, type, label, doc, sentence, evidence, confidence, ingested, n}]->(:Entity)
        one relationship per assertion; its Cypher type comes only from model.RELATION_TYPES (anything
        else is stored as RELATED_TO, the original type kept in the `type` property)
    (:Entity)-[:PARTICIPATED_IN {role, n}]->(:Event {id, label, date, precision, doc, sentence, …})
    (:Curation {seq, at, kind, payload, reason}), (:Counter {name, value}), (:ExplorerMeta {schema_version})

Edge weights (number of assertions per source, target and type) are aggregated at read time, so writes
stay plain CREATEs and the numbers can never drift from the assertions they count.

Every value travels as a query parameter. Each document is written in one transaction through
`execute_write` (retried by the driver on transient errors); a failure leaves nothing behind.
"""

from __future__ import annotations

import json
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl
from neo4j import exceptions as neo4j_errors

from explorer.config import neo4j_credentials, split_credentials, without_password
from explorer.knowledge import INVISIBLE
from explorer.model import (
    CO_MENTIONED,
    RELATION_TYPES,
    CurationAction,
    Document,
    Edge,
    Entity,
    Event,
    Extraction,
    Mention,
    MergeNote,
    Participant,
    Relation,
    Subgraph,
    timeline_order,
)
from explorer.store.base import (
    NEO4J_SCHEMES,
    EventRole,
    GraphSlice,
    SchemaError,
    StoreError,
    chunks,
    join_parts,
    merge_labels_list,
    most_telling,
    now,
    slice_changes,
)
from explorer.store.neighbourhood import NeighbourhoodFromWeights
from explorer.store.paths import heaviest, k_shortest_paths
from explorer.store.ranking import rank_matches
from explorer.store.read_query import (
    QueryRefused,
    ReadResult,
    explains_honestly,
    refuse_unless_explained_read,
    run_rolled_back,
)

SCHEMA_VERSION = 1
SEARCH_CANDIDATES = 500
FUZZY_CANDIDATES = 2000
BATCH = 1000
CONNECT_TIMEOUT = 5.0
RETRY_TIME = 15.0
UNKNOWN_TYPE = "RELATED_TO"

# The driver logs connection failures as warnings; the StoreError it turns into says it once, on one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

# Idempotent schema set-up. Neo4j 5 syntax, accepted by ArcadeDB too.
SCHEMA = (
    "CREATE CONSTRAINT explorer_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT explorer_document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT explorer_event_id IF NOT EXISTS FOR (v:Event) REQUIRE v.id IS UNIQUE",
    "CREATE CONSTRAINT explorer_curation_seq IF NOT EXISTS FOR (c:Curation) REQUIRE c.seq IS UNIQUE",
    "CREATE CONSTRAINT explorer_counter_name IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE",
    "CREATE INDEX explorer_entity_mentions IF NOT EXISTS FOR (e:Entity) ON (e.mention_count)",
    "CREATE INDEX explorer_entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)",
    "CREATE INDEX explorer_event_doc IF NOT EXISTS FOR (v:Event) ON (v.doc)",
    # Search scans `search_words` (lower-cased, accent-free name tokens) with STARTS WITH, because
    # ArcadeDB refuses FULLTEXT DDL. A Neo4j deployment at scale would add
    #   CREATE FULLTEXT INDEX explorer_entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.search_text]
    # and ask `db.index.fulltext.queryNodes` for candidates instead of the scan in `_candidates`.
)

ENTITY_FIELDS = (
    "e.id AS id, e.name AS name, e.type AS type, e.key AS key, e.roles AS roles,"
    " e.mention_count AS mention_count, e.doc_count AS doc_count, e.alias_names AS alias_names,"
    " e.alias_rules AS alias_rules, e.alias_scores AS alias_scores"
)
RELATION_FIELDS = (
    "a.id AS source, b.id AS target, r.type AS type, r.label AS label, r.doc AS doc,"
    " r.sentence AS sentence, r.evidence AS evidence, r.confidence AS confidence,"
    " r.ingested AS ingested, r.n AS n"
)
OUTGOING = "(a:Entity {id: $id})-[r]->(b:Entity) WHERE"
INCOMING = "(a:Entity)-[r]->(b:Entity {id: $id}) WHERE a.id <> $id AND"  # a self-loop is already outgoing
EVENT_FIELDS = (
    "v.id AS id, v.label AS label, v.date AS date, v.precision AS precision, v.doc AS doc,"
    " v.sentence AS sentence, v.evidence AS evidence, v.date_text AS date_text"
)


class Neo4jStore(NeighbourhoodFromWeights):
    """GraphStore over a Neo4j database (or anything that speaks Bolt and Neo4j 5 Cypher)."""

    def __init__(self, driver: Driver, url: str, database: str | None) -> None:
        self._driver = driver
        self.url = url
        self.database = database
        self._explains_honestly: bool | None = None  # asked once, by the first read query

    @classmethod
    def open(
        cls,
        url: str,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Neo4jStore:
        """Connect, check the database answers and holds an explorer graph (or nothing), set up the schema.

        Credentials: the arguments, else NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE, else user:password
        written in the URL. Any failure is a one-line StoreError naming the URL without the password.
        """
        # Credentials come off the URL before anything parses it, so no error can quote the password.
        address, url_user, url_password = split_credentials(url)
        credentials = neo4j_credentials(user, password, database)
        if url_user and not (user or password):
            credentials = neo4j_credentials(url_user, url_password or None, database)
        safe = without_password(url)
        if not _valid_address(address):
            raise StoreError(f"invalid Neo4j URL {safe}: use neo4j://host:7687, bolt://host:7687 or neo4j+s://…")
        try:
            driver = GraphDatabase.driver(
                address,
                auth=(credentials.user, credentials.password),
                connection_timeout=CONNECT_TIMEOUT,
                max_transaction_retry_time=RETRY_TIME,
            )
        except (ValueError, neo4j_errors.ConfigurationError) as error:
            raise StoreError(f"invalid Neo4j URL {safe}: {_one_line(error)}") from None
        store = cls(driver, safe, credentials.database)
        try:
            store._check_reachable(credentials.user)
            store._check_or_create()
        except BaseException:
            driver.close()
            raise
        return store

    def close(self) -> None:
        self._driver.close()

    # --- connection and schema -----------------------------------------------------------------------
    def _check_reachable(self, user: str) -> None:
        where = f"Neo4j at {self.url}" + (f" (database {self.database!r})" if self.database else "")
        try:
            # A plain session query: execute_query would retry an unreachable server for many seconds.
            with self._driver.session(database=self.database) as session:
                session.run("RETURN 1").consume()
        except neo4j_errors.AuthError:
            raise StoreError(f"{where} refused user {user!r}: wrong user name or password") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as error:
            raise StoreError(f"cannot reach {where}: {_one_line(error)}") from None
        except neo4j_errors.Neo4jError as error:
            if _missing_database(error):
                raise StoreError(f"{where}: no such database") from None
            raise StoreError(f"{where} failed: {_one_line(error)}") from None
        except neo4j_errors.DriverError as error:
            raise StoreError(f"cannot use {where}: {_one_line(error)}") from None

    def _check_or_create(self) -> None:
        meta = self._read("MATCH (m:ExplorerMeta) RETURN m.schema_version AS version LIMIT 1")
        if meta:
            found = meta[0]["version"] or 0
            if found != SCHEMA_VERSION:
                newer = "a newer" if found > SCHEMA_VERSION else "an older"
                raise SchemaError(
                    f"Neo4j at {self.url} holds a graph written by {newer} explorer (schema {found}); "
                    f"this one reads schema {SCHEMA_VERSION}. The database was left untouched."
                )
        elif self._read("MATCH (n) RETURN 1 AS one LIMIT 1"):
            raise SchemaError(
                f"Neo4j at {self.url} holds a graph explorer did not write; refusing to touch it"
                " (use an empty database)"
            )
        for statement in SCHEMA:
            try:
                self._driver.execute_query(statement, database_=self.database)
            except neo4j_errors.Forbidden:
                break  # a read-only user: the schema is someone else's job
            except neo4j_errors.Neo4jError as error:
                raise StoreError(f"Neo4j at {self.url} refused the schema set-up: {_one_line(error)}") from None
        if not meta:
            self._write(
                lambda tx: tx.run(
                    "MERGE (m:ExplorerMeta {name: 'explorer'}) SET m.schema_version = $version",
                    version=SCHEMA_VERSION,
                ).consume()
            )

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        try:
            records, _, _ = self._driver.execute_query(
                query, params, database_=self.database, routing_=RoutingControl.READ
            )
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
            raise StoreError(f"Neo4j at {self.url}: {_one_line(error)}") from None
        return [record.data() for record in records]

    def _write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        """Run `work` in one write transaction (the driver retries transient errors)."""
        for attempt in range(3):
            try:
                with self._driver.session(database=self.database) as session:
                    return session.execute_write(work)
            except neo4j_errors.ConstraintError as error:
                # Another writer created the same document or entity first (ArcadeDB raises this for
                # concurrent MERGE of one new key): the retry sees its work and merges into it.
                if attempt == 2:
                    raise StoreError(f"Neo4j at {self.url}: {_one_line(error)}") from None
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
                raise StoreError(f"Neo4j at {self.url}: {_one_line(error)}") from None
        return None

    # --- writing -------------------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return bool(self._read("MATCH (d:Document {id: $id}) RETURN 1 AS one", id=doc_id))

    def upsert_extraction(self, extraction: Extraction) -> bool:
        return bool(self._write(_WritePlan.of(extraction).run))

    def upsert_parts(self, document: Document, parts: Iterable[Extraction]) -> bool:
        """The parts joined, then written as one document. Unlike SQLite, this holds all of a long
        document's records at once: the driver retries a transaction by running its work again, which a
        stream of parts cannot be, and the write plan batches rows per document."""
        if self.has_document(document.id):
            return False
        return self.upsert_extraction(join_parts(document, parts))

    # --- entities ------------------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        found = self.entities([entity_id])
        return found[0] if found else None

    def entities(self, ids: Iterable[str]) -> list[Entity]:
        ids = list(dict.fromkeys(ids))
        by_id: dict[str, Entity] = {}
        for chunk in chunks(ids, BATCH):
            rows = self._read(f"MATCH (e:Entity) WHERE e.id IN $ids RETURN {ENTITY_FIELDS}", ids=chunk)
            by_id.update((row["id"], _entity(row)) for row in rows)
        return [by_id[i] for i in ids if i in by_id]

    def iter_entities(self) -> Iterator[Entity]:
        after = ""
        while True:
            rows = self._read(
                f"MATCH (e:Entity) WHERE e.id > $after RETURN {ENTITY_FIELDS} ORDER BY e.id LIMIT $size",
                after=after,
                size=BATCH,
            )
            yield from (_entity(row) for row in rows)
            if len(rows) < BATCH:
                return
            after = rows[-1]["id"]

    def search(self, query: str, limit: int = 20, types: Iterable[str] | None = None) -> list[Entity]:
        query = INVISIBLE.sub("", query)  # "Pa\u200cris" is a search for Paris
        words = search_words(query)
        if not words:
            return []
        found = self._candidates(words, SEARCH_CANDIDATES)
        if len(found) < limit:
            for word in words:
                if len(word) >= 4:
                    for entity in self._candidates([word[:3]], FUZZY_CANDIDATES).values():
                        found.setdefault(entity.id, entity)
        ranked = rank_matches(query, {e.id: [e.name, *e.aliases] for e in found.values()})
        allowed = set(types or [])
        return [found[i] for i in ranked if not allowed or found[i].type in allowed][:limit]

    def _candidates(self, prefixes: list[str], cap: int) -> dict[str, Entity]:
        """Entities with, for every prefix, a name word starting with it (the portable full-text stand-in)."""
        rows = self._read(
            "MATCH (e:Entity) WHERE all(p IN $prefixes WHERE any(w IN e.search_words WHERE w STARTS WITH p))"
            f" RETURN {ENTITY_FIELDS} LIMIT $cap",
            prefixes=prefixes,
            cap=cap,
        )
        return {row["id"]: _entity(row) for row in rows}

    def top_entities(self, limit: int = 20) -> list[Entity]:
        rows = self._read(
            f"MATCH (e:Entity) RETURN {ENTITY_FIELDS} ORDER BY e.mention_count DESC, e.name LIMIT $limit",
            limit=limit,
        )
        return [_entity(row) for row in rows]

    # --- relations and graph -------------------------------------------------------------------------
    def _neighbour_weights(
        self, frontier: list[str], hop: int, relation_types: set[str], include_co_mentions: bool
    ) -> dict[str, int]:
        """Number of assertions between the frontier and each entity next to it (type filters applied;
        every hop reads all of them: weights are counted from the assertions, there is no stored edge)."""
        weights: dict[str, int] = {}
        for chunk in chunks(frontier, BATCH):
            rows = self._read(
                "MATCH (e:Entity)-[r]-(o:Entity) WHERE e.id IN $ids"
                " AND ($co OR r.type <> $co_type)"
                " AND (size($types) = 0 OR r.type IN $types OR r.type = $co_type)"
                " RETURN o.id AS other, count(r) AS weight",
                ids=chunk,
                co=include_co_mentions,
                co_type=CO_MENTIONED,
                types=sorted(relation_types),
            )
            for row in rows:
                weights[row["other"]] = weights.get(row["other"], 0) + row["weight"]
        return weights

    def subgraph(self, entity_ids: Iterable[str], include_co_mentions: bool = True) -> Subgraph:
        nodes = self.entities(entity_ids)
        ids = [n.id for n in nodes]
        assertions: list[dict[str, Any]] = []
        for chunk in chunks(ids, BATCH):
            assertions += self._read(
                "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $chunk AND b.id IN $ids"
                " AND ($co OR r.type <> $co_type)"
                " RETURN a.id AS source, b.id AS target, r.type AS type, r.label AS label,"
                " r.ingested AS ingested, r.n AS n",
                chunk=chunk,
                ids=ids,
                co=include_co_mentions,
                co_type=CO_MENTIONED,
            )
        return Subgraph(nodes=nodes, edges=_aggregate(assertions))

    def relations_of(
        self, entity_id: str, relation_types: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Relation]:
        # Each direction ranked and capped in the database (a hub has 100k+ assertions); the strongest of
        # both are among the two tops.
        rows: list[dict[str, Any]] = []
        for match in (OUTGOING, INCOMING):
            rows += self._read(
                f"MATCH {match} (size($types) = 0 OR r.type IN $types) RETURN {RELATION_FIELDS}"
                " ORDER BY CASE WHEN r.type = $co_type THEN 1 ELSE 0 END, r.confidence DESC, r.doc, r.sentence"
                + (" LIMIT $limit" if limit is not None else ""),
                id=entity_id,
                types=sorted(set(relation_types or [])),
                co_type=CO_MENTIONED,
                limit=limit,
            )
        return most_telling(map(Relation.from_dict, rows), limit)

    def relations_between(self, a: str, b: str) -> list[Relation]:
        rows = self._read(
            f"MATCH (a:Entity {{id: $a}})-[r]->(b:Entity {{id: $b}}) RETURN {RELATION_FIELDS}"
            f" UNION MATCH (a:Entity {{id: $b}})-[r]->(b:Entity {{id: $a}}) RETURN {RELATION_FIELDS}",
            a=a,
            b=b,
        )
        return [Relation.from_dict(r) for r in sorted(rows, key=lambda r: (r["type"], r["doc"], r["sentence"]))]

    def paths(self, source: str, target: str, k: int = 5, max_length: int = 4) -> list[list[str]]:
        cache: dict[str, list[tuple[str, int]]] = {}
        if source != target:
            # Fetch each breadth-first level in one query, exactly the nodes k_shortest_paths will ask for.
            self._prefetch_neighbours(cache, source, (max_length + 1) // 2)
            self._prefetch_neighbours(cache, target, max_length // 2)

        def neighbours(node: str) -> list[tuple[str, int]]:
            if node not in cache:
                cache.update(self._edge_rows([node]))
            return cache[node]

        return k_shortest_paths(neighbours, source, target, k=k, max_length=max_length)

    def _prefetch_neighbours(self, cache: dict[str, list[tuple[str, int]]], start: str, radius: int) -> None:
        seen, frontier = {start}, [start]
        for level in range(radius):
            missing = [n for n in frontier if n not in cache]
            for chunk in chunks(missing, BATCH):
                cache.update(self._edge_rows(chunk))
            next_frontier = []
            for node in frontier:
                for other, _weight in heaviest(cache[node], level):
                    if other not in seen:
                        seen.add(other)
                        next_frontier.append(other)
            frontier = next_frontier

    def _edge_rows(self, ids: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Per node: (neighbour, weight) for every aggregated edge, either direction, like SQLite's edges."""
        rows = self._read(
            "MATCH (e:Entity)-[r]-(o:Entity) WHERE e.id IN $ids"
            " RETURN e.id AS node, o.id AS other, r.type AS type, startNode(r) = e AS outgoing,"
            " count(r) AS weight",
            ids=ids,
        )
        found: dict[str, list[tuple[str, int]]] = {node: [] for node in ids}
        for row in sorted(rows, key=lambda r: (not r["outgoing"], r["other"], r["type"])):
            found[row["node"]].append((row["other"], row["weight"]))
        return found

    # --- documents and events ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        rows = self._read(
            "MATCH (d:Document {id: $id}) RETURN d.id AS id, d.title AS title, d.text AS text,"
            " d.source AS source, d.published AS published",
            id=doc_id,
        )
        return Document.from_dict(rows[0]) if rows else None

    def documents(self) -> list[Document]:
        rows = self._read(
            "MATCH (d:Document) RETURN d.id AS id, d.title AS title, d.source AS source,"
            " d.published AS published ORDER BY d.ingested DESC"
        )
        return [Document(text="", **row) for row in rows]

    def documents_for(self, entity_id: str) -> list[Document]:
        rows = self._read(
            "MATCH (:Entity {id: $id})-[m:MENTIONED_IN]->(d:Document) WHERE m.count > 0"
            " RETURN d.id AS id, d.title AS title, d.source AS source, d.published AS published",
            id=entity_id,
        )
        # SQLite order: published DESC with undated last, then title.
        rows.sort(key=lambda r: r["title"])
        rows.sort(key=lambda r: r["published"] or "", reverse=True)
        return [Document(text="", **row) for row in rows]

    def mentions_in(self, doc_id: str) -> list[Mention]:
        rows = self._read(
            "MATCH (e:Entity)-[m:MENTIONED_IN]->(:Document {id: $id}) WHERE m.count > 0"
            " RETURN e.id AS entity, m.sentences AS sentences, m.starts AS starts, m.ends AS ends,"
            " m.texts AS texts",
            id=doc_id,
        )
        mentions = [
            Mention(row["entity"], doc_id, sentence, start, end, text)
            for row in rows
            for sentence, start, end, text in zip(
                row["sentences"], row["starts"], row["ends"], row["texts"], strict=True
            )
        ]
        return sorted(mentions, key=lambda m: m.start)

    def relations_in(self, doc_id: str) -> list[Relation]:
        rows = self._read(
            "MATCH (a:Entity)-[:MENTIONED_IN]->(:Document {id: $id})"
            f" MATCH (a)-[r]->(b:Entity) WHERE r.doc = $id RETURN {RELATION_FIELDS}",
            id=doc_id,
        )
        rows.sort(key=lambda r: (r["sentence"], r["type"], r["ingested"], r["n"]))
        return [Relation.from_dict(r) for r in rows]

    def extraction(self, doc_id: str) -> Extraction | None:
        """The stored document as a resolved Extraction (what `copy` writes into another store)."""
        document = self.document(doc_id)
        if document is None:
            return None
        mentions, relations = self.mentions_in(doc_id), self.relations_in(doc_id)
        events = self._events("MATCH (v:Event) WHERE v.doc = $doc", doc=doc_id)
        events.sort(key=lambda e: (e.sentence, e.id))
        used = {m.entity for m in mentions} | {r.source for r in relations} | {r.target for r in relations}
        used |= {p.entity for e in events for p in e.participants}
        return Extraction(document, self.entities(sorted(used)), mentions, relations, events)

    def timeline(self, entity_id: str | None = None) -> list[Event]:
        if entity_id is None:
            events = self._events("MATCH (v:Event)")
        else:
            events = self._events(
                "MATCH (:Entity {id: $entity})-[:PARTICIPATED_IN]->(v:Event) WITH DISTINCT v",
                entity=entity_id,
            )
        return sorted(events, key=timeline_order)

    def _events(self, match: str, **params: Any) -> list[Event]:
        rows = self._read(
            f"{match} OPTIONAL MATCH (p:Entity)-[t:PARTICIPATED_IN]->(v)"
            f" RETURN {EVENT_FIELDS}, collect([t.n, p.id, t.role]) AS participants",
            **params,
        )
        events = []
        for row in rows:
            people = sorted((p for p in row.pop("participants") if p[1] is not None), key=lambda p: (p[2], p[1]))
            events.append(Event(**row, participants=[Participant(p[1], p[2]) for p in people]))
        return events

    def stats(self) -> dict[str, int]:
        row = self._read(
            "RETURN COUNT { MATCH (:Document) } AS documents, COUNT { MATCH (:Entity) } AS entities,"
            " COUNT { MATCH (:Entity)-[]->(:Entity) } AS relations,"
            " COUNT { MATCH (:Entity)-[:CO_MENTIONED]->(:Entity) } AS co_mentions,"
            " COUNT { MATCH (:Event) } AS events"
        )[0]
        mentions = self._read("MATCH ()-[m:MENTIONED_IN]->() RETURN sum(m.count) AS n")[0]["n"] or 0
        return {
            "documents": row["documents"],
            "entities": row["entities"],
            "relations": row["relations"],
            "mentions": mentions,
            "events": row["events"],
            "typed_relations": row["relations"] - row["co_mentions"],
        }

    # --- curation log --------------------------------------------------------------------------------
    def curation_log(self) -> list[CurationAction]:
        rows = self._read(
            "MATCH (c:Curation) RETURN c.kind AS kind, c.payload AS payload, c.reason AS reason,"
            " c.at AS at, c.seq AS seq ORDER BY c.seq"
        )
        return [_curation(row) for row in rows]

    def append_curation(self, action: CurationAction) -> CurationAction:
        at = action.at or now()

        def append(tx: ManagedTransaction) -> int:
            record = tx.run(
                "MERGE (n:Counter {name: 'curation'}) ON CREATE SET n.value = 1"
                " ON MATCH SET n.value = n.value + 1"
                " CREATE (c:Curation {seq: n.value, at: $at, kind: $kind, payload: $payload, reason: $reason})"
                " RETURN c.seq AS seq",
                at=at,
                kind=action.kind,
                payload=json.dumps(action.payload, sort_keys=True),
                reason=action.reason,
            ).single()
            return int(record["seq"]) if record else 0

        seq = self._write(append)
        return CurationAction(action.kind, action.payload, action.reason, at, seq)

    def pop_curation(self) -> CurationAction | None:
        def pop(tx: ManagedTransaction) -> dict[str, Any] | None:
            record = tx.run(
                "MATCH (c:Curation) WITH c ORDER BY c.seq DESC LIMIT 1"
                " WITH c, c.kind AS kind, c.payload AS payload, c.reason AS reason, c.at AS at, c.seq AS seq"
                " DELETE c RETURN kind, payload, reason, at, seq"
            ).single()
            return record.data() if record else None

        row = self._write(pop)
        return _curation(row) if row else None

    # --- curation primitives (explorer/curate.py decides what to write) -------------------------------
    def relation(self, relation_id: str) -> Relation | None:
        rows = self._read(
            f"MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id = $id RETURN {RELATION_FIELDS} LIMIT 1", id=relation_id
        )
        return Relation.from_dict(rows[0]) if rows else None

    def curation_slice(
        self, entity_ids: Iterable[str] = (), edges: Iterable[tuple[str, str, str]] = ()
    ) -> GraphSlice:
        ids = list(dict.fromkeys(entity_ids))
        found = GraphSlice(entities=self.entities(ids))
        rows: dict[str, dict[str, Any]] = {}
        for chunk in chunks(ids, BATCH):
            for row in self._read(
                "MATCH (e:Entity)-[m:MENTIONED_IN]->(d:Document) WHERE e.id IN $ids AND m.count > 0"
                " RETURN e.id AS entity, d.id AS doc, m.sentences AS sentences, m.starts AS starts,"
                " m.ends AS ends, m.texts AS texts",
                ids=chunk,
            ):
                found.mentions += _link_mentions(row)
            for row in self._read(
                "MATCH (e:Entity)-[t:PARTICIPATED_IN]->(v:Event) WHERE e.id IN $ids"
                " RETURN v.id AS event, e.id AS entity, t.role AS role, v.doc AS doc, v.sentence AS sentence,"
                " t.n AS n ORDER BY v.id, t.n",
                ids=chunk,
            ):
                role = EventRole(row["event"], row["entity"], row["role"], row["doc"], row["sentence"])
                found.roles.append(role)
                found.positions[f"role:{role.key}"] = row["n"]
            for row in self._read(
                f"MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids RETURN {RELATION_FIELDS}, r.id AS id"
                f" UNION MATCH (a:Entity)-[r]->(b:Entity) WHERE b.id IN $ids RETURN {RELATION_FIELDS}, r.id AS id",
                ids=chunk,
            ):
                rows[row["id"]] = row
        for source, target, type_ in edges:
            for row in self._read(
                f"MATCH (a:Entity {{id: $source}})-[r]->(b:Entity {{id: $target}}) WHERE r.type = $type"
                f" RETURN {RELATION_FIELDS}, r.id AS id",
                source=source,
                target=target,
                type=type_,
            ):
                rows[row["id"]] = row
        # Stored order matters: edge labels are the first distinct labels in ingest order.
        for row in sorted(rows.values(), key=lambda r: (r["ingested"] or 0, r["n"] or 0, r["id"])):
            found.relations.append(Relation.from_dict(row))
            found.positions[f"relation:{row['id']}"] = [row["ingested"], row["n"]]
        return found

    def replace_slice(self, before: GraphSlice, after: GraphSlice) -> None:
        gone, come = slice_changes(before, after)
        self._write(_SliceSwap(gone, come, time.time_ns()).run)

    # --- read-only Cypher for the Query page ---------------------------------------------------------
    def run_read_query(
        self, cypher: str, params: dict[str, Any] | None = None, timeout: float = 10.0, max_rows: int = 1000
    ) -> ReadResult:
        """Run an analyst's query with a time-out, keeping at most `max_rows` rows, under the guards of
        explorer.store.read_query: refused unless the server says it only reads, and always rolled back."""
        try:
            if self._explains_honestly is None:
                self._explains_honestly = explains_honestly(self._driver, self.database)
            if self._explains_honestly:
                refuse_unless_explained_read(self._driver, self.database, cypher)
            return run_rolled_back(self._driver, self.database, cypher, params or {}, timeout, max_rows)
        except neo4j_errors.Neo4jError as error:
            if "AccessMode" in (error.code or ""):  # Neo4j's own refusal of a write in a READ transaction
                raise QueryRefused(f"This console only reads: the database refused it ({_one_line(error)}).") from None
            raise StoreError(f"Neo4j at {self.url}: {_one_line(error)}") from None
        except (neo4j_errors.DriverError, OSError) as error:
            raise StoreError(f"Neo4j at {self.url}: {_one_line(error)}") from None


@dataclass
class _WritePlan:
    """One document's writes, grouped for UNWIND batches and computed before the transaction opens."""

    extraction: Extraction
    ingested: int = 0

    @classmethod
    def of(cls, extraction: Extraction) -> _WritePlan:
        return cls(extraction, time.time_ns())

    def run(self, tx: ManagedTransaction) -> bool:
        doc = self.extraction.document
        if tx.run("MATCH (d:Document {id: $id}) RETURN 1 AS one", id=doc.id).single():
            return False
        tx.run(
            "CREATE (:Document {id: $id, title: $title, source: $source, published: $published, text: $text,"
            " ingested_at: $at, ingested: $ingested})",
            id=doc.id,
            title=doc.title,
            source=doc.source,
            published=doc.published,
            text=doc.text,
            at=now(),
            ingested=self.ingested,
        ).consume()
        self._entities(tx)
        self._mentions(tx)
        self._relations(tx)
        self._events(tx)
        _recount(tx, [e.id for e in self.extraction.entities])
        return True

    def _entities(self, tx: ManagedTransaction) -> None:
        entities = list({e.id: e for e in self.extraction.entities}.values())
        known: dict[str, dict[str, Any]] = {}
        for chunk in chunks([e.id for e in entities], BATCH):
            for record in tx.run(
                "MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id, e.roles AS roles,"
                " e.alias_names AS names, e.alias_rules AS rules, e.alias_scores AS scores",
                ids=chunk,
            ):
                known[record["id"]] = record.data()
        rows = [_entity_row(entity, known.get(entity.id)) for entity in entities]
        for chunk in chunks(rows, BATCH):
            tx.run(
                "UNWIND $rows AS row MERGE (e:Entity {id: row.id})"
                " ON CREATE SET e.key = row.key, e.mention_count = 0, e.doc_count = 0"
                " SET e.name = row.name, e.type = row.type, e.roles = row.roles,"
                " e.alias_names = row.alias_names, e.alias_rules = row.alias_rules,"
                " e.alias_scores = row.alias_scores, e.search_words = row.search_words",
                rows=chunk,
            ).consume()

    def _mentions(self, tx: ManagedTransaction) -> None:
        """One MENTIONED_IN per entity the document names or relates (count 0 when it only relates it)."""
        ex = self.extraction
        named: dict[str, list[Mention]] = {}
        for mention in ex.mentions:
            named.setdefault(mention.entity, []).append(mention)
        for relation in ex.relations:
            named.setdefault(relation.source, [])
            named.setdefault(relation.target, [])
        _create_links(tx, [_link_row(entity, ex.document.id, mentions) for entity, mentions in named.items()])

    def _relations(self, tx: ManagedTransaction) -> None:
        unique = {r.id: r for r in reversed(self.extraction.relations)}  # first one of each id wins
        doc = self.extraction.document.id  # the document being stored owns its assertions
        rows = [
            (relation, doc, self.ingested, n)
            for n, relation in enumerate(self.extraction.relations)
            if unique.get(relation.id) is relation
        ]
        _create_relations(tx, rows)

    def _events(self, tx: ManagedTransaction) -> None:
        doc = self.extraction.document.id
        events = [
            {
                "id": e.id,
                "label": e.label,
                "date": e.date,
                "precision": e.precision,
                "sentence": e.sentence,
                "evidence": e.evidence,
                "date_text": e.date_text,
                "participants": [{"entity": p.entity, "role": p.role, "n": n} for n, p in enumerate(e.participants)],
            }
            for e in self.extraction.events
        ]
        for chunk in chunks(events, BATCH):
            tx.run(
                "UNWIND $rows AS row MERGE (v:Event {id: row.id})"
                " ON CREATE SET v.label = row.label, v.date = row.date, v.precision = row.precision,"
                " v.doc = $doc, v.sentence = row.sentence, v.evidence = row.evidence,"
                " v.date_text = row.date_text"
                " WITH v, row UNWIND row.participants AS p MATCH (e:Entity {id: p.entity})"
                " MERGE (e)-[t:PARTICIPATED_IN {role: p.role}]->(v) ON CREATE SET t.n = p.n",
                rows=chunk,
                doc=doc,
            ).consume()


@dataclass
class _SliceSwap:
    """One curation write: delete the rows of `gone`, write those of `come`, then rebuild the derived
    MENTIONED_IN links and counts of every entity and document touched."""

    gone: GraphSlice
    come: GraphSlice
    stamp: int

    def run(self, tx: ManagedTransaction) -> None:
        kept = {e.id for e in self.come.entities}
        links = self._touched_links()
        self._delete(tx, kept)
        self._write_entities(tx)
        self._write_relations(tx)
        self._write_roles(tx)
        self._relink(tx, links)
        _recount(tx, sorted({entity for entity, _ in links} | kept))

    def _touched_links(self) -> set[tuple[str, str]]:
        links = {(m.entity, m.doc) for m in [*self.gone.mentions, *self.come.mentions]}
        for r in [*self.gone.relations, *self.come.relations]:
            links |= {(r.source, r.doc), (r.target, r.doc)}
        return links

    def _delete(self, tx: ManagedTransaction, kept: set[str]) -> None:
        rows = [{"source": r.source, "id": r.id} for r in self.gone.relations]
        for chunk in chunks(rows, BATCH):
            tx.run(
                "UNWIND $rows AS row MATCH (a:Entity {id: row.source})-[r]->(:Entity) WHERE r.id = row.id DELETE r",
                rows=chunk,
            ).consume()
        roles = [{"event": r.event, "entity": r.entity, "role": r.role} for r in self.gone.roles]
        for chunk in chunks(roles, BATCH):
            tx.run(
                "UNWIND $rows AS row MATCH (e:Entity {id: row.entity})-[t:PARTICIPATED_IN]->(v:Event {id: row.event})"
                " WHERE t.role = row.role DELETE t",
                rows=chunk,
            ).consume()
        dropped = [e.id for e in self.gone.entities if e.id not in kept]
        for chunk in chunks(dropped, BATCH):
            tx.run("MATCH (e:Entity) WHERE e.id IN $ids DETACH DELETE e", ids=chunk).consume()

    def _write_entities(self, tx: ManagedTransaction) -> None:
        rows = [_entity_row(entity, None) for entity in self.come.entities]
        for chunk in chunks(rows, BATCH):
            tx.run(
                "UNWIND $rows AS row MERGE (e:Entity {id: row.id})"
                " ON CREATE SET e.mention_count = 0, e.doc_count = 0"
                " SET e.name = row.name, e.type = row.type, e.key = row.key, e.roles = row.roles,"
                " e.alias_names = row.alias_names, e.alias_rules = row.alias_rules,"
                " e.alias_scores = row.alias_scores, e.search_words = row.search_words",
                rows=chunk,
            ).consume()

    def _write_relations(self, tx: ManagedTransaction) -> None:
        rows = []
        for n, relation in enumerate(self.come.relations):
            # Back where it was when the row was read from here; otherwise after everything stored so far.
            ingested, order = self.come.positions.get(f"relation:{relation.id}") or [self.stamp, n]
            rows.append((relation, relation.doc, ingested, order))
        _create_relations(tx, rows)

    def _write_roles(self, tx: ManagedTransaction) -> None:
        positions = self.come.positions
        rows = [
            {"event": r.event, "entity": r.entity, "role": r.role, "n": positions.get(f"role:{r.key}", 1000 + n)}
            for n, r in enumerate(self.come.roles)
        ]
        for chunk in chunks(rows, BATCH):
            tx.run(
                "UNWIND $rows AS row MATCH (e:Entity {id: row.entity}), (v:Event {id: row.event})"
                " CREATE (e)-[:PARTICIPATED_IN {role: row.role, n: row.n}]->(v)",
                rows=chunk,
            ).consume()

    def _relink(self, tx: ManagedTransaction, links: set[tuple[str, str]]) -> None:
        """MENTIONED_IN of each touched (entity, document): its mentions now, or count 0 when the document
        only relates the entity; gone when neither."""
        removed = {m.key for m in self.gone.mentions}
        added: dict[tuple[str, str], list[Mention]] = {}
        for m in self.come.mentions:
            added.setdefault((m.entity, m.doc), []).append(m)
        rows = []
        for entity, doc in sorted(links):
            record = tx.run(
                "MATCH (e:Entity {id: $entity}) OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(:Document {id: $doc})"
                " OPTIONAL MATCH (e)-[r]-(:Entity) WHERE r.doc = $doc"
                " RETURN m.sentences AS sentences, m.starts AS starts, m.ends AS ends, m.texts AS texts,"
                " count(r) AS related",
                entity=entity,
                doc=doc,
            ).single()
            if record is None:
                continue  # the entity is gone
            old = _link_mentions({"entity": entity, "doc": doc, **record.data()}) if record["starts"] else []
            mentions = [m for m in old if m.key not in removed]
            mentions += added.get((entity, doc), [])
            if mentions or record["related"]:
                rows.append(_link_row(entity, doc, mentions))
            tx.run(
                "MATCH (:Entity {id: $entity})-[m:MENTIONED_IN]->(:Document {id: $doc}) DELETE m",
                entity=entity,
                doc=doc,
            ).consume()
        _create_links(tx, rows)


def _link_row(entity: str, doc: str, mentions: list[Mention]) -> dict[str, Any]:
    """The properties of one MENTIONED_IN link holding these mentions (none: the document only relates it)."""
    return {
        "entity": entity,
        "doc": doc,
        "count": len(mentions),
        "sentences": [m.sentence for m in mentions],
        "starts": [m.start for m in mentions],
        "ends": [m.end for m in mentions],
        "texts": [m.text for m in mentions],
    }


def _create_links(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    """CREATE the MENTIONED_IN links of `_link_row` rows, batched."""
    for chunk in chunks(rows, BATCH):
        tx.run(
            "UNWIND $rows AS row MATCH (e:Entity {id: row.entity}), (d:Document {id: row.doc})"
            " CREATE (e)-[:MENTIONED_IN {count: row.count, sentences: row.sentences, starts: row.starts,"
            " ends: row.ends, texts: row.texts}]->(d)",
            rows=chunk,
        ).consume()


def _recount(tx: ManagedTransaction, entity_ids: list[str]) -> None:
    """Each entity's mention_count and doc_count, counted again from its MENTIONED_IN links."""
    for chunk in chunks(entity_ids, BATCH):
        tx.run(
            "MATCH (e:Entity) WHERE e.id IN $ids OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(:Document)"
            " WITH e, sum(coalesce(m.count, 0)) AS mentions,"
            " sum(CASE WHEN m.count > 0 THEN 1 ELSE 0 END) AS documents"
            " SET e.mention_count = mentions, e.doc_count = documents",
            ids=chunk,
        ).consume()


def _link_mentions(row: dict[str, Any]) -> list[Mention]:
    """The mentions one MENTIONED_IN link holds."""
    return [
        Mention(row["entity"], row["doc"], sentence, start, end, text)
        for sentence, start, end, text in zip(
            row["sentences"] or [], row["starts"] or [], row["ends"] or [], row["texts"] or [], strict=True
        )
    ]


def _entity_row(entity: Entity, known: dict[str, Any] | None) -> dict[str, Any]:
    """Entity properties after this write: name and type replaced, roles and aliases added (first wins)."""
    names = list((known or {}).get("names") or [])
    rules = list((known or {}).get("rules") or [])
    scores = list((known or {}).get("scores") or [])
    notes = {note.alias: note for note in entity.merges}
    for alias in dict.fromkeys([entity.name, *entity.aliases]):
        if alias not in names:
            note = notes.get(alias)
            names.append(alias)
            rules.append(note.rule if note else "")
            scores.append(float(note.score) if note else 1.0)
    roles = list(dict.fromkeys(list((known or {}).get("roles") or []) + entity.roles))
    words = list(dict.fromkeys(w for name in [entity.name, *names] for w in search_words(name)))
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "key": entity.key,
        "roles": roles,
        "alias_names": names,
        "alias_rules": rules,
        "alias_scores": scores,
        "search_words": words,
    }


def _entity(row: dict[str, Any]) -> Entity:
    entity = Entity(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        mention_count=row["mention_count"] or 0,
        doc_count=row["doc_count"] or 0,
        roles=list(row["roles"] or []),
        key=row["key"] or "",
    )
    for alias, rule, score in zip(
        row["alias_names"] or [], row["alias_rules"] or [], row["alias_scores"] or [], strict=False
    ):
        if alias == entity.name:
            continue
        entity.aliases.append(alias)
        if rule:
            entity.merges.append(MergeNote(alias, rule, score))
    return entity


def _aggregate(assertions: list[dict[str, Any]]) -> list[Edge]:
    """Assertions → one Edge per (source, target, type): weight counted, first labels kept in ingest order."""
    stated: dict[tuple[str, str, str], list[str]] = {}
    for row in sorted(assertions, key=lambda r: (r["ingested"] or 0, r["n"] or 0)):
        stated.setdefault((row["source"], row["target"], row["type"]), []).append(row["label"])
    return [Edge(*key, len(labels), merge_labels_list([], labels)) for key, labels in sorted(stated.items())]


def _curation(row: dict[str, Any]) -> CurationAction:
    return CurationAction(row["kind"], json.loads(row["payload"]), row["reason"] or "", row["at"], row["seq"])


def search_words(text: str) -> list[str]:
    """Lower-case, accent-free alphanumeric words: what SQLite's FTS5 unicode61 tokenizer would index."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if unicodedata.category(ch) != "Mn")
    return "".join(ch if ch.isalnum() else " " for ch in folded).split()


def _valid_address(address: str) -> bool:
    """A Neo4j scheme and a host (a port, when given, a number)."""
    try:
        parts = urlsplit(address)
        return parts.scheme.lower() in NEO4J_SCHEMES and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a bad port or IPv6 literal
        return False


def _missing_database(error: Exception) -> bool:
    code = getattr(error, "code", "") or ""
    message = str(getattr(error, "message", "") or error).lower()
    return "DatabaseNotFound" in code or ("database" in message and "not" in message and "exist" in message)


def _one_line(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return re.sub(r"\s+", " ", str(message)).strip()[:300]



def _create_relations(tx: ManagedTransaction, rows: list[tuple[Relation, str, Any, int]]) -> None:
    """One relationship per assertion (relation, document, ingest stamp, order), batched per controlled type."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for relation, doc, ingested, order in rows:
        cypher_type = relation.type if relation.type in RELATION_TYPES else UNKNOWN_TYPE
        by_type.setdefault(cypher_type, []).append(
            {
                **relation.to_dict(),
                "id": relation.id,
                "doc": doc,
                "confidence": float(relation.confidence),
                "ingested": ingested,
                "n": order,
            }
        )
    for cypher_type, typed in by_type.items():
        assert cypher_type in RELATION_TYPES  # the only text ever spliced into Cypher
        for chunk in chunks(typed, BATCH):
            tx.run(
                "UNWIND $rows AS row MATCH (a:Entity {id: row.source}), (b:Entity {id: row.target})"
                f" CREATE (a)-[:{cypher_type} {{id: row.id, type: row.type, label: row.label, doc: row.doc,"
                " sentence: row.sentence, evidence: row.evidence, confidence: row.confidence,"
                " ingested: row.ingested, n: row.n}]->(b)",
                rows=chunk,
            ).consume()
