"""The rows curation reads (`read_slice`) and swaps (`SliceSwap`). Relationships keep their ingest stamp
and order (`ingested`, `n`) as their position, so rows written back come back where they were and edge
labels (the first distinct ones in ingest order) come back exact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from explorer.curation.rows import EventRole, GraphSlice
from explorer.model import Mention, Relation
from explorer.store.base import chunks
from explorer.store.neo4j.connection import BATCH, Connection
from explorer.store.neo4j.rows import RELATION_FIELDS, entity_row, link_mentions, link_row
from explorer.store.neo4j.writes import create_links, create_relations, next_generation, recount, write_entities


def read_slice(
    connection: Connection, found: GraphSlice, entity_ids: list[str], edges: Iterable[tuple[str, str, str]]
) -> GraphSlice:
    """`found` (holding the entity records already) with the rows of the entities and edges and their positions."""
    rows: dict[str, dict[str, Any]] = {}
    for chunk in chunks(entity_ids, BATCH):
        for row in connection.read(
            "MATCH (e:Entity)-[m:MENTIONED_IN]->(d:Document) WHERE e.id IN $ids AND m.count > 0"
            " RETURN e.id AS entity, d.id AS doc, m.sentences AS sentences, m.starts AS starts,"
            " m.ends AS ends, m.texts AS texts",
            ids=chunk,
        ):
            found.mentions += link_mentions(row)
        for row in connection.read(
            "MATCH (e:Entity)-[t:PARTICIPATED_IN]->(v:Event) WHERE e.id IN $ids"
            " RETURN v.id AS event, e.id AS entity, t.role AS role, v.doc AS doc, v.sentence AS sentence,"
            " t.n AS n ORDER BY v.id, t.n",
            ids=chunk,
        ):
            role = EventRole(row["event"], row["entity"], row["role"], row["doc"], row["sentence"])
            found.roles.append(role)
            found.positions[f"role:{role.key}"] = row["n"]
        for row in connection.read(
            f"MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids RETURN {RELATION_FIELDS}, r.id AS id"
            f" UNION MATCH (a:Entity)-[r]->(b:Entity) WHERE b.id IN $ids RETURN {RELATION_FIELDS}, r.id AS id",
            ids=chunk,
        ):
            rows[row["id"]] = row
    for source, target, type_ in edges:
        for row in connection.read(
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


@dataclass
class SliceSwap:
    """One curation write: delete the rows of `gone`, write those of `come`, then rebuild the derived
    MENTIONED_IN links and counts of every entity and document touched."""

    gone: GraphSlice
    come: GraphSlice
    stamp: int  # where rows without a position go: after everything stored so far

    def run(self, tx: ManagedTransaction) -> None:
        generation = next_generation(tx)
        kept = {e.id for e in self.come.entities}
        links = self._touched_links()
        self._delete(tx, kept)
        write_entities(tx, [entity_row(entity, None) for entity in self.come.entities], generation, keep_key=False)
        self._write_relations(tx)
        self._write_roles(tx)
        self._relink(tx, links)
        recount(tx, sorted({entity for entity, _ in links} | kept))

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

    def _write_relations(self, tx: ManagedTransaction) -> None:
        rows = []
        for n, relation in enumerate(self.come.relations):
            # Back where it was when the row was read from here; otherwise after everything stored so far.
            ingested, order = self.come.positions.get(f"relation:{relation.id}") or [self.stamp, n]
            rows.append((relation, relation.doc, ingested, order))
        create_relations(tx, rows)

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
            old = link_mentions({"entity": entity, "doc": doc, **record.data()}) if record["starts"] else []
            mentions = [m for m in old if m.key not in removed]
            mentions += added.get((entity, doc), [])
            if mentions or record["related"]:
                rows.append(link_row(entity, doc, mentions))
            tx.run(
                "MATCH (:Entity {id: $entity})-[m:MENTIONED_IN]->(:Document {id: $doc}) DELETE m",
                entity=entity,
                doc=doc,
            ).consume()
        create_links(tx, rows)
