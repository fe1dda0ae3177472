"""extract_many: input order, worker processes, failures as data."""

from __future__ import annotations

from explorer.extract import ExtractionFailure, extract_many
from explorer.model import Document, Extraction


def _docs(n: int) -> list[Document]:
    return [Document.from_text(f"Report {i}: Germany and France signed a treaty in Paris.") for i in range(n)]


def test_in_order_in_process():
    docs = _docs(3)
    out = list(extract_many(docs, workers=1))
    assert [o.document.id for o in out] == [d.id for d in docs]
    assert all(isinstance(o, Extraction) for o in out)


def test_in_order_with_workers():
    docs = _docs(10)
    out = list(extract_many(iter(docs), workers=2))
    assert [o.document.id for o in out] == [d.id for d in docs]


def test_a_failing_document_is_reported_not_raised():
    bad = Document(id="bad", title="bad", text=None)  # type: ignore[arg-type]
    out = list(extract_many([*_docs(1), bad], workers=1))
    assert isinstance(out[0], Extraction)
    assert isinstance(out[1], ExtractionFailure) and out[1].document.id == "bad"
