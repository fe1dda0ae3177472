"""The embedded default store: one SQLite file (WAL, FTS5 for search), one connection per thread.

Relations are kept one row per assertion; `edges` aggregates them per (source, target, type) so that
neighbourhoods and paths read a small indexed table. Entity counts are maintained on every write.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from explorer.knowledge import INVISIBLE
from explorer.model import (
    CO_MENTIONED,
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
)
from explorer.store import schema
from explorer.store.base import (
    EventRole,
    GraphSlice,
    SchemaError,
    StoreError,
    chunks,
    merge_labels_list,
    most_telling,
    now,
    slice_changes,
)
from explorer.store.neighbourhood import NeighbourhoodFromWeights
from explorer.store.paths import MAX_FAN_OUT, k_shortest_paths
from explorer.store.ranking import rank_matches

# Neighbours read per node: all that can matter at the first hop, fewer when expanding further out.
FAN_OUT = 1000
FAN_OUT_FURTHER = 100


class SQLiteStore(NeighbourhoodFromWeights):
    """GraphStore over a SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self._local = threading.local()
        self._check_or_create()

    @classmethod
    def open(cls, url: str) -> SQLiteStore:
        """`sqlite:///` then the path: sqlite:///data/graph.db is relative, sqlite:////srv/graph.db absolute."""
        path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
        if not path or path.endswith("/"):
            raise StoreError(
                f"store URL {url!r} names no file: use sqlite:///relative/graph.db or sqlite:////absolute/graph.db"
            )
        return cls(Path(path))

    # --- connection and schema -----------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not be shared across threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.create_function("merge_labels", 2, _merge_labels_json, deterministic=True)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _check_or_create(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as error:
            self.close()
            raise SchemaError(f"{self.path} is not an explorer store ({error})") from None
        except OSError as error:
            raise StoreError(f"cannot open store {self.path}: {error.strerror or error}") from None
        if not tables:
            self.db.executescript(
                f"BEGIN; {schema.SQLITE_SCHEMA} INSERT INTO meta VALUES ('schema_version', '{schema.VERSION}'); COMMIT;"
            )
            return
        if "meta" not in tables:
            raise SchemaError(f"{self.path} is a SQLite file but not an explorer store; refusing to touch it")
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        found = int(row[0]) if row else 0
        if found != schema.VERSION:
            newer = "a newer" if found > schema.VERSION else "an older"
            raise SchemaError(
                f"{self.path} was written by {newer} explorer (schema {found}); this one reads schema "
                f"{schema.VERSION}. The file was left untouched."
            )

    def _write(self) -> _Transaction:
        return _Transaction(self.db)

    # --- writing -------------------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    @staticmethod
    def _insert_document(db: sqlite3.Connection, doc: Document) -> bool:
        """Write the document row; False (and nothing written) when the document is already stored."""
        if db.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone():
            return False
        db.execute(
            "INSERT INTO documents (id, title, source, published, text, ingested_at) VALUES (?,?,?,?,?,?)",
            (doc.id, doc.title, doc.source, doc.published, doc.text, now()),
        )
        return True

    def upsert_extraction(self, extraction: Extraction) -> bool:
        doc = extraction.document
        with self._write() as db:
            if not self._insert_document(db, doc):
                return False
            for entity in extraction.entities:
                self._upsert_entity(db, entity)
            db.executemany(
                "INSERT INTO mentions (entity_id, doc_id, sentence, start, end, text) VALUES (?,?,?,?,?,?)",
                [(m.entity, doc.id, m.sentence, m.start, m.end, m.text) for m in extraction.mentions],
            )
            self._insert_relations(db, extraction.relations, doc.id)
            for event in extraction.events:
                self._insert_event(db, event, doc.id)
            self._count_mentions(db, extraction.mentions)
        return True

    def upsert_parts(self, document: Document, parts: Iterable[Extraction]) -> bool:
        """One transaction for all parts; each part is written and dropped before the next is made, so
        memory holds one part plus the ids of the entities and relations written so far."""
        doc = document
        with self._write() as db:
            if not self._insert_document(db, doc):
                return False
            named: set[str] = set()  # entities this document mentions: doc_count +1 once each, at the end
            for part in parts:
                for entity in part.entities:
                    self._upsert_entity(db, entity)
                db.executemany(
                    "INSERT INTO mentions (entity_id, doc_id, sentence, start, end, text) VALUES (?,?,?,?,?,?)",
                    [(m.entity, doc.id, m.sentence, m.start, m.end, m.text) for m in part.mentions],
                )
                self._insert_relations(db, self._unstored(db, part.relations), doc.id)
                for event in part.events:
                    self._insert_event(db, event, doc.id)
                self._count_mentions(db, part.mentions, with_documents=False)
                named.update(m.entity for m in part.mentions)
            db.executemany("UPDATE entities SET doc_count=doc_count+1 WHERE id=?", [(i,) for i in named])
        return True

    @staticmethod
    def _unstored(db: sqlite3.Connection, relations: list[Relation]) -> list[Relation]:
        """Relations not stored yet, each once: one stated in two parts is kept once, as upsert_extraction
        keeps it (asked of the table, not remembered, as a long document has millions)."""
        unique: dict[str, Relation] = {}
        for relation in relations:
            unique.setdefault(relation.id, relation)
        stored: set[str] = set()
        for chunk in chunks(list(unique)):
            marks = ",".join("?" * len(chunk))
            stored.update(row[0] for row in db.execute(f"SELECT id FROM relations WHERE id IN ({marks})", chunk))
        return [relation for relation_id, relation in unique.items() if relation_id not in stored]

    def _upsert_entity(self, db: sqlite3.Connection, entity: Entity) -> None:
        row = db.execute("SELECT name, type, roles FROM entities WHERE id=?", (entity.id,)).fetchone()
        changed = row is None
        if row is None:
            db.execute(
                "INSERT INTO entities (id, name, type, key, roles) VALUES (?,?,?,?,?)",
                (entity.id, entity.name, entity.type, entity.key, json.dumps(entity.roles)),
            )
        else:
            roles = list(dict.fromkeys(json.loads(row["roles"]) + entity.roles))
            if (row["name"], row["type"], json.loads(row["roles"])) != (entity.name, entity.type, roles):
                changed = True
                db.execute(
                    "UPDATE entities SET name=?, type=?, roles=? WHERE id=?",
                    (entity.name, entity.type, json.dumps(roles), entity.id),
                )
        before = db.total_changes
        db.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, rule, score) VALUES (?,?,?,?)", _alias_rows(entity)
        )
        if changed or db.total_changes != before:  # the search row only changes with the names
            self._reindex(db, entity.id)

    def _reindex(self, db: sqlite3.Connection, entity_id: str) -> None:
        """Rewrite the entity's search row (keyed by the entity's rowid, so no scan is needed)."""
        row = db.execute("SELECT rowid, name FROM entities WHERE id=?", (entity_id,)).fetchone()
        if row is None:
            return
        names = [r[0] for r in db.execute("SELECT alias FROM aliases WHERE entity_id=?", (entity_id,))]
        db.execute("DELETE FROM entity_search WHERE rowid=?", (row["rowid"],))
        db.execute(
            "INSERT INTO entity_search (rowid, entity_id, names) VALUES (?, ?, ?)",
            (row["rowid"], entity_id, " | ".join(dict.fromkeys([row["name"], *names]))),
        )

    def _insert_relations(self, db: sqlite3.Connection, relations: list[Relation], doc_id: str) -> None:
        """The document's assertions, and their weight and first labels added to the aggregated edges."""
        unique = list({r.id: r for r in relations}.values())
        db.executemany(
            "INSERT INTO relations (id, source, target, type, label, doc_id, sentence, evidence, confidence)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [(r.id, r.source, r.target, r.type, r.label, doc_id, r.sentence, r.evidence, r.confidence) for r in unique],
        )
        grouped: dict[tuple[str, str, str], list[str]] = {}
        for r in unique:
            grouped.setdefault((r.source, r.target, r.type), []).append(r.label)
        db.executemany(
            "INSERT INTO edges (source, target, type, weight, labels) VALUES (?,?,?,?,?)"
            " ON CONFLICT (source, target, type) DO UPDATE"
            " SET weight = weight + excluded.weight, labels = merge_labels(labels, excluded.labels)",
            [(*key, len(labels), json.dumps(merge_labels_list([], labels))) for key, labels in grouped.items()],
        )

    def _insert_event(self, db: sqlite3.Connection, event: Event, doc_id: str) -> None:
        db.execute(
            "INSERT OR IGNORE INTO events (id, label, date, precision, doc_id, sentence, evidence, date_text)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (
                event.id,
                event.label,
                event.date,
                event.precision,
                doc_id,
                event.sentence,
                event.evidence,
                event.date_text,
            ),
        )
        db.executemany(
            "INSERT OR IGNORE INTO participants (event_id, entity_id, role) VALUES (?,?,?)",
            [(event.id, p.entity, p.role) for p in event.participants],
        )

    def _count_mentions(self, db: sqlite3.Connection, mentions: list[Mention], with_documents: bool = True) -> None:
        """Add one new document's mentions to its entities' counts (documents are only ever added whole);
        `with_documents` False when the caller adds the document to doc_count itself (parts)."""
        per_entity: dict[str, int] = {}
        for mention in mentions:
            per_entity[mention.entity] = per_entity.get(mention.entity, 0) + 1
        db.executemany(
            "UPDATE entities SET mention_count=mention_count+?, doc_count=doc_count+? WHERE id=?",
            [(count, int(with_documents), entity_id) for entity_id, count in per_entity.items()],
        )

    # --- entities ------------------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        found = self.entities([entity_id])
        return found[0] if found else None

    def entities(self, ids: Iterable[str]) -> list[Entity]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        by_id: dict[str, Entity] = {}
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT * FROM entities WHERE id IN ({marks})", chunk).fetchall()
            aliases = self.db.execute(
                f"SELECT * FROM aliases WHERE entity_id IN ({marks}) ORDER BY rowid", chunk
            ).fetchall()
            by_id.update(_entities_from_rows(rows, aliases))
        return [by_id[i] for i in ids if i in by_id]

    def iter_entities(self) -> Iterator[Entity]:
        aliases: dict[str, list[sqlite3.Row]] = {}
        for row in self.db.execute("SELECT * FROM aliases ORDER BY rowid"):
            aliases.setdefault(row["entity_id"], []).append(row)
        for row in self.db.execute("SELECT * FROM entities"):
            yield from _entities_from_rows([row], aliases.get(row["id"], [])).values()

    def search(self, query: str, limit: int = 20, types: Iterable[str] | None = None) -> list[Entity]:
        query = INVISIBLE.sub("", query)  # "Pa\u200cris" is a search for Paris
        words = [w for w in _fts_words(query)]
        if not words:
            return []
        allowed = set(types or [])
        match = " ".join(f'"{w}"*' for w in words)
        rows = self.db.execute(
            "SELECT entity_id, names FROM entity_search WHERE entity_search MATCH ? LIMIT 500", (match,)
        ).fetchall()
        candidates = {r["entity_id"]: r["names"].split(" | ") for r in rows}
        if len(candidates) < limit:
            candidates.update(self._fuzzy_candidates(query, exclude=candidates))
        ranked = rank_matches(query, candidates)
        found = self.entities(ranked)
        if allowed:
            found = [e for e in found if e.type in allowed]
        return found[:limit]

    def _fuzzy_candidates(self, query: str, exclude: dict[str, list[str]]) -> dict[str, list[str]]:
        """Typo-tolerant candidates: names sharing a 3-letter prefix or suffix with a query word."""
        candidates: dict[str, list[str]] = {}
        for word in _fts_words(query):
            if len(word) < 4:
                continue
            pattern = f'"{word[:3]}"*'
            for row in self.db.execute(
                "SELECT entity_id, names FROM entity_search WHERE entity_search MATCH ? LIMIT 2000",
                (pattern,),
            ):
                if row["entity_id"] not in exclude:
                    candidates[row["entity_id"]] = row["names"].split(" | ")
        return candidates

    def top_entities(self, limit: int = 20) -> list[Entity]:
        rows = self.db.execute("SELECT id FROM entities ORDER BY mention_count DESC, name LIMIT ?", (limit,)).fetchall()
        return self.entities(r["id"] for r in rows)

    # --- relations and graph -------------------------------------------------------------------------
    def _edges_of(
        self, entity_id: str, relation_types: set[str], include_co_mentions: bool, cap: int = FAN_OUT
    ) -> list[sqlite3.Row]:
        """The entity's heaviest edges of the wanted types, either direction (a hub's light tail cannot rank
        anyway); filtered before the cap, so edges of hidden types take no place."""
        wanted, params = _edge_type_filter(relation_types, include_co_mentions)
        return self.db.execute(
            f"SELECT * FROM (SELECT source, target, type, weight FROM edges WHERE source=:id{wanted}"
            " ORDER BY weight DESC LIMIT :cap) UNION ALL SELECT * FROM (SELECT source, target, type, weight"
            f" FROM edges WHERE target=:id{wanted} ORDER BY weight DESC LIMIT :cap)",
            {"id": entity_id, "cap": cap, **params},
        ).fetchall()

    def _neighbour_weights(
        self, frontier: list[str], hop: int, relation_types: set[str], include_co_mentions: bool
    ) -> dict[str, int]:
        cap = FAN_OUT if hop == 0 else FAN_OUT_FURTHER
        weights: dict[str, int] = {}
        for node in frontier:
            for row in self._edges_of(node, relation_types, include_co_mentions, cap):
                other = row["target"] if row["source"] == node else row["source"]
                weights[other] = weights.get(other, 0) + row["weight"]
        return weights

    def subgraph(self, entity_ids: Iterable[str], include_co_mentions: bool = True) -> Subgraph:
        ids = list(dict.fromkeys(entity_ids))
        nodes = self.entities(ids)
        everyone = [n.id for n in nodes]
        all_marks = ",".join("?" * len(everyone))
        edges: list[Edge] = []
        for chunk in chunks(everyone, 400):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT * FROM edges WHERE source IN ({marks}) AND target IN ({all_marks})", chunk + everyone
            )
            for row in rows:
                if include_co_mentions or row["type"] != CO_MENTIONED:
                    edges.append(
                        Edge(
                            row["source"],
                            row["target"],
                            row["type"],
                            row["weight"],
                            json.loads(row["labels"]),
                        )
                    )
        return Subgraph(nodes=nodes, edges=edges)

    def relations_of(
        self, entity_id: str, relation_types: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Relation]:
        wanted = sorted(set(relation_types or []))
        only = f" WHERE type IN ({','.join('?' * len(wanted))})" if wanted else ""
        # Rank narrow rows first and read the evidence text only for the chosen ones: a hub has 100k+.
        rows = self.db.execute(
            "SELECT r.* FROM relations r JOIN (SELECT rid FROM (SELECT rowid AS rid, type, confidence, doc_id,"
            " sentence FROM relations WHERE source=? UNION ALL SELECT rowid, type, confidence, doc_id, sentence"
            f" FROM relations WHERE target=? AND source != ?){only}"
            " ORDER BY type = ?, confidence DESC, doc_id, sentence LIMIT ?) AS best ON r.rowid = best.rid",
            (entity_id, entity_id, entity_id, *wanted, CO_MENTIONED, -1 if limit is None else limit),
        ).fetchall()
        return most_telling(map(_relation, rows), limit)

    def relations_between(self, a: str, b: str) -> list[Relation]:
        rows = self.db.execute(
            "SELECT * FROM relations WHERE (source=? AND target=?) OR (source=? AND target=?)"
            " ORDER BY type, doc_id, sentence",
            (a, b, b, a),
        ).fetchall()
        return [_relation(r) for r in rows]

    def paths(self, source: str, target: str, k: int = 5, max_length: int = 4) -> list[list[str]]:
        return k_shortest_paths(self._neighbours, source, target, k=k, max_length=max_length)

    def _neighbours(self, entity_id: str) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT * FROM (SELECT target AS other, weight FROM edges WHERE source=:id ORDER BY weight DESC"
            " LIMIT :cap) UNION ALL SELECT * FROM (SELECT source AS other, weight FROM edges WHERE target=:id"
            " ORDER BY weight DESC LIMIT :cap)",
            {"id": entity_id, "cap": MAX_FAN_OUT},
        ).fetchall()
        return [(r["other"], r["weight"]) for r in rows]

    # --- documents and events ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        return _document(row, with_text=True) if row else None

    def documents(self) -> list[Document]:
        rows = self.db.execute(
            "SELECT id, title, source, published FROM documents ORDER BY ingested_at DESC, rowid DESC"
        )
        return [_document(r) for r in rows]

    def documents_for(self, entity_id: str) -> list[Document]:
        rows = self.db.execute(
            "SELECT id, title, source, published FROM documents WHERE id IN"
            " (SELECT doc_id FROM mentions WHERE entity_id=?) ORDER BY published DESC, title",
            (entity_id,),
        )
        return [_document(r) for r in rows]

    def mentions_in(self, doc_id: str) -> list[Mention]:
        rows = self.db.execute("SELECT * FROM mentions WHERE doc_id=? ORDER BY start", (doc_id,))
        return [Mention(r["entity_id"], r["doc_id"], r["sentence"], r["start"], r["end"], r["text"]) for r in rows]

    def relations_in(self, doc_id: str) -> list[Relation]:
        rows = self.db.execute("SELECT * FROM relations WHERE doc_id=? ORDER BY sentence, type", (doc_id,))
        return [_relation(r) for r in rows]

    def extraction(self, doc_id: str) -> Extraction | None:
        document = self.document(doc_id)
        if document is None:
            return None
        mentions, relations = self.mentions_in(doc_id), self.relations_in(doc_id)
        rows = self.db.execute("SELECT * FROM events WHERE doc_id=? ORDER BY sentence, id", (doc_id,))
        events = self._attach_participants([_event(r) for r in rows.fetchall()])
        used = {m.entity for m in mentions} | {r.source for r in relations} | {r.target for r in relations}
        used |= {p.entity for e in events for p in e.participants}
        return Extraction(document, self.entities(sorted(used)), mentions, relations, events)

    def timeline(self, entity_id: str | None = None) -> list[Event]:
        order = " ORDER BY date IS NULL, date LIKE '--%', date, doc_id, sentence"  # model.timeline_order
        if entity_id is None:
            rows = self.db.execute("SELECT * FROM events" + order)
        else:
            rows = self.db.execute(
                "SELECT * FROM events WHERE id IN (SELECT event_id FROM participants WHERE entity_id=?)" + order,
                (entity_id,),
            )
        return self._attach_participants([_event(r) for r in rows.fetchall()])

    def _attach_participants(self, events: list[Event]) -> list[Event]:
        """The events with their participants (by role, then entity), read in chunks."""
        participants: dict[str, list[Participant]] = {}
        for chunk in chunks([e.id for e in events]):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT * FROM participants WHERE event_id IN ({marks}) ORDER BY role, entity_id", chunk
            ):
                participants.setdefault(row["event_id"], []).append(Participant(row["entity_id"], row["role"]))
        for event in events:
            event.participants = participants.get(event.id, [])
        return events

    def stats(self) -> dict[str, int]:
        counts = {}
        for name, table in [
            ("documents", "documents"),
            ("entities", "entities"),
            ("relations", "relations"),
            ("mentions", "mentions"),
            ("events", "events"),
        ]:
            counts[name] = self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["typed_relations"] = self.db.execute(
            "SELECT count(*) FROM relations WHERE type != ?", (CO_MENTIONED,)
        ).fetchone()[0]
        return counts

    # --- curation log --------------------------------------------------------------------------------
    def curation_log(self) -> list[CurationAction]:
        rows = self.db.execute("SELECT * FROM curation ORDER BY seq")
        return [CurationAction(r["kind"], json.loads(r["payload"]), r["reason"], r["at"], r["seq"]) for r in rows]

    def append_curation(self, action: CurationAction) -> CurationAction:
        at = action.at or now()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO curation (at, kind, payload, reason) VALUES (?,?,?,?)",
                (at, action.kind, json.dumps(action.payload, sort_keys=True), action.reason),
            )
        return CurationAction(action.kind, action.payload, action.reason, at, cursor.lastrowid or 0)

    def pop_curation(self) -> CurationAction | None:
        with self._write() as db:
            row = db.execute("SELECT * FROM curation ORDER BY seq DESC LIMIT 1").fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM curation WHERE seq=?", (row["seq"],))
        return CurationAction(row["kind"], json.loads(row["payload"]), row["reason"], row["at"], row["seq"])

    # --- curation primitives -------------------------------------------------------------------------
    def relation(self, relation_id: str) -> Relation | None:
        row = self.db.execute("SELECT * FROM relations WHERE id=?", (relation_id,)).fetchone()
        return _relation(row) if row else None

    def curation_slice(self, entity_ids: Iterable[str] = (), edges: Iterable[tuple[str, str, str]] = ()) -> GraphSlice:
        ids = list(dict.fromkeys(entity_ids))
        found = GraphSlice(entities=self.entities(ids))
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT rowid, id FROM entities WHERE id IN ({marks})", chunk):
                found.positions[f"entity:{row['id']}"] = row["rowid"]
        relation_rows: dict[int, sqlite3.Row] = {}
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            found.mentions += [
                Mention(r["entity_id"], r["doc_id"], r["sentence"], r["start"], r["end"], r["text"])
                for r in self.db.execute(f"SELECT * FROM mentions WHERE entity_id IN ({marks}) ORDER BY rowid", chunk)
            ]
            found.roles += [
                EventRole(r["event_id"], r["entity_id"], r["role"], r["doc_id"], r["sentence"])
                for r in self.db.execute(
                    "SELECT p.event_id, p.entity_id, p.role, e.doc_id, e.sentence FROM participants p"
                    f" JOIN events e ON e.id = p.event_id WHERE p.entity_id IN ({marks}) ORDER BY p.rowid",
                    chunk,
                )
            ]
            for row in self.db.execute(
                f"SELECT rowid AS seq, * FROM relations WHERE source IN ({marks})"
                f" UNION SELECT rowid AS seq, * FROM relations WHERE target IN ({marks})",
                chunk + chunk,
            ):
                relation_rows[row["seq"]] = row
        for source, target, type_ in edges:
            for row in self.db.execute(
                "SELECT rowid AS seq, * FROM relations WHERE source=? AND target=? AND type=?",
                (source, target, type_),
            ):
                relation_rows[row["seq"]] = row
        # Stored order matters: edge labels are the first distinct labels in insertion order.
        for seq in sorted(relation_rows):
            relation = _relation(relation_rows[seq])
            found.relations.append(relation)
            found.positions[f"relation:{relation.id}"] = seq
        return found

    def replace_slice(self, before: GraphSlice, after: GraphSlice) -> None:
        gone, come = slice_changes(before, after)
        touched_edges = {(r.source, r.target, r.type) for r in [*gone.relations, *come.relations]}
        counted = {e.id for e in come.entities} | {m.entity for m in [*gone.mentions, *come.mentions]}
        try:
            with self._write() as db:
                self._delete_rows(db, gone, keep={e.id for e in come.entities})
                self._insert_rows(db, come)
                for source, target, type_ in sorted(touched_edges):
                    self._recompute_edge(db, source, target, type_)
                self._recount(db, sorted(counted))
        except sqlite3.IntegrityError as error:
            raise StoreError(f"curation write conflicts with stored rows ({error})") from None

    def _delete_rows(self, db: sqlite3.Connection, rows: GraphSlice, keep: set[str]) -> None:
        for entity in rows.entities:
            db.execute("DELETE FROM aliases WHERE entity_id=?", (entity.id,))
            if entity.id not in keep:  # a changed record is updated in place and keeps its rowid
                db.execute("DELETE FROM entity_search WHERE entity_id=?", (entity.id,))
                db.execute("DELETE FROM entities WHERE id=?", (entity.id,))
        db.executemany(
            "DELETE FROM mentions WHERE entity_id=? AND doc_id=? AND sentence=? AND start=? AND end=? AND text=?",
            [(m.entity, m.doc, m.sentence, m.start, m.end, m.text) for m in rows.mentions],
        )
        db.executemany("DELETE FROM relations WHERE id=?", [(r.id,) for r in rows.relations])
        db.executemany(
            "DELETE FROM participants WHERE event_id=? AND entity_id=? AND role=?",
            [(r.event, r.entity, r.role) for r in rows.roles],
        )

    def _insert_rows(self, db: sqlite3.Connection, rows: GraphSlice) -> None:
        for entity in rows.entities:
            values = (entity.name, entity.type, entity.key, json.dumps(entity.roles), entity.id)
            if db.execute("SELECT 1 FROM entities WHERE id=?", (entity.id,)).fetchone():
                db.execute("UPDATE entities SET name=?, type=?, key=?, roles=? WHERE id=?", values)
            else:
                rowid = self._free_rowid(db, "entities", rows.positions.get(f"entity:{entity.id}"))
                db.execute(
                    "INSERT INTO entities (name, type, key, roles, id, rowid) VALUES (?,?,?,?,?,?)", (*values, rowid)
                )
            db.executemany(
                "INSERT OR IGNORE INTO aliases (entity_id, alias, rule, score) VALUES (?,?,?,?)", _alias_rows(entity)
            )
            self._reindex(db, entity.id)
        db.executemany(
            "INSERT INTO mentions (entity_id, doc_id, sentence, start, end, text) VALUES (?,?,?,?,?,?)",
            [(m.entity, m.doc, m.sentence, m.start, m.end, m.text) for m in rows.mentions],
        )
        for r in rows.relations:
            db.execute(
                "INSERT INTO relations (rowid, id, source, target, type, label, doc_id, sentence, evidence,"
                " confidence) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    self._free_rowid(db, "relations", rows.positions.get(f"relation:{r.id}")),
                    *(r.id, r.source, r.target, r.type, r.label, r.doc, r.sentence, r.evidence, r.confidence),
                ),
            )
        db.executemany(
            "INSERT INTO participants (event_id, entity_id, role) VALUES (?,?,?)",
            [(r.event, r.entity, r.role) for r in rows.roles],
        )

    @staticmethod
    def _free_rowid(db: sqlite3.Connection, table: str, rowid: int | None) -> int | None:
        """The row's old place when nobody took it meanwhile (None: SQLite appends)."""
        if rowid is None or db.execute(f"SELECT 1 FROM {table} WHERE rowid=?", (rowid,)).fetchone():
            return None
        return rowid

    def _recount(self, db: sqlite3.Connection, entity_ids: list[str]) -> None:
        db.executemany(
            "UPDATE entities SET mention_count=(SELECT count(*) FROM mentions WHERE entity_id=:id),"
            " doc_count=(SELECT count(DISTINCT doc_id) FROM mentions WHERE entity_id=:id) WHERE id=:id",
            [{"id": entity_id} for entity_id in entity_ids],
        )

    def _recompute_edge(self, db: sqlite3.Connection, source: str, target: str, type_: str) -> None:
        """The aggregated edge rebuilt from its relations, exactly as `_insert_relations` grew it."""
        db.execute("DELETE FROM edges WHERE source=? AND target=? AND type=?", (source, target, type_))
        stated = [
            row["label"]
            for row in db.execute(
                "SELECT label FROM relations WHERE source=? AND target=? AND type=? ORDER BY rowid",
                (source, target, type_),
            )
        ]
        weight, labels = len(stated), merge_labels_list([], stated)
        if weight:
            db.execute(
                "INSERT INTO edges (source, target, type, weight, labels) VALUES (?,?,?,?,?)",
                (source, target, type_, weight, json.dumps(labels)),
            )


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: a document is stored whole or not at all."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


