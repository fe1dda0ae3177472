"""Move graphs between stores: `copy_store` (backend to backend) and `load_extractions` (corpus JSON in).

Both write through `GraphStore.upsert_extraction`, one transaction per document, so they are idempotent:
run them again and documents already there are skipped, curation actions already logged are not
appended twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.ingest import Writer
from explorer.interchange import from_interchange, unknown_documents
from explorer.model import CurationAction, Extraction
from explorer.store.base import GraphStore

Progress = Callable[[int, int], None]


class TransferError(ValueError):
    """The input to load is not corpus JSON, or does not hold together: one line per problem, fit to show a
    user (`problems`)."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass
class TransferReport:
    written: int = 0
    skipped: int = 0
    curation: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.written} documents written", f"{self.skipped} already there"]
        if self.curation:
            parts.append(f"{self.curation} curation actions copied")
        return ", ".join(parts)


def copy_store(source: GraphStore, target: GraphStore, progress: Progress | None = None) -> TransferReport:
    """Copy every document (with its mentions, relations, events and the entities as they are now) and the
    curation log from `source` into `target`, oldest document first so ingest order survives."""
    report = TransferReport()
    documents = list(reversed(source.documents()))
    for done, document in enumerate(documents, 1):
        if target.has_document(document.id):  # not read from the source: a copy run again skips most
            report.skipped += 1
        elif (extraction := source.extraction(document.id)) is not None:
            _write(target, extraction, report)
        if progress:
            progress(done, len(documents))
    report.curation = _copy_curation(source, target)
    copied = {e.id for e in target.iter_entities()}
    orphans = [e.id for e in source.iter_entities() if e.id not in copied]
    if orphans:
        report.warnings.append(
            f"{len(orphans)} entities no document refers to were not copied (e.g. {', '.join(orphans[:3])})"
        )
    return report


def _copy_curation(source: GraphStore, target: GraphStore) -> int:
    """Append the source's log to the target's, skipping actions the target already has (same time, kind,
    payload and reason): the actions already applied to the copied data are kept for re-ingest to replay,
    and for undo, without the source's own row positions."""
    known = {_action_key(a) for a in target.curation_log()}
    copied = 0
    for action in map(_portable, source.curation_log()):
        if _action_key(action) not in known:
            target.append_curation(CurationAction(action.kind, action.payload, action.reason, action.at))
            copied += 1
    return copied


def _portable(action: CurationAction) -> CurationAction:
    """The action with its undo rows but not their positions: those are places in one store (SQLite rowids,
    Neo4j ingest stamps) that mean nothing in another; undo without them appends the rows it restores."""
    undo = action.payload.get("undo")
    if not undo:
        return action
    rows = {side: {**slice_, "positions": {}} for side, slice_ in undo.items()}
    return CurationAction(action.kind, {**action.payload, "undo": rows}, action.reason, action.at, action.seq)


def _action_key(action: CurationAction) -> tuple[str, str, str, str]:
    payload = _portable(action).payload  # an action copied before positions were dropped is still known
    return (action.at, action.kind, json.dumps(payload, sort_keys=True), action.reason)


def load_extractions(path: str | Path, store: GraphStore, progress: Progress | None = None) -> TransferReport:
    """Load what `explorer extract --json` wrote: one corpus object, or JSON lines of corpus objects or of
    single extractions ({"document": …, "entities": …}), as other machines may append them. The whole file
    is read and checked first: a file that refers to what it does not hold stores nothing."""
    extractions = read_extractions(path)
    report = TransferReport()
    writer = Writer(store)  # resolved against this store's entities, with its curation replayed
    for done, extraction in enumerate(extractions, 1):
        if writer.write(extraction):
            report.written += 1
        else:
            report.skipped += 1
        if progress:
            progress(done, len(extractions))
    return report


def read_extractions(path: str | Path) -> list[Extraction]:
    """Every extraction the file holds; a TransferError naming every problem of the whole file (one line
    each) when any record refers to a document or an entity the file does not hold, or a mention lies
    outside its text."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TransferError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise TransferError(f"{path} is not UTF-8 text") from None
    try:
        chunks = [json.loads(text)]
    except (json.JSONDecodeError, RecursionError):  # JSON lines (or nested too deeply: said per line below)
        chunks = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    chunks.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise TransferError(f"{path}:{number}: not JSON ({error.msg})") from None
                except RecursionError:
                    raise TransferError(f"{path}:{number}: not JSON (nested too deeply)") from None
    extractions: list[Extraction] = []
    problems: list[str] = []
    for number, chunk in enumerate(chunks, 1):
        where = f"{path}" if len(chunks) == 1 else f"{path}:{number}"
        found = _extractions(chunk, where)
        extractions += found
        problems += [f"{where}: {problem}" for problem in unknown_documents(chunk)]
        problems += [f"{where}: {problem}" for extraction in found for problem in extraction_problems(extraction)]
    if problems:
        raise TransferError(*problems)
    return extractions


def extraction_problems(extraction: Extraction) -> list[str]:
    """What in one document's records refers to nothing: an entity not among its entities, another
    document, a mention outside the text."""
    doc = extraction.document
    entities = {e.id for e in extraction.entities}
    problems = []

    def check(what: str, entity_ids: list[str], doc_id: str) -> None:
        if doc_id != doc.id:
            problems.append(f"{what} of document {doc.id} belongs to document {doc_id!r}, not in its place")
        problems.extend(f"{what} of document {doc.id} names entity {i!r}, which the file does not hold"
                        for i in entity_ids if i not in entities)  # fmt: skip

    for number, m in enumerate(extraction.mentions, 1):
        check(f"mention {number}", [m.entity], m.doc)
        if not 0 <= m.start <= m.end <= len(doc.text):
            problems.append(
                f"mention {number} of document {doc.id} spans {m.start}-{m.end}, outside its text"
                f" ({len(doc.text)} characters)"
            )
    for number, r in enumerate(extraction.relations, 1):
        check(f"relation {number}", [r.source, r.target], r.doc)
    for number, event in enumerate(extraction.events, 1):
        check(f"event {number}", [p.entity for p in event.participants], event.doc or doc.id)
    return problems


def _extractions(data: Any, where: str) -> list[Extraction]:
    if not isinstance(data, dict):
        raise TransferError(f"{where}: expected a JSON object from `explorer extract --json`")
    try:
        if "document" in data:
            return [Extraction.from_dict(data)]
        if "documents" in data:
            return from_interchange(data)
    except (KeyError, TypeError, ValueError) as error:
        raise TransferError(f"{where}: malformed corpus JSON ({type(error).__name__}: {error})") from None
    raise TransferError(f"{where}: no 'documents' (corpus JSON) nor 'document' (one extraction) key")


def _write(store: GraphStore, extraction: Extraction, report: TransferReport) -> None:
    if store.upsert_extraction(extraction):
        report.written += 1
    else:
        report.skipped += 1
