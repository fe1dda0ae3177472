"""Documents → extract → resolve → store, one transaction per document; idempotent.

A document already in the store (same normalised text, so the same id) is counted as unchanged and not
extracted again. A document that fails anywhere is reported and leaves the store as it was; a store that
cannot be written (a full disk, a read-only file) stops the ingest at once. A long text streams through as
parts (one per chunk) into a spill file, then each is resolved and written in the document's one
transaction, so memory follows the chunk size, not the document's, and the write lock is not held while
the text is parsed.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field

from explorer.curate import curation_rules, replay_curation
from explorer.curation.rows import ReplayRecord
from explorer.extract import DocumentParts, ExtractionFailure, extract_many
from explorer.model import Document, Extraction
from explorer.resolve import Resolver
from explorer.sources import SourceProblem, read_documents, with_origin
from explorer.store.base import DocumentRecords, GraphStore, StoreChanges, StoreError

Progress = Callable[[int, int], None]


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    entities: int = 0
    relations: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.unchanged} unchanged, {self.failed} failed documents; "
            f"{self.entities} entities, {self.relations} relations in the store; {self.seconds:.1f} s"
        )


def ingest_paths(
    paths: Iterable[str],
    store: GraphStore,
    progress: Progress | None = None,
    workers: int | None = None,
    follow_links: bool = False,
    published: str | None = None,
    outlet: str = "",
) -> IngestReport:
    """Read files and folders (following links out of a folder only if asked), then ingest what they hold;
    `published` and `outlet`, when given, are every document's, whatever its text or metadata say."""
    report = IngestReport()
    documents, problems = read_documents(paths, follow_links)
    for problem in problems:
        _note_problem(report, problem)
    documents = [with_origin(d, published, outlet) for d in documents]
    return ingest_documents(documents, store, progress, workers, report)


def ingest_documents(
    documents: Iterable[Document],
    store: GraphStore,
    progress: Progress | None = None,
    workers: int | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Extract, resolve and store documents that the store does not hold yet."""
    report = report or IngestReport()
    started = time.perf_counter()
    fresh = _new_documents(documents, store, report)
    total = len(fresh)
    if progress:
        progress(0, total)
    if fresh:
        writer = Writer(store)
        # Closed at once when the store fails (a full disk, a read-only file): no document is extracted in vain.
        with closing(extract_many(fresh, workers=workers, stream_long=True)) as extractions:
            for done, extraction in enumerate(extractions, start=1):
                if isinstance(extraction, ExtractionFailure):
                    report.failed += 1
                    report.problems.append(f"{extraction.document.source}: {extraction.message}")
                else:
                    _store_one(writer, extraction, report)
                if progress:
                    progress(done, total)
    stats = store.stats()
    report.entities, report.relations = stats["entities"], stats["relations"]
    report.seconds = time.perf_counter() - started
    return report


def _new_documents(documents: Iterable[Document], store: GraphStore, report: IngestReport) -> list[Document]:
    """Documents not stored yet, each once (the same text under two names is one document)."""
    fresh: dict[str, Document] = {}
    for document in documents:
        if document.id in fresh or store.has_document(document.id):
            report.unchanged += 1
        else:
            fresh[document.id] = document
    return list(fresh.values())


class Writer:
    """Resolves each extraction against what the store holds, replays the curation log, stores it.

    Resolution happens inside the document's write transaction, after catching up on what other writers
    stored since this writer last wrote (the entities they created or changed; a changed curation log
    reloads everything), so two ingests into one store resolve one name to one entity. A long document is
    parsed into a spill file before its transaction opens: the write lock is held to write, not to parse.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._seed()

    def _seed(self) -> None:
        self.generation = self.store.generation()  # read first: whatever comes after is caught up on
        self.resolver = Resolver(self.store.iter_entities())
        self.rules = curation_rules(self.store.curation_log())  # re-ingest must never undo an analyst's decision
        self._unsettled = False  # a resolution not stored (failed, or to be retried) leaves entities that never were

    def write(self, extraction: Extraction | DocumentParts) -> bool:
        """Store one document; False when it was already there."""
        if isinstance(extraction, DocumentParts):
            with _spilled(extraction.parts) as parts:
                return self._write(extraction.document, parts, whole=False)
        return self._write(extraction.document, lambda: [extraction], whole=True)

    def _write(self, document: Document, parts: Callable[[], Iterable[Extraction]], whole: bool) -> bool:
        generation = self.store.write_document(
            document, self.generation, lambda changes: self._records(changes, parts(), whole)
        )
        if generation is None:
            return False
        self.generation, self._unsettled = generation, False
        return True

    def _records(self, changes: StoreChanges, parts: Iterable[Extraction], whole: bool) -> DocumentRecords:
        """The document's records, made inside its write transaction."""
        if self._unsettled or changes.curation:
            self._seed()
        elif changes.entities:
            self.resolver.learn(changes.entities)
        self._unsettled = True
        records = DocumentRecords([], whole)
        records.parts = self._resolved(parts, records.replays)
        return records

    def _resolved(self, parts: Iterable[Extraction], replays: list[ReplayRecord]) -> Iterator[Extraction]:
        """Each part resolved as it comes, with the curation log replayed; the resolver remembers the
        entities of earlier parts, so the same name in two chunks is one entity."""
        for part in parts:
            curated, replayed = replay_curation(self.resolver.resolve(part), self.rules)
            replays.extend(replayed)
            yield curated


@contextmanager
def _spilled(parts: Iterable[Extraction]) -> Iterator[Callable[[], Iterator[Extraction]]]:
    """Parts made one by one into a temporary file (memory holds one), then read back as often as asked."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
        for part in parts:
            spill.write(json.dumps(part.to_dict()) + "\n")

        def read() -> Iterator[Extraction]:
            spill.seek(0)
            for line in spill:
                yield Extraction.from_dict(json.loads(line))

        yield read


def _store_one(writer: Writer, extraction: Extraction | DocumentParts, report: IngestReport) -> None:
    source = extraction.document.source or extraction.document.id
    try:
        stored = writer.write(extraction)
    except StoreError:
        raise
    except Exception as error:  # one bad document must not stop the others
        report.failed += 1
        report.problems.append(f"{source}: not stored ({type(error).__name__}: {error})")
        return
    if stored:
        report.new += 1
    else:
        report.unchanged += 1


def _note_problem(report: IngestReport, problem: SourceProblem) -> None:
    if problem.fatal:
        report.failed += 1
        report.problems.append(str(problem))
    else:
        report.warnings.append(str(problem))