_SAME = MergeNote(alias="", rule="", score=1.0)


def _alias_rows(entity: Entity) -> list[tuple[str, str, str, float]]:
    """The entity's rows of `aliases`: its name, then its aliases, each with the rule and score that made it one."""
    notes = {note.alias: note for note in entity.merges}
    return [
        (entity.id, alias, notes.get(alias, _SAME).rule, notes.get(alias, _SAME).score)
        for alias in dict.fromkeys([entity.name, *entity.aliases])
    ]


def _entities_from_rows(rows: list[sqlite3.Row], aliases: Iterable[sqlite3.Row]) -> dict[str, Entity]:
    entities = {
        r["id"]: Entity(
            id=r["id"],
            name=r["name"],
            type=r["type"],
            mention_count=r["mention_count"],
            doc_count=r["doc_count"],
            roles=json.loads(r["roles"]),
            key=r["key"] or "",
        )
        for r in rows
    }
    for row in aliases:
        entity = entities.get(row["entity_id"])
        if entity is None or row["alias"] == entity.name:
            continue
        entity.aliases.append(row["alias"])
        if row["rule"]:
            entity.merges.append(MergeNote(row["alias"], row["rule"], row["score"]))
    return entities


def _relation(row: sqlite3.Row) -> Relation:
    return Relation(
        source=row["source"],
        target=row["target"],
        type=row["type"],
        label=row["label"],
        doc=row["doc_id"],
        sentence=row["sentence"],
        evidence=row["evidence"],
        confidence=row["confidence"],
    )


