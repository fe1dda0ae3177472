"""Text → Extraction: entities, mentions, relations and events of one document, with their evidence.

`extract` is pure (text and model in, records out), so it runs in worker processes and on other
machines; `extract_many` does exactly that, in input order. A long text is parsed in chunks (`chunks`);
asked to stream, `extract_many` yields it as `DocumentParts`, one Extraction per chunk made on demand in
this process, so a 20 MB text never has all its records in memory at once.

The extraction itself is a chain of spaCy components after the model's own (`pipeline.COMPONENTS`, in
order): dateline → definitions → mentions → titles (title fragments dropped) → capitals (missed or
mistyped capitals) → types (one type per name) → stated names (aliases
the text states) → keys → groups (groups named by description) → collectives ("the Kenyan
government", "the Moreno regime") → anaphors →
entities → relations → learned relations → events → attribution (reported speech).
Each is registered in its own module with what it requires and assigns on `doc._` (`attributes` lists
them); `document.build_extraction` only turns the Doc into records. To add a step: write its module with a
`@Language.component` (or `factory`, for configuration), declare its attribute in `attributes.py`, and put
its name in `COMPONENTS` where its requirements are met; test it on a Doc (tests/unit/test_extract_*.py).
A learned step keeps its model file under `extract/models/`, its training in `explorer/learn/`, and a
`make train` line that rebuilds the file.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.chunks import extract_long, extract_parts, is_long
from explorer.extract.dateline import with_dateline
from explorer.extract.document import build_extraction, parse
from explorer.extract.pipeline import choose_model, load_nlp
from explorer.model import Document, Extraction

__all__ = ["DocumentParts", "ExtractionFailure", "choose_model", "extract", "extract_many", "load_nlp"]

# Below this many documents, starting processes (and loading the model in each) costs more than it saves.
MIN_DOCS_FOR_WORKERS = 8
_CHUNK = 4


@dataclass
class ExtractionFailure:
    """A document extraction could not handle, and why (yielded in its place by `extract_many`)."""

    document: Document
    message: str


@dataclass
class DocumentParts:
    """A long document's extraction as parts (one per chunk), parsed lazily as `parts` is iterated:
    global offsets and sentence numbers, local entity ids unique across parts. Iterate it once."""

    document: Document
    parts: Iterator[Extraction]


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Entities, mentions, relations and events of `document`, with local entity ids ("L0", …)."""
    nlp = nlp or load_nlp()
    if is_long(document.text):
        return extract_long(document, nlp)
    return build_extraction(document, next(parse(nlp, [document])))


def extract_many(
    documents: Iterable[Document], workers: int | None = None, stream_long: bool = False
) -> Iterator[Extraction | ExtractionFailure | DocumentParts]:
    """One Extraction (or ExtractionFailure) per document, in input order, using worker processes
    when there is more than one core and enough documents. With `stream_long`, a long document comes as
    `DocumentParts`, parsed in this process while the caller consumes it (a generator cannot cross
    processes, and its parts must not all be held at once)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    iterator = iter(documents)
    head = list(itertools.islice(iterator, MIN_DOCS_FOR_WORKERS))
    if workers <= 1 or len(head) < MIN_DOCS_FOR_WORKERS:
        yield from _extract_batch(itertools.chain(head, iterator), stream_long)
        return
    load_nlp()  # loaded before forking, so forked workers share it instead of loading their own
    context = multiprocessing.get_context()
    with context.Pool(workers, initializer=_init_worker, initargs=(choose_model(),)) as pool:
        batches = _batches(itertools.chain(head, iterator), _CHUNK)
        kept: deque[Document] = deque()  # long documents, in order (appended by the pool's feeder thread)
        sent = (_keep_long(batch, kept) for batch in batches) if stream_long else batches
        for results in pool.imap(_extract_list, sent):
            yield from (_parts(kept.popleft()) if r is None else r for r in results)


def _keep_long(batch: list[Document], kept: deque[Document]) -> list[Document | None]:
    """The batch sent to a worker: long documents stay here (None in their place), to be streamed."""
    kept.extend(d for d in batch if _is_long_text(d))
    return [None if _is_long_text(d) else d for d in batch]


def _parts(document: Document) -> DocumentParts:
    document = with_dateline(document)  # stored before its parts are made
    return DocumentParts(document, extract_parts(document, load_nlp()))


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _init_worker(model: str) -> None:
    load_nlp(model)


def _extract_list(documents: list[Document | None]) -> list[Extraction | ExtractionFailure | None]:
    """A worker's batch; None (a long document left to the main process) gives None back."""
    done = iter(list(_extract_batch([d for d in documents if d is not None])))
    return [None if d is None else next(done) for d in documents]


def _extract_batch(
    documents: Iterable[Document], stream_long: bool = False
) -> Iterator[Extraction | ExtractionFailure | DocumentParts]:
    """Parse in batches with `nlp.pipe`; a document that fails is retried alone, then reported.
    A long document is left out of the batch and parsed in chunks on its own."""
    nlp = load_nlp()
    for batch in _batches(documents, 16):
        try:
            docs: Iterator[Doc] | None = iter(list(parse(nlp, [d for d in batch if not _is_long_text(d)])))
        except Exception:  # noqa: BLE001 - one bad document must not sink its batch
            docs = None
        for document in batch:
            if stream_long and _is_long_text(document):
                yield _parts(document)
                continue
            doc = next(docs) if docs is not None and not _is_long_text(document) else None
            yield _safe_extract(document, doc, nlp)


def _is_long_text(document: Document) -> bool:
    return isinstance(document.text, str) and is_long(document.text)


def _safe_extract(document: Document, doc: Doc | None, nlp: Language) -> Extraction | ExtractionFailure:
    try:
        if doc is None:
            return extract(document, nlp)
        return build_extraction(document, doc)
    except Exception as error:  # noqa: BLE001 - reported to the caller as data, across processes
        return ExtractionFailure(document, f"{type(error).__name__}: {error}")
