"""Writing one new document (`WritePlan`) and the writes curation shares with it: the store's generation,
entity properties, assertions as relationships, MENTIONED_IN links and the counts derived from them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from explorer.curation.rows import ReplayRecord
from explorer.model import RELATION_TYPES, Extraction, Mention, Relation
from explorer.store.base import chunks, now
from explorer.store.neo4j.connection import BATCH
from explorer.store.neo4j.rows import entity_row, link_row

UNKNOWN_TYPE = "RELATED_TO"


def next_generation(tx: ManagedTransaction, curation: bool = False) -> int:
    """Raise the store's generation and return it. Every write transaction does this first: it also
    serialises writers (Neo4j locks the counter until commit; ArcadeDB makes the later of two writers
    retry), so a writer catching up inside its transaction sees all that others committed."""
    record = tx.run(
        "MERGE (g:Counter {name: 'generation'}) ON CREATE SET g.value = 0 SET g.value = g.value + 1"
        " RETURN g.value AS value"
    ).single()
    stamp = int(record["value"]) if record else 0
    if curation:
        tx.run(
            "MERGE (c:Counter {name: 'curation_generation'}) SET c.value = $stamp", stamp=stamp
        ).consume()
    return stamp


def write_replays(tx: ManagedTransaction, replays: list[ReplayRecord], ingested: int) -> None:
    rows = [{"seq": r.seq, "doc": r.doc, "rows": json.dumps(r.to_dict()), "n": n} for n, r in enumerate(replays)]
    for chunk in chunks(rows, BATCH):
        tx.run(
            "UNWIND $rows AS row CREATE (:Replay {seq: row.seq, doc: row.doc, rows: row.rows, at: $at, n: row.n})",
            rows=chunk,
            at=ingested,
        ).consume()


@dataclass
class WritePlan:
    """One document's writes, grouped for UNWIND batches and computed before the transaction opens;
    `stamp` is the generation of the write (set on the entities it writes)."""

    extraction: Extraction
    stamp: int
    ingested: int = field(default_factory=time.time_ns)

    def run(self, tx: ManagedTransaction) -> bool:
        doc = self.extraction.document
        if tx.run("MATCH (d:Document {id: $id}) RETURN 1 AS one", id=doc.id).single():
            return False
        tx.run(
            "CREATE (:Document {id: $id, title: $title, source: $source, published: $published, outlet: $outlet,"
            " text: $text,"
            " ingested_at: $at, ingested: $ingested})",
            id=doc.id,
            title=doc.title,
            source=doc.source,
            published=doc.published,
            outlet=doc.outlet,
            text=doc.text,
            at=now(),
            ingested=self.ingested,
        ).consume()
        self._entities(tx)
        self._mentions(tx)
        self._relations(tx)
        self._events(tx)
        recount(tx, [e.id for e in self.extraction.entities])
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
        rows = [entity_row(entity, known.get(entity.id)) for entity in entities]
        write_entities(tx, rows, self.stamp, keep_key=True)

    def _mentions(self, tx: ManagedTransaction) -> None:
        """One MENTIONED_IN per entity the document names or relates (count 0 when it only relates it)."""
        ex = self.extraction
        named: dict[str, list[Mention]] = {}
        for mention in ex.mentions:
            named.setdefault(mention.entity, []).append(mention)
        for relation in ex.relations:
            named.setdefault(relation.source, [])
            named.setdefault(relation.target, [])
        create_links(tx, [link_row(entity, ex.document.id, mentions) for entity, mentions in named.items()])

    def _relations(self, tx: ManagedTransaction) -> None:
        unique = {r.id: r for r in reversed(self.extraction.relations)}  # first one of each id wins
        doc = self.extraction.document.id  # the document being stored owns its assertions
        rows = [
            (relation, doc, self.ingested, n)
            for n, relation in enumerate(self.extraction.relations)
            if unique.get(relation.id) is relation
        ]
        create_relations(tx, rows)

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
                "date_inferred": e.date_inferred,
                "speaker": e.speaker,
                "figures": json.dumps([f.to_dict() for f in e.figures]),
                "kind": e.kind,
                "participants": [{"entity": p.entity, "role": p.role, "n": n} for n, p in enumerate(e.participants)],
            }
            for e in self.extraction.events
        ]
        for chunk in chunks(events, BATCH):
            tx.run(
                "UNWIND $rows AS row MERGE (v:Event {id: row.id})"
                " ON CREATE SET v.label = row.label, v.date = row.date, v.precision = row.precision,"
                " v.doc = $doc, v.sentence = row.sentence, v.evidence = row.evidence,"
                " v.date_text = row.date_text, v.date_inferred = row.date_inferred,"
                " v.speaker = row.speaker, v.figures = row.figures,"
                " v.kind = row.kind"
                " WITH v, row UNWIND row.participants AS p MATCH (e:Entity {id: p.entity})"
                " MERGE (e)-[t:PARTICIPATED_IN {role: p.role}]->(v) ON CREATE SET t.n = p.n",
                rows=chunk,
                doc=doc,
            ).consume()


def write_entities(tx: ManagedTransaction, rows: list[dict[str, Any]], stamp: int, keep_key: bool) -> None:
    """Create or update entities from `rows.entity_row` rows, stamped with the write's generation;
    `keep_key`: a known entity keeps its key (a document never changes it, curation may)."""
    created = "e.mention_count = 0, e.doc_count = 0" + (", e.key = row.key" if keep_key else "")
    key = "" if keep_key else " e.key = row.key,"
    for chunk in chunks(rows, BATCH):
        tx.run(
            f"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) ON CREATE SET {created} SET{key}"
            " e.name = row.name, e.type = row.type, e.roles = row.roles,"
            " e.alias_names = row.alias_names, e.alias_rules = row.alias_rules,"
            " e.alias_scores = row.alias_scores, e.search_words = row.search_words, e.stamp = $stamp",
            rows=chunk,
            stamp=stamp,
        ).consume()


def create_relations(tx: ManagedTransaction, rows: list[tuple[Relation, str, Any, int]]) -> None:
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
                " speaker: row.speaker, ingested: row.ingested, n: row.n}]->(b)",
                rows=chunk,
            ).consume()


def create_links(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    """CREATE the MENTIONED_IN links of `rows.link_row` rows, batched."""
    for chunk in chunks(rows, BATCH):
        tx.run(
            "UNWIND $rows AS row MATCH (e:Entity {id: row.entity}), (d:Document {id: row.doc})"
            " CREATE (e)-[:MENTIONED_IN {count: row.count, sentences: row.sentences, starts: row.starts,"
            " ends: row.ends, texts: row.texts}]->(d)",
            rows=chunk,
        ).consume()


def recount(tx: ManagedTransaction, entity_ids: list[str]) -> None:
    """Each entity's mention_count and doc_count, counted again from its MENTIONED_IN links."""
    for chunk in chunks(entity_ids, BATCH):
        tx.run(
            "MATCH (e:Entity) WHERE e.id IN $ids OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(:Document)"
            " WITH e, sum(coalesce(m.count, 0)) AS mentions,"
            " sum(CASE WHEN m.count > 0 THEN 1 ELSE 0 END) AS documents"
            " SET e.mention_count = mentions, e.doc_count = documents",
            ids=chunk,
        ).consume()