def _document(row: sqlite3.Row, with_text: bool = False) -> Document:
    return Document(
        id=row["id"],
        title=row["title"],
        text=row["text"] if with_text else "",
        source=row["source"],
        published=row["published"],
    )


def _event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"],
        label=row["label"],
        date=row["date"],
        precision=row["precision"],
        doc=row["doc_id"],
        sentence=row["sentence"],
        evidence=row["evidence"],
        date_text=row["date_text"],
    )


def _merge_labels_json(labels: str, more: str) -> str:
    return json.dumps(merge_labels_list(json.loads(labels), json.loads(more)))


def _edge_type_filter(relation_types: set[str], include_co_mentions: bool) -> tuple[str, dict[str, str]]:
    """SQL conditions (" AND …") and their parameters keeping the wanted edge types: the chosen relation
    types (all when none are chosen) and co-mentions, unless they are hidden."""
    shown = sorted(relation_types | {CO_MENTIONED}) if relation_types else []
    params = {f"type{n}": type_ for n, type_ in enumerate(shown)}
    sql = f" AND type IN ({','.join(':' + name for name in params)})" if shown else ""
    if not include_co_mentions:
        sql += " AND type != :co_mentioned"
        params["co_mentioned"] = CO_MENTIONED
    return sql, params


def _fts_words(query: str) -> list[str]:
    """Query words safe for an FTS5 MATCH (quotes and operators cannot get through).

    Not lower-cased here: FTS5 folds case itself, and str.lower() splits some letters in two ("İ" becomes
    "i" and a combining dot), which cut "İstanbul" into words the index does not hold."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in query)
    return cleaned.split()
