"""The type model scores a document's names together: the same scores, to the last bit, as one name at a
time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.extract.document import parse
from explorer.extract.type_model import load_model
from explorer.learn.corpora import conll04
from explorer.learn.written import written_documents
from explorer.model import Document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def docs(nlp):
    """Parsed news, one-sentence CoNLL04 texts and written articles, with the spans to type: every mention and
    every entity the model tagged (coordinated names, names at a document's start and end)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted([*SEEDS.glob("*.txt"), *ARTICLES.glob("*.txt")])]
    texts += [g.text for g in conll04("dev")[:120]] + [d.text for d in written_documents()[:4]]
    return list(parse(nlp, [Document.from_text(text) for text in texts]))


def _spans(doc):
    return [m.span for m in doc._.mentions] + list(doc.ents)


def test_a_documents_scores_are_each_mentions_to_the_last_bit(docs):
    model = load_model()
    for doc in docs:
        spans = _spans(doc)
        if not spans:
            continue
        together = model.document_log_probabilities(spans)
        one_by_one = np.array([model.log_probabilities(span) for span in spans])
        assert together.dtype == one_by_one.dtype
        assert np.array_equal(together, one_by_one)


def test_no_spans_no_scores():
    assert load_model().document_log_probabilities([]).shape == (0, len(load_model().classes))
