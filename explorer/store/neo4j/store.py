"""Neo4jStore: the GraphStore over a Neo4j database, its reads, and the read-only query console."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from typing import Any

from neo4j import ManagedTransaction
from neo4j import exceptions as neo4j_errors

from explorer.curation.rows import GraphSlice, ReplayRecord, slice_changes
from explorer.model import (
    CO_MENTIONED,
    CurationAction,
    Document,
    Entity,
    Event,
    Extraction,
    Figure,
    Mention,
    Participant,
    Relation,
    Subgraph,
    timeline_order,
)
from explorer.store.base import (
    DocumentRecords,
    EvidenceFilter,
    MakeRecords,
    StoreChanges,
    StoreError,
    chunks,
    join_parts,
    most_telling,
    now,
)
from explorer.store.neighbourhood import heaviest_weights
from explorer.store.neo4j import rows, schema, slices
from explorer.store.neo4j.connection import BATCH, Connection
from explorer.store.neo4j.connection import one_line as _one_line
from explorer.store.neo4j.rows import ENTITY_FIELDS, EVENT_FIELDS, RELATION_FIELDS
from explorer.store.neo4j.writes import WritePlan, next_generation, write_replays
from explorer.store.paths import PathOptions, best_paths, heaviest
from explorer.store.read_query import (
    QueryRefused,
    ReadResult,
    explains_honestly,
    refuse_unless_explained_read,
    run_rolled_back,
)
from explorer.store.search import search_words
from explorer.store.shared import SharedReads

OUTGOING = "(a:Entity {id: $id})-[r]->(b:Entity) WHERE"
INCOMING = "(a:Entity)-[r]->(b:Entity {id: $id}) WHERE a.id <> $id AND"  # a self-loop is already outgoing


def _changes(tx: ManagedTransaction, since: int | None) -> StoreChanges:
    """What other writers changed since generation `since` (read inside the writing transaction)."""
    if since is None:
        return StoreChanges()
    found = tx.run(f"MATCH (e:Entity) WHERE e.stamp > $since RETURN {ENTITY_FIELDS}", since=since)
    entities = [rows.entity(record.data()) for record in found]
    curation = tx.run("MATCH (c:Counter {name: 'curation_generation'}) RETURN c.value AS value").single()
    return StoreChanges(entities, bool(curation and curation["value"] > since))


class Neo4jStore(SharedReads):
    """GraphStore over a Neo4j database (or anything that speaks Bolt and Neo4j 5 Cypher)."""

    _words = staticmethod(search_words)  # the words `search_words` are stored as

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._driver = connection.driver
        self.url = connection.url
        self.database = connection.database
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
        connection = Connection.open(url, user, password, database)
        try:
            schema.check_or_create(connection)
        except BaseException:
            connection.driver.close()
            raise
        return cls(connection)

    def close(self) -> None:
        self._driver.close()

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self._connection.read(query, **params)

    # --- writing -------------------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return bool(self._read("MATCH (d:Document {id: $id}) RETURN 1 AS one", id=doc_id))

    def generation(self) -> int:
        found = self._read("MATCH (g:Counter {name: 'generation'}) RETURN g.value AS value")
        return int(found[0]["value"]) if found else 0

    def write_document(self, document: Document, since: int | None, make: MakeRecords) -> int | None:
        """Unlike SQLite, a document in parts is joined and held whole: the write plan batches rows per
        document, and the driver retries a transaction by running its work again."""

        def work(tx: ManagedTransaction) -> int | None:
            if tx.run("MATCH (d:Document {id: $id}) RETURN 1 AS one", id=document.id).single():
                return None
            generation = next_generation(tx)
            records = make(_changes(tx, since))
            extraction = next(iter(records.parts)) if records.whole else join_parts(document, records.parts)
            plan = WritePlan(extraction, generation)
            plan.run(tx)
            write_replays(tx, records.replays, plan.ingested)
            return generation

        return self._connection.write(work)

    def upsert_extraction(self, extraction: Extraction) -> bool:
        return self.write_document(extraction.document, None, lambda _: DocumentRecords([extraction])) is not None

    def upsert_parts(self, document: Document, parts: Iterable[Extraction]) -> bool:
        """The parts joined before the transaction: a retried transaction cannot consume them again."""
        if self.has_document(document.id):
            return False
        return self.upsert_extraction(join_parts(document, parts))

    # --- entities ------------------------------------------------------------------------------------
    def entities(self, ids: Iterable[str]) -> list[Entity]:
        ids = list(dict.fromkeys(ids))
        by_id: dict[str, Entity] = {}
        for chunk in chunks(ids, BATCH):
            found = self._read(f"MATCH (e:Entity) WHERE e.id IN $ids RETURN {ENTITY_FIELDS}", ids=chunk)
            by_id.update((row["id"], rows.entity(row)) for row in found)
        return [by_id[i] for i in ids if i in by_id]

    def iter_entities(self) -> Iterator[Entity]:
        after = ""
        while True:
            found = self._read(
                f"MATCH (e:Entity) WHERE e.id > $after RETURN {ENTITY_FIELDS} ORDER BY e.id LIMIT $size",
                after=after,
                size=BATCH,
            )
            yield from (rows.entity(row) for row in found)
            if len(found) < BATCH:
                return
            after = found[-1]["id"]

    def _name_candidates(self, prefixes: list[str], cap: int) -> dict[str, list[str]]:
        """Names of the entities with, for every prefix, a name word starting with it (the portable
        full-text stand-in)."""
        found = self._read(
            "MATCH (e:Entity) WHERE all(p IN $prefixes WHERE any(w IN e.search_words WHERE w STARTS WITH p))"
            " RETURN e.id AS id, e.name AS name, e.alias_names AS names LIMIT $cap",
            prefixes=prefixes,
            cap=cap,
        )
        return {row["id"]: [row["name"], *(row["names"] or [])] for row in found}

    def top_entities(self, limit: int = 20) -> list[Entity]:
        found = self._read(
            f"MATCH (e:Entity) RETURN {ENTITY_FIELDS} ORDER BY e.mention_count DESC, e.name LIMIT $limit",
            limit=limit,
        )
        return [rows.entity(row) for row in found]

    # --- relations and graph -------------------------------------------------------------------------
    def _neighbour_weights(
        self, frontier: list[str], hop: int, relation_types: set[str], include_co_mentions: bool
    ) -> dict[str, int]:
        """Per neighbour, the weights of the heaviest edges of the wanted types from each frontier node,
        either direction (weights counted from the assertions: there is no stored edge)."""
        edges: list[tuple[str, bool, str, str, int]] = []
        for chunk in chunks(frontier, BATCH):
            edges += [
                (row["node"], row["outgoing"], row["other"], row["type"], row["weight"])
                for row in self._read(
                    "MATCH (e:Entity)-[r]-(o:Entity) WHERE e.id IN $ids"
                    " AND ($co OR r.type <> $co_type)"
                    " AND (size($types) = 0 OR r.type IN $types OR r.type = $co_type)"
                    " RETURN e.id AS node, startNode(r) = e AS outgoing, o.id AS other, r.type AS type,"
                    " count(r) AS weight",
                    ids=chunk,
                    co=include_co_mentions,
                    co_type=CO_MENTIONED,
                    types=sorted(relation_types),
                )
            ]
        return heaviest_weights(edges, hop)

    def subgraph(
        self, entity_ids: Iterable[str], include_co_mentions: bool = True, evidence: EvidenceFilter | None = None
    ) -> Subgraph:
        nodes = self.entities(entity_ids)
        ids = [n.id for n in nodes]
        evidence = evidence or EvidenceFilter()
        docs = [d.id for d in self.documents() if evidence.admits(d.published)] if evidence.dated else []
        assertions: list[dict[str, Any]] = []
        for chunk in chunks(ids, BATCH):
            assertions += self._read(
                "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $chunk AND b.id IN $ids"
                " AND ($co OR r.type <> $co_type) AND r.confidence >= $confidence AND (NOT $dated OR r.doc IN $docs)"
                " RETURN a.id AS source, b.id AS target, r.type AS type, r.label AS label,"
                " r.ingested AS ingested, r.n AS n",
                chunk=chunk,
                ids=ids,
                co=include_co_mentions,
                co_type=CO_MENTIONED,
                confidence=evidence.min_confidence,
                dated=evidence.dated,
                docs=docs,
            )
        return Subgraph(nodes=nodes, edges=rows.aggregate(assertions))

    def relations_of(
        self, entity_id: str, relation_types: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Relation]:
        # Each direction ranked and capped in the database (a hub has 100k+ assertions); the strongest of
        # both are among the two tops.
        found: list[dict[str, Any]] = []
        for match in (OUTGOING, INCOMING):
            found += self._read(
                f"MATCH {match} (size($types) = 0 OR r.type IN $types) RETURN {RELATION_FIELDS}"
                " ORDER BY CASE WHEN r.type = $co_type THEN 1 ELSE 0 END, r.confidence DESC, r.doc, r.sentence"
                + (" LIMIT $limit" if limit is not None else ""),
                id=entity_id,
                types=sorted(set(relation_types or [])),
                co_type=CO_MENTIONED,
                limit=limit,
            )
        return most_telling(map(Relation.from_dict, found), limit)

    def relations_between(self, a: str, b: str) -> list[Relation]:
        found = self._read(
            f"MATCH (a:Entity {{id: $a}})-[r]->(b:Entity {{id: $b}}) RETURN {RELATION_FIELDS}"
            f" UNION MATCH (a:Entity {{id: $b}})-[r]->(b:Entity {{id: $a}}) RETURN {RELATION_FIELDS}",
            a=a,
            b=b,
        )
        return [Relation.from_dict(r) for r in sorted(found, key=lambda r: (r["type"], r["doc"], r["sentence"]))]

    def relations_by_type(self, relation_types: Iterable[str]) -> list[Relation]:
        found = self._read(
            f"MATCH (a:Entity)-[r]->(b:Entity) WHERE r.type IN $types RETURN {RELATION_FIELDS}",
            types=list(relation_types),
        )
        found.sort(key=lambda r: (r["doc"], r["sentence"], r["type"], r["source"], r["target"]))
        return [Relation.from_dict(r) for r in found]

    def paths(
        self, source: str, target: str, k: int = 5, max_length: int = 4, options: PathOptions | None = None
    ) -> list[list[str]]:
        cache: dict[str, list[tuple[str, str, int]]] = {}
        if source != target:
            # Fetch each breadth-first level in one query, exactly the nodes best_paths will ask for first.
            self._prefetch_neighbours(cache, source, (max_length + 1) // 2)
            self._prefetch_neighbours(cache, target, max_length // 2)

        def neighbours(node: str) -> list[tuple[str, str, int]]:
            if node not in cache:
                cache.update(self._edge_rows([node]))
            return cache[node]

        def types(ids: list[str]) -> dict[str, str]:
            found: dict[str, str] = {}
            for chunk in chunks(ids, BATCH):
                query = "MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id, e.type AS type"
                for row in self._read(query, ids=chunk):
                    found[row["id"]] = row["type"]
            return found

        return best_paths(neighbours, types, source, target, k=k, max_length=max_length, options=options)

    def _prefetch_neighbours(
        self, cache: dict[str, list[tuple[str, str, int]]], start: str, radius: int
    ) -> None:
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

    def _edge_rows(self, ids: list[str]) -> dict[str, list[tuple[str, str, int]]]:
        """Per node: (neighbour, type, weight) for every aggregated edge, either direction, like SQLite's edges."""
        edges = self._read(
            "MATCH (e:Entity)-[r]-(o:Entity) WHERE e.id IN $ids"
            " RETURN e.id AS node, o.id AS other, r.type AS type, startNode(r) = e AS outgoing,"
            " count(r) AS weight",
            ids=ids,
        )
        found: dict[str, list[tuple[str, str, int]]] = {node: [] for node in ids}
        for row in sorted(edges, key=lambda r: (not r["outgoing"], r["other"], r["type"])):
            found[row["node"]].append((row["other"], row["type"], row["weight"]))
        return found

    # --- documents and events ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        found = self._read(
            "MATCH (d:Document {id: $id}) RETURN d.id AS id, d.title AS title, d.text AS text,"
            " d.source AS source, d.published AS published, coalesce(d.outlet, '') AS outlet",
            id=doc_id,
        )
        return Document.from_dict(found[0]) if found else None

    def documents(self) -> list[Document]:
        found = self._read(
            "MATCH (d:Document) RETURN d.id AS id, d.title AS title, d.source AS source,"
            " d.published AS published, coalesce(d.outlet, '') AS outlet ORDER BY d.ingested DESC"
        )
        return [Document(text="", **row) for row in found]

    def documents_for(self, entity_id: str) -> list[Document]:
        found = self._read(
            "MATCH (:Entity {id: $id})-[m:MENTIONED_IN]->(d:Document) WHERE m.count > 0"
            " RETURN d.id AS id, d.title AS title, d.source AS source, d.published AS published,"
            " coalesce(d.outlet, '') AS outlet",
            id=entity_id,
        )
        # SQLite order: published DESC with undated last, then title.
        found.sort(key=lambda r: r["title"])
        found.sort(key=lambda r: r["published"] or "", reverse=True)
        return [Document(text="", **row) for row in found]

    def document_counts(self) -> dict[str, tuple[int, int]]:
        entities = self._read(
            "MATCH (e:Entity)-[m:MENTIONED_IN]->(d:Document) WHERE m.count > 0 RETURN d.id AS doc, count(e) AS n"
        )
        relations = self._read(
            "MATCH (:Entity)-[r]->(:Entity) WHERE r.type <> $co_type AND r.doc IS NOT NULL"
            " RETURN r.doc AS doc, count(r) AS n",
            co_type=CO_MENTIONED,
        )
        counts = {row["id"]: (0, 0) for row in self._read("MATCH (d:Document) RETURN d.id AS id")}
        for row in entities:
            counts[row["doc"]] = (row["n"], 0)
        for row in relations:
            counts[row["doc"]] = (counts.get(row["doc"], (0, 0))[0], row["n"])
        return counts

    def mentions_in(self, doc_id: str) -> list[Mention]:
        found = self._read(
            "MATCH (e:Entity)-[m:MENTIONED_IN]->(:Document {id: $id}) WHERE m.count > 0"
            " RETURN e.id AS entity, m.sentences AS sentences, m.starts AS starts, m.ends AS ends,"
            " m.texts AS texts",
            id=doc_id,
        )
        mentions = [
            Mention(row["entity"], doc_id, sentence, start, end, text)
            for row in found
            for sentence, start, end, text in zip(
                row["sentences"], row["starts"], row["ends"], row["texts"], strict=True
            )
        ]
        return sorted(mentions, key=lambda m: m.start)

    def relations_in(self, doc_id: str) -> list[Relation]:
        found = self._read(
            "MATCH (a:Entity)-[:MENTIONED_IN]->(:Document {id: $id})"
            f" MATCH (a)-[r]->(b:Entity) WHERE r.doc = $id RETURN {RELATION_FIELDS}",
            id=doc_id,
        )
        found.sort(key=lambda r: (r["sentence"], r["type"], r["ingested"], r["n"]))
        return [Relation.from_dict(r) for r in found]

    def _events_in(self, doc_id: str) -> list[Event]:
        return self._events("MATCH (v:Event) WHERE v.doc = $doc", doc=doc_id)

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
        found = self._read(
            f"{match} OPTIONAL MATCH (p:Entity)-[t:PARTICIPATED_IN]->(v)"
            f" RETURN {EVENT_FIELDS}, collect([t.n, p.id, t.role]) AS participants",
            **params,
        )
        events = []
        for row in found:
            people = sorted((p for p in row.pop("participants") if p[1] is not None), key=lambda p: (p[2], p[1]))
            figures = [Figure.from_dict(f) for f in json.loads(row.pop("figures"))]
            events.append(Event(**row, participants=[Participant(p[1], p[2]) for p in people], figures=figures))
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

    def backup(self, path: str) -> None:
        raise StoreError(
            f"Neo4j at {self.url} is backed up by its server, not by explorer: use `neo4j-admin database dump`"
            " (or `neo4j-admin database backup`, or Aura's snapshots); `explorer copy --to sqlite:///…` makes"
            " a portable copy"
        )

    # --- curation log --------------------------------------------------------------------------------
    def curation_log(self) -> list[CurationAction]:
        found = self._read(
            "MATCH (c:Curation) RETURN c.kind AS kind, c.payload AS payload, c.reason AS reason,"
            " c.at AS at, c.seq AS seq ORDER BY c.seq"
        )
        return [rows.curation(row) for row in found]

    def append_curation(self, action: CurationAction) -> CurationAction:
        at = action.at or now()

        def append(tx: ManagedTransaction) -> int:
            next_generation(tx, curation=True)
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

        seq = self._connection.write(append)
        return CurationAction(action.kind, action.payload, action.reason, at, seq)

    def pop_curation(self) -> CurationAction | None:
        def pop(tx: ManagedTransaction) -> dict[str, Any] | None:
            next_generation(tx, curation=True)
            record = tx.run(
                "MATCH (c:Curation) WITH c ORDER BY c.seq DESC LIMIT 1"
                " WITH c, c.kind AS kind, c.payload AS payload, c.reason AS reason, c.at AS at, c.seq AS seq"
                " DELETE c RETURN kind, payload, reason, at, seq"
            ).single()
            if record is None:
                return None
            tx.run("MATCH (r:Replay) WHERE r.seq = $seq DELETE r", seq=record["seq"]).consume()
            return record.data()

        row = self._connection.write(pop)
        return rows.curation(row) if row else None

    def replays(self, seq: int) -> list[ReplayRecord]:
        found = self._read("MATCH (r:Replay) WHERE r.seq = $seq RETURN r.rows AS rows ORDER BY r.at, r.n", seq=seq)
        return [ReplayRecord.from_dict(json.loads(row["rows"])) for row in found]

    # --- curation primitives (explorer/curate.py decides what to write) -------------------------------
    def relation(self, relation_id: str) -> Relation | None:
        found = self._read(
            f"MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id = $id RETURN {RELATION_FIELDS} LIMIT 1", id=relation_id
        )
        return Relation.from_dict(found[0]) if found else None

    def curation_slice(
        self, entity_ids: Iterable[str] = (), edges: Iterable[tuple[str, str, str]] = ()
    ) -> GraphSlice:
        ids = list(dict.fromkeys(entity_ids))
        return slices.read_slice(self._connection, GraphSlice(entities=self.entities(ids)), ids, edges)

    def replace_slice(self, before: GraphSlice, after: GraphSlice) -> None:
        gone, come = slice_changes(before, after)
        self._connection.write(slices.SliceSwap(gone, come, time.time_ns()).run)

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


