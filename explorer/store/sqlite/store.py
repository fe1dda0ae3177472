"""SQLiteStore: the GraphStore over one SQLite file, and its reads.

Relations are kept one row per assertion; `edges` aggregates them per (source, target, type) so that
neighbourhoods and paths read a small indexed table. Entity counts are maintained on every write.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from explorer.curation.rows import GraphSlice, ReplayRecord
from explorer.model import (
    CO_MENTIONED,
    CurationAction,
    Document,
    Edge,
    Entity,
    Event,
    Extraction,
    Mention,
    Participant,
    Relation,
    Subgraph,
)
from explorer.store.base import (
    DocumentRecords,
    EvidenceFilter,
    MakeRecords,
    NoStore,
    SchemaError,
    StoreChanges,
    StoreError,
    chunks,
    merge_labels_list,
    most_telling,
    now,
)
from explorer.store.neighbourhood import fan_out
from explorer.store.paths import MAX_FAN_OUT, PathOptions, best_paths
from explorer.store.search import query_words
from explorer.store.shared import SharedReads
from explorer.store.sqlite import rows, schema, slices, writes
from explorer.store.sqlite.connection import Connections, Transaction, unusable


class SQLiteStore(SharedReads):
    """GraphStore over a SQLite file."""

    # Not lower-cased: FTS5 folds case itself, and str.lower() splits some letters in two ("İ" becomes "i"
    # and a combining dot), which cut "İstanbul" into words the index does not hold.
    _words = staticmethod(query_words)

    def __init__(self, path: Path, create: bool = True) -> None:
        if not create and not path.exists():
            raise NoStore(f"no store at {path}: `explorer ingest FOLDER` (or load, copy) on this store creates one")
        self.path = path
        self.url = f"sqlite:///{path}"
        self._connections = Connections(path)
        self._check_or_create()

    @classmethod
    def open(cls, url: str, create: bool = True) -> SQLiteStore:
        """`sqlite:///` then the path: sqlite:///data/graph.db is relative, sqlite:////srv/graph.db absolute."""
        path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
        if not path or path.endswith("/"):
            raise StoreError(
                f"store URL {url!r} names no file: use sqlite:///relative/graph.db or sqlite:////absolute/graph.db"
            )
        return cls(Path(path), create)

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection."""
        return self._connections.db

    def close(self) -> None:
        self._connections.close()

    def _check_or_create(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tables = schema.table_names(self.db)
        except sqlite3.DatabaseError as error:
            self.close()
            raise SchemaError(f"{self.path} is not an explorer store ({error})") from None
        except OSError as error:
            raise StoreError(f"cannot open store {self.path}: {error.strerror or error}") from None
        try:
            schema.check_or_create(self.db, self.path, tables)
        except sqlite3.Error as error:
            self.close()
            raise unusable(error, self.path) or error from None

    def _write(self) -> Transaction:
        return self._connections.write()

    # --- writing -------------------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def generation(self) -> int:
        return writes.generation(self.db)

    def write_document(self, document: Document, since: int | None, make: MakeRecords) -> int | None:
        """Parts are written and dropped one by one, so memory holds one part plus the ids of the entities
        and relations written so far."""
        with self._write() as db:
            if not writes.insert_document(db, document):
                return None
            stamp = writes.next_generation(db)
            records = make(self._changes(db, since))
            named: set[str] = set()  # entities a document in parts mentions: doc_count +1 once each, at the end
            for part in records.parts:
                writes.write_part(db, part, document.id, stamp, whole=records.whole)
                named.update(m.entity for m in part.mentions)
            if not records.whole:
                writes.count_documents(db, named)
            writes.insert_replays(db, records.replays)
        return stamp

    def _changes(self, db: sqlite3.Connection, since: int | None) -> StoreChanges:
        if since is None:
            return StoreChanges()
        entities = self.entities(writes.changed_entities(db, since))
        return StoreChanges(entities, writes.generation(db, "curation_generation") > since)

    def upsert_extraction(self, extraction: Extraction) -> bool:
        return self.write_document(extraction.document, None, lambda _: DocumentRecords([extraction])) is not None

    def upsert_parts(self, document: Document, parts: Iterable[Extraction]) -> bool:
        return self.write_document(document, None, lambda _: DocumentRecords(parts, whole=False)) is not None

    # --- entities ------------------------------------------------------------------------------------
    def entities(self, ids: Iterable[str]) -> list[Entity]:
        ids = list(dict.fromkeys(ids))
        by_id: dict[str, Entity] = {}
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            found = self.db.execute(f"SELECT * FROM entities WHERE id IN ({marks})", chunk).fetchall()
            aliases = self.db.execute(
                f"SELECT * FROM aliases WHERE entity_id IN ({marks}) ORDER BY rowid", chunk
            ).fetchall()
            by_id.update(rows.entities_from_rows(found, aliases))
        return [by_id[i] for i in ids if i in by_id]

    def iter_entities(self) -> Iterator[Entity]:
        aliases: dict[str, list[sqlite3.Row]] = {}
        for row in self.db.execute("SELECT * FROM aliases ORDER BY rowid"):
            aliases.setdefault(row["entity_id"], []).append(row)
        for row in self.db.execute("SELECT * FROM entities"):
            yield from rows.entities_from_rows([row], aliases.get(row["id"], [])).values()

    def _name_candidates(self, prefixes: list[str], cap: int) -> dict[str, list[str]]:
        """Names of the entities with, for every prefix, a name word starting with it (FTS5 prefix query)."""
        match = " ".join(f'"{prefix}"*' for prefix in prefixes)
        found = self.db.execute(
            "SELECT entity_id, names FROM entity_search WHERE entity_search MATCH ? LIMIT ?", (match, cap)
        )
        return {row["entity_id"]: row["names"].split(" | ") for row in found}

    def top_entities(self, limit: int = 20) -> list[Entity]:
        found = self.db.execute("SELECT id FROM entities ORDER BY mention_count DESC, name LIMIT ?", (limit,))
        return self.entities(r["id"] for r in found.fetchall())

    # --- relations and graph -------------------------------------------------------------------------
    def _neighbour_weights(
        self, frontier: list[str], hop: int, relation_types: set[str], include_co_mentions: bool
    ) -> dict[str, int]:
        """Per neighbour, the weights of the heaviest edges of the wanted types from each frontier node,
        either direction; filtered before the cap, so edges of hidden types take no place."""
        wanted, params = _edge_type_filter(relation_types, include_co_mentions)
        weights: dict[str, int] = {}
        for node in frontier:
            for row in self.db.execute(
                f"SELECT * FROM (SELECT source, target, type, weight FROM edges WHERE source=:id{wanted}"
                " ORDER BY weight DESC LIMIT :cap) UNION ALL SELECT * FROM (SELECT source, target, type, weight"
                f" FROM edges WHERE target=:id{wanted} ORDER BY weight DESC LIMIT :cap)",
                {"id": node, "cap": fan_out(hop), **params},
            ):
                other = row["target"] if row["source"] == node else row["source"]
                weights[other] = weights.get(other, 0) + row["weight"]
        return weights

    def subgraph(
        self, entity_ids: Iterable[str], include_co_mentions: bool = True, evidence: EvidenceFilter | None = None
    ) -> Subgraph:
        nodes = self.entities(entity_ids)
        everyone = [n.id for n in nodes]
        if evidence is not None and evidence.active:
            return Subgraph(nodes=nodes, edges=self._admitted_edges(everyone, include_co_mentions, evidence))
        all_marks = ",".join("?" * len(everyone))
        edges: list[Edge] = []
        for chunk in chunks(everyone, 400):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT * FROM edges WHERE source IN ({marks}) AND target IN ({all_marks})", chunk + everyone
            ):
                if include_co_mentions or row["type"] != CO_MENTIONED:
                    edges.append(
                        Edge(row["source"], row["target"], row["type"], row["weight"], json.loads(row["labels"]))
                    )
        return Subgraph(nodes=nodes, edges=edges)

    def _admitted_edges(self, ids: list[str], include_co_mentions: bool, evidence: EvidenceFilter) -> list[Edge]:
        """Edges among `ids` aggregated from the assertions `evidence` admits, labels in stored order."""
        all_marks = ",".join("?" * len(ids))
        bounds = [b for b in (evidence.since, evidence.until) if b]
        dated = "".join(
            f" AND substr(d.published, 1, 10) {op} ?" for op, b in ((">=", evidence.since), ("<=", evidence.until)) if b
        )
        stated: dict[tuple[str, str, str], list[str]] = {}
        for chunk in chunks(ids, 400):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                "SELECT r.source, r.target, r.type, r.label FROM relations r JOIN documents d ON d.id = r.doc_id"
                f" WHERE r.source IN ({marks}) AND r.target IN ({all_marks}) AND r.confidence >= ?{dated}"
                " ORDER BY r.rowid",
                [*chunk, *ids, evidence.min_confidence, *bounds],
            ):
                if include_co_mentions or row["type"] != CO_MENTIONED:
                    stated.setdefault((row["source"], row["target"], row["type"]), []).append(row["label"])
        return [Edge(*key, len(labels), merge_labels_list([], labels)) for key, labels in sorted(stated.items())]

    def relations_of(
        self, entity_id: str, relation_types: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Relation]:
        wanted = sorted(set(relation_types or []))
        only = f" WHERE type IN ({','.join('?' * len(wanted))})" if wanted else ""
        # Rank narrow rows first and read the evidence text only for the chosen ones: a hub has 100k+.
        found = self.db.execute(
            "SELECT r.* FROM relations r JOIN (SELECT rid FROM (SELECT rowid AS rid, type, confidence, doc_id,"
            " sentence FROM relations WHERE source=? UNION ALL SELECT rowid, type, confidence, doc_id, sentence"
            f" FROM relations WHERE target=? AND source != ?){only}"
            " ORDER BY type = ?, confidence DESC, doc_id, sentence LIMIT ?) AS best ON r.rowid = best.rid",
            (entity_id, entity_id, entity_id, *wanted, CO_MENTIONED, -1 if limit is None else limit),
        ).fetchall()
        return most_telling(map(rows.relation, found), limit)

    def relations_between(self, a: str, b: str) -> list[Relation]:
        found = self.db.execute(
            "SELECT * FROM relations WHERE (source=? AND target=?) OR (source=? AND target=?)"
            " ORDER BY type, doc_id, sentence",
            (a, b, b, a),
        )
        return [rows.relation(r) for r in found.fetchall()]

    def relations_by_type(self, relation_types: Iterable[str]) -> list[Relation]:
        types = list(relation_types)
        marks = ",".join("?" * len(types))
        found = self.db.execute(
            f"SELECT * FROM relations WHERE type IN ({marks}) ORDER BY doc_id, sentence, type, source, target", types
        )
        return [rows.relation(r) for r in found.fetchall()]

    def paths(
        self, source: str, target: str, k: int = 5, max_length: int = 4, options: PathOptions | None = None
    ) -> list[list[str]]:
        return best_paths(self._neighbours, self._types, source, target, k=k, max_length=max_length, options=options)

    def _neighbours(self, entity_id: str) -> list[tuple[str, str, int]]:
        found = self.db.execute(
            "SELECT * FROM (SELECT target AS other, type, weight FROM edges WHERE source=:id ORDER BY weight DESC"
            " LIMIT :cap) UNION ALL SELECT * FROM (SELECT source AS other, type, weight FROM edges WHERE target=:id"
            " ORDER BY weight DESC LIMIT :cap)",
            {"id": entity_id, "cap": MAX_FAN_OUT},
        ).fetchall()
        return [(r["other"], r["type"], r["weight"]) for r in found]

    def _types(self, ids: list[str]) -> dict[str, str]:
        types: dict[str, str] = {}
        for chunk in chunks(ids, 400):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT id, type FROM entities WHERE id IN ({marks})", chunk):
                types[row["id"]] = row["type"]
        return types

    # --- documents and events ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        return rows.document(row, with_text=True) if row else None

    def documents(self) -> list[Document]:
        found = self.db.execute(
            "SELECT id, title, source, published, outlet FROM documents ORDER BY ingested_at DESC, rowid DESC"
        )
        return [rows.document(r) for r in found]

    def documents_for(self, entity_id: str) -> list[Document]:
        found = self.db.execute(
            "SELECT id, title, source, published, outlet FROM documents WHERE id IN"
            " (SELECT doc_id FROM mentions WHERE entity_id=?) ORDER BY published DESC, title",
            (entity_id,),
        )
        return [rows.document(r) for r in found]

    def document_counts(self) -> dict[str, tuple[int, int]]:
        counts = {r[0]: (0, 0) for r in self.db.execute("SELECT id FROM documents")}
        mentioned = self.db.execute("SELECT doc_id, COUNT(DISTINCT entity_id) FROM mentions GROUP BY doc_id")
        for doc_id, entities in mentioned:
            counts[doc_id] = (entities, 0)
        for doc_id, relations in self.db.execute(
            "SELECT doc_id, COUNT(*) FROM relations WHERE type != ? GROUP BY doc_id", (CO_MENTIONED,)
        ):
            counts[doc_id] = (counts.get(doc_id, (0, 0))[0], relations)
        return counts

    def mentions_in(self, doc_id: str) -> list[Mention]:
        found = self.db.execute("SELECT * FROM mentions WHERE doc_id=? ORDER BY start", (doc_id,))
        return [rows.mention(r) for r in found]

    def relations_in(self, doc_id: str) -> list[Relation]:
        found = self.db.execute("SELECT * FROM relations WHERE doc_id=? ORDER BY sentence, type", (doc_id,))
        return [rows.relation(r) for r in found]

    def _events_in(self, doc_id: str) -> list[Event]:
        found = self.db.execute("SELECT * FROM events WHERE doc_id=?", (doc_id,))
        return self._attach_participants([rows.event(r) for r in found.fetchall()])

    def timeline(self, entity_id: str | None = None) -> list[Event]:
        order = " ORDER BY date IS NULL, date LIKE '--%', date, doc_id, sentence"  # model.timeline_order
        if entity_id is None:
            found = self.db.execute("SELECT * FROM events" + order)
        else:
            found = self.db.execute(
                "SELECT * FROM events WHERE id IN (SELECT event_id FROM participants WHERE entity_id=?)" + order,
                (entity_id,),
            )
        return self._attach_participants([rows.event(r) for r in found.fetchall()])

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
        for name in ("documents", "entities", "relations", "mentions", "events"):
            counts[name] = self.db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        counts["typed_relations"] = self.db.execute(
            "SELECT count(*) FROM relations WHERE type != ?", (CO_MENTIONED,)
        ).fetchone()[0]
        return counts

    def backup(self, path: str) -> None:
        """SQLite's online backup into a new single file (written aside, then moved into place)."""
        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        try:
            copy = sqlite3.connect(partial)
            try:
                self.db.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                copy.close()
            partial.replace(target)
        except (sqlite3.Error, OSError) as error:
            partial.unlink(missing_ok=True)
            raise StoreError(f"cannot back up {self.path} to {target}: {error}") from None

    # --- curation log --------------------------------------------------------------------------------
    def curation_log(self) -> list[CurationAction]:
        found = self.db.execute("SELECT * FROM curation ORDER BY seq")
        return [CurationAction(r["kind"], json.loads(r["payload"]), r["reason"], r["at"], r["seq"]) for r in found]

    def append_curation(self, action: CurationAction) -> CurationAction:
        at = action.at or now()
        with self._write() as db:
            writes.next_generation(db, curation=True)
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
            writes.next_generation(db, curation=True)
            db.execute("DELETE FROM curation WHERE seq=?", (row["seq"],))
            db.execute("DELETE FROM curation_replays WHERE seq=?", (row["seq"],))
        return CurationAction(row["kind"], json.loads(row["payload"]), row["reason"], row["at"], row["seq"])

    def replays(self, seq: int) -> list[ReplayRecord]:
        found = self.db.execute("SELECT rows FROM curation_replays WHERE seq=? ORDER BY rowid", (seq,))
        return [ReplayRecord.from_dict(json.loads(row["rows"])) for row in found]

    # --- curation primitives -------------------------------------------------------------------------
    def relation(self, relation_id: str) -> Relation | None:
        row = self.db.execute("SELECT * FROM relations WHERE id=?", (relation_id,)).fetchone()
        return rows.relation(row) if row else None

    def curation_slice(self, entity_ids: Iterable[str] = (), edges: Iterable[tuple[str, str, str]] = ()) -> GraphSlice:
        ids = list(dict.fromkeys(entity_ids))
        return slices.read_slice(self.db, GraphSlice(entities=self.entities(ids)), ids, edges)

    def replace_slice(self, before: GraphSlice, after: GraphSlice) -> None:
        try:
            with self._write() as db:
                slices.swap_slice(db, before, after, writes.next_generation(db))
        except sqlite3.IntegrityError as error:
            raise StoreError(f"curation write conflicts with stored rows ({error})") from None


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
