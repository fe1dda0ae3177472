"""Text → Extraction: entities, mentions, relations and events of one document, with their evidence.

`extract` is pure (text and model in, records out), so it runs in worker processes and on other
machines; `extract_many` does exactly that, in input order. A long text is parsed in chunks (`chunks`).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.chunks import extract_long, is_long
from explorer.extract.document import build_extraction
from explorer.extract.pipeline import choose_model, load_nlp
from explorer.model import Document, Extraction

__all__ = ["ExtractionFailure", "choose_model", "extract", "extract_many", "load_nlp"]

# Below this many documents, starting processes (and loading the model in each) costs more than it saves.
MIN_DOCS_FOR_WORKERS = 8
_CHUNK = 4


@dataclass
class ExtractionFailure:
    """A document extraction could not handle, and why (yielded in its place by `extract_many`)."""

    document: Document
    message: str


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Entities, mentions, relations and events of `document`, with local entity ids ("L0", …)."""
    nlp = nlp or load_nlp()
    if is_long(document.text):
        return extract_long(document, nlp)
    return build_extraction(document, nlp(document.text), nlp)


def extract_many(
    documents: Iterable[Document], workers: int | None = None
) -> Iterator[Extraction | ExtractionFailure]:
    """One Extraction (or ExtractionFailure) per document, in input order, using worker processes
    when there is more than one core and enough documents."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    iterator = iter(documents)
    head = list(itertools.islice(iterator, MIN_DOCS_FOR_WORKERS))
    if workers <= 1 or len(head) < MIN_DOCS_FOR_WORKERS:
        yield from _extract_batch(itertools.chain(head, iterator))
        return
    load_nlp()  # loaded before forking, so forked workers share it instead of loading their own
    context = multiprocessing.get_context()
    with context.Pool(workers, initializer=_init_worker, initargs=(choose_model(),)) as pool:
        batches = _batches(itertools.chain(head, iterator), _CHUNK)
        for results in pool.imap(_extract_list, batches):
            yield from results


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _init_worker(model: str) -> None:
    load_nlp(model)


def _extract_list(documents: list[Document]) -> list[Extraction | ExtractionFailure]:
    return list(_extract_batch(documents))


def _extract_batch(documents: Iterable[Document]) -> Iterator[Extraction | ExtractionFailure]:
    """Parse in batches with `nlp.pipe`; a document that fails is retried alone, then reported.
    A long document is left out of the batch and parsed in chunks on its own."""
    nlp = load_nlp()
    for batch in _batches(documents, 16):
        try:
            docs: Iterator[Doc] | None = iter(list(nlp.pipe(d.text for d in batch if not _is_long_text(d))))
        except Exception:  # noqa: BLE001 - one bad document must not sink its batch
            docs = None
        for document in batch:
            doc = next(docs) if docs is not None and not _is_long_text(document) else None
            yield _safe_extract(document, doc, nlp)


def _is_long_text(document: Document) -> bool:
    return isinstance(document.text, str) and is_long(document.text)


def _safe_extract(document: Document, doc: Doc | None, nlp: Language) -> Extraction | ExtractionFailure:
    try:
        if doc is None:
            return extract(document, nlp)
        return build_extraction(document, doc, nlp)
    except Exception as error:  # noqa: BLE001 - reported to the caller as data, across processes
        return ExtractionFailure(document, f"{type(error).__name__}: {error}")
